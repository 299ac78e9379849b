"""Local wir2 groups as reported by the partners, and how the finder lists them on a build date.

A group is described the way a partner knows it: the first session, the weekday
and time, and the weeks without a session.  The twenty session dates are
computed once, when the file is loaded; the page, the finder's JSON and the
calendar file all use :attr:`Gruppe.sitzungen`, so they can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import groupby
from types import MappingProxyType

from .. import german
from . import laender
from .events import Zeit
from .facts import Kontakt
from .laender import BUNDESLAENDER, Bundesland
from .origin import NOWHERE, Origin
from .status import Status


@dataclass(frozen=True)
class Infotreffen:
    """The meeting before the first session where parents get to know the group."""

    zeit: Zeit
    ort: str | None
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class Gruppe:
    id: str
    traeger: str
    treffpunkt: str | None
    strasse: str
    plz: str
    ort: str
    land: Bundesland
    uhrzeit: dt.time
    minuten: int
    sitzungen: tuple[dt.date, ...]
    ohne_sitzung: tuple[dt.date, ...]
    kinderbetreuung: bool
    sprachen: tuple[str, ...]
    status: Status
    kontakt: Kontakt
    infotreffen: Infotreffen | None
    hinweis: str | None
    #: ``online: true``: the group meets online; the address is the provider's.
    online: bool = False
    #: ``datum_geprueft: true``: the editor says the dates are meant (no plausibility warning, wir2.load.plausibility).
    datum_geprueft: bool = False
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)

    @property
    def ics_url(self) -> str:
        """Site-relative path of the group's ``.ics`` (every group in the file has one, finished ones too)."""
        return f"gruppen/kalender/{self.id}.ics"

    @property
    def beginn(self) -> dt.date:
        return self.sitzungen[0]

    @property
    def ende(self) -> dt.date:
        return self.sitzungen[-1]

    @property
    def wochentag(self) -> int:
        return self.beginn.weekday()

    @property
    def bis(self) -> dt.time:
        return (dt.datetime.combine(self.beginn, self.uhrzeit) + dt.timedelta(minutes=self.minuten)).time()

    @property
    def zeit_text(self) -> str:
        """``dienstags 9:00–10:30 Uhr``."""
        return f"{german.WEEKDAYS_ADVERB[self.wochentag]} {german.time_range(self.uhrzeit, self.bis)}"

    @property
    def wann(self) -> str:
        """``ab Di, 4. März 2025, dienstags 9:00–10:30 Uhr`` (for the filter's results)."""
        return f"ab {german.day(self.beginn)}, {self.zeit_text}"

    @property
    def anker(self) -> str:
        return f"gruppe-{self.id}"

    @property
    def adresse(self) -> str:
        """Venue in one line, as in the calendar's LOCATION; an online group's names the provider's address."""
        parts = [self.treffpunkt] if self.treffpunkt else []
        where = ", ".join([*parts, self.strasse, f"{self.plz} {self.ort}"])
        return f"Online (Träger: {where})" if self.online else where

    def sitzung(self, day: dt.date) -> Zeit:
        """The session on ``day``, from ``uhrzeit`` for ``minuten`` minutes."""
        return Zeit(day, von=self.uhrzeit, bis=self.bis)

    def aktuell(self, build_date: dt.date) -> bool:
        """Listed on the page: not marked finished and not past its last session."""
        return self.status.key != "beendet" and self.ende >= build_date

    def naechstes_infotreffen(self, build_date: dt.date) -> Infotreffen | None:
        if self.infotreffen and self.infotreffen.zeit.beginn >= build_date:
            return self.infotreffen
        return None

    def termine_nach_jahr(self) -> list[tuple[int, list[dt.date]]]:
        """Session dates grouped by year, for the compact list on the page."""
        return [(year, list(days)) for year, days in groupby(self.sitzungen, key=lambda d: d.year)]


@dataclass(frozen=True)
class Ort:
    name: str
    slug: str
    gruppen: tuple[Gruppe, ...]
    url: str = ""  # the Land page on which the town starts


@dataclass(frozen=True)
class Abschnitt:
    """A town's groups on one page; a town too big for one page continues on the next."""

    ort: Ort
    gruppen: tuple[Gruppe, ...]
    fortsetzung: bool = False


@dataclass(frozen=True)
class Seite:
    land: Bundesland
    nummer: int
    von: int
    abschnitte: tuple[Abschnitt, ...]

    @property
    def url(self) -> str:
        return seite_url(self.land, self.nummer)

    @property
    def save_as(self) -> str:
        """The file the page is written to (``gruppen/bayern/index.html``)."""
        return self.url + "index.html"


