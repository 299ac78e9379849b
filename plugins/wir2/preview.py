"""The editors' live preview: serve the built site, rebuild on every change, never show a stale page silently.

A failed build never changes ``output/`` (:mod:`wir2.build`), so a plain file
server would go on showing the last good site as if the edit had worked.  The
preview knows the outcome of its last build instead:

- after a good build it serves the output folder as the live server does (its
  content types from ``deploy/nginx/snippets/wir2-types.conf``, its security
  headers from ``wir2-headers.conf`` – the Content-Security-Policy included – and
  its 404 page);
- after a failed build every page (any HTML address, the 404 page too) is a German
  error page that lists each message of the build as it reports it (file, line,
  field, what is expected), escaped as text, and names the files to fix.  It is
  made in memory: the failed build left ``output/`` as it was, and so does the
  preview.  It is sent with status 500, so that nothing but a person takes it for
  the page – ``curl -f``, link checkers, a script waiting for the preview, a
  browser's cache or ``response.ok`` all see that the page could not be made,
  while a browser shows the body like any page.  Stylesheets, images and the
  other files are still served, so the error page has the site's look;
- every page it serves gets one ``<script src="/__vorschau/neu-laden.js" defer>``
  (``preview.js``, an external file, so the CSP's ``'self'`` allows it – the pages
  carry no CSP ``<meta>``; the policy is the server's header, sent here too).  The
  script asks ``/__vorschau/stand`` every second and reloads the page once a newer
  build has finished.  Without JavaScript a manual reload shows the same.  The
  script is added while serving, never written into ``output/``;
- when the last good build warned (stale dates, fields still empty: the editorial
  warnings of :mod:`wir2.load.editorial`), every page also gets one line at the end
  of ``main`` linking ``/__vorschau/hinweise``, which lists the warnings – the
  editor in the browser sees them without reading the terminal.

Changes are found by polling the modification times of ``content/``, ``data/``,
``theme/``, the ``*.py`` files in ``plugins/`` and the settings (the ``*.py`` files
beside the settings file): no dependency, the same on every file system, and a
few hundred ``stat`` calls every quarter second cost nothing.  A build starts once
nothing has changed for :data:`DEBOUNCE` seconds, so saving several files (or an
editor writing a file in steps) gives one build.

Builds run in a separate process (:class:`_Builder`), which is kept between builds
(a rebuild then takes a fraction of a second) and replaced when a ``.py`` file
changed: Python imports a module once per process, so an in-process rebuild would
go on running the old plugin or settings – the very stale result the preview is
there to avoid.  The process also keeps Pelican's global state (logging) out of
the server, and a crash in a library is reported as a failed build, not a dead
preview.

Use :func:`serve` (blocking, ``invoke livereload``) or :class:`Preview` (``start`` /
``stop`` from any thread, e.g. next to another server in the same program).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import html
import io
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, ClassVar, TextIO, cast

from .build import INTERNAL_ERROR, BuildResult, report
from .problems import display_path

#: The repository's deploy/ folder (the plugins folder of a project copy is a link to this one).
DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "snippets"
TYPES_FILE = DEPLOY / "wir2-types.conf"
HEADERS_FILE = DEPLOY / "wir2-headers.conf"
ADMIN_FILE = DEPLOY / "wir2-admin.conf"
COMMON_HEADERS_FILE = DEPLOY / "wir2-headers-common.conf"
#: The browser editor's page (wir2.render.admin); the preview sends it as the live server does with
#: deploy/nginx/snippets/wir2-admin.conf, and never replaces or decorates it.
ADMIN = "/admin/"

PREFIX = "/__vorschau/"
SCRIPT_PATH = PREFIX + "neu-laden.js"
STATUS_PATH = PREFIX + "stand"
NOTES_PATH = PREFIX + "hinweise"
SCRIPT_FILE = Path(__file__).with_name("preview.js")

ERROR_TITLE = "Die Vorschau ist nicht aktuell – bitte korrigieren"
POLL = 0.25  # seconds between two looks at the files
DEBOUNCE = 0.3  # seconds without a change before a build starts

_CHARSET_TYPES = ("application/json", "image/svg+xml", "application/xml")


def content_types(types_file: Path = TYPES_FILE) -> dict[str, str]:
    """``.ics`` → ``text/calendar; charset=utf-8`` …, from the live server's own list (nginx ``types``)."""
    text = types_file.read_text(encoding="utf-8")
    types = {}
    for mime, extensions in re.findall(r"^\s*([\w.+-]+/[\w.+-]+)\s+([^;]+);", text, re.MULTILINE):
        charset = "; charset=utf-8" if mime.startswith("text/") or mime in _CHARSET_TYPES else ""
        types.update({f".{ext}": mime + charset for ext in extensions.split()})
    return types


