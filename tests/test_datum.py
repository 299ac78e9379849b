"""Dates (issue 16): years no calendar can hold are errors; possible but unlikely dates are warnings.

- A year outside 2000–2999 (``9999-12-31``, ``0001-01-01``) is an error with file,
  line and field wherever a date is read – events, groups (sessions, weeks off,
  info meeting, change date), the revision record, a page's ``Modified`` – instead
  of an ``OverflowError`` somewhere in the calendars.
- A date more than two years after or five years before the build date, an event
  lasting more than a week, a group running more than a year, an info meeting more
  than 90 days before the first session, or a change date after the build date is a
  warning naming file, line, field and value; ``datum_geprueft: true`` on the entry
  says the date is meant and silences it.  Warnings do not stop a build.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest

from fixtures.gruppen.projekt import EINE_GRUPPE, generate
from helpers import ROOT, SITE_BUILD_DATE, PagesAsBuilt, build_project, input_problems, site_with
from wir2.build import report
from wir2.load import build_date_from
from wir2.problems import DataError
from wir2.render import finder, sitemap
from wir2.render.calendar import Calendars

TERMINE = (ROOT / "data" / "termine.yml").read_text(encoding="utf-8")
MARCH = "  - id: schulung-2025-03\n    art: schulung\n    beginn: 2025-03-13\n    ende: 2025-03-15\n    ort: Neuss\n"
INFO = "  - id: info-2025-05\n    art: infoveranstaltung\n    beginn: 2025-05-06\n    von: 9:00\n    bis: 11:30\n"
assert MARCH in TERMINE and INFO in TERMINE
YEARS = "ein Datum mit einer Jahreszahl von 2000 bis 2999, z. B. 2025-05-06 oder 06.05.2025"
OPEN = ", oder „offen“, solange der Termin noch nicht feststeht"


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def everything(tmp_path, **changes) -> list[str]:
    """What the data layer reports, or else what rendering every page, calendar and the finder reports."""
    problems = input_problems(tmp_path, **changes)
    if problems:
        return problems
    site = site_with(tmp_path, **changes)
    calendars = Calendars(site)
    list(calendars.termine_files())
    list(calendars.gruppen_files())
    finder.finder_json(site)
    sitemap.sitemap_xml(site, PagesAsBuilt(site).env)
    return []


def march(replacement: str) -> str:
    return TERMINE.replace(MARCH, replacement, 1)


# --- class 3: years out of range ---------------------------------------------------------------


@pytest.mark.parametrize("written", ["9999-12-31", "31.12.9999", "0001-01-01", "1999-12-31", "3000-01-01"])
def test_an_events_first_day_outside_the_years_is_an_error(tmp_path, written):
    text = march(MARCH.replace("beginn: 2025-03-13\n    ende: 2025-03-15", f"beginn: {written}"))
    assert everything(tmp_path, files={"termine.yml": text}) == [
        f"data/termine.yml:{line_of(text, f'beginn: {written}')}: Feld „termine[3].beginn“: Wert „{written}“ ist "
        f"ungültig; erwartet: {YEARS}{OPEN}"]


def test_an_events_last_day_in_year_9999_is_an_error(tmp_path):
    text = march(MARCH.replace("ende: 2025-03-15", "ende: 9999-12-31"))
    assert everything(tmp_path, files={"termine.yml": text}) == [
        f"data/termine.yml:{line_of(text, 'ende: 9999')}: Feld „termine[3].ende“: Wert „9999-12-31“ ist ungültig; "
        f"erwartet: {YEARS}"]


def test_a_timed_event_in_year_9999_is_an_error(tmp_path):
    text = TERMINE.replace(INFO, INFO.replace("beginn: 2025-05-06", "beginn: 9999-12-31"))
    assert everything(tmp_path, files={"termine.yml": text}) == [
        f"data/termine.yml:{line_of(text, 'beginn: 9999')}: Feld „termine[10].beginn“: Wert „9999-12-31“ ist "
        f"ungültig; erwartet: {YEARS}{OPEN}"]


@pytest.mark.parametrize("old, new, field, value", [
    # Tuesday 5 October 9999: its twenty weekly sessions would end after the last day Python knows.
    ("erste_sitzung: 2025-03-04", "erste_sitzung: 9999-10-05", "erste_sitzung", "9999-10-05"),
    ("ohne_sitzung: [2025-04-15, 2025-04-22]", "ohne_sitzung: [2025-04-15, 9999-12-28]", "ohne_sitzung[2]",
     "9999-12-28"),
    ("datum: 2025-02-25", "datum: 0001-01-01", "infotreffen.datum", "0001-01-01"),
])
def test_a_group_date_outside_the_years_is_an_error(tmp_path, old, new, field, value):
    text = EINE_GRUPPE.replace(old, new)
    assert everything(tmp_path, files={"gruppen.yml": text}) == [
        f"data/gruppen.yml:{line_of(text, value)}: Feld „gruppen[1].{field}“: Wert „{value}“ ist ungültig; "
        f"erwartet: {YEARS}"]


def test_a_pages_modified_date_in_year_9999_is_an_error(tmp_path):
    page = (ROOT / "content" / "pages" / "konzept.md").read_text(encoding="utf-8")
    page = page.replace("summary:", "modified: 9999-12-31\nsummary:", 1)
    assert everything(tmp_path, pages={"konzept.md": page.encode("utf-8")}) == [
        f"content/pages/konzept.md:{line_of(page, 'modified:')}: Feld „modified“: Wert „9999-12-31“ ist ungültig; "
        f"erwartet: {YEARS}"]


@pytest.mark.parametrize("raw", ["0001-01-01", "9999-12-31"])
def test_a_build_date_outside_the_years_is_an_error(raw):
    with pytest.raises(DataError) as info:
        build_date_from({"WIR2_BUILD_DATE": raw})
    assert [str(p) for p in info.value.problems] == [
        f"Umgebungsvariable WIR2_BUILD_DATE: Feld „WIR2_BUILD_DATE“: Wert „{raw}“ ist ungültig; erwartet: ein "
        "Datum wie 2025-05-06 mit einer Jahreszahl von 2000 bis 2999"]


# --- class 5: plausible dates ------------------------------------------------------------------


@pytest.fixture(scope="module")
def usual(tmp_path_factory) -> tuple[str, ...]:
    """The real site's warnings (operator details still missing, kinds without registration)."""
    return site_with(tmp_path_factory.mktemp("usual")).warnings


