"""The editors' preview (wir2.preview, ``invoke livereload``) over HTTP: the site with its reload script while
the build is good, the German error page on every page while it failed, and back after the fix.

One preview per module, serving a project copy on a free port; each test starts from a good build and
leaves one behind.  The browser's side – the page reloading by itself – is tests/browser/test_preview_reload.py.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import CACHE, SITE_BUILD_DATE, copy_project, leftovers, snapshot, tree_text
from wir2.build import INTERNAL_ERROR, BuildResult
from wir2.preview import ERROR_TITLE, SCRIPT_PATH, Preview, Status, error_page, security_headers, serve

BUILD = 120  # seconds a build may take at most here (the first one renders the fact sheet)
GOOD = "beginn: 2025-11-27"
PAGES = ("/", "/konzept/", "/termine/", "/konzept/index.html", "/gibt-es-nicht/")


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def get(url: str) -> Response:
    try:
        with urllib.request.urlopen(url, timeout=BUILD) as r:
            return Response(r.status, {k.lower(): v for k, v in r.headers.items()}, r.read())
    except urllib.error.HTTPError as exc:
        return Response(exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read())


def scripts(text: str) -> list[dict[str, str | None]]:
    return [s.attrs for s in tree_text(text).find_all("script") if s.attrs.get("src")]


def title(text: str) -> str:
    return tree_text(text).find_all("title")[0].text


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("preview") / "project")


@pytest.fixture(scope="module")
def preview(project):
    log = io.StringIO()
    overrides = {"BUILD_DATE": SITE_BUILD_DATE, "WIR2_CACHE_PATH": str(CACHE)}
    with Preview(project / "pelicanconf.py", project / "output", port=0, overrides=overrides, stream=log) as p:
        p.log = log
        yield p


class Editor:
    """Changes the project's files as an editor saves them, and waits for the preview's next build."""

    def __init__(self, preview: Preview, project: Path):
        self.preview, self.project = preview, project
        self.originals: dict[Path, str] = {}

    def replace(self, name: str, old: str, new: str) -> Status:
        path = self.project / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        self.originals.setdefault(path, text)
        return self.write(path, text.replace(old, new, 1))

    def write(self, path: Path, text: str) -> Status:
        before = self.preview.status().build
        path.write_text(text, encoding="utf-8")
        status = self.preview.wait_for_build(before, BUILD)
        assert status.build == before + 1, f"no build after changing {path}: {status}"
        return status

    def restore(self) -> None:
        """Every changed file as it was (one build per file that still differs)."""
        for path, text in self.originals.items():
            if path.read_text(encoding="utf-8") != text:
                self.write(path, text)

    def url(self, path: str) -> str:
        return self.preview.url.rstrip("/") + path


@pytest.fixture
def editor(preview, project):
    """Each test starts from a good build of the unchanged sources; what it changed is put back afterwards."""
    status = preview.wait_for_build(0, BUILD)
    assert status.ok, status.result
    assert GOOD in (project / "data" / "termine.yml").read_text(encoding="utf-8")
    editor = Editor(preview, project)
    yield editor
    editor.restore()


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_a_good_build_serves_the_site_with_the_reload_script_and_the_live_servers_headers(editor, project):
    status = editor.preview.status()
    for path in ("/", "/konzept/", "/termine/"):
        r = get(editor.url(path))
        assert r.status == 200, path
        assert r.headers["content-type"] == "text/html; charset=utf-8"
        assert r.headers["cache-control"] == "no-store"
        assert {k.lower(): v for k, v in security_headers().items()}.items() <= r.headers.items()
        added = [s for s in scripts(r.text) if s["src"] == SCRIPT_PATH]
        assert added == [{"src": SCRIPT_PATH, "data-build": str(status.build), "data-run": status.run, "defer": None}]
        # The page is the built file with that one element added; the file itself has no trace of it.
        on_disk = (project / "output" / path.lstrip("/") / "index.html").read_bytes()
        assert b"__vorschau" not in on_disk
        tag = r.body[r.body.index(b'<script src="/__vorschau/'):]
        tag = tag[: tag.index(b"</script>") + len(b"</script>\n")]
        body = r.body.replace(tag, b"", 1)
        assert status.result.warnings, "the real data warn (operator fields empty): the line is tested"
        if status.result.warnings:  # the line linking the editorial warnings, at the end of main
            link = b'<p class="vorschau-hinweise"><a href="/__vorschau/hinweise">'
            assert body.count(link) == 1 and body.index(link) < body.index(b"</main>")
            line = body[body.index(link):]
            body = body.replace(line[: line.index(b"</p>\n") + len(b"</p>\n")], b"", 1)
        assert body == on_disk
        assert r.body.index(tag) < r.body.index(b"</head>")
    notes = get(editor.url("/__vorschau/hinweise"))
    assert notes.status == 200 and "Hinweise für die Redaktion" in notes.text
    for warning in status.result.warnings:
        assert html.escape(warning) in notes.text, warning
    missing = get(editor.url("/gibt-es-nicht/"))
    assert missing.status == 404 and SCRIPT_PATH in missing.text
    assert title(missing.text) == title((project / "output" / "404.html").read_text(encoding="utf-8"))
    assert get(editor.url("/konzept")).status == 200  # redirected to /konzept/ as nginx does
    css = get(editor.url("/theme/css/site.css"))
    assert css.status == 200 and css.headers["content-type"] == "text/css; charset=utf-8"
    assert b"__vorschau" not in css.body
    script = get(editor.url(SCRIPT_PATH))
    assert script.status == 200 and script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert b"location.reload()" in script.body and b'"stand"' in script.body
    assert json.loads(get(editor.url("/__vorschau/stand")).body) == {
        "run": status.run, "build": status.build, "ok": True, "building": False}
    assert all(b"__vorschau" not in p.read_bytes() for p in (project / "output").rglob("*.html"))


def test_a_failed_build_turns_every_page_into_the_error_page_and_leaves_output_alone(editor, project):
    termine = project / "data" / "termine.yml"
    line = line_of(termine, GOOD)
    before, site = editor.preview.status(), snapshot(project / "output")

    failed = editor.replace("data/termine.yml", GOOD, "beginn: 2025-11-31")
    assert failed.ok is False
    messages = failed.result.messages
    assert len(messages) == 1 and messages[0].startswith(f"data/termine.yml:{line}: Feld „termine[")
    assert "].beginn“: Wert „2025-11-31“ ist ungültig; erwartet: ein Datum, das es gibt" in messages[0]
    for path in PAGES:
        r = get(editor.url(path))
        assert r.status == 500, path
        assert r.headers["content-type"] == "text/html; charset=utf-8" and r.headers["cache-control"] == "no-store"
        assert {k.lower(): v for k, v in security_headers().items()}.items() <= r.headers.items()
        page = tree_text(r.text)
        assert title(r.text) == ERROR_TITLE == "Die Vorschau ist nicht aktuell – bitte korrigieren"
        assert [h.text for h in page.find_all("h1")] == [ERROR_TITLE]
        # Each message exactly as the build reports it, one list item each, and the file to fix named.
        assert [li.text for li in page.find_all("ol")[0].find_all("li")] == messages
        assert f"Bitte korrigieren: data/termine.yml (Zeile {line})" in page.text
        assert f"Angefragte Seite: {path}" in page.text
        assert scripts(r.text) == [{"src": SCRIPT_PATH, "data-build": str(failed.build), "data-run": failed.run,
                                    "defer": None}]
    # What is not a page is still served (the error page uses the site's stylesheet).
    assert get(editor.url("/theme/css/site.css")).status == 200
    assert json.loads(get(editor.url("/__vorschau/stand")).body) == {
        "run": before.run, "build": before.build + 1, "ok": False, "building": False}
    # The failed build changed nothing on disk: the error page came from memory.
    assert snapshot(project / "output") == site
    assert leftovers(project / "output") == []
    assert "Fehler: data/termine.yml:" in editor.preview.log.getvalue()

    fixed = editor.replace("data/termine.yml", "beginn: 2025-11-31", GOOD)
    assert fixed.ok and fixed.build == before.build + 2
    assert json.loads(get(editor.url("/__vorschau/stand")).body)["build"] == fixed.build
    for path in PAGES[:-1]:
        r = get(editor.url(path))
        assert r.status == 200 and title(r.text) != ERROR_TITLE, path
        assert scripts(r.text)[-1]["data-build"] == str(fixed.build)
    assert get(editor.url("/gibt-es-nicht/")).status == 404


def test_the_error_page_shows_markup_in_a_message_as_text(editor, project):
    value = '<img src=x onerror="alert(1)"><b>fett</b>'
    failed = editor.replace("data/termine.yml", GOOD, f"beginn: '{value}'")
    assert failed.ok is False
    assert any(f"Wert „{value}“" in m for m in failed.result.messages), failed.result.messages
    r = get(editor.url("/termine/"))
    assert r.status == 500
    assert html.escape(value) in r.text
    assert "<img" not in r.text and "<b>" not in r.text
    assert [li.text for li in tree_text(r.text).find_all("ol")[0].find_all("li")] == failed.result.messages


def test_error_page_escapes_everything_it_did_not_write_itself(tmp_path):
    """Messages, warnings, the developers' traceback and the requested address are text, never markup."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "kosten.yml").write_text("", encoding="utf-8")
    markup = "<script>alert(1)</script>"
    result = BuildResult(False, tmp_path / "output", [f"data/kosten.yml:3: Feld „a“: Wert „{markup}“ ist ungültig",
                                                      f"{markup}: gibt es nicht"], [f"Warnung {markup}"],
                         f"Traceback </pre>{markup}")
    status = Status("lauf", 4, result, dt.datetime(2025, 1, 15, 9, 30))
    page = error_page(status, tmp_path, f"/{markup}/").decode()
    assert markup not in page and "</pre><script>" not in page
    assert page.count(html.escape(markup)) == 5
    text = tree_text(page)
    assert [li.text for li in text.find_all("ol")[0].find_all("li")] == result.messages
    assert "Bitte korrigieren: data/kosten.yml (Zeile 3)" in text.text  # a file of the project; the second is not
    assert "Build Nr. 4 vom 15.01.2025, 09:30:00 Uhr" in text.text
    assert [s.attrs["src"] for s in text.find_all("script")] == [SCRIPT_PATH]

    internal = error_page(Status("lauf", 1, BuildResult(False, tmp_path, [INTERNAL_ERROR], [], "Traceback …")),
                          tmp_path)
    assert "bitte dem Entwicklungsteam melden" in tree_text(internal.decode()).text
    assert "<pre>Traceback …</pre>" in internal.decode()


