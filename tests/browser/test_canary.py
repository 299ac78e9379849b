"""The checks can fail: a deliberately broken page (tests/browser/canary/) trips every one.

Served like the site (same server, production headers, same browser), so a check that
passes on the site passes because the site is right, not because the check is blind.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from browser import audit, checks
from browser.server import SiteServer
from deploy import headers as server_headers

CANARY = Path(__file__).parent / "canary"


class WithoutCSP(server_headers.Server):
    """Production headers, but no CSP under /ohne-csp/: there only the test's own guard stops requests."""

    def headers_for(self, uri: str) -> dict[str, str]:
        result = super().headers_for(uri)
        if uri.startswith("/ohne-csp/"):
            del result["Content-Security-Policy"]
        return result


def visit_canary(browser, axe_source, path: str, width: int = 360) -> audit.Visit:
    config = WithoutCSP(**vars(server_headers.load()))
    with SiteServer(CANARY, config) as server:
        foreign: list[str] = []
        context = audit.new_context(browser, server.origin, width, foreign)
        try:
            return audit.Tab(context, foreign).visit(server.url(path), width, axe_source)
        finally:
            context.close()


@pytest.fixture(scope="module")
def canary(browser, axe_source) -> audit.Visit:
    """The canary page at 360 px with the production CSP."""
    return visit_canary(browser, axe_source, "index.html")


@pytest.fixture(scope="module")
def canary_without_csp(browser, axe_source) -> audit.Visit:
    return visit_canary(browser, axe_source, "ohne-csp/index.html")


@pytest.mark.parametrize("check", [c for c in checks.ALL if c is not checks.production_headers],
                         ids=lambda c: c.__name__)
def test_every_check_reports_the_broken_page(canary, canary_without_csp, check):
    visit = replace(canary, foreign=canary.foreign + canary_without_csp.foreign)
    assert check(visit), f"{check.__name__} found nothing wrong with the canary page"


def test_axe_reports_the_expected_rules(canary):
    found = {v["id"] for v in canary.axe_violations}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= found, found


def test_csp_blocked_inline_style_inline_script_and_the_foreign_image(canary):
    blocked = " ".join(canary.csp_violations)
    assert "style-src" in blocked and "script-src" in blocked and "example.invalid" in blocked, blocked
    assert canary.foreign == [], "the CSP should have blocked the image before any request"


def test_a_request_to_another_host_is_stopped_and_reported(canary_without_csp):
    assert canary_without_csp.foreign == ["http://example.invalid/tracking.png"]


def test_a_wrong_header_is_reported(canary):
    assert checks.production_headers(canary) == []
    tampered = replace(canary, headers={**canary.headers, "content-security-policy": "default-src *"})
    assert any("Content-Security-Policy" in p for p in checks.production_headers(tampered))
