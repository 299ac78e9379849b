"""Stale content is the build's business (issue 14, point 5): editorial warnings, not errors.

Built on the real day (2026-12-02) with the real data, every date lies in the past: the build
warns per kind without an upcoming date and for the meeting of 2025 still „offen“, the pages say
what to do meanwhile, and the expired placeholder is on no page.  The tests' pinned builds with
upcoming dates (SITE_BUILD_DATE, 2024-11-01) get none of these warnings.  Each case is also shown
to fire (and to stay silent) on purpose-made data (wir2.load.editorial).
"""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import ROOT, SITE_BUILD_DATE, DataHistory, build_project, inputs_of, site_with, tree
from wir2.load import editorial, load_site
from wir2.model.facts import OPERATOR_OPTIONAL, OPERATOR_REQUIRED, Betreiber

TODAY = dt.date(2026, 12, 2)
TERMINE = (ROOT / "data" / "termine.yml").read_text(encoding="utf-8")
OFFEN_2025 = "    beginn: offen\n    zeitraum: 2025\n"
#: The stale-content warnings of the real data, built on TODAY (and in January 2026 the same).
STALE_TODAY = [
    "data/termine.yml:2: Terminart „schulung“ (Gruppenleiterschulungen) hat keinen kommenden Termin (der letzte "
    "war vom 27.11.–29.11.2025); /termine/ bittet bis dahin, den Kalender zu abonnieren oder zu schreiben – die "
    "nächsten Termine unter „termine:“ eintragen (steht erst der Zeitraum fest: „beginn: offen“ mit einem "
    "Zeitraum wie „zeitraum: 2027“)",
    "data/termine.yml:8: Terminart „supervision“ (Supervisionstage) hat keinen kommenden Termin (der letzte war "
    "am 11.12.2025); /termine/ bittet bis dahin, den Kalender zu abonnieren oder zu schreiben – die nächsten "
    "Termine unter „termine:“ eintragen (steht erst der Zeitraum fest: „beginn: offen“ mit einem Zeitraum wie "
    "„zeitraum: 2027“)",
    "data/termine.yml:13: Terminart „infoveranstaltung“ (Infoveranstaltungen) hat keinen kommenden Termin (der "
    "letzte war am 18.11.2025); /termine/ bittet bis dahin, den Kalender zu abonnieren oder zu schreiben – die "
    "nächsten Termine unter „termine:“ eintragen (steht erst der Zeitraum fest: „beginn: offen“ mit einem "
    "Zeitraum wie „zeitraum: 2027“)",
    "data/termine.yml:79: Feld „termine[12].zeitraum“: Termin „jahrestreffen-2025“ hat noch kein Datum („beginn: "
    "offen“), sein Zeitraum „2025“ ist aber vorbei (bis 31.12.2025); er steht deshalb nicht mehr auf den Seiten "
    "– das Datum eintragen, einen neuen Zeitraum setzen oder den Termin löschen",
]
STALE_MARKS = ("keinen kommenden Termin", "Zeitraum", "zuletzt geprüft")


def stale(warnings) -> list[str]:
    return [w for w in warnings if any(mark in w for mark in STALE_MARKS)]


# --- the real data --------------------------------------------------------------------------


def test_a_build_today_warns_about_the_real_data_and_says_what_to_do(tmp_path):
    result = build_project(ROOT, tmp_path / "out", TODAY)
    assert result.ok, result.messages  # warnings, not errors
    assert stale(result.warnings) == STALE_TODAY
    page = tree(tmp_path / "out" / "termine" / "index.html")
    for art in ("schulung", "supervision", "infoveranstaltung", "jahrestreffen"):
        section = page.by_id(f"art-{art}").parent
        assert not section.find_all("li")
        [empty] = section.find_all("p", cls="termine-keine")
        assert empty.text == ("Die nächsten Termine werden hier veröffentlicht – abonnieren Sie den Kalender oder "
                              "schreiben Sie uns: info@wir2-bindungstraining.de.")
        assert empty.links() == ["/termine/#abonnieren", "mailto:info@wir2-bindungstraining.de"]
    out = tmp_path / "out"
    assert "jahrestreffen-2025" not in (out / "termine" / "index.html").read_text(encoding="utf-8")
    assert "Termin folgt" not in (out / "kooperation" / "index.html").read_text(encoding="utf-8")
    assert not list(out.glob("termine/jahrestreffen/*.ics"))  # an undated event never had a calendar file
    assert b"jahrestreffen-2025" not in (out / "termine" / "abo" / "alle.ics").read_bytes()


