"""A failed build changes no file: not output/, not data/, nothing else in the project (issue 16, class 7).

Only the cache folder (WIR2_CACHE_PATH, outside the project in the tests) may change.
Checked for a failure at every stage of a build; a build never writes to data/ at all
(the calendars' revisions are counted from git, wir2.load.revisions).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpers import ROOT, Content, build_project, copy_project

INFO_TIME = "  - id: info-2025-05\n    art: infoveranstaltung\n    beginn: 2025-05-06\n    von: 9:00\n"
assert INFO_TIME in (ROOT / "data" / "termine.yml").read_text(encoding="utf-8")


def project_files(project: Path) -> dict[str, bytes]:
    """Every file of the project copy (output/ included) except the linked plugins and Python's
    bytecode of pelicanconf.py (``__pycache__``, written by the interpreter when Pelican imports
    the settings – on the first build on a fresh machine, failed or not)."""
    found: dict[str, bytes] = {}
    for folder, dirs, files in os.walk(project):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not (Path(folder) / d).is_symlink())
        for name in files:
            path = Path(folder) / name
            found[path.relative_to(project).as_posix()] = Content(path.read_bytes())
    return found


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def break_termine(project: Path) -> None:
    replace_in(project / "data" / "termine.yml", "beginn: 2025-11-27", "beginn: 2025-11-31")


def break_gruppen(project: Path) -> None:
    (project / "data" / "gruppen.yml").write_text("- id: Gruppe Eins\n", encoding="utf-8")


def break_a_placeholder(project: Path) -> None:
    page = project / "content" / "pages" / "konzept.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ kosten.schulng.betrag }}\n", encoding="utf-8")


def break_a_link(project: Path) -> None:
    """A link to a page that does not exist: Pelican's own warning, late in the build (pages are being written)."""
    page = project / "content" / "pages" / "konzept.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[weiter]({filename}gibt-es-nicht.md)\n", encoding="utf-8")


def move_an_event(project: Path) -> None:
    """A change the calendars must take up (the May info event an hour later)."""
    replace_in(project / "data" / "termine.yml", INFO_TIME, INFO_TIME.replace("von: 9:00", "von: 10:00"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A project copy with a site in output/."""
    project = copy_project(tmp_path_factory.mktemp("gebaut") / "project")
    assert build_project(project, project / "output").ok
    return project


def fresh_copy(built: Path, tmp_path: Path) -> Path:
    project = tmp_path / "project"
    for name in ("content", "data", "theme", "output"):
        shutil.copytree(built / name, project / name)
    for name in ("pelicanconf.py", "publishconf.py"):
        (project / name).write_bytes((built / name).read_bytes())
    (project / "plugins").symlink_to(ROOT / "plugins")
    return project


@pytest.mark.parametrize("breakage, reported", [
    (break_termine, "data/termine.yml:"),  # while loading the events
    (break_gruppen, "data/gruppen.yml:"),  # while loading the groups, after the events
    (break_a_placeholder, "schulng"),  # while rendering a page
    (break_a_link, "gibt-es-nicht.md"),  # Pelican's warning while writing the pages and the data files
])
def test_a_failed_build_changes_no_file(built, tmp_path, breakage, reported):
    project = fresh_copy(built, tmp_path)
    move_an_event(project)
    breakage(project)
    before = project_files(project)
    result = build_project(project, project / "output")
    assert not result.ok
    assert any(reported in m for m in result.messages), result.messages
    assert project_files(project) == before


def test_the_same_change_without_the_breakage_writes_the_site_and_nothing_else(built, tmp_path):
    """The counterpart of the test above: that build would have written output/ – and never data/."""
    project = fresh_copy(built, tmp_path)
    move_an_event(project)
    before = project_files(project)
    result = build_project(project, project / "output")
    assert result.ok, result.messages
    after = project_files(project)
    changed = sorted(k for k in after.keys() | before.keys() if after.get(k) != before.get(k))
    assert "output/termine/infoveranstaltung/info-2025-05.ics" in changed
    assert [k for k in changed if not k.startswith("output/")] == []
