"""The record of published revisions, ``data/termine.stand.json``: reading, checking, updating.

Calendar clients apply a changed event only if its ``SEQUENCE`` went up.  A
static site has no memory between builds, so the memory is a committed file:
per event id a fingerprint of what subscribers see, the sequence number and the
UTC time of that revision.  A build compares every dated event with its record:

- unknown id → sequence 0, revision time = the build date;
- same fingerprint → the record as it is (a no-op rebuild changes nothing);
- other fingerprint → sequence + 1, revision time = the build date
  (never earlier than the previous one).

The result depends only on the sources (data + record) and the build date.
Local builds write the updated record back once the build has succeeded
(``TERMINE_STAND = "schreiben"``, the default) so it can be committed with the
data; the publishing build (``"pruefen"``) refuses to publish when the committed
record is out of date, because publishing ``sequence + 1`` from a stale record
twice would hide the second change from subscribers.  ``"lesen"`` computes the
same in memory and writes nothing (benchmarks, tests).  Records of events that
left the data file are kept, so an id that comes back continues its sequence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..model.events import Event, Termin
from ..model.revisions import Revision
from ..problems import DataError, Problem
from . import yamlsource
from .schema import YEARS_TEXT, Checker, Invalid, in_years, integer, top_record

MODES = ("schreiben", "pruefen", "lesen")
NOTE = ("Vom Build gepflegt (plugins/wir2/load/stand.py): SEQUENCE und DTSTAMP je Termin für die "
        "Kalenderdateien. Nicht von Hand ändern, aber nach jedem lokalen Build mit einchecken.")
_STAMP = "%Y%m%dT%H%M%SZ"
_FINGERPRINT = re.compile(r"^[0-9a-f]{16}$")
_HINT = "am besten die vom Build geschriebene Datei aus der Versionsverwaltung wiederherstellen"
_RESTORE = "erwartet: die vom Build geschriebene Datei (aus der Versionsverwaltung wiederherstellen)"


def fingerprint(termin: Termin) -> str:
    """A short hash of everything subscribers see of ``termin``."""
    canonical = json.dumps(termin.fingerprint_fields(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _fingerprint(value: Any) -> str:
    if isinstance(value, str) and _FINGERPRINT.match(value):
        return value
    raise Invalid(f"16 Hexadezimalziffern; {_RESTORE}")


def _dtstamp(value: Any) -> dt.datetime:
    try:
        stamp = dt.datetime.strptime(str(value), _STAMP).replace(tzinfo=dt.UTC)
    except ValueError:
        stamp = None
    if stamp is None or not in_years(stamp.date()):
        raise Invalid(f"eine UTC-Zeit wie 20250115T000000Z {YEARS_TEXT} – {_HINT}")
    return stamp


def load(path: Path, name: str) -> dict[str, Revision]:
    """Read and check the record (JSON, read as YAML for the lines); a missing file is an empty record."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError([Problem(name, exc.lineno, "", f"kein gültiges JSON ({exc.msg}); {_RESTORE}")]) from None
    checker = Checker(name)
    top = top_record(checker, yamlsource.loads(text, name, fast=True), ["hinweis", "termine"])
    checker.raise_if_any()
    assert top is not None
    raw = top.mapping.get("termine")
    records = top.sub("termine", raw if isinstance(raw, dict) else (), required=True)  # keys: the event ids
    revisions: dict[str, Revision] = {}
    if records is not None:
        for key in records.mapping:
            entry = records.sub(key, ["fingerprint", "sequence", "dtstamp"], required=True)
            if entry is None:
                continue
            fp = entry.require("fingerprint", _fingerprint)
            sequence = entry.require("sequence", integer(0))
            stamp = entry.require("dtstamp", _dtstamp)
            if fp is not None and sequence is not None and stamp is not None:
                revisions[key] = Revision(fp, sequence, stamp)
    checker.raise_if_any()
    return revisions


def revise(termine: Iterable[Event], stored: dict[str, Revision], build_date: dt.date) -> dict[str, Revision]:
    """The record after this build: ``stored`` updated for every dated event."""
    revisions = dict(stored)
    stamp = dt.datetime(build_date.year, build_date.month, build_date.day, tzinfo=dt.UTC)
    for termin in termine:
        if not isinstance(termin, Termin):
            continue
        fp = fingerprint(termin)
        old = stored.get(termin.id)
        if old is None:
            revisions[termin.id] = Revision(fp, 0, stamp)
        elif old.fingerprint != fp:
            revisions[termin.id] = Revision(fp, old.sequence + 1, max(old.dtstamp, stamp))
    return revisions


def dumps(revisions: dict[str, Revision]) -> str:
    """The file's text: sorted, one event per block, so diffs stay readable."""
    data = {
        "hinweis": NOTE,
        "termine": {
            key: {"fingerprint": rev.fingerprint, "sequence": rev.sequence, "dtstamp": rev.dtstamp.strftime(_STAMP)}
            for key, rev in sorted(revisions.items())
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def changed(stored: dict[str, Revision], revisions: dict[str, Revision]) -> list[str]:
    """Ids whose record differs between ``stored`` and ``revisions``."""
    return sorted(key for key, rev in revisions.items() if stored.get(key) != rev)


def stale_error(path_name: str, ids: list[str]) -> DataError:
    shown = ", ".join(ids[:10]) + (" …" if len(ids) > 10 else "")
    return DataError([Problem(
        path_name, None, "termine",
        f"Stand ist veraltet für: {shown}; erwartet: nach dem Ändern von data/termine.yml einmal lokal bauen "
        f"(invoke build) und {path_name} mit einchecken – sonst bemerken Kalender-Abos die Änderung nicht",
    )])
