"""The whole site's input as one immutable value: what every renderer is a function of."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .facts import Betreiber, Kontakt, Kosten, Programm
from .gruppen import Verzeichnis
from .outputs import Outputs
from .pages import Page
from .revisions import Revision
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
    #: Every file the build writes (:mod:`wir2.model.outputs`): what internal links may lead to.
    outputs: Outputs = field(default_factory=Outputs)
    #: Editorial warnings found while loading (missing operator details, a kind without registration,
    #: dates that look mistyped – wir2.load.plausibility).
    warnings: tuple[str, ...] = ()
    #: Each group's calendar revision (SEQUENCE, DTSTAMP) by group id, counted from git (wir2.load.revisions).
    gruppen_revisionen: Mapping[str, Revision] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "gruppen_revisionen", MappingProxyType(dict(self.gruppen_revisionen)))

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
