"""The subscriber's year (issue 11): calendar revisions counted from the data files' git history.

Each test is a small repository (tests/helpers.DataHistory) in which editors commit, branch and
merge at fixed times, built as the site would be on given days.  The calendar files are read by
three independent parsers that must agree (tests/calparsers.py: icalendar, ical.js, libical).

- a moved date raises SEQUENCE by one under the same UID; a rebuild, the next day's build and a
  commit that touches no event change no byte;
- a deleted or undated upcoming event stays in its file and the feeds as cancelled until its date
  has passed, and the build says so;
- whatever two branches do to one event and whichever way they are merged, a published SEQUENCE
  never comes back with other content;
- a group's changed start time raises its calendars' SEQUENCE without any extra field;
- an editor's commit of data/termine.yml alone publishes; without the history a preview warns and
  the publishing build stops.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

import calparsers
from fixtures.gruppen.projekt import EINE_GRUPPE
from helpers import PUBLIC_URL, ROOT, DataHistory, PagesAsBuilt, build_project, copy_project, inputs_of
from wir2.load import load_site
from wir2.model import Site
from wir2.problems import DataError
from wir2.render.calendar import Calendars

UTC = dt.UTC
START = dt.datetime(2024, 11, 1, 9, 30, tzinfo=UTC)
MARCH = "  - id: schulung-2025-03\n    art: schulung\n    beginn: 2025-03-13\n    ende: 2025-03-15\n    ort: Neuss\n"
OFFEN = "  - id: schulung-2025-03\n    art: schulung\n    beginn: offen\n    ort: Neuss\n"
INFO = "  - id: info-2025-05\n    art: infoveranstaltung\n    beginn: 2025-05-06\n    von: 9:00\n"
MARCH_FILE = "termine/schulung/schulung-2025-03.ics"
INFO_FILE = "termine/infoveranstaltung/info-2025-05.ics"
FEEDS = ("termine/abo/alle.ics", "termine/abo/schulung.ics")
MARCH_UID = "schulung-2025-03@wir2-bindungstraining.de"
INFO_UID = "info-2025-05@wir2-bindungstraining.de"


def at(month: int, day: int, hour: int = 10, year: int = 2025) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=UTC)


@pytest.fixture
def history(tmp_path) -> DataHistory:
    return DataHistory(tmp_path / "repo", START)


def calendars(site: Site) -> dict[str, bytes]:
    return dict(Calendars(site).termine_files())


class Reader:
    """The three parsers' agreed reading of a site's calendar files, each call in a folder of its own."""

    def __init__(self, folder: Path):
        self.folder, self.calls = folder, 0

    def __call__(self, files: dict[str, bytes]) -> dict[str, dict[str, dict[str, object]]]:
        self.calls += 1
        return calparsers.read(files, self.folder / f"lesen-{self.calls}")


@pytest.fixture
def read(tmp_path) -> Reader:
    return Reader(tmp_path)


# --- a moved date --------------------------------------------------------------------------------


def test_a_moved_date_raises_the_sequence_once_and_nothing_else_moves(history, read):
    before = calendars(history.site(dt.date(2025, 1, 15), PUBLIC_URL))
    first = read(before)[INFO_FILE][INFO_UID]
    assert (first["sequence"], first["dtstamp"]) == (0, "20241101T093000Z")  # the commit that added it

    history.replace("termine.yml", INFO, INFO.replace("von: 9:00", "von: 10:00"))
    history.commit("Infoveranstaltung im Mai eine Stunde später", at(1, 20))
    after = calendars(history.site(dt.date(2025, 1, 20), PUBLIC_URL))
    moved = read(after)
    for path in (INFO_FILE, "termine/abo/alle.ics", "termine/abo/infoveranstaltung.ics"):
        assert moved[path][INFO_UID] == {**first, "sequence": 1, "dtstamp": "20250120T100000Z",
                                         "dtstart": "20250506T100000"}, path
    # Only the moved event's file and the feeds that hold it change.
    assert sorted(k for k in after if after[k] != before.get(k)) == [
        "termine/abo/alle.ics", "termine/abo/infoveranstaltung.ics", INFO_FILE]

    # A rebuild, the next day's build and a commit that touches no event: the same bytes.
    assert calendars(history.site(dt.date(2025, 1, 20), PUBLIC_URL)) == after
    assert calendars(history.site(dt.date(2025, 1, 21), PUBLIC_URL)) == after
    page = history.path / "content" / "pages" / "konzept.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEin neuer Absatz.\n", encoding="utf-8")
    history.commit("Konzeptseite ergänzt", at(1, 22))
    assert calendars(history.site(dt.date(2025, 1, 22), PUBLIC_URL)) == after


@pytest.mark.parametrize("change", [
    ("beginn: 2025-05-06", "beginn: 2025-05-07"),
    ("von: 9:00", "von: 9:30"),
    ("online: true", "ort: Neuss"),
    ("online: true", "online: true\n    status: abgesagt"),
    ("online: true", "online: true\n    hinweis: Bitte Kamera mitbringen"),
])
def test_date_time_place_status_or_note_raise_the_sequence(history, change):
    old = INFO + "    bis: 11:30\n    online: true\n"
    history.replace("termine.yml", old, old.replace(*change))
    history.commit("Änderung", at(1, 20))
    assert history.site(dt.date(2025, 1, 20)).termine.revisions["info-2025-05"].sequence == 1


def test_a_new_fee_raises_the_sequence_of_the_events_that_show_it(history):
    """The fee of data/kosten.yml is in each training's DESCRIPTION; supervision days show another fee."""
    history.replace("kosten.yml", "  betrag: 700\n", "  betrag: 750\n")
    history.commit("Schulung kostet 750 €", at(1, 20))
    site = history.site(dt.date(2025, 1, 20), PUBLIC_URL)
    raised = sorted(k for k, r in site.termine.revisions.items() if r.sequence == 1)
    assert raised == sorted(t.id for t in site.termine.alle if t.art.id == "schulung" and t.datiert)
    description = calendars(site)[MARCH_FILE].decode()
    assert "Teilnahmebeitrag: 750\u00a0€ pro Person\\, einmalig." in description