@dataclass(frozen=True)
class Land:
    land: Bundesland
    orte: tuple[Ort, ...]
    seiten: tuple[Seite, ...]

    @property
    def anzahl(self) -> int:
        return sum(len(o.gruppen) for o in self.orte)

    @property
    def gruppen(self) -> list[Gruppe]:
        return [g for o in self.orte for g in o.gruppen]

    @property
    def url(self) -> str:
        return seite_url(self.land, 1)


def seite_url(land: Bundesland, nummer: int) -> str:
    """``gruppen/bayern/``, then ``gruppen/bayern/2/`` … (relative to SITEURL)."""
    return f"gruppen/{land.slug}/" + (f"{nummer}/" if nummer > 1 else "")


def _orte(groups: list[Gruppe]) -> list[tuple[str, str, list[Gruppe]]]:
    """Groups by town, each town with an anchor slug unique within its Land."""
    result, used = [], set()
    for name, members in groupby(groups, key=lambda g: g.ort):
        slug = base = laender.slugify(name)
        n = 1
        while slug in used:  # "Frankfurt (Oder)" and "Frankfurt Oder" must not share an anchor
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        result.append((name, slug, list(members)))
    return result


def _seiten(towns: list[tuple[str, str, list[Gruppe]]], per_page: int) -> list[list[tuple[int, list[Gruppe], bool]]]:
    """Fill pages town by town; a town starts a new page if it does not fit, and is split only
    when it alone is larger than a page.  Returns, per page, ``(town index, groups, continued)``."""
    pages: list[list[tuple[int, list[Gruppe], bool]]] = [[]]
    room = per_page
    for index, (_, _, members) in enumerate(towns):
        if len(members) > room and pages[-1] and len(members) <= per_page:
            pages.append([])
            room = per_page
        rest, continued = members, False
        while rest:
            if room == 0:
                pages.append([])
                room = per_page
            chunk, rest = rest[:room], rest[room:]
            pages[-1].append((index, chunk, continued))
            room -= len(chunk)
            continued = True
    return pages


@dataclass(frozen=True)
class Verzeichnis:
    """All groups of the data file and what the site lists on a given build date.

    ``je_seite`` caps the groups per Land page so that every page stays within
    the weight budget; larger Länder continue on ``/gruppen/<land>/2/`` and so on.
    """

    alle: tuple[Gruppe, ...]
    build_date: dt.date
    je_seite: int = 40
    laender: tuple[Land, ...] = field(init=False)
    urls: Mapping[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        current = sorted((g for g in self.alle if g.aktuell(self.build_date)), key=_sort_key)
        result, urls = [], {}
        for land in BUNDESLAENDER:
            towns = _orte([g for g in current if g.land == land])
            layout = _seiten(towns, self.je_seite) if towns else []
            first_page: dict[int, int] = {}
            for number, page in enumerate(layout, start=1):
                for index, members, _ in page:
                    first_page.setdefault(index, number)
                    for g in members:
                        urls[g.id] = seite_url(land, number) + "#" + g.anker
            orte = tuple(Ort(name, slug, tuple(members), seite_url(land, first_page[i]))
                         for i, (name, slug, members) in enumerate(towns))
            seiten = tuple(
                Seite(land, number, len(layout),
                      tuple(Abschnitt(orte[index], tuple(members), continued) for index, members, continued in page))
                for number, page in enumerate(layout, start=1)
            )
            result.append(Land(land, orte, seiten))
        object.__setattr__(self, "laender", tuple(result))
        object.__setattr__(self, "urls", MappingProxyType(urls))

    @property
    def aktuell(self) -> list[Gruppe]:
        return [g for land in self.laender for g in land.gruppen]

    @property
    def anzahl(self) -> int:
        return sum(land.anzahl for land in self.laender)

    @property
    def mit_gruppen(self) -> list[Land]:
        return [land for land in self.laender if land.anzahl]

    def url(self, gruppe: Gruppe) -> str | None:
        """Where a listed group is shown (relative to SITEURL); ``None`` once it has left the list."""
        return self.urls.get(gruppe.id)


def _sort_key(g: Gruppe) -> tuple[int, str, str, dt.date, str, str]:
    return (g.land.nummer, laender.fold(g.ort), g.ort, g.beginn, laender.fold(g.traeger), g.id)
