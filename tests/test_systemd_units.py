"""deploy/systemd: the daily rebuild of a self-hosted server, checked with ``systemd-analyze verify``.

``verify`` needs no running systemd (the tests run in chroots and containers): it parses the units
as systemd would and checks that each command exists. The units name the operator's checkout
(/srv/wir2), so the copy verified here points that path at this checkout, where ``dev.sh`` exists.
Every check is also shown to reject a broken copy.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from helpers import ROOT

UNITS = ROOT / "deploy" / "systemd"
SERVICE = UNITS / "wir2-rebuild.service"
TIMER = UNITS / "wir2-rebuild.timer"
CHECKOUT = "/srv/wir2"  # the operator's checkout, as the units and LIESMICH-veroeffentlichen.md name it


def systemd_analyze() -> str:
    path = shutil.which("systemd-analyze") or "/usr/bin/systemd-analyze"
    if not Path(path).is_file():
        pytest.fail("systemd-analyze not found: apt-get install systemd (./dev.sh test installs it from "
                    ".ci/system-packages-test)", pytrace=False)
    return path


def settings(text: str) -> dict[str, dict[str, list[str]]]:
    """Section → key → every value, in order (a unit may repeat a key, e.g. ExecStart=)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
        else:
            key, _, value = line.partition("=")
            current.setdefault(key.strip(), []).append(value.strip())
    return sections


def verify(folder: Path, service: str, timer: str) -> tuple[int, str]:
    """``systemd-analyze verify`` on copies of the units in ``folder``, with /srv/wir2 pointed at this checkout."""
    folder.mkdir(exist_ok=True)
    paths = []
    for name, text in ((SERVICE.name, service), (TIMER.name, timer)):
        path = folder / name
        path.write_text(text.replace(CHECKOUT, str(ROOT)), encoding="utf-8")
        paths.append(str(path))
    env = {**os.environ, "SYSTEMD_LOG_COLOR": "0", "SYSTEMD_PAGER": ""}
    run = subprocess.run([systemd_analyze(), "verify", "--man=no", *paths], capture_output=True, text=True,
                         env=env, timeout=60)
    return run.returncode, (run.stdout + run.stderr).strip()


def test_systemd_accepts_the_units_without_a_warning(tmp_path):
    code, output = verify(tmp_path, SERVICE.read_text(encoding="utf-8"), TIMER.read_text(encoding="utf-8"))
    assert code == 0 and output == "", output


@pytest.mark.parametrize(("unit", "old", "new"), [
    ("service", "ExecStart=/usr/bin/git pull", "ExecStart=/usr/bin/git-gibt-es-nicht pull"),  # no such command
    ("service", "Type=oneshot", "Type=einmal"),  # two ExecStart= need Type=oneshot
    ("service", "NoNewPrivileges=yes", "NoNewPrivilege=yes"),  # a misspelt key is only a warning
    ("timer", "03:00:00", "27:00:00"),  # no such time
    ("timer", "Persistent=true", "Persistent=vielleicht"),
])
def test_verify_rejects_a_broken_copy(tmp_path, unit, old, new):
    texts = {"service": SERVICE.read_text(encoding="utf-8"), "timer": TIMER.read_text(encoding="utf-8")}
    assert old in texts[unit]
    texts[unit] = texts[unit].replace(old, new)
    code, output = verify(tmp_path, texts["service"], texts["timer"])
    assert code != 0 or output, f"systemd-analyze verify accepted {new!r}"


def test_the_timer_starts_the_service_daily_at_three_in_germany():
    timer = settings(TIMER.read_text(encoding="utf-8"))
    assert timer["Timer"]["Unit"] == [SERVICE.name]
    assert timer["Timer"]["Persistent"] == ["true"]
    assert timer["Install"]["WantedBy"] == ["timers.target"]
    [spec] = timer["Timer"]["OnCalendar"]
    run = subprocess.run([systemd_analyze(), "calendar", "--iterations=3", spec], capture_output=True, text=True,
                         env={**os.environ, "TZ": "UTC"}, timeout=60)
    assert run.returncode == 0, run.stderr
    # "Next elapse: Thu 2026-12-03 02:00:00 UTC", then "Iter. #2: …" (systemd 252) or "Iteration #2: …" (257).
    utc = re.findall(r"^\s*(?:Next elapse|Iter\. #\d|Iteration #\d):\s+\w+ (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC$",
                     run.stdout, re.MULTILINE)
    berlin = [dt.datetime.fromisoformat(f"{u}+00:00").astimezone(ZoneInfo("Europe/Berlin")) for u in utc]
    assert len(berlin) == 3 and {(t.hour, t.minute, t.second) for t in berlin} == {(3, 0, 0)}, run.stdout
    assert [(b.date() - berlin[0].date()).days for b in berlin] == [0, 1, 2], run.stdout  # every day


def test_the_service_pulls_fast_forward_only_then_publishes_the_checkout():
    service = settings(SERVICE.read_text(encoding="utf-8"))["Service"]
    assert service["Type"] == ["oneshot"]
    assert service["User"] == ["wir2"] and service["WorkingDirectory"] == [CHECKOUT]
    assert service["ExecStart"] == ["/usr/bin/git pull --ff-only --quiet", f"{CHECKOUT}/dev.sh publish"]
    assert any(v.startswith("WIR2_PUBLISH_TARGET=") for v in service["Environment"])
    assert service["EnvironmentFile"] == ["-/etc/default/wir2"]  # optional: "-"
    assert (ROOT / "dev.sh").stat().st_mode & 0o111


def test_the_operator_guide_names_the_paths_and_the_user_to_adapt():
    guide = (ROOT / "deploy" / "LIESMICH-veroeffentlichen.md").read_text(encoding="utf-8")
    service = settings(SERVICE.read_text(encoding="utf-8"))["Service"]
    for name in (CHECKOUT, service["User"][0], service["EnvironmentFile"][0].lstrip("-"), SERVICE.name, TIMER.name,
                 service["Environment"][0].partition("=")[2]):
        assert f"`{name}`" in guide or f"{name}" in guide.split(), name
