"""The fact sheet: site data → Jinja HTML → WeasyPrint → PDF bytes, rendered only when its inputs change.

The sheet is made from the same :class:`~wir2.model.Site` as the pages, so a
changed fee or date cannot disagree with it.  Everything it needs lives in
``theme/faktenblatt/`` (template, print stylesheet, font files) and is fetched
through a fetcher that refuses any URL outside that folder: the build never goes
to the network, and a font that fails to load stops the build instead of
silently falling back to a system font.

Pages link the sheet with its real size („PDF, 24 KB“), so it is rendered before
the pages.  Rendering costs about a second (WeasyPrint's import included), so
the PDF is kept in the build's cache outside ``output/`` (:mod:`wir2.cache`),
keyed by a hash of everything it is made of – its HTML, stylesheet and fonts and
the versions of the PDF libraries – and WeasyPrint is imported only when that
key is new.

The bytes depend only on the sources and the build date: creation and
modification dates come from the build date, the file identifier is a hash of
the content, and ``SOURCE_DATE_EPOCH`` pins the font subsets' time stamps.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import dataclasses
import datetime as dt
import functools
import hashlib
import io
import logging
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import jinja2
import segno

from .. import german
from ..cache import Store
from ..model import outputs
from ..model.events import OffenerTermin, Termin
from ..model.origin import Origin
from ..model.site import Site
from ..model.termine import UnknownName
from ..problems import DataError, Problem, display_path
from . import jinja, typography

log = logging.getLogger("wir2.faktenblatt")

SAVE_AS = outputs.FACTSHEET  # the one place: the build's plan of files (wir2.model.outputs)
TEMPLATE = "faktenblatt.html"
#: The promise of issue 4: the sheet is light enough to send by e-mail.
MAX_BYTES = 300 * 1024
#: Upcoming dates listed per kind; the rest are on /termine/ (keeps the sheet at two pages).
TERMINE_JE_ART = 5
#: Libraries whose versions change the PDF's bytes.
LIBRARIES = ("weasyprint", "pydyf", "fonttools", "tinycss2", "tinyhtml5", "cssselect2", "pyphen")
TEXT_FIELDS = ("titel", "ort", "adresse", "hinweis")

INSTALL_HINT = (
    "die Systembibliothek Pango fehlt (WeasyPrint braucht sie für das PDF); bitte installieren – "
    "Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0, macOS: brew install pango"
)


@dataclass(frozen=True)
class Faktenblatt:
    """The rendered sheet, as templates see it (``faktenblatt.url``, ``faktenblatt.groesse``)."""

    pdf: bytes
    url: str

    @property
    def groesse(self) -> str:
        """``118 KB`` – the size a download dialog shows (1 KB = 1024 bytes)."""
        return size_text(len(self.pdf))


def size_text(n: int) -> str:
    """German file size with a no-break space: ``118 KB``, ``1,2 MB``."""
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))}\u00a0KB"
    return f"{n / (1024 * 1024):.1f}".replace(".", ",") + "\u00a0MB"


def _problem(message: str, field: str = "") -> DataError:
    return DataError([Problem("Faktenblatt", None, field, message)])


# --- HTML ---------------------------------------------------------------------------


def qr_svg_data_uri(url: str) -> str:
    """The QR code for ``url`` as an SVG data URI, made locally (segno, no network)."""
    code = segno.make(url, error="m", micro=False)
    data: str = code.svg_data_uri(scale=1, border=0, dark="#000", xmldecl=False, svgns=True, nl=False)
    return data


def render_html(site: Site, folder: Path) -> str:
    """The sheet as HTML, from the site's data."""
    public_url = site.public_url.rstrip("/")
    if not public_url.startswith("https://"):
        raise _problem(f"Wert „{public_url}“ ist ungültig; erwartet: die Adresse der Website mit https://",
                       "WIR2_PUBLIC_URL")
    env = jinja.environment(jinja.folders(folder), jinja.site_globals(site))
    try:
        return typography.html(env.get_template(TEMPLATE).render(
            public_url=public_url,
            public_host=urlsplit(public_url).netloc,
            qr_code=qr_svg_data_uri(public_url + "/"),
            stand=german.day(site.build_date, weekday=False),
            created=site.build_date.isoformat(),
            sitename=site.sitename,
            termine_je_art=TERMINE_JE_ART,
        ))
    except (jinja2.UndefinedError, UnknownName) as exc:
        raise _problem(f"Vorlage {TEMPLATE}: {exc}") from None
    except jinja2.TemplateError as exc:
        raise _problem(f"Vorlage {TEMPLATE}, Zeile {getattr(exc, 'lineno', '?')}: {exc}") from None


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chars: set[str] = set()

    def handle_data(self, data: str) -> None:
        self.chars.update(data)


