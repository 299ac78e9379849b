"""Build time and peak memory of the whole site with the real dates and with 1,000 and 10,000 generated ones.

A benchmark, not a test.  Each build runs in a fresh process (so imports are
paid every time, as in ``invoke build``, and the peak memory is that build's
own), with the build date pinned to 2025-01-15 (the copies have no git history,
so each build warns that SEQUENCE stays 0; benchmarks/history.py measures reading
the history).  The generated dates spread evenly over ten
years around the build date, so half of them are upcoming and appear in the
listings of /termine/, /gruppenleitung/ and /kooperation/; all kinds, all-day,
multi-day and timed dates, places and online, every status, some undated.

The fact sheet's cache (``WIR2_CACHE_PATH``) starts empty for each data set, so
the first build of a data set renders the PDF ("kalt") and the others find it
("warm"); the table shows the first build and the fastest of the others.

Output goes to ``bench/.work/`` on the project's file system (``/tmp`` can be
several times slower at creating 10,000 small files, which is not the build's
cost).

Usage: ``.venv/bin/python bench/termine.py [COUNT ...] [--repeat N]`` (or ``invoke bench``).
Target on the project's 2-core machine: 10,000 dates in at most 5 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
BUILD_DATE = dt.date(2025, 1, 15)
COUNTS = (1000, 10000)
TARGET_SECONDS = 5.0


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
        event: dict[str, Any] = {"id": f"{kind}-{i:05d}", "art": kind}
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


def build_once(data: str, out: str, cache: str) -> None:
    """In a child process: build once, print wall/CPU time, peak memory and file counts as JSON."""
    import logging
    import resource
    import time

    sys.path.insert(0, str(ROOT / "plugins"))
    logging.basicConfig(level=logging.ERROR)
    from wir2.build import build

    overrides: dict[str, Any] = {"BUILD_DATE": BUILD_DATE, "WIR2_CACHE_PATH": cache}
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
        "ics": len(list((output / "termine").rglob("*.ics"))),
        "termine_kib": (output / "termine" / "index.html").stat().st_size / 1024,
    }))


def zahl(count: int) -> str:
    """``10000`` → ``10.000``."""
    return f"{count:,}".replace(",", ".")


def dez(value: float) -> str:
    """``0.77`` → ``0,77``."""
    return f"{value:.2f}".replace(".", ",")


def measure(data: str, out: Path, cache: Path, repeat: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The first build (empty cache) and the fastest of ``repeat`` more (noise only ever adds time)."""
    shutil.rmtree(cache, ignore_errors=True)
    runs = []
    for _ in range(repeat + 1):
        shutil.rmtree(out, ignore_errors=True)
        done = subprocess.run([sys.executable, __file__, "--one", data, str(out), str(cache)], check=True,
                              capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    cold, warm = runs[0], min(runs[1:], key=lambda r: r["wall"])
    warm["rss"] = max(r["rss"] for r in runs[1:])
    return cold, warm


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("counts", nargs="*", type=int, default=list(COUNTS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        build_once(*args.one)
        return 0
    work = ROOT / "bench" / ".work"
    work.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work) as folder:
        tmp = Path(folder)
        measure("real", tmp / "out", tmp / "cache", 1)  # warm-up: file system caches, compiled bytecode
        rows = [("echte Daten", 11, *measure("real", tmp / "out", tmp / "cache", args.repeat))]
        for count in args.counts:
            data = generate(count, tmp / f"data-{count}")
            rows.append((f"{zahl(count)} erzeugt", count, *measure(str(data), tmp / "out", tmp / "cache",
                                                                   args.repeat)))
    base = rows[0][3]
    print(f"Termine – Build der ganzen Website (eigener Prozess je Build, Build-Datum {BUILD_DATE}; "
          f"kalt = erster Build, warm = schnellster von {args.repeat} weiteren)")
    print(f"{'Datensatz':<16} {'Termine':>8} {'kalt':>8} {'warm':>8} {'CPU warm':>9} {'+warm':>8} "
          f"{'Spitze':>9} {'.ics':>7} {'/termine/':>10}")
    growth: dict[int, float] = {}
    for label, count, cold, warm in rows:
        extra = warm["wall"] - base["wall"]
        if count > 11:
            growth[count] = extra / count * 1000
        print(f"{label:<16} {count:>8} {cold['wall']:7.2f}s {warm['wall']:7.2f}s {warm['cpu']:8.2f}s "
              f"{extra:7.2f}s {warm['rss']:5.0f} MiB {warm['ics']:>7} {warm['termine_kib']:7.0f} KiB")
    print("(+warm: mehr als mit den echten Daten; Spitze: höchster Speicherbedarf eines Builds)")
    if len(growth) >= 2:
        small, large = min(growth), max(growth)
        ratio = dez(growth[large] / growth[small]) if growth[small] > 0 else "–"
        print(f"Build-Zeit je 1.000 Termine: {dez(growth[small])} s bei {zahl(small)} Terminen, "
              f"{dez(growth[large])} s bei {zahl(large)} (Verhältnis {ratio}; 1,0 = linear)")
    for _, count, cold, warm in rows:
        if count == 10000:
            for name, run in (("kalt", cold), ("warm", warm)):
                verdict = "erreicht" if run["wall"] <= TARGET_SECONDS else "NICHT erreicht"
                print(f"Ziel 10.000 Termine in höchstens {TARGET_SECONDS:.0f} s ({name}): {verdict} "
                      f"({dez(run['wall'])} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
