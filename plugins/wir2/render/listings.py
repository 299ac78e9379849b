"""What a page's placeholders print reaches the page as finished HTML, past Markdown.

Pages are Jinja templates whose output Markdown then converts.  Two kinds of
placeholder output must not pass through Markdown's parser:

- **values** (``{{ kosten.beispiel_quelle }}``, ``{{ kontakt.email }}``, a page's
  own macro): autoescaping stops HTML, but Markdown syntax in a value from
  ``data/`` – ``[Beschluss](javascript:…)``, ``**x**``, ``{: onclick=…}`` – would
  become markup.  :meth:`Listings.finalize`, the page environment's Jinja
  ``finalize``, escapes each value and hands it over as text;
- **listings** of thousands of dates (``termine_liste(art)``,
  ``naechste_termine(anzahl)``, the macros of ``theme/templates/macros/termine.html``):
  parsing their HTML took seconds.

Both go into Markdown's own raw-HTML stash (``Markdown.htmlStash``), and Markdown
puts them back unchanged after converting the page – in text, in a link's
address, inside raw HTML or a code block alike.  The stash can only be filled
from inside Markdown (its first step removes the placeholder characters from
the source), so Jinja leaves a one-line token for each, and
:class:`BlockExtension` – a Markdown preprocessor – swaps it for the stash's
placeholder.  Nothing is written to a file and read back.

:meth:`Listings.inhalt` renders the inside of an event's list item once for
every page that lists it.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markupsafe import Markup, escape

from .. import german
from ..model.events import Event, Termin
from ..model.site import Site
from ..model.termine import UnknownName
from . import jsonld, placeholders, typography

MACROS = "macros/termine.html"
#: A listing's place in a page's Markdown until the preprocessor takes it (the n-th listing of the page).
TOKEN = "<!--wir2-block:{}-->"
TOKEN_ANYWHERE = re.compile(r"<!--wir2-block:(\d+)-->")
#: A value's place (the n-th value the page printed).
VALUE_TOKEN = "<!--wir2-text:{}-->"
VALUE_ANYWHERE = re.compile(r"<!--wir2-text:(\d+)-->")
_LISTINGS_ONLY = re.compile(r"\s*(?:<!--wir2-block:\d+-->\s*)+")


@dataclass
class PageParts:
    """The finished HTML one page's placeholders printed: its listings and its values, by number."""

    listings: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    placed: set[int] = field(default_factory=set)  # the listings that reached the page
    lang: str = "de"  # the page's language: German counts up to twelve are words, translations print digits

    def expand(self, html: str) -> str:
        """``html`` with the tokens in it replaced by what they stand for (a macro's output holds them)."""
        html = VALUE_ANYWHERE.sub(lambda m: self.values[int(m.group(1))], html)

        def listing(match: re.Match[str]) -> str:
            self.placed.add(int(match.group(1)))
            return self.listings[int(match.group(1))]

        return TOKEN_ANYWHERE.sub(listing, html)


class _Values(Preprocessor):
    """Swaps each value token for the placeholder of its HTML in Markdown's stash – before fenced code
    blocks are found, so a value in a code block is shown there as text."""

    def __init__(self, md: Markdown, parts: PageParts):
        super().__init__(md)
        self.parts = parts

    def run(self, lines: list[str]) -> list[str]:
        return [VALUE_ANYWHERE.sub(self._placeholder, line) for line in lines]

    def _placeholder(self, match: re.Match[str]) -> str:
        number = int(match.group(1))
        if number >= len(self.parts.values):
            return match.group(0)
        placeholder: str = self.md.htmlStash.store(self.parts.values[number])
        return placeholder


class _Blocks(Preprocessor):
    """Swaps each listing token for the placeholder of its HTML in Markdown's stash."""

    def __init__(self, md: Markdown, parts: PageParts):
        super().__init__(md)
        self.parts = parts

    def run(self, lines: list[str]) -> list[str]:
        return [TOKEN_ANYWHERE.sub(self._placeholder, line) for line in lines]

    def _placeholder(self, match: re.Match[str]) -> str:
        number = int(match.group(1))
        listings = self.parts.listings
        if number >= len(listings):
            return match.group(0)
        self.parts.placed.add(number)
        # Stored as Markdown stores a raw HTML block of the page: with a line end of its own.
        placeholder: str = self.md.htmlStash.store(listings[number] + "\n")
        return placeholder


