"""Three independent readings of calendar files that must agree: icalendar (Python), ical.js
(Thunderbird's parser, tests/browser/icalcheck.mjs) and libical (Evolution's and GNOME's,
tests/libicalcheck.py through Debian's python3-gi).

:func:`read` writes the files to a folder, has each parser read them, fails the test on any
problem a parser reports, and returns what all three agree a subscriber's calendar holds:
per file, per UID, the sequence, status, title, start, end and stamp.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from icalendar import Calendar

from helpers import ROOT

ICALCHECK = ROOT / "tests" / "browser" / "icalcheck.mjs"
LIBICALCHECK = ROOT / "tests" / "libicalcheck.py"
#: Debian's python3: libical's binding (python3-gi, gir1.2-ical-3.0) is a system package, not in .venv.
SYSTEM_PYTHON = "/usr/bin/python3"
FIELDS = ("sequence", "status", "summary", "dtstart", "dtend", "dtstamp")


def _icalendar(path: Path) -> dict[str, dict[str, object]]:
    found: dict[str, dict[str, object]] = {}
    for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
        ical = {name: event[name].to_ical().decode() if name in event else None
                for name in ("STATUS", "DTSTART", "DTEND", "DTSTAMP")}
        found[str(event["UID"])] = {"sequence": int(event.get("SEQUENCE", 0)), "status": ical["STATUS"],
                                    "summary": str(event["SUMMARY"]), "dtstart": ical["DTSTART"],
                                    "dtend": ical["DTEND"], "dtstamp": ical["DTSTAMP"]}
    return found


def _run(command: list[str], hint: str) -> dict[str, dict]:
    if shutil.which(command[0]) is None and not Path(command[0]).is_file():
        pytest.fail(f"{command[0]} missing: {hint}", pytrace=False)
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def read(files: dict[str, bytes], folder: Path) -> dict[str, dict[str, dict[str, object]]]:
    """What icalendar, ical.js and libical read in ``files`` (path → bytes), which must be the same."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for i, (name, data) in enumerate(sorted(files.items())):
        path = folder / f"{i:04d}-{Path(name).name}"
        path.write_bytes(data)
        paths[name] = path
    if not (ROOT / "node_modules" / "ical.js").is_dir():
        pytest.fail("node_modules/ical.js missing: run `npm ci` (./dev.sh test does)", pytrace=False)
    js = _run(["node", str(ICALCHECK), *map(str, paths.values())], "Node.js (./dev.sh test installs it)")
    lib = _run([SYSTEM_PYTHON, str(LIBICALCHECK), *map(str, paths.values())],
               "Debian's python3 with python3-gi and gir1.2-ical-3.0 (./dev.sh test installs them)")
    result = {}
    for name, path in paths.items():
        problems = js[str(path)]["problems"] + lib[str(path)]["problems"]
        assert not problems, (name, problems)
        readings = {
            "icalendar": _icalendar(path),
            "ical.js": {e["uid"]: {k: e[k] for k in FIELDS} for e in js[str(path)]["entries"]},
            "libical": {e["uid"]: {k: e[k] for k in FIELDS} for e in lib[str(path)]["events"]},
        }
        assert readings["ical.js"] == readings["icalendar"] == readings["libical"], (name, readings)
        result[name] = readings["icalendar"]
    return result
