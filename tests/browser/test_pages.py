"""Every HTML page of the built site, as a visitor's browser meets it (at 360 px and 1280 px).

Each test applies one rule of :mod:`browser.checks` to the records of the session's
single pass over all pages (fixture ``visits``) and lists every offending page, so
one run shows all problems at once.
"""

from __future__ import annotations

from browser import audit, checks
from browser.conftest import html_files


def offenders(visits, check) -> list[str]:
    return [f"{page} @ {width}px: {problem}"
            for (page, width), visit in sorted(visits.items()) for problem in check(visit)]


def test_every_page_was_visited_at_both_widths(site, visits):
    pages = {p.relative_to(site).as_posix() for p in html_files(site)}
    assert {page for page, _ in visits} == pages
    assert {width for _, width in visits} == set(audit.WIDTHS)
    assert {k: v.status for k, v in visits.items() if v.status != 200} == {}


def test_axe_ran_the_wcag_2_0_2_1_and_2_2_a_and_aa_rules(visits):
    for v in visits.values():
        assert len(v.axe_rules) > 50, (v.url, len(v.axe_rules))
        assert {"color-contrast", "bypass", "html-has-lang", "meta-viewport", "link-name"} <= set(v.axe_rules)
        assert "target-size" in v.axe_rules  # WCAG 2.2: 2.5.8 Target Size (Minimum)


def test_axe_finds_no_violation(visits):
    problems = offenders(visits, checks.axe)
    assert not problems, "\n".join(problems)


def test_no_request_leaves_the_local_server(visits):
    problems = offenders(visits, checks.foreign_requests)
    assert not problems, "\n".join(problems)


def test_no_failed_request(visits):
    problems = offenders(visits, checks.failed_requests)
    assert not problems, "\n".join(problems)


def test_no_console_error(visits):
    problems = offenders(visits, checks.console_errors)
    assert not problems, "\n".join(problems)


def test_no_content_security_policy_violation(visits):
    problems = offenders(visits, checks.csp_violations)
    assert not problems, "\n".join(problems)


def test_pages_were_served_with_the_production_headers(visits):
    """The CSP the browser enforced is the one in deploy/nginx: nginx served the pages with it."""
    problems = offenders(visits, checks.security_headers)
    assert not problems, "\n".join(problems)
    csp = {v.headers.get("content-security-policy") for v in visits.values()}
    assert len(csp) == 1 and "default-src 'self'" in csp.pop()


def test_no_horizontal_scrolling(visits):
    problems = offenders(visits, checks.horizontal_scrolling)
    assert not problems, "\n".join(problems)


def test_no_cookies_or_storage(visits):
    problems = offenders(visits, checks.storage)
    assert not problems, "\n".join(problems)


def test_skip_link_is_reached_first_and_moves_focus_to_main(visits):
    problems = offenders(visits, checks.skip_link)
    assert not problems, "\n".join(problems)
