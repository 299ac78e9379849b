"""Dates from ``data/termine.yml``: kinds, events, and the checks an editor's file must pass.

Every event has a stable ``id`` written once by the editor: it names the
event's anchor on ``/termine/``, its ``.ics`` file and its calendar UID, so a
moved date updates subscribers' calendars instead of duplicating the entry.
Kinds (training, supervision day, …) are data too, so a new kind needs no code.

Problems are collected per file and reported together, each with line, field,
the wrong value and what is expected (see :mod:`wir2.schema`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from wir2 import dates, yamlsource
from wir2 import schema as s
from wir2.schema import Checker, Invalid, Record

STATUS = {
    "geplant": "Geplant",
    "wenige_plaetze": "Nur noch wenige Plätze",
    "ausgebucht": "Ausgebucht",
    "abgesagt": "Abgesagt",
}
UNDATED = "offen"
#: Feed names and anchors on /termine/ that kinds and events must not take.
RESERVED_KIND_IDS = ("alle", "abo")
RESERVED_EVENT_IDS = ("inhalt", "abonnieren", "archiv", "offen")
KIND_FIELDS = ("id", "name", "name_plural", "anmeldung", "teilnahmebeitrag")
EVENT_FIELDS = ("id", "art", "titel", "beginn", "ende", "von", "bis", "online", "ort", "adresse",
                "anmeldung", "status", "hinweis")
FREE = "kostenlos"


@dataclass(frozen=True)
class Anmeldung:
    """How to register: a web form (``https``) or an e-mail address."""

    art: str  # "formular" or "email"
    adresse: str


@dataclass(frozen=True)
class Art:
    """A kind of event; its ``name`` is the default title of its events."""

    id: str
    name: str
    name_plural: str
    anmeldung: Anmeldung | None = None
    #: ``None`` unknown, ``0`` free, else the fee in euro (from data/kosten.yml).
    preis: int | None = None
    line: int = 0


@dataclass(frozen=True)
class Termin:
    """One event as the editor described it, plus the texts and links pages show."""

    id: str
    art: Art
    titel: str
    beginn: dt.date | None
    ende: dt.date | None = None
    von: dt.time | None = None
    bis: dt.time | None = None
    online: bool = False
    ort: str | None = None
    adresse: str | None = None
    status: str = "geplant"
    hinweis: str | None = None
    anmeldung: Anmeldung | None = None
    line: int = field(default=0, compare=False)
    siteurl: str = field(default="", compare=False, repr=False)

    # --- dates -------------------------------------------------------------

    @property
    def datiert(self) -> bool:
        return self.beginn is not None

    @property
    def ganztags(self) -> bool:
        return self.von is None

    @property
    def letzter_tag(self) -> dt.date | None:
        """The last day the event takes place (inclusive)."""
        return self.ende or self.beginn

    @property
    def mehrtaegig(self) -> bool:
        return self.ende is not None and self.ende != self.beginn

    @property
    def start(self) -> dt.date | dt.datetime | None:
        """``DTSTART``: a date, or an aware date-time in Europe/Berlin."""
        if self.beginn is None:
            return None
        if self.von is None:
            return self.beginn
        return dt.datetime.combine(self.beginn, self.von, tzinfo=dates.BERLIN)

    @property
    def end(self) -> dt.date | dt.datetime | None:
        """``DTEND``: exclusive day after the last for all-day events, else the end time."""
        if self.beginn is None:
            return None
        if self.von is None:
            return self.letzter_tag + dt.timedelta(days=1)
        return dt.datetime.combine(self.letzter_tag, self.bis, tzinfo=dates.BERLIN)

    @property
    def start_key(self) -> tuple[dt.date, dt.time]:
        """Sort key: day, then time of day (all-day first)."""
        return (self.beginn or dt.date.max, self.von or dt.time.min)

    @cached_property
    def datum_text(self) -> str:
        """``Do, 13.–Sa, 15. März 2025`` / ``Di, 6. Mai 2025`` / ``Termin folgt``."""
        if self.beginn is None:
            return "Termin folgt"
        return dates.day_range(self.beginn, self.ende)

    @property
    def datum_kurz(self) -> str:
        """``13.03.2025`` or ``13.03.–15.03.2025`` for mail subjects and calendar texts."""
        if self.beginn is None:
            return ""
        if not self.mehrtaegig:
            return dates.numeric(self.beginn)
        first = f"{self.beginn.day:02d}.{self.beginn.month:02d}."
        if self.beginn.year != self.ende.year:
            first = dates.numeric(self.beginn)
        return f"{first}\u2013{dates.numeric(self.ende)}"

    @property
    def zeit_text(self) -> str:
        """``9:00–11:30 Uhr`` or empty for all-day events."""
        return dates.time_range(self.von, self.bis) if self.von else ""

    @property
    def datum_zeit_text(self) -> str:
        """``Di, 6. Mai 2025, 9:00–11:30 Uhr``."""
        return f"{self.datum_text}, {self.zeit_text}" if self.zeit_text else self.datum_text

    # --- place and status --------------------------------------------------

    @property
    def ort_text(self) -> str:
        """``Online``, ``Neuss``, ``Neuss und online``."""
        if self.online and self.ort:
            return f"{self.ort} und online"
        return "Online" if self.online else (self.ort or "")

    @cached_property
    def location(self) -> str:
        """The calendar ``LOCATION``: town and address, or „Online“."""
        parts = [p for p in (self.adresse, self.ort) if p]
        place = ", ".join(parts)
        if self.online:
            return f"{place} und online" if place else "Online"
        return place

    @property
    def status_text(self) -> str:
        return STATUS[self.status]

    @property
    def abgesagt(self) -> bool:
        return self.status == "abgesagt"

    @property
    def ausgebucht(self) -> bool:
        return self.status == "ausgebucht"

    @cached_property
    def summary(self) -> str:
        """The calendar title; Outlook shows cancelled events as normal, so say it in the title."""
        return f"Abgesagt: {self.titel}" if self.abgesagt else self.titel

    # --- addresses ---------------------------------------------------------

    @property
    def ics_url(self) -> str | None:
        """Site-relative path of the event's ``.ics`` (``None`` while the date is open).

        One folder per kind: some file systems get slow with thousands of files
        in one folder (the benchmark's ext4 took ten times longer per file).
        """
        return f"termine/{self.art.id}/{self.id}.ics" if self.datiert else None

    @property
    def seite_url(self) -> str:
        return f"termine/#{self.id}"

    @cached_property
    def seite_absolut(self) -> str | None:
        """Absolute address of the event on the site, or ``None`` in local builds."""
        return f"{self.siteurl}/{self.seite_url}" if is_absolute(self.siteurl) else None

    @cached_property
    def anmeldung_url(self) -> str | None:
        """The form, or a ``mailto:`` whose subject names the event and its date."""
        if self.anmeldung is None:
            return None
        if self.anmeldung.art == "formular":
            return self.anmeldung.adresse
        subject = f"Anmeldung: {self.titel}"
        if self.datiert:
            subject += f" am {self.datum_kurz}"
        return f"mailto:{self.anmeldung.adresse}?" + urlencode({"subject": subject}, quote_via=quote)

    @property
    def anmeldung_text(self) -> str:
        if self.anmeldung is None:
            return ""
        return "Zum Anmeldeformular" if self.anmeldung.art == "formular" else "Per E-Mail anmelden"

    @property
    def anmeldung_offen(self) -> bool:
        """Whether to offer registration: not for cancelled or fully booked events."""
        return self.anmeldung is not None and self.status in ("geplant", "wenige_plaetze")

    @cached_property
    def beschreibung(self) -> str:
        """Plain text for calendar ``DESCRIPTION`` and add-to-calendar links."""
        lines = []
        if self.status != "geplant":
            lines.append(self.status_text + ".")
        if self.hinweis:
            lines.append(self.hinweis)
        if self.anmeldung and self.anmeldung_offen:
            how = "Anmeldung über das Formular" if self.anmeldung.art == "formular" else "Anmeldung per E-Mail an"
            lines.append(f"{how}: {self.anmeldung.adresse}" if self.anmeldung.art == "formular"
                         else f"{how} {self.anmeldung.adresse}")
        if self.seite_absolut:
            lines.append(f"Mehr: {self.seite_absolut}")
        return "\n".join(lines)

    @cached_property
    def google_url(self) -> str | None:
        """„In Google Kalender“: a plain link that opens Google's form, prefilled."""
        if not self.datiert:
            return None
        if self.ganztags:
            span = f"{self.start:%Y%m%d}/{self.end:%Y%m%d}"
        else:
            span = f"{self.start:%Y%m%dT%H%M%S}/{self.end:%Y%m%dT%H%M%S}"
        params = {"action": "TEMPLATE", "text": self.summary, "dates": span}
        if not self.ganztags:
            params["ctz"] = dates.BERLIN.key
        params.update(self._optional_params("details", "location"))
        return "https://calendar.google.com/calendar/render?" + urlencode(params, safe="/", quote_via=quote)

    @cached_property
    def outlook_url(self) -> str | None:
        """„In Outlook.com“: Outlook on the web's compose form, prefilled."""
        if not self.datiert:
            return None
        params = {"path": "/calendar/action/compose", "rru": "addevent", "subject": self.summary}
        if self.ganztags:
            params.update(startdt=self.start.isoformat(), enddt=self.end.isoformat(), allday="true")
        else:
            params.update(startdt=f"{self.start.astimezone(dt.timezone.utc):%Y-%m-%dT%H:%M:%SZ}",
                          enddt=f"{self.end.astimezone(dt.timezone.utc):%Y-%m-%dT%H:%M:%SZ}")
        params.update(self._optional_params("body", "location"))
        return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(params, safe="/",
                                                                                   quote_via=quote)

    def _optional_params(self, details: str, location: str) -> dict[str, str]:
        params = {}
        if self.beschreibung:
            params[details] = self.beschreibung
        if self.location:
            params[location] = self.location
        return params

    # --- change tracking ---------------------------------------------------

    def fingerprint_fields(self) -> dict[str, Any]:
        """What subscribers see of this event; a change here must raise ``SEQUENCE``."""
        return {
            "art": self.art.id,
            "titel": self.titel,
            "beginn": _iso(self.beginn),
            "ende": _iso(self.ende),
            "von": _iso(self.von),
            "bis": _iso(self.bis),
            "online": self.online,
            "ort": self.ort,
            "adresse": self.adresse,
            "status": self.status,
            "hinweis": self.hinweis,
            "anmeldung": self.anmeldung.adresse if self.anmeldung else None,
        }


_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")
_QUOTE_TABLES: dict[str, dict[int, str]] = {}


def quote(value: str, safe: str = "/", encoding: str | None = None, errors: str | None = None) -> str:
    """``urllib.parse.quote`` for ``urlencode(quote_via=…)``, with one C-level ``translate`` per value.

    The standard function maps byte by byte in Python, which made the add-to-calendar
    links the slowest part of a page with thousands of dates.  Same result:
    UTF-8, RFC 3986 unreserved characters and ``safe`` kept, everything else ``%XX``.
    """
    table = _QUOTE_TABLES.get(safe)
    if table is None:
        keep = _UNRESERVED | frozenset(safe.encode("ascii"))
        table = _QUOTE_TABLES[safe] = {b: chr(b) if b in keep else f"%{b:02X}" for b in range(256)}
    data = value.encode(encoding or "utf-8", errors or "strict") if isinstance(value, str) else bytes(value)
    return data.decode("latin-1").translate(table)


def _iso(value: dt.date | dt.time | None) -> str | None:
    return value.isoformat() if value is not None else None


def is_absolute(url: str | None) -> bool:
    return bool(url) and url.startswith(("https://", "http://"))


# --- parsing -------------------------------------------------------------------


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
        raise Invalid(f"{exc.expected}, oder „{UNDATED}“, solange der Termin noch nicht feststeht") from None


_ID_EXPECTED = ("eine feste Kennung aus Kleinbuchstaben a–z, Ziffern und Bindestrichen, "
                "z. B. schulung-2025-03 (einmal vergeben, danach nie ändern)")


def kennung(value: Any) -> str:
    try:
        return s.slug(value)
    except Invalid:
        raise Invalid(_ID_EXPECTED) from None


@dataclass
class Daten:
    """The validated contents of the file."""

    arten: list[Art]
    termine: list[Termin]


def load(path: Path, name: str, *, kosten: Any = None, siteurl: str = "") -> Daten:
    """Read and check ``path``; raises :class:`~wir2.errors.DataError` with every problem."""
    checker = Checker(name)
    data = yamlsource.load(path, name, fast=True)
    if data is None:
        checker.add(None, "", "Datei ist leer; erwartet: die Abschnitte „arten:“ und „termine:“ "
                              "(Anleitung: data/LIESMICH-termine.md)")
        checker.raise_if_any()
    top = checker.record(data, "", ["arten", "termine"], 1)
    checker.raise_if_any()
    for key in ("arten", "termine"):
        if key not in top.mapping:
            checker.add(None, key, f"Abschnitt „{key}:“ fehlt; erwartet: eine Liste (Anleitung: "
                                   "data/LIESMICH-termine.md)")
    arten = _arten(checker, top, kosten)
    termine = _termine(checker, top, {a.id: a for a in arten}, siteurl)
    checker.raise_if_any()
    return Daten(arten, termine)


def _arten(checker: Checker, top: Record, kosten: Any) -> list[Art]:
    arten: list[Art] = []
    seen: dict[str, int] = {}
    items = checker.items(top.mapping.get("arten"), "arten", top.line("arten"))
    if "arten" in top.mapping and not items and not checker.problems:
        checker.add(top.line("arten"), "arten", "Liste ist leer; erwartet: mindestens eine Terminart")
    for i, line, item in items:
        rec = checker.record(item, f"arten[{i + 1}]", KIND_FIELDS, line)
        if rec is None:
            continue
        art_id = rec.get("id", kennung, required=True)
        if art_id in RESERVED_KIND_IDS:
            checker.invalid(rec.line("id"), rec.field("id"), art_id,
                            f"eine andere Kennung („{art_id}“ ist für die Kalender-Abos reserviert)")
            art_id = None
        if art_id and art_id in seen:
            checker.invalid(rec.line("id"), rec.field("id"), art_id,
                            f"eine eigene Kennung; „{art_id}“ steht schon in Zeile {seen[art_id]}")
            art_id = None
        name = rec.get("name", s.text(120), required=True)
        plural = rec.get("name_plural", s.text(120), required=True)
        reg = rec.get("anmeldung", anmeldung)
        preis = rec.get("teilnahmebeitrag", _fee(kosten))
        if art_id:
            # Kept even with a missing name (already reported), so its events are not reported as well.
            seen[art_id] = rec.line("id")
            arten.append(Art(art_id, name or "", plural or "", reg, preis, line))
    return arten


def _fee(kosten: Any):
    """``kostenlos`` or the name of a fee in data/kosten.yml, so the amount is written once."""
    names = [n for n in ("schulung", "supervisionstag", "kooperationsgebuehr") if hasattr(kosten, n)]

    def parse(value: Any) -> int:
        if value == FREE:
            return 0
        if isinstance(value, str) and value in names:
            return getattr(kosten, value).betrag
        raise Invalid(f"„{FREE}“ oder der Name eines Betrags aus data/kosten.yml: " + ", ".join(names))

    return parse


def _termine(checker: Checker, top: Record, arten: dict[str, Art], siteurl: str) -> list[Termin]:
    termine: list[Termin] = []
    seen: dict[str, int] = {}
    status = s.choice(list(STATUS))
    kind = s.choice(list(arten)) if arten else None
    for i, line, item in checker.items(top.mapping.get("termine"), "termine", top.line("termine")):
        rec = checker.record(item, f"termine[{i + 1}]", EVENT_FIELDS, line)
        if rec is None:
            continue
        event_id = _event_id(checker, rec, seen)
        art = rec.get("art", kind, required=True) if kind else None
        art = arten.get(art) if art else None
        values = dict(
            titel=rec.get("titel", s.text(200)) or (art.name if art else None),
            ort=rec.get("ort", s.text(100)),
            adresse=rec.get("adresse", s.text(200)),
            online=rec.get("online", s.boolean, default=False),
            status=rec.get("status", status, default="geplant"),
            hinweis=rec.get("hinweis", s.text(600, multiline=True)),
            anmeldung=rec.get("anmeldung", anmeldung) or (art.anmeldung if art else None),
        )
        values.update(_when(checker, rec))
        raw_ort = rec.mapping.get("ort")
        ort_given = raw_ort is not None and not (isinstance(raw_ort, str) and not raw_ort.strip())
        if not ort_given and rec.mapping.get("online") in (None, False):
            checker.add(line, rec.field("ort"), "fehlt; erwartet: der Ort (z. B. „ort: Neuss“) "
                                                "oder „online: true“ für eine digitale Veranstaltung")
        if values["adresse"] and not values["ort"]:
            checker.add(rec.line("adresse"), rec.field("ort"),
                        "fehlt; erwartet: der Ort (z. B. „ort: Neuss“) zur angegebenen Adresse")
        if event_id and art and values.get("ok", True):
            values.pop("ok", None)
            termine.append(Termin(id=event_id, art=art, line=line, siteurl=siteurl, **values))
    return termine


def _event_id(checker: Checker, rec: Record, seen: dict[str, int]) -> str | None:
    if not rec.has("id"):
        checker.add(rec.line("id"), rec.field("id"), f"Pflichtfeld fehlt; erwartet: {_ID_EXPECTED}")
        return None
    event_id = rec.get("id", kennung)
    if event_id and (event_id in RESERVED_EVENT_IDS or event_id.startswith("art-")):
        checker.invalid(rec.line("id"), rec.field("id"), event_id,
                        "eine andere Kennung (diese ist für die Seite /termine/ reserviert)")
        return None
    if event_id and event_id in seen:
        checker.invalid(rec.line("id"), rec.field("id"), event_id,
                        f"eine eigene Kennung je Termin; „{event_id}“ steht schon in Zeile {seen[event_id]}")
        return None
    if event_id:
        seen[event_id] = rec.line("id")
    return event_id


def _when(checker: Checker, rec: Record) -> dict[str, Any]:
    """``beginn``/``ende``/``von``/``bis`` with the checks between them."""
    before = len(checker.problems)
    if not rec.has("beginn"):
        checker.add(rec.line("beginn"), rec.field("beginn"),
                    f"Pflichtfeld fehlt; erwartet: ein Datum wie 2025-05-06 oder 06.05.2025, "
                    f"oder „{UNDATED}“, solange der Termin noch nicht feststeht")
        start = None
    else:
        start = rec.get("beginn", beginn)
    end = rec.get("ende", s.date)
    von = rec.get("von", s.time)
    bis = rec.get("bis", s.time)
    undated = rec.has("beginn") and start is None and len(checker.problems) == before
    if undated:
        for key in ("ende", "von", "bis"):
            if rec.has(key):
                checker.add(rec.line(key), rec.field(key),
                            f"Wert {s.show(rec.mapping[key])} passt nicht zu „beginn: {UNDATED}“; "
                            "erwartet: dieses Feld erst mit dem Datum eintragen")
    if start and end and end < start:
        checker.invalid(rec.line("ende"), rec.field("ende"), rec.mapping["ende"],
                        f"ein Datum am oder nach dem Beginn ({dates.numeric(start)})")
    if (von is None) != (bis is None) and not (rec.has("von") and rec.has("bis")) and not undated:
        missing = "bis" if von is not None else "von"
        checker.add(rec.line(missing), rec.field(missing),
                    "fehlt; erwartet: „von“ und „bis“ zusammen (z. B. von: 9:00, bis: 11:30) "
                    "oder beide weglassen für ganztägige Termine")
    if von and bis and (end is None or end == start) and bis <= von:
        checker.invalid(rec.line("bis"), rec.field("bis"), rec.mapping["bis"],
                        f"eine Uhrzeit nach dem Beginn um {dates.clock(von)} Uhr")
    ok = len(checker.problems) == before
    return {"beginn": start, "ende": end if end != start else None, "von": von, "bis": bis, "ok": ok}
