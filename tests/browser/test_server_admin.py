"""The editor's page /admin/ on the production server (deploy/nginx/snippets/wir2-admin.conf).

The editor is off unless the operator includes wir2-admin.conf: without it, /admin/ is a folder
like any other, with the site's strict Content-Security-Policy. With it, /admin/ gets a policy of
its own – what Decap CMS needs (eval for its schema validator, styles set from JavaScript, the git
host's API) and nothing more – and every other response keeps the site's policy. The policy
expected here is written out independently of the snippet, and Chromium shows what it allows.
"""

from __future__ import annotations

import json
import shutil

import pytest

from browser import audit
from browser.nginx import Nginx, fetch, security_headers

ADMIN_SNIPPET = "include snippets/wir2-admin.conf;"
# What Decap CMS served from our own files needs (decaporg/decap-cms#2138 for 'unsafe-eval'), as the
# browser reads it; any other directive falls back to default-src 'self'.
ADMIN_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", "https://gitlab.com"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "object-src": ["'none'"],
}
# A stand-in for the editor: an external script that does what Decap CMS does at start (compile code
# from a string, add a <style> element, call the git host's API) and an inline script, which no
# policy here allows.
PROBE_JS = """
window.probe = {};
try { window.probe.eval = new Function('return 1 + 1')() === 2; } catch (e) { window.probe.eval = false; }
const style = document.createElement('style');
style.textContent = 'html { --probe: 1; }';
document.head.appendChild(style);
window.probe.style = getComputedStyle(document.documentElement).getPropertyValue('--probe').trim() === '1';
window.probe.fetches = Promise.all(['https://gitlab.com/api/v4/version', 'https://cdn.example.org/x.js'].map(
  (url) => fetch(url).then(() => 'answered', () => 'failed')));
"""
ADMIN_FILES = {
    "admin/index.html": ('<!doctype html>\n<html lang="de"><head><meta charset="utf-8"><title>Redaktion</title>'
                         '<script src="probe.js"></script></head>\n'
                         "<body><script>window.inlineScript = true;</script></body></html>\n"),
    "admin/probe.js": PROBE_JS,
    "admin/config.yml": "backend:\n  name: gitlab\n",
}
# Responses of the site itself, which must not change when the editor is turned on.
SITE_PATHS = ["/", "/konzept/", "/theme/css/site.css", "/theme/favicon.svg", "/termine/abo/alle.ics",
              "/downloads/wir2-faktenblatt.pdf", "/sitemap.xml", "/robots.txt", "/404.html", "/gibt-es-nicht/"]
COMPARED = ("content-type", "cache-control", "content-security-policy")


def policy(csp: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}


@pytest.fixture(scope="module")
def root_with_admin(site, tmp_path_factory):
    """The built site plus an /admin/ folder, as a publish build with WIR2_ADMIN=1 has one."""
    root = tmp_path_factory.mktemp("admin-site") / "output"
    shutil.copytree(site, root)
    for name, text in ADMIN_FILES.items():
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def editor_off(root_with_admin, tmp_path_factory):
    with Nginx(root_with_admin, tmp_path_factory.mktemp("nginx-editor-off")) as server:
        yield server


@pytest.fixture(scope="module")
def editor_on(root_with_admin, tmp_path_factory):
    with Nginx(root_with_admin, tmp_path_factory.mktemp("nginx-editor-on"), extra=ADMIN_SNIPPET) as server:
        yield server


@pytest.mark.parametrize("path", ["/admin/", "/admin/probe.js", "/admin/config.yml"])
def test_without_the_snippet_admin_is_served_like_any_other_folder(editor_off, path):
    status, headers, _ = fetch(editor_off, path)
    assert status == 200
    assert {k: headers.get(k.lower()) for k in security_headers()} == security_headers()
    assert "unsafe-eval" not in headers["content-security-policy"]
    # Nothing of the snippet: the site's caching rules, and YAML is not a type the site publishes.
    if path == "/admin/probe.js":
        assert headers["cache-control"] == "public, max-age=86400"
    assert "x-robots-tag" not in headers
    if path == "/admin/config.yml":
        assert headers["content-type"] == "application/octet-stream"