@pytest.mark.parametrize("build_date", [SITE_BUILD_DATE, dt.date(2024, 11, 1)])
def test_the_pinned_builds_with_upcoming_dates_have_no_stale_warning(build_date):
    """In this git clone, as the session fixtures build it (tests/conftest.py)."""
    assert stale(load_site(inputs_of(ROOT, build_date)).warnings) == []


def test_after_the_last_seed_date_the_same_warnings(tmp_path):
    found = stale(site_with(tmp_path, dt.date(2026, 1, 15)).warnings)
    assert found == STALE_TODAY


# --- (a) a kind without an upcoming date ----------------------------------------------------------

SCHULUNG_WARNING = "Terminart „schulung“ (Gruppenleiterschulungen) hat keinen kommenden Termin"


def kind_warnings(site, art="schulung"):
    return [w for w in site.warnings if f"Terminart „{art}“" in w and "kommenden" in w]


def test_a_kind_with_an_upcoming_date_is_not_warned_about(tmp_path):
    assert kind_warnings(site_with(tmp_path, dt.date(2025, 11, 1))) == []  # schulung-2025-11 is to come


def test_a_kind_whose_last_date_has_passed_is_warned_about(tmp_path):
    [warning] = kind_warnings(site_with(tmp_path, dt.date(2025, 11, 30)))
    assert warning.startswith(f"data/termine.yml:2: {SCHULUNG_WARNING} (der letzte war vom 27.11.–29.11.2025)")


def test_a_cancelled_date_is_no_upcoming_date(tmp_path):
    text = TERMINE.replace("    beginn: 2025-11-27\n    ende: 2025-11-29\n    ort: Neuss\n",
                           "    beginn: 2025-11-27\n    ende: 2025-11-29\n    ort: Neuss\n    status: abgesagt\n")
    assert text != TERMINE
    [warning] = kind_warnings(site_with(tmp_path, dt.date(2025, 11, 1), files={"termine.yml": text}))
    assert SCHULUNG_WARNING in warning


def test_a_placeholder_in_its_period_counts_as_announced(tmp_path):
    text = TERMINE.replace("termine:\n", "termine:\n  - id: schulung-2026\n    art: schulung\n    beginn: offen\n"
                                         "    zeitraum: 2026-06\n    ort: Neuss\n", 1)
    assert kind_warnings(site_with(tmp_path, dt.date(2026, 6, 30), files={"termine.yml": text})) == []
    later = site_with(tmp_path / "later", dt.date(2026, 7, 1), files={"termine.yml": text})
    assert kind_warnings(later) == []  # the expired placeholder has its own warning instead
    assert [w for w in later.warnings if "„schulung-2026“" in w and "vorbei (bis 30.06.2026)" in w]


def test_a_kind_that_never_had_a_date(tmp_path):
    text = TERMINE.replace("termine:\n", "  - id: fachtag\n    name: Fachtag\n    name_plural: Fachtage\n"
                                         "    anmeldung: info@wir2-bindungstraining.de\ntermine:\n", 1)
    [warning] = kind_warnings(site_with(tmp_path, files={"termine.yml": text}), "fachtag")
    assert "(Fachtage) hat keinen kommenden Termin (es gab noch keinen)" in warning


# --- (b) zeitraum: an undated event's period --------------------------------------------------------


