"""Gruppen vor Ort in Chromium: finding a group without JavaScript (index → Land page → town)
and with it (instant filter by postcode, town or Land), on a site with 500 fictitious groups,
served with the production headers (CSP ``default-src 'self'``, no inline script)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from browser import audit, checks
from browser.nginx import Nginx
from fixtures.gruppen.projekt import BUILD_DATE, build_with, generate
from wir2.load import gruppen as models
from wir2.model import Verzeichnis

LABEL = "Postleitzahl, Ort oder Bundesland"
MAX_SHOWN = 25  # theme/static/js/gruppen.js


@pytest.fixture(scope="module")
def gruppen_site(tmp_path_factory) -> tuple[Path, Verzeichnis]:
    tmp = tmp_path_factory.mktemp("gruppen-browser")
    out = build_with(tmp, generate(500))
    path = tmp / "gruppen.yml"
    path.write_text(generate(500), encoding="utf-8")
    return out, models.load(path, "gruppen.yml", 20, 90, BUILD_DATE)


@pytest.fixture(scope="module")
def served_gruppen(gruppen_site, tmp_path_factory):
    with Nginx(gruppen_site[0], tmp_path_factory.mktemp("nginx-gruppen")) as server:
        yield server


@pytest.fixture
def tab(browser, served_gruppen, request):
    """A fresh tab; ``@pytest.mark.parametrize("tab", [False], indirect=True)`` turns JavaScript off."""
    javascript = getattr(request, "param", True)
    foreign: list[str] = []
    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=javascript,
                                  service_workers="block", locale="de-DE")
    context.add_init_script(audit._CSP_LISTENER)  # the layer's own CSP recorder

    def route(r):
        if r.request.url.startswith(served_gruppen.origin + "/"):
            r.continue_()
        else:
            foreign.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    if javascript:
        assert page.evaluate("window.__wir2_csp || []") == []
        assert page.evaluate("document.cookie + localStorage.length + sessionStorage.length") == "00"
    assert errors == [] and foreign == []
    context.close()


def search(page, text: str) -> None:
    box = page.get_by_label(LABEL)
    box.fill("")
    box.type(text)
    page.wait_for_function("() => document.getElementById('gruppen-status').textContent !== ''")


def results(page) -> list[str]:
    return [t.strip() for t in page.locator("#gruppen-treffer li").all_inner_texts()]


def status(page) -> str:
    return page.locator("#gruppen-status").inner_text()


# --- without JavaScript ---------------------------------------------------------------


@pytest.mark.parametrize("tab", [False], indirect=True)
def test_without_javascript_the_index_leads_to_every_group_of_a_land(tab, served_gruppen, gruppen_site):
    _, verzeichnis = gruppen_site
    tab.goto(served_gruppen.origin + "/gruppen/")
    assert tab.locator("form.gruppen-suche").is_hidden()
    tab.get_by_role("link", name="Sachsen", exact=True).click()
    assert tab.url == served_gruppen.origin + "/gruppen/sachsen/"
    assert tab.get_by_role("heading", level=1).inner_text() == "wir2-Gruppen in Sachsen"
    sachsen = next(land for land in verzeichnis.laender if land.land.slug == "sachsen")
    ids = tab.locator("article.gruppe").evaluate_all("(els) => els.map((e) => e.id)")
    assert ids == [g.anker for g in sachsen.gruppen]
    tab.get_by_role("link", name="Leipzig").click()
    assert tab.url.endswith("#ort-leipzig")
    assert tab.locator("#ort-leipzig").is_visible()
    leipzig = tab.locator("section", has=tab.locator("#ort-leipzig")).locator("article.gruppe")
    assert leipzig.count() == len([g for g in sachsen.gruppen if g.ort == "Leipzig"])


@pytest.mark.parametrize("tab", [False], indirect=True)
def test_without_javascript_a_large_land_continues_on_the_next_page(tab, served_gruppen):
    tab.goto(served_gruppen.origin + "/gruppen/nordrhein-westfalen/")
    tab.get_by_role("navigation", name="Seiten für Nordrhein-Westfalen").get_by_role("link", name="Seite 2").click()
    assert tab.url.endswith("/gruppen/nordrhein-westfalen/2/")
    assert "(Seite 2 von" in tab.get_by_role("heading", level=1).inner_text()


# --- with JavaScript -------------------------------------------------------------------


def test_filter_by_the_first_digits_of_the_postcode(tab, served_gruppen, gruppen_site):
    _, verzeichnis = gruppen_site
    tab.goto(served_gruppen.origin + "/gruppen/")
    assert tab.locator("form.gruppen-suche").is_visible()
    for prefix in ("0", "04", "041", "3"):
        expected = [g for g in verzeichnis.aktuell if g.plz.startswith(prefix)]
        search(tab, prefix)
        shown = results(tab)
        assert len(shown) == min(len(expected), MAX_SHOWN), prefix
        assert all(re.search(rf"\b{prefix}\d*\s", line) for line in shown), (prefix, shown[:3])
        assert status(tab).startswith(f"{len(expected)} Gruppen gefunden")


def test_filter_by_town_with_or_without_umlauts(tab, served_gruppen, gruppen_site):
    _, verzeichnis = gruppen_site
    tab.goto(served_gruppen.origin + "/gruppen/")
    guetersloh = [g for g in verzeichnis.aktuell if g.ort == "Gütersloh"]
    assert len(guetersloh) > MAX_SHOWN
    for typed in ("Gütersloh", "guetersloh", "gutersl"):
        search(tab, typed)
        shown = results(tab)
        assert shown[0] == "Alle Gruppen in Gütersloh" and len(shown) == 1 + MAX_SHOWN, typed
        assert all("33330 Gütersloh" in r for r in shown[1:]), typed
        assert status(tab).startswith(f"{len(guetersloh)} Gruppen gefunden"), typed
    tab.get_by_role("link", name="Alle Gruppen in Gütersloh").click()
    ort = next(o for land in verzeichnis.laender for o in land.orte if o.name == "Gütersloh")
    assert tab.url == f"{served_gruppen.origin}/{ort.url}#ort-guetersloh"
    assert tab.locator("#ort-guetersloh").is_visible()
    tab.go_back()
    search(tab, "saale")  # a word inside the name: Halle (Saale)
    shown = results(tab)
    halle = [g for g in verzeichnis.aktuell if g.ort == "Halle (Saale)"]
    assert shown == ["Alle Gruppen in Halle (Saale)"] + [r for r in shown[1:] if "06108 Halle (Saale)" in r]
    assert len(shown) == 1 + len(halle)


def test_filter_by_land_offers_its_page_and_says_when_there_are_more(tab, served_gruppen, gruppen_site):
    _, verzeichnis = gruppen_site
    tab.goto(served_gruppen.origin + "/gruppen/")
    search(tab, "bayern")
    bayern = [g for g in verzeichnis.aktuell if g.land == models.bundesland("Bayern")]
    assert len(bayern) > MAX_SHOWN
    shown = results(tab)
    assert shown[0] == "Alle Gruppen in Bayern" and len(shown) == 1 + MAX_SHOWN
    assert all(", 8" in r or ", 9" in r for r in shown[1:])  # Munich, Nuremberg, Würzburg: 80…, 90…, 97…
    assert status(tab).startswith(f"{len(bayern)} Gruppen gefunden, die ersten {MAX_SHOWN} stehen hier")
    tab.get_by_role("link", name="Alle Gruppen in Bayern").click()
    assert tab.url == served_gruppen.origin + "/gruppen/bayern/"


def test_a_result_leads_to_the_group_on_its_land_page(tab, served_gruppen, gruppen_site):
    _, verzeichnis = gruppen_site
    tab.goto(served_gruppen.origin + "/gruppen/")
    target = next(g for g in verzeichnis.aktuell if g.ort == "Jena")
    search(tab, "07743")
    tab.get_by_role("link", name=f"{target.traeger}, 07743 Jena").click()
    assert tab.url == served_gruppen.origin + "/" + verzeichnis.url(target)
    article = tab.locator(f"#{target.anker}")
    assert article.is_visible() and target.traeger in article.inner_text()


def test_no_match_and_an_empty_field(tab, served_gruppen):
    tab.goto(served_gruppen.origin + "/gruppen/")
    search(tab, "999")
    assert results(tab) == [] and status(tab).startswith("Keine Gruppe mit dieser Postleitzahl")
    search(tab, "Atlantis")
    assert results(tab) == [] and status(tab).startswith("Keine Gruppe gefunden")
    tab.get_by_label(LABEL).fill("")
    tab.wait_for_function("() => document.getElementById('gruppen-status').textContent === ''")
    assert results(tab) == []


def test_pages_with_groups_pass_the_layers_checks(browser, served_gruppen, axe_source):
    """axe WCAG A/AA, CSP, no foreign request, no horizontal scroll: the finder's pages with data,
    which the real site (no groups yet) cannot show; the index with a filter result open."""
    problems = []
    for width in audit.WIDTHS:
        foreign: list[str] = []
        context = audit.new_context(browser, served_gruppen.origin, width, foreign)
        try:
            tab = audit.Tab(context, foreign)
            for path in ("/gruppen/", "/gruppen/nordrhein-westfalen/", "/gruppen/nordrhein-westfalen/2/",
                         "/gruppen/bremen/"):
                visit = tab.visit(served_gruppen.origin + path, width, axe_source)
                for check in (checks.axe, checks.foreign_requests, checks.failed_requests, checks.console_errors,
                              checks.csp_violations, checks.horizontal_scrolling, checks.storage):
                    problems += [f"{path} @ {width}px: {p}" for p in check(visit)]
            page = tab.page
            page.goto(served_gruppen.origin + "/gruppen/")
            search(page, "4")
            page.locator("#gruppen-treffer details, #gruppen-treffer a").first.wait_for()
            page.evaluate(axe_source)
            result = page.evaluate(audit._AXE_RUN, audit.AXE_TAGS)
            problems += [f"/gruppen/ mit Treffern @ {width}px: {v['id']}: {v['help']}" for v in result["violations"]]
            if page.evaluate("document.documentElement.scrollWidth") > width:
                problems.append(f"/gruppen/ mit Treffern @ {width}px: horizontal scrolling")
        finally:
            context.close()
    assert not problems, "\n".join(problems)


def test_pages_with_groups_are_valid_html(gruppen_site):
    """The Nu Html Checker over the finder's pages with data (the real site has none yet)."""
    from browser.test_valid_output import VNU, tool

    java = tool("java", "install a Java runtime (default-jre-headless; ./dev.sh test installs it)")
    assert VNU.is_file(), f"{VNU} missing: run `npm ci` (./dev.sh test does)"
    files = sorted((gruppen_site[0] / "gruppen").rglob("index.html"))
    run = subprocess.run([java, "-Xss1024k", "-jar", str(VNU), "--errors-only", "--format", "json",
                          *map(str, files)], capture_output=True, text=True, timeout=600)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    assert len(files) > 17
    assert messages == []