def test_an_uncommitted_edit_shows_in_the_preview_as_the_next_revision(history):
    """Local editing (a text editor, the browser editor's local mode): the working copy is one more version."""
    history.replace("termine.yml", INFO, INFO.replace("von: 9:00", "von: 10:00"))
    revision = history.site(dt.date(2025, 1, 20)).termine.revisions["info-2025-05"]
    assert (revision.sequence, revision.dtstamp) == (1, dt.datetime(2025, 1, 20, tzinfo=UTC))


def test_a_commit_that_is_no_yaml_counts_as_nothing(history):
    """A broken file was never published (the build refused it): the fix after it is not a revision."""
    good = history.text("termine.yml")
    history.write("termine.yml", good.replace("termine:\n", "termine:\n  - [\n", 1))
    history.commit("kaputt", at(1, 20))
    history.write("termine.yml", good)
    history.commit("repariert", at(1, 21))
    revisions = history.site(dt.date(2025, 1, 21)).termine.revisions
    assert {r.sequence for r in revisions.values()} == {0}
    assert {r.dtstamp for r in revisions.values()} == {START}


# --- nothing disappears silently -----------------------------------------------------------------


def march_in(reading: dict[str, dict[str, dict[str, object]]], path: str) -> dict[str, object] | None:
    return reading[path].get(MARCH_UID)


def test_a_deleted_upcoming_event_is_cancelled_in_every_calendar_until_its_date(history, read):
    published = read(calendars(history.site(dt.date(2025, 1, 15), PUBLIC_URL)))[MARCH_FILE][MARCH_UID]
    history.replace("termine.yml", MARCH, "")
    history.commit("Schulung im März gestrichen", at(1, 22))
    site = history.site(dt.date(2025, 1, 22), PUBLIC_URL)
    files = calendars(site)
    reading = read(files)
    for path in (MARCH_FILE, *FEEDS):
        assert march_in(reading, path) == {**published, "sequence": published["sequence"] + 1,
                                           "status": "CANCELLED", "dtstamp": "20250122T100000Z",
                                           "summary": "Abgesagt: wir2-Gruppenleiterschulung"}, path
    assert ("data/termine.yml: Termin „schulung-2025-03“ (13.03.–15.03.2025) steht nicht mehr in der Datei; "
            "abonnierte Kalender und /termine/ zeigen ihn bis zum 15.03.2025 als „Abgesagt“") in site.warnings
    item = PagesAsBuilt(site).html("termine/").split('id="schulung-2025-03"', 1)[1].split("</li>", 1)[0]
    assert "Abgesagt" in item and "<s>" in item

    # The same bytes on later days while it is upcoming; after its last day it is gone from every calendar.
    assert calendars(history.site(dt.date(2025, 3, 15), PUBLIC_URL))[MARCH_FILE] == files[MARCH_FILE]
    later = history.site(dt.date(2025, 3, 16), PUBLIC_URL)
    later_files = calendars(later)
    assert MARCH_FILE not in later_files
    assert all(march_in(read(later_files), p) is None for p in FEEDS)
    assert not [w for w in later.warnings if "schulung-2025-03" in w]


