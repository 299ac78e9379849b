"""Helpers the tests share: project copies and builds, snapshots, and reading the built HTML.

Standard library only for reading HTML (html.parser), so the checks do not depend
on a browser.  Fixtures live in conftest.py; tests import helpers from here, never
from each other.
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, unquote, urlsplit

from wir2.build import BuildResult
from wir2.build import build as run_build
from wir2.load import Inputs, load_site
from wir2.model import Page as SourcePage
from wir2.model import Site
from wir2.pelican_plugin import pelican_outputs
from wir2.problems import DataError
from wir2.render.factsheet import Faktenblatt
from wir2.render.jinja import theme_globals
from wir2.render.pages import PageRenderer, page_environment

ROOT = Path(__file__).resolve().parent.parent
SITE_BUILD_DATE = dt.date(2025, 1, 15)
SECTIONS = ("alleinerziehende", "partner", "gruppenleitung", "termine", "kontakt")
SITENAME = "wir2 – Bindungstraining für Alleinerziehende"  # as in pelicanconf.py
PUBLIC_URL = "https://www.wir2-bindungstraining.de"  # WIR2_PUBLIC_URL in pelicanconf.py
#: One fact-sheet cache for the test run's builds: it starts empty, so every run renders the PDF for real.
CACHE = Path(tempfile.mkdtemp(prefix="wir2-test-cache-"))
atexit.register(shutil.rmtree, CACHE, True)


# --- projects and builds ---------------------------------------------------------------


def build_project(project: Path, output: Path, build_date: dt.date = SITE_BUILD_DATE,
                  settings: str = "pelicanconf.py", **overrides) -> BuildResult:
    """Build ``project`` (a folder with pelicanconf.py) into ``output``."""
    overrides = {"BUILD_DATE": build_date, "WIR2_CACHE_PATH": str(CACHE), **overrides}
    return run_build(project / settings, output, overrides)


def copy_project(dest: Path) -> Path:
    """Copy content/, data/, theme/ and the settings to ``dest``; plugins/ is linked, not copied."""
    dest.mkdir(parents=True)
    for name in ("content", "data", "theme"):
        shutil.copytree(ROOT / name, dest / name)
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy2(ROOT / name, dest / name)
    (dest / "plugins").symlink_to(ROOT / "plugins")
    return dest


def site_with(tmp_path: Path, build_date: dt.date = SITE_BUILD_DATE, siteurl: str = "",
              files: dict[str, str | bytes] | None = None, without: tuple[str, ...] = (),
              pages: dict[str, bytes] | None = None, **inputs) -> Site:
    """The data layer alone: the real data and pages, ``files`` replacing data files (text, or bytes as they
    are), ``without`` removed, ``pages`` added to content/pages/.

    Milliseconds instead of a build, for tests of the model and the renderers.  The
    data and pages are copied to ``tmp_path`` (once), so messages name
    ``data/termine.yml`` as a build's do.
    """
    data, folder = tmp_path / "data", tmp_path / "content" / "pages"
    if not data.exists():
        shutil.copytree(ROOT / "data", data)
        shutil.copytree(ROOT / "content" / "pages", folder)
    for name, text in (files or {}).items():
        if isinstance(text, bytes):
            (data / name).write_bytes(text)
        else:
            (data / name).write_text(text, encoding="utf-8")
    for name in without:
        (data / name).unlink(missing_ok=True)
    for name, raw in (pages or {}).items():
        (folder / name).write_bytes(raw)
    return load_site(inputs_of(tmp_path, build_date, siteurl, **inputs))


def inputs_of(root: Path, build_date: dt.date = SITE_BUILD_DATE, siteurl: str = "", **inputs) -> Inputs:
    """The data layer's inputs for a project folder ``root`` with data/ and content/pages/, as a build has them."""
    settings = pelican_settings()
    return Inputs(root=root, data=root / "data", pages=root / "content" / "pages",
                  templates=ROOT / "theme" / "templates", build_date=build_date, siteurl=siteurl,
                  public_url=PUBLIC_URL, sections=SECTIONS, sitename=inputs.pop("sitename", SITENAME),
                  reserved=pelican_outputs(settings), static_paths=tuple(settings["STATIC_PATHS"]), **inputs)


