"""The languages of the site: German, the original, and the languages the parents' page is translated into.

Each language is one file ``data/sprachen/<code>.yml``: its name in itself (for the
language switcher), the German name groups use in ``data/gruppen.yml`` (``sprachen:``),
its writing direction, and the texts the site itself writes in that language – the
page chrome (``texte``), the group finder (``finder``) and the parents' flyer
(``flyer``).  Every language has the keys German has, so no text is ever missing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .origin import NOWHERE, Origin

ORIGINAL = "de"
#: The blocks of texts of a language file, each a flat mapping of key → text.
BLOCKS = ("texte", "finder", "flyer")


@dataclass(frozen=True)
class Sprache:
    code: str  # ISO 639-1: de, uk, ar …
    name: str  # in itself: Українська
    name_deutsch: str  # as data/gruppen.yml writes it: Ukrainisch
    richtung: str  # ltr or rtl
    reihenfolge: int
    texte: Mapping[str, str] = field(default_factory=dict)
    finder: Mapping[str, str] = field(default_factory=dict)
    flyer: Mapping[str, str] = field(default_factory=dict)
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)

    def __post_init__(self) -> None:
        for block in BLOCKS:
            object.__setattr__(self, block, MappingProxyType(dict(getattr(self, block))))

    @property
    def rtl(self) -> bool:
        return self.richtung == "rtl"


@dataclass(frozen=True)
class Sprachen:
    """Every language, German first, then in ``reihenfolge``; looked up by code (``sprachen["uk"]``)."""

    alle: tuple[Sprache, ...] = ()

    def __iter__(self) -> Iterator[Sprache]:
        return iter(self.alle)

    def __len__(self) -> int:
        return len(self.alle)

    def __getitem__(self, code: str) -> Sprache:
        for sprache in self.alle:
            if sprache.code == code:
                return sprache
        raise KeyError(code)

    def __contains__(self, code: object) -> bool:
        return any(s.code == code for s in self.alle)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.alle)

    @property
    def original(self) -> Sprache:
        return self[ORIGINAL]

    @property
    def uebersetzungen(self) -> tuple[Sprache, ...]:
        return tuple(s for s in self.alle if s.code != ORIGINAL)

    def von_deutschem_namen(self, name: str) -> Sprache | None:
        """The language a group names in German (``Türkisch``), or ``None``."""
        key = name.strip().casefold()
        return next((s for s in self.alle if s.name_deutsch.casefold() == key), None)