def test_an_event_set_back_to_offen_cancels_the_date_subscribers_have(history, read):
    published = read(calendars(history.site(dt.date(2025, 1, 15), PUBLIC_URL)))[MARCH_FILE][MARCH_UID]
    history.replace("termine.yml", MARCH, OFFEN)
    history.commit("Schulung im März verschoben, neuer Termin folgt", at(1, 22))
    site = history.site(dt.date(2025, 1, 22), PUBLIC_URL)
    cancelled = read(calendars(site))[MARCH_FILE][MARCH_UID]
    assert (cancelled["status"], cancelled["sequence"]) == ("CANCELLED", published["sequence"] + 1)
    line = history.text("termine.yml").splitlines().index("  - id: schulung-2025-03") + 3  # its beginn: offen
    assert (f"data/termine.yml:{line}: Termin „schulung-2025-03“ hat kein Datum mehr; abonnierte Kalender zeigen "
            "den bisherigen Termin (13.03.–15.03.2025) bis zum 15.03.2025 als „Abgesagt“") in site.warnings
    assert PagesAsBuilt(site).html("termine/").count('id="schulung-2025-03"') == 1  # listed once: „Termin folgt“

    # Dated again: the event comes back above the cancellation's SEQUENCE.
    history.replace("termine.yml", OFFEN, MARCH.replace("2025-03-1", "2025-04-1"))
    history.commit("Neuer Termin im April", at(1, 29))
    back = history.site(dt.date(2025, 1, 29), PUBLIC_URL)
    entry = read(calendars(back))[MARCH_FILE][MARCH_UID]
    assert (entry["status"], entry["sequence"], entry["dtstart"]) == ("CONFIRMED", cancelled["sequence"] + 1,
                                                                      "20250413")
    assert not back.termine.abgesagt


def test_a_deleted_event_whose_kind_is_gone_too_is_still_cancelled(history, read):
    """Every training and the kind „schulung“ deleted: the March training's cancellation still goes out."""
    kinds, events = history.text("termine.yml").split("termine:\n", 1)
    keep_kinds = [b for b in re.split(r"(?m)^(?=  - id: )", kinds) if not b.startswith("  - id: schulung\n")]
    keep_events = [b for b in re.split(r"(?m)^(?=  - id: )", events) if "    art: schulung\n" not in b]
    history.write("termine.yml", "".join(keep_kinds) + "termine:\n" + "".join(keep_events))
    history.commit("Keine Schulungen mehr", at(1, 22))
    entry = march_in(read(calendars(history.site(dt.date(2025, 1, 22), PUBLIC_URL))), "termine/abo/alle.ics")
    assert entry is not None and (entry["status"], entry["summary"]) == (
        "CANCELLED", "Abgesagt: wir2-Gruppenleiterschulung")


def test_an_id_of_a_deleted_event_used_for_another_kind_is_an_error(history):
    history.replace("termine.yml", MARCH, "")
    history.commit("Schulung im März gestrichen", at(1, 22))
    history.write("termine.yml", history.text("termine.yml") + MARCH.replace("art: schulung", "art: supervision")
                  .replace("    ende: 2025-03-15\n", ""))
    with pytest.raises(DataError) as info:
        history.site(dt.date(2025, 1, 23))
    [problem] = [str(p) for p in info.value.problems]
    assert problem.startswith("data/termine.yml:") and "Feld „termine[" in problem
    assert "eine neue Kennung, z. B. supervision-2025-03 – „schulung-2025-03“ war ein gelöschter Termin der Art " \
           "„schulung“ (13.03.–15.03.2025)" in problem


def test_set_back_to_offen_under_another_kind_is_refused_at_once(history):
    history.replace("termine.yml", MARCH, OFFEN.replace("art: schulung", "art: supervision"))
    with pytest.raises(DataError) as info:
        history.site(dt.date(2025, 1, 22))
    [problem] = [str(p) for p in info.value.problems]
    assert "eine neue Kennung, z. B. supervision-2025 – „schulung-2025-03“ war ein gelöschter Termin" in problem