def new_warnings(site, usual) -> list[str]:
    return [w for w in site.warnings if w not in usual]


@pytest.mark.parametrize("build_date", [dt.date(2026, 12, 1), SITE_BUILD_DATE, dt.date(2024, 11, 1),
                                        dt.date(2026, 1, 15)])
def test_the_real_data_gives_no_new_warning(tmp_path, usual, build_date):
    """data/termine.yml and data/gruppen.yml at the real build date and the tests' build dates.

    After the last seed date the stale-content warnings come (tests/test_editorial.py), no date warning."""
    found = new_warnings(site_with(tmp_path, build_date), usual)
    assert [w for w in found if "keinen kommenden Termin" not in w and "Zeitraum" not in w] == []


def test_the_fixture_groups_give_no_warning(tmp_path, usual):
    """The groups other tests build with (one complete group, 500 generated ones) are plausible on their date."""
    assert new_warnings(site_with(tmp_path, files={"gruppen.yml": EINE_GRUPPE}), usual) == []
    assert new_warnings(site_with(tmp_path / "500", files={"gruppen.yml": generate(500)}), usual) == []


WHY_YEAR = "Tippfehler in der Jahreszahl? Stimmt das Datum, „datum_geprueft: true“ zum Termin schreiben"


@pytest.mark.parametrize("written, shown, relation", [
    ("2052-03-13", "13.03.2052", "mehr als 2 Jahre nach"),
    ("13.03.2052", "13.03.2052", "mehr als 2 Jahre nach"),
    ("2027-01-16", "16.01.2027", "mehr als 2 Jahre nach"),
    ("2015-03-13", "13.03.2015", "mehr als 5 Jahre vor"),
])
def test_an_event_far_from_the_build_date_is_a_warning(tmp_path, usual, written, shown, relation):
    text = march(MARCH.replace("beginn: 2025-03-13\n    ende: 2025-03-15", f"beginn: {written}"))
    site = site_with(tmp_path, files={"termine.yml": text})
    assert new_warnings(site, usual) == [
        f"data/termine.yml:{line_of(text, f'beginn: {written}')}: Feld „termine[3].beginn“: Datum „{shown}“ liegt "
        f"{relation} dem Tag des Builds (15.01.2025) – {WHY_YEAR}"]


