"""Reading and checking ``data/gruppen.yml``: the local groups that partners report.

The twenty session dates of each group are computed here, once, from the first
session, the weekday and time, and the weeks without a session.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .. import german
from ..cache import Store
from ..model import laender
from ..model.events import Zeit
from ..model.facts import Kontakt
from ..model.gruppen import Gruppe, Infotreffen, Verzeichnis
from ..model.laender import BUNDESLAENDER, Bundesland
from ..model.origin import Origin
from ..model.status import Status, statuses
from ..problems import Problem
from . import schema as s
from . import yamlsource
from .schema import Checker, Invalid, Record
from .yamlsource import Mapping

WEEK = dt.timedelta(days=7)
STATUS = statuses("gruppen")


def status(value: Any) -> Status:
    """One of the groups' statuses; ``läuft`` and ``Anmeldung offen`` are accepted as typed."""
    if isinstance(value, str):
        key = "-".join(laender.fold(value).split())
        if key in STATUS:
            return STATUS[key]
    raise Invalid("eines von: " + ", ".join(STATUS))


def wochentag(value: Any) -> int:
    """``Dienstag`` (or ``Di``) → 1, as :meth:`datetime.date.weekday` counts."""
    if isinstance(value, str):
        key = laender.fold(value).rstrip(".")
        for number, (name, short) in enumerate(zip(german.WEEKDAYS, german.WEEKDAYS_SHORT, strict=True)):
            if key in (laender.fold(name), laender.fold(short)):
                return number
    raise Invalid("ein Wochentag: " + ", ".join(german.WEEKDAYS))


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


def bundesland(value: Any) -> Bundesland:
    """A Land by its name (``Thüringen``, also ``Thueringen`` or ``thüringen``)."""
    found = laender.find(value) if isinstance(value, str) else None
    if found is None:
        raise Invalid("der Name eines der 16 Bundesländer: " + ", ".join(b.name for b in BUNDESLAENDER))
    return found


_PLZ = re.compile(r"^\d{5}$")


