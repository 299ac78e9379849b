"""The whole site's input as one immutable value: what every renderer is a function of."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .facts import Betreiber, Kontakt, Kosten, Programm
from .gruppen import Verzeichnis
from .outputs import Outputs
from .pages import ORDER_LAST, Page
from .revisions import Revision
from .sprachen import ORIGINAL, Sprache, Sprachen
from .termine import Abo, Termine
from .urls import absolute


@dataclass(frozen=True)
class Site:
    """Every data file and page, checked, as of one build date.

    ``siteurl`` is the site's address: empty in local builds (links are
    site-relative), ``https://…`` in the publish build.  ``public_url`` is the
    live address in every build (the fact sheet's QR code points there, and so
    do the subscribe addresses of the calendar feeds).
    """

    build_date: dt.date
    siteurl: str
    public_url: str
    sitename: str
    uid_domain: str
    programm: Programm
    kosten: Kosten
    kontakt: Kontakt
    betreiber: Betreiber
    termine: Termine
    gruppen: Verzeichnis
    pages: tuple[Page, ...]
    #: The languages (data/sprachen/): German and the languages of the translated pages.
    sprachen: Sprachen = field(default_factory=Sprachen)
    #: Every file the build writes (:mod:`wir2.model.outputs`): what internal links may lead to.
    outputs: Outputs = field(default_factory=Outputs)
    #: Editorial warnings found while loading (missing operator details, a kind without registration,
    #: dates that look mistyped – wir2.load.plausibility).
    warnings: tuple[str, ...] = ()
    #: Each group's calendar revision (SEQUENCE, DTSTAMP) by group id, counted from git (wir2.load.revisions).
    gruppen_revisionen: Mapping[str, Revision] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "gruppen_revisionen", MappingProxyType(dict(self.gruppen_revisionen)))

    def seitensprache(self, address: str) -> Sprache:
        """The language of the page at ``address`` (German for every page that is no translation)."""
        page = next((p for p in self.pages if p.address == address), None)
        code = page.lang if page is not None else ORIGINAL
        return self.sprachen[code] if code in self.sprachen else Sprache(ORIGINAL, "Deutsch", "Deutsch", "ltr", 0)

    def sprachversionen(self, address: str) -> tuple[tuple[Sprache, str], ...]:
        """Every language version of the page at ``address``, itself included, German first – or nothing
        when the page has no translation.  Linked as Pelican links them: by the slug."""
        page = next((p for p in self.pages if p.address == address), None)
        if page is None or page.status != "published":
            return ()
        found = {p.lang: p.address for p in self.pages if p.slug == page.slug and p.status == "published"}
        if len(found) < 2:
            return ()
        return tuple((s, found[s.code]) for s in self.sprachen if s.code in found)

    def sprachseiten(self) -> dict[str, str]:
        """For each language with a translation, where the language switcher leads to when the current page
        has none: its translation of the German page that comes first in the navigation."""
        originals = {p.slug: p for p in self.pages if not p.is_translation}

        def rank(page: Page) -> tuple[int, str]:
            original = originals.get(page.slug)
            order = original.nav_order if original is not None else None
            return (order if order is not None else ORDER_LAST + 1, page.slug)

        result: dict[str, str] = {}
        for page in sorted((p for p in self.pages if p.is_translation and p.status == "published"), key=rank):
            result.setdefault(page.lang, page.address)
        return result

    def absolute(self, path: str) -> str | None:
        """``path`` on the site as an absolute address, or ``None`` in a local build."""
        return absolute(self.siteurl, path)

    def abo(self, pfad: str, titel: str) -> Abo:
        """A calendar file of this site (``pfad``, site-relative) as a subscription – a group's, say – with
        the same ways to subscribe as the feeds of dates (:class:`~wir2.model.termine.Abo`)."""
        return Abo(pfad, titel, pfad, self.siteurl, self.public_url)

    def uid(self, *parts: str) -> str:
        """The one UID rule: the stable ids of the event, joined by ``-``, at the site's domain."""
        return "-".join(parts) + "@" + self.uid_domain
