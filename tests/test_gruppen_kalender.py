"""Gruppen vor Ort: each group's calendar file, expanded by an independent library.

``recurring-ical-events`` (not the code that wrote the files) expands the
weekly rule with its EXDATEs; the result must be exactly the twenty sessions
listed on the group's page, at the right instant in winter and in summer.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from fixtures.gruppen.projekt import BUILD_DATE, EINE_GRUPPE, build_with, generate
from helpers import ROOT, groups_on, listed_dates, site_with
from icallint import lint
from wir2.model import Gruppe, Site
from wir2.render.calendar import Calendars

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC


def load_text(tmp_path: Path, text: str, build_date: dt.date = BUILD_DATE, siteurl: str = "") -> Site:
    return site_with(tmp_path, build_date, siteurl, files={"gruppen.yml": text})


def ics(site: Site, gruppe: Gruppe) -> bytes:
    return Calendars(site).gruppe_file(gruppe)[1]


def uid(gruppe: Gruppe, part: str = "sitzungen") -> str:
    return f"gruppe-{gruppe.id}-{part}@wir2-bindungstraining.de"


def expand(data: bytes) -> dict[str, list[icalendar.Event]]:
    """Every instance between 2024 and 2028, by UID."""
    cal = icalendar.Calendar.from_ical(data)
    found: dict[str, list[icalendar.Event]] = {}
    for event in recurring_ical_events.of(cal).between(dt.date(2024, 1, 1), dt.date(2028, 1, 1)):
        found.setdefault(str(event["UID"]), []).append(event)
    return found


@pytest.fixture(scope="module")
def gebaut(tmp_path_factory) -> Path:
    """60 fictitious groups: skipped weeks, starts in every season, series across New Year and DST."""
    return build_with(tmp_path_factory.mktemp("kalender"), generate(60))


def test_expanded_sessions_are_exactly_the_dates_listed_on_the_page(gebaut):
    verzeichnis = load_text(gebaut.parent, generate(60)).gruppen
    checked = 0
    for gruppe in verzeichnis.alle:
        page = gebaut / verzeichnis.url(gruppe).split("#")[0] / "index.html"
        listed = listed_dates(groups_on(page)[0][gruppe.anker])
        instances = expand((gebaut / "gruppen" / "kalender" / f"{gruppe.id}.ics").read_bytes())[uid(gruppe)]
        starts = [e["DTSTART"].dt for e in instances]
        assert [s.date() for s in starts] == listed == list(gruppe.sitzungen), gruppe.id
        assert len(listed) == 20
        for event in instances:
            start, end = event["DTSTART"].dt, event["DTEND"].dt
            # The wall-clock time in Berlin, whatever the season: the instant is Berlin time, not a fixed offset.
            wall = dt.datetime.combine(start.date(), gruppe.uhrzeit, BERLIN)
            assert start.astimezone(UTC) == wall.astimezone(UTC), (gruppe.id, start)
            assert end - start == dt.timedelta(minutes=90)
        checked += 1
    assert checked == 60
    crossing = [g for g in verzeichnis.alle if g.beginn.year != g.ende.year]
    assert crossing and any(g.ohne_sitzung for g in verzeichnis.alle)


def test_summer_and_winter_sessions_land_on_the_right_utc_instant(tmp_path):
    """One series from March to July crosses the switch to summer time on 30 March 2025."""
    site = load_text(tmp_path, EINE_GRUPPE)
    [gruppe] = site.gruppen.alle
    instances = expand(ics(site, gruppe))[uid(gruppe)]
    utc = [e["DTSTART"].dt.astimezone(UTC) for e in instances]
    assert utc[0] == dt.datetime(2025, 3, 4, 8, 0, tzinfo=UTC)     # 9:00 CET
    assert utc[-1] == dt.datetime(2025, 7, 29, 7, 0, tzinfo=UTC)   # 9:00 CEST
    assert dt.date(2025, 4, 15) not in [u.date() for u in utc] and len(utc) == 20


def test_info_meeting_is_its_own_event(tmp_path):
    site = load_text(tmp_path, EINE_GRUPPE)
    [gruppe] = site.gruppen.alle
    [info] = expand(ics(site, gruppe))[uid(gruppe, "infotreffen")]
    assert info["DTSTART"].dt == dt.datetime(2025, 2, 25, 17, 0, tzinfo=BERLIN)
    assert info["DTEND"].dt == dt.datetime(2025, 2, 25, 18, 30, tzinfo=BERLIN)
    assert str(info["SUMMARY"]) == "Infotreffen zur wir2-Gruppe Neuss"
    assert "RRULE" not in info


def test_file_follows_the_feed_rules(tmp_path):
    site = load_text(tmp_path, EINE_GRUPPE, siteurl="https://www.wir2-bindungstraining.de")
    [gruppe] = site.gruppen.alle
    assert site.gruppen.url(gruppe) == "gruppen/nordrhein-westfalen/#gruppe-beispiel-neuss-1"
    data = ics(site, gruppe)
    assert lint(data) == []
    text = data.decode("utf-8").replace("\r\n ", "")
    lines = text.split("\r\n")
    assert "BEGIN:VTIMEZONE" in lines and "TZID:Europe/Berlin" in lines
    assert "RRULE:FREQ=WEEKLY;UNTIL=20250729T070000Z" in lines
    assert "EXDATE;TZID=Europe/Berlin:20250415T090000,20250422T090000" in lines
    assert "DTSTART;TZID=Europe/Berlin:20250304T090000" in lines
    assert "UID:gruppe-beispiel-neuss-1-sitzungen@wir2-bindungstraining.de" in lines
    assert "UID:gruppe-beispiel-neuss-1-infotreffen@wir2-bindungstraining.de" in lines
    assert lines.count("DTSTAMP:20250115T000000Z") == 2 and lines.count("SEQUENCE:0") == 2
    assert "URL:https://www.wir2-bindungstraining.de/gruppen/nordrhein-westfalen/#gruppe-beispiel-neuss-1" in lines
    assert "SOURCE:https://www.wir2-bindungstraining.de/gruppen/kalender/beispiel-neuss-1.ics" in lines
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in lines
    assert "LOCATION:Beispiel-Familienzentrum\\, Beispielweg 1\\, 41460 Neuss" in lines
    for forbidden in ("METHOD", "ORGANIZER", "ATTENDEE", "BEGIN:VALARM"):
        assert not any(line.startswith(forbidden) for line in lines), forbidden


def test_without_an_absolute_site_address_there_is_no_url(tmp_path):
    site = load_text(tmp_path, EINE_GRUPPE, siteurl="")
    [gruppe] = site.gruppen.alle
    text = ics(site, gruppe).decode()
    assert "\r\nURL:" not in text and "\r\nSOURCE:" not in text


def test_calendar_of_a_group_without_skipped_weeks_or_info_meeting(tmp_path):
    text = EINE_GRUPPE.replace("  ohne_sitzung: [2025-04-15, 2025-04-22]\n", "")
    text = text.split("  infotreffen:")[0]
    site = load_text(tmp_path, text)
    [gruppe] = site.gruppen.alle
    data = ics(site, gruppe)
    assert b"EXDATE" not in data and b"infotreffen@" not in data
    [uid] = expand(data)
    assert [e["DTSTART"].dt.date() for e in expand(data)[uid]] == [
        dt.date(2025, 3, 4) + dt.timedelta(weeks=w) for w in range(20)]


def test_session_count_and_length_come_from_programm(tmp_path):
    programm = (ROOT / "data" / "programm.yml").read_text(encoding="utf-8")
    assert "sitzungen: 20\n" in programm and "minuten_je_sitzung: 90\n" in programm
    site = site_with(tmp_path, BUILD_DATE, files={"gruppen.yml": EINE_GRUPPE, "programm.yml": programm.replace(
        "sitzungen: 20\n", "sitzungen: 12\n").replace("minuten_je_sitzung: 90\n", "minuten_je_sitzung: 120\n")})
    [gruppe] = site.gruppen.alle
    instances = expand(ics(site, gruppe))[uid(gruppe)]
    assert len(instances) == 12
    assert instances[0]["DTEND"].dt - instances[0]["DTSTART"].dt == dt.timedelta(minutes=120)


# Thunderbird's parser (ical.js, from package.json) expands each file with the VTIMEZONE in it and
# prints every instance as UTC seconds: a second, independent reading of rule, exceptions and zone.
ICAL_JS_EXPAND = """
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
const require = createRequire(process.cwd() + "/");
const ICAL = (await import(pathToFileURL(require.resolve("ical.js")).href)).default;
const out = {};
for (const file of process.argv.slice(1)) {
  const cal = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
  for (const zone of cal.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  out[file] = {};
  for (const component of cal.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(component);
    const it = event.iterator();
    const found = [];
    for (let t = it.next(); t && found.length < 100; t = it.next()) {
      const d = event.getOccurrenceDetails(t);
      found.push([d.startDate.toUnixTime(), d.endDate.toUnixTime()]);
    }
    out[file][event.uid] = found;
  }
}
console.log(JSON.stringify(out));
"""


def test_ical_js_expands_every_file_to_the_same_instants(gebaut):
    node = shutil.which("node")
    assert node, "Node.js missing: install nodejs (./dev.sh test does)"
    assert (ROOT / "node_modules" / "ical.js").is_dir(), "node_modules/ical.js missing: run `npm ci`"
    verzeichnis = load_text(gebaut.parent, generate(60)).gruppen
    files = {g.id: gebaut / "gruppen" / "kalender" / f"{g.id}.ics" for g in verzeichnis.alle}
    run = subprocess.run([node, "--input-type=module", "-e", ICAL_JS_EXPAND, *map(str, files.values())],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    for gruppe in verzeichnis.alle:
        found = report[str(files[gruppe.id])]
        expected = [[int(stamp(gruppe.sitzung(d).start)), int(stamp(gruppe.sitzung(d).end))] for d in gruppe.sitzungen]
        assert found[uid(gruppe)] == expected, gruppe.id
        if gruppe.infotreffen:
            info = gruppe.infotreffen.zeit
            assert found[uid(gruppe, "infotreffen")] == [[int(stamp(info.start)), int(stamp(info.end))]]


def stamp(moment: dt.date | dt.datetime) -> float:
    assert isinstance(moment, dt.datetime)
    return moment.timestamp()
