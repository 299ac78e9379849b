"""The record of published revisions, ``data/termine.stand.json``: reading, checking, updating.

Calendar clients apply a changed event only if its ``SEQUENCE`` went up.  A
static site has no memory between builds, so the memory is a committed file:
per event id a fingerprint of what subscribers see, the sequence number, the
UTC time of that revision and the event's kind, title and time as published.
A build compares every event with its record:

- unknown id → sequence 0, revision time = the build date;
- same fingerprint → the record as it is (a no-op rebuild changes nothing);
- other fingerprint → sequence + 1, revision time = the build date
  (never earlier than the previous one);
- an id of the record that is no longer in data/termine.yml → kept, marked
  ``entfernt`` (a revision of its own: sequence + 1), with what subscribers last
  saw of it, so that its cancellation can be published (issue 11);
- a removed id in data/termine.yml again: as another kind of event it is an
  error on its ``id`` (subscribers would see the old event turn into the new
  one); as the same kind it is the event coming back (sequence + 1).  An event
  whose date goes back to ``offen`` withdraws the date subscribers have: marked
  ``entfernt`` as well (sequence + 1), and dated again it is the event coming back.
- while its date has not passed, a withdrawn event stays in the calendars as
  cancelled (:func:`withdrawn`).

The result depends only on the sources (data + record) and the build date.
Local builds write the updated record back once the build has succeeded
(``TERMINE_STAND = "schreiben"``, the default) so it can be committed with the
data; the publishing build (``"pruefen"``) refuses to publish when the committed
record is out of date, because publishing ``sequence + 1`` from a stale record
twice would hide the second change from subscribers.  ``"lesen"`` computes the
same in memory and writes nothing (benchmarks, tests).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import german
from ..model.events import Art, Event, Termin, Zeit
from ..model.origin import Origin
from ..model.revisions import Published, Revision
from ..model.status import STATUSES
from ..problems import DataError, Problem
from . import schema as s
from . import source, yamlsource
from .schema import YEARS_TEXT, Checker, Invalid, Parser, Record, in_years, integer, invalid_message, top_record

MODES = ("schreiben", "pruefen", "lesen")
NOTE = ("Vom Build gepflegt (plugins/wir2/load/stand.py): SEQUENCE und DTSTAMP je Termin für die "
        "Kalenderdateien, auch für gelöschte Termine. Nicht von Hand ändern, aber nach jedem lokalen Build "
        "mit einchecken.")
#: RFC 5545 §3.3.8: SEQUENCE is an INTEGER, at most 2^31 - 1 (icalendar refuses more).
SEQUENCE_MAX = 2**31 - 1
ABGESAGT = next(status for status in STATUSES if status.key == "abgesagt")
FIELDS = ("fingerprint", "sequence", "dtstamp", "art", "titel", "beginn", "ende", "von", "bis", "entfernt")
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


def _restore(parse: Parser[Any]) -> Parser[Any]:
    """``parse`` whose message ends with the advice to restore the file."""

    def parse_in_record(value: Any) -> Any:
        try:
            return parse(value)
        except Invalid as exc:
            raise Invalid(f"{exc.expected} – {_HINT}") from None

    return parse_in_record


def _published(entry: Record) -> Published | None:
    """Kind, title and time as the record keeps them; all three or none (records written before they were kept)."""
    if not any(entry.has(key) for key in ("art", "titel", "beginn")):
        return None
    art = entry.require("art", _restore(s.slug))
    titel = entry.require("titel", _restore(s.text(200)))
    beginn = entry.require("beginn", _restore(s.date))
    ende = entry.get("ende", _restore(s.date))
    von = entry.get("von", _restore(s.time))
    bis = entry.get("bis", _restore(s.time))
    if art is None or titel is None or beginn is None:
        return None
    return Published(art, titel, Zeit(beginn, ende, von, bis))


def load(path: Path, name: str) -> dict[str, Revision]:
    """Read and check the record (JSON, read as YAML for the lines); a missing file is an empty record."""
    text = source.read_text(path, name, missing_ok=True)
    if text is None:
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
            entry = records.sub(key, FIELDS, required=True)
            if entry is None:
                continue
            fp = entry.require("fingerprint", _fingerprint)
            sequence = entry.require("sequence", integer(0, SEQUENCE_MAX, example=3))
            stamp = entry.require("dtstamp", _dtstamp)
            event = _published(entry)
            removed = entry.get("entfernt", _dtstamp)
            if fp is not None and sequence is not None and stamp is not None:
                revisions[key] = Revision(fp, sequence, stamp, event, removed)
    checker.raise_if_any()
    return revisions


def published(termin: Termin) -> Published:
    return Published(termin.art.id, termin.titel, termin.zeit)


def revise(termine: Iterable[Event], stored: dict[str, Revision], build_date: dt.date) -> dict[str, Revision]:
    """The record after this build: ``stored`` updated for every event of data/termine.yml and every id that left it.

    Raises :class:`DataError` for an id that left the file and is back as another kind of event.
    """
    events = list(termine)
    revisions = dict(stored)
    stamp = dt.datetime(build_date.year, build_date.month, build_date.day, tzinfo=dt.UTC)
    present = {t.id for t in events}
    problems = []
    for termin in events:
        old = stored.get(termin.id)
        if old is not None and old.removed is not None and old.event is not None and old.event.art != termin.art.id:
            problems.append(_reused(termin, old.event, present | set(stored), build_date))
            continue
        if not isinstance(termin, Termin):
            if old is not None and old.removed is None and old.event is not None and old.event.art != termin.art.id:
                # Back to „offen“ as another kind: the withdrawn date would be refused on the next build
                # (as a deleted id used for another kind), so it is refused now – every build agrees.
                problems.append(_reused(termin, old.event, present | set(stored), build_date))
                continue
            if old is not None and old.removed is None and old.event is not None:
                # Back to „offen“: the date subscribers have is withdrawn, a revision of its own (see withdrawn).
                when = max(old.dtstamp, stamp)
                revisions[termin.id] = Revision(old.fingerprint, old.sequence + 1, when, old.event, removed=when)
            continue
        fp, shown = fingerprint(termin), published(termin)
        if old is None:
            revisions[termin.id] = Revision(fp, 0, stamp, shown)
        elif old.fingerprint != fp or old.removed is not None:
            revisions[termin.id] = Revision(fp, old.sequence + 1, max(old.dtstamp, stamp), shown)
        elif old.event != shown:  # a record written before it kept the event: same revision, now with it
            revisions[termin.id] = Revision(old.fingerprint, old.sequence, old.dtstamp, shown)
    for key, old in stored.items():
        if key not in present and old.removed is None:
            when = max(old.dtstamp, stamp)
            revisions[key] = Revision(old.fingerprint, old.sequence + 1, when, old.event, removed=when)
    if problems:
        raise DataError(problems)
    return revisions


def withdrawn(revisions: dict[str, Revision], arten: Iterable[Art], build_date: dt.date, siteurl: str,
              record: str) -> list[Termin]:
    """The events subscribers were shown that are gone – removed from data/termine.yml or back to
    „offen“ – as cancelled events, until their date has passed.

    A calendar drops an event only when it learns that it is cancelled; an event that simply
    vanished from a feed stays in some clients and is silently lost in others, and a single
    imported ``.ics`` is never fetched again.  So the feeds and the event's own file keep it,
    ``STATUS:CANCELLED`` with „Abgesagt:“ in the title and ``SEQUENCE`` raised (the record's
    revision of the removal), and ``/termine/`` lists it as cancelled.  If its kind is gone too,
    the cancellation still goes out – in the feed of all dates and its own file – under a kind
    made from what the record kept.
    """
    kinds = {art.id: art for art in arten}
    result = []
    for key, rev in sorted(revisions.items()):
        if rev.removed is None or rev.event is None or rev.event.zeit.letzter_tag < build_date:
            continue
        # A kind that is gone as well: the cancellation is published as a kind of its own name.
        art = kinds.get(rev.event.art) or Art(rev.event.art, rev.event.titel, rev.event.titel)
        result.append(Termin(id=key, art=art, titel=rev.event.titel, zeit=rev.event.zeit, status=ABGESAGT,
                             siteurl=siteurl, origin=Origin(record)))
    return result


def _reused(termin: Event, old: Published, taken: set[str], build_date: dt.date) -> Problem:
    """An id that belonged to a deleted event of another kind: the problem, with a new id to take."""
    when = f"{termin.beginn:%Y-%m}" if isinstance(termin, Termin) else str(build_date.year)
    base = f"{termin.art.id}-{when}"
    suggestion, n = base, 2
    while suggestion in taken:
        suggestion, n = f"{base}-{n}", n + 1
    shown = german.numeric_range(old.zeit.beginn, old.zeit.ende)
    expected = (f"eine neue Kennung, z. B. {suggestion} – „{termin.id}“ war ein gelöschter Termin der Art "
                f"„{old.art}“ ({shown}), und abonnierte Kalender würden ihn sonst in diesen Termin verwandeln")
    origin = termin.origin
    return Problem(origin.file, origin.line_of("id"), origin.field_of("id"), invalid_message(termin.id, expected))


def _entry(rev: Revision) -> dict[str, Any]:
    entry: dict[str, Any] = {"fingerprint": rev.fingerprint, "sequence": rev.sequence,
                             "dtstamp": rev.dtstamp.strftime(_STAMP)}
    if rev.event is not None:
        zeit = rev.event.zeit
        entry.update(art=rev.event.art, titel=rev.event.titel, beginn=zeit.beginn.isoformat())
        entry.update({key: value for key, value in (
            ("ende", zeit.ende.isoformat() if zeit.ende else None),
            ("von", f"{zeit.von:%H:%M}" if zeit.von else None),
            ("bis", f"{zeit.bis:%H:%M}" if zeit.bis else None)) if value is not None})
    if rev.removed is not None:
        entry["entfernt"] = rev.removed.strftime(_STAMP)
    return entry


def dumps(revisions: dict[str, Revision]) -> str:
    """The file's text: sorted, one event per block, so diffs stay readable."""
    data = {"hinweis": NOTE, "termine": {key: _entry(rev) for key, rev in sorted(revisions.items())}}
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
