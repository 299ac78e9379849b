"""Valid output: the Nu Html Checker on every page; ical.js, libical and icalendar on every calendar file.

Each tool runs once over all files.  The canary files in tests/browser/canary/ ride
along in the same run and must be reported, which proves the tool really checked.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from browser.audit import NODE_MODULES, ROOT
from browser.conftest import html_files

CANARY = Path(__file__).parent / "canary"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
ICALCHECK = Path(__file__).parent / "icalcheck.mjs"


def tool(name: str, hint: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.fail(f"`{name}` not found: {hint}", pytrace=False)
    return path


def vnu_messages(files: list[Path]) -> list[dict]:
    """The Nu Html Checker's errors for ``files`` (HTML only), as it reports them in JSON."""
    java = tool("java", "install a Java runtime (default-jre-headless; ./dev.sh test installs it)")
    assert VNU.is_file(), f"{VNU} missing: run `npm ci` (./dev.sh test does)"
    run = subprocess.run([java, "-Xss1024k", "-jar", str(VNU), "--errors-only", "--format", "json",
                          *map(str, files)], capture_output=True, text=True, timeout=600)
    return json.loads(run.stderr or run.stdout)["messages"]


def test_nu_html_checker_reports_no_error(site):
    java = tool("java", "install a Java runtime (default-jre-headless; ./dev.sh test installs it)")
    if not VNU.is_file():
        pytest.fail(f"{VNU} missing: run `npm ci` (./dev.sh test does)", pytrace=False)
    files = [*html_files(site), *sorted(site.rglob("*.css")), *sorted(site.rglob("*.svg"))]
    canary = CANARY / "index.html"
    run = subprocess.run(
        [java, "-Xss1024k", "-jar", str(VNU), "--errors-only", "--format", "json", "--also-check-css",
         "--also-check-svg", *map(str, files), str(canary)],
        capture_output=True, text=True, timeout=600)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    by_file: dict[str, list[str]] = {}
    for m in messages:
        path = m.get("url", "").removeprefix("file:")
        by_file.setdefault(path, []).append(f"line {m.get('lastLine', '?')}: {m.get('type')}: {m.get('message')}")
    assert str(canary) in by_file, f"vnu did not report the broken canary page: {run.stderr[:2000]}"
    errors = [f"{Path(f).relative_to(site)} {msg}" for f, msgs in by_file.items() if f != str(canary) for msg in msgs]
    assert not errors, "\n".join(errors)
    assert len(files) > 1


def test_every_ics_file_parses_with_ical_js(site):
    node = tool("node", "install Node.js (nodejs; ./dev.sh test installs it)")
    if not (NODE_MODULES / "ical.js").is_dir():
        pytest.fail(f"{NODE_MODULES / 'ical.js'} missing: run `npm ci` (./dev.sh test does)", pytrace=False)
    files = sorted(site.rglob("*.ics"))
    canary = CANARY / "broken.ics"
    run = subprocess.run([node, str(ICALCHECK), *map(str, files), str(canary)],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report.pop(str(canary))["problems"], "ical.js accepted the broken canary file"
    problems = [f"{Path(f).relative_to(site)}: {p}" for f, r in report.items() for p in r["problems"]]
    assert not problems, "\n".join(problems)
    assert files, "the site has no .ics file: the Termine plugin should publish at least one calendar"
    assert sum(r["events"] for r in report.values()) > 0, "no calendar file has an event"


def test_cancelled_entries_of_withdrawn_events_parse_with_ical_js(tmp_path):
    """A deleted upcoming event and one set back to „offen“ (issue 11): their cancelled entries, in their own
    files and in the feeds, are read by ical.js as the same events, cancelled."""
    import datetime as dt

    from helpers import DataHistory, build_project

    node = tool("node", "install Node.js (nodejs; ./dev.sh test installs it)")
    history = DataHistory(tmp_path / "project", dt.datetime(2024, 11, 1, tzinfo=dt.UTC), project=True)
    march = ("  - id: schulung-2025-03\n    art: schulung\n    beginn: 2025-03-13\n    ende: 2025-03-15\n"
             "    ort: Neuss\n")
    may = "  - id: schulung-2025-05\n    art: schulung\n    beginn: 2025-05-08\n    ende: 2025-05-10\n    ort: Neuss\n"
    history.replace("termine.yml", march, "")
    history.replace("termine.yml", may, may.replace("beginn: 2025-05-08\n    ende: 2025-05-10", "beginn: offen"))
    history.commit("März gestrichen, Mai verschoben", dt.datetime(2025, 1, 10, tzinfo=dt.UTC))
    out = tmp_path / "out"
    result = build_project(history.path, out)
    assert result.ok, result.messages
    files = [out / "termine" / "schulung" / f"{ident}.ics" for ident in ("schulung-2025-03", "schulung-2025-05")]
    files += [out / "termine" / "abo" / "alle.ics", out / "termine" / "abo" / "schulung.ics"]
    run = subprocess.run([node, str(ICALCHECK), *map(str, files)], capture_output=True, text=True, timeout=300,
                         cwd=ROOT)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert not [p for r in report.values() for p in r["problems"]], report
    for path in files:
        body = path.read_text(encoding="utf-8")
        assert body.count("STATUS:CANCELLED") >= 1 and "SUMMARY:Abgesagt: wir2-Gruppenleiterschulung" in body, path


def test_libical_reports_the_broken_canary():
    """libical (tests/libicalcheck.py) really checks: the canary's line without a colon is reported."""
    from calparsers import LIBICALCHECK, SYSTEM_PYTHON

    run = subprocess.run([SYSTEM_PYTHON, str(LIBICALCHECK), str(CANARY / "broken.ics")], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)[str(CANARY / "broken.ics")]["problems"]


def test_every_calendar_of_the_site_and_the_group_fixture_reads_the_same_in_three_parsers(site, tmp_path):
    """The real site's feeds and event files and the 500-group fixture's calendars: icalendar, ical.js and
    libical read every file without a problem, and the same UID, SEQUENCE, STATUS, SUMMARY, start, end and stamp
    (issue 11)."""
    from calparsers import read
    from fixtures.gruppen.projekt import build_with, generate

    groups = build_with(tmp_path / "gruppen", generate(500))
    files = {f"site/{p.relative_to(site).as_posix()}": p.read_bytes() for p in sorted(site.rglob("*.ics"))}
    files |= {f"fixture/{p.relative_to(groups).as_posix()}": p.read_bytes() for p in sorted(groups.rglob("*.ics"))}
    assert sum(k.startswith("fixture/gruppen/kalender/") for k in files) == 500
    reading = read(files, tmp_path / "lesen")
    assert sum(len(events) for events in reading.values()) >= 500  # at least the series of each group