class BlockExtension(Extension):
    """The values and listings of one page, for its Markdown.

    Values are put in place right after whitespace is normalised, before fenced
    code; listings after fenced code (a listing in a code block is an error, see
    ``placed``) and before raw HTML.
    """

    def __init__(self, parts: PageParts):
        super().__init__()
        self.parts = parts

    def extendMarkdown(self, md: Markdown) -> None:  # Markdown's name for the hook
        md.preprocessors.register(_Values(md, self.parts), "wir2_values", 27)
        # The same priority as fenced code (registered earlier, so it runs first): a token in a fence stays text.
        md.preprocessors.register(_Blocks(md, self.parts), "wir2_blocks", 25)


class Listings:
    """The listing helpers templates and pages call (``termin_inhalt``, ``termine_block`` …, ``schema_org``)."""

    def __init__(self, site: Site, env: jinja2.Environment):
        self.site = site
        self.env = env
        self._inhalt: dict[str, Markup] = {}
        self._parts: PageParts | None = None
        self._macros: Any = None

    def template_globals(self) -> dict[str, Any]:
        return {"termin_inhalt": self.inhalt, "termine_block": self.termine_block,
                "naechste_block": self.naechste_block, "schema_org": self.schema_org}

    @property
    def macros(self) -> Any:
        """The macros of ``macros/termine.html``, seeing the environment's globals as they are now."""
        if self._macros is None:
            self._macros = self.env.get_template(MACROS).make_module()
        return self._macros

    def inhalt(self, termin: Event) -> Markup:
        """The inside of ``termin``'s list item, rendered once per build for all pages that list it."""
        html = self._inhalt.get(termin.id)
        if html is None:
            html = self._inhalt[termin.id] = Markup(str(self.macros.inhalt(termin)).strip())
        return html

    @contextlib.contextmanager
    def collecting(self, parts: PageParts) -> Iterator[None]:
        """While one part of a page is rendered: where its values and listings go (see :class:`BlockExtension`)."""
        self._parts = parts
        try:
            yield
        finally:
            self._parts = None

    def finalize(self, value: Any, template: str | None) -> Any:
        """What a placeholder of ``template`` prints, while a page is collected: a token for its HTML.

        A value is escaped; HTML the page's own macros made (``Markup``) is kept,
        with the tokens inside it expanded; a listing's token is left for
        Markdown's preprocessor.  Outside a page – the theme, the macros of
        ``theme/templates`` while they render a listing – values are printed as
        Jinja prints them (autoescaped).
        """
        if template is None or not template.startswith("page:"):
            return value
        # An Undefined goes on to fail as it prints (its own message: unknown name, refused attribute).
        if not isinstance(value, (Markup, jinja2.Undefined)) and not placeholders.printable(value):
            raise placeholders.NotPrintable(value)  # None, True, a record …: never a Python repr on a page
        parts = self._parts
        if parts is None:
            return value
        if isinstance(value, Markup):
            if _LISTINGS_ONLY.fullmatch(value):
                return value
            html = parts.expand(str(value))
        elif isinstance(value, int) and not isinstance(value, bool) and parts.lang == "de":
            html = german.number_word(value)  # a count up to twelve in running text is a word
        else:
            html = str(escape(value))
        parts.values.append(html)
        return Markup(VALUE_TOKEN.format(len(parts.values) - 1))  # our own token, digits only

    def _stash(self, html: str) -> Markup:
        """Finished HTML of a listing for the page being rendered, kept out of Markdown's way."""
        if self._parts is None:
            raise RuntimeError("termine_liste() and naechste_termine() are for the Markdown pages only")
        # Set by the typographic rules now, so the page check finds the listing as the page will have it
        # (the page's own pass leaves it as it is: the rules are idempotent).
        self._parts.listings.append(typography.html(html))
        return Markup(TOKEN.format(len(self._parts.listings) - 1))  # our own token, digits only

    def termine_block(self, art: str) -> Markup:
        """``termine_liste(art)``: the upcoming and not yet fixed dates of one kind."""
        kind = self.site.termine.art(art)
        return self._stash(str(self.macros.liste_html(kind.id)))

    def naechste_block(self, anzahl: Any = 3) -> Markup:
        """``naechste_termine(anzahl)``: the next dates of all kinds."""
        if isinstance(anzahl, bool) or not isinstance(anzahl, int) or anzahl < 1:
            raise UnknownName(f"naechste_termine(anzahl): erwartet eine Zahl ab 1 ohne Anführungszeichen, z. B. "
                              f"naechste_termine(3), nicht „{anzahl}“")
        return self._stash(str(self.macros.naechste_html(anzahl)))

    def schema_org(self, events: list[Termin] | None = None) -> list[dict[str, Any]]:
        """schema.org ``Event`` data for ``events`` (default: every dated event)."""
        chosen = self.site.termine.datiert() if events is None else events
        organizer = jsonld.organizer(self.site)
        return [jsonld.event(t, organizer) for t in chosen]