def test_a_deleted_event_that_comes_back_as_the_same_kind_continues_its_sequence(history):
    history.replace("termine.yml", MARCH, "")
    history.commit("gestrichen", at(1, 22))
    history.write("termine.yml", history.text("termine.yml") + MARCH)
    history.commit("doch wieder", at(1, 23))
    revision = history.site(dt.date(2025, 1, 23)).termine.revisions["schulung-2025-03"]
    assert (revision.sequence, revision.removed) == (2, None)


# --- branches and merges -------------------------------------------------------------------------


def published_contents(sites: list[Site], read: Reader) -> dict[str, dict[int, dict[str, object]]]:
    """Per UID, per SEQUENCE the content published with it; fails if one SEQUENCE had two contents or went down."""
    seen: dict[str, dict[int, dict[str, object]]] = {}
    last: dict[str, int] = {}
    for site in sites:
        for uid, entry in read(calendars(site))["termine/abo/alle.ics"].items():
            content = {k: v for k, v in entry.items() if k not in ("sequence", "dtstamp")}
            sequence = int(str(entry["sequence"]))
            assert sequence >= last.get(uid, 0), (uid, sequence, last[uid])
            assert seen.setdefault(uid, {}).setdefault(sequence, content) == content, (uid, sequence)
            last[uid] = sequence
    return seen


@pytest.mark.parametrize("direction", ["main-merges-b", "b-merges-main-then-fast-forward"])
@pytest.mark.parametrize("b_changes", ["the-same-event", "another-event"])
@pytest.mark.parametrize("resolution", ["a", "b", "third"])
def test_two_branches_never_repeat_a_published_sequence(history, read, direction, b_changes, resolution):
    """Branch a moves the May info event to 10:00; branch b moves it to 11:00 or changes another event.  Main
    publishes a; then b comes in with the info event at a's time, b's (taking b's file whole) or another one –
    merged into main, or main merged into b and main fast-forwarded to it (the first parents then run through
    b, which never was published)."""
    times = {"a": "10:00", "b": "11:00" if b_changes == "the-same-event" else "9:00", "third": "8:30"}
    place = ("    ort: Neuss\n  - id: schulung-2025-05", "    ort: Düsseldorf\n  - id: schulung-2025-05")
    published = [history.site(dt.date(2025, 1, 15), PUBLIC_URL)]
    history.git("branch", "a")
    history.git("branch", "b")
    history.git("checkout", "-q", "b")
    if b_changes == "the-same-event":
        history.replace("termine.yml", INFO, INFO.replace("von: 9:00", "von: 11:00"))
    else:
        history.replace("termine.yml", *place)
    history.commit("b", at(1, 16))
    history.git("checkout", "-q", "a")
    history.replace("termine.yml", INFO, INFO.replace("von: 9:00", "von: 10:00"))
    history.commit("a: 10 Uhr", at(1, 17))
    history.git("checkout", "-q", "main")
    history.merge("a", at(1, 18))
    published.append(history.site(dt.date(2025, 1, 18), PUBLIC_URL))
    resolved = history.text("termine.yml").replace(INFO.replace("9:00", "10:00"),
                                                   INFO.replace("9:00", times[resolution]))
    if b_changes == "another-event":
        resolved = resolved.replace(*place)
    if direction == "main-merges-b":
        history.merge("b", at(1, 20), resolve={"termine.yml": resolved})
    else:
        history.git("checkout", "-q", "b")
        history.merge("main", at(1, 20), resolve={"termine.yml": resolved})
        history.git("checkout", "-q", "main")
        history.git("merge", "-q", "--ff-only", "b")
    published.append(history.site(dt.date(2025, 1, 20), PUBLIC_URL))
    seen = published_contents(published, read)
    starts = [content["dtstart"] for _, content in sorted(seen[INFO_UID].items())]
    assert starts[0] == "20250506T090000" and starts[-1] == f"20250506T{times[resolution].replace(':', ''):0>4}00"
    # The events neither branch touched kept their first revision through all of it.
    untouched = [uid for uid in seen if uid not in (INFO_UID, MARCH_UID)]
    assert untouched and all(list(seen[uid]) == [0] for uid in untouched)


# --- groups --------------------------------------------------------------------------------------