class DataHistory:
    """A git repository with a copy of the data and pages – or of the whole project – for tests of what the
    calendars' revisions are counted from (wir2.load.revisions): editors' commits, branches and merges at
    fixed times, and the site or the build of any state.

    git runs without the machine's own configuration, so its defaults (branch name, signing) cannot leak in.
    """

    def __init__(self, path: Path, start: dt.datetime, project: bool = False, tools: bool = False):
        """``project``: the whole project (copy_project); ``tools``: also what ./dev.sh needs to run in it
        (dev.sh, tasks.py, the requirement lists, .ci/; .venv and node_modules linked to this checkout's)."""
        self.path = path
        if project or tools:
            copy_project(path)
            (path / ".gitignore").write_text("/output/\n/.output.*\n__pycache__/\n/.venv\n/node_modules\n/.cache/\n",
                                             encoding="utf-8")
        if tools:
            for name in ("dev.sh", "tasks.py", "requirements.txt", "requirements-test.txt", "constraints.txt",
                         "package.json", "pyproject.toml"):
                shutil.copy2(ROOT / name, path / name)
            shutil.copytree(ROOT / ".ci", path / ".ci")
            # No package-lock.json: with one newer than node_modules, dev.sh would run `npm ci` – in the
            # linked folder of this checkout.
            for name in (".venv", "node_modules"):
                (path / name).symlink_to(ROOT / name)
        if not (project or tools):
            shutil.copytree(ROOT / "data", path / "data")
            shutil.copytree(ROOT / "content" / "pages", path / "content" / "pages")
        self.git("init", "-q", "-b", "main")
        self.commit("Start", start)

    def _run(self, args: tuple[str, ...], when: dt.datetime | None) -> subprocess.CompletedProcess[str]:
        stamp = (when or dt.datetime(2025, 1, 1, tzinfo=dt.UTC)).isoformat()
        who = {f"GIT_{role}_{key}": value for role in ("AUTHOR", "COMMITTER")
               for key, value in (("NAME", "Redaktion"), ("EMAIL", "redaktion@example.org"), ("DATE", stamp))}
        env = {"PATH": os.environ["PATH"], "HOME": str(self.path), "GIT_CONFIG_GLOBAL": os.devnull,
               "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C", **who}
        return subprocess.run(["git", "-C", str(self.path), *args], capture_output=True, text=True, env=env)

    def git(self, *args: str, when: dt.datetime | None = None) -> str:
        done = self._run(args, when)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def text(self, name: str) -> str:
        return (self.path / "data" / name).read_text(encoding="utf-8")

    def write(self, name: str, text: str) -> None:
        (self.path / "data" / name).write_text(text, encoding="utf-8")

    def replace(self, name: str, old: str, new: str) -> None:
        text = self.text(name)
        assert old in text, old
        self.write(name, text.replace(old, new, 1))

    def commit(self, message: str, when: dt.datetime) -> str:
        self.git("add", "-A", when=when)
        self.git("commit", "-q", "--allow-empty", "-m", message, when=when)
        return self.git("rev-parse", "HEAD")

    def merge(self, branch: str, when: dt.datetime, resolve: dict[str, str] | None = None) -> str:
        """Merge ``branch`` into the current one (always a merge commit); with ``resolve`` (file name → text)
        the merge result is those files – a conflict resolved, or one side taken whole."""
        done = self._run(("merge", "--no-ff", "--no-commit", "-q", branch), when)
        assert done.returncode == 0 or resolve, f"merge of {branch} needs a resolution: {done.stdout}{done.stderr}"
        for name, text in (resolve or {}).items():
            self.write(name, text)
        self.git("add", "-A", when=when)
        self.git("commit", "-q", "-m", f"Merge {branch}", when=when)
        return self.git("rev-parse", "HEAD")

    def site(self, build_date: dt.date, siteurl: str = "", **inputs) -> Site:
        return load_site(inputs_of(self.path, build_date, siteurl, **inputs))


@functools.cache
def pelican_settings() -> dict:
    """The real settings as Pelican reads them (defaults filled in), for what the wiring takes from them."""
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "pelicanconf.py"))


def problems_of(site: Site) -> list[str]:
    """Every page rendered as a build renders it (placeholders, then Markdown): the problems, no Pelican."""
    renderer = PagesAsBuilt(site).renderer
    found = []
    for page in site.pages:
        try:
            renderer.render(page)
        except DataError as exc:
            found.extend(str(p) for p in exc.problems)
    return found


