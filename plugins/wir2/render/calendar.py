"""The one calendar writer: every ``.ics`` of the site – events, feeds, groups – made the same way.

What a calendar entry says is an :class:`Entry`, whatever it comes from (a
dated event, a group's weekly sessions, a group's info meeting); :func:`vevent`
turns it into a ``VEVENT`` with icalendar's public API, and :func:`assemble`
puts a calendar around serialised components.  The rules clients need:

- editor text only as typed values (``vText`` escapes ``\\ ; ,`` and newlines);
- ``DTSTART;VALUE=DATE`` with an exclusive ``DTEND`` for all-day events,
  ``TZID=Europe/Berlin`` plus its ``VTIMEZONE`` (written as yearly rules) for timed ones;
- UID from the stable id (:meth:`wir2.model.Site.uid`), never from the clock;
  ``DTSTAMP``/``SEQUENCE`` from the revision counted from git (:mod:`wir2.load.revisions`);
- a feed carries ``NAME``/``X-WR-CALNAME`` and a refresh hint; a single-event
  download carries no name (Outlook would open it as a new calendar);
- no ``METHOD``, ``ORGANIZER``, ``ATTENDEE`` or ``VALARM``.

An event is serialised once and its bytes are reused in its own file, its
kind's feed and the feed of all dates; the calendar's own properties are
icalendar's (sorted) serialisation of the calendar without components.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDDDLists,
    vDDDTypes,
    vDuration,
    vInt,
    vRecur,
    vText,
    vUri,
)

from ..cache import Store, key
from ..model.events import Termin
from ..model.gruppen import Gruppe
from ..model.site import Site
from . import typography

TZID = "Europe/Berlin"
REFRESH = dt.timedelta(hours=12)
PRODID_TERMINE = "-//wir2-bindungstraining.de//Termine//DE"
PRODID_GRUPPEN = "-//wir2-bindungstraining.de//Gruppen vor Ort//DE"
#: What an event's bytes depend on besides the event: icalendar's version and this module (the writer).
WRITER = (f"icalendar {metadata.version('icalendar')}", hashlib.sha256(Path(__file__).read_bytes()).hexdigest())
_END = b"END:VCALENDAR\r\n"


@dataclass(frozen=True)
class Entry:
    """What one ``VEVENT`` says."""

    uid: str
    sequence: int
    dtstamp: dt.datetime  # UTC
    summary: str
    start: dt.date | dt.datetime  # a date (all day) or an aware date-time
    end: dt.date | dt.datetime
    location: str | None = None
    description: str | None = None
    status: str | None = None  # CONFIRMED or CANCELLED
    url: str | None = None
    weekly_until: dt.datetime | None = None  # a weekly series up to this start (UTC)
    exdates: tuple[dt.datetime, ...] = ()

    def __post_init__(self) -> None:
        """Refuse what clients get wrong: floating times, mixed types, an end not after the start."""
        for name in ("start", "end"):
            value = getattr(self, name)
            if isinstance(value, dt.datetime) and value.tzinfo is None:
                raise ValueError(f"{self.uid}: floating date-times are not allowed; give {name} a time zone")
        if isinstance(self.start, dt.datetime) != isinstance(self.end, dt.datetime):
            raise ValueError(f"{self.uid}: DTEND is of another type than DTSTART")
        if not self.end > self.start:
            raise ValueError(f"{self.uid}: DTEND {self.end} is not later than DTSTART {self.start}")
        if self.dtstamp.utcoffset() != dt.timedelta(0):
            raise ValueError(f"{self.uid}: DTSTAMP must be UTC")

    @property
    def timed(self) -> bool:
        return isinstance(self.start, dt.datetime)


def utc_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def vevent(entry: Entry) -> Event:
    """The ``VEVENT`` of ``entry``, property by property as typed values (``vText`` escapes editor text).

    Typed values rather than ``Component.add``, whose guessing of each value's
    type cost a third of the calendar time for 10,000 dates; the bytes are the same.
    """
    event = Event()
    event["UID"] = vText(entry.uid)
    event["DTSTAMP"] = vDDDTypes(entry.dtstamp)
    event["SEQUENCE"] = vInt(entry.sequence)
    event["SUMMARY"] = vText(typography.text(entry.summary))
    event["DTSTART"] = vDDDTypes(entry.start)
    event["DTEND"] = vDDDTypes(entry.end)
    if entry.weekly_until is not None:
        event["RRULE"] = vRecur({"FREQ": "WEEKLY", "UNTIL": entry.weekly_until})
    if entry.exdates:
        event["EXDATE"] = vDDDLists(list(entry.exdates))
    if entry.location:
        event["LOCATION"] = vText(typography.text(entry.location))
    if entry.description:
        event["DESCRIPTION"] = vText(typography.text(entry.description))
    if entry.status:
        event["STATUS"] = vText(entry.status)
    if entry.url:
        event["URL"] = vUri(entry.url)
    return event


def vtimezone_berlin() -> Timezone:
    """The ``VTIMEZONE`` for Europe/Berlin as yearly rules, valid for every year from 1996 on.

    Rules (``RRULE``) rather than a list of transitions, because a subscribed
    feed is read for years and Outlook handles exactly this shape (it writes it
    itself): summer time from the last Sunday in March 02:00 to the last Sunday
    in October 03:00 local time, as in EU law since 1996.
    """
    tz = Timezone()
    tz.add("tzid", TZID)
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", dt.timedelta(hours=1))
    summer.add("tzoffsetto", dt.timedelta(hours=2))
    summer.add("dtstart", dt.datetime(1981, 3, 29, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", dt.timedelta(hours=2))
    winter.add("tzoffsetto", dt.timedelta(hours=1))
    winter.add("dtstart", dt.datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def header(*, prodid: str, name: str | None = None, description: str | None = None, url: str | None = None,
           source: str | None = None) -> bytes:
    """The calendar's own lines; with a ``name`` it is a feed with the properties subscribing clients read.

    ``url`` (the page) and ``source`` (the feed's own address) must be absolute;
    ``None`` in local builds.  icalendar's ``NAME``/``X-WR-*`` helpers do not
    escape, so the values go in as ``vText``.
    """
    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name is not None:
        cal.add("name", vText(name))
        cal.add("x-wr-calname", vText(name))
        if description:
            cal.add("description", vText(description))
            cal.add("x-wr-caldesc", vText(description))
        cal.add("x-wr-timezone", vText(TZID))
        cal.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(REFRESH))
        if source:
            cal.add("source", source)
    if url:
        cal.add("url", url)
    data: bytes = cal.to_ical()
    assert data.endswith(_END)
    return data[: -len(_END)]


def serialise(component: Event | Timezone) -> bytes:
    """One component's lines, properties in the order they were added."""
    data: bytes = component.to_ical(sorted=False)
    return data


def assemble(head: bytes, components: Iterable[bytes]) -> bytes:
    """A whole calendar: its own lines, then the components' (each already serialised)."""
    return head + b"".join(components) + _END


class Calendars:
    """The site's calendar files, with the shared pieces serialised once.

    With a :class:`~wir2.cache.Store`, an event's bytes also outlive the build:
    the next build takes them from there as long as the event (its
    :class:`Entry`), icalendar's version and this writer's code are the same.
    """

    def __init__(self, site: Site, store: Store | None = None):
        self.site = site
        self.store = store
        self.timezone = serialise(vtimezone_berlin())
        self._events: dict[str, bytes] = {}

    def _serialised(self, entry: Entry) -> bytes:
        if self.store is None:
            return serialise(vevent(entry))
        name = key(WRITER, entry)
        data = self.store.get(name)
        if data is None:
            data = serialise(vevent(entry))
            self.store.put(name, data)
        return data

    # --- dates ---------------------------------------------------------------

    def termin_entry(self, t: Termin) -> Entry:
        rev = self.site.termine.revision(t)
        return Entry(
            uid=self.site.uid(t.id), sequence=rev.sequence, dtstamp=rev.dtstamp, summary=t.summary,
            start=t.start, end=t.end, location=t.location or None, description=t.beschreibung or None,
            status="CANCELLED" if t.abgesagt else "CONFIRMED", url=t.seite_absolut,
        )

    def termin_bytes(self, t: Termin) -> bytes:
        data = self._events.get(t.id)
        if data is None:
            data = self._events[t.id] = self._serialised(self.termin_entry(t))
        return data

    def _with_timezone(self, timed: bool, events: list[bytes]) -> list[bytes]:
        return [self.timezone, *events] if timed else events

    def termine_files(self) -> Iterator[tuple[str, bytes]]:
        """``(site-relative path, bytes)``: one file per dated event, then the feeds."""
        termine = self.site.termine
        single = header(prodid=PRODID_TERMINE)
        for t in termine.datiert():
            yield t.ics_url, assemble(single, self._with_timezone(not t.ganztags, [self.termin_bytes(t)]))
        page = self.site.absolute("termine/")
        description = f"Termine von {self.site.sitename}" if self.site.sitename else None
        for abo in termine.abos:
            head = header(prodid=PRODID_TERMINE, name=abo.titel, description=description, url=page,
                          source=abo.url if abo.absolut else None)
            events = termine.im_feed(None if abo.id == "alle" else abo.id)
            # A feed without events still holds a component (RFC 5545 §3.6 wants at least one): the time
            # zone its first timed event will need, so a kind can be subscribed to before its dates are fixed.
            timed = any(not t.ganztags for t in events) or not events
            yield abo.pfad, assemble(head, self._with_timezone(timed, [self.termin_bytes(t) for t in events]))

    # --- groups ---------------------------------------------------------------

    def gruppe_entries(self, g: Gruppe) -> list[Entry]:
        """The weekly sessions as one series (``RRULE`` … ``UNTIL`` the last, ``EXDATE`` for weeks off),
        and the info meeting.

        ``UNTIL`` rather than ``COUNT``: clients disagree on whether excluded weeks
        count towards ``COUNT``, never on where ``UNTIL`` ends.  ``DTSTAMP`` and
        ``SEQUENCE`` are the group's revision, counted from git (:mod:`wir2.load.revisions`).
        """
        site = self.site
        url = site.absolute(site.gruppen.url(g) or "gruppen/")
        revision = site.gruppen_revisionen.get(g.id)
        stamp = revision.dtstamp if revision is not None else utc_midnight(site.build_date)
        sequence = revision.sequence if revision is not None else 0
        k = g.kontakt
        contact = [p for p in (k.name, f"Tel. {k.telefon}" if k.telefon else None,
                               f"E-Mail {k.email}" if k.email else None, k.web) if p]
        contact_text = "Anmeldung und Fragen: " + ", ".join(contact) + "."
        first = g.sitzung(g.beginn)
        last = g.sitzung(g.ende).start
        assert isinstance(last, dt.datetime)
        entries = [Entry(
            uid=site.uid("gruppe", g.id, "sitzungen"), sequence=sequence, dtstamp=stamp,
            summary=f"wir2-Gruppe {g.ort}", start=first.start, end=first.end,
            weekly_until=last.astimezone(dt.UTC),
            exdates=tuple(_datetime(g.sitzung(day).start) for day in g.ohne_sitzung),
            location=g.adresse, url=url,
            description=f"{len(g.sitzungen)} Treffen zu je {g.minuten} Minuten, {g.zeit_text}. Träger: {g.traeger}. "
                        + contact_text,
        )]
        info = g.infotreffen
        if info:
            entries.append(Entry(
                uid=site.uid("gruppe", g.id, "infotreffen"), sequence=sequence, dtstamp=stamp,
                summary=f"Infotreffen zur wir2-Gruppe {g.ort}", start=info.zeit.start, end=info.zeit.end,
                location=info.ort or g.adresse, description=f"Infotreffen vor der ersten Sitzung. {contact_text}",
                url=url,
            ))
        return entries

    def gruppe_file(self, g: Gruppe) -> tuple[str, bytes]:
        """``gruppen/kalender/<id>.ics`` (:attr:`Gruppe.ics_url`): the group's calendar, to subscribe to or import."""
        site = self.site
        path = g.ics_url
        head = header(prodid=PRODID_GRUPPEN, name=f"wir2-Gruppe {g.ort} ({g.traeger})",
                      description=f"Alle Termine der wir2-Gruppe: {g.adresse}",
                      url=site.absolute(site.gruppen.url(g) or "gruppen/"), source=site.absolute(path))
        entries = self.gruppe_entries(g)
        events = [self._serialised(e) for e in entries]
        return path, assemble(head, self._with_timezone(any(e.timed for e in entries), events))

    def gruppen_files(self) -> Iterator[tuple[str, bytes]]:
        """Every group in the file, finished ones included, so a subscribed calendar keeps its past sessions."""
        for g in self.site.gruppen.alle:
            yield self.gruppe_file(g)


def _datetime(value: dt.date | dt.datetime) -> dt.datetime:
    assert isinstance(value, dt.datetime)
    return value