def test_an_undated_event_in_its_period_is_listed_with_it(tmp_path):
    site = site_with(tmp_path, dt.date(2025, 12, 31))
    [meeting] = site.termine.offen("jahrestreffen")
    assert meeting.zeitraum_text == "geplant für 2025"
    assert site.termine.abgelaufen() == []
    assert not [w for w in site.warnings if "sein Zeitraum" in w]


def test_an_undated_event_past_its_period_leaves_the_listing_with_a_warning(tmp_path):
    site = site_with(tmp_path, dt.date(2026, 1, 1))
    assert site.termine.offen() == []
    assert [t.id for t in site.termine.abgelaufen("jahrestreffen")] == ["jahrestreffen-2025"]
    assert [w for w in site.warnings if "sein Zeitraum" in w] == [STALE_TODAY[-1]]


@pytest.mark.parametrize("written, last, text", [
    ("2026-02", dt.date(2026, 2, 28), "Februar 2026"), ("2028-2", dt.date(2028, 2, 29), "Februar 2028"),
    ('"2026"', dt.date(2026, 12, 31), "2026"), ("2026-12", dt.date(2026, 12, 31), "Dezember 2026"),
])
def test_a_period_is_a_year_or_a_month(tmp_path, written, last, text):
    site = site_with(tmp_path, files={"termine.yml": TERMINE.replace(OFFEN_2025, f"    beginn: offen\n"
                                                                                  f"    zeitraum: {written}\n")})
    [meeting] = site.termine.offen("jahrestreffen")
    assert meeting.zeitraum.letzter_tag == last and meeting.zeitraum.text == text


@pytest.mark.parametrize("written, expected", [
    ("2026-13", "ein Jahr wie 2026 oder ein Monat wie 2026-03 (bis wann der Termin stattfinden soll); einen "
                "Monat von 01 bis 12"),
    ("Sommer 2026", "ein Jahr wie 2026 oder ein Monat wie 2026-03 (bis wann der Termin stattfinden soll)"),
    ("2026-03-01", "ein Jahr wie 2026 oder ein Monat wie 2026-03 (bis wann der Termin stattfinden soll)"),
    ("1999", "ein Jahr mit einer Jahreszahl von 2000 bis 2999, z. B. 2026 oder 2026-03"),
])
def test_a_wrong_period_is_an_error_with_its_line(tmp_path, written, expected):
    text = TERMINE.replace(OFFEN_2025, f"    beginn: offen\n    zeitraum: {written}\n")
    with pytest.raises(Exception) as info:
        site_with(tmp_path, files={"termine.yml": text})
    assert [str(p) for p in info.value.problems] == [
        f"data/termine.yml:79: Feld „termine[12].zeitraum“: Wert „{written}“ ist ungültig; erwartet: {expected}"]


def test_a_period_belongs_to_undated_events_only(tmp_path):
    text = TERMINE.replace("    beginn: 2025-11-27\n", "    beginn: 2025-11-27\n    zeitraum: 2025\n")
    with pytest.raises(Exception) as info:
        site_with(tmp_path, files={"termine.yml": text})
    [problem] = info.value.problems
    assert str(problem).endswith("Feld „termine[5].zeitraum“: Wert „2025“ passt nur zu „beginn: offen“; erwartet: "
                                 "das Feld löschen, sobald das Datum feststeht")


# --- (c) files not reviewed for a while -------------------------------------------------------------

START = dt.datetime(2025, 1, 10, 12, 0, tzinfo=dt.UTC)


def review_warnings(site):
    return [w for w in site.warnings if "zuletzt geprüft" in w]