@pytest.mark.parametrize("written", ["2027-01-15", "2020-01-15"])
def test_the_window_includes_its_edges(tmp_path, usual, written):
    text = march(MARCH.replace("beginn: 2025-03-13\n    ende: 2025-03-15", f"beginn: {written}"))
    assert new_warnings(site_with(tmp_path, files={"termine.yml": text}), usual) == []


@pytest.mark.parametrize("end, days", [("2026-03-15", 368), ("2025-04-15", 34), ("2025-03-20", 8)])
def test_an_event_lasting_more_than_a_week_is_a_warning(tmp_path, usual, end, days):
    text = march(MARCH.replace("ende: 2025-03-15", f"ende: {end}"))
    site = site_with(tmp_path, files={"termine.yml": text})
    shown = f"{end[8:]}.{end[5:7]}.{end[:4]}"
    assert new_warnings(site, usual) == [
        f"data/termine.yml:{line_of(text, f'ende: {end}')}: Feld „termine[3].ende“: Termin dauert {days} Tage "
        f"(13.03.2025–{shown}), länger als die für einen Termin erwarteten 7 Tage – Tippfehler im Enddatum? "
        "Stimmt das Datum, „datum_geprueft: true“ zum Termin schreiben"]


def test_a_week_long_event_is_plausible(tmp_path, usual):
    text = march(MARCH.replace("ende: 2025-03-15", "ende: 2025-03-19"))
    assert new_warnings(site_with(tmp_path, files={"termine.yml": text}), usual) == []


def test_datum_geprueft_silences_the_events_date_warnings(tmp_path, usual):
    text = march(MARCH.replace("beginn: 2025-03-13\n    ende: 2025-03-15",
                               "beginn: 2052-03-13\n    ende: 2053-03-15\n    datum_geprueft: true"))
    site = site_with(tmp_path, files={"termine.yml": text})
    assert new_warnings(site, usual) == []
    assert [t.beginn for t in site.termine.alle if t.id == "schulung-2025-03"] == [dt.date(2052, 3, 13)]


def test_datum_geprueft_takes_true_or_false(tmp_path):
    text = march(MARCH.replace("ort: Neuss", "ort: Neuss\n    datum_geprueft: ja"))
    assert input_problems(tmp_path, files={"termine.yml": text}) == [
        f"data/termine.yml:{line_of(text, 'datum_geprueft')}: Feld „termine[3].datum_geprueft“: Wert „ja“ ist "
        "ungültig; erwartet: true oder false"]


GROUP_WHY = "Stimmt das Datum, „datum_geprueft: true“ zur Gruppe schreiben"


def test_a_group_starting_far_from_the_build_date_is_a_warning(tmp_path, usual):
    text = (EINE_GRUPPE.replace("erste_sitzung: 2025-03-04", "erste_sitzung: 2052-03-05")
            .replace("2025-04-15, 2025-04-22", "2052-04-16")
            .replace("datum: 2025-02-25", "datum: 2052-02-27"))
    assert dt.date(2052, 3, 5).weekday() == 1
    site = site_with(tmp_path, files={"gruppen.yml": text})
    assert new_warnings(site, usual) == [
        f"data/gruppen.yml:{line_of(text, 'erste_sitzung')}: Feld „gruppen[1].erste_sitzung“: Datum „05.03.2052“ "
        f"liegt mehr als 2 Jahre nach dem Tag des Builds (15.01.2025) – Tippfehler in der Jahreszahl? {GROUP_WHY}"]


