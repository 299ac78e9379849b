"""Build time and peak memory of the whole site with 0, 500 and 5,000 fictitious groups (a benchmark, not a test).

The groups come from tests/fixtures/gruppen/generate.py.  Each build runs in a
fresh process (imports paid every time, as in ``invoke build``; the peak memory
is that build's own); the fastest of ``--repeat`` builds counts, after one build
that fills the fact sheet's cache.  Also prints what the group finder adds on
its own (reading and checking the file, making the calendar files, in the same
process, without the build's cache: what a first build pays), the number of
pages, the heaviest page with its CSS and script, and the size of the filter's JSON.

Usage: ``.venv/bin/python bench/gruppen.py [COUNT ...] [--repeat N]`` (or ``invoke bench``).
Target on the project's 2-core machine: 5,000 groups in at most 6 s.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT / "tests"), str(ROOT / "tests" / "fixtures" / "gruppen")]

COUNTS = (0, 500, 5000)
TARGET_SECONDS = 6.0


def build_once(count: int, tmp: str) -> None:
    """In a child process: build the site with ``count`` groups; print times, memory and sizes as JSON."""
    import logging
    import resource
    import time

    logging.basicConfig(level=logging.ERROR)
    from projekt import BUILD_DATE, build_project, generate, make_project

    from helpers import page_weight, parse
    from wir2.load import gruppen
    from wir2.render.calendar import Calendars

    folder = Path(tmp)
    text = generate(count)
    project = folder / "project"
    if not project.exists():
        make_project(project, text)
    out = folder / "out"
    wall, cpu = time.perf_counter(), time.process_time()
    result = build_project(project, out, WIR2_CACHE_PATH=str(folder / "cache"))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if not result.ok:
        raise SystemExit("\n".join(result.messages))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    started = time.perf_counter()
    verzeichnis = gruppen.load(project / "data" / "gruppen.yml", "data/gruppen.yml", 20, 90, BUILD_DATE)
    loading = time.perf_counter() - started
    from helpers import site_with

    site = site_with(folder / "site", BUILD_DATE, files={"gruppen.yml": text})
    started = time.perf_counter()
    files = list(Calendars(site).gruppen_files())
    calendars = time.perf_counter() - started
    assert len(files) == len(verzeichnis.alle)

    pages = sorted((out / "gruppen").rglob("index.html"))
    weights = {str(p.relative_to(out)): page_weight(out, parse(p)) for p in pages}
    heaviest = max(weights, key=lambda k: weights[k])
    json_file = out / "gruppen" / "gruppen.json"
    json_gz = len(gzip.compress(json_file.read_bytes(), 6, mtime=0)) if json_file.exists() else 0
    print(json.dumps({"count": count, "wall": wall, "cpu": cpu, "rss": rss, "loading": loading,
                      "calendars": calendars, "pages": len(pages), "heaviest": heaviest,
                      "weight": weights[heaviest], "json": json_gz, "yaml": len(text.encode("utf-8"))}))


def measure(count: int, tmp: Path, repeat: int) -> dict[str, Any]:
    runs = []
    for _ in range(repeat + 1):
        done = subprocess.run([sys.executable, __file__, "--one", str(count), str(tmp)], check=True,
                              capture_output=True, text=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    best: dict[str, Any] = min(runs[1:], key=lambda r: r["wall"])
    best["rss"] = max(r["rss"] for r in runs[1:])
    return best


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("counts", nargs="*", type=int, default=list(COUNTS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        build_once(int(args.one[0]), args.one[1])
        return 0
    with tempfile.TemporaryDirectory(dir=ROOT / "bench") as folder:
        rows = []
        for count in args.counts:
            (Path(folder) / str(count)).mkdir()
            rows.append(measure(count, Path(folder) / str(count), args.repeat))
    base = next((r["wall"] for r in rows if r["count"] == 0), None)
    print(f"Gruppen vor Ort – Build der ganzen Website (eigener Prozess je Build, schnellster von {args.repeat})")
    print(f"{'Gruppen':>8} {'Build':>8} {'CPU':>7} {'+Gruppen':>9} {'Spitze':>9} {'Lesen*':>7} {'.ics*':>7} "
          f"{'Seiten':>7} {'schwerste Seite':>16} {'JSON gz':>8} {'YAML':>9}")
    for r in rows:
        extra = f"{r['wall'] - base:8.2f}s" if base is not None else "       –"
        print(f"{r['count']:>8} {r['wall']:7.2f}s {r['cpu']:6.2f}s {extra} {r['rss']:5.0f} MiB "
              f"{r['loading']:6.2f}s {r['calendars']:6.2f}s {r['pages']:>7} {r['weight'] / 1024:11.1f} KiB "
              f"{r['json'] / 1024:5.1f} KiB {r['yaml'] / 1024:6.0f} KiB")
    print("(* ohne Zwischenspeicher gemessen: was der erste Build dafür zahlt; der Build nutzt ihn)")
    for r in rows:
        if r["count"]:
            print(f"  schwerste Seite bei {r['count']}: {r['heaviest']} (Grenze 14 KiB gzip mit CSS und Skript)")
        if r["count"] == 5000:
            verdict = "erreicht" if r["wall"] <= TARGET_SECONDS else "NICHT erreicht"
            print(f"Ziel 5.000 Gruppen in höchstens {TARGET_SECONDS:.0f} s: {verdict} ({r['wall']:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
