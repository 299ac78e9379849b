"""Shared fixtures: in-process builds of the real site into temporary folders.

``site`` is the real site built once per session with a pinned build date, so
most tests only read files; ``project_copy`` gives a writable copy of content/,
data/ and theme/ for tests that break an input on purpose.  The helpers the
fixtures use live in helpers.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpers import ROOT, build_project, copy_project


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once with the pinned build date."""
    out = tmp_path_factory.mktemp("site") / "output"
    result = build_project(ROOT, out)
    assert result.ok, "\n".join(result.messages)
    return out


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A writable copy of the project's sources (plugins are imported from the original)."""
    return copy_project(tmp_path / "project")


# --- termine: the seed dates before and after they take place (tests/test_termine*.py) ----------


@pytest.fixture(scope="session")
def termine_frueh(tmp_path_factory) -> Path:
    """Local build (no SITEURL) before the first seed date: everything upcoming."""
    out = tmp_path_factory.mktemp("termine-frueh") / "output"
    result = build_project(ROOT, out, dt.date(2024, 11, 1))
    assert result.ok, "\n".join(result.messages)
    return out


@pytest.fixture(scope="session")
def termine_spaet(tmp_path_factory) -> Path:
    """Publish build after the last seed date (from this git clone: publishing needs the data's history)."""
    out = tmp_path_factory.mktemp("termine-spaet") / "output"
    result = build_project(ROOT, out, dt.date(2026, 1, 15), settings="publishconf.py", WIR2_REQUIRE_OPERATOR=False)
    assert result.ok, "\n".join(result.messages)
    return out