def test_a_groups_changed_start_time_raises_its_sequence_without_any_extra_field(history, read):
    history.write("gruppen.yml", EINE_GRUPPE)
    history.commit("Neue Gruppe in Neuss", at(1, 10))

    def group_file(day: dt.date) -> tuple[str, bytes]:
        site = history.site(day, PUBLIC_URL)
        [gruppe] = site.gruppen.alle
        return Calendars(site).gruppe_file(gruppe)

    path, before = group_file(dt.date(2025, 1, 15))
    first = read({path: before})[path]
    assert {(e["sequence"], e["dtstamp"]) for e in first.values()} == {(0, "20250110T100000Z")}
    assert group_file(dt.date(2025, 1, 16)) == (path, before)  # the daily rebuild: the same bytes

    history.replace("gruppen.yml", "  uhrzeit: 9:00\n", "  uhrzeit: 9:30\n")
    history.commit("Gruppe Neuss beginnt um 9:30", at(1, 20))
    _, after = group_file(dt.date(2025, 1, 21))
    second = read({path: after})[path]
    sessions = "gruppe-beispiel-neuss-1-sitzungen@wir2-bindungstraining.de"
    assert second[sessions] == {**first[sessions], "sequence": 1, "dtstamp": "20250120T100000Z",
                                "dtstart": "20250304T093000", "dtend": "20250304T110000"}
    assert group_file(dt.date(2025, 2, 1)) == (path, after)


def test_a_groups_calendar_follows_the_length_of_sessions_in_programm_yml(history):
    history.write("gruppen.yml", EINE_GRUPPE)
    history.commit("Neue Gruppe", at(1, 10))
    history.replace("programm.yml", "minuten_je_sitzung: 90\n", "minuten_je_sitzung: 120\n")
    history.commit("Sitzungen dauern 120 Minuten", at(1, 20))
    assert history.site(dt.date(2025, 1, 21)).gruppen_revisionen["beispiel-neuss-1"].sequence == 1


# --- publishing and missing history --------------------------------------------------------------


@pytest.fixture(scope="module")
def project_history(tmp_path_factory) -> DataHistory:
    """The whole project in a repository, with an editor's commit that touches data/termine.yml alone."""
    history = DataHistory(tmp_path_factory.mktemp("veroeffentlichen") / "repo", START, project=True)
    history.replace("termine.yml", INFO, INFO.replace("von: 9:00", "von: 10:00"))
    history.commit("Infoveranstaltung im Mai um 10 Uhr", at(1, 20))
    assert history.git("show", "--name-only", "--format=", "HEAD") == "data/termine.yml"
    return history


def test_an_editors_commit_of_termine_yml_alone_publishes(project_history, tmp_path, read):
    out = tmp_path / "out"
    result = build_project(project_history.path, out, dt.date(2025, 1, 20), settings="publishconf.py",
                           WIR2_REQUIRE_OPERATOR=False)
    assert result.ok, result.messages
    entry = read({INFO_FILE: (out / INFO_FILE).read_bytes()})[INFO_FILE][INFO_UID]
    assert (entry["sequence"], entry["dtstart"], entry["dtstamp"]) == (1, "20250506T100000", "20250120T100000Z")
    assert project_history.git("status", "--porcelain") == ""  # and the build wrote nothing to commit


def test_without_git_history_a_preview_warns_and_publishing_stops(tmp_path):
    """A tarball of the project: the site builds, with one warning; the publishing build refuses."""
    project = copy_project(tmp_path / "tarball")
    result = build_project(project, tmp_path / "vorschau")
    assert result.ok, result.messages
    [warning] = [w for w in result.warnings if "Versionsgeschichte" in w]
    assert warning == (
        "data: keine Versionsgeschichte der Daten (kein Git-Klon); ohne sie bemerken Kalender-Abos keine Änderung "
        "an Terminen und Gruppen (SEQUENCE bleibt 0, DTSTAMP ist der Tag des Builds) – zum Veröffentlichen nötig: "
        "ein Build aus einem vollständigen Git-Klon (git clone, ohne --depth)")
    published = build_project(project, tmp_path / "live", settings="publishconf.py", WIR2_REQUIRE_OPERATOR=False)
    assert not published.ok and not (tmp_path / "live").exists()
    assert published.messages == [
        "data: keine Versionsgeschichte der Daten (kein Git-Klon); ohne sie bemerken Kalender-Abos keine Änderung "
        "an Terminen und Gruppen (SEQUENCE bleibt 0, DTSTAMP ist der Tag des Builds); erwartet: ein Build aus einem "
        "vollständigen Git-Klon (git clone, ohne --depth)"]