@functools.lru_cache(maxsize=4)
def code_points(fonts: tuple[tuple[Path, int, int], ...]) -> frozenset[int]:
    """The code points the font files can draw (read once per file version)."""
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for font, _, _ in fonts:
        with TTFont(font, lazy=True) as tt:
            covered.update(tt.getBestCmap())
    return frozenset(covered)


def _texts(record: object) -> Iterator[tuple[Origin, str, str]]:
    """``(origin, field, text)`` of every text field of ``record`` and of the records in it."""
    origin = getattr(record, "origin", None)
    if not dataclasses.is_dataclass(record) or not isinstance(origin, Origin):
        return
    for item in dataclasses.fields(record):
        value = getattr(record, item.name)
        # siteurl is no text of the sheet; a kind's preis_einheit is kosten.yml's, named there.
        if isinstance(value, str) and item.name not in ("siteurl", "preis_einheit"):
            yield origin, item.name, value
        if item.name == "art":  # an event's kind is a record of its own, searched with the kinds
            continue
        for inner in value if isinstance(value, tuple) else (value,):
            if dataclasses.is_dataclass(inner) and not isinstance(inner, type):
                yield from _texts(inner)


def check_glyphs(html: str, site: Site, fonts: Path) -> None:
    """Stop on characters the embedded font cannot draw, naming the data that holds them.

    WeasyPrint would print an empty box (and warn ".notdef glyph") for an emoji or a
    rare symbol; the editor needs the file, line and field instead: every text of
    the data the sheet shows – events and their kinds, programme, costs, contact –
    is searched for the characters the font lacks.
    """
    covered = code_points(tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(fonts.glob("*.ttf"))))
    parser = _Text()
    parser.feed(html)
    missing = {c for c in parser.chars if not c.isspace() and ord(c) not in covered}
    if not missing:
        return
    problems = []
    blamed: set[str] = set()
    # The events the sheet lists (its kinds' next ones), not past ones or other kinds: only those are printed.
    shown_kinds = [art for art in site.termine.arten if art.faktenblatt]
    listed = [t for art in shown_kinds for t in site.termine.kommend(art=art.id, anzahl=TERMINE_JE_ART)]
    records: list[object] = [*listed, *site.termine.arten, site.programm, site.kosten, site.kontakt]
    for record in records:
        # Every field that holds such a character is named (not only the first): the editor fixes all at once.
        for origin, name, value in _texts(record):
            found = sorted({c for c in value if c in missing})
            if not found:
                continue
            blamed.update(found)
            shown = ", ".join(f"„{c}“ (U+{ord(c):04X})" for c in found)
            which = f"Termin „{record.id}“: " if isinstance(record, (Termin, OffenerTermin)) else ""
            problems.append(Problem(origin.file, origin.line_of(name), origin.field_of(name),
                                    f"{which}{shown} kann das Faktenblatt (PDF) nicht drucken; erwartet: Text ohne "
                                    "Emoji und ohne seltene Sonderzeichen"))
    missing -= blamed
    if missing:
        shown = ", ".join(f"„{c}“ (U+{ord(c):04X})" for c in sorted(missing))
        problems.append(Problem("Faktenblatt", None, "", f"{shown} fehlt in der Schrift; erwartet: Text ohne Emoji "
                                "und ohne seltene Sonderzeichen in den Daten, die das Faktenblatt zeigt"))
    raise DataError(problems)


# --- PDF -------------------------------------------------------------------------------


def import_weasyprint() -> ModuleType:
    """Import WeasyPrint, turning a missing Pango into one line that says what to install.

    WeasyPrint loads Pango with ``dlopen`` at import time; without it the import
    raises ``OSError`` after printing a long help text to stdout, which we swallow.
    """
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint
    except OSError:
        raise _problem(INSTALL_HINT) from None
    except ImportError:
        raise _problem("WeasyPrint ist nicht installiert; bitte „pip install -r requirements.txt“ ausführen") from None
    module: ModuleType = weasyprint
    return module


def local_fetcher(roots: tuple[Path, ...], project: Path, problem: Callable[[str], DataError],
                  allowed: str, missing: Callable[[Path], str]) -> Any:
    """A URL fetcher that serves ``data:`` URLs and files below ``roots``, nothing else (fact sheet, flyer).

    ``allowed`` says what may be read (after „erwartet: nur“), ``missing`` what a missing file should be.
    """
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("file:"):
                return super().fetch(url, headers)
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            shown = display_path(path, project)
            if not any(path.is_relative_to(root) for root in roots):
                raise problem(f"{shown} liegt außerhalb von {display_path(roots[0], project)}; "
                              f"erwartet: nur {allowed}, nichts aus dem Netz")
            if not path.is_file():
                raise problem(f"Datei {shown} fehlt; {missing(path)}")
            return super().fetch(url, headers)

    return LocalFetcher()


