"""„Termine abonnieren“ in Chromium: each feed's https address to copy – with the „Kopieren“ button of
theme/static/js/termine.js, without the Clipboard API (the address is selected instead) and without
JavaScript (the field alone, no button) – on the real site as nginx serves it with the production
headers (CSP ``default-src 'self'``)."""

from __future__ import annotations

import pytest

from browser import audit, checks
from helpers import PUBLIC_URL

ADDRESS = f"{PUBLIC_URL}/termine/abo/alle.ics"  # the local build shows the live addresses (Abo.adresse)
COPY_ALL = "Kopieren – https-Adresse für „Alle wir2-Termine“"
COPY_TRAINING = "Kopieren – https-Adresse für „wir2 – Gruppenleiterschulungen“"
COPIED = "Adresse kopiert"
SELECTED = "Adresse markiert – mit Strg+C kopieren"

# Installed before the page's own script: a browser without the Clipboard API, and one that refuses.
NO_CLIPBOARD = "Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined, configurable: true});"
REFUSING_CLIPBOARD = """Object.defineProperty(Navigator.prototype, 'clipboard', {configurable: true,
  get: () => ({writeText: () => Promise.reject(new DOMException('refused', 'NotAllowedError'))})});"""


@pytest.fixture
def open_termine(browser, served):
    """``open_termine(javascript=…, clipboard=…, init=…)``: /termine/ in a fresh 360 px tab whose requests
    never leave the server; afterwards no console error, CSP violation, foreign request or storage."""
    opened = []

    def open_page(javascript: bool = True, clipboard: bool = False, init: str | None = None):
        foreign: list[str] = []
        context = audit.new_context(browser, served.origin, 360, foreign) if javascript else browser.new_context(
            viewport={"width": 360, "height": audit.HEIGHT}, java_script_enabled=False, service_workers="block",
            locale="de-DE")
        if clipboard:
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.origin)
        if init:
            context.add_init_script(init)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        opened.append((context, page, javascript, errors, foreign))
        page.goto(served.origin + "/termine/")
        return page

    yield open_page
    for context, page, javascript, errors, foreign in opened:
        if javascript:
            assert page.evaluate("window.__wir2_csp || []") == []
            assert page.evaluate("document.cookie + localStorage.length + sessionStorage.length") == "00"
        assert errors == [] and foreign == []
        context.close()


def field(page, feed: str = "alle"):
    return page.locator(f"#abo-adresse-{feed}")


def status(page, feed: str = "alle"):
    return page.locator("li.abo", has=field(page, feed)).locator("[role=status]")


def wait_for_status(page, text: str, feed: str = "alle") -> None:
    page.wait_for_function("([id, text]) => document.getElementById(id).closest('li')"
                           ".querySelector('[role=status]').textContent === text", arg=[f"abo-adresse-{feed}", text])


def selection(page) -> dict:
    return page.evaluate("() => { const e = document.activeElement;"
                         " return {id: e.id, start: e.selectionStart, end: e.selectionEnd, length: e.value.length}; }")


def test_kopieren_puts_the_address_on_the_clipboard_and_says_so(open_termine):
    page = open_termine(clipboard=True)
    button = page.get_by_role("button", name=COPY_ALL, exact=True)
    assert button.is_visible()
    box = button.bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24  # WCAG 2.5.8
    assert status(page).text_content() == ""
    button.click()
    wait_for_status(page, COPIED)
    assert status(page).is_visible()
    assert page.evaluate("navigator.clipboard.readText()") == ADDRESS
    assert field(page).input_value() == ADDRESS
    # Another feed: its line speaks, the first falls silent; the clipboard holds the new address.
    page.get_by_role("button", name=COPY_TRAINING, exact=True).click()
    wait_for_status(page, COPIED, "schulung")
    assert status(page).text_content() == ""
    assert page.evaluate("navigator.clipboard.readText()") == f"{PUBLIC_URL}/termine/abo/schulung.ics"


def test_a_second_click_is_announced_again(open_termine):
    """A live region stays silent when its text does not change: the script clears it first."""
    page = open_termine(clipboard=True)
    page.get_by_role("button", name=COPY_ALL, exact=True).click()
    wait_for_status(page, COPIED)
    page.evaluate("""() => { window.__changes = [];
      new MutationObserver((m) => window.__changes.push(m[0].target.textContent))
        .observe(document.querySelector('#abo-adresse-alle').closest('li').querySelector('[role=status]'),
                 {childList: true, characterData: true, subtree: true}); }""")
    page.get_by_role("button", name=COPY_ALL, exact=True).click()
    page.wait_for_function("() => window.__changes.length >= 2")
    assert page.evaluate("window.__changes") == ["", COPIED]


@pytest.mark.parametrize("init", [NO_CLIPBOARD, REFUSING_CLIPBOARD], ids=["ohne-clipboard-api", "verweigert"])
def test_without_the_clipboard_the_address_is_selected_for_ctrl_c(open_termine, init):
    page = open_termine(init=init)
    page.get_by_role("button", name=COPY_ALL, exact=True).click()
    wait_for_status(page, SELECTED)
    assert selection(page) == {"id": "abo-adresse-alle", "start": 0, "end": len(ADDRESS), "length": len(ADDRESS)}


def test_without_javascript_the_address_is_there_to_select_and_no_button_shows(open_termine):
    page = open_termine(javascript=False)
    assert page.evaluate("() => document.querySelectorAll('script[src]').length") == 1  # the page has its script …
    buttons = page.locator("button.abo-kopieren")
    assert buttons.count() == 5
    assert [buttons.nth(i).is_hidden() for i in range(5)] == [True] * 5  # … which never ran
    box = page.get_by_label("https-Adresse für „Alle wir2-Termine“", exact=True)
    assert box.is_visible() and box.is_editable() is False and box.input_value() == ADDRESS
    box.click()
    page.keyboard.press("Control+A")
    assert selection(page) == {"id": "abo-adresse-alle", "start": 0, "end": len(ADDRESS), "length": len(ADDRESS)}
    assert status(page).text_content() == ""


def test_the_button_shows_where_the_keyboard_is(open_termine):
    page = open_termine(clipboard=True)
    field(page).focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "abo-kopieren"
    style = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                          " return [s.backgroundColor, s.color]; }")
    assert style == ["rgb(255, 221, 0)", "rgb(11, 12, 12)"]  # the site's focus colours (site.css)


def test_termine_passes_the_layers_checks_with_buttons_and_after_copying(browser, served, axe_source):
    """axe WCAG 2.2 A/AA, CSP, no foreign request, no horizontal scrolling at 360 px and 1280 px:
    the page as loaded (buttons shown by the script) and with a message in the status line."""
    problems = []
    for width in audit.WIDTHS:
        foreign: list[str] = []
        context = audit.new_context(browser, served.origin, width, foreign)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.origin)
        try:
            tab = audit.Tab(context, foreign)
            visit = tab.visit(served.origin + "/termine/", width, axe_source)
            for check in checks.LAYERS:
                problems += [f"/termine/ @ {width}px: {p}" for p in check(visit)]
            assert "target-size" in visit.axe_rules
            page = tab.page
            assert page.locator("button.abo-kopieren:visible").count() == 5
            page.get_by_role("button", name=COPY_ALL, exact=True).click()
            wait_for_status(page, COPIED)
            problems += audit.state_problems(page, "/termine/ nach dem Kopieren", width)
        finally:
            context.close()
    assert not problems, "\n".join(problems)
