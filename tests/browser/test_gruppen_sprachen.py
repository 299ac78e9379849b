"""The group finder on the translated parents' pages in Chromium (issue 15): its texts in the page's
language, the page's direction, and the filter "only groups that speak this language" – on a site
with three groups in Neuss (tests/fixtures/gruppen/projekt.py, SPRACHGRUPPEN): one speaks Arabic,
one Turkish, one only German. The German finder is tested in test_gruppen_filter.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from browser import audit, checks
from browser.nginx import Nginx
from browser.test_gruppen_filter import _watched
from fixtures.gruppen.projekt import ROOT, SPRACHEN, SPRACHGRUPPEN, build_with

PLZ = "41460"  # Neuss: all three groups
#: The plural form Intl.PluralRules gives for 3 (CLDR): "few" in Ukrainian, Russian and Arabic.
DREI = {"uk": "few", "ru": "few", "ar": "few"}
#: Which fixture group speaks the page's language (by provider), if any.
SPRICHT = {"ar": "Beispielträger 2", "tr": "Beispielträger 1"}


def texts(code: str) -> dict[str, str]:
    return yaml.safe_load((ROOT / "data" / "sprachen" / f"{code}.yml").read_text(encoding="utf-8"))["finder"]


def fill(text: str, **values) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), text)


@pytest.fixture(scope="module")
def sprach_site(tmp_path_factory) -> Path:
    return build_with(tmp_path_factory.mktemp("gruppen-sprachen"), SPRACHGRUPPEN)


@pytest.fixture(scope="module")
def served_sprachen(sprach_site, tmp_path_factory):
    with Nginx(sprach_site, tmp_path_factory.mktemp("nginx-sprachen")) as server:
        yield server


@pytest.fixture
def tab(browser, served_sprachen):
    yield from _watched(browser, served_sprachen, viewport={"width": 360, "height": 800})


def status(page) -> str:
    return page.locator("#gruppen-status").inner_text()


def groups(page) -> list[str]:
    return [t.strip() for t in page.locator("#gruppen-treffer li.gruppen-ergebnis").all_inner_texts()]


def search(page, t: dict[str, str], text: str) -> None:
    box = page.get_by_label(t["feld"])
    box.fill("")
    box.type(text)
    page.wait_for_function("() => document.getElementById('gruppen-status').textContent !== ''")


def toggle(page, t: dict[str, str], code: str) -> None:
    """Ticks or unticks "only groups that speak …" and waits for the status to follow."""
    before = status(page)
    page.get_by_label(fill(t["nur_sprache"], sprache=t[f"sprache_{code}"])).click()
    page.wait_for_function("(b) => document.getElementById('gruppen-status').innerText !== b", arg=before)


def test_the_arabic_page_finds_the_group_that_speaks_arabic_right_to_left(tab, served_sprachen):
    t = texts("ar")
    tab.goto(served_sprachen.origin + "/ar/konzept/")
    form = tab.locator("form.gruppen-suche")
    assert form.is_visible()
    assert form.evaluate("f => [getComputedStyle(f).direction, f.closest('[lang]').lang]") == ["rtl", "ar"]
    assert tab.get_by_role("heading", name=t["titel"]).is_visible()
    search(tab, t, PLZ)
    assert status(tab) == fill(t["in_orten"], gruppen=fill(t["gruppen_few"], n=3), orte="Neuss") + t["satzende"]
    assert len(groups(tab)) == 3
    toggle(tab, t, "ar")
    hinweis = fill(t["nur_sprache_aktiv"], sprache=t["sprache_ar"])
    assert status(tab) == fill(t["in_orten"], gruppen=t["gruppen_one"], orte="Neuss") + t["satzende"] + " " + hinweis
    only, = groups(tab)
    assert only.startswith("Beispielträger 2, 41460 Neuss " + t["status_anmeldung_offen"])
    # Start and weekday in Arabic, Gregorian calendar, digits 0–9 (4 March 2025 is a Tuesday).
    assert fill(t["beginn"], datum="") in only and "2025" in only and "الثلاثاء" in only
    assert not re.search(r"[\u0660-\u0669\u06f0-\u06f9]", only)
    assert t["kinder_ja"] in only and t["sprache_de"] in only and t["sprache_ar"] in only
    assert fill(t["sprachen"], sprachen="") in only
    call = tab.locator("#gruppen-treffer li.gruppen-ergebnis").get_by_role(
        "link", name=fill(t["anrufen"], telefon="0221 4710-123"))
    assert call.locator("bdi").evaluate("b => [b.dir, getComputedStyle(b).direction]") == ["ltr", "ltr"]
    toggle(tab, t, "ar")
    assert len(groups(tab)) == 3


@pytest.mark.parametrize("code", SPRACHEN)
def test_each_translated_page_counts_filters_and_offers_the_team_in_its_language(tab, served_sprachen, code):
    from urllib.parse import parse_qs, urlsplit

    t = texts(code)
    tab.goto(f"{served_sprachen.origin}/{code}/konzept/")
    assert tab.locator("html").get_attribute("lang") == code
    search(tab, t, PLZ)
    three = fill(t[f"gruppen_{DREI.get(code, 'other')}"], n=3)
    assert status(tab) == fill(t["in_orten"], gruppen=three, orte="Neuss") + t["satzende"]
    toggle(tab, t, code)
    hinweis = fill(t["nur_sprache_aktiv"], sprache=t[f"sprache_{code}"])
    contact = tab.locator("#gruppen-kontakt")
    if code in SPRICHT:
        one = fill(t["gruppen_one"], n=1)
        assert status(tab) == fill(t["in_orten"], gruppen=one, orte="Neuss") + t["satzende"] + " " + hinweis
        assert [g.split(",")[0] for g in groups(tab)] == [SPRICHT[code]]
        assert contact.is_hidden()
    else:  # no group speaks it: the team, with a prefilled mail in the page's language
        assert status(tab) == fill(t["umkreis_keine"], km=50, plz=PLZ) + " " + hinweis
        assert groups(tab) == [] and contact.is_visible()
        assert contact.get_by_text(t["kontakt"]).is_visible()
        href = contact.locator("a.gruppen-mail").get_attribute("href")
        query = parse_qs(urlsplit(href).query)
        assert query["subject"] == [fill(t["mail_betreff_plz"], plz=PLZ)]
        assert query["body"] == ["\n\n".join([t["mail_anrede"], fill(t["mail_text_plz"], plz=PLZ), t["mail_gruss"]])
                                 + "\n"]
    # A postcode that does not exist, in the page's language.
    search(tab, t, "43210")
    assert status(tab).startswith(fill(t["plz_gibt_es_nicht"], plz="43210"))


def test_translated_pages_with_the_finder_pass_the_layers_checks(browser, served_sprachen, axe_source):
    """axe WCAG A/AA, CSP, no foreign request, no horizontal scroll, at 360 and 1280 px: each translated
    parents' page as it loads and with the finder's results (and the language filter) open."""
    problems = []
    for width in audit.WIDTHS:
        foreign: list[str] = []
        context = audit.new_context(browser, served_sprachen.origin, width, foreign)
        try:
            tab = audit.Tab(context, foreign)
            for code in SPRACHEN:
                path = f"/{code}/konzept/"
                visit = tab.visit(served_sprachen.origin + path, width, axe_source)
                for check in checks.LAYERS:
                    problems += [f"{path} @ {width}px: {p}" for p in check(visit)]
                page, t = tab.page, texts(code)
                page.goto(served_sprachen.origin + path)
                search(page, t, PLZ)
                toggle(page, t, code)
                page.evaluate(axe_source)
                problems += audit.state_problems(page, f"{path} mit Treffern", width)
        finally:
            context.close()
    assert not problems, "\n".join(problems)


def test_translated_pages_with_the_finder_are_valid_html(sprach_site):
    from browser.test_valid_output import vnu_messages

    files = [sprach_site / code / "konzept" / "index.html" for code in ("", *SPRACHEN)]
    assert vnu_messages(files) == []
