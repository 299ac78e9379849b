"""How long the PDF fact sheet takes to render, how big it is, and what the cache saves (a benchmark, not a test).

The sheet is rendered only when what it is made of changed (its HTML, stylesheet,
fonts, library versions); otherwise the build takes it from the cache in
``WIR2_CACHE_PATH``.  This prints the import of WeasyPrint, the first rendering
(fonts loaded from scratch) and further renderings, and the cost of the cache's
key, which every build pays.

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
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT / "tests")]

BUILD_DATE = dt.date(2025, 1, 15)
REPEATS = 5


def main() -> None:
    logging.basicConfig(level=logging.ERROR)
    from helpers import site_with
    from wir2.render import factsheet

    folder = (ROOT / "theme" / "faktenblatt").resolve()
    with tempfile.TemporaryDirectory() as tmp:
        site = site_with(Path(tmp), BUILD_DATE)
        started = time.perf_counter()
        html = factsheet.render_html(site, folder)
        made = time.perf_counter() - started
        started = time.perf_counter()
        factsheet.cache_key(html, folder)
        keyed = time.perf_counter() - started
        started = time.perf_counter()
        import weasyprint  # noqa: F401  (import cost is reported separately)
        imported = time.perf_counter() - started
        started = time.perf_counter()
        pdf = factsheet.render_pdf(html, folder, BUILD_DATE)
        first = time.perf_counter() - started
        repeats = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            factsheet.render_pdf(html, folder, BUILD_DATE)
            repeats.append(time.perf_counter() - started)
        cache = Path(tmp) / "cache"
        factsheet.render(site, folder, cache)  # fills the cache
        started = time.perf_counter()
        factsheet.render(site, folder, cache)
        hit = time.perf_counter() - started
    size = factsheet.size_text(len(pdf))
    print(f"Faktenblatt: {size} ({len(pdf)} Bytes, Grenze {factsheet.size_text(factsheet.MAX_BYTES)})")
    print(f"  HTML aus den Daten:            {made:6.3f} s")
    print(f"  Schlüssel des Zwischenspeichers: {keyed:6.3f} s")
    print(f"  import weasyprint:             {imported:6.2f} s")
    print(f"  erstes PDF (kalt):             {first:6.2f} s")
    print(f"  weitere PDFs (Median/{REPEATS}):      {statistics.median(repeats):6.2f} s")
    print(f"  unverändert, aus dem Speicher:  {hit:6.3f} s (HTML, Schlüssel, Datei lesen)")


if __name__ == "__main__":
    main()
