"""How long the PDF fact sheet takes to render, and how big it is (a benchmark, not a test).

The sheet is rendered on every build, before the pages; this prints the time of
the first rendering in a fresh process (what a build pays, fonts loaded from
scratch) and of a few repeats, plus the share of a whole site build.

Usage: ``.venv/bin/python bench/faktenblatt.py`` (or ``invoke bench``).
"""

from __future__ import annotations

import datetime as dt
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

BUILD_DATE = dt.date(2025, 1, 15)
REPEATS = 5


def main() -> None:
    logging.basicConfig(level=logging.ERROR)
    from faktenblatt.sheet import MAX_BYTES, render_pdf, size_text
    from pelican import Pelican
    from pelican.settings import read_settings

    from wir2.build import build

    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"BUILD_DATE": BUILD_DATE})
    started = time.perf_counter()
    import weasyprint  # noqa: F401  (import cost is reported separately)
    imported = time.perf_counter() - started
    pelican = Pelican(settings)  # loads data/ through the plugins' `initialized` receivers

    started = time.perf_counter()
    pdf = render_pdf(pelican.settings)
    first = time.perf_counter() - started
    repeats = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        render_pdf(pelican.settings)
        repeats.append(time.perf_counter() - started)

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        result = build(ROOT / "pelicanconf.py", Path(tmp) / "output", {"BUILD_DATE": BUILD_DATE})
        site = time.perf_counter() - started
    print(f"Faktenblatt: {size_text(len(pdf))} ({len(pdf)} Bytes, Grenze {size_text(MAX_BYTES)})")
    print(f"  import weasyprint:        {imported:6.2f} s")
    print(f"  erstes PDF (kalt):        {first:6.2f} s")
    print(f"  weitere PDFs (Median/{REPEATS}): {statistics.median(repeats):6.2f} s")
    print(f"  ganze Website (warm):    {site:6.2f} s{'' if result.ok else ' (Build fehlgeschlagen)'}")


if __name__ == "__main__":
    main()
