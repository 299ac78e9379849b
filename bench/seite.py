"""An editor's rebuild: ``invoke build`` after a one-line page edit, next to a bare Pelican build (a benchmark).

Side by side in one run, each build in a fresh process (``python -m wir2.build``
and ``python -m pelican``, as the commands run them):

- **wir2**: a copy of the real site, built once (so the fact sheet is in the
  cache, as on an editor's machine), then one line of ``content/pages/konzept.md``
  is changed and the site is built again – that second build is measured;
- **Pelican**: the same Markdown pages (placeholders and all, as plain text) in a
  bare Pelican project – Pelican's own theme (so without our ``Template:`` lines),
  no plugins – built once.

The target on the project's 2-core machine: wir2 at most twice the bare build.

Usage: ``.venv/bin/python bench/seite.py [--repeat N]`` (or ``invoke bench``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 2.0
BARE_SETTINGS = """
PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = []
OUTPUT_PATH = "output"
PLUGINS = []
TIMEZONE = "Europe/Berlin"
DEFAULT_DATE = (2025, 1, 15)
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
"""


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    env = {**os.environ, "WIR2_BUILD_DATE": "2025-01-15", "PYTHONPATH": str(ROOT / "plugins")}
    with tempfile.TemporaryDirectory(dir=ROOT / "bench") as folder:
        tmp = Path(folder)
        site = tmp / "wir2"
        site.mkdir()
        for name in ("content", "data", "theme"):
            shutil.copytree(ROOT / name, site / name)
        for name in ("pelicanconf.py", "publishconf.py"):
            shutil.copy2(ROOT / name, site / name)
        (site / "plugins").symlink_to(ROOT / "plugins")
        bare = tmp / "pelican"
        (bare / "content").mkdir(parents=True)
        shutil.copytree(ROOT / "content" / "pages", bare / "content" / "pages")
        for md in (bare / "content" / "pages").glob("*.md"):  # Pelican's own theme has none of our templates
            lines = md.read_text(encoding="utf-8").splitlines(keepends=True)
            md.write_text("".join(line for line in lines if not line.startswith("Template:")), encoding="utf-8")
        (bare / "pelicanconf.py").write_text(BARE_SETTINGS, encoding="utf-8")
        wir2_build = [sys.executable, "-m", "wir2.build", "--settings", "pelicanconf.py", "--output", "output"]
        pelican_build = [sys.executable, "-m", "pelican", "-s", "pelicanconf.py", "-q"]
        env = {**env, "WIR2_CACHE_PATH": str(tmp / "cache")}
        timed(wir2_build, site, env)  # the cache and the file system as an editor has them
        timed(pelican_build, bare, env)
        page = site / "content" / "pages" / "konzept.md"
        original = page.read_text(encoding="utf-8")
        ours, theirs = [], []
        for i in range(args.repeat):
            page.write_text(original.replace("darum geht es bei wir2.", f"darum geht es bei wir2 ({i}).", 1),
                            encoding="utf-8")
            ours.append(timed(wir2_build, site, env))
            theirs.append(timed(pelican_build, bare, env))
    best_ours, best_theirs = min(ours), min(theirs)
    ratio = best_ours / best_theirs
    print(f"Seite geändert, neu bauen (eigener Prozess je Build, schnellster von {args.repeat}):")
    print(f"  wir2 (invoke build):         {best_ours:6.2f} s")
    print(f"  Pelican allein, gleiche Seiten: {best_theirs:6.2f} s")
    verdict = "erreicht" if ratio <= TARGET_RATIO else "NICHT erreicht"
    print(f"  Verhältnis {ratio:.1f}× – Ziel höchstens {TARGET_RATIO:.0f}×: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