class PagesAsBuilt:
    """The real pages rendered as a build renders them – placeholders, listings, Markdown, the theme's
    page template – but without Pelican, in milliseconds.

    The theme gets the context Pelican would give it (the page's metadata as attributes, ``pages``,
    the settings the templates use).  One instance per Site, as one environment per build: macros
    imported without context keep the globals of their first import.
    """

    def __init__(self, site: Site):
        import pelicanconf

        self.settings = pelicanconf
        self.site = site
        self.env, self.listings = page_environment(site, ROOT / "theme" / "templates", {
            "faktenblatt": Faktenblatt(b"%PDF", "/downloads/wir2-faktenblatt.pdf"), "SITEURL": site.siteurl}, CACHE)
        self.renderer = PageRenderer(self.env, self.listings, self.settings.MARKDOWN)

    def _page(self, page: SourcePage, render: bool = True) -> SimpleNamespace:
        """The page as Pelican hands it to templates: its metadata as attributes, ``url``, ``content``."""
        if not render:
            order = {"order": page.nav_order} if page.nav_order is not None else {}  # as the reader gives it
            return SimpleNamespace(**{**dict(page.metadata), **order, "url": page.address, "content": ""})
        rendered = self.renderer.render(page)
        metadata = {**dict(rendered.metadata), "summary": rendered.summary_html}
        return SimpleNamespace(**{**metadata, "url": page.address, "content": rendered.content})

    def html(self, address: str) -> str:
        """The page at ``address`` (``termine/``, ``""`` for the home page) as a build writes it."""
        [page] = [p for p in self.site.pages if p.address == address]
        pages = [self._page(p, render=False) for p in self.site.pages if p.status == "published"]
        s = self.settings
        return self.env.get_template(f"{page.template or 'page'}.html").render(
            page=self._page(page), pages=pages, SITEURL=self.site.siteurl, SITENAME=s.SITENAME,
            SITE_SHORTNAME=s.SITE_SHORTNAME, NAVIGATION=s.NAVIGATION, FOOTER_LINKS=s.FOOTER_LINKS,
            WIR2_PUBLIC_URL=s.WIR2_PUBLIC_URL, **theme_globals(self.site))


def input_problems(tmp_path: Path, **changes) -> list[str]:
    """What the data layer and the page renderer report for the real sources with ``changes`` (see site_with)."""
    try:
        site = site_with(tmp_path, **changes)
    except DataError as exc:
        return [str(p) for p in exc.problems]
    return problems_of(site)


def leftovers(out: Path) -> list[Path]:
    """The folders a build made beside ``out`` and left behind (staging, old output): none after any build."""
    return sorted(p for p in out.parent.glob(f".{out.name}.*-*") if p.is_dir())