#: WeasyPrint's notices about its own future: "… is deprecated", "… will be unsupported in future versions".
_DEPRECATION = re.compile(r"deprecated|in future versions", re.IGNORECASE)
#: Messages about our stylesheet or HTML carry the position they refer to ("at 12:3").
_POSITION = re.compile(r"\bat \d+:\d+\b")


def is_deprecation_notice(message: str) -> bool:
    """Whether a WeasyPrint warning is a notice about the installation rather than about the sheet.

    The rule: a deprecation notice without a source position concerns the
    libraries WeasyPrint runs on (e.g. "Using fontTools instead of
    HarfBuzz-Subset … will be unsupported in future versions") – the sheet is
    still right, so the build goes on and shows it as a warning.  Everything else
    (unknown or deprecated CSS in our stylesheet, a resource that fails to load,
    a font problem) is a problem of the sheet and stops the build.
    """
    return bool(_DEPRECATION.search(message)) and not _POSITION.search(message)


class WeasyWarnings(logging.Handler):
    """Collects WeasyPrint's warnings: problems of the sheet fail the build, installation notices do not."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.notices: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip().splitlines()[0]
        (self.notices if is_deprecation_notice(message) else self.messages).append(message)


@contextlib.contextmanager
def source_date_epoch(build_date: dt.date) -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` = the build date while the PDF is written.

    Where HarfBuzz-Subset is missing, WeasyPrint subsets the fonts with fontTools,
    which stamps each font with the current time unless this reproducible-builds
    variable says otherwise; with it the PDF's bytes depend on the build date only.
    """
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    midnight = dt.datetime.combine(build_date, dt.time(0), dt.UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def render_pdf(html: str, folder: Path, build_date: dt.date) -> bytes:
    """Render the sheet's HTML to PDF bytes (tagged PDF/UA-1, fonts embedded, deterministic)."""
    weasyprint = import_weasyprint()
    from weasyprint.urls import FatalURLFetchingError

    collector = WeasyWarnings()
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.WARNING)  # see warnings even where the application logs only errors
    logger.addHandler(collector)
    try:
        document = weasyprint.HTML(string=html, base_url=folder.as_uri() + "/", url_fetcher=local_fetcher(
            (folder,), folder.parent.parent, _problem, "Dateien aus diesem Ordner",
            lambda _: "erwartet: die Datei, auf die faktenblatt.css oder faktenblatt.html verweist"))
        with source_date_epoch(build_date):
            pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=True)
    except FatalURLFetchingError as exc:
        if isinstance(exc.__cause__, DataError):
            raise exc.__cause__ from None
        raise _problem(f"nicht ladbar: {exc}") from None
    finally:
        logger.removeHandler(collector)
        logger.setLevel(level)
    for notice in dict.fromkeys(collector.notices):
        log.warning("Faktenblatt: Hinweis von WeasyPrint (das PDF ist trotzdem vollständig): %s", notice)
    if collector.messages:
        raise DataError([Problem("Faktenblatt", None, "", f"WeasyPrint meldet: {m}") for m in collector.messages])
    if len(pdf) > MAX_BYTES:
        raise _problem(f"das PDF ist {size_text(len(pdf))} groß; erwartet: höchstens {size_text(MAX_BYTES)}")
    return pdf


# --- cache ---------------------------------------------------------------------------


#: The system libraries WeasyPrint renders with: which of them are found changes the PDF's bytes
#: (without HarfBuzz-Subset the fonts are subset by fontTools).
SYSTEM_LIBRARIES = ("pango-1.0", "pangoft2-1.0", "harfbuzz", "harfbuzz-subset", "fontconfig")


def cache_key(html: str, folder: Path) -> str:
    """A hash of everything the PDF is made of: HTML, the sheet's folder (CSS, fonts), this module (the
    rendering options), the Python libraries' versions and the system libraries found.

    An upgrade of a system library under the same name goes unnoticed: delete ``.cache/`` after one.
    """
    digest = hashlib.sha256(html.encode("utf-8"))
    digest.update(Path(__file__).read_bytes())
    for library in SYSTEM_LIBRARIES:
        digest.update(f"{library}={ctypes.util.find_library(library)}\0".encode())
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\0".encode())
    return digest.hexdigest()[:32]


def render(site: Site, folder: Path, cache: Path | None) -> Faktenblatt:
    """The sheet for ``site``: from the cache when nothing it is made of changed, else rendered (and cached)."""
    folder = folder.resolve()
    html = render_html(site, folder)
    url = f"{site.siteurl.rstrip('/')}/{SAVE_AS}"
    store = Store(cache, "faktenblatt")
    name = cache_key(html, folder)
    pdf = store.get(name)
    if pdf is None:
        check_glyphs(html, site, folder / "fonts")
        pdf = render_pdf(html, folder, site.build_date)
        store.put(name, pdf)
    store.save()
    return Faktenblatt(pdf, url)