def test_an_info_meeting_long_before_the_first_session_is_a_warning(tmp_path, usual):
    text = EINE_GRUPPE.replace("datum: 2025-02-25", "datum: 2024-02-27")
    site = site_with(tmp_path, files={"gruppen.yml": text})
    assert new_warnings(site, usual) == [
        f"data/gruppen.yml:{line_of(text, 'datum: 2024')}: Feld „gruppen[1].infotreffen.datum“: Infotreffen am "
        "27.02.2024 liegt 371 Tage vor der ersten Sitzung (04.03.2025), mehr als die erwarteten 90 Tage – "
        f"Tippfehler in der Jahreszahl? {GROUP_WHY}"]


def test_a_group_running_more_than_a_year_is_a_warning(tmp_path, usual):
    weeks_off = [dt.date(2025, 3, 11) + dt.timedelta(weeks=w) for w in range(34)]
    text = EINE_GRUPPE.replace("2025-04-15, 2025-04-22", ", ".join(d.isoformat() for d in weeks_off))
    site = site_with(tmp_path, files={"gruppen.yml": text})
    [gruppe] = site.gruppen.alle
    assert (gruppe.ende - gruppe.beginn).days == 371
    assert new_warnings(site, usual) == [
        f"data/gruppen.yml:{line_of(text, 'ohne_sitzung')}: Feld „gruppen[1].ohne_sitzung“: die 20 Sitzungen "
        f"reichen mit 34 Wochen ohne Sitzung vom 04.03.2025 bis {gruppe.ende:%d.%m.%Y}, länger als ein Jahr – "
        f"Tippfehler bei den Wochen ohne Sitzung? {GROUP_WHY}"]


def test_the_old_change_date_of_a_group_is_a_note_that_it_is_no_longer_needed(tmp_path, usual):
    """``geaendert_am`` once fed the group calendars' SEQUENCE; now git does (wir2.load.revisions)."""
    text = EINE_GRUPPE + "  geaendert_am: 2025-01-10\n"
    site = site_with(tmp_path, files={"gruppen.yml": text})
    assert new_warnings(site, usual) == [
        f"data/gruppen.yml:{line_of(text, 'geaendert_am')}: Feld „gruppen[1].geaendert_am“: wird nicht mehr "
        "gebraucht (Kalender-Abos erkennen Änderungen jetzt von selbst); die Zeile kann gelöscht werden"]


def test_datum_geprueft_silences_the_groups_date_warnings(tmp_path, usual):
    text = EINE_GRUPPE.replace("datum: 2025-02-25", "datum: 2024-02-27") + "  datum_geprueft: true\n"
    assert new_warnings(site_with(tmp_path, files={"gruppen.yml": text}), usual) == []


def test_a_warning_does_not_stop_the_build_and_is_printed_with_its_place(project_copy, tmp_path):
    path = project_copy / "data" / "termine.yml"
    text = march(MARCH.replace("beginn: 2025-03-13\n    ende: 2025-03-15", "beginn: 2052-03-13"))
    path.write_text(text, encoding="utf-8")
    result = build_project(project_copy, tmp_path / "out")
    assert result.ok, result.messages
    stream = io.StringIO()
    assert report(result, stream) == 0
    assert (f"Warnung: data/termine.yml:{line_of(text, 'beginn: 2052')}: Feld „termine[3].beginn“: Datum "
            f"„13.03.2052“ liegt mehr als 2 Jahre nach dem Tag des Builds (15.01.2025) – {WHY_YEAR}\n"
            in stream.getvalue()), stream.getvalue()