def security_headers(headers_file: Path = HEADERS_FILE) -> dict[str, str]:
    """The headers the live server adds to every response (``add_header … always;``), CSP included."""
    text = headers_file.read_text(encoding="utf-8")
    return dict(re.findall(r'^\s*add_header\s+(\S+)\s+"([^"]*)"\s+always;', text, re.MULTILINE))


def admin_headers(connect: str = "") -> dict[str, str]:
    """The headers of /admin/ on a live server that turned the editor on (wir2-admin.conf and the common
    ones); ``connect``: one more origin the editor may talk to (the local decap-server of ./dev.sh edit)."""
    headers = security_headers(COMMON_HEADERS_FILE)
    for name, value in re.findall(r'^\s*add_header\s+(\S+)\s+"([^"]*)"\s+always;', ADMIN_FILE.read_text("utf-8"),
                                  re.MULTILINE):
        if name == "Content-Security-Policy" and connect:
            value = value.replace("connect-src 'self'", f"connect-src 'self' {connect}")
        headers[name] = value
    return headers


class SiteHandler(SimpleHTTPRequestHandler):
    """A built site as the live server sends it: its content types, security headers and 404 page.

    ``invoke serve`` uses it as it is; the preview adds its pages on top.  No
    folder listings (nginx has no ``autoindex`` either): a folder without
    ``index.html`` is not found.
    """

    extensions_map = {**content_types(), ".yml": "application/yaml; charset=utf-8"}  # noqa: RUF012 (as the base class)
    headers_sent: ClassVar[dict[str, str]] = security_headers()

    def admin_headers(self) -> dict[str, str]:
        """The headers of /admin/ (the editor's own policy): see :func:`admin_headers`."""
        return admin_headers()

    def end_headers(self) -> None:
        admin = urllib.parse.urlsplit(self.path).path.startswith(ADMIN)
        for name, value in (self.admin_headers() if admin else self.headers_sent).items():
            self.send_header(name, value)
        super().end_headers()

    def list_directory(self, path: str | os.PathLike[str]) -> io.BytesIO | None:
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def send_page(self, code: int, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
        """A response made here, not a file; always fetched anew (``no-store``: it changes with every build)."""
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def decorate(self, page: bytes) -> bytes:
        """An HTML page as it is sent (the preview adds its script)."""
        return page

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        self.close_connection = True
        self.send_page(code, self.decorate(page.read_bytes()))


# --- the state of the preview ------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """What the preview shows: the outcome of its last build (``build`` counts the builds finished so far)."""

    run: str  # this preview's run: a restarted preview makes open pages reload even at the same count
    build: int = 0
    result: BuildResult | None = None
    finished: dt.datetime | None = None
    building: bool = False

    @property
    def ok(self) -> bool | None:
        return None if self.result is None else self.result.ok

    def as_json(self) -> bytes:
        return json.dumps({"run": self.run, "build": self.build, "ok": self.ok, "building": self.building},
                          ensure_ascii=False).encode()


def reload_tag(status: Status) -> bytes:
    """The one element the preview adds to a page: the reload script, told which build the page shows."""
    return (f'<script src="{SCRIPT_PATH}" data-build="{status.build}" data-run="{html.escape(status.run)}" '
            f"defer></script>").encode()


def with_reload_script(page: bytes, status: Status) -> bytes:
    """``page`` with :func:`reload_tag` at the end of its ``<head>`` (or its body, or the end)."""
    for pattern in (rb"</head\s*>", rb"</body\s*>"):
        found = re.search(pattern, page, re.IGNORECASE)
        if found:
            return page[: found.start()] + reload_tag(status) + b"\n" + page[found.start():]
    return page + reload_tag(status)


_WHERE = re.compile(r"(?P<file>[^:\n]+?)(?::(?P<line>\d+))?:\s")


def files_to_fix(messages: list[str], project: Path) -> dict[str, list[int]]:
    """The project's files the messages start with (``data/termine.yml:60: …``) → their lines, in order."""
    found: dict[str, list[int]] = {}
    for message in messages:
        where = _WHERE.match(message)
        if not where or not (project / where["file"]).exists():
            continue
        lines = found.setdefault(where["file"], [])
        if where["line"] and int(where["line"]) not in lines:
            lines.append(int(where["line"]))
    return found


def _page_start(title: str, heading: str) -> list[str]:
    """The opening of a page the preview makes itself (error page, notes): the site's stylesheet, a heading."""
    e = html.escape
    return ["<!DOCTYPE html>", '<html lang="de">', "<head>", '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">', f"<title>{e(title)}</title>",
            '<link rel="stylesheet" href="/theme/css/site.css">', "</head>", "<body>", '<main id="inhalt">',
            '<div class="wrap">', f"<h1>{e(heading)}</h1>"]


def _page_end(parts: list[str], status: Status) -> bytes:
    """``parts`` closed as a page, with the reload script."""
    return with_reload_script("\n".join([*parts, "</div>", "</main>", "</body>", "</html>", ""]).encode(), status)


def error_page(status: Status, project: Path, requested: str = "") -> bytes:
    """The page shown for every address while the last build failed; every message escaped as text."""
    result = status.result
    assert result is not None and not result.ok
    e = html.escape
    fix = files_to_fix(result.messages, project)
    hint = []
    if fix:
        names = [f"<code>{e(name)}</code>" + (f" ({'Zeile' if len(lines) == 1 else 'Zeilen'} "
                                               f"{', '.join(map(str, lines))})" if lines else "")
                 for name, lines in fix.items()]
        if len(names) == 1:
            hint.append(f"<p><strong>Bitte korrigieren: {names[0]}</strong></p>")
        else:
            hint.append("<p><strong>Bitte diese Dateien korrigieren:</strong></p>")
            hint.append("<ul>" + "".join(f"<li>{name}</li>" for name in names) + "</ul>")
    elif result.messages == [INTERNAL_ERROR]:
        hint.append("<p><strong>Das ist ein Fehler im Programm, nicht in einer Datei der Redaktion: bitte dem "
                    "Entwicklungsteam melden und den Text unter „Für das Entwicklungsteam“ mitschicken.</strong></p>")
    else:
        hint.append("<p><strong>Die Meldungen unten sagen, was zu ändern ist.</strong></p>")
    count = len(result.messages)
    parts = [
        *_page_start(ERROR_TITLE, ERROR_TITLE),
        '<p class="lead">Die Website ließ sich nach der letzten Änderung nicht bauen. Bis das behoben ist, zeigt '
        "die Vorschau statt jeder Seite diese Meldung; die zuletzt gebaute Website bleibt unverändert.</p>",
        '<div class="panel">',
        *hint,
        "<p>Sobald die Korrektur gespeichert ist, baut die Vorschau neu, und diese Seite zeigt von selbst wieder "
        "die Website (ohne JavaScript: die Seite danach neu laden).</p>",
        "</div>",
        f"<h2>{'Was der Build meldet' if count == 1 else f'Was der Build meldet ({count} Fehler)'}</h2>",
        "<ol>" + "".join(f"<li>{e(message)}</li>" for message in result.messages) + "</ol>",
    ]
    if result.warnings:
        parts += ["<h2>Warnungen</h2>",
                  "<ul>" + "".join(f"<li>{e(warning)}</li>" for warning in result.warnings) + "</ul>"]
    if result.detail:
        parts += ["<details>", "<summary>Für das Entwicklungsteam</summary>", f"<pre>{e(result.detail)}</pre>",
                  "</details>"]
    when = f" vom {status.finished:%d.%m.%Y, %H:%M:%S} Uhr" if status.finished else ""
    page = f"Angefragte Seite: <code>{e(requested)}</code> · " if requested else ""
    parts.append(f"<p>{page}Build Nr. {status.build}{when}</p>")
    return _page_end(parts, status)


def notes_link(status: Status) -> bytes:
    """The line the preview adds at the end of ``main`` when its last good build warned (stale dates,
    empty operator fields …): editors see that there is something to do without reading a terminal."""
    warnings = status.result.warnings if status.result else []
    if not warnings:
        return b""
    count = "einen Hinweis" if len(warnings) == 1 else f"{len(warnings)} Hinweise"
    return (f'<p class="vorschau-hinweise"><a href="{NOTES_PATH}">Vorschau: Der Build hat {count} für die '
            f"Redaktion – ansehen</a></p>\n").encode()


def with_notes_link(page: bytes, status: Status) -> bytes:
    """``page`` with :func:`notes_link` before its ``</main>`` (a page without ``main`` stays as it is)."""
    link = notes_link(status)
    found = re.search(rb"</main\s*>", page, re.IGNORECASE)
    if not link or not found:
        return page
    return page[: found.start()] + link + page[found.start():]


def notes_page(status: Status) -> bytes:
    """``/__vorschau/hinweise``: the warnings of the last build, each escaped as text, in German."""
    e = html.escape
    warnings = status.result.warnings if status.result else []
    items = "".join(f"<li>{e(w)}</li>" for w in warnings)
    body = (f"<ol>{items}</ol>" if warnings else "<p>Der letzte Build hat keine Hinweise.</p>")
    parts = [*_page_start("Hinweise für die Redaktion – Vorschau", "Hinweise für die Redaktion"),
             '<p class="lead">Die Website wurde gebaut. Diese Hinweise sagen, was veraltet ist oder noch fehlt – '
             "die Website erscheint trotzdem; bitte die genannten Dateien bei Gelegenheit bearbeiten.</p>"
             if status.ok else '<p class="lead">Der letzte Build ist gescheitert; was zu korrigieren ist, zeigt '
             'jede Seite der Vorschau. Hier stehen nur seine Hinweise.</p>',
             body, f'<p><a href="/">Zur Vorschau der Website</a> · Build Nr. {status.build}</p>']
    return _page_end(parts, status)


# --- builds in a process of their own ----------------------------------------------------------


def _build_worker(fd: int) -> None:
    """The build process: one build per request on the socket ``fd``, until the preview closes it (or sends ``None``).

    Started as ``python -c`` (:data:`_WORKER`), not through :mod:`multiprocessing`, whose
    ``spawn`` runs the calling program's main module again in the child: a program
    that starts the preview without an ``if __name__ == "__main__"`` guard would
    start it twice.
    """
    # Ctrl+C in the terminal reaches the whole process group; the preview decides when builds stop,
    # so that a build is never cut off between its two renames.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .build import build

    conn = Connection(fd)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        settings_file, output, overrides = job
        conn.send(build(settings_file, output, overrides))


#: The build process's program: ``argv[1]`` is the folder wir2 is imported from, ``argv[2]`` its end of the socket.
_WORKER = ("import sys; sys.path.insert(0, sys.argv[1]); "
           "from wir2.preview import _build_worker; _build_worker(int(sys.argv[2]))")


class _Builder:
    """The build process of :func:`_build_worker`, started on demand and replaced when Python code changed."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None

    def build(self, settings_file: Path, output: Path, overrides: dict[str, Any], fresh: bool) -> BuildResult:
        try:
            if fresh or self._process is None or self._process.poll() is not None:
                self.close()
                self._start()
            assert self._conn is not None
            self._conn.send((settings_file, output, overrides))
            result: BuildResult = self._conn.recv()
            return result
        except Exception as exc:  # the process died (or never started): a failed build, told to the developers
            code = self._process.poll() if self._process is not None else None
            self.close()
            detail = "".join(traceback.format_exception(exc)) + f"The build process ended (exit code {code}).\n"
            return BuildResult(False, output, [INTERNAL_ERROR], [], detail)

    def _start(self) -> None:
        ours, theirs = socket.socketpair()
        with ours, theirs:
            plugins = str(Path(__file__).resolve().parents[1])
            self._process = subprocess.Popen([sys.executable, "-c", _WORKER, plugins, str(theirs.fileno())],
                                             pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
            self._conn = Connection(ours.detach())

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.send(None)
            self._conn.close()
            self._conn = None
        if self._process is not None:
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None


# --- watching the sources ----------------------------------------------------------------------


def _walk(top: Path, suffix: str = "") -> Iterator[str]:
    """Every file below ``top`` (ending in ``suffix``) as the build sees them: linked folders followed, each
    folder once (a link in a circle ends), names with a leading dot skipped (Pelican's ``IGNORE_FILES``)."""
    seen: set[tuple[int, int]] = set()
    for folder, dirs, files in os.walk(top, followlinks=True):
        try:
            info = os.stat(folder)
        except OSError:
            dirs[:] = []
            continue
        if (info.st_dev, info.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__pycache__"]
        for name in files:
            if not name.startswith(".") and name.endswith(suffix):
                yield os.path.join(folder, name)


def snapshot(project: Path) -> dict[str, tuple[int, ...]]:
    """File → (modification time, size, inode, change time) of everything a build reads."""
    paths: list[str] = [str(p) for p in sorted(project.glob("*.py"))]
    for name, suffix in (("content", ""), ("data", ""), ("theme", ""), ("plugins", ".py")):
        paths.extend(_walk(project / name, suffix))
    found: dict[str, tuple[int, ...]] = {}
    for path in paths:
        try:
            info = os.stat(path)
            found[path] = (info.st_mtime_ns, info.st_size, info.st_ino, info.st_ctime_ns)
        except OSError:  # a link to nowhere: the build reports it; its appearance is a change
            found[path] = (-1,)
    return found


# --- the preview -------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], preview: Preview):
        self.preview = preview
        super().__init__(address, _PreviewHandler)

    def finish_request(self, request: Any, client_address: Any) -> None:
        # The output folder is named again for every request: a build swaps a new folder in under that name.
        _PreviewHandler(request, client_address, self, directory=str(self.preview.output))

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that stops a download (a page reloaded while the editor's 5 MB script loads) is no
        error worth a traceback in the terminal; anything else is reported as the standard library does."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _PreviewHandler(SiteHandler):
    """The output folder while the last build is good, the error page for every page while it failed."""

    @property
    def preview(self) -> Preview:
        return cast(_Server, self.server).preview

    def decorate(self, page: bytes) -> bytes:
        return with_reload_script(page, self.preview.status())

    def admin_headers(self) -> dict[str, str]:
        """The editor's policy, which also lets it reach the local backend the build's settings name."""
        local = urllib.parse.urlsplit(str(self.preview.overrides.get("WIR2_CMS_LOCAL_URL") or ""))
        return admin_headers(f"{local.scheme}://{local.netloc}" if local.netloc else "")

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal is for the builds' reports."""

    def do_GET(self) -> None:
        self._answer()

    def do_HEAD(self) -> None:
        self._answer()

    def _answer(self) -> None:
        url = urllib.parse.urlsplit(self.path).path
        if url == SCRIPT_PATH:
            self.send_page(HTTPStatus.OK, SCRIPT_FILE.read_bytes(), self.extensions_map[".js"])
        elif url == STATUS_PATH:
            self.send_page(HTTPStatus.OK, self.preview.status().as_json(), self.extensions_map[".json"])
        elif url == NOTES_PATH:
            self.send_page(HTTPStatus.OK, notes_page(self.preview.wait_for_build(0)))
        elif url.startswith(PREFIX):
            self.send_error(HTTPStatus.NOT_FOUND)
        elif url.startswith(ADMIN) or not self._is_page(url):
            # The editor stays usable while the data are wrong – it is how they get fixed – and is not
            # reloaded by the preview's script (that would throw away what the editor is typing).
            self._static()
            self._static()
        else:
            status = self.preview.wait_for_build(0)  # nothing to show before the first build has finished
            if status.result is None:  # stopped before that
                self.send_error(HTTPStatus.SERVICE_UNAVAILABLE)
            elif not status.result.ok:
                self.send_page(HTTPStatus.INTERNAL_SERVER_ERROR, error_page(status, self.preview.project, url))
            else:
                self._site_page(url, status)

    def _is_page(self, url: str) -> bool:
        """Whether the answer to ``url`` is HTML: a page, a folder (its index.html) or the 404 page."""
        suffix = Path(urllib.parse.unquote(url)).suffix.lower()
        return suffix in ("", ".html", ".htm") or suffix not in self.extensions_map

    def _site_page(self, url: str, status: Status) -> None:
        path = Path(self.translate_path(url))
        if path.is_dir() and not url.endswith("/"):  # /konzept → /konzept/, as nginx does
            self._static()
            return
        if path.is_dir():
            path = path / "index.html"
        try:
            body = path.read_bytes()
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        self.send_page(HTTPStatus.OK, with_notes_link(with_reload_script(body, status), status))

    def _static(self) -> None:
        if self.command == "HEAD":
            super().do_HEAD()
        else:
            super().do_GET()


class Preview:
    """A preview server: serves ``output`` on ``host:port`` and rebuilds it from ``settings_file``'s project.

    :meth:`start` binds the address (``port=0``: a free one, see :attr:`port`) and
    returns at once; the first build runs in the background, and page requests wait
    for it.  :meth:`stop` may be called from any thread; it lets a running build
    finish (a build is never cut off between swapping the new site in and the old
    one out).  ``stream`` receives each build's report (``Fertig: …`` / ``Fehler: …``
    as ``invoke build`` prints them); ``overrides`` are settings for every build
    (e.g. ``BUILD_DATE`` in tests).
    """

    def __init__(self, settings_file: str | Path, output: str | Path, host: str = "127.0.0.1", port: int = 8000,
                 overrides: dict[str, Any] | None = None, stream: TextIO | None = None,
                 poll: float = POLL, debounce: float = DEBOUNCE):
        self.settings_file = Path(settings_file).absolute()
        self.project = self.settings_file.parent
        self.output = Path(output).absolute()
        self.host, self.port = host, port
        self.overrides = dict(overrides or {})
        self.stream = stream
        self.poll, self.debounce = poll, debounce
        self._status = Status(run=secrets.token_hex(6))
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._builder = _Builder()
        self._server: _Server | None = None
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def stopped(self) -> bool:
        return self._stopping.is_set()

    def status(self) -> Status:
        with self._changed:
            return self._status

    def wait_for_build(self, after: int, timeout: float | None = None) -> Status:
        """The status once more than ``after`` builds have finished (or the preview stops, or ``timeout``)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._changed:
            while self._status.build <= after and not self._stopping.is_set():
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    break
                self._changed.wait(left)
            return self._status

    def start(self) -> Preview:
        self._server = _Server((self.host, self.port), self)
        self.port = self._server.server_address[1]
        self._threads = [threading.Thread(target=self._server.serve_forever, name="wir2-preview-http", daemon=True),
                         threading.Thread(target=self._watch, name="wir2-preview-watch", daemon=True)]
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and watching; safe from any thread and more than once."""
        with self._changed:
            self._stopping.set()
            self._changed.notify_all()
        if self._server is not None:
            if threading.current_thread() is not self._threads[0]:
                self._server.shutdown()
            self._server.server_close()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join()

    def wait(self) -> None:
        """Block until :meth:`stop` (from another thread); Ctrl+C raises ``KeyboardInterrupt`` here."""
        while not self._stopping.wait(0.5):
            pass

    def __enter__(self) -> Preview:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _say(self, text: str) -> None:
        print(text, file=self.stream if self.stream is not None else sys.stderr, flush=True)

    def _watch(self) -> None:
        try:
            self._watch_and_build()
        except Exception as exc:  # a bug here: every page says so (for the developers), rather than hang
            detail = "".join(traceback.format_exception(exc))
            print(f"{INTERNAL_ERROR}\n{detail}", file=sys.stderr, flush=True)
            with self._changed:
                result = BuildResult(False, self.output, [INTERNAL_ERROR], [], detail)
                self._status = Status(self._status.run, self._status.build + 1, result, dt.datetime.now())
                self._changed.notify_all()
        finally:
            self._builder.close()

    def _watch_and_build(self) -> None:
        before = snapshot(self.project)
        self._build([])
        while not self._stopping.wait(self.poll):
            now = snapshot(self.project)
            if now == before:
                continue
            while not self._stopping.wait(self.debounce):  # until nothing has changed for a while
                later = snapshot(self.project)
                if later == now:
                    break
                now = later
            else:
                return
            changed = sorted(path for path in before.keys() | now.keys() if before.get(path) != now.get(path))
            before = now
            self._build(changed)

    def _build(self, changed: list[str]) -> None:
        if changed:
            names = [display_path(path, self.project) for path in changed]
            more = f" und {len(names) - 3} weitere" if len(names) > 3 else ""
            self._say(f"Geändert: {', '.join(names[:3])}{more} – baue neu …")
        with self._changed:
            self._status = dataclasses.replace(self._status, building=True)
        # Python code is imported once per process: a changed .py file needs a fresh build process.
        fresh = any(path.endswith(".py") for path in changed)
        result = self._builder.build(self.settings_file, self.output, self.overrides, fresh)
        report(result, self.stream)  # before the new status is seen, so that its report is printed first
        with self._changed:
            self._status = Status(self._status.run, self._status.build + 1, result, dt.datetime.now())
            self._changed.notify_all()


def serve(settings_file: str | Path, output: str | Path, host: str = "127.0.0.1", port: int = 8000,
          overrides: dict[str, Any] | None = None, ready: Callable[[Preview], object] | None = None,
          stream: TextIO | None = None) -> None:
    """Run the preview until Ctrl+C or ``preview.stop()``; ``ready(preview)`` is called once it serves the first
    build (from the calling thread – keep the preview to stop it from another thread)."""
    preview = Preview(settings_file, output, host, port, overrides, stream).start()
    try:
        preview.wait_for_build(0)
        if not preview.stopped:
            preview._say(f"Die Vorschau läuft auf {preview.url} (Strg+C beendet)")
            if ready is not None:
                ready(preview)
        preview.wait()
    except KeyboardInterrupt:
        if preview.status().building:
            preview._say("Beende die Vorschau, sobald der laufende Build fertig ist …")
    finally:
        preview.stop()