def test_a_file_unchanged_for_longer_than_the_setting_is_warned_about(tmp_path):
    repo = DataHistory(tmp_path / "repo", START)
    assert review_warnings(repo.site(dt.date(2026, 1, 10))) == []  # 12 months to the day: still fine
    found = review_warnings(repo.site(dt.date(2026, 1, 11)))
    assert "data/kontakt.yml: zuletzt geprüft am 10.01.2025 (letzte Änderung laut Versionsgeschichte), vor mehr " \
           "als 12 Monaten – stimmt der Inhalt noch? Prüfen, korrigieren und „geprueft_am: 2026-01-11“ eintragen " \
           "(in einer Seite zwischen den Zeilen ---, in einer Datendatei als eigene Zeile ganz links)" in found
    assert any(w.startswith("content/pages/konzept.md: zuletzt geprüft am 10.01.2025") for w in found)
    assert review_warnings(repo.site(dt.date(2026, 1, 11), review_months=0)) == []  # turned off
    assert len(review_warnings(repo.site(dt.date(2025, 3, 1), review_months=1))) == len(found)


def test_a_commit_or_geprueft_am_counts_as_reviewed(tmp_path):
    repo = DataHistory(tmp_path / "repo", START)
    repo.replace("kontakt.yml", "email:", "geprueft_am: 2025-12-01\nemail:")
    (repo.path / "data" / "programm.yml").write_text(repo.text("programm.yml") + "\n", encoding="utf-8")
    repo.commit("Programm geändert", dt.datetime(2025, 6, 1, tzinfo=dt.UTC))  # kontakt.yml's date: the later
    found = review_warnings(repo.site(dt.date(2026, 1, 11)))
    assert not [w for w in found if "kontakt.yml" in w or "programm.yml" in w]
    assert [w for w in found if w.startswith("data/kosten.yml: zuletzt geprüft am 10.01.2025")]
    late = review_warnings(repo.site(dt.date(2026, 12, 2)))
    assert "data/kontakt.yml:1: zuletzt geprüft am 01.12.2025 („geprueft_am“)" in " ".join(late)
    assert "data/programm.yml: zuletzt geprüft am 01.06.2025 (letzte Änderung laut Versionsgeschichte)" \
        in " ".join(late)


def test_an_uncommitted_edit_counts_as_reviewed_on_the_build_date(tmp_path):
    repo = DataHistory(tmp_path / "repo", START)
    (repo.path / "data" / "kontakt.yml").write_text(repo.text("kontakt.yml") + "\n", encoding="utf-8")
    found = review_warnings(repo.site(dt.date(2026, 6, 1)))
    assert found and not [w for w in found if "kontakt.yml" in w]


def test_a_page_reviewed_by_its_front_matter(tmp_path):
    repo = DataHistory(tmp_path / "repo", START)
    page = repo.path / "content" / "pages" / "konzept.md"
    page.write_text(page.read_text(encoding="utf-8").replace("---\n", "---\ngeprueft_am: 2026-05-04\n", 1),
                    encoding="utf-8")
    repo.commit("konzept geprüft", START)  # committed at the old time: only the field says when it was reviewed
    assert not [w for w in review_warnings(repo.site(dt.date(2027, 5, 4))) if w.startswith("content/pages/konzept.md")]
    [warning] = [w for w in review_warnings(repo.site(dt.date(2027, 5, 5))) if w.startswith("content/pages/konzept.md")]
    assert warning.startswith("content/pages/konzept.md:2: zuletzt geprüft am 04.05.2026 („geprueft_am“)")


def test_without_history_only_geprueft_am_is_known(tmp_path):
    site = site_with(tmp_path, dt.date(2030, 1, 1), files={
        "kosten.yml": (ROOT / "data" / "kosten.yml").read_text(encoding="utf-8") + "geprueft_am: 2027-01-01\n"})
    assert [w.split(":")[0] for w in review_warnings(site)] == ["data/kosten.yml"]


def test_a_wrong_review_date_is_an_error(tmp_path):
    with pytest.raises(Exception) as info:
        site_with(tmp_path, files={"kontakt.yml": "geprueft_am: gestern\n" +
                                                  (ROOT / "data" / "kontakt.yml").read_text(encoding="utf-8")})
    assert [str(p) for p in info.value.problems] == [
        "data/kontakt.yml:1: Feld „geprueft_am“: Wert „gestern“ ist ungültig; erwartet: ein Datum wie 2025-05-06 "
        "oder 06.05.2025"]


