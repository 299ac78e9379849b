"""The one event model: when something happens, and the events of ``data/termine.yml``.

- :class:`Zeit` is a day or a span of days, all day or from–to: the time of an
  event, of a group's session and of a group's info meeting alike.
- :class:`Termin` is a dated event; :class:`OffenerTermin` one whose date is not
  fixed yet („Termin folgt“).  They are different types, so a dated event's date
  is never ``None`` and an undated one has no date to ask for.

Every event has a stable ``id`` written once by the editor: it names the event's
anchor on ``/termine/``, its ``.ics`` file and its calendar UID, so a moved date
updates subscribers' calendars instead of duplicating the entry.  Kinds
(:class:`Art`: training, supervision day, …) are data too, so a new kind needs no code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from .. import german
from .origin import NOWHERE, Origin
from .status import Status
from .urls import absolute, mailto, query


@dataclass(frozen=True)
class Zeit:
    """When: ``beginn`` (to ``ende``, the last day, inclusive), all day or ``von``–``bis``."""

    beginn: dt.date
    ende: dt.date | None = None
    von: dt.time | None = None
    bis: dt.time | None = None

    @property
    def ganztags(self) -> bool:
        return self.von is None

    @property
    def letzter_tag(self) -> dt.date:
        """The last day (inclusive)."""
        return self.ende or self.beginn

    @property
    def start(self) -> dt.date | dt.datetime:
        """``DTSTART``: a date, or an aware date-time in Europe/Berlin."""
        if self.von is None:
            return self.beginn
        return dt.datetime.combine(self.beginn, self.von, tzinfo=german.BERLIN)

    @property
    def end(self) -> dt.date | dt.datetime:
        """``DTEND``: the day after the last for all-day events (exclusive), else the end time."""
        if self.von is None or self.bis is None:
            return self.letzter_tag + dt.timedelta(days=1)
        return dt.datetime.combine(self.letzter_tag, self.bis, tzinfo=german.BERLIN)

    @property
    def start_key(self) -> tuple[dt.date, dt.time]:
        """Sort key: day, then time of day (all-day first)."""
        return (self.beginn, self.von or dt.time.min)

    @property
    def datum_text(self) -> str:
        """``Do, 13.–Sa, 15. März 2025`` / ``Di, 6. Mai 2025``."""
        return german.day_range(self.beginn, self.ende)

    @property
    def datum_kurz(self) -> str:
        """``13.03.2025`` or ``13.03.–15.03.2025``."""
        return german.numeric_range(self.beginn, self.ende)

    @property
    def zeit_text(self) -> str:
        """``9:00–11:30 Uhr`` or empty for all-day events."""
        return german.time_range(self.von, self.bis) if self.von else ""

    @property
    def datum_zeit_text(self) -> str:
        """``Di, 25. Februar 2025, 17:00–18:30 Uhr``."""
        return f"{self.datum_text}, {self.zeit_text}" if self.zeit_text else self.datum_text


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
    #: Its place among the kinds the fact sheet lists (``faktenblatt: 1``), ``None`` for not there.
    faktenblatt: int | None = None
    #: What the fee is for, from data/kosten.yml (``pro Person, einmalig``), if it has one.
    preis_einheit: str | None = None
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True, kw_only=True)
class _Event:
    """What dated and undated events share: kind, title, place, status, registration."""

    id: str
    art: Art
    titel: str
    online: bool = False
    ort: str | None = None
    adresse: str | None = None
    status: Status
    hinweis: str | None = None
    anmeldung: Anmeldung | None = None
    #: ``datum_geprueft: true``: the editor says the dates are meant (no plausibility warning, wir2.load.plausibility).
    datum_geprueft: bool = False
    siteurl: str = field(default="", compare=False, repr=False)
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)

    # --- place and status --------------------------------------------------

    @property
    def ort_text(self) -> str:
        """``Online``, ``Neuss``, ``Neuss und online``."""
        if self.online and self.ort:
            return f"{self.ort} und online"
        return "Online" if self.online else (self.ort or "")

    @cached_property
    def location(self) -> str:
        """The calendar ``LOCATION``: address and town, or „Online“."""
        place = ", ".join(p for p in (self.adresse, self.ort) if p)
        if self.online:
            return f"{place} und online" if place else "Online"
        return place

    @property
    def status_text(self) -> str:
        return self.status.label

    @property
    def abgesagt(self) -> bool:
        return self.status.key == "abgesagt"

    @cached_property
    def summary(self) -> str:
        """The calendar title; Outlook shows cancelled events as normal, so say it in the title."""
        return f"Abgesagt: {self.titel}" if self.abgesagt else self.titel

    # --- addresses ---------------------------------------------------------

    @property
    def seite_url(self) -> str:
        return f"termine/#{self.id}"

    @cached_property
    def seite_absolut(self) -> str | None:
        """Absolute address of the event on the site, or ``None`` in local builds."""
        return absolute(self.siteurl, self.seite_url)

    def _subject(self) -> str:
        return f"Anmeldung: {self.titel}"

    @cached_property
    def anmeldung_url(self) -> str | None:
        """The form, or a ``mailto:`` whose subject names the event (and its date)."""
        if self.anmeldung is None:
            return None
        if self.anmeldung.art == "formular":
            return self.anmeldung.adresse
        return mailto(self.anmeldung.adresse, self._subject())

    @property
    def anmeldung_text(self) -> str:
        if self.anmeldung is None:
            return ""
        return "Zum Anmeldeformular" if self.anmeldung.art == "formular" else "Per E-Mail anmelden"

    @property
    def anmeldung_offen(self) -> bool:
        """Whether to offer registration: not for cancelled or fully booked events."""
        return self.anmeldung is not None and self.status.open_for_registration

    @cached_property
    def beschreibung(self) -> str:
        """Plain text for calendar ``DESCRIPTION`` and add-to-calendar links."""
        lines = []
        if self.status.key != "geplant":
            lines.append(self.status_text + ".")
        if self.hinweis:
            lines.append(self.hinweis)
        if self.art.preis is not None and not self.abgesagt:  # the fee of data/kosten.yml, as on the pages
            unit = f" {self.art.preis_einheit}" if self.art.preis_einheit else ""
            lines.append("Teilnahme kostenlos." if self.art.preis == 0
                         else f"Teilnahmebeitrag: {german.euro(self.art.preis)}{unit}.")
        if self.anmeldung and self.anmeldung_offen:
            if self.anmeldung.art == "formular":
                lines.append(f"Anmeldung über das Formular: {self.anmeldung.adresse}")
            else:
                lines.append(f"Anmeldung per E-Mail an {self.anmeldung.adresse}")
        if self.seite_absolut:
            lines.append(f"Mehr: {self.seite_absolut}")
        return "\n".join(lines)


@dataclass(frozen=True, kw_only=True)
class Termin(_Event):
    """A dated event: it has a calendar file, add-to-calendar links and schema.org data."""

    zeit: Zeit

    datiert = True

    # The event's time, as templates and calendars ask for it.
    @property
    def beginn(self) -> dt.date:
        return self.zeit.beginn

    @property
    def ende(self) -> dt.date | None:
        return self.zeit.ende

    @property
    def ganztags(self) -> bool:
        return self.zeit.ganztags

    @property
    def letzter_tag(self) -> dt.date:
        return self.zeit.letzter_tag

    @property
    def start(self) -> dt.date | dt.datetime:
        return self.zeit.start

    @property
    def end(self) -> dt.date | dt.datetime:
        return self.zeit.end

    @cached_property
    def datum_text(self) -> str:
        return self.zeit.datum_text

    @property
    def datum_kurz(self) -> str:
        return self.zeit.datum_kurz

    @property
    def zeit_text(self) -> str:
        return self.zeit.zeit_text

    def _subject(self) -> str:
        return f"Anmeldung: {self.titel} am {self.datum_kurz}"

    @property
    def ics_url(self) -> str:
        """Site-relative path of the event's ``.ics``, one folder per kind.

        Some file systems get slow with thousands of files in one folder (the
        benchmark's ext4 took ten times longer per file).
        """
        return f"termine/{self.art.id}/{self.id}.ics"

    @cached_property
    def google_url(self) -> str:
        """„In Google Kalender“: a plain link that opens Google's form, prefilled."""
        start, end = self.start, self.end
        span = f"{start:%Y%m%d}/{end:%Y%m%d}" if self.ganztags else f"{start:%Y%m%dT%H%M%S}/{end:%Y%m%dT%H%M%S}"
        params = {"action": "TEMPLATE", "text": self.summary, "dates": span}
        if not self.ganztags:
            params["ctz"] = german.BERLIN.key
        params.update(self._optional_params("details", "location"))
        return "https://calendar.google.com/calendar/render?" + query(params, safe="/")

    @cached_property
    def outlook_url(self) -> str:
        """„In Outlook.com“: Outlook on the web's compose form, prefilled."""
        params = {"path": "/calendar/action/compose", "rru": "addevent", "subject": self.summary}
        start, end = self.start, self.end
        if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
            params.update(startdt=f"{start.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}",
                          enddt=f"{end.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}")
        else:
            params.update(startdt=start.isoformat(), enddt=end.isoformat(), allday="true")
        params.update(self._optional_params("body", "location"))
        return "https://outlook.live.com/calendar/0/deeplink/compose?" + query(params, safe="/")

    def _optional_params(self, details: str, location: str) -> dict[str, str]:
        params = {}
        if self.beschreibung:
            params[details] = self.beschreibung
        if self.location:
            params[location] = self.location
        return params


@dataclass(frozen=True)
class Zeitraum:
    """The period an undated event belongs to (``zeitraum: 2025`` or ``zeitraum: 2026-03``).

    Once its last day has passed, the placeholder „Termin folgt“ is no longer true:
    it leaves the listings, and the build warns (wir2.load.editorial).
    """

    jahr: int
    monat: int | None = None

    @property
    def letzter_tag(self) -> dt.date:
        if self.monat is None:
            return dt.date(self.jahr, 12, 31)
        following = dt.date(self.jahr + self.monat // 12, self.monat % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    @property
    def text(self) -> str:
        """``2025`` or ``März 2026``."""
        return f"{german.MONTHS[self.monat - 1]} {self.jahr}" if self.monat else str(self.jahr)

    @property
    def wert(self) -> str:
        """As the editor writes it: ``2025`` or ``2026-03``."""
        return f"{self.jahr}-{self.monat:02d}" if self.monat else str(self.jahr)


@dataclass(frozen=True, kw_only=True)
class OffenerTermin(_Event):
    """An event whose date is not fixed yet: listed as „Termin folgt“, in no calendar."""

    #: ``zeitraum:`` – when it is meant to take place; ``None``: not said (the placeholder never expires).
    zeitraum: Zeitraum | None = None

    datiert = False
    datum_text = "Termin folgt"
    zeit_text = ""

    @property
    def zeitraum_text(self) -> str:
        """``geplant für 2025`` / ``geplant für März 2026``, or empty."""
        return f"geplant für {self.zeitraum.text}" if self.zeitraum else ""

    def vorbei(self, day: dt.date) -> bool:
        """Whether its period ended before ``day`` (then „Termin folgt“ is no longer true)."""
        return self.zeitraum is not None and self.zeitraum.letzter_tag < day


Event = Termin | OffenerTermin
