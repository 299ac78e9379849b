"""iCalendar files: one per dated event, one feed per kind and one of all dates.

Everything goes through icalendar's typed API, so editor text is escaped as
TEXT and can never become a property or a line of its own; every file is
checked by :func:`wir2.ical.lint` before it is written.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import traceback
import weakref
from collections.abc import Iterator
from pathlib import Path

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


class Kalenderdateien:
    """Every calendar file of the site, from events serialised once.

    Each event is serialised once (:func:`wir2.ical.freeze`, which also checks
    its folded lines) and reused in its own file and in the feeds.  Every feed
    is linted in full, and the first all-day and the first timed one-event file
    of each batch: the others differ from those only in the event's lines.
    """

    def __init__(self, termine: Termine):
        self.termine = termine
        self.dated = termine.datiert()
        self.events = {t.id: ical.freeze(vevent(t, termine)) for t in self.dated}
        self.timezone = ical.freeze(ical.vtimezone_berlin())

    def feeds(self) -> list[tuple[str, bytes]]:
        termine = self.termine
        page = f"{termine.siteurl}/termine/" if ical_absolute(termine.siteurl) else None
        files = []
        for abo in termine.abos:
            cal = ical.new_calendar(
                prodid=PRODID,
                name=abo.titel,
                description=f"Termine von {termine.sitename}" if termine.sitename else None,
                url=page,
                source=abo.url if abo.absolut else None,
            )
            for t in termine.im_feed(None if abo.id == "alle" else abo.id):
                cal.add_component(self.events[t.id])
            files.append((abo.pfad, ical.serialize(ical.finish(cal, self.timezone), abo.pfad)))
        return files

    def einzeln(self, batch: slice = slice(None)) -> Iterator[tuple[str, bytes]]:
        """The one-event files of ``self.dated[batch]``."""
        single = ical.new_calendar(prodid=PRODID)
        unchecked = {True, False}  # all-day, timed
        for t in self.dated[batch]:
            cal = single.with_components([self.events[t.id]] if t.ganztags else [self.timezone, self.events[t.id]])
            yield t.ics_url, ical.serialize(cal, t.ics_url, check=t.ganztags in unchecked)
            unchecked.discard(t.ganztags)


def calendar_files(termine: Termine) -> Iterator[tuple[str, bytes]]:
    """``(site-relative path, bytes)`` for every calendar file of the site."""
    made = Kalenderdateien(termine)
    yield from made.einzeln()
    yield from made.feeds()


def ical_absolute(url: str) -> bool:
    return url.startswith(("https://", "http://"))


def write_files(folder: Path, files: list[tuple[str, bytes]]) -> int:
    """Write ``files`` below ``folder``; each folder is made once, not once per file."""
    made: set[Path] = set()
    for relpath, data in files:
        target = folder / relpath
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        with open(target, "wb") as handle:
            handle.write(data)
    return len(files)


class Job:
    """The calendar files, made and written by a second process while Pelican renders the pages.

    Serialising and writing thousands of events is the slowest part of a build
    with many dates and needs nothing from the pages.  On a machine with more
    than one core a forked child makes the files from ``initialized`` on and
    writes them as soon as :meth:`start_writing` names the (emptied) output
    folder; :meth:`finish` waits for it and fails the build if it failed.
    Without ``fork`` (or with ``parallel=False``) :meth:`finish` does both
    itself.  The files are the same either way.
    """

    def __init__(self, termine: Termine, parallel: bool = True):
        self.termine = termine
        self.folder: Path | None = None
        self._process = None
        # fork only on Linux: macOS offers it but system libraries there are not fork-safe.
        if parallel and sys.platform == "linux" and (os.cpu_count() or 1) > 1:
            ctx = multiprocessing.get_context("fork")
            self._conn, child = ctx.Pipe()
            self._process = ctx.Process(target=_work, args=(termine, child), daemon=True, name="termine-kalender")
            self._process.start()
            child.close()
            self.termine = None  # the child has its own copy; no reference cycle with the Termine object
            weakref.finalize(self, _stop, self._process, self._conn)

    def start_writing(self, folder: str | Path) -> None:
        """Call once Pelican has emptied the output folder (from a generator's ``generate_context``)."""
        self.folder = Path(folder)
        if self._process is not None:
            self._conn.send(str(self.folder))

    def finish(self) -> int:
        """Wait until every file is written; return how many."""
        if self.folder is None:
            raise RuntimeError("Kalenderdateien: start_writing() was not called")
        if self._process is None:
            return write_files(self.folder, list(calendar_files(self.termine)))
        try:
            status, payload = self._conn.recv()
        except EOFError:
            status, payload = "error", "the calendar process ended without a result"
        self._process.join()
        if status != "ok":
            raise RuntimeError(f"Kalenderdateien: {payload}")
        return payload


def _work(termine: Termine, conn) -> None:
    """In the child: make the files, wait for the output folder, write them, report.

    Writing thousands of files is mostly the kernel's work; once the events are
    serialised, a forked grandchild writes every other one-event file, so the
    second core helps when the pages are done.
    """
    gc.disable()  # a short-lived process that makes no reference cycles worth collecting
    try:
        made, error = Kalenderdateien(termine), None
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which fails the build
        made, error = None, "".join(traceback.format_exception_only(exc)).strip()
    try:
        folder = Path(conn.recv())
    except EOFError:  # the build was dropped
        return
    if error is None:
        try:
            conn.send(("ok", _write_split(made, folder)))
        except Exception as exc:  # noqa: BLE001
            conn.send(("error", "".join(traceback.format_exception_only(exc)).strip()))
    else:
        conn.send(("error", error))
    conn.close()


def _write_split(made: Kalenderdateien, folder: Path) -> int:
    """Write all files, every other one-event file from a grandchild when there are many."""
    helper = os.fork() if len(made.dated) >= 200 else -1
    if helper == 0:  # the grandchild: its half, then leave without running any cleanup of the parent's
        code = 1
        try:
            write_files(folder, list(made.einzeln(slice(1, None, 2))))
            code = 0
        finally:
            os._exit(code)
    count = write_files(folder, list(made.einzeln(slice(0, None, 2) if helper > 0 else slice(None))))
    count += write_files(folder, made.feeds())
    if helper > 0:
        _, status = os.waitpid(helper, 0)
        if status != 0:
            raise RuntimeError("the process writing half of the one-event files failed")
        count += len(made.dated) // 2
    return count


def _stop(process, conn) -> None:
    """When a build is dropped before it collected the files (e.g. a page failed): end the child."""
    conn.close()
    process.join(timeout=1)
    if process.is_alive():
        process.terminate()
        process.join(timeout=5)