def test_a_shallow_clone_warns_and_does_not_publish(project_history, tmp_path):
    clone = tmp_path / "flach"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project_history.path}", str(clone)], check=True,
                   capture_output=True)
    site = load_site(inputs_of(clone, dt.date(2025, 1, 20)))
    assert [w for w in site.warnings if "flacher Git-Klon" in w]
    with pytest.raises(DataError) as info:
        load_site(inputs_of(clone, dt.date(2025, 1, 20), require_history=True))
    [problem] = [str(p) for p in info.value.problems]
    assert problem.endswith("erwartet: die ganze Geschichte: git fetch --unshallow (GitHub Actions: fetch-depth: 0; "
                            "GitLab: GIT_DEPTH: 0)")


def test_without_git_installed_the_build_says_so(tmp_path, monkeypatch):
    history = DataHistory(tmp_path / "repo", START)
    monkeypatch.setenv("PATH", str(tmp_path / "kein-git"))
    site = history.site(dt.date(2025, 1, 15))
    assert [w for w in site.warnings if "keine Versionsgeschichte der Daten (git ist nicht installiert)" in w]


def test_the_real_sites_revisions_come_from_this_repository():
    """The project's own history: every dated event has a revision no older than the commit that added it."""
    if not (ROOT / ".git").exists():
        pytest.fail("the test suite runs in a git clone of the project (the calendars' revisions come from it)",
                    pytrace=False)
    site = load_site(inputs_of(ROOT, dt.date(2025, 1, 15)))
    assert not [w for w in site.warnings if "Versionsgeschichte" in w]
    added = subprocess.run(["git", "-C", str(ROOT), "log", "--diff-filter=A", "--format=%ct", "--",
                            "data/termine.yml"], capture_output=True, text=True, check=True).stdout.split()
    first = dt.datetime.fromtimestamp(int(added[-1]), UTC)
    assert all(r.dtstamp >= first for r in site.termine.revisions.values())


# --- reading many versions: entry by entry, as the whole file reads -----------------------------------


def _texts() -> list[tuple[str, str]]:
    from fixtures.gruppen.generate import generate

    found = [("termine", (ROOT / "data" / "termine.yml").read_text(encoding="utf-8")),
             ("gruppen", generate(60)), ("gruppen", EINE_GRUPPE), ("gruppen", "[]\n"), ("gruppen", "")]
    found += [("termine", p.read_text(encoding="utf-8")) for p in sorted((ROOT / "tests/fixtures/termine").glob("*"))]
    found += [("gruppen", p.read_text(encoding="utf-8"))
              for p in sorted((ROOT / "tests/fixtures/broken/gruppen").glob("*.yml"))]
    text = (ROOT / "data" / "termine.yml").read_text(encoding="utf-8")
    found += [("termine", text.replace("termine:\n", "termine: # Liste\n")),
              ("termine", text.replace("\n  - id: ", "\n  -   id: ")),
              ("termine", text.replace("    ort: Neuss\n", "    ort: >\n      Neuss\n      - Mitte\n")),
              ("termine", text.replace("termine:\n  - id", "termine:\n- id").replace("\n  - id: info", "\n- id: info")),
              ("termine", text.replace("arten:\n", "---\narten:\n")), ("termine", text + "\nfoo: 1\n")]
    return found


@pytest.mark.parametrize("kind, text", _texts(), ids=lambda v: v if isinstance(v, str) and len(v) < 12 else None)
def test_reading_entry_by_entry_gives_what_the_whole_file_gives(kind, text):
    from wir2.load import revisions

    entries = revisions.Entries()
    whole = revisions._yaml(text)
    by_entry = getattr(entries, kind)(text)
    if whole is not revisions._UNREADABLE:
        assert by_entry == whole


def test_the_real_files_are_read_entry_by_entry():
    from fixtures.gruppen.generate import generate
    from wir2.load import revisions

    for kind, text in (("termine", (ROOT / "data" / "termine.yml").read_text(encoding="utf-8")),
                       ("gruppen", generate(60))):
        entries = revisions.Entries()
        getattr(entries, kind)(text)
        assert len(entries._items) >= 10, kind  # cut into entries, not parsed whole