def plz(value: Any) -> str:
    """A German postcode: exactly five digits (``01067`` keeps its zero, see :mod:`wir2.load.yamlsource`)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise Invalid("eine Postleitzahl aus fünf Ziffern, z. B. 41460")
    text = str(value).strip()
    if not _PLZ.match(text) or text == "00000":
        raise Invalid("eine Postleitzahl aus fünf Ziffern, z. B. 41460")
    return text


FIELDS = ["id", "traeger", "treffpunkt", "strasse", "plz", "ort", "bundesland", "erste_sitzung", "wochentag",
          "uhrzeit", "ohne_sitzung", "kinderbetreuung", "sprachen", "status", "kontakt", "infotreffen",
          "hinweis", "online", "datum_geprueft"]
#: Fields of earlier versions that are still accepted, each with a note that it can go.
RETIRED = ["geaendert_am"]
KONTAKT_FIELDS = ["name", "telefon", "email", "web"]
INFO_FIELDS = ["datum", "uhrzeit", "bis", "ort"]


def load(path: Path, name: str, sitzungen: int, minuten: int, build_date: dt.date,
         je_seite: int = 40, store: Store | None = None, notes: list[Problem] | None = None) -> Verzeichnis:
    """Read and check the groups file; raise :class:`~wir2.problems.DataError` with every problem (warnings:
    ``notes``)."""
    data = yamlsource.load(path, name, fast=True, store=store)
    checker = Checker(name, notes)
    groups: list[Gruppe] = []
    seen: dict[str, int] = {}
    line = getattr(data, "line", 1)
    if isinstance(data, Mapping) and "gruppen" in data and set(data) <= {"gruppen", s.REVIEWED}:
        # The form the browser editor writes (its file collections are mappings): `gruppen:` and the list
        # (and the date the file was last reviewed, wir2.load.editorial).
        Record(checker, data).get(s.REVIEWED, s.date)
        line = data.key_lines["gruppen"]
        data = data["gruppen"] if data["gruppen"] is not None else []
    for i, item_line, item in checker.items(data, "", line):
        rec = checker.record(item, f"gruppen[{i + 1}]", FIELDS, item_line, retired=RETIRED)
        if rec is None:
            continue
        group = _gruppe(rec, sitzungen, minuten)
        if group is None:
            continue
        if group.id in seen:
            rec.problem("id", f"Kennung „{group.id}“ steht schon in Zeile {seen[group.id]}; "
                              "erwartet: eine eigene Kennung")
            continue
        seen[group.id] = rec.line("id")
        groups.append(group)
    checker.raise_if_any()
    return Verzeichnis(tuple(groups), build_date, je_seite)


def _gruppe(rec: Record, sitzungen: int, minuten: int) -> Gruppe | None:
    line = s.text(200)
    values: dict[str, Any] = dict(
        id=rec.require("id", s.slug),
        traeger=rec.require("traeger", line),
        treffpunkt=rec.get("treffpunkt", line),
        strasse=rec.require("strasse", line),
        plz=rec.require("plz", plz),
        ort=rec.require("ort", s.text(100)),
        land=rec.require("bundesland", bundesland),
        uhrzeit=rec.require("uhrzeit", s.time),
        kinderbetreuung=rec.require("kinderbetreuung", s.boolean),
        sprachen=rec.require("sprachen", sprachen),
        status=rec.require("status", status),
        hinweis=rec.get("hinweis", s.text(300)),
        online=rec.get("online", s.boolean, default=False),
        datum_geprueft=rec.get("datum_geprueft", s.boolean, default=False),
    )
    if rec.has("geaendert_am"):  # once needed for calendar subscriptions; now counted from git
        rec.checker.note(rec.line("geaendert_am"), rec.field("geaendert_am"),
                         "wird nicht mehr gebraucht (Kalender-Abos erkennen Änderungen jetzt von selbst); "
                         "die Zeile kann gelöscht werden")
    first = rec.require("erste_sitzung", s.date)
    weekday = rec.require("wochentag", wochentag)
    if first is not None and weekday is not None and first.weekday() != weekday:
        rec.invalid("wochentag", f"{german.WEEKDAYS[first.weekday()]}, denn die erste Sitzung "
                                 f"({german.day(first)}) ist ein {german.WEEKDAYS[first.weekday()]}")
    start = values["uhrzeit"]
    if start is not None and (dt.datetime.combine(dt.date.min, start) + dt.timedelta(minutes=minuten)).day != 1:
        rec.invalid("uhrzeit", f"eine Uhrzeit, zu der die Sitzung ({minuten} Minuten) am selben Tag endet")
    skipped = _ohne_sitzung(rec, first) if first is not None else ()
    values["kontakt"] = _kontakt(rec)
    values["infotreffen"] = _infotreffen(rec, first)
    if rec.failed or first is None:
        return None
    days = _sessions(first, skipped, sitzungen)
    if skipped and max(skipped) > days[-1]:
        rec.invalid("ohne_sitzung", f"eine Woche bis zur letzten Sitzung ({german.day(days[-1])}); "
                                    "danach fällt nichts aus", value=max(skipped).isoformat())
        return None
    return Gruppe(sitzungen=days, ohne_sitzung=skipped, minuten=minuten, origin=_origin(rec), **values)


def _origin(rec: Record) -> Origin:
    return Origin(rec.checker.file, rec.line(), rec.prefix, tuple(rec.lines().items()))


def _sessions(first: dt.date, skipped: Iterable[dt.date], count: int) -> tuple[dt.date, ...]:
    """``count`` weekly dates from ``first`` on, leaving out the ``skipped`` weeks."""
    skip = set(skipped)
    days: list[dt.date] = []
    day = first
    while len(days) < count:
        if day not in skip:
            days.append(day)
        day += WEEK
    return tuple(days)


def _ohne_sitzung(rec: Record, first: dt.date) -> tuple[dt.date, ...]:
    raw = rec.mapping.get("ohne_sitzung")
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    lines = getattr(items, "item_lines", None)
    result: list[dt.date] = []
    field_name = rec.field("ohne_sitzung")
    for i, item in enumerate(items):
        where = lines[i] if lines is not None else rec.line("ohne_sitzung")
        name = f"{field_name}[{i + 1}]"
        try:
            day = s.date(item)
        except Invalid as exc:
            rec.add(where, name, s.invalid_message(item, exc.expected))
            continue
        if day.weekday() != first.weekday():
            rec.add(where, name, s.invalid_message(item, f"ein {german.WEEKDAYS[first.weekday()]} wie die erste "
                                                         f"Sitzung (der {german.numeric(day)} ist ein "
                                                         f"{german.WEEKDAYS[day.weekday()]})"))
        elif day <= first:
            rec.add(where, name, s.invalid_message(item, f"ein Datum nach der ersten Sitzung ({german.day(first)})"))
        elif day in result:
            rec.add(where, name, s.invalid_message(item, "jedes Datum nur einmal"))
        else:
            result.append(day)
    return tuple(sorted(result))


def _kontakt(rec: Record) -> Kontakt | None:
    sub = rec.sub("kontakt", KONTAKT_FIELDS, required=True)
    if sub is None:
        return None
    kontakt = Kontakt(
        name=sub.get("name", s.text(100)),
        telefon=sub.get("telefon", s.phone),
        email=sub.get("email", s.email),
        web=sub.get("web", s.https_url),
        origin=_origin(sub),
    )
    if not (sub.has("telefon") or sub.has("email")):
        sub.add(sub.line(), sub.prefix, "weder Telefon noch E-Mail angegeben; erwartet: mindestens eines "
                                        "von beiden, damit Eltern die Gruppe erreichen")
    return kontakt


def _infotreffen(rec: Record, first: dt.date | None) -> Infotreffen | None:
    sub = rec.sub("infotreffen", INFO_FIELDS)
    if sub is None:
        return None
    day = sub.require("datum", s.date)
    begin = sub.require("uhrzeit", s.time)
    end = sub.require("bis", s.time)
    place = sub.get("ort", s.text(200))
    if begin is not None and end is not None and end <= begin:
        sub.invalid("bis", f"eine Uhrzeit nach dem Beginn ({german.clock(begin)} Uhr)")
        return None
    if day is not None and first is not None and day > first:
        sub.invalid("datum", f"ein Datum bis zur ersten Sitzung ({german.day(first)})")
        return None
    if day is None or begin is None or end is None:
        return None
    return Infotreffen(Zeit(day, von=begin, bis=end), place, _origin(sub))
