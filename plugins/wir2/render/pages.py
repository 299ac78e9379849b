"""A page's text: its placeholders filled from the site data, then Markdown.

Figures such as fees or dates must come from ``data/`` (one source of truth),
so each Markdown page is first a Jinja template (``{{ kosten.schulung.betrag |
euro }}``, the theme's macros) and then converted as usual.  The title, the
summary and the body are three templates of the page, each placed on its own
lines of the file, so a failing placeholder becomes a
:class:`~wir2.problems.Problem` with the page's file and line.

:func:`page_environment` is the one place where the environment for pages is
put together – the Pelican wiring and the tests use it alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.exceptions
from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from ..model.pages import Page
from ..model.site import Site
from ..model.termine import UnknownName
from ..problems import DataError, Problem
from . import jinja, placeholders, typography
from .htmlcheck import PageCheck
from .listings import TOKEN_ANYWHERE, BlockExtension, Listings, PageParts

PREFIX = "page:"
PARTS = ("title", "summary", "body")
#: Markdown's attribute list after a heading (``## Kosten {#kosten}``) – to Jinja the start of a comment.
_ANCHOR = re.compile(r"\{#[^\s#}][^#}\n]*\}")
_LISTING_CALL = re.compile(r"\b(termine_liste|naechste_termine)\s*\(")


class PageLoader(jinja2.BaseLoader):
    """Serves the parts of each page as templates ``page:<name>#<part>``, with the page's file as file name.

    Each part stands on the lines it has in the file (earlier lines are empty),
    so Jinja's line numbers are the file's.
    """

    def __init__(self, pages: tuple[Page, ...]):
        self.pages = {PREFIX + p.name: p for p in pages}

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        name, _, part = template.partition("#")
        page = self.pages.get(name)
        if page is None or part not in PARTS:
            raise jinja2.TemplateNotFound(template)
        return part_source(page, part), str(page.source), lambda: True


def part_source(page: Page, part: str) -> str:
    """The template of one part, on the lines it has in the file.

    An attribute list such as ``{#anker}`` is passed through as text
    (``{% raw %}``), so Markdown gets it and Jinja does not read a comment.
    """
    line = page.body_line if part == "body" else dict(page.origin.key_lines)[part]
    text = _ANCHOR.sub(lambda m: "{% raw %}" + m.group(0) + "{% endraw %}", getattr(page, part))
    return "\n" * (line - 1) + text


def page_environment(site: Site, templates: Path, globals_: dict[str, Any],
                     cache: Path | None = None) -> tuple[jinja2.Environment, Listings]:
    """The environment pages are rendered in: the theme's templates and macros, the site's data,
    the listing helpers and ``globals_`` (``SITEURL``, ``faktenblatt``).

    What a page's placeholders print goes past Markdown as text (:meth:`Listings.finalize`).  A
    page's title is plain text – it is never converted, and the theme escapes it where it prints it –
    so its template is not autoescaped (it was escaped twice before).
    """
    listings: Listings | None = None

    @jinja2.pass_context
    def finalize(context: jinja2.runtime.Context, value: Any) -> Any:
        assert listings is not None
        return listings.finalize(value, context.name)

    def autoescape(name: str | None) -> bool:
        return not (name or "").endswith("#title")

    env = jinja.environment(jinja2.ChoiceLoader([PageLoader(site.pages), jinja.folders(templates)]), cache=cache,
                            kind="pages", sandboxed=True, finalize=finalize, autoescape=autoescape)
    _text_only_filters(env)
    listings = Listings(site, env)
    env.globals.update(jinja.site_globals(site), **listings.template_globals(), **globals_)
    return env, listings


def _text_only_filters(env: jinja2.Environment) -> None:
    """``| string``, ``| join``, ``| format``, ``| pprint`` turn any value into text – a record into its
    Python form.  In pages they take what a placeholder may print (:func:`placeholders.printable`),
    so ``{{ kontakt | string }}`` is refused as ``{{ kontakt }}`` is."""

    def checked(value: Any) -> Any:
        if isinstance(value, (Markup, jinja2.Undefined)) or placeholders.printable(value):
            return value
        raise placeholders.NotPrintable(value)

    original = dict(env.filters)

    def string(value: Any) -> Any:
        return original["string"](checked(value))

    @jinja2.pass_eval_context
    def join(context: Any, value: Any, d: str = "", attribute: Any = None) -> Any:
        items = list(value) if not isinstance(value, str) else [value]
        if attribute is None:
            for item in items:
                checked(item)
        return original["join"](context, items, d, attribute)

    def format_(value: Any, *args: Any, **kwargs: Any) -> Any:
        for item in (*args, *kwargs.values()):
            checked(item)
        return original["format"](checked(value), *args, **kwargs)

    def pprint(value: Any) -> Any:
        return checked(value)

    env.filters.update(string=string, join=join, format=format_, pprint=pprint)


@dataclass(frozen=True)
class RenderedPage:
    """What Pelican needs of a page: the body's HTML and the metadata values after the placeholders."""

    content: str
    metadata: tuple[tuple[str, str | int], ...]  # lower-case key → value; the title as text, the summary as HTML,
    #                                             the order as a number
    summary_html: str


class _AlignClasses(Treeprocessor):
    """A table column aligned in Markdown (``|---:|``) gets a class instead of a ``style`` attribute.

    The site's Content-Security-Policy allows no inline styles, so Markdown's
    ``style="text-align: right;"`` would be ignored by browsers (and the page check
    refuses style attributes); ``class="align-right"`` is styled by site.css.
    """

    def run(self, root: Any) -> None:
        for cell in (c for c in root.iter() if c.tag in ("td", "th")):
            align = _ALIGN.fullmatch(cell.get("style", ""))
            if align:
                del cell.attrib["style"]
                cell.set("class", " ".join(filter(None, [cell.get("class"), f"align-{align.group(1)}"])))


_ALIGN = re.compile(r"text-align: (left|center|right);")


class AlignExtension(Extension):
    """Registers :class:`_AlignClasses` after Markdown has built the tables."""

    def extendMarkdown(self, md: Markdown) -> None:  # Markdown's name for the hook
        md.treeprocessors.register(_AlignClasses(md), "wir2_align", 5)


class PageRenderer:
    """Renders pages with the site's environment and listings and Pelican's Markdown settings.

    Every rendered page is checked (:mod:`wir2.render.htmlcheck`): a page that breaks
    the site's promises is not rendered but reported, wherever it is rendered.
    """

    def __init__(self, env: jinja2.Environment, listings: Listings, markdown_settings: dict[str, Any]):
        self.env = env
        self.listings = listings
        self.markdown_settings = markdown_settings
        self.check = PageCheck(listings.site)

    def markdown(self, *extensions: Any) -> Markdown:
        settings = dict(self.markdown_settings)
        settings["extensions"] = [*settings.get("extensions", []), AlignExtension(), *extensions]
        return Markdown(**settings)

    def render(self, page: Page) -> RenderedPage:
        # The typographic rules are German ones; a translation is printed as its translator typed it.
        german = not page.is_translation
        title = self._fill_in(page, "title")
        title = typography.text(title) if german else title
        summary_parts, body_parts = PageParts(lang=page.lang), PageParts(lang=page.lang)
        with self.listings.collecting(summary_parts):
            summary = self._fill_in(page, "summary")
        with self.listings.collecting(body_parts):
            body = self._fill_in(page, "body")
        content = self.markdown(BlockExtension(body_parts)).convert(body)
        content = typography.html(content) if german else content
        self._check_listings_placed(page, body, body_parts)
        summary_html = self.markdown(BlockExtension(summary_parts)).convert(summary)
        summary_html = typography.html(summary_html) if german else summary_html
        listings = [body_parts.listings[n] for n in sorted(body_parts.placed)]
        problems = self.check.check(page, content, listings, summary_html)
        if problems:
            raise DataError(problems)
        rendered: dict[str, str | int] = dict(page.metadata)
        rendered.update(title=title, summary=summary_html)
        if page.nav_order is not None:
            # A number, so the navigation sorts 2 before 10 (the header gives text), and every page of
            # a section has one (Page.nav_order).
            rendered["order"] = page.nav_order
        return RenderedPage(content, tuple(rendered.items()), summary_html)

    @staticmethod
    def _check_listings_placed(page: Page, body: str, parts: PageParts) -> None:
        """Every listing the page asked for reached its HTML (one in a fenced code block would stay a token).

        The n-th listing is named by the line of the n-th ``termine_liste(``/``naechste_termine(``
        call in the page's text (Jinja's output has fewer lines where a ``{% … %}`` line ended).
        """
        calls = [number for number, line in enumerate(page.body.splitlines(), start=page.body_line)
                 if _LISTING_CALL.search(line) and "import" not in line]
        for match in TOKEN_ANYWHERE.finditer(body):
            number = int(match.group(1))
            if number in parts.placed:
                continue
            line = calls[number] if number < len(calls) else None
            raise DataError([Problem(page.name, line, "", "die Terminliste steht in einem Code-Block "
                                     "(``` … ```) und würde nicht gezeigt; erwartet: termine_liste(…) bzw. "
                                     "naechste_termine() im Text der Seite")])

    def _fill_in(self, page: Page, part: str) -> str:
        filename = str(page.source)
        source = part_source(page, part)
        line: int | None
        try:
            # Without the empty lines that put the part on its own lines (a title is printed as it is).
            # ``sprache``: the page's language, for the macros imported ``with context`` (the group finder).
            return self.env.get_template(f"{PREFIX}{page.name}#{part}").render(sprache=page.lang).removeprefix(
                source[:len(source) - len(source.lstrip("\n"))])
        except jinja2.TemplateSyntaxError as exc:
            line, message = placeholders.explain_syntax(self.env, exc, source)
        except jinja2.TemplateNotFound as exc:
            message = f"Vorlage „{exc.name}“ gibt es nicht in theme/templates"
            line = jinja.template_line(exc, [filename])
        except placeholders.NotPrintable as exc:
            line = jinja.template_line(exc, [filename])
            lines = source.splitlines()
            text = lines[line - 1] if line and 0 < line <= len(lines) else ""
            message = placeholders.not_printable(self.env, exc, text, source)
        except jinja2.exceptions.SecurityError as exc:
            line = jinja.template_line(exc, [filename])
            message = placeholders.refused(exc)
        except Exception as exc:  # an unknown name, a filter used wrongly …: still the page's line
            line = jinja.template_line(exc, [filename])
            lines = source.splitlines()
            text = lines[line - 1] if line and 0 < line <= len(lines) else ""
            explained = placeholders.explain(self.env, placeholders.Failure(text, exc, source))
            if explained:
                message = explained
            elif isinstance(exc, UnknownName):
                message = f"unbekannter Platzhalter: {exc}"
            else:
                message = placeholders.fallback(placeholders.Failure(text, exc, source))
        raise DataError([Problem(page.name, line, "", message)])
