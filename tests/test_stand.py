"""The revision record data/termine.stand.json (issue 16, class 7).

- A failed build changes no file: not output/, not data/ (the record is the one
  file a build writes there), nothing else in the project; only the cache folder
  (WIR2_CACHE_PATH, outside the project in the tests) may change.  Checked for a
  failure at every stage of a build, with the record in its writing mode.
- An id that left data/termine.yml stays in the record, marked „entfernt“ with
  what subscribers last saw of it (kind, title, days and times), so a later
  cancellation can be published for it (issue 11).  Coming back as another kind
  of event is an error on its ``id``; coming back as the same kind is an update.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from helpers import ROOT, SITE_BUILD_DATE, Content, build_project, copy_project, site_with
from wir2.problems import DataError

TERMINE = (ROOT / "data" / "termine.yml").read_text(encoding="utf-8")
STAND = (ROOT / "data" / "termine.stand.json").read_text(encoding="utf-8")
MARCH = "  - id: schulung-2025-03\n    art: schulung\n    beginn: 2025-03-13\n    ende: 2025-03-15\n    ort: Neuss\n\n"
INFO_TIME = "  - id: info-2025-05\n    art: infoveranstaltung\n    beginn: 2025-05-06\n    von: 9:00\n"
assert MARCH in TERMINE and INFO_TIME in TERMINE
WITHOUT_MARCH = TERMINE.replace(MARCH, "", 1)
STAMP = "20250115T000000Z"  # SITE_BUILD_DATE


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def record_text_after(tmp_path: Path, termine: str, stand: str = STAND,
                      build_date: dt.date = SITE_BUILD_DATE) -> str:
    """The record a local build would write for ``termine`` on top of ``stand`` (``stand`` if nothing changed)."""
    site = site_with(tmp_path, build_date, files={"termine.yml": termine, "termine.stand.json": stand},
                     revision_mode="schreiben")
    return site.revision_record[1] if site.revision_record is not None else stand


def record_after(tmp_path: Path, termine: str, stand: str = STAND, build_date: dt.date = SITE_BUILD_DATE) -> dict:
    return json.loads(record_text_after(tmp_path, termine, stand, build_date))["termine"]


def removed_march(tmp_path: Path) -> str:
    """The record's text after a build without the March training."""
    return record_text_after(tmp_path / "removed", WITHOUT_MARCH)


# --- what the record remembers --------------------------------------------------------------


def test_the_committed_record_keeps_what_subscribers_see_of_every_dated_event():
    record = json.loads(STAND)["termine"]
    assert record["schulung-2025-03"] == {
        "fingerprint": record["schulung-2025-03"]["fingerprint"], "sequence": 0, "dtstamp": "20241101T000000Z",
        "art": "schulung", "titel": "wir2-Gruppenleiterschulung", "beginn": "2025-03-13", "ende": "2025-03-15"}
    assert record["info-2025-05"]["von"] == "09:00" and record["info-2025-05"]["bis"] == "11:30"
    assert all("art" in entry and "beginn" in entry for entry in record.values())


def test_a_deleted_event_stays_in_the_record_marked_as_removed(tmp_path):
    record = record_after(tmp_path, WITHOUT_MARCH)
    entry = record["schulung-2025-03"]
    # The removal is a revision of its own (a cancellation, once issue 11 publishes it): sequence up, stamped.
    assert entry["entfernt"] == STAMP and entry["sequence"] == 1 and entry["dtstamp"] == STAMP
    assert (entry["art"], entry["titel"], entry["beginn"], entry["ende"]) == (
        "schulung", "wir2-Gruppenleiterschulung", "2025-03-13", "2025-03-15")
    assert all("entfernt" not in e for key, e in record.items() if key != "schulung-2025-03")


def test_a_removed_event_that_stays_removed_changes_the_record_no_more(tmp_path):
    stand = removed_march(tmp_path)
    site = site_with(tmp_path / "again", dt.date(2025, 6, 1), files={"termine.yml": WITHOUT_MARCH,
                                                                   "termine.stand.json": stand},
                     revision_mode="schreiben")
    assert site.revision_record is None


