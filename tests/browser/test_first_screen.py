"""What a visitor meets first, on a phone and on paper (issue 13).

At 360 × 740 px (a phone) on every page: the header is at most 120 px high with the „Menü“
closed, the „Menü“ opens without JavaScript, and „Leichte Sprache“ is in the header. On the
home page the facts a parent needs and the one primary action are in the first screen and
the phone number in the first two. At 320 px nothing in ``main`` is wider than the window
and no table scrolls sideways. Printed to A4 by Chromium (``page.pdf``), /termine/ and
/kooperation/ keep their registration lines, say where they came from and have no page
with fewer than five lines; no link prints its address twice and no mail address as
„mailto:“. The PDF's text is read page by page with pypdf (a test dependency already).
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from browser.conftest import html_files

PHONE = {"width": 360, "height": 740}
PUBLIC_URL = "https://www.wir2-bindungstraining.de"  # WIR2_PUBLIC_URL in pelicanconf.py

_TEXT_TOP = """(word) => {
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const i = n.data.indexOf(word);
    if (i < 0) continue;
    const range = document.createRange();
    range.setStart(n, i);
    range.setEnd(n, i + word.length);
    const box = range.getBoundingClientRect();
    if (box.width > 0) return {top: box.top + scrollY, bottom: box.bottom + scrollY};
  }
  return null;
}"""

_TOO_WIDE = """() => {
  const problems = [];
  for (const el of document.querySelectorAll('main *')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && (box.right > innerWidth + 0.5 || box.left < -0.5))
      problems.push(`${el.tagName.toLowerCase()}.${el.className} spans `
                    + `${Math.round(box.left)}–${Math.round(box.right)}`);
  }
  for (const el of document.querySelectorAll('main table, main table *, main .table-scroll')) {
    // (a visually hidden thead is clipped to 1 px: it is read out, not seen)
    if (el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
      problems.push(`${el.tagName.toLowerCase()}.${el.className} scrolls: ${el.scrollWidth} > ${el.clientWidth}`);
  }
  for (const t of document.querySelectorAll('main table')) {
    if (t.scrollWidth > t.clientWidth + 1 || t.getBoundingClientRect().width > innerWidth)
      problems.push(`table#${t.id} is ${t.scrollWidth}px wide`);
  }
  return problems;
}"""

# Links whose text already is their address must not print it again after the text (print media).
_DOUBLE_URLS = r"""() => [...document.querySelectorAll('a[href]')].filter((a) => {
  const after = getComputedStyle(a, '::after').content;
  const text = a.textContent.trim();
  const href = a.getAttribute('href');
  return after && after !== 'none' && (text.includes(href) || text.includes(href.replace(/\/$/, '')))
    && a.getBoundingClientRect().width > 0;
}).map((a) => a.outerHTML.slice(0, 120))"""


def pages_of(site) -> list[str]:
    return [p.relative_to(site).as_posix() for p in html_files(site)]


def url_of(served, rel: str) -> str:
    return f"{served.origin}/{rel.removesuffix('index.html')}"


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="de-DE", has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def no_script(browser):
    context = browser.new_context(viewport=PHONE, locale="de-DE", java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_the_header_is_at_most_120_px_high_on_a_phone_on_every_page(site, served, phone):
    heights = {}
    for rel in pages_of(site):
        phone.goto(url_of(served, rel))
        heights[rel] = phone.locator("header.site-header").bounding_box()["height"]
    assert heights and all(h <= 120 for h in heights.values()), heights


def test_every_header_links_leichte_sprache(site, served, phone):
    for rel in pages_of(site):
        phone.goto(url_of(served, rel))
        link = phone.locator("header.site-header a", has_text="Leichte Sprache")
        assert link.count() == 1, rel
        assert link.inner_text() == "Leichte Sprache"
        assert link.get_attribute("href") == "/leichte-sprache/"
        assert link.is_visible(), rel


def test_the_menu_opens_without_javascript_and_wide_screens_show_the_bar(site, served, no_script, browser):
    no_script.goto(url_of(served, "module/index.html"))
    menu = no_script.locator("header details.menu")
    assert menu.locator("summary").inner_text().strip() == "Menü"
    links = menu.locator("nav a")
    assert not links.first.is_visible()
    menu.locator("summary").click()
    assert links.count() == 5 and all(links.nth(i).is_visible() for i in range(5))
    assert links.nth(0).get_attribute("aria-current") == "true"  # /module/ belongs to „Für Alleinerziehende“
    # Opened, the menu lies over the page and takes the header no higher.
    assert no_script.locator("header.site-header").bounding_box()["height"] <= 120
    desktop = browser.new_page(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    try:
        desktop.goto(url_of(served, "konzept/index.html"))
        assert not desktop.locator("header details.menu").is_visible()
        bar = desktop.locator("header nav.main-nav a")
        assert bar.count() == 5 and all(bar.nth(i).is_visible() for i in range(5))
        assert desktop.locator("header a", has_text="Leichte Sprache").is_visible()
    finally:
        desktop.close()


def test_the_home_page_first_screen_has_the_facts_and_the_finder(served, phone):
    phone.goto(served.origin + "/")
    height = PHONE["height"]
    action = phone.get_by_role("link", name="Gruppe in der Nähe finden")
    assert action.count() == 1 and action.get_attribute("href") == "/gruppen/"
    box = action.bounding_box()
    assert box["y"] + box["height"] <= height, box
    for word in ("kostenlos", "Kinderbetreuung", "Treffen"):
        where = phone.evaluate(_TEXT_TOP, word)
        assert where and where["bottom"] <= height, (word, where)
    call = phone.locator("main a[href^='tel:']").first
    assert call.bounding_box()["y"] + call.bounding_box()["height"] <= 2 * height
    assert call.get_attribute("href") == "tel:+4952411794914"
    text = phone.locator("main").inner_text()
    assert "Nächste Termine" not in text and "keine Termine" not in text
    assert "renommierten Heigl-Preis" in text and "Heigl-Preis für" not in text
    assert "Alexius/Josef Krankenhaus Neuss" in text and "Walter Blüchert Stiftung Gütersloh" in text


def test_nothing_in_main_is_wider_than_320_px_and_no_table_scrolls(site, served, browser):
    page = browser.new_page(viewport={"width": 320, "height": 740})
    try:
        problems = {}
        for rel in pages_of(site):
            page.goto(url_of(served, rel))
            if found := page.evaluate(_TOO_WIDE):
                problems[rel] = found
        assert not problems, problems
        page.goto(url_of(served, "kooperation/index.html"))
        tables = page.locator("main table.kosten")
        assert tables.count() >= 1
        for i in range(tables.count()):  # still a table for screen readers: caption and headers kept
            assert tables.nth(i).evaluate("t => t.caption !== null && t.querySelectorAll('th').length > 0")
    finally:
        page.close()


def printed(browser, served, path: str) -> tuple[list[str], list[str], list[str]]:
    """The page printed to A4 by Chromium: each PDF page's lines; the texts of its registration lines and
    the links that would print their address twice, as seen with print media."""
    page = browser.new_page()
    try:
        page.goto(f"{served.origin}/{path}")
        page.emulate_media(media="print")
        registrations = page.locator(".termin-anmeldung").all_inner_texts()
        doubles = page.evaluate(_DOUBLE_URLS)
        pdf = page.pdf(format="A4")
    finally:
        page.close()
    pages = [[line for line in p.extract_text().splitlines() if line.strip()]
             for p in PdfReader(io.BytesIO(pdf)).pages]
    return ["\n".join(lines) for lines in pages], registrations, doubles


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("path", ["termine/", "kooperation/"])
def test_printouts_keep_registration_and_source_and_have_no_orphan_page(browser, served, site, path):
    pages, registrations, doubles = printed(browser, served, path)
    whole = "\n".join(pages)
    assert registrations, f"{path}: no registration line on the page"
    for line in registrations:
        assert squeeze(line) in squeeze(whole), f"{path}: registration line not printed: {line}"
    assert squeeze(f"{PUBLIC_URL}/{path}") in squeeze(whole), f"{path}: the printout does not say where it came from"
    assert "Stand: 15. Januar 2025" in whole  # the build date of the session's site (tests/helpers.py)
    assert "mailto:" not in whole
    lines = [line.strip() for line in whole.splitlines()]
    assert "Termine abonnieren" not in lines and "https-Adresse" not in lines  # the subscribe help is not printed
    assert "Zum Inhalt springen" not in whole and "Menü" not in whole
    short = {i + 1: len(p.splitlines()) for i, p in enumerate(pages) if len(p.splitlines()) < 5}
    assert not short, f"{path}: pages with fewer than five lines: {short}"
    assert not doubles, doubles


def test_no_page_prints_an_address_twice(site, served, browser):
    page = browser.new_page()
    try:
        page.emulate_media(media="print")
        problems = {}
        for rel in pages_of(site):
            page.goto(url_of(served, rel))
            if found := page.evaluate(_DOUBLE_URLS):
                problems[rel] = found
        assert not problems, problems
    finally:
        page.close()
