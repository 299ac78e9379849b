"""The calendar files: conformance, time zones, revisions (SEQUENCE), cancellations, editor text.

Every ``.ics`` of the site is read by icalendar and by two independent parsers
(``vobject``, ``ical``) and passes the byte-level lint.  Summer and winter times
are checked with a parser that must use the file's own ``VTIMEZONE``, and that
``VTIMEZONE`` is compared hour by hour with the tz database for years ahead.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import vobject
from dateutil import tz as dateutil_tz
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from helpers import DataHistory, build_project, query, site_with, snapshot, tree_text
from icallint import lint
from wir2.model import Termine
from wir2.render.calendar import PRODID_TERMINE, Calendars, Entry, assemble, header

UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")
DATED = ["schulung-2024-12", "schulung-2025-01", "schulung-2025-03", "schulung-2025-05", "schulung-2025-11",
         "supervision-2024-12", "supervision-2025-04", "supervision-2025-10", "supervision-2025-12",
         "info-2025-05", "info-2025-11"]
KINDS = """arten:
  - id: infoveranstaltung
    name: Digitale wir2-Infoveranstaltung
    name_plural: Infoveranstaltungen
  - id: schulung
    name: wir2-Gruppenleiterschulung
    name_plural: Gruppenleiterschulungen
termine:
"""


def ics(ident: str) -> str:
    """Site-relative path of an event's own file: termine/<kind>/<id>.ics."""
    kind = ident.split("-")[0]
    kind = {"info": "infoveranstaltung", "fachtag": "infoveranstaltung"}.get(kind, kind)
    return f"termine/{kind}/{ident}.ics"


def calendar_files(out: Path) -> list[Path]:
    return sorted((out / "termine").rglob("*.ics"))


