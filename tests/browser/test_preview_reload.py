"""The editors' preview in Chromium: an open page follows the builds by itself (wir2.preview's reload script).

Break a data file while a page is open: the page turns into the error page without anyone reloading it;
fix the file: the page comes back.  The preview sends the site's Content-Security-Policy, so the
reload script also proves that it needs no inline script.  The HTTP side is tests/test_preview.py.
"""

from __future__ import annotations

import io

from playwright.sync_api import expect

from browser import audit
from helpers import CACHE, SITE_BUILD_DATE, copy_project
from wir2.preview import ERROR_TITLE, Preview, security_headers

BUILD = 120_000  # ms: the longest a build (and so the page's turn) may take here
GOOD, BROKEN = "beginn: 2025-11-27", "beginn: 2025-11-31"
NAVIGATION = "performance.getEntriesByType('navigation')[0].type"  # how the page shown was reached


def test_an_open_page_turns_into_the_error_page_and_back_by_itself(browser, tmp_path):
    project = copy_project(tmp_path / "project")
    termine = project / "data" / "termine.yml"
    text = termine.read_text(encoding="utf-8")
    assert GOOD in text
    overrides = {"BUILD_DATE": SITE_BUILD_DATE, "WIR2_CACHE_PATH": str(CACHE)}
    with Preview(project / "pelicanconf.py", project / "output", port=0, overrides=overrides,
                 stream=io.StringIO()) as preview:
        assert preview.wait_for_build(0, BUILD / 1000).ok
        foreign: list[str] = []
        context = audit.new_context(browser, preview.url.rstrip("/"), 1280, foreign)
        try:
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            loads: list[str] = []
            page.on("load", lambda p: loads.append(p.url))

            response = page.goto(preview.url + "termine/", wait_until="load")
            assert response is not None and response.status == 200
            assert response.headers["content-security-policy"] == security_headers()["Content-Security-Policy"]
            site_title = page.title()
            assert site_title.startswith("Termine")
            page.wait_for_timeout(1500)  # the script has polled at least once and found nothing new
            assert loads == [preview.url + "termine/"] and page.evaluate(NAVIGATION) == "navigate"

            termine.write_text(text.replace(GOOD, BROKEN, 1), encoding="utf-8")
            expect(page).to_have_title(ERROR_TITLE, timeout=BUILD)
            page.wait_for_load_state("load")  # the title is there while the page is still loading
            assert page.evaluate(NAVIGATION) == "reload"
            messages = page.locator("main ol li").all_inner_texts()
            assert len(messages) == 1 and messages[0].startswith("data/termine.yml:")
            assert "„2025-11-31“ ist ungültig" in messages[0]
            expect(page.locator("main")).to_contain_text("Bitte korrigieren: data/termine.yml")
            assert page.url == preview.url + "termine/"  # the same address, reloaded by the page itself

            # Without JavaScript the same page is there on a (manual) reload.
            plain = browser.new_context(java_script_enabled=False)
            try:
                other = plain.new_page()
                other.goto(preview.url + "termine/")
                assert other.title() == ERROR_TITLE
            finally:
                plain.close()

            termine.write_text(text, encoding="utf-8")
            expect(page).to_have_title(site_title, timeout=BUILD)
            page.wait_for_load_state("load")
            assert page.evaluate(NAVIGATION) == "reload"
            assert page.locator("h1").first.inner_text() != ERROR_TITLE
            assert page.evaluate("window.__wir2_csp") == []
            assert errors == [] and foreign == []
        finally:
            context.close()
