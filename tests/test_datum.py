"""Dates (issue 16): years no calendar can hold are errors.

- A year outside 2000–2999 (``9999-12-31``, ``0001-01-01``) is an error with file,
  line and field wherever a date is read – events, groups (sessions, weeks off,
  info meeting, change date), the revision record, a page's ``Modified`` – instead
  of an ``OverflowError`` somewhere in the calendars.
"""

from __future__ import annotations

import re

import pytest

from fixtures.gruppen.projekt import EINE_GRUPPE
from helpers import ROOT, PagesAsBuilt, input_problems, site_with
from wir2.load import build_date_from
from wir2.problems import DataError
from wir2.render import finder, sitemap
from wir2.render.calendar import Calendars

TERMINE = (ROOT / "data" / "termine.yml").read_text(encoding="utf-8")
STAND = (ROOT / "data" / "termine.stand.json").read_text(encoding="utf-8")
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
    ("hinweis:", "geaendert_am: 9999-12-31\n  hinweis:", "geaendert_am", "9999-12-31"),
])
def test_a_group_date_outside_the_years_is_an_error(tmp_path, old, new, field, value):
    text = EINE_GRUPPE.replace(old, new)
    assert everything(tmp_path, files={"gruppen.yml": text}) == [
        f"data/gruppen.yml:{line_of(text, value)}: Feld „gruppen[1].{field}“: Wert „{value}“ ist ungültig; "
        f"erwartet: {YEARS}"]


def test_a_revision_stamp_outside_the_years_is_an_error(tmp_path):
    broken = STAND.replace('"dtstamp": "20241101T000000Z"', '"dtstamp": "99991231T000000Z"', 1)
    line = line_of(broken, "9999")
    [message] = everything(tmp_path, files={"termine.stand.json": broken})
    assert re.fullmatch(rf"data/termine\.stand\.json:{line}: Feld „termine\.[a-z0-9-]+\.dtstamp“: Wert "
                        r"„99991231T000000Z“ ist ungültig; erwartet: eine UTC-Zeit wie 20250115T000000Z mit einer "
                        r"Jahreszahl von 2000 bis 2999 – am besten die vom Build geschriebene Datei aus der "
                        r"Versionsverwaltung wiederherstellen", message), message


def test_a_pages_modified_date_in_year_9999_is_an_error(tmp_path):
    page = (ROOT / "content" / "pages" / "konzept.md").read_text(encoding="utf-8")
    page = page.replace("Summary:", "Modified: 9999-12-31\nSummary:", 1)
    assert everything(tmp_path, pages={"konzept.md": page.encode("utf-8")}) == [
        f"content/pages/konzept.md:{line_of(page, 'Modified:')}: Feld „Modified“: Wert „9999-12-31“ ist ungültig; "
        f"erwartet: {YEARS}"]


@pytest.mark.parametrize("raw", ["0001-01-01", "9999-12-31"])
def test_a_build_date_outside_the_years_is_an_error(raw):
    with pytest.raises(DataError) as info:
        build_date_from({"WIR2_BUILD_DATE": raw})
    assert [str(p) for p in info.value.problems] == [
        f"Umgebungsvariable WIR2_BUILD_DATE: Feld „WIR2_BUILD_DATE“: Wert „{raw}“ ist ungültig; erwartet: ein "
        "Datum wie 2025-05-06 mit einer Jahreszahl von 2000 bis 2999"]