def events(data: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(data)
    return {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}


def make(tmp_path: Path, body: str, build_date: dt.date, *, siteurl: str = "",
         **inputs) -> tuple[Termine, dict[str, bytes]]:
    """The dates and calendar files for a termine.yml made of KINDS + ``body``, without a Pelican build."""
    site = site_with(tmp_path, build_date, siteurl, files={"termine.yml": KINDS + body}, **inputs)
    return site.termine, dict(Calendars(site).termine_files())


# --- every file of the real site ----------------------------------------------------------------


@pytest.fixture(params=["site", "termine_spaet"])
def built(request) -> Path:
    return request.getfixturevalue(request.param)


def test_every_calendar_file_parses_everywhere_and_passes_the_lint(built):
    files = calendar_files(built)
    assert len(files) == len(DATED) + 5
    for path in files:
        data = path.read_bytes()
        assert lint(data) == [], path
        assert not data.startswith(b"\xef\xbb\xbf")
        cal = Calendar.from_ical(data)
        strict = vobject.readOne(data.decode("utf-8"))
        strict.validate()
        independent = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
        uids = sorted(str(e["UID"]) for e in cal.walk("VEVENT"))
        assert uids == sorted(str(e.uid.value) for e in getattr(strict, "vevent_list", []))
        assert uids == sorted(e.uid for e in independent.events)
        for name in ("METHOD", "ORGANIZER", "ATTENDEE"):
            assert f"\r\n{name}".encode() not in data
        assert b"BEGIN:VALARM" not in data


def test_one_file_per_dated_event(site):
    for ident in DATED:
        found = events((site / ics(ident)).read_bytes())
        assert list(found) == [ident]
    assert not (site / ics("jahrestreffen-2025")).exists()


def test_all_day_events_end_exclusively(site):
    training = events((site / ics("schulung-2025-03")).read_bytes())["schulung-2025-03"]
    assert training["DTSTART"].dt == dt.date(2025, 3, 13) and not isinstance(training["DTSTART"].dt, dt.datetime)
    assert training["DTEND"].dt == dt.date(2025, 3, 16) and not isinstance(training["DTEND"].dt, dt.datetime)
    day = events((site / ics("supervision-2025-04")).read_bytes())["supervision-2025-04"]
    assert (day["DTSTART"].dt, day["DTEND"].dt) == (dt.date(2025, 4, 2), dt.date(2025, 4, 3))
    raw = (site / ics("schulung-2025-03")).read_bytes()
    assert b"DTSTART;VALUE=DATE:20250313\r\n" in raw and b"DTEND;VALUE=DATE:20250316\r\n" in raw
    assert b"VTIMEZONE" not in raw  # nothing refers to a time zone


def test_timed_event_in_berlin_time_with_its_vtimezone(site):
    raw = (site / ics("info-2025-05")).read_bytes()
    assert b"DTSTART;TZID=Europe/Berlin:20250506T090000\r\n" in raw
    assert b"DTEND;TZID=Europe/Berlin:20250506T113000\r\n" in raw
    assert raw.index(b"BEGIN:VTIMEZONE") < raw.index(b"BEGIN:VEVENT")


def test_feeds(site):
    alle = events((site / "termine" / "abo" / "alle.ics").read_bytes())
    assert sorted(alle) == sorted(DATED)
    for art, prefix in (("schulung", "schulung-"), ("supervision", "supervision-"), ("infoveranstaltung", "info-")):
        found = events((site / "termine" / "abo" / f"{art}.ics").read_bytes())
        assert sorted(found) == sorted(i for i in DATED if i.startswith(prefix))
    meeting = (site / "termine" / "abo" / "jahrestreffen.ics").read_bytes()
    assert events(meeting) == {}
    cal = Calendar.from_ical((site / "termine" / "abo" / "schulung.ics").read_bytes())
    assert str(cal["NAME"]) == str(cal["X-WR-CALNAME"]) == "wir2 – Gruppenleiterschulungen"
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/Berlin"
    raw = (site / "termine" / "abo" / "schulung.ics").read_bytes()
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in raw
    assert b"\r\nX-PUBLISHED-TTL:PT12H\r\n" in raw
    single = Calendar.from_ical((site / ics("schulung-2025-03")).read_bytes())
    assert "X-WR-CALNAME" not in single and "NAME" not in single  # Outlook would open it as a new calendar


def test_stable_uid_utc_dtstamp_and_no_address_in_local_build(site):
    for ident in DATED:
        event = events((site / ics(ident)).read_bytes())[ident]
        assert str(event["UID"]) == f"{ident}@wir2-bindungstraining.de"
        assert event["DTSTAMP"].dt.tzinfo is not None and event["DTSTAMP"].dt.utcoffset() == dt.timedelta(0)
        assert "URL" not in event


def test_publish_build_uses_absolute_addresses(termine_spaet):
    event = events((termine_spaet / ics("info-2025-05")).read_bytes())["info-2025-05"]
    assert str(event["URL"]) == "https://www.wir2-bindungstraining.de/termine/#info-2025-05"
    cal = Calendar.from_ical((termine_spaet / "termine" / "abo" / "alle.ics").read_bytes())
    assert str(cal["SOURCE"]) == "https://www.wir2-bindungstraining.de/termine/abo/alle.ics"
    assert str(cal["URL"]) == "https://www.wir2-bindungstraining.de/termine/"
    # Past dates stay in the feeds.
    assert sorted(events((termine_spaet / "termine" / "abo" / "alle.ics").read_bytes())) == sorted(DATED)


# --- time zones ------------------------------------------------------------------------------

SUMMER_WINTER = """  - id: info-juli
    art: infoveranstaltung
    beginn: 2026-07-14
    von: 10:00
    bis: 12:00
    online: true
  - id: info-januar
    art: infoveranstaltung
    beginn: 19.01.2027
    von: 10:00
    bis: 12:00
    online: true
"""
EXPECTED_UTC = {
    "info-juli": (dt.datetime(2026, 7, 14, 8, 0, tzinfo=UTC), dt.datetime(2026, 7, 14, 10, 0, tzinfo=UTC)),
    "info-januar": (dt.datetime(2027, 1, 19, 9, 0, tzinfo=UTC), dt.datetime(2027, 1, 19, 11, 0, tzinfo=UTC)),
}


@pytest.fixture
def summer_winter(tmp_path) -> dict[str, bytes]:
    return make(tmp_path, SUMMER_WINTER, dt.date(2026, 1, 1))[1]


def test_july_and_january_from_the_files_own_vtimezone(summer_winter):
    """vobject resolves an unknown TZID only through the VTIMEZONE in the file: rename it to force that."""
    for ident, (start, end) in EXPECTED_UTC.items():
        text = summer_winter[ics(ident)].decode("utf-8")
        text = text.replace("Europe/Berlin", f"X-wir2-Test-{uuid.uuid4().hex}")
        event = vobject.readOne(text).vevent
        assert event.dtstart.value.astimezone(UTC) == start, ident
        assert event.dtend.value.astimezone(UTC) == end, ident


def test_july_and_january_in_other_parsers(summer_winter):
    feed = summer_winter["termine/abo/infoveranstaltung.ics"].decode("utf-8")
    for event in IcsCalendarStream.calendar_from_ics(feed).events:
        assert (event.dtstart.astimezone(UTC), event.dtend.astimezone(UTC)) == EXPECTED_UTC[event.uid.split("@")[0]]
    for ident, expected in EXPECTED_UTC.items():
        event = events(summer_winter[ics(ident)])[ident]
        assert (event["DTSTART"].dt.astimezone(UTC), event["DTEND"].dt.astimezone(UTC)) == expected


def test_vtimezone_matches_the_tz_database_for_years(summer_winter):
    raw = summer_winter[ics("info-juli")].decode("utf-8")
    block = raw[raw.index("BEGIN:VTIMEZONE"):raw.index("END:VTIMEZONE") + len("END:VTIMEZONE")] + "\r\n"
    written = dateutil_tz.tzical(io.StringIO(block)).get("Europe/Berlin")
    moments = []
    for year in range(2024, 2041):
        moments += [dt.datetime(year, month, 15, 12, tzinfo=UTC) for month in range(1, 13)]
        for month in (3, 10):  # every hour of the last week of March and October
            start = dt.datetime(year, month, 24, tzinfo=UTC)
            moments += [start + dt.timedelta(hours=h) for h in range(8 * 24)]
    for moment in moments:
        assert moment.astimezone(written).utcoffset() == moment.astimezone(BERLIN).utcoffset(), moment


def test_cancelled_event_stays_in_the_feed(tmp_path):
    body = ("  - id: info-a\n    art: infoveranstaltung\n    beginn: 2025-05-06\n    online: true\n"
            "    status: abgesagt\n")
    _, files = make(tmp_path, body, dt.date(2025, 1, 15))
    event = events(files["termine/abo/alle.ics"])["info-a"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "Abgesagt: Digitale wir2-Infoveranstaltung"


def test_past_dates_stay_in_the_feeds_for_at_least_twelve_months(tmp_path):
    body = "  - id: schulung-a\n    art: schulung\n    beginn: 2025-11-27\n    ende: 2025-11-29\n    ort: Neuss\n"
    for build_date, in_feed in ((dt.date(2026, 11, 29), True), (dt.date(2027, 5, 29), True),
                                (dt.date(2027, 6, 1), False)):
        _, files = make(tmp_path, body, build_date)
        assert ("schulung-a" in events(files["termine/abo/alle.ics"])) is in_feed, build_date
        assert "schulung-a" in events(files[ics("schulung-a")])
    termine, _ = make(tmp_path, body, dt.date(2027, 6, 1), feed_months=3)
    assert termine.feed_months == 12  # never fewer than twelve


MANY = "".join(f"  - id: info-{i:03d}\n    art: infoveranstaltung\n    beginn: 2026-{i % 12 + 1:02d}-{i % 28 + 1:02d}\n"
               + ("    von: 9:00\n    bis: 10:00\n" if i % 3 else "") + "    online: true\n" for i in range(250))


@pytest.mark.parametrize("body", [SUMMER_WINTER, MANY], ids=["two", "many"])
def test_a_build_writes_exactly_the_calendar_files_of_the_writer(tmp_path, body, project_copy):
    """Each event is serialised once and reused in its file and the feeds; what a build writes is just that."""
    real = (project_copy / "data" / "termine.yml").read_text(encoding="utf-8")
    text = real[: real.index("\ntermine:\n")] + "\ntermine:\n" + body  # the real kinds, these dates
    (project_copy / "data" / "termine.yml").write_text(text, encoding="utf-8")
    site = site_with(tmp_path, dt.date(2026, 1, 1), files={"termine.yml": text})
    termine, expected = site.termine, dict(Calendars(site).termine_files())
    out = tmp_path / "out"
    assert build_project(project_copy, out, dt.date(2026, 1, 1)).ok
    written = {k: v for k, v in snapshot(out).items() if k.startswith("termine/") and k.endswith(".ics")}
    assert written == expected
    assert len(written) == len(termine.datiert()) + len(termine.abos)


# --- a real build: status, editor text, SEQUENCE over rebuilds ----------------------------------

NASTY_TITLE = "Fachtag; Teil 1, „Bindung“ <script>alert(1)</script>"
NASTY_PLACE = "Neuss, Rathaus; Saal <b>2</b>"
NASTY_NOTE = "Zeile 1\nZeile 2; mit, Komma </script><script>alert(2)</script>"


@pytest.fixture(scope="module")
def revisions(tmp_path_factory):
    """The project in a git repository, published three times: after a commit of changed statuses plus editor
    text, the same again, and after a commit that moves a time.  Snapshots of the output."""
    history = DataHistory(tmp_path_factory.mktemp("revisions") / "repo", dt.datetime(2024, 11, 1, tzinfo=UTC),
                          project=True)
    text = history.text("termine.yml")
    text = text.replace("  - id: info-2025-05\n    art: infoveranstaltung\n",
                        "  - id: info-2025-05\n    art: infoveranstaltung\n    status: abgesagt\n")
    text = text.replace("    beginn: 2025-03-13\n", "    beginn: 2025-03-13\n    status: ausgebucht\n")
    text += ("\n  - id: fachtag-2025-06\n    art: infoveranstaltung\n"
             f"    titel: {json.dumps(NASTY_TITLE, ensure_ascii=False)}\n"
             "    beginn: 2025-06-05\n    von: 9:00\n    bis: 12:00\n"
             f"    ort: {json.dumps(NASTY_PLACE, ensure_ascii=False)}\n"
             f"    hinweis: {json.dumps(NASTY_NOTE, ensure_ascii=False)}\n")
    history.write("termine.yml", text)
    history.commit("Status und Fachtag", dt.datetime(2025, 1, 14, 16, tzinfo=UTC))
    out = history.path / "output"
    states = {}
    for step, date in enumerate([dt.date(2025, 1, 15), dt.date(2025, 1, 15), dt.date(2025, 2, 1)]):
        if step == 2:  # move the November info event by an hour
            old = "  - id: info-2025-11\n    art: infoveranstaltung\n    beginn: 2025-11-18\n    von: 9:00\n"
            history.replace("termine.yml", old, old.replace("von: 9:00", "von: 10:00"))
            history.commit("November eine Stunde später", dt.datetime(2025, 2, 1, 8, tzinfo=UTC))
        result = build_project(history.path, out, date, settings="publishconf.py", WIR2_REQUIRE_OPERATOR=False)
        assert result.ok, result.messages
        states[step] = snapshot(out)
    return states


def sequences(files: dict[str, bytes]) -> dict[str, int]:
    return {ident: int(e["SEQUENCE"]) for ident, e in events(files["termine/abo/alle.ics"]).items()}


def test_sequence_rises_on_change_and_stays_on_a_noop_rebuild(revisions):
    first, second, third = (revisions[i] for i in range(3))
    expected = {ident: 0 for ident in DATED} | {"info-2025-05": 1, "schulung-2025-03": 1, "fachtag-2025-06": 0}
    assert sequences(first) == expected
    assert second == first  # same sources and build date: every byte the same
    assert sequences(third) == expected | {"info-2025-11": 1}
    moved = events(third[ics("info-2025-11")])["info-2025-11"]
    assert moved["DTSTAMP"].dt == dt.datetime(2025, 2, 1, 8, tzinfo=UTC)  # the commit that moved it
    assert events(third[ics("info-2025-05")])["info-2025-05"]["DTSTAMP"].dt == dt.datetime(2025, 1, 14, 16,
                                                                                                    tzinfo=UTC)


def test_cancelled_and_fully_booked_on_the_page(revisions):
    files = revisions[0]
    page = parse_bytes(files["termine/index.html"])
    cancelled = page.by_id("info-2025-05")
    assert "termin-abgesagt" in cancelled.attrs["class"]
    assert cancelled.find_all("s") and cancelled.text.startswith("Abgesagt:")
    assert not cancelled.find_all("a", cls="button") and not cancelled.find_all(cls="termin-kalender")
    booked = page.by_id("schulung-2025-03")
    assert "Ausgebucht" in booked.find_all(cls="termin-status")[0].text
    event = events(files["termine/abo/alle.ics"])["info-2025-05"]
    assert (str(event["STATUS"]), str(event["SUMMARY"])) == ("CANCELLED", "Abgesagt: Digitale wir2-Infoveranstaltung")
    status = {e["@id"].rsplit("#", 1)[1]: e["eventStatus"] for e in json_ld(files["termine/index.html"])}
    assert status["info-2025-05"] == "https://schema.org/EventCancelled"


def parse_bytes(data: bytes):
    return tree_text(data.decode("utf-8"))


def json_ld(html: bytes) -> list[dict]:
    text = html.decode("utf-8")
    start = text.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    body = text[start:text.index("</script>", start)]
    assert "</" not in body and "<" not in body
    return json.loads(body)


def test_editor_text_stays_text_in_html_json_ld_and_ics(revisions):
    files = revisions[0]
    for name, data in files.items():
        if name.endswith(".html"):
            assert b"<script>alert" not in data, name
            assert b"<b>2</b>" not in data, name
    page = parse_bytes(files["termine/index.html"])
    item = page.by_id("fachtag-2025-06")
    assert NASTY_TITLE in item.text and NASTY_PLACE in item.text
    note = item.find_all(cls="termin-hinweis")[0]
    assert "".join(c for c in note.children if isinstance(c, str)) == NASTY_NOTE  # the line break is kept
    assert any(NASTY_TITLE in p.text for p in parse_bytes(files["kooperation/index.html"]).find_all("li"))
    schema = {e["@id"].rsplit("#", 1)[1]: e for e in json_ld(files["termine/index.html"])}
    assert schema["fachtag-2025-06"]["name"] == NASTY_TITLE
    assert schema["fachtag-2025-06"]["description"] == NASTY_NOTE
    google = query(next(x for x in item.links() if "calendar.google.com" in x))
    assert google["text"] == NASTY_TITLE
    mail = query(next(x for x in item.links() if x.startswith("mailto:")))
    assert mail["subject"] == f"Anmeldung: {NASTY_TITLE} am 05.06.2025"
    raw = files[ics("fachtag-2025-06")]
    assert lint(raw) == []
    event = events(raw)["fachtag-2025-06"]
    assert str(event["SUMMARY"]) == NASTY_TITLE
    assert str(event["LOCATION"]) == NASTY_PLACE
    assert NASTY_NOTE in str(event["DESCRIPTION"])
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8")
    assert "SUMMARY:Fachtag\\; Teil 1\\, „Bindung“ <script>alert(1)</script>\r\n" in unfolded
    assert "Zeile 1\\nZeile 2\\; mit\\, Komma" in unfolded
    independent = IcsCalendarStream.calendar_from_ics(raw.decode("utf-8")).events[0]
    assert independent.summary == NASTY_TITLE


# --- the byte-level lint (tests/icallint.py) and the writer's own refusals ---------------------------


@pytest.fixture
def good(summer_winter) -> bytes:
    data = summer_winter[ics("info-juli")]
    assert lint(data) == []
    return data


@pytest.mark.parametrize("breakage, problem", [
    (lambda d: d.replace(b"\r\n", b"\n"), "bare CR or LF"),
    (lambda d: b"\xef\xbb\xbf" + d, "byte order mark"),
    (lambda d: d.replace(b"SUMMARY:", b"SUMMARY:" + b"x" * 80), "octets, more than 75"),
    (lambda d: d.replace(b"SUMMARY:Digitale", b"SUMMARY:" + "ä".encode()[:1] + b"\r\n "
                         + "ä".encode()[1:] + b"Digitale"), "not valid UTF-8"),
    (lambda d: d.replace(d[d.index(b"BEGIN:VTIMEZONE"):d.index(b"END:VTIMEZONE") + 15], b""), "has no VTIMEZONE"),
    (lambda d: d.replace(b"DTEND;TZID=Europe/Berlin:20260714T120000", b"DTEND;TZID=Europe/Berlin:20260714T100000"),
     "is not later than DTSTART"),
    (lambda d: d.replace(b"DTEND;TZID=Europe/Berlin:20260714T120000", b"DTEND;VALUE=DATE:20260715"),
     "of another type"),
    (lambda d: d.replace(b"DTSTART;TZID=Europe/Berlin:", b"DTSTART:"), "neither a DATE"),
    (lambda d: d.replace(b"VERSION:2.0\r\n", b"VERSION:2.0\r\nMETHOD:PUBLISH\r\n"), "METHOD must not"),
    (lambda d: d.replace(b"END:VEVENT", b"ORGANIZER:mailto:a@b.de\r\nEND:VEVENT"), "ORGANIZER must not"),
    (lambda d: d.replace(b"END:VEVENT", b"BEGIN:VALARM\r\nACTION:DISPLAY\r\nEND:VALARM\r\nEND:VEVENT"),
     "VALARM must not"),
    (lambda d: d.replace(b"DTSTAMP:20260101T000000Z", b"DTSTAMP:20260101T000000"), "DTSTAMP must be UTC"),
    (lambda d: d.replace(b"UID:info-juli@wir2-bindungstraining.de\r\n", b""), "UID missing"),
    (lambda d: d.replace(b"END:VCALENDAR\r\n", b""), "unclosed"),
    (lambda d: d.replace(b"VERSION:2.0\r\n", b"VERSION:2.0\r\nREFRESH-INTERVAL:PT12H\r\n"), "VALUE=DURATION"),
])
def test_lint_finds_what_parsers_let_through(good, breakage, problem):
    broken = breakage(good)
    assert broken != good
    problems = lint(broken)
    assert any(problem in p for p in problems), problems


def test_the_writer_refuses_a_broken_entry():
    stamp = dt.datetime(2025, 1, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="not later than DTSTART"):
        Entry("x@y", 0, stamp, "Test", dt.date(2025, 1, 2), dt.date(2025, 1, 2))  # not later than the start
    with pytest.raises(ValueError, match="floating"):
        Entry("x@y", 0, stamp, "Test", dt.datetime(2025, 1, 1, 9, 0), dt.datetime(2025, 1, 1, 10, 0))
    with pytest.raises(ValueError, match="another type"):
        Entry("x@y", 0, stamp, "Test", dt.date(2025, 1, 1), dt.datetime(2025, 1, 2, 10, 0, tzinfo=BERLIN))


def test_calendar_name_is_escaped_text():
    data = assemble(header(prodid=PRODID_TERMINE, name="a; b, c\nd"), [])
    assert b"NAME:a\\; b\\, c\\nd\r\n" in data and b"X-WR-CALNAME:a\\; b\\, c\\nd\r\n" in data


# --- what subscribers get of each event, and a feed without events --------------------------------------

MARCH_FILE = "termine/schulung/schulung-2025-03.ics"


def march(data: bytes):
    found = [e for e in Calendar.from_ical(data).walk("VEVENT") if str(e["UID"]).startswith("schulung-2025-03@")]
    return found[0] if found else None


def test_an_events_own_file_says_fee_place_registration_and_page(tmp_path):
    site = site_with(tmp_path, siteurl="https://www.wir2-bindungstraining.de")
    files = dict(Calendars(site).termine_files())
    event = march(files[MARCH_FILE])
    description = str(event["DESCRIPTION"])
    assert "Teilnahmebeitrag: 700\u00a0€ pro Person, einmalig." in description  # data/kosten.yml's schulung
    assert description.endswith("Mehr: https://www.wir2-bindungstraining.de/termine/#schulung-2025-03")
    assert str(event["LOCATION"]) == "Neuss"
    info = next(e for e in Calendar.from_ical(files["termine/infoveranstaltung/info-2025-05.ics"]).walk("VEVENT"))
    assert "Anmeldung per E-Mail an info@wir2-bindungstraining.de" in str(info["DESCRIPTION"])
    assert "Teilnahme" not in str(info["DESCRIPTION"])  # the info event's kind names no fee
    assert str(info["LOCATION"]) == "Online"


def test_a_feed_of_a_kind_without_dates_still_holds_a_component(tmp_path):
    """RFC 5545 §3.6: a calendar has at least one component; the Jahrestreffen has no date yet."""
    site = site_with(tmp_path, siteurl="https://www.wir2-bindungstraining.de")
    files = dict(Calendars(site).termine_files())
    calendar = Calendar.from_ical(files["termine/abo/jahrestreffen.ics"])
    assert not calendar.walk("VEVENT")
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]
