"""iCalendar files: one per dated event, one feed per kind and one of all dates.

Everything goes through icalendar's typed API, so editor text is escaped as
TEXT and can never become a property or a line of its own; every file is
checked by :func:`wir2.ical.lint` before it is written.
"""

from __future__ import annotations

from collections.abc import Iterator

from icalendar import Event

from wir2 import ical

from .models import Termin
from .sammlung import Termine

PRODID = "-//wir2-bindungstraining.de//Termine//DE"


def vevent(termin: Termin, termine: Termine) -> Event:
    """The ``VEVENT`` of a dated event; UID from its id, SEQUENCE/DTSTAMP from the record."""
    t = termin
    rev = termine.revision(t)
    event = Event()
    event.add("uid", f"{t.id}@{termine.uid_domain}")
    event.add("dtstamp", rev.dtstamp)
    event.add("last-modified", rev.dtstamp)
    event.add("sequence", rev.sequence)
    event.add("summary", t.summary)
    event.add("dtstart", t.start)
    event.add("dtend", t.end)
    if t.location:
        event.add("location", t.location)
    if t.beschreibung:
        event.add("description", t.beschreibung)
    event.add("status", "CANCELLED" if t.abgesagt else "CONFIRMED")
    event.add("class", "PUBLIC")
    if t.seite_absolut:
        event.add("url", t.seite_absolut)
    return event


def calendar_files(termine: Termine) -> Iterator[tuple[str, bytes]]:
    """``(site-relative path, bytes)`` for every calendar file of the site."""
    events = {t.id: vevent(t, termine) for t in termine.datiert()}
    for t in termine.datiert():
        cal = ical.new_calendar(prodid=PRODID)
        cal.add_component(events[t.id])
        yield t.ics_url, ical.serialize(ical.finish(cal), t.ics_url)
    page = f"{termine.siteurl}/termine/" if ical_absolute(termine.siteurl) else None
    for abo in termine.abos:
        members = termine.im_feed(None if abo.id == "alle" else abo.id)
        cal = ical.new_calendar(
            prodid=PRODID,
            name=abo.titel,
            description=f"Termine von {termine.sitename}" if termine.sitename else None,
            url=page,
            source=abo.url if abo.absolut else None,
        )
        for t in members:
            cal.add_component(events[t.id])
        yield abo.pfad, ical.serialize(ical.finish(cal), abo.pfad)


def ical_absolute(url: str) -> bool:
    return url.startswith(("https://", "http://"))
