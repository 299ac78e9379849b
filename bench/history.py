"""What counting the calendars' revisions from git costs (a benchmark, not a test).

Builds a repository with ``git fast-import``: the real data with 200 generated dates and
the 500 fictitious groups of tests/fixtures/gruppen, then ``--commits`` editor commits
(default 730: two years of daily edits), each moving one date or one group's start time,
every 30th on a branch merged back.  Then loads the site's data three times in this process
(wir2.load.load_site, which reads the history and counts the revisions) and prints the time
of each: without history (a copy without .git) and with it, twice (nothing is cached between
builds: each build reads the history anew).  The difference is what the history costs.

Usage: ``.venv/bin/python bench/history.py [--commits N]`` (or ``invoke bench``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT / "tests" / "fixtures" / "gruppen"), str(ROOT / "bench")]

from generate import generate as generate_groups  # noqa: E402
from termine import generate as generate_dates  # noqa: E402

from wir2.load import Inputs, load_site  # noqa: E402

BUILD_DATE = dt.date(2025, 1, 15)
START = int(dt.datetime(2023, 1, 15, 9, tzinfo=dt.UTC).timestamp())
TIMES = ("9:00", "9:30", "10:00")


def fast_import(repo: Path, data: Path, commits: int) -> None:
    """The repository: the data folder as first commit, then ``commits`` edits (see the module docstring)."""
    termine = yaml.safe_load((data / "termine.yml").read_text(encoding="utf-8"))
    groups = (data / "gruppen.yml").read_text(encoding="utf-8").split("\n")
    times = [i for i, line in enumerate(groups) if line.startswith("  uhrzeit: ")]
    dated = [e for e in termine["termine"] if e["beginn"] != "offen" and "von" in e]
    stream: list[bytes] = []

    def blob(path: str, text: str) -> None:
        raw = text.encode("utf-8")
        stream.append(f"M 100644 inline data/{path}\ndata {len(raw)}\n".encode() + raw + b"\n")

    def commit(ref: str, mark: int, when: int, message: str, parents: list[int]) -> None:
        msg = message.encode()
        head = f"commit {ref}\nmark :{mark}\ncommitter Redaktion <r@example.org> {when} +0000\ndata {len(msg)}\n"
        stream.append(head.encode() + msg + b"\n")
        if parents:
            stream.append(f"from :{parents[0]}\n".encode())
            stream.extend(f"merge :{p}\n".encode() for p in parents[1:])

    commit("refs/heads/main", 1, START, "Start", [])
    for path in sorted(data.iterdir()):
        blob(path.name, path.read_text(encoding="utf-8"))
    main, mark = 1, 1
    for i in range(1, commits + 1):
        mark += 1
        side = i % 30 == 0
        commit("refs/heads/seite" if side else "refs/heads/main", mark, START + i * 86400, f"Änderung {i}", [main])
        if i % 2:
            event = dated[i % len(dated)]
            event["von"] = TIMES[i % len(TIMES)] if event["von"] != TIMES[i % len(TIMES)] else "8:30"
            blob("termine.yml", yaml.safe_dump(termine, allow_unicode=True, sort_keys=False))
        else:
            line = times[i % len(times)]
            groups[line] = f"  uhrzeit: {TIMES[i % len(TIMES)]}"
            blob("gruppen.yml", "\n".join(groups))
        if side:  # merged back into main at once
            mark += 1
            commit("refs/heads/main", mark, START + i * 86400 + 60, f"Merge {i}", [main, mark - 1])
        main = mark
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "fast-import", "--quiet"], input=b"".join(stream), check=True)
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "-f", "main"], check=True)


def load(root: Path, cache: Path | None) -> tuple[float, int]:
    """Load the data (no pages: they do not depend on the history); the time and the highest group SEQUENCE."""
    (root / "seiten").mkdir(exist_ok=True)
    started = time.perf_counter()
    site = load_site(Inputs(root=root, data=root / "data", pages=root / "seiten",
                            templates=ROOT / "theme" / "templates", build_date=BUILD_DATE, cache=cache))
    return time.perf_counter() - started, max((r.sequence for r in site.gruppen_revisionen.values()), default=0)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--commits", type=int, default=730)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data = generate_dates(200, Path(tmp) / "daten")
        (data / "gruppen.yml").write_text(generate_groups(500), encoding="utf-8")
        repo = Path(tmp) / "repo"
        started = time.perf_counter()
        fast_import(repo, data, args.commits)
        made = time.perf_counter() - started
        tarball = Path(tmp) / "ohne-git"
        shutil.copytree(repo / "data", tarball / "data")
        versions = int(subprocess.run(["git", "-C", str(repo), "rev-list", "--count", "HEAD"], capture_output=True,
                                      text=True, check=True).stdout)
        without, _ = load(tarball, None)
        first, highest = load(repo, None)
        second, _ = load(repo, None)
    print(f"Geschichte: {versions} Commits ({args.commits} Änderungen, 200 Termine, 500 Gruppen; "
          f"angelegt in {made:.1f} s)")
    print(f"  Daten laden ohne Geschichte:        {without:6.2f} s")
    print(f"  mit Geschichte:                     {first:6.2f} s  (+{first - without:.2f} s)")
    print(f"  mit Geschichte, noch einmal:        {second:6.2f} s  (+{second - without:.2f} s)")
    print(f"  höchste SEQUENCE einer Gruppe: {highest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
