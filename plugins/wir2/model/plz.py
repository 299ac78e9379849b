"""German postcodes with their places and coordinates, and what the group finder answers for each.

The table comes from an openly licensed data set read at build time
(:mod:`wir2.load.plz`); nothing is looked up while a visitor searches.  For every
postcode of the table the build works out, once, which towns with groups are
its own town or near it (:func:`antworten`), so the browser only looks the
typed number up and never computes a distance.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from . import laender
from .laender import Bundesland

#: Groups further away than this (straight line, km) are not "near": the finder then offers the contact.
NAH_KM = 50
#: At most this many towns are suggested for one postcode.
HOECHSTENS_ORTE = 3
#: A place of the postcode's table that has the name of a group's town is that town only this close to it.
GLEICHER_ORT_KM = 25


@dataclass(frozen=True)
class Quelle:
    """Where the table comes from: shown on /gruppen/ (attribution) and in the README."""

    name: str
    version: str
    lizenz: str
    lizenz_url: str
    url: str


@dataclass(frozen=True)
class Platz:
    """One place that a postcode covers (a postcode can cover several, a town can have many postcodes)."""

    name: str
    land: Bundesland | None
    breite: float
    laenge: float


@dataclass(frozen=True)
class Postleitzahlen:
    """Postcode → the places it covers."""

    quelle: Quelle | None
    plaetze: Mapping[str, tuple[Platz, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "plaetze", MappingProxyType(dict(sorted(self.plaetze.items()))))

    def __contains__(self, plz: object) -> bool:
        return plz in self.plaetze

    def __len__(self) -> int:
        return len(self.plaetze)

    def lage(self, plz: str) -> tuple[float, float] | None:
        """The postcode's position: the mean of its places (``None`` if the table does not know it)."""
        places = self.plaetze.get(plz)
        if not places:
            return None
        return (sum(p.breite for p in places) / len(places), sum(p.laenge for p in places) / len(places))


def entfernung_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _kern(name: str) -> str:
    """``Halle (Saale)`` → ``halle``, ``Dresden Friedrichstadt`` stays ``dresden friedrichstadt``."""
    return laender.fold(name.split("(")[0]).strip()


def gleicher_name(platz: str, ort: str) -> bool:
    """Whether a place of the table names the town ``ort`` as editors wrote it.

    The table has ``Halle`` where editors write ``Halle (Saale)``, and lists city districts
    as ``Hamburg Altstadt`` or ``Dresden Friedrichstadt``.
    """
    p, o = laender.fold(platz), laender.fold(ort)
    return p == o or _kern(platz) == _kern(ort) or p.startswith(o + " ")


@dataclass(frozen=True)
class Stadt:
    """A town with groups, as the finder's answers name it: its index in the finder's list of towns,
    its Land, its name and the positions of its groups' postcodes."""

    index: int
    land: Bundesland
    name: str
    plz: frozenset[str]
    lagen: tuple[tuple[float, float], ...]


#: One suggestion: (town index, 0 for the postcode's own town or 1 for a town within :data:`NAH_KM`).
#: Distances are left out on purpose: with them hardly two postcodes would share an answer.
Vorschlag = tuple[int, int]
EIGENER_ORT, IN_DER_NAEHE = 0, 1


def antwort(plz: str, table: Postleitzahlen, staedte: Sequence[Stadt]) -> tuple[Vorschlag, ...]:
    """The towns the finder offers for ``plz``: its own town first, then the nearest others within
    :data:`NAH_KM`, nearest first, at most :data:`HOECHSTENS_ORTE` in all.  Empty when none is
    near, when the table does not know ``plz`` or no town has a known position.

    A town is the postcode's own when one of its groups has this postcode, or when a place of
    the postcode has the town's name (:func:`gleicher_name`) in the same Land and is at most
    :data:`GLEICHER_ORT_KM` from the town's groups (there are many a Neustadt)."""
    here = table.lage(plz)
    if here is None:
        return ()
    places = table.plaetze[plz]
    own: list[Vorschlag] = []
    others: list[tuple[float, int]] = []
    for stadt in staedte:
        if not stadt.lagen:
            continue
        km = min(entfernung_km(here, lage) for lage in stadt.lagen)
        if plz in stadt.plz or (km <= GLEICHER_ORT_KM and any(
                p.land == stadt.land and gleicher_name(p.name, stadt.name) for p in places)):
            own.append((stadt.index, EIGENER_ORT))
        elif km <= NAH_KM:
            others.append((km, stadt.index))
    others.sort()
    return tuple((own + [(index, IN_DER_NAEHE) for _, index in others])[:HOECHSTENS_ORTE])


def antworten(table: Postleitzahlen, staedte: Sequence[Stadt]) -> list[tuple[int, tuple[Vorschlag, ...] | None]]:
    """The answers for every postcode of the table as runs: ``(first number, answer)``, sorted, where
    each run lasts until the next one starts.  Postcodes next to each other mostly share their
    answer, so a few hundred runs cover the whole table.  A number before the first postcode or in
    a postal region (first two digits) without any postcode (``05…``, ``43…``, ``62…``) has no answer
    (``None``): such a postcode does not exist."""
    runs: list[tuple[int, tuple[Vorschlag, ...] | None]] = [(0, None)]
    previous: int | None = None
    for plz in table.plaetze:
        number = int(plz)
        if previous is not None and number // 1000 - previous // 1000 > 1:
            runs.append(((previous // 1000 + 1) * 1000, None))
        answer = antwort(plz, table, staedte)
        if runs[-1][1] != answer:
            runs.append((number, answer))
        previous = number
    return runs
