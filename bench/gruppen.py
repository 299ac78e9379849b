"""Build time of the whole site with 0, 500 and 5,000 fictitious groups (a benchmark, not a test).

The groups come from tests/fixtures/gruppen/generate.py.  Each build runs
in-process through wir2.build after one warm-up build, so the difference to
the 0-group build is what the groups cost.  Also prints the parts the group
finder adds on its own (reading and checking the file, writing the calendar
files), the number of pages, the heaviest page with its CSS and script, and the
size of the filter's JSON.

Usage: ``.venv/bin/python bench/gruppen.py [COUNT ...]`` (or ``invoke bench``).
"""

from __future__ import annotations

import gzip
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "gruppen"))

COUNTS = (0, 500, 5000)


def measure(count: int, tmp: Path) -> dict[str, float | int | str]:
    from gruppen import kalender, models
    from projekt import BUILD_DATE, build_project, generate, make_project
    from sitecheck import page_weight, parse

    text = generate(count)
    project = make_project(tmp / f"p{count}", text)
    out = tmp / f"o{count}"
    started = time.perf_counter()
    result = build_project(project, out)
    total = time.perf_counter() - started
    if not result.ok:
        raise SystemExit("\n".join(result.messages))

    started = time.perf_counter()
    verzeichnis = models.load(project / "data" / "gruppen.yml", "data/gruppen.yml", 20, 90, BUILD_DATE)
    loading = time.perf_counter() - started
    started = time.perf_counter()
    for gruppe in verzeichnis.alle:
        kalender.ics(gruppe, verzeichnis.url(gruppe), {"SITEURL": ""}, BUILD_DATE)
    calendars = time.perf_counter() - started

    pages = sorted((out / "gruppen").rglob("index.html"))
    weights = {str(p.relative_to(out)): page_weight(out, parse(p)) for p in pages}
    heaviest = max(weights, key=weights.get)
    json_file = out / "gruppen" / "gruppen.json"
    json_gz = len(gzip.compress(json_file.read_bytes(), 6, mtime=0)) if json_file.exists() else 0
    return {
        "count": count, "total": total, "loading": loading, "calendars": calendars, "pages": len(pages),
        "heaviest": heaviest, "weight": weights[heaviest], "json": json_gz,
        "yaml": len(text.encode("utf-8")),
    }


def main(argv: list[str]) -> None:
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("pelican").setLevel(logging.ERROR)
    counts = tuple(int(a) for a in argv) or COUNTS
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        measure(0, tmp / "warm")  # imports, fonts, templates: paid once per process
        rows = [measure(n, tmp) for n in counts]
    base = next((r["total"] for r in rows if r["count"] == 0), None)
    print("Gruppen vor Ort – Build der ganzen Website (warm, im Prozess)")
    print(f"{'Gruppen':>8} {'Build':>8} {'+Gruppen':>9} {'Lesen':>7} {'.ics':>7} {'Seiten':>7} "
          f"{'schwerste Seite':>16} {'JSON gz':>8} {'YAML':>9}")
    for r in rows:
        extra = f"{r['total'] - base:8.2f}s" if base is not None else "       –"
        print(f"{r['count']:>8} {r['total']:7.2f}s {extra} {r['loading']:6.2f}s {r['calendars']:6.2f}s "
              f"{r['pages']:>7} {r['weight'] / 1024:11.1f} KiB {r['json'] / 1024:5.1f} KiB "
              f"{r['yaml'] / 1024:6.0f} KiB")
    for r in rows:
        if r["count"]:
            print(f"  schwerste Seite bei {r['count']}: {r['heaviest']} (Grenze 14 KiB gzip mit CSS und Skript)")


if __name__ == "__main__":
    main(sys.argv[1:])
