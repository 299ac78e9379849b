"""iCalendar files: one per dated event, one feed per kind and one of all dates.

Everything goes through icalendar's typed API, so editor text is escaped as
TEXT and can never become a property or a line of its own; every file is
checked by :func:`wir2.ical.lint` before it is written.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
import weakref
from collections.abc import Iterator

from icalendar import Event, vInt, vText, vUri

from wir2 import ical

from .models import Termin
from .sammlung import Termine

PRODID = "-//wir2-bindungstraining.de//Termine//DE"


def vevent(termin: Termin, termine: Termine) -> Event:
    """The ``VEVENT`` of a dated event; UID from its id, SEQUENCE/DTSTAMP from the record.

    Properties are set as typed values (``vText`` escapes editor text); this is
    icalendar's API without ``Component.add``'s type guessing, which alone cost
    a third of the build time for 10,000 events.
    """
    t = termin
    rev = termine.revision(t)
    event = Event()
    event["UID"] = vText(f"{t.id}@{termine.uid_domain}")
    event["DTSTAMP"] = ical.moment(rev.dtstamp)
    event["SEQUENCE"] = vInt(rev.sequence)
    event["SUMMARY"] = vText(t.summary)
    event["DTSTART"] = ical.moment(t.start)
    event["DTEND"] = ical.moment(t.end)
    if t.location:
        event["LOCATION"] = vText(t.location)
    if t.beschreibung:
        event["DESCRIPTION"] = vText(t.beschreibung)
    event["STATUS"] = vText("CANCELLED" if t.abgesagt else "CONFIRMED")
    if t.seite_absolut:
        event["URL"] = vUri(t.seite_absolut)
    return event


def calendar_files(termine: Termine) -> Iterator[tuple[str, bytes]]:
    """``(site-relative path, bytes)`` for every calendar file of the site.

    Every event is serialised once (:func:`wir2.ical.freeze`) and reused in its
    own file and in the feeds.  Every feed is linted; a one-event file only when
    its event is in no feed, since it adds nothing but a fixed header that the
    first one-event file checks.
    """
    events = {t.id: ical.freeze(vevent(t, termine)) for t in termine.datiert()}
    timezone = ical.freeze(ical.vtimezone_berlin())
    page = f"{termine.siteurl}/termine/" if ical_absolute(termine.siteurl) else None
    checked: set[str] = set()
    feeds = []
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
        feeds.append((abo.pfad, ical.serialize(ical.finish(cal, timezone), abo.pfad)))
        checked.update(t.id for t in members)
    single = ical.new_calendar(prodid=PRODID)
    first = {True: True, False: True}  # lint the first all-day and the first timed file in any case
    for t in termine.datiert():
        cal = single.with_components([events[t.id]] if t.ganztags else [timezone, events[t.id]])
        check = t.id not in checked or first[t.ganztags]
        first[t.ganztags] = False
        yield t.ics_url, ical.serialize(cal, t.ics_url, check=check)
    yield from feeds


def ical_absolute(url: str) -> bool:
    return url.startswith(("https://", "http://"))


class Job:
    """The calendar files, made in a second process while Pelican renders the pages.

    Serialising thousands of events is the slowest part of a build with many
    dates and needs nothing from the pages, so on a machine with more than one
    core it runs in a forked child from ``initialized`` on; :meth:`files`
    collects the result.  Without ``fork`` (or with ``parallel=False``) the
    files are made when asked for.  The output is the same either way.
    """

    def __init__(self, termine: Termine, parallel: bool = True):
        self.termine = termine
        self._process = None
        if parallel and (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("fork")
            self._receive, send = ctx.Pipe(duplex=False)
            self._process = ctx.Process(target=_work, args=(termine, send), daemon=True,
                                        name="termine-kalender")
            self._process.start()
            send.close()
            weakref.finalize(self, _stop, self._process, self._receive)

    def files(self) -> list[tuple[str, bytes]]:
        if self._process is None:
            return list(calendar_files(self.termine))
        try:
            status, payload = self._receive.recv()
        except EOFError:
            status, payload = "error", "the calendar process ended without a result"
        self._process.join()
        if status != "ok":
            raise RuntimeError(f"Kalenderdateien: {payload}")
        return payload


def _work(termine: Termine, send) -> None:
    try:
        result = ("ok", list(calendar_files(termine)))
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which fails the build
        result = ("error", "".join(traceback.format_exception_only(exc)).strip())
    send.send(result)
    send.close()


def _stop(process, receive) -> None:
    """Called when a build is dropped before it collected the files (e.g. a page failed)."""
    if process.is_alive():
        process.terminate()
    process.join(timeout=5)
    receive.close()
