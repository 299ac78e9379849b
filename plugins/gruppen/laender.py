"""The 16 Länder and postcodes.

Kept in this plugin rather than in :mod:`wir2.schema` because only the group
finder needs them.  Each Land has a fixed URL slug (``/gruppen/thueringen/``)
so that addresses stay stable whatever the editors type.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any


from wir2.schema import Invalid


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


_BY_KEY = {fold(b.name): b for b in BUNDESLAENDER} | {b.slug: b for b in BUNDESLAENDER}


def bundesland(value: Any) -> Bundesland:
    """A Land by its name (``Thüringen``, also ``Thueringen`` or ``thüringen``)."""
    if isinstance(value, str):
        key = re.sub(r"\s*-\s*", "-", fold(value))
        if key in _BY_KEY:
            return _BY_KEY[key]
    raise Invalid("der Name eines der 16 Bundesländer: " + ", ".join(b.name for b in BUNDESLAENDER))


_PLZ = re.compile(r"^\d{5}$")


def plz(value: Any) -> str:
    """A German postcode: exactly five digits (``01067`` keeps its zero, see :func:`load`)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise Invalid("eine Postleitzahl aus fünf Ziffern, z. B. 41460")
    text = str(value).strip()
    if not _PLZ.match(text) or text == "00000":
        raise Invalid("eine Postleitzahl aus fünf Ziffern, z. B. 41460")
    return text


def slugify(text: str) -> str:
    """``Frankfurt am Main`` → ``frankfurt-am-main`` (for anchors of towns)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "ort"
