"""The production server configuration in deploy/nginx, checked with nginx itself.

``nginx -t`` accepts the production file without a warning, and nginx serving the
built site with the production snippets sends every file with its type, the
security headers and the caching the configuration promises.  The browser tests
(tests/browser/nginx.py) use the same server, so the pages they check are the
pages visitors get.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from browser.nginx import SITE_CONFIG, Nginx, content_types, fetch, nginx_binary, nginx_prefix, security_headers

CACHED = ("css", "js", "svg", "png", "jpg", "jpeg", "webp", "ico", "woff2", "pdf")  # a day; everything else: no-cache
# What visitors' browsers and calendar programs must get, written here independently of deploy/nginx.
EXPECTED_TYPES = {
    "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
    "json": "application/json; charset=utf-8", "ics": "text/calendar; charset=utf-8", "pdf": "application/pdf",
    "svg": "image/svg+xml; charset=utf-8", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
    "webp": "image/webp", "ico": "image/x-icon", "woff2": "font/woff2", "xml": "application/xml; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
}
# Headers nginx adds by itself; every other header it sends must be one the configuration sets.
NGINX_OWN = {"server", "date", "content-length", "last-modified", "connection", "etag", "accept-ranges",
             "keep-alive", "transfer-encoding", "location", "vary"}  # vary: gzip_vary


@pytest.fixture(scope="module")
def served(site, tmp_path_factory):
    with Nginx(site, tmp_path_factory.mktemp("nginx")) as server:
        yield server


def test_content_security_policy_is_self_only_without_unsafe_inline(served):
    csp = fetch(served, "/")[1]["content-security-policy"]
    directives = dict((d.split()[0], d.split()[1:]) for d in csp.split(";") if d.strip())
    assert directives["default-src"] == ["'self'"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "*" not in csp
    assert directives["frame-ancestors"] == ["'none'"] and directives["object-src"] == ["'none'"]


@pytest.mark.parametrize("path", ["/", "/konzept/", "/theme/css/site.css", "/theme/favicon.svg",
                                  "/termine/abo/alle.ics", "/downloads/wir2-faktenblatt.pdf", "/sitemap.xml",
                                  "/robots.txt", "/404.html", "/gibt-es-nicht/"])
def test_every_response_gets_the_security_headers(served, path):
    h = fetch(served, path)[1]
    assert h["content-security-policy"] == fetch(served, "/")[1]["content-security-policy"]
    assert h["strict-transport-security"].startswith("max-age=") and int(
        h["strict-transport-security"].split("=")[1].split(";")[0]) >= 31536000
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] in ("no-referrer", "strict-origin-when-cross-origin", "same-origin")
    assert "cache-control" in h


def test_content_types_and_caching(served):
    assert fetch(served, "/termine/abo/alle.ics")[1]["content-type"] == "text/calendar; charset=utf-8"
    assert fetch(served, "/konzept/")[1]["content-type"] == "text/html; charset=utf-8"
    assert fetch(served, "/theme/css/site.css")[1]["content-type"] == "text/css; charset=utf-8"
    assert fetch(served, "/downloads/wir2-faktenblatt.pdf")[1]["content-type"] == "application/pdf"
    assert fetch(served, "/konzept/")[1]["cache-control"] == "no-cache"
    assert fetch(served, "/termine/abo/alle.ics")[1]["cache-control"] == "no-cache"
    assert "max-age=" in fetch(served, "/theme/css/site.css")[1]["cache-control"]
    status, headers, _ = fetch(served, "/konzept")
    assert status == 301 and headers["location"].endswith("/konzept/")


def test_every_published_file_type_is_known(site):
    """A file type missing from wir2-types.conf would be served as application/octet-stream."""
    known = content_types()
    unknown = sorted({p.suffix for p in site.rglob("*") if p.is_file() and p.suffix.lstrip(".") not in known})
    assert not unknown, unknown
    assert set(known) == set(EXPECTED_TYPES), "wir2-types.conf and this test list other file types"


def test_every_file_is_served_with_its_type_the_security_headers_and_its_caching(site, served):
    security = {k.lower(): v for k, v in security_headers().items()}
    assert "content-security-policy" in security and len(security) >= 5
    mismatches = []
    files = [p for p in sorted(site.rglob("*")) if p.is_file()]
    for file in files:
        rel = file.relative_to(site).as_posix()
        url = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        status, got, body = fetch(served, url)
        extension = file.suffix.lstrip(".")
        expected = {**security, "content-type": EXPECTED_TYPES[extension],
                    "cache-control": "public, max-age=86400" if extension in CACHED else "no-cache"}
        if status != 200 or body != file.read_bytes():
            mismatches.append(f"{url}: HTTP {status}")
        wrong = {k: (got.get(k), v) for k, v in expected.items() if got.get(k) != v}
        extra = set(got) - set(expected) - NGINX_OWN
        if wrong or extra:
            mismatches.append(f"{url}: differs {wrong}, not expected {sorted(extra)}")
    status, got, body = fetch(served, "/gibt-es-nicht/")
    assert status == 404 and body == (site / "404.html").read_bytes()
    assert {k: got.get(k) for k in security} == security
    assert not set(got) - set(security) - {"content-type", "cache-control"} - NGINX_OWN, sorted(got)
    assert not mismatches, "\n".join(mismatches)
    assert len(files) > 5


# `http2 on;` needs nginx 1.25.1; the README tells operators of an older nginx to delete those lines.
HTTP2_DIRECTIVE = (1, 25, 1)


def nginx_version(nginx: str) -> tuple[int, ...]:
    out = subprocess.run([nginx, "-v"], capture_output=True, text=True).stderr  # "nginx version: nginx/1.22.1"
    found = re.search(r"nginx/(\d+)\.(\d+)\.(\d+)", out)
    assert found, out
    return tuple(int(part) for part in found.groups())


def nginx_complaints(stderr: str) -> list[str]:
    """Every message of `nginx -t` with a severity ([warn], [emerg], …)."""
    return [line for line in stderr.splitlines() if re.search(r"\[(warn|error|crit|alert|emerg)\]", line)]


# wir2.conf's line that turns the editor's page /admin/ on (deploy/LIESMICH-veroeffentlichen.md), commented out.
EDITOR_OFF = "    # include snippets/wir2-admin.conf;\n"


@pytest.mark.parametrize("editor", [False, True], ids=["as-shipped", "editor-on"])
def test_nginx_accepts_the_production_configuration(tmp_path, editor):
    """nginx >= 1.25.1: the production file as it is. Older: exactly the README's fallback.

    The same with the editor's page turned on, as its instructions say: by removing the `#` of one line.
    """
    nginx = nginx_binary()
    certs = tmp_path / "certs"
    certs.mkdir()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=test",
                    "-keyout", str(certs / "privkey.pem"), "-out", str(certs / "fullchain.pem")],
                   check=True, capture_output=True)
    site = (SITE_CONFIG.read_text(encoding="utf-8")
            .replace("/etc/letsencrypt/live/www.wir2-bindungstraining.de", str(certs)))
    assert site.count(EDITOR_OFF) == 1, "wir2.conf: no commented-out include of wir2-admin.conf"
    if editor:
        site = site.replace(EDITOR_OFF, EDITOR_OFF.replace("# ", ""))
    conf = nginx_prefix(tmp_path, f"include {tmp_path}/wir2.conf;")

    def check(text: str) -> subprocess.CompletedProcess:
        (tmp_path / "wir2.conf").write_text(text, encoding="utf-8")
        return subprocess.run([nginx, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "logs/error.log"),
                               "-c", str(conf)], capture_output=True, text=True)

    if nginx_version(nginx) >= HTTP2_DIRECTIVE:
        run = check(site)
        assert run.returncode == 0 and not nginx_complaints(run.stderr), run.stderr
        return
    without_http2 = "".join(line for line in site.splitlines(keepends=True) if line.strip() != "http2 on;")
    assert without_http2 != site, "no `http2 on;` line to delete"
    run = check(without_http2)
    assert run.returncode == 0 and not nginx_complaints(run.stderr), run.stderr
    run = check(site)
    complaints = nginx_complaints(run.stderr)
    assert run.returncode != 0 and len(complaints) == 1 and 'unknown directive "http2"' in complaints[0], run.stderr
