"""The Markdown pages of ``content/pages/``: their metadata, checked, and their text.

Pelican reads the pages too, but the metadata is loaded here first – with the
data files – so that a missing title, an unknown key or two pages with the same
address stop the build before anything is rendered, and so that every renderer
(navigation, sitemap, listings) sees the same pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .origin import NOWHERE, Origin

#: A page with a Section but no Order comes after the numbered ones in its section's navigation.
ORDER_LAST = 1000


@dataclass(frozen=True)
class Page:
    """One page: where it comes from, its metadata as checked, and its body (Markdown with placeholders)."""

    source: Path  # absolute path of the .md file
    name: str  # as shown in messages: content/pages/konzept.md
    title: str  # may hold placeholders, like the summary and the body
    summary: str
    slug: str
    body: str
    body_line: int  # the line of the file on which the body starts
    address: str  # the page's URL relative to the site: ``konzept/``, the home page ``""``
    output_file: str  # where Pelican writes it: ``konzept/index.html``
    section: str | None = None
    nav_title: str | None = None
    template: str | None = None
    order: int | None = None  # order: its place in the section's navigation
    status: str = "published"
    modified: str | None = None  # 2025-05-06
    geprueft_am: str | None = None  # 2026-12-02: when an editor last checked the text (wir2.load.editorial)
    lang: str = "de"  # a translation's language (``lang:``); its German original has the same slug
    uebersetzung_geprueft: str | None = None  # when a native speaker checked the translation
    #: Every metadata key (lower case) with its value as Pelican gets it, in file order.
    metadata: tuple[tuple[str, str], ...] = ()
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)

    @property
    def nav_order(self) -> int | None:
        """Its place in its section's navigation: ``Order``, or after the numbered pages (:data:`ORDER_LAST`)."""
        if self.order is not None:
            return self.order
        return ORDER_LAST if self.section is not None else None

    @property
    def is_translation(self) -> bool:
        return self.lang != "de"

    @property
    def modified_date(self) -> dt.date | None:
        return dt.date.fromisoformat(self.modified) if self.modified else None
