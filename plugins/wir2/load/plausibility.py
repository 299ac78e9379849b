"""Dates that exist but were probably typed wrong: warnings, not errors.

A slipped digit gives a date that is valid and wrong – ``2052`` for ``2025``, an
end date a month or a year too late – and the site would publish it without a
word.  Such a date may also be meant, so it does not stop the build: it is a
warning naming file, line, field and value (printed as „Warnung: …“ like the
other editorial warnings; no build fails for a warning).  ``datum_geprueft: true``
on the event or group says its dates are meant and silences its warnings.

The limits, from what the data files describe:

- a date more than :data:`FUTURE_YEARS` after the build date: events and groups
  are announced months ahead, not years; more than :data:`PAST_YEARS` before it:
  past entries stay a while (in the feeds for 18 months, in the archive), but a
  decade back is a typo of the year (``2015`` for ``2025``);
- an event lasting more than :data:`MAX_EVENT_DAYS` days: the trainings of
  ``data/termine.yml`` last three days, supervision and info events one;
- a group whose sessions span more than :data:`MAX_GROUP_DAYS` days: 20 weekly
  sessions take 19 weeks, with holidays some months;
- an info meeting more than :data:`INFO_DAYS_BEFORE` days before the first
  session: it introduces the group shortly before it starts;
- a group's postcode that the postcode table (:mod:`wir2.load.plz`) does not know,
  or whose places all lie in another Land than the group's: the finder places a
  group by its postcode.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .. import german
from ..model.events import Event, Termin
from ..model.gruppen import Gruppe
from ..model.origin import Origin
from ..model.plz import Postleitzahlen
from ..problems import Problem

FUTURE_YEARS = 2
PAST_YEARS = 5
MAX_EVENT_DAYS = 7
MAX_GROUP_DAYS = 365
INFO_DAYS_BEFORE = 90
OVERRIDE = "datum_geprueft"


def _outside(day: dt.date, build_date: dt.date) -> str | None:
    """How ``day`` lies outside the window around ``build_date`` (compared by calendar fields: no overflow)."""
    build = (build_date.year, build_date.month, build_date.day)
    if (day.year - FUTURE_YEARS, day.month, day.day) > build:
        return f"mehr als {FUTURE_YEARS} Jahre nach"
    if (day.year + PAST_YEARS, day.month, day.day) < build:
        return f"mehr als {PAST_YEARS} Jahre vor"
    return None


def _confirm(where: str) -> str:
    return f"Stimmt das Datum, „{OVERRIDE}: true“ {where} schreiben"


def _year_slip(origin: Origin, key: str, day: dt.date, build_date: dt.date, where: str) -> Problem | None:
    relation = _outside(day, build_date)
    if relation is None:
        return None
    return Problem(origin.file, origin.line_of(key), origin.field_of(key),
                   f"Datum „{german.numeric(day)}“ liegt {relation} dem Tag des Builds "
                   f"({german.numeric(build_date)}) – Tippfehler in der Jahreszahl? {_confirm(where)}")


def termine(events: Iterable[Event], build_date: dt.date) -> list[Problem]:
    """The warnings for the dated events of ``data/termine.yml``, in file order."""
    found: list[Problem] = []
    where = "zum Termin"
    for t in events:
        if not isinstance(t, Termin) or t.datum_geprueft:
            continue
        slip = _year_slip(t.origin, "beginn", t.beginn, build_date, where)
        if slip is not None:
            found.append(slip)
        days = (t.letzter_tag - t.beginn).days + 1
        if days > MAX_EVENT_DAYS:
            found.append(Problem(
                t.origin.file, t.origin.line_of("ende"), t.origin.field_of("ende"),
                f"Termin dauert {days} Tage ({german.numeric(t.beginn)}–{german.numeric(t.letzter_tag)}), länger "
                f"als die für einen Termin erwarteten {MAX_EVENT_DAYS} Tage – Tippfehler im Enddatum? "
                f"{_confirm(where)}"))
    return found


def gruppen(groups: Iterable[Gruppe], build_date: dt.date) -> list[Problem]:
    """The warnings for the groups of ``data/gruppen.yml``, in file order."""
    found: list[Problem] = []
    where = "zur Gruppe"
    for g in groups:
        if g.datum_geprueft:
            continue
        origin = g.origin
        slip = _year_slip(origin, "erste_sitzung", g.beginn, build_date, where)
        if slip is not None:
            found.append(slip)
        if g.ohne_sitzung and (g.ende - g.beginn).days > MAX_GROUP_DAYS:
            found.append(Problem(
                origin.file, origin.line_of("ohne_sitzung"), origin.field_of("ohne_sitzung"),
                f"die {len(g.sitzungen)} Sitzungen reichen mit {len(g.ohne_sitzung)} Wochen ohne Sitzung vom "
                f"{german.numeric(g.beginn)} bis {german.numeric(g.ende)}, länger als ein Jahr – Tippfehler bei "
                f"den Wochen ohne Sitzung? {_confirm(where)}"))
        info = g.infotreffen
        days = (g.beginn - info.zeit.beginn).days if info is not None else 0
        if info is not None and days > INFO_DAYS_BEFORE:
            found.append(Problem(
                info.origin.file, info.origin.line_of("datum"), info.origin.field_of("datum"),
                f"Infotreffen am {german.numeric(info.zeit.beginn)} liegt {days} Tage vor der ersten Sitzung "
                f"({german.numeric(g.beginn)}), mehr als die erwarteten {INFO_DAYS_BEFORE} Tage – Tippfehler in "
                f"der Jahreszahl? {_confirm(where)}"))
    return found


def postleitzahlen(groups: Iterable[Gruppe], table: Postleitzahlen) -> list[Problem]:
    """Groups whose postcode the table does not know or puts in another Land (nothing without a table)."""
    found: list[Problem] = []
    if table.quelle is None:
        return found
    source = f"im Postleitzahlen-Verzeichnis ({table.quelle.name}, {table.quelle.version})"
    for g in groups:
        origin = g.origin
        places = table.plaetze.get(g.plz)
        if not places:
            found.append(Problem(
                origin.file, origin.line_of("plz"), origin.field_of("plz"),
                f"Postleitzahl „{g.plz}“ steht nicht {source} – Tippfehler? Die Suche findet die Gruppe dann "
                f"über ihre Postleitzahl und ihren Ort, aber nicht als Gruppe in der Nähe anderer Postleitzahlen"))
        elif all(p.land is not None and p.land != g.land for p in places):
            lands = sorted({p.land.name for p in places if p.land is not None})
            found.append(Problem(
                origin.file, origin.line_of("plz"), origin.field_of("plz"),
                f"Postleitzahl „{g.plz}“ liegt {source} in {' bzw. '.join(lands)}, die Gruppe steht unter "
                f"{g.land.name} – Tippfehler in der Postleitzahl oder im Bundesland?"))
    return found
