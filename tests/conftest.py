"""Shared fixtures: in-process builds of the real site into temporary folders.

``site`` is the real site built once per session with a pinned build date, so
most tests only read files.  ``build`` builds (a copy of) the project with
overrides; ``project_copy`` gives a writable copy of content/, data/ and theme/
for tests that break an input on purpose.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from wir2.build import BuildResult, build as run_build

ROOT = Path(__file__).resolve().parent.parent
SITE_BUILD_DATE = dt.date(2025, 1, 15)


def build_project(project: Path, output: Path, build_date: dt.date = SITE_BUILD_DATE,
                  settings: str = "pelicanconf.py", **overrides) -> BuildResult:
    """Build ``project`` (a folder with pelicanconf.py) into ``output``."""
    overrides = {"BUILD_DATE": build_date, **overrides}
    if settings == "pelicanconf.py":
        # Local builds write data/termine.stand.json; a test build computes it in memory only ("lesen").
        # publishconf.py checks it ("pruefen") and never writes.
        overrides.setdefault("TERMINE_STAND", "lesen")
    return run_build(project / settings, output, overrides)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once with the pinned build date."""
    out = tmp_path_factory.mktemp("site") / "output"
    result = build_project(ROOT, out)
    assert result.ok, "\n".join(result.messages)
    return out


def copy_project(dest: Path) -> Path:
    """Copy content/, data/, theme/ and the settings to ``dest``; plugins/ is linked, not copied."""
    dest.mkdir(parents=True)
    for name in ("content", "data", "theme"):
        shutil.copytree(ROOT / name, dest / name)
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy2(ROOT / name, dest / name)
    (dest / "plugins").symlink_to(ROOT / "plugins")
    return dest


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A writable copy of the project's sources (plugins are imported from the original)."""
    return copy_project(tmp_path / "project")


# --- termine: the seed dates before and after they take place (tests/test_termine*.py) ----------


@pytest.fixture(scope="session")
def termine_frueh(tmp_path_factory) -> Path:
    """Local build (no SITEURL) before the first seed date: everything upcoming."""
    out = tmp_path_factory.mktemp("termine-frueh") / "output"
    result = build_project(ROOT, out, dt.date(2024, 11, 1), TERMINE_STAND="lesen")
    assert result.ok, "\n".join(result.messages)
    return out


@pytest.fixture(scope="session")
def termine_spaet(tmp_path_factory) -> Path:
    """Publish build after the last seed date; TERMINE_STAND "pruefen" fails on a stale revision record."""
    out = tmp_path_factory.mktemp("termine-spaet") / "output"
    result = build_project(ROOT, out, dt.date(2026, 1, 15), settings="publishconf.py", WIR2_REQUIRE_OPERATOR=False)
    assert result.ok, "\n".join(result.messages)
    return out
