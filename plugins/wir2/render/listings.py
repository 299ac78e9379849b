"""Date listings: each event's HTML is made once per build and put in place in memory.

Pages list dates through the macros of ``theme/templates/macros/termine.html``
(``termine_liste(art)``, ``naechste_termine(anzahl)``).  A listing of thousands
of dates must not pass through Markdown (parsing its HTML took seconds), so the
finished HTML goes into Markdown's own raw-HTML stash (``Markdown.htmlStash``),
and Markdown puts it back unchanged after converting the page.  The stash can
only be filled from inside Markdown (its first step removes the placeholder
characters from the source), so the macro leaves a one-line token for the page,
and :class:`BlockExtension` – a Markdown preprocessor – swaps it for the stash's
placeholder.  Nothing is written to a file and read back.

:meth:`Listings.inhalt` renders the inside of an event's list item once for
every page that lists it.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

import jinja2
from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markupsafe import Markup

from ..model.events import Event, Termin
from ..model.site import Site
from ..model.termine import UnknownName
from . import jsonld

MACROS = "macros/termine.html"
#: A listing's place in a page's Markdown until the preprocessor takes it (the n-th block of the page).
TOKEN = "<!--wir2-block:{}-->"
TOKEN_ANYWHERE = re.compile(r"<!--wir2-block:(\d+)-->")


class _Blocks(Preprocessor):
    """Swaps each listing token for the placeholder of its HTML in Markdown's stash."""

    def __init__(self, md: Markdown, extension: BlockExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        return [TOKEN_ANYWHERE.sub(self._placeholder, line) for line in lines]

    def _placeholder(self, match: re.Match[str]) -> str:
        number = int(match.group(1))
        blocks = self.extension.blocks
        if number >= len(blocks):
            return match.group(0)
        self.extension.placed.add(number)
        # Stored as Markdown stores a raw HTML block of the page: with a line end of its own.
        placeholder: str = self.md.htmlStash.store(blocks[number] + "\n")
        return placeholder


class BlockExtension(Extension):
    """The listings of one page, for its Markdown: right after whitespace is normalised, before raw HTML.

    ``placed`` says which listings reached the page (one in a fenced code block does not).
    """

    def __init__(self, blocks: list[str]):
        super().__init__()
        self.blocks = blocks
        self.placed: set[int] = set()

    def extendMarkdown(self, md: Markdown) -> None:  # Markdown's name for the hook
        # The same priority as fenced code (registered earlier, so it runs first): a token in a fence stays text.
        md.preprocessors.register(_Blocks(md, self), "wir2_blocks", 25)


class Listings:
    """The listing helpers templates and pages call (``termin_inhalt``, ``termine_block`` …, ``schema_org``)."""

    def __init__(self, site: Site, env: jinja2.Environment):
        self.site = site
        self.env = env
        self._inhalt: dict[str, Markup] = {}
        self._blocks: list[str] | None = None
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
    def collecting(self, blocks: list[str]) -> Iterator[None]:
        """While one page's placeholders are filled in: where its listings go (see :class:`BlockExtension`)."""
        self._blocks = blocks
        try:
            yield
        finally:
            self._blocks = None

    def _stash(self, html: str) -> Markup:
        """Finished HTML for the page being rendered, kept out of Markdown's way."""
        if self._blocks is None:
            raise RuntimeError("termine_liste() and naechste_termine() are for the Markdown pages only")
        self._blocks.append(html)
        return Markup(TOKEN.format(len(self._blocks) - 1))  # our own token, digits only

    def termine_block(self, art: str) -> Markup:
        """``termine_liste(art)``: the upcoming and not yet fixed dates of one kind."""
        kind = self.site.termine.art(art)
        return self._stash(str(self.macros.liste_html(kind.id)))

    def naechste_block(self, anzahl: Any = 3) -> Markup:
        """``naechste_termine(anzahl)``: the next dates of all kinds."""
        if isinstance(anzahl, bool) or not isinstance(anzahl, int) or anzahl < 1:
            raise UnknownName(f"naechste_termine(anzahl): erwartet eine Zahl ab 1, nicht {anzahl!r}")
        return self._stash(str(self.macros.naechste_html(anzahl)))

    def schema_org(self, events: list[Termin] | None = None) -> list[dict[str, Any]]:
        """schema.org ``Event`` data for ``events`` (default: every dated event)."""
        chosen = self.site.termine.datiert() if events is None else events
        organizer = jsonld.organizer(self.site)
        return [jsonld.event(t, organizer) for t in chosen]
