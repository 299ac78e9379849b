"""Reading and checking ``data/termine.yml``: kinds and events.

Problems are collected and reported together, each with line, field, the wrong
value and what is expected (see :mod:`wir2.load.schema`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import german
from ..cache import Store
from ..model.events import Anmeldung, Art, Event, OffenerTermin, Termin, Zeit, Zeitraum
from ..model.facts import Kosten
from ..model.origin import Origin
from ..model.status import statuses
from ..problems import Problem
from . import schema as s
from . import yamlsource
from .schema import Checker, Invalid, Parser, Record

UNDATED = "offen"
#: Feed names and anchors on /termine/ that kinds and events must not take.
RESERVED_KIND_IDS = ("alle", "abo")
RESERVED_EVENT_IDS = ("inhalt", "abonnieren", "archiv", "offen")
KIND_FIELDS = ("id", "name", "name_plural", "anmeldung", "teilnahmebeitrag", "faktenblatt")
EVENT_FIELDS = ("id", "art", "titel", "beginn", "zeitraum", "ende", "von", "bis", "online", "ort", "adresse",
                "anmeldung", "status", "hinweis", "datum_geprueft")
FREE = "kostenlos"
STATUS = statuses("termine")
HOW_TO = "Anleitung: data/LIESMICH-termine.md"
_ID_EXPECTED = ("eine feste Kennung aus Kleinbuchstaben a–z, Ziffern und Bindestrichen, "
                "z. B. schulung-2025-03 (einmal vergeben, danach nie ändern)")
_DATE_OR_OPEN = f"oder „{UNDATED}“, solange der Termin noch nicht feststeht"


@dataclass(frozen=True)
class Daten:
    """The checked contents of the file, in file order."""

    arten: tuple[Art, ...]
    termine: tuple[Event, ...]


# --- parsers ---------------------------------------------------------------------


def anmeldung(value: Any) -> Anmeldung:
    """An https form or an e-mail address (optionally written ``mailto:…``)."""
    if isinstance(value, str):
        raw = value.strip()
        address = raw[len("mailto:"):] if raw.lower().startswith("mailto:") else raw
        try:
            return Anmeldung("email", s.email(address))
        except Invalid:
            pass
        try:
            return Anmeldung("formular", s.https_url(raw))
        except Invalid:
            pass
    raise Invalid("die Adresse eines Anmeldeformulars, die mit https:// beginnt, "
                  "oder eine E-Mail-Adresse wie info@wir2-bindungstraining.de")


def beginn(value: Any) -> dt.date | None:
    """A date, or ``offen`` while the date is not fixed."""
    if isinstance(value, str) and value.strip().lower() == UNDATED:
        return None
    try:
        return s.date(value)
    except Invalid as exc:
        raise Invalid(f"{exc.expected}, {_DATE_OR_OPEN}") from None


kennung = s.slug_with(_ID_EXPECTED)

_PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")
_PERIOD_EXPECTED = "ein Jahr wie 2026 oder ein Monat wie 2026-03 (bis wann der Termin stattfinden soll)"


def zeitraum(value: Any) -> Zeitraum:
    """``2026`` (the year) or ``2026-03`` (the month) an undated event is meant for."""
    raw = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    m = _PERIOD.match(raw)
    if not m:
        raise Invalid(_PERIOD_EXPECTED)
    year, month = int(m.group(1)), int(m.group(2)) if m.group(2) else None
    if month is not None and not 1 <= month <= 12:
        raise Invalid(f"{_PERIOD_EXPECTED}; einen Monat von 01 bis 12")
    if not s.YEARS[0] <= year <= s.YEARS[1]:
        raise s.OutOfRange(f"ein Jahr {s.YEARS_TEXT}, z. B. 2026 oder 2026-03")
    return Zeitraum(year, month)


def fee(kosten: Kosten | None) -> Parser[int]:
    """``kostenlos`` or the name of a fee in data/kosten.yml, so the amount is written once."""
    names = list(Kosten.FEES) if kosten is not None else []

    def parse(value: Any) -> int:
        if value == FREE:
            return 0
        if kosten is not None and isinstance(value, str) and value in names:
            return kosten.fee(value).betrag
        raise Invalid(f"„{FREE}“ oder der Name eines Betrags aus data/kosten.yml: " + ", ".join(names))

    return parse


def status(value: Any) -> Any:
    return STATUS[s.choice(STATUS)(value)]


# --- the file ----------------------------------------------------------------------


def load(path: Path, name: str, *, kosten: Kosten | None = None, siteurl: str = "",
         store: Store | None = None, notes: list[Problem] | None = None) -> Daten:
    """Read and check ``path``; raises :class:`~wir2.problems.DataError` with every problem (warnings: ``notes``)."""
    checker = Checker(name, notes)
    top = s.top_record(checker, yamlsource.load(path, name, fast=True, store=store), ["arten", "termine"],
                       empty=f"Datei ist leer; erwartet: die Abschnitte „arten:“ und „termine:“ ({HOW_TO})")
    checker.raise_if_any()
    assert top is not None
    for key in ("arten", "termine"):
        if key not in top.mapping:
            top.add(None, key, f"Abschnitt „{key}:“ fehlt; erwartet: eine Liste ({HOW_TO})")
    arten = _arten(checker, top, kosten)
    termine = _termine(top, {a.id: a for a in arten}, siteurl)
    checker.raise_if_any()
    return Daten(tuple(arten), tuple(termine))


def _origin(rec: Record, line: int) -> Origin:
    return Origin(rec.checker.file, line, rec.prefix, tuple(rec.lines().items()))


def _arten(checker: Checker, top: Record, kosten: Kosten | None) -> list[Art]:
    arten: list[Art] = []
    seen: dict[str, int] = {}
    items = top.items("arten")
    if "arten" in top.mapping and not items and not checker.problems:
        top.problem("arten", "Liste ist leer; erwartet: mindestens eine Terminart")
    for i, line, item in items:
        rec = top.record(item, f"arten[{i + 1}]", KIND_FIELDS, line)
        if rec is None:
            continue
        art_id = rec.require("id", kennung)
        if art_id in RESERVED_KIND_IDS:
            rec.invalid("id", f"eine andere Kennung („{art_id}“ ist für die Kalender-Abos reserviert)")
            art_id = None
        if art_id and art_id in seen:
            rec.invalid("id", f"eine eigene Kennung; „{art_id}“ steht schon in Zeile {seen[art_id]}")
            art_id = None
        name = rec.require("name", s.text(120))
        plural = rec.require("name_plural", s.text(120))
        reg = rec.get("anmeldung", anmeldung)
        preis = rec.get("teilnahmebeitrag", fee(kosten))
        sheet = rec.get("faktenblatt", s.integer(1, 9, example=1))
        named = rec.mapping.get("teilnahmebeitrag")
        unit = kosten.fee(named).einheit if preis and kosten is not None and named in Kosten.FEES else None
        if art_id:
            # Kept even with a missing name (already reported), so its events are not reported as well.
            seen[art_id] = rec.line("id")
            arten.append(Art(art_id, name or "", plural or "", reg, preis, sheet, unit, _origin(rec, line)))
    return arten


def _termine(top: Record, arten: dict[str, Art], siteurl: str) -> list[Event]:
    termine: list[Event] = []
    seen: dict[str, int] = {}
    kind = s.choice(list(arten)) if arten else None
    for i, line, item in top.items("termine"):
        rec = top.record(item, f"termine[{i + 1}]", EVENT_FIELDS, line)
        if rec is None:
            continue
        event_id = _event_id(rec, seen)
        art_id = rec.require("art", kind) if kind else None
        art = arten.get(art_id) if art_id else None
        titel = rec.get("titel", s.text(200)) or (art.name if art else None)
        values: dict[str, Any] = dict(
            ort=rec.get("ort", s.text(100)),
            adresse=rec.get("adresse", s.text(200)),
            online=rec.get("online", s.boolean, default=False),
            status=rec.get("status", status, default=STATUS["geplant"]),
            hinweis=rec.get("hinweis", s.text(600, multiline=True)),
            anmeldung=rec.get("anmeldung", anmeldung) or (art.anmeldung if art else None),
            datum_geprueft=rec.get("datum_geprueft", s.boolean, default=False),
        )
        zeit, undated, when_ok = _when(rec)
        period = rec.get("zeitraum", zeitraum)
        if period is not None and not undated and when_ok:
            rec.problem("zeitraum", f"Wert „{period.wert}“ passt nur zu „beginn: {UNDATED}“; erwartet: das Feld "
                                    "löschen, sobald das Datum feststeht")
        if not rec.given("ort") and rec.mapping.get("online") in (None, False):
            rec.add(line, rec.field("ort"), "fehlt; erwartet: der Ort (z. B. „ort: Neuss“) "
                                            "oder „online: true“ für eine digitale Veranstaltung")
        if values["adresse"] and not values["ort"]:
            rec.add(rec.line("adresse"), rec.field("ort"),
                    "fehlt; erwartet: der Ort (z. B. „ort: Neuss“) zur angegebenen Adresse")
        if event_id and art and when_ok:
            common = dict(id=event_id, art=art, titel=titel or "", siteurl=siteurl, origin=_origin(rec, line),
                          **values)
            if zeit is not None:
                termine.append(Termin(zeit=zeit, **common))
            elif undated:
                termine.append(OffenerTermin(zeitraum=period, **common))
    return termine


def _event_id(rec: Record, seen: dict[str, int]) -> str | None:
    if not rec.has("id"):
        rec.problem("id", f"Pflichtfeld fehlt; erwartet: {_ID_EXPECTED}")
        return None
    event_id = rec.get("id", kennung)
    if event_id and (event_id in RESERVED_EVENT_IDS or event_id.startswith("art-")):
        rec.invalid("id", "eine andere Kennung (diese ist für die Seite /termine/ reserviert)")
        return None
    if event_id and event_id in seen:
        rec.invalid("id", f"eine eigene Kennung je Termin; „{event_id}“ steht schon in Zeile {seen[event_id]}")
        return None
    if event_id:
        seen[event_id] = rec.line("id")
    return event_id


def _when(rec: Record) -> tuple[Zeit | None, bool, bool]:
    """``beginn``/``ende``/``von``/``bis`` with the checks between them: (time, undated, all fine)."""
    when = rec.view()
    start: dt.date | None = None
    if not when.has("beginn"):
        when.problem("beginn", f"Pflichtfeld fehlt; erwartet: ein Datum wie 2025-05-06 oder 06.05.2025, "
                               f"{_DATE_OR_OPEN}")
    else:
        start = when.get("beginn", beginn)
    end = when.get("ende", s.date)
    von = when.get("von", s.time)
    bis = when.get("bis", s.time)
    undated = when.has("beginn") and start is None and not when.failed
    if undated:
        for key in ("ende", "von", "bis"):
            if when.has(key):
                when.problem(key, f"Wert {s.show(when.mapping[key])} passt nicht zu „beginn: {UNDATED}“; "
                                  "erwartet: dieses Feld erst mit dem Datum eintragen")
    if start and end and end < start:
        when.invalid("ende", f"ein Datum am oder nach dem Beginn ({german.numeric(start)})")
    if (von is None) != (bis is None) and not (when.has("von") and when.has("bis")) and not undated:
        missing = "bis" if von is not None else "von"
        when.problem(missing, "fehlt; erwartet: „von“ und „bis“ zusammen (z. B. von: 9:00, bis: 11:30) "
                              "oder beide weglassen für ganztägige Termine")
    if von and bis and (end is None or end == start) and bis <= von:
        when.invalid("bis", f"eine Uhrzeit nach dem Beginn um {german.clock(von)} Uhr")
    if when.failed or start is None:
        return None, undated and not when.failed, not when.failed
    return Zeit(start, end if end != start else None, von, bis), False, True
