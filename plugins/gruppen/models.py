"""Local wir2 groups as reported by the partners: reading and checking ``data/gruppen.yml``.

A group is described the way a partner knows it: the first session, the
weekday and time, and the weeks without a session.  The twenty session dates
are computed here, once; the page, the JSON for the filter and the calendar file
all use :attr:`Gruppe.sitzungen`, so they can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

from wir2 import dates
from wir2 import schema as s
from wir2.schema import Checker, Invalid, Record

from wir2 import yamlsource

from . import laender
from .laender import BUNDESLAENDER, Bundesland

WEEK = dt.timedelta(days=7)
WEEKDAYS_ADVERB = ("montags", "dienstags", "mittwochs", "donnerstags", "freitags", "samstags", "sonntags")


@dataclass(frozen=True)
class Status:
    key: str
    label: str


STATUS = {
    "anmeldung-offen": Status("anmeldung-offen", "Anmeldung offen"),
    "laeuft": Status("laeuft", "Läuft"),
    "ausgebucht": Status("ausgebucht", "Ausgebucht"),
    "beendet": Status("beendet", "Beendet"),
}


def status(value: Any) -> Status:
    """One of :data:`STATUS`; ``läuft`` and ``Anmeldung offen`` are accepted as typed."""
    if isinstance(value, str):
        key = "-".join(laender.fold(value).split())
        if key in STATUS:
            return STATUS[key]
    raise Invalid("eines von: " + ", ".join(STATUS))


def wochentag(value: Any) -> int:
    """``Dienstag`` (or ``Di``) → 1, as :meth:`datetime.date.weekday` counts."""
    if isinstance(value, str):
        key = laender.fold(value).rstrip(".")
        for number, (name, short) in enumerate(zip(dates.WEEKDAYS, dates.WEEKDAYS_SHORT)):
            if key in (laender.fold(name), laender.fold(short)):
                return number
    raise Invalid("ein Wochentag: " + ", ".join(dates.WEEKDAYS))


def sprachen(value: Any) -> tuple[str, ...]:
    """``[Deutsch, Türkisch]`` or ``Deutsch, Türkisch``: at least one language."""
    items = value if isinstance(value, list) else str(value).split(",") if isinstance(value, str) else None
    parse = s.text(40)
    if items is None:
        raise Invalid("eine oder mehrere Sprachen, z. B. [Deutsch, Türkisch]")
    result = tuple(parse(item) for item in items if str(item).strip())
    if not result:
        raise Invalid("eine oder mehrere Sprachen, z. B. [Deutsch, Türkisch]")
    return result


# --- the records ----------------------------------------------------------------


@dataclass(frozen=True)
class Kontakt:
    name: str | None
    telefon: str | None
    email: str | None
    web: str | None

    @property
    def tel_uri(self) -> str | None:
        return s.tel_uri(self.telefon) if self.telefon else None


@dataclass(frozen=True)
class Infotreffen:
    datum: dt.date
    beginn: dt.time
    ende: dt.time
    ort: str | None

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.datum, self.beginn, dates.BERLIN)

    @property
    def zeit(self) -> str:
        """``Di, 25. Februar 2025, 17:00–18:30 Uhr``."""
        return f"{dates.day(self.datum)}, {dates.time_range(self.beginn, self.ende)}"

    @property
    def end(self) -> dt.datetime:
        return dt.datetime.combine(self.datum, self.ende, dates.BERLIN)


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
    geaendert_am: dt.date | None
    line: int = 0

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
    def zeit(self) -> str:
        """``dienstags 9:00–10:30 Uhr``."""
        return f"{WEEKDAYS_ADVERB[self.wochentag]} {dates.time_range(self.uhrzeit, self.bis)}"

    @property
    def wann(self) -> str:
        """``ab Di, 4. März 2025, dienstags 9:00–10:30 Uhr`` (for the filter's results)."""
        return f"ab {dates.day(self.beginn)}, {self.zeit}"

    @property
    def anker(self) -> str:
        return f"gruppe-{self.id}"

    @property
    def adresse(self) -> str:
        """Venue in one line, as in the calendar's LOCATION."""
        parts = [self.treffpunkt] if self.treffpunkt else []
        return ", ".join([*parts, self.strasse, f"{self.plz} {self.ort}"])

    def start(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.uhrzeit, dates.BERLIN)

    def end(self, day: dt.date) -> dt.datetime:
        return self.start(day) + dt.timedelta(minutes=self.minuten)

    def aktuell(self, build_date: dt.date) -> bool:
        """Listed on the page: not marked finished and not past its last session."""
        return self.status.key != "beendet" and self.ende >= build_date

    def naechstes_infotreffen(self, build_date: dt.date) -> Infotreffen | None:
        if self.infotreffen and self.infotreffen.datum >= build_date:
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
    urls: dict[str, str] = field(init=False, repr=False)

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
        object.__setattr__(self, "urls", urls)

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


def _sort_key(g: Gruppe) -> tuple:
    return (g.land.nummer, laender.fold(g.ort), g.ort, g.beginn, laender.fold(g.traeger), g.id)


# --- loading --------------------------------------------------------------------

FIELDS = ["id", "traeger", "treffpunkt", "strasse", "plz", "ort", "bundesland", "erste_sitzung", "wochentag",
          "uhrzeit", "ohne_sitzung", "kinderbetreuung", "sprachen", "status", "kontakt", "infotreffen",
          "hinweis", "geaendert_am"]
KONTAKT_FIELDS = ["name", "telefon", "email", "web"]
INFO_FIELDS = ["datum", "uhrzeit", "bis", "ort"]


def load(path: Path, name: str, sitzungen: int, minuten: int, build_date: dt.date,
         je_seite: int = 40) -> Verzeichnis:
    """Read and check the groups file; raise :class:`~wir2.errors.DataError` with every problem."""
    data = yamlsource.load(path, name, fast=True)
    checker = Checker(name)
    groups: list[Gruppe] = []
    seen: dict[str, int] = {}
    line = getattr(data, "line", 1)
    for i, item_line, item in checker.items(data, "", line):
        rec = checker.record(item, f"gruppen[{i + 1}]", FIELDS, item_line)
        if rec is None:
            continue
        group = _gruppe(checker, rec, sitzungen, minuten)
        if group is None:
            continue
        if group.id in seen:
            checker.add(rec.line("id"), rec.field("id"),
                        f"Kennung „{group.id}“ steht schon in Zeile {seen[group.id]}; erwartet: eine eigene Kennung")
            continue
        seen[group.id] = rec.line("id")
        groups.append(group)
    checker.raise_if_any()
    return Verzeichnis(tuple(groups), build_date, je_seite)


def _gruppe(checker: Checker, rec: Record, sitzungen: int, minuten: int) -> Gruppe | None:
    before = len(checker.problems)
    line = s.text(200)
    values: dict[str, Any] = dict(
        id=rec.get("id", s.slug, required=True),
        traeger=rec.get("traeger", line, required=True),
        treffpunkt=rec.get("treffpunkt", line),
        strasse=rec.get("strasse", line, required=True),
        plz=rec.get("plz", laender.plz, required=True),
        ort=rec.get("ort", s.text(100), required=True),
        land=rec.get("bundesland", laender.bundesland, required=True),
        uhrzeit=rec.get("uhrzeit", s.time, required=True),
        kinderbetreuung=rec.get("kinderbetreuung", s.boolean, required=True),
        sprachen=rec.get("sprachen", sprachen, required=True),
        status=rec.get("status", status, required=True),
        hinweis=rec.get("hinweis", s.text(300)),
        geaendert_am=rec.get("geaendert_am", s.date),
    )
    first = rec.get("erste_sitzung", s.date, required=True)
    weekday = rec.get("wochentag", wochentag, required=True)
    if first is not None and weekday is not None and first.weekday() != weekday:
        checker.invalid(rec.line("wochentag"), rec.field("wochentag"), rec.mapping["wochentag"],
                        f"{dates.WEEKDAYS[first.weekday()]}, denn die erste Sitzung ({dates.day(first)}) "
                        f"ist ein {dates.WEEKDAYS[first.weekday()]}")
    start = values["uhrzeit"]
    if start is not None and (dt.datetime.combine(dt.date.min, start) + dt.timedelta(minutes=minuten)).day != 1:
        checker.invalid(rec.line("uhrzeit"), rec.field("uhrzeit"), rec.mapping["uhrzeit"],
                        f"eine Uhrzeit, zu der die Sitzung ({minuten} Minuten) am selben Tag endet")
    skipped = _ohne_sitzung(checker, rec, first) if first is not None else ()
    values["kontakt"] = _kontakt(checker, rec)
    values["infotreffen"] = _infotreffen(checker, rec, first)
    if len(checker.problems) > before:
        return None
    days = _sessions(first, skipped, sitzungen)
    if skipped and max(skipped) > days[-1]:
        late = max(skipped)
        checker.invalid(rec.line("ohne_sitzung"), rec.field("ohne_sitzung"), late.isoformat(),
                        f"eine Woche bis zur letzten Sitzung ({dates.day(days[-1])}); danach fällt nichts aus")
        return None
    return Gruppe(sitzungen=days, ohne_sitzung=skipped, minuten=minuten, line=rec.line(), **values)


def _sessions(first: dt.date, skipped: Iterable[dt.date], count: int) -> tuple[dt.date, ...]:
    """``count`` weekly dates from ``first`` on, leaving out the ``skipped`` weeks."""
    skipped = set(skipped)
    days, day = [], first
    while len(days) < count:
        if day not in skipped:
            days.append(day)
        day += WEEK
    return tuple(days)


def _ohne_sitzung(checker: Checker, rec: Record, first: dt.date) -> tuple[dt.date, ...]:
    raw = rec.mapping.get("ohne_sitzung")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raw = [raw]
    result: list[dt.date] = []
    field_name = rec.field("ohne_sitzung")
    for i, item in enumerate(raw):
        where = raw.item_lines[i] if hasattr(raw, "item_lines") else rec.line("ohne_sitzung")
        name = f"{field_name}[{i + 1}]"
        try:
            day = s.date(item)
        except Invalid as exc:
            checker.invalid(where, name, item, exc.expected)
            continue
        if day.weekday() != first.weekday():
            checker.invalid(where, name, item, f"ein {dates.WEEKDAYS[first.weekday()]} wie die erste Sitzung "
                                                f"(der {dates.numeric(day)} ist ein {dates.WEEKDAYS[day.weekday()]})")
        elif day <= first:
            checker.invalid(where, name, item, f"ein Datum nach der ersten Sitzung ({dates.day(first)})")
        elif day in result:
            checker.invalid(where, name, item, "jedes Datum nur einmal")
        else:
            result.append(day)
    return tuple(sorted(result))


def _kontakt(checker: Checker, rec: Record) -> Kontakt | None:
    sub = rec.sub("kontakt", KONTAKT_FIELDS, required=True)
    if sub is None:
        return None
    kontakt = Kontakt(
        name=sub.get("name", s.text(100)),
        telefon=sub.get("telefon", s.phone),
        email=sub.get("email", s.email),
        web=sub.get("web", s.https_url),
    )
    if not (sub.has("telefon") or sub.has("email")):
        checker.add(sub.line(), sub.prefix, "weder Telefon noch E-Mail angegeben; erwartet: mindestens eines "
                                            "von beiden, damit Eltern die Gruppe erreichen")
    return kontakt


def _infotreffen(checker: Checker, rec: Record, first: dt.date | None) -> Infotreffen | None:
    sub = rec.sub("infotreffen", INFO_FIELDS)
    if sub is None:
        return None
    day = sub.get("datum", s.date, required=True)
    begin = sub.get("uhrzeit", s.time, required=True)
    end = sub.get("bis", s.time, required=True)
    place = sub.get("ort", s.text(200))
    if begin is not None and end is not None and end <= begin:
        checker.invalid(sub.line("bis"), sub.field("bis"), sub.mapping["bis"],
                        f"eine Uhrzeit nach dem Beginn ({dates.clock(begin)} Uhr)")
        return None
    if day is not None and first is not None and day > first:
        checker.invalid(sub.line("datum"), sub.field("datum"), sub.mapping["datum"],
                        f"ein Datum bis zur ersten Sitzung ({dates.day(first)})")
        return None
    if None in (day, begin, end):
        return None
    return Infotreffen(day, begin, end, place)
