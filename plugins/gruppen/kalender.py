"""One calendar file per group: the sessions as one weekly series, plus the info meeting.

A parent who subscribes should see every session, and the file should change
only when the group does.  So the sessions are a single ``VEVENT`` with a
weekly ``RRULE`` ending ``UNTIL`` the last session and an ``EXDATE`` for every
week without a session; an independent expander must arrive at exactly
:attr:`models.Gruppe.sitzungen` (see tests/test_gruppen_kalender.py).
``UNTIL`` rather than ``COUNT``: clients disagree on whether excluded weeks
count towards ``COUNT``, never on where ``UNTIL`` ends.

Identity: the UID comes from the group's id; ``DTSTAMP`` and ``SEQUENCE`` come
from ``geaendert_am`` (the day the group last changed) or, without it, the build
date and 0 – never from the clock, so the same data and build date give the
same bytes.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event, vText

from wir2 import ical

from .models import Gruppe

FOLDER = "kalender"
PRODID = "-//wir2-bindungstraining.de//Gruppen vor Ort//DE"
UID_DOMAIN = "wir2-bindungstraining.de"
SEQUENCE_EPOCH = dt.date(2000, 1, 1)


def uid(gruppe: Gruppe, part: str = "sitzungen") -> str:
    return f"gruppe-{gruppe.id}-{part}@{UID_DOMAIN}"


def sequence(gruppe: Gruppe) -> int:
    """Days from 2000-01-01 to ``geaendert_am``: rises with every later change date, as clients require."""
    return max(0, (gruppe.geaendert_am - SEQUENCE_EPOCH).days) if gruppe.geaendert_am else 0


def addresses(gruppe: Gruppe, page: str | None, siteurl: str) -> tuple[str | None, str | None]:
    """The group on its page (or the finder, once it has left the list) and the file itself.

    Only when the site has an absolute address: a calendar cannot use a relative one.
    """
    if not siteurl.startswith("https://"):
        return None, None
    return f"{siteurl}/{page or 'gruppen/'}", f"{siteurl}/gruppen/{FOLDER}/{gruppe.id}.ics"


def _contact_text(gruppe: Gruppe) -> str:
    k = gruppe.kontakt
    parts = [p for p in (k.name, f"Tel. {k.telefon}" if k.telefon else None,
                         f"E-Mail {k.email}" if k.email else None, k.web) if p]
    return "Anmeldung und Fragen: " + ", ".join(parts) + "."


def calendar(gruppe: Gruppe, page: str | None, siteurl: str, build_date: dt.date) -> Calendar:
    """``page`` is where the group is listed, relative to ``siteurl`` (``None`` if it is not)."""
    page, source = addresses(gruppe, page, siteurl)
    title = f"wir2-Gruppe {gruppe.ort} ({gruppe.traeger})"
    cal = ical.new_calendar(prodid=PRODID, name=title, url=page, source=source,
                            description=f"Alle Termine der wir2-Gruppe: {gruppe.adresse}")
    stamp = ical.utc(gruppe.geaendert_am or build_date)
    seq = sequence(gruppe)
    count = len(gruppe.sitzungen)

    series = Event()
    series.add("uid", uid(gruppe))
    series.add("dtstamp", stamp)
    series.add("sequence", seq)
    series.add("summary", vText(f"wir2-Gruppe {gruppe.ort}"))
    series.add("dtstart", gruppe.start(gruppe.beginn))
    series.add("dtend", gruppe.end(gruppe.beginn))
    series.add("rrule", {"freq": "weekly", "until": ical.utc(gruppe.start(gruppe.ende))})
    if gruppe.ohne_sitzung:
        series.add("exdate", [gruppe.start(day) for day in gruppe.ohne_sitzung])
    series.add("location", vText(gruppe.adresse))
    series.add("description", vText(
        f"{count} Treffen zu je {gruppe.minuten} Minuten, {gruppe.zeit}. Träger: {gruppe.traeger}. "
        + _contact_text(gruppe)))
    if page:
        series.add("url", page)
    cal.add_component(series)

    info = gruppe.infotreffen
    if info:
        meeting = Event()
        meeting.add("uid", uid(gruppe, "infotreffen"))
        meeting.add("dtstamp", stamp)
        meeting.add("sequence", seq)
        meeting.add("summary", vText(f"Infotreffen zur wir2-Gruppe {gruppe.ort}"))
        meeting.add("dtstart", info.start)
        meeting.add("dtend", info.end)
        meeting.add("location", vText(info.ort or gruppe.adresse))
        meeting.add("description", vText(f"Infotreffen vor der ersten Sitzung. {_contact_text(gruppe)}"))
        if page:
            meeting.add("url", page)
        cal.add_component(meeting)
    return ical.finish(cal)


def ics(gruppe: Gruppe, page: str | None, settings: dict, build_date: dt.date) -> bytes:
    """The group's calendar file, checked by the shared byte-level lint."""
    cal = calendar(gruppe, page, settings.get("SITEURL", ""), build_date)
    return ical.serialize(cal, f"{gruppe.id}.ics")
