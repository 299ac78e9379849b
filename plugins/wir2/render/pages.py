"""A page's body: its placeholders filled from the site data, then Markdown.

Figures such as fees or dates must come from ``data/`` (one source of truth),
so each Markdown page is first a Jinja template (``{{ kosten.schulung.betrag |
euro }}``, the theme's macros) and then converted as usual.  The whole file is
the template – metadata block included, so ``Summary:`` can use placeholders
too and every error names the line of the file.  A failing placeholder becomes
a :class:`~wir2.problems.Problem` with the page's file and line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jinja2
from markdown import Markdown

from ..load.pages import read_header
from ..model.pages import Page
from ..model.termine import UnknownName
from ..problems import DataError, Problem
from .jinja import template_line
from .listings import BlockExtension, Listings

PREFIX = "page:"


class PageLoader(jinja2.BaseLoader):
    """Serves each page's source as the template ``page:<name>``, with the page's file as its file name."""

    def __init__(self, pages: tuple[Page, ...]):
        self.pages = {PREFIX + p.name: p for p in pages}

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        page = self.pages.get(template)
        if page is None:
            raise jinja2.TemplateNotFound(template)
        source = page.source.read_text(encoding="utf-8-sig")
        return source, str(page.source), lambda: True


@dataclass(frozen=True)
class RenderedPage:
    """What Pelican needs of a page: the body's HTML and the metadata values after the placeholders."""

    content: str
    metadata: tuple[tuple[str, str], ...]  # lower-case key → value, title and summary rendered
    summary_html: str


class PageRenderer:
    """Renders pages with the site's environment and listings and Pelican's Markdown settings."""

    def __init__(self, env: jinja2.Environment, listings: Listings, markdown_settings: dict[str, Any]):
        self.env = env
        self.listings = listings
        self.markdown_settings = markdown_settings

    def markdown(self, blocks: list[str] | None = None) -> Markdown:
        settings = dict(self.markdown_settings)
        if blocks is not None:
            settings["extensions"] = [*settings.get("extensions", []), BlockExtension(blocks)]
        return Markdown(**settings)

    def render(self, page: Page) -> RenderedPage:
        blocks: list[str] = []
        with self.listings.collecting(blocks):
            text = self._fill_in(page)
        lines = text.splitlines()
        header = read_header(text)
        body = "\n".join(lines[page.body_line - 1:])
        content = self.markdown(blocks).convert(body)
        rendered = dict(page.metadata)
        for key in ("title", "summary"):
            rendered[key] = header.mapping.get(key, rendered[key])
        summary_html = self.markdown().convert(rendered["summary"])
        return RenderedPage(content, tuple(rendered.items()), summary_html)

    def _fill_in(self, page: Page) -> str:
        filename = str(page.source)
        line: int | None
        try:
            return self.env.get_template(PREFIX + page.name).render()
        except jinja2.TemplateSyntaxError as exc:
            message, line = f"Platzhalter {{{{ … }}}} fehlerhaft: {exc.message}", exc.lineno
        except (jinja2.UndefinedError, UnknownName) as exc:
            message, line = f"unbekannter Platzhalter: {exc}", template_line(exc, [filename])
        except jinja2.TemplateNotFound as exc:
            message, line = f"Vorlage „{exc.name}“ gibt es nicht in theme/templates", template_line(exc, [filename])
        except Exception as exc:
            message, line = f"Platzhalter lässt sich nicht ausführen: {exc}", template_line(exc, [filename])
        raise DataError([Problem(page.name, line, "", message)])
