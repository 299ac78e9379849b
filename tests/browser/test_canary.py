"""The checks can fail: a deliberately broken page (tests/browser/canary/) trips every one.

Served like the site (same server, production headers, same browser), so a check that
passes on the site passes because the site is right, not because the check is blind.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from browser import audit, checks
from browser.nginx import Nginx

CANARY = Path(__file__).parent / "canary"
#: Production headers, but none under /ohne-csp/ (a location without add_header): there only the test's
#: own guard stops requests.
WITHOUT_CSP = "location ^~ /ohne-csp/ { }"


def visit_canary(browser, axe_source, tmp: Path, path: str, width: int = 360) -> audit.Visit:
    with Nginx(CANARY, tmp, WITHOUT_CSP) as server:
        foreign: list[str] = []
        context = audit.new_context(browser, server.origin, width, foreign)
        try:
            return audit.Tab(context, foreign).visit(server.url(path), width, axe_source)
        finally:
            context.close()


@pytest.fixture(scope="module")
def canary(browser, axe_source, tmp_path_factory) -> audit.Visit:
    """The canary page at 360 px with the production CSP."""
    return visit_canary(browser, axe_source, tmp_path_factory.mktemp("canary"), "index.html")


@pytest.fixture(scope="module")
def canary_without_csp(browser, axe_source, tmp_path_factory) -> audit.Visit:
    return visit_canary(browser, axe_source, tmp_path_factory.mktemp("canary-ohne-csp"), "ohne-csp/index.html")


@pytest.mark.parametrize("check", [c for c in checks.ALL if c is not checks.security_headers],
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


def test_a_wrong_or_missing_header_is_reported(canary, canary_without_csp):
    assert checks.security_headers(canary) == []
    tampered = replace(canary, headers={**canary.headers, "content-security-policy": "default-src *"})
    assert any("Content-Security-Policy" in p for p in checks.security_headers(tampered))
    assert any("Content-Security-Policy" in p for p in checks.security_headers(canary_without_csp))