def test_review_dates_in_every_data_file(tmp_path):
    files = {name: (ROOT / "data" / name).read_text(encoding="utf-8") + "geprueft_am: 2030-01-01\n"
             for name in ("kosten.yml", "kontakt.yml", "programm.yml", "betreiber.yml", "termine.yml",
                          "gruppen.yml")}
    site = site_with(tmp_path, files=files)  # accepted in each (the browser editor writes it last)
    assert site.termine.alle


# --- (d) operator fields ------------------------------------------------------------------------------


def test_every_empty_operator_field_is_named_in_one_warning():
    every = (*OPERATOR_REQUIRED, *OPERATOR_OPTIONAL, "rechtsform", "log_aufbewahrung")  # new fields too
    warning = editorial.operator_fields(Betreiber(tuple((k, None) for k in every)), "data/betreiber.yml")
    assert warning is not None
    for key in every:
        assert key in warning
    assert warning.startswith("data/betreiber.yml: Impressum/Datenschutz unvollständig, es fehlen: "
                              f"{', '.join(OPERATOR_REQUIRED)}")


def test_filled_operator_fields_are_not_named():
    filled = Betreiber((*((k, "x") for k in OPERATOR_REQUIRED), ("rechtsform", "")))
    assert editorial.operator_fields(filled, "data/betreiber.yml") == (
        "data/betreiber.yml: noch leer: rechtsform (keine Pflicht; eintragen, sobald bekannt)")
    complete = Betreiber(tuple((k, "x") for k in (*OPERATOR_REQUIRED, *OPERATOR_OPTIONAL)))
    assert editorial.operator_fields(complete, "data/betreiber.yml") is None


def test_unreviewed_compares_by_calendar_months():
    files = [("a.yml", None, None, dt.date(2025, 2, 28)), ("b.yml", dt.date(2025, 3, 1), 3, None),
             ("c.yml", None, None, None)]
    found = [str(p) for p in editorial.unreviewed(files, dt.date(2026, 2, 28), 12)]
    assert found == []
    found = [str(p).split(":")[0] for p in editorial.unreviewed(files, dt.date(2026, 3, 1), 12)]
    assert found == ["a.yml"]
    assert [p.line for p in editorial.unreviewed(files, dt.date(2026, 3, 2), 12)] == [None, 3]


def test_an_expired_placeholder_leaves_the_cancellation_of_its_earlier_date_listed(tmp_path):
    """Dated and published, then set back to „offen“ with a period that is over before the old date:
    the placeholder is on no page, and the old date is listed (and in the calendars) as cancelled."""
    repo = DataHistory(tmp_path / "repo", START)
    march = "    beginn: 2025-03-13\n    ende: 2025-03-15\n    ort: Neuss\n"
    repo.replace("termine.yml", march, "    beginn: offen\n    zeitraum: 2025-02\n    ort: Neuss\n")
    repo.commit("Schulung im März ohne Datum", dt.datetime(2025, 2, 1, tzinfo=dt.UTC))
    within = repo.site(dt.date(2025, 2, 10))
    assert "schulung-2025-03" in [t.id for t in within.termine.offen("schulung")]
    assert "schulung-2025-03" not in [t.id for t in within.termine.kommend("schulung")]  # listed as „offen“
    after = repo.site(dt.date(2025, 3, 1))
    assert "schulung-2025-03" not in [t.id for t in after.termine.offen("schulung")]
    [cancelled] = [t for t in after.termine.kommend("schulung") if t.id == "schulung-2025-03"]
    assert cancelled.abgesagt and cancelled.beginn == dt.date(2025, 3, 13)
    assert "schulung-2025-03" in [t.id for t in after.termine.im_feed("schulung")]
