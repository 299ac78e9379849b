"""The production web server in the tests: nginx with the configuration in ``deploy/nginx``.

Every browser test meets the pages as visitors do – Content-Security-Policy,
content types, caching, the 404 page – because the very snippets the live server
includes serve them here, on 127.0.0.1 with a free port and a private prefix (own
pid, logs and temp folders).  What the tests expect of a response is read from
the same files: :func:`security_headers` from ``wir2-headers.conf`` and
:func:`content_types` from ``wir2-types.conf``.
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

ROOT = Path(__file__).resolve().parents[2]
NGINX_DIR = ROOT / "deploy" / "nginx"
SNIPPETS = NGINX_DIR / "snippets"
SITE_CONFIG = NGINX_DIR / "sites-available" / "wir2.conf"


def nginx_binary() -> str:
    path = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(path).is_file():
        pytest.fail("nginx not found: apt-get install nginx (./dev.sh test installs it from "
                    ".ci/system-packages-test)", pytrace=False)
    return path


def nginx_prefix(tmp: Path, server_block: str) -> Path:
    """A private nginx: own pid, logs and temp folders; snippets/ and sites-available/ from deploy/."""
    for name in ("snippets", "sites-available"):
        (tmp / name).symlink_to(NGINX_DIR / name)
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Nginx:
    """nginx serving ``root`` with ``snippets/wir2-site.conf``; ``extra`` adds directives to the server block."""

    def __init__(self, root: Path, tmp: Path, extra: str = ""):
        self.root = Path(root).resolve()
        self.tmp = tmp
        self.port = free_port()
        self.conf = nginx_prefix(tmp, f"server {{ listen 127.0.0.1:{self.port}; root {self.root}; "
                                      f"include snippets/wir2-site.conf; {extra} }}")
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: Path | str) -> str:
        """The address visitors use for a file: ``konzept/index.html`` → ``/konzept/``."""
        rel = Path(path).resolve().relative_to(self.root).as_posix() if Path(path).is_absolute() else str(path)
        if rel == "index.html":
            rel = ""
        elif rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        return f"{self.origin}/{rel}"

    def __enter__(self) -> Nginx:
        self.process = subprocess.Popen(
            [nginx_binary(), "-p", str(self.tmp), "-e", str(self.tmp / "logs/error.log"), "-c", str(self.conf),
             "-g", "daemon off;"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.process.kill()
                    pytest.fail(f"nginx did not start: {self.process.communicate()[1].decode()}", pytrace=False)
                time.sleep(0.05)

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)


def fetch(server: Nginx, path: str) -> tuple[int, dict[str, str], bytes]:
    """GET ``path`` without compression: status, headers (lower-case names, each sent once) and body."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", path, headers={"Accept-Encoding": "identity"})
    response = conn.getresponse()
    body = response.read()
    headers = {}
    for name in {k.lower() for k, _ in response.getheaders()}:
        values = response.headers.get_all(name)
        assert len(values) == 1, f"{path}: {name} sent {len(values)} times"
        headers[name] = values[0]
    conn.close()
    return response.status, headers, body


_INCLUDE_OR_HEADER = re.compile(r'^\s*(?:include\s+snippets/(\S+);|add_header\s+(\S+)\s+"([^"]*)"\s+always;)',
                                re.MULTILINE)
_TYPE = re.compile(r"^\s*([\w.+-]+/[\w.+-]+)\s+([^;]+);", re.MULTILINE)


def configured_headers(snippet: str) -> dict[str, str]:
    """The ``add_header … always`` lines of a snippet, with those of the snippets it includes, in order."""
    headers: dict[str, str] = {}
    for include, name, value in _INCLUDE_OR_HEADER.findall((SNIPPETS / snippet).read_text(encoding="utf-8")):
        if include:
            headers.update(configured_headers(include))
        else:
            headers[name] = value
    return headers


def security_headers() -> dict[str, str]:
    """The headers every response must carry, as ``wir2-headers.conf`` sets them (with what it includes)."""
    return configured_headers("wir2-headers.conf")


def content_types() -> dict[str, str]:
    """File extension → content type, as ``wir2-types.conf`` lists them."""
    return {ext: mime for mime, exts in _TYPE.findall((SNIPPETS / "wir2-types.conf").read_text(encoding="utf-8"))
            for ext in exts.split()}
