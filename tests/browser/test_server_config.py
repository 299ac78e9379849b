"""The production server configuration in deploy/nginx: what it promises, and that nginx agrees.

deploy/headers.py reads the configuration for the browser tests.  Here nginx itself
checks the production file (``nginx -t``) and serves the built site with the same
snippets, and every response must carry exactly the headers the model predicts.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from deploy import headers as server_headers

# Headers nginx adds by itself; everything else it sends must come from the model.
NGINX_OWN = {"server", "date", "content-length", "last-modified", "connection", "etag", "accept-ranges",
             "keep-alive", "transfer-encoding", "location", "vary"}  # vary: gzip_vary


@pytest.fixture(scope="module")
def config() -> server_headers.Server:
    return server_headers.load()


def test_content_security_policy_is_self_only_without_unsafe_inline(config):
    csp = config.headers_for("/index.html")["Content-Security-Policy"]
    directives = dict((d.split()[0], d.split()[1:]) for d in csp.split(";") if d.strip())
    assert directives["default-src"] == ["'self'"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "*" not in csp
    assert directives["frame-ancestors"] == ["'none'"] and directives["object-src"] == ["'none'"]


@pytest.mark.parametrize("uri", ["/index.html", "/konzept/index.html", "/theme/css/site.css", "/theme/favicon.svg",
                                 "/termine/alle.ics", "/downloads/wir2-faktenblatt.pdf", "/sitemap.xml",
                                 "/robots.txt", "/404.html"])
def test_every_file_gets_the_security_headers(config, uri):
    h = config.headers_for(uri)
    assert h["Content-Security-Policy"] == config.headers_for("/").get("Content-Security-Policy")
    assert h["Strict-Transport-Security"].startswith("max-age=") and int(
        h["Strict-Transport-Security"].split("=")[1].split(";")[0]) >= 31536000
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] in ("no-referrer", "strict-origin-when-cross-origin", "same-origin")
    assert "Cache-Control" in h


def test_content_types_and_caching(config):
    assert config.headers_for("/termine/alle.ics")["Content-Type"] == "text/calendar; charset=utf-8"
    assert config.headers_for("/konzept/index.html")["Content-Type"] == "text/html; charset=utf-8"
    assert config.headers_for("/theme/css/site.css")["Content-Type"] == "text/css; charset=utf-8"
    assert config.headers_for("/downloads/wir2-faktenblatt.pdf")["Content-Type"] == "application/pdf"
    assert config.headers_for("/konzept/index.html")["Cache-Control"] == "no-cache"
    assert config.headers_for("/termine/alle.ics")["Cache-Control"] == "no-cache"
    assert "max-age=" in config.headers_for("/theme/css/site.css")["Cache-Control"]
    assert config.error_pages[404] == "/404.html" and config.index == ["index.html"]


def test_every_published_file_type_is_known(site, config):
    """A file type missing from the `types` block would be served as application/octet-stream."""
    unknown = sorted({p.suffix for p in site.rglob("*") if p.is_file()
                      and config.headers_for("/" + p.name)["Content-Type"] == "application/octet-stream"})
    assert not unknown, unknown


def test_model_follows_nginx_location_and_inheritance_rules(tmp_path, monkeypatch):
    """A location with its own add_header drops the server's; =, ^~ and regex order as in nginx."""
    (tmp_path / "t.conf").write_text("""
        types { text/html html; text/calendar ics; }
        charset utf-8;
        add_header X-Server "s" always;
        location / { }
        location = /exact.html { add_header X-Loc "exact" always; }
        location ^~ /static/ { add_header X-Loc "static" always; }
        location ~* \\.ICS$ { add_header X-Loc "ics" always; }
    """, encoding="utf-8")
    server = server_headers.load_snippet(tmp_path / "t.conf")
    assert server.headers_for("/a.html") == {"Content-Type": "text/html; charset=utf-8", "X-Server": "s"}
    assert server.headers_for("/exact.html") == {"Content-Type": "text/html; charset=utf-8", "X-Loc": "exact"}
    assert server.headers_for("/static/x.ics")["X-Loc"] == "static"
    assert server.headers_for("/x/y.ics") == {"Content-Type": "text/calendar", "X-Loc": "ics"}