class Content(bytes):
    """A file's bytes that print as their size and digest: a failing comparison of two folders then
    names the files that differ in a few lines (pytest prints whole values on CI, where it does not
    truncate – megabytes for a site)."""

    def __repr__(self) -> str:
        return f"<{len(self)} bytes, sha256 {hashlib.sha256(self).hexdigest()[:12]}>"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes (:class:`Content`): equal snapshots, equal folders."""
    return {p.relative_to(folder).as_posix(): Content(p.read_bytes()) for p in sorted(folder.rglob("*"))
            if p.is_file()}


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}


# --- a small HTML tree, enough to ask "the text of the element with this id" ------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None = None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list[Node]:
        found = []
        for node in self.iter():
            if tag and node.tag != tag:
                continue
            if cls and cls not in (node.attrs.get("class") or "").split():
                continue
            if any(node.attrs.get(k) != v for k, v in attrs.items()):
                continue
            found.append(node)
        return found

    def by_id(self, ident: str) -> Node:
        nodes = self.find_all(id=ident)
        assert len(nodes) == 1, f"{len(nodes)} elements with id {ident!r}"
        return nodes[0]

    def links(self) -> list[str]:
        return [a.attrs["href"] for a in self.find_all("a")]


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", {})

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def tree_text(text: str) -> Node:
    builder = _Builder()
    builder.feed(text)
    return builder.root


def tree(path: Path) -> Node:
    return tree_text(path.read_text(encoding="utf-8"))


# --- pages: links, ids, assets, weight -------------------------------------------------------

ASSET_ATTRS = {("link", "href"), ("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"),
               ("source", "srcset"), ("iframe", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"),
               ("object", "data"), ("track", "src"), ("input", "src")}


@dataclass
class Page:
    path: Path
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)        # <a href>
    assets: list[tuple[str, str]] = field(default_factory=list)  # (tag, url) loaded by the page
    stylesheets: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    h1: int = 0
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    canonical: str | None = None
    lang: str | None = None
    inline_styles: int = 0
    inline_scripts: int = 0


class _Parser(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        p = self.page
        if "id" in a:
            p.ids.add(a["id"])
        if tag == "html":
            p.lang = a.get("lang")
        if tag == "a" and a.get("name"):
            p.ids.add(a["name"])
        if tag == "a" and "href" in a:
            p.links.append(a["href"])
        if tag == "h1":
            p.h1 += 1
        if tag == "title":
            self._in_title = True
        if tag == "meta":
            key = a.get("name") or a.get("property")
            if key:
                p.meta[key] = a.get("content", "")
        if tag == "link" and a.get("rel") == "canonical":
            p.canonical = a.get("href")
        if tag == "link" and a.get("rel") == "stylesheet":
            p.stylesheets.append(a["href"])
        if tag == "script":
            if a.get("src"):
                p.scripts.append(a["src"])
            elif a.get("type") != "application/ld+json":
                p.inline_scripts += 1
        if tag == "style" or "style" in a:
            p.inline_styles += 1
        for (t, attr) in ASSET_ATTRS:
            if tag == t and attr in a and not (tag == "link" and a.get("rel") == "canonical"):
                p.assets.append((tag, a[attr]))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.page.title += data


def parse(path: Path) -> Page:
    page = Page(path)
    _Parser(page).feed(path.read_text(encoding="utf-8"))
    return page


def html_pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def resolve(out: Path, page: Path, url: str) -> tuple[Path | None, str]:
    """Map a site-internal URL to a file in ``out`` and its fragment; None for external URLs."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None, parts.fragment
    if not parts.path:
        return page, parts.fragment
    base = out if parts.path.startswith("/") else page.parent
    target = (base / unquote(parts.path.lstrip("/"))).resolve()
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_weight(out: Path, page: Page) -> int:
    """Gzip-compressed bytes of the HTML plus every stylesheet and script it loads."""
    total = gz(page.path.read_bytes())
    for url in [*page.stylesheets, *page.scripts]:
        target, _ = resolve(out, page.path, url)
        assert target is not None and target.is_file(), f"{page.path}: {url} fehlt"
        total += gz(target.read_bytes())
    return total


# --- the group finder's pages ------------------------------------------------------------------

class _Groups(HTMLParser):
    """The text of every ``<article class="gruppe">`` on a page, by its id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.groups: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self._current: str | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article" and "gruppe" in (a.get("class") or "").split():
            self._current, self._depth = a["id"], 0
            self.groups[self._current] = []
            self.links[self._current] = []
        if self._current:
            self.groups[self._current].append(" ")
            if tag == "article":
                self._depth += 1
            if tag == "a":
                self.links[self._current].append(a.get("href", ""))

    def handle_endtag(self, tag):
        if self._current and tag == "article":
            self._depth -= 1
            if self._depth == 0:
                self._current = None

    def handle_data(self, data):
        if self._current:
            self.groups[self._current].append(data)


def groups_on(page: Path) -> tuple[dict[str, str], dict[str, list[str]]]:
    parser = _Groups()
    parser.feed(page.read_text(encoding="utf-8"))
    return {k: re.sub(r"\s+", " ", "".join(v).replace("\u00ad", "")).strip() for k, v in parser.groups.items()}, \
        parser.links


def listed_dates(text: str) -> list[dt.date]:
    """Parse „2025: 4.3., 11.3.“ (the session list on a page) back into dates."""
    found = []
    for year, days in re.findall(r"(\d{4}): ((?:\d{1,2}\.\d{1,2}\.(?:, )?)+)", text):
        found += [dt.date(int(year), int(m), int(d)) for d, m in re.findall(r"(\d{1,2})\.(\d{1,2})\.", days)]
    return found