@pytest.mark.parametrize(("path", "content_type"), [("/admin/", "text/html; charset=utf-8"),
                                                    ("/admin/index.html", "text/html; charset=utf-8"),
                                                    ("/admin/probe.js", "text/javascript; charset=utf-8"),
                                                    ("/admin/config.yml", "application/yaml")])
def test_with_the_snippet_admin_gets_its_own_policy_and_the_other_security_headers(editor_on, path, content_type):
    status, headers, body = fetch(editor_on, path)
    assert status == 200 and body
    assert policy(headers["content-security-policy"]) == ADMIN_POLICY
    others = {k.lower(): v for k, v in security_headers().items() if k != "Content-Security-Policy"}
    assert len(others) >= 5 and {k: headers.get(k) for k in others} == others
    assert headers["content-type"] == content_type
    assert headers["cache-control"] == "no-cache"
    assert headers["x-robots-tag"] == "noindex, nofollow"


def test_with_the_snippet_admin_redirects_and_its_missing_files_get_the_site_404(editor_on, root_with_admin):
    status, headers, _ = fetch(editor_on, "/admin")
    assert status == 301 and headers["location"].endswith("/admin/")
    status, headers, body = fetch(editor_on, "/admin/gibt-es-nicht.js")
    assert status == 404 and body == (root_with_admin / "404.html").read_bytes()
    assert headers["content-security-policy"] == security_headers()["Content-Security-Policy"]


@pytest.mark.parametrize("path", SITE_PATHS)
def test_with_the_snippet_every_other_response_is_unchanged(editor_on, editor_off, path):
    status_on, on, _ = fetch(editor_on, path)
    status_off, off, _ = fetch(editor_off, path)
    assert status_on == status_off
    assert {k: on.get(k) for k in COMPARED} == {k: off.get(k) for k in COMPARED}
    assert on["content-security-policy"] == security_headers()["Content-Security-Policy"]
    assert "x-robots-tag" not in on


def test_with_the_snippet_every_published_file_keeps_the_site_policy(editor_on, site):
    csp = security_headers()["Content-Security-Policy"]
    wrong = []
    for file in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = file.relative_to(site).as_posix()
        url = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        status, headers, _ = fetch(editor_on, url)
        if status != 200 or headers.get("content-security-policy") != csp:
            wrong.append(f"{url}: HTTP {status}, {headers.get('content-security-policy')}")
    assert not wrong, "\n".join(wrong)


def visit_admin(browser, server) -> tuple[dict, list[str], list[str]]:
    """What the stand-in editor could do at /admin/: its probe, the CSP violations and the foreign requests."""
    foreign: list[str] = []
    context = audit.new_context(browser, server.origin, 1280, foreign)
    try:
        page = context.new_page()
        page.goto(f"{server.origin}/admin/", wait_until="load")
        probe = page.evaluate("""async () => ({eval: window.probe.eval, style: window.probe.style,
                                               fetches: await window.probe.fetches,
                                               inline: window.inlineScript === true})""")
        page.wait_for_timeout(100)  # let the last violation reports arrive
        violations = page.evaluate("window.__wir2_csp")
    finally:
        context.close()
    return probe, violations, foreign


def test_the_admin_policy_lets_the_editor_run_and_blocks_what_it_does_not_need(browser, editor_on):
    probe, violations, foreign = visit_admin(browser, editor_on)
    assert probe["eval"] is True and probe["style"] is True, probe
    assert probe["inline"] is False, "an inline script ran on /admin/"
    # The git host is allowed (this test's browser aborts every request leaving 127.0.0.1, so it
    # fails there); another host is stopped by the policy before any request is made.
    assert probe["fetches"] == ["failed", "failed"]
    assert foreign == ["https://gitlab.com/api/v4/version"], foreign
    blocked = json.dumps(violations)
    assert "cdn.example.org" in blocked and "gitlab.com" not in blocked and "eval" not in blocked, violations


def test_without_the_snippet_the_site_policy_stops_the_editor(browser, editor_off):
    probe, violations, foreign = visit_admin(browser, editor_off)
    assert probe["eval"] is False and probe["style"] is False and probe["inline"] is False, probe
    assert foreign == [], foreign
    blocked = json.dumps(violations)
    assert "eval" in blocked and "gitlab.com" in blocked and "cdn.example.org" in blocked, violations
