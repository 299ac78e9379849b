"""The browser layer: the real site built once, served by nginx with the production configuration, seen by Chromium.

Fixtures (session-scoped, so the whole layer starts one server and one browser):

- ``served``: :class:`~browser.nginx.Nginx` serving the ``site`` fixture (tests/conftest.py:
  the real site built into a temporary folder with the pinned build date);
- ``browser``: Debian's Chromium through Playwright;
- ``visits``: every HTML page of the site visited at 360 px and 1280 px (see :mod:`browser.audit`);
  the tests in test_pages.py only read these records.

Missing Chromium, Java or node_modules make the tests fail with a message saying what to
install; they are never skipped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import audit
from browser.nginx import Nginx


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.fixture(scope="session")
def served(site, tmp_path_factory):
    with Nginx(site, tmp_path_factory.mktemp("nginx-site")) as server:
        yield server


@pytest.fixture(scope="session")
def playwright_driver():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_driver):
    try:
        chromium = audit.launch(playwright_driver)
    except audit.ChromiumMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    try:
        return audit.axe_source()
    except FileNotFoundError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def visits(site, served, browser, axe_source) -> dict[tuple[str, int], audit.Visit]:
    """(page path relative to the site, width) → what the browser saw there."""
    pages = html_files(site)
    assert pages, f"no HTML pages in {site}"
    result = {}
    for width in audit.WIDTHS:
        foreign: list[str] = []
        context = audit.new_context(browser, served.origin, width, foreign)
        try:
            tab = audit.Tab(context, foreign)
            for page in pages:
                rel = page.relative_to(site).as_posix()
                result[rel, width] = tab.visit(served.url(page), width, axe_source)
        finally:
            context.close()
    return result