@pytest.mark.parametrize("snippet, message", [
    ('add_header X-A "a";', "always"),
    ("expires 1d;", "expires"),
    ("location / { location /x/ { } }", "nested"),
    ("location / {", "end of file"),
])
def test_model_refuses_what_it_cannot_follow(tmp_path, snippet, message):
    (tmp_path / "t.conf").write_text("types { text/html html; }\n" + snippet, encoding="utf-8")
    with pytest.raises(server_headers.ConfigError, match=message):
        server_headers.load_snippet(tmp_path / "t.conf")


# --- nginx itself ------------------------------------------------------------------------------

def nginx_binary() -> str:
    path = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(path).is_file():
        pytest.fail("nginx not found: apt-get install nginx (./dev.sh test installs it from "
                    ".ci/system-packages-test)", pytrace=False)
    return path


def nginx_prefix(tmp: Path, server_block: str) -> Path:
    """A private nginx: own pid, logs and temp folders; snippets/ and sites-available/ from deploy/."""
    for name in ("snippets", "sites-available"):
        (tmp / name).symlink_to(server_headers.NGINX_DIR / name)
    (tmp / "logs").mkdir()
    user = "user root;" if os.geteuid() == 0 else ""
    conf = tmp / "nginx.conf"
    conf.write_text(f"""
        {user}
        worker_processes 1;
        pid {tmp}/nginx.pid;
        error_log {tmp}/logs/error.log;
        events {{ worker_connections 64; }}
        http {{
            access_log off;
            client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
            uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
            {server_block}
        }}
    """, encoding="utf-8")
    return conf


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


def test_nginx_accepts_the_production_configuration(tmp_path):
    """nginx >= 1.25.1: the production file as it is. Older: exactly the README's fallback."""
    nginx = nginx_binary()
    certs = tmp_path / "certs"
    certs.mkdir()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=test",
                    "-keyout", str(certs / "privkey.pem"), "-out", str(certs / "fullchain.pem")],
                   check=True, capture_output=True)
    site = (server_headers.SITE_CONFIG.read_text(encoding="utf-8")
            .replace("/etc/letsencrypt/live/www.wir2-bindungstraining.de", str(certs)))
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def nginx_serving_the_site(site, tmp_path_factory):
    nginx = nginx_binary()
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    conf = nginx_prefix(tmp, f"server {{ listen 127.0.0.1:{port}; root {site}; include snippets/wir2-site.conf; }}")
    proc = subprocess.Popen([nginx, "-p", str(tmp), "-e", str(tmp / "logs/error.log"), "-c", str(conf),
                             "-g", "daemon off;"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"nginx did not start: {proc.communicate()[1].decode()}", pytrace=False)
            time.sleep(0.05)
    yield port
    proc.terminate()
    proc.wait(10)


def fetch(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Accept-Encoding": "identity"})
    response = conn.getresponse()
    body = response.read()
    names = {k.lower() for k, _ in response.getheaders()}
    headers = {}
    for name in names:
        values = response.headers.get_all(name)
        assert len(values) == 1, f"{path}: {name} sent {len(values)} times"
        headers[name] = values[0]
    conn.close()
    return response.status, headers, body


def test_nginx_sends_exactly_the_headers_the_tests_use(site, config, nginx_serving_the_site):
    port = nginx_serving_the_site
    mismatches = []
    files = [p for p in sorted(site.rglob("*")) if p.is_file()]
    for file in files:
        rel = file.relative_to(site).as_posix()
        url = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        status, got, body = fetch(port, url)
        expected = {k.lower(): v for k, v in config.headers_for("/" + rel).items()}
        if status != 200 or body != file.read_bytes():
            mismatches.append(f"{url}: HTTP {status}")
        extra = set(got) - set(expected) - NGINX_OWN
        wrong = {k: (got.get(k), v) for k, v in expected.items() if got.get(k) != v}
        if extra or wrong:
            mismatches.append(f"{url}: differs {wrong}, not modelled {sorted(extra)}")
    status, got, body = fetch(port, "/gibt-es-nicht/")
    expected = {k.lower(): v for k, v in config.error_headers(404).items()}
    assert status == 404 and body == (site / "404.html").read_bytes()
    assert {k: got.get(k) for k in expected} == expected
    assert not mismatches, "\n".join(mismatches)
    assert len(files) > 5
