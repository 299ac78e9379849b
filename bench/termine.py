"""Build time and peak memory of the whole site with the real dates and with 1,000 and 10,000 generated ones.

A benchmark, not a test.  Each build runs in a fresh process (so imports are
paid every time, as in ``invoke build``, and the peak memory is that build's
own), with the build date pinned to 2025-01-15 and ``TERMINE_STAND = "lesen"``
(nothing in ``data/`` is written).  The generated dates spread evenly over ten
years around the build date, so half of them are upcoming and appear in the
listings of /termine/, /gruppenleitung/ and /kooperation/; all kinds, all-day,
multi-day and timed dates, places and online, every status, some undated.

Output goes to ``bench/.work/`` on the project's file system (``/tmp`` can be
several times slower at creating 10,000 small files, which is not the build's
cost).  Peak memory is the build process and, separately, the process that
writes the calendar files in parallel.

Usage: ``.venv/bin/python bench/termine.py [COUNT ...] [--repeat N]`` (or ``invoke bench``).
Targets on the project's 2-core machine: 10,000 dates in under 10 s, growth linear from 1,000 to 10,000.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BUILD_DATE = dt.date(2025, 1, 15)
COUNTS = (1000, 10000)
TARGET_SECONDS = 10.0


def generate(count: int, folder: Path) -> Path:
    """A data folder: the real files, with ``count`` generated dates in termine.yml."""
    folder.mkdir(parents=True)
    for path in (ROOT / "data").iterdir():
        if path.is_file() and path.suffix in (".yml", ".json"):
            shutil.copy2(path, folder / path.name)
    real = yaml.safe_load((ROOT / "data" / "termine.yml").read_text(encoding="utf-8"))
    kinds = [k["id"] for k in real["arten"]]
    first = BUILD_DATE - dt.timedelta(days=5 * 365)
    step = 10 * 365 / max(count, 1)
    statuses = ["geplant"] * 10 + ["wenige_plaetze", "ausgebucht", "abgesagt"]
    events = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        day = first + dt.timedelta(days=int(i * step))
        event = {"id": f"{kind}-{i:05d}", "art": kind}
        if i % 97 == 0:
            event["beginn"] = "offen"
        else:
            event["beginn"] = day.isoformat()
            if i % 4 == 0:
                event["ende"] = (day + dt.timedelta(days=2)).isoformat()
            elif i % 4 == 2:
                event["von"], event["bis"] = "9:00", "11:30"
        if i % 3 == 0:
            event["ort"] = "Neuss"
            if i % 2:
                event["adresse"] = f"Musterstraße {i % 100 + 1}"
        else:
            event["online"] = True
        event["status"] = statuses[i % len(statuses)]
        if i % 11 == 0:
            event["hinweis"] = f"Hinweis {i}: bitte Unterlagen mitbringen; Pausen, Getränke."
        events.append(event)
    text = yaml.safe_dump({"arten": real["arten"], "termine": events}, allow_unicode=True, sort_keys=False)
    (folder / "termine.yml").write_text(text, encoding="utf-8")
    return folder


def build_once(data: str, out: str) -> None:
    """In a child process: build once, print wall/CPU time, peak memory and file counts as JSON."""
    import logging
    import resource
    import time

    sys.path.insert(0, str(ROOT / "plugins"))
    logging.basicConfig(level=logging.ERROR)
    from wir2.build import build

    overrides = {"BUILD_DATE": BUILD_DATE, "TERMINE_STAND": "lesen"}
    if data != "real":
        overrides["WIR2_DATA_PATH"] = data
    wall, cpu = time.perf_counter(), time.process_time()
    result = build(ROOT / "pelicanconf.py", out, overrides)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if not result.ok:
        raise SystemExit("\n".join(result.messages))
    output = Path(out)
    print(json.dumps({
        "wall": wall,
        "cpu": cpu,
        "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_rss": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "worker_cpu": resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
        + resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime,
        "ics": len(list((output / "termine").rglob("*.ics"))),
        "termine_kib": (output / "termine" / "index.html").stat().st_size / 1024,
    }))


def zahl(count: int) -> str:
    """``10000`` → ``10.000``."""
    return f"{count:,}".replace(",", ".")


def dez(value: float) -> str:
    """``0.77`` → ``0,77``."""
    return f"{value:.2f}".replace(".", ",")


def measure(data: str, out: Path, repeat: int) -> dict:
    """The fastest of ``repeat`` builds (noise on a shared machine only ever adds time)."""
    runs = []
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        done = subprocess.run([sys.executable, __file__, "--one", data, str(out)], check=True,
                              capture_output=True, text=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    best = min(runs, key=lambda r: r["wall"])
    best["rss"] = max(r["rss"] for r in runs)
    best["worker_rss"] = max(r["worker_rss"] for r in runs)
    return best


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("counts", nargs="*", type=int, default=list(COUNTS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        build_once(*args.one)
        return 0
    work = ROOT / "bench" / ".work"
    work.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work) as folder:
        tmp = Path(folder)
        measure("real", tmp / "out", 1)  # warm-up: file system caches, compiled bytecode
        rows = [("echte Daten", 11, measure("real", tmp / "out", args.repeat))]
        for count in args.counts:
            data = generate(count, tmp / f"data-{count}")
            rows.append((f"{zahl(count)} erzeugt", count, measure(str(data), tmp / "out", args.repeat)))
    base = rows[0][2]
    print(f"Termine – Build der ganzen Website (eigener Prozess je Build, Build-Datum {BUILD_DATE}, "
          f"schnellster von {args.repeat})")
    print(f"{'Datensatz':<16} {'Termine':>8} {'Build':>8} {'CPU':>7} {'CPU Kal.':>8} {'+Build':>8} {'+CPU':>7} "
          f"{'Spitze Build':>13} {'Kalender-Prozess':>17} {'.ics':>7} {'/termine/':>10}")
    growth: dict[int, tuple[float, float]] = {}
    for label, count, r in rows:
        extra_wall = r["wall"] - base["wall"]
        extra_cpu = r["cpu"] + r["worker_cpu"] - base["cpu"] - base["worker_cpu"]
        if count > 11:
            growth[count] = (extra_wall / count * 1000, extra_cpu / count * 1000)
        print(f"{label:<16} {count:>8} {r['wall']:7.2f}s {r['cpu']:6.2f}s {r['worker_cpu']:7.2f}s "
              f"{extra_wall:7.2f}s {extra_cpu:6.2f}s {r['rss']:9.0f} MiB {r['worker_rss']:13.0f} MiB "
              f"{r['ics']:>7} {r['termine_kib']:7.0f} KiB")
    print("(+Build/+CPU: mehr als mit den echten Daten; CPU = Build-Prozess + Kalender-Prozess)")
    if len(growth) >= 2:
        small, large = min(growth), max(growth)
        for i, what in ((0, "Build-Zeit"), (1, "CPU-Zeit")):
            a, b = growth[small][i], growth[large][i]
            ratio = dez(b / a) if a > 0 else "–"
            print(f"{what} je 1.000 Termine: {dez(a)} s bei {zahl(small)} Terminen, {dez(b)} s bei {zahl(large)} "
                  f"(Verhältnis {ratio}; 1,0 = linear)")
    for _, count, r in rows:
        if count == 10000:
            verdict = "erreicht" if r["wall"] < TARGET_SECONDS else "NICHT erreicht"
            print(f"Ziel 10.000 Termine unter {TARGET_SECONDS:.0f} s: {verdict} ({dez(r['wall'])} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