def test_changed_python_code_is_built_by_a_fresh_build_process(tmp_path):
    """Python imports a module once per process, so a rebuild in the same process would run the old plugin
    code.  Here the settings import a module of the project (as they import the plugin): its change must show."""
    project = copy_project(tmp_path / "project")
    (project / "kurzname.py").write_text('SITE_SHORTNAME = "wir2"\n', encoding="utf-8")
    settings = project / "pelicanconf.py"
    text = settings.read_text(encoding="utf-8")
    assert 'SITE_SHORTNAME = "wir2"\n' in text
    settings.write_text(text.replace('SITE_SHORTNAME = "wir2"\n', "import sys\nsys.path.insert(0, str(HERE))\n"
                                     "from kurzname import SITE_SHORTNAME  # noqa: E402\n"), encoding="utf-8")
    overrides = {"BUILD_DATE": SITE_BUILD_DATE, "WIR2_CACHE_PATH": str(CACHE)}
    with Preview(settings, project / "output", port=0, overrides=overrides, stream=io.StringIO()) as preview:
        editor = Editor(preview, project)
        assert preview.wait_for_build(0, BUILD).ok
        assert title(get(editor.url("/konzept/")).text).endswith(" – wir2")
        assert editor.replace("kurzname.py", '"wir2"', '"wir2-vorschau"').ok
        assert title(get(editor.url("/konzept/")).text).endswith(" – wir2-vorschau")


def test_serve_blocks_until_stopped_from_another_thread(project, tmp_path):
    """The API another program uses (``./dev.sh edit``): serve() in a thread, ready(preview), preview.stop()."""
    ready: list[Preview] = []
    served = threading.Event()
    log = io.StringIO()

    def started(preview: Preview) -> None:
        ready.append(preview)
        served.set()

    thread = threading.Thread(target=serve, args=(project / "pelicanconf.py", tmp_path / "output", "127.0.0.1", 0),
                              kwargs={"overrides": {"BUILD_DATE": SITE_BUILD_DATE, "WIR2_CACHE_PATH": str(CACHE)},
                                      "ready": started, "stream": log}, daemon=True)
    thread.start()
    assert served.wait(BUILD) and len(ready) == 1
    thread.join(1)
    assert thread.is_alive()  # serve() does not return by itself
    preview = ready[0]
    assert preview.status().ok and get(preview.url + "konzept/").status == 200
    assert f"Die Vorschau läuft auf {preview.url} (Strg+C beendet)" in log.getvalue()
    preview.stop()
    thread.join(BUILD)
    assert not thread.is_alive()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(preview.url, timeout=5)