def test_publishing_a_deletion_that_the_record_does_not_know_stops(tmp_path):
    with pytest.raises(DataError) as info:
        site_with(tmp_path, files={"termine.yml": WITHOUT_MARCH}, revision_mode="pruefen")
    [problem] = info.value.problems
    assert problem.file == "data/termine.stand.json" and "schulung-2025-03" in problem.message


# --- an id used again --------------------------------------------------------------------------


def reuse(kind: str, day: str, extra: str = "    online: true\n") -> str:
    return WITHOUT_MARCH + f"\n  - id: schulung-2025-03\n    art: {kind}\n    beginn: {day}\n{extra}"


def test_a_deleted_id_used_again_for_another_kind_is_an_error(tmp_path):
    stand = removed_march(tmp_path)
    text = reuse("infoveranstaltung", "2025-06-17")
    with pytest.raises(DataError) as info:
        site_with(tmp_path / "reuse", files={"termine.yml": text, "termine.stand.json": stand})
    line = line_of(text, "id: schulung-2025-03")
    assert [str(p) for p in info.value.problems] == [
        f"data/termine.yml:{line}: Feld „termine[12].id“: Wert „schulung-2025-03“ ist ungültig; erwartet: eine "
        "neue Kennung, z. B. infoveranstaltung-2025-06 – „schulung-2025-03“ war ein gelöschter Termin der Art "
        "„schulung“ (13.03.–15.03.2025), und abonnierte Kalender würden ihn sonst in diesen Termin verwandeln"]


def test_a_deleted_id_used_again_for_an_undated_event_of_another_kind_is_an_error(tmp_path):
    stand = removed_march(tmp_path)
    text = reuse("jahrestreffen", "offen")
    with pytest.raises(DataError) as info:
        site_with(tmp_path / "reuse", files={"termine.yml": text, "termine.stand.json": stand})
    [problem] = info.value.problems
    assert problem.field == "termine[12].id"
    assert "eine neue Kennung, z. B. jahrestreffen-2025-2 –" in problem.message, problem.message


def test_the_suggested_id_is_not_taken(tmp_path):
    stand = removed_march(tmp_path)
    text = reuse("infoveranstaltung", "2025-11-04").replace("id: info-2025-11", "id: infoveranstaltung-2025-11")
    with pytest.raises(DataError) as info:
        site_with(tmp_path / "reuse", files={"termine.yml": text, "termine.stand.json": stand})
    [problem] = info.value.problems
    assert "z. B. infoveranstaltung-2025-11-2 –" in problem.message, problem.message


def test_a_deleted_event_that_comes_back_as_the_same_kind_continues_its_sequence(tmp_path):
    stand = removed_march(tmp_path)
    text = reuse("schulung", "2025-03-20", "    ende: 2025-03-22\n    ort: Neuss\n")
    record = record_after(tmp_path / "back", text, stand, dt.date(2025, 2, 1))
    entry = record["schulung-2025-03"]
    assert "entfernt" not in entry
    assert entry["sequence"] == 2 and entry["dtstamp"] == "20250201T000000Z" and entry["beginn"] == "2025-03-20"


def test_a_date_change_of_an_event_in_the_file_is_an_update(tmp_path):
    text = TERMINE.replace(INFO_TIME, INFO_TIME.replace("beginn: 2025-05-06", "beginn: 2025-06-17"))
    entry = record_after(tmp_path, text)["info-2025-05"]
    assert (entry["sequence"], entry["beginn"]) == (1, "2025-06-17")


def test_a_damaged_remembered_day_names_the_line_and_field(tmp_path):
    broken = STAND.replace('"beginn": "2025-03-13"', '"beginn": "2025-13-03"', 1)
    with pytest.raises(DataError) as info:
        site_with(tmp_path, files={"termine.stand.json": broken})
    assert [str(p) for p in info.value.problems] == [
        f"data/termine.stand.json:{line_of(broken, '2025-13-03')}: Feld „termine.schulung-2025-03.beginn“: Wert "
        "„2025-13-03“ ist ungültig; erwartet: ein Datum, das es gibt (Tag und Monat prüfen) – am besten die vom "
        "Build geschriebene Datei aus der Versionsverwaltung wiederherstellen"]


