"""Small HTML inspection helpers for tests: links, ids, assets, weight.

Standard-library only (html.parser), so the checks do not depend on a browser.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

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
