"""Serve a built site on 127.0.0.1 with the production server's headers.

The headers come from ``deploy/nginx`` through :mod:`deploy.headers`, so the
browser meets the same Content-Security-Policy, content types and caching rules
as on the live server.  Like nginx there: ``/konzept/`` serves
``konzept/index.html``, ``/konzept`` redirects to ``/konzept/``, a missing file
gets ``404.html`` with status 404, and there are no directory listings.
"""

from __future__ import annotations

import http.server
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from deploy import headers as server_headers


class SiteServer:
    """A threaded static file server for one folder; use as a context manager."""

    def __init__(self, root: Path, config: server_headers.Server | None = None, host: str = "127.0.0.1"):
        self.root = Path(root).resolve()
        self.config = config or server_headers.load()
        self.served: list[tuple[str, int]] = []
        handler = type("Handler", (_Handler,), {"site": self})
        self.httpd = http.server.ThreadingHTTPServer((host, 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="site-server", daemon=True)

    @property
    def origin(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: Path | str) -> str:
        """The address visitors use for a file: ``konzept/index.html`` → ``/konzept/``."""
        rel = Path(path).resolve().relative_to(self.root).as_posix() if Path(path).is_absolute() else str(path)
        if rel == "index.html":
            rel = ""
        elif rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        return f"{self.origin}/{rel}"

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


class _Handler(http.server.BaseHTTPRequestHandler):
    site: SiteServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def do_HEAD(self):
        self._serve(body=False)

    def do_GET(self):
        self._serve(body=True)

    def _serve(self, body: bool) -> None:
        site = self.site
        uri = unquote(urlsplit(self.path).path)
        target = (site.root / uri.lstrip("/")).resolve()
        if not target.is_relative_to(site.root) or "/." in uri:
            return self._not_found(body)
        if target.is_dir():
            if not uri.endswith("/"):
                return self._send(301, {"Location": uri + "/", **site.config.headers_for(uri)}, b"", body)
            for name in site.config.index:
                if (target / name).is_file():
                    target, uri = target / name, uri + name
                    break
            else:
                return self._not_found(body)
        if not target.is_file():
            return self._not_found(body)
        self._send(200, site.config.headers_for(uri), target.read_bytes(), body)

    def _not_found(self, body: bool) -> None:
        page = self.site.config.error_pages.get(404)
        file = self.site.root / page.lstrip("/") if page else None
        if file is not None and file.is_file():
            return self._send(404, self.site.config.error_headers(404), file.read_bytes(), body)
        self._send(404, {"Content-Type": "text/plain; charset=utf-8"}, b"Not found", body)

    def _send(self, status: int, headers: dict[str, str], data: bytes, body: bool) -> None:
        self.site.served.append((self.path, status))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)