# --- a failed build changes nothing ---------------------------------------------------------------


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
    """A change the record must take up (the May info event an hour later)."""
    replace_in(project / "data" / "termine.yml", INFO_TIME, INFO_TIME.replace("von: 9:00", "von: 10:00"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A project copy with a site in output/ and the committed record."""
    project = copy_project(tmp_path_factory.mktemp("stand") / "project")
    assert build_project(project, project / "output", TERMINE_STAND="schreiben").ok
    assert (project / "data" / "termine.stand.json").read_text(encoding="utf-8") == STAND
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
    (break_termine, "data/termine.yml:"),  # while loading: no record computed
    (break_gruppen, "data/gruppen.yml:"),  # while loading, after the record was computed
    (break_a_placeholder, "schulng"),  # while rendering a page
    (break_a_link, "gibt-es-nicht.md"),  # Pelican's warning while writing the pages and the data files
])
def test_a_failed_build_changes_no_file(built, tmp_path, breakage, reported):
    project = fresh_copy(built, tmp_path)
    move_an_event(project)
    breakage(project)
    before = project_files(project)
    result = build_project(project, project / "output", TERMINE_STAND="schreiben")
    assert not result.ok
    assert any(reported in m for m in result.messages), result.messages
    assert project_files(project) == before


def test_the_same_change_without_the_breakage_writes_the_record_and_the_site(built, tmp_path):
    """The counterpart of the test above: that build would have written data/ and output/."""
    project = fresh_copy(built, tmp_path)
    move_an_event(project)
    before = project_files(project)
    result = build_project(project, project / "output", TERMINE_STAND="schreiben")
    assert result.ok, result.messages
    after = project_files(project)
    changed = sorted(k for k in after.keys() | before.keys() if after.get(k) != before.get(k))
    assert "data/termine.stand.json" in changed
    assert "output/termine/infoveranstaltung/info-2025-05.ics" in changed
    assert [k for k in changed if not k.startswith("output/")] == ["data/termine.stand.json"]


def test_a_record_that_cannot_be_written_fails_the_build_before_the_site_is_swapped_in(built, tmp_path,
                                                                                        monkeypatch):
    """data/ not writable (disk full, no permission – root ignores permissions, so the write is made to fail):
    one message naming the record, and neither output/ nor data/ changes."""
    project = fresh_copy(built, tmp_path)
    move_an_event(project)
    before = project_files(project)
    mkstemp = tempfile.mkstemp

    def full(*args, **kwargs):
        if kwargs.get("prefix", "").startswith(".termine.stand.json"):
            raise OSError(28, "No space left on device")
        return mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", full)
    result = build_project(project, project / "output", TERMINE_STAND="schreiben")
    assert not result.ok
    assert result.messages == ["data/termine.stand.json: lässt sich nicht schreiben (No space left on device); "
                               "erwartet: Schreibrecht und freier Platz im Ordner data"]
    assert project_files(project) == before


@pytest.mark.parametrize("sequence", ["99999999999", "2147483648", "-1", '"' + "9" * 5000 + '"'])
def test_a_sequence_beyond_what_calendars_take_is_a_message_not_a_traceback(tmp_path, sequence):
    """RFC 5545 caps SEQUENCE at 2^31 - 1; icalendar raised ValueError on more (reviewer's t13)."""
    stand = STAND.replace('"sequence": 0,', f'"sequence": {sequence},', 1)
    with pytest.raises(DataError) as info:
        site_with(tmp_path, files={"termine.stand.json": stand})
    [problem] = [str(p) for p in info.value.problems]
    assert problem.startswith("data/termine.stand.json:6: Feld „termine.info-2025-05.sequence“: Wert „"), problem
    assert "erwartet: eine ganze Zahl ab 0 bis 2147483647" in problem
