"""The 16 Länder, and the folding of German names for lookups, sorting and anchors.

Each Land has a fixed URL slug (``/gruppen/thueringen/``) so that addresses stay
stable whatever the editors type.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Bundesland:
    """One of the 16 Länder; ordered alphabetically by its German name (the list order)."""

    nummer: int
    name: str
    slug: str


BUNDESLAENDER: tuple[Bundesland, ...] = tuple(
    Bundesland(i, name, slug)
    for i, (name, slug) in enumerate(
        [
            ("Baden-Württemberg", "baden-wuerttemberg"),
            ("Bayern", "bayern"),
            ("Berlin", "berlin"),
            ("Brandenburg", "brandenburg"),
            ("Bremen", "bremen"),
            ("Hamburg", "hamburg"),
            ("Hessen", "hessen"),
            ("Mecklenburg-Vorpommern", "mecklenburg-vorpommern"),
            ("Niedersachsen", "niedersachsen"),
            ("Nordrhein-Westfalen", "nordrhein-westfalen"),
            ("Rheinland-Pfalz", "rheinland-pfalz"),
            ("Saarland", "saarland"),
            ("Sachsen", "sachsen"),
            ("Sachsen-Anhalt", "sachsen-anhalt"),
            ("Schleswig-Holstein", "schleswig-holstein"),
            ("Thüringen", "thueringen"),
        ]
    )
)


def fold(text: str) -> str:
    """Lower case, umlauts spelt out, other accents dropped: for lookups and sorting.

    ``Thüringen`` and ``Thueringen`` must be the same Land, and ``Ülzen`` must
    sort with U, not after Z as plain code points would.
    """
    text = text.strip().lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def slugify(text: str) -> str:
    """``Frankfurt am Main`` → ``frankfurt-am-main`` (for anchors of towns)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "ort"


_BY_KEY = {fold(b.name): b for b in BUNDESLAENDER} | {b.slug: b for b in BUNDESLAENDER}


def find(name: str) -> Bundesland | None:
    """A Land by its name (``Thüringen``, also ``Thueringen`` or ``thüringen``)."""
    return _BY_KEY.get(re.sub(r"\s*-\s*", "-", fold(name)))
