"""``/gruppen/gruppen.json``: what the optional filter script needs to find a group.

- ``gruppen``: every listed group with what a result shows – town (an index into
  ``orte``), postcode, status (its key, ``anmeldung-offen``; the script shows the label in the page's
  language) and its rank (``rang``: 0 registration open, 1 starts later, 2 running – the order of
  results), provider, start and weekday and time (``beginn``/``wann`` as German text, ``datum`` and
  ``zeit`` – ISO date, ``[from, to]`` – for the translated pages, which format them in their language),
  childcare, languages (their German names, as in ``data/gruppen.yml``: the script translates the
  site's languages and filters by them), ``online`` (only when true), the phone to call (``tel``
  computed by the one rule, :func:`wir2.model.urls.tel_uri`) and the group's place on its Land page;
- ``heute``: the build date (ISO), so a translated page says "starts" or "started" as the German text does;
- ``laender`` and ``orte``: the Land pages and each town's place on them;
- ``plz`` (when the postcode data set is installed): for every German postcode the
  towns to offer (:mod:`wir2.model.plz`), as runs of numbers with the same answer –
  ``von``: where each run starts, as the difference to the previous start (the first
  from 0); ``antwort``: the run's answer, an index into ``antworten``, or ``-1`` for
  numbers that are no postcode – and ``antworten``, each a list of ``[town, 0]`` (the
  postcode's own town) and ``[town, 1]`` (within ``nah_km`` km), nearest first; an
  empty list: no group near.

Keys sorted and no spaces, so the same groups and data set give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from .. import german
from ..load import plz as plz_table
from ..model import outputs
from ..model.gruppen import Gruppe
from ..model.plz import NAH_KM, Postleitzahlen, Stadt, Vorschlag, antworten
from ..model.site import Site

PATH = outputs.FINDER  # the one place: the build's plan of files (wir2.model.outputs)


def rang(g: Gruppe, build_date: dt.date) -> int:
    """0: registration open; 1: starts later (full, say); 2: running. Results come in this order."""
    if g.status.open_for_registration:
        return 0
    if g.status.key == "laeuft" or g.beginn < build_date:
        return 2
    return 1


def beginn_text(g: Gruppe, build_date: dt.date) -> str:
    """``Beginn Di, 4. März 2025`` or, once started, ``Begonnen am Mo, 6. Jan. 2025``."""
    return ("Beginn " if g.beginn >= build_date else "Begonnen am ") + german.day(g.beginn)


def finder_data(site: Site, table: Postleitzahlen | None = None) -> dict[str, Any]:
    table = plz_table.load() if table is None else table
    verzeichnis, siteurl, today = site.gruppen, site.siteurl, site.build_date
    orte: list[dict[str, Any]] = []
    staedte: list[Stadt] = []
    town_of: dict[str, int] = {}
    for land in verzeichnis.laender:
        for ort in land.orte:
            index = len(orte)
            orte.append({"land": land.land.nummer, "name": ort.name, "url": f"{siteurl}/{ort.url}#ort-{ort.slug}"})
            codes = sorted({g.plz for g in ort.gruppen})
            lagen = tuple(lage for lage in (table.lage(c) for c in codes) if lage is not None)
            staedte.append(Stadt(index, land.land, ort.name, frozenset(codes), lagen))
            for g in ort.gruppen:
                town_of[g.id] = index
    laender = [{"name": land.land.name, "url": f"{siteurl}/{land.url}" if land.anzahl else None}
               for land in verzeichnis.laender]
    gruppen = []
    for g in verzeichnis.aktuell:
        entry: dict[str, Any] = {
            "beginn": beginn_text(g, today),
            "datum": g.beginn.isoformat(),
            "kinder": g.kinderbetreuung,
            "ort": town_of[g.id],
            "plz": g.plz,
            "rang": rang(g, today),
            "sprachen": list(g.sprachen),
            "status": g.status.key,
            "traeger": g.traeger,
            "url": f"{siteurl}/{verzeichnis.url(g)}",
            "wann": g.zeit_text,
            "zeit": [g.uhrzeit.strftime("%H:%M"), g.bis.strftime("%H:%M")],
        }
        if g.online:
            entry["online"] = True
        if g.kontakt.telefon:
            entry["tel"], entry["telefon"] = g.kontakt.tel_uri, g.kontakt.telefon
        gruppen.append(entry)
    result: dict[str, Any] = {"gruppen": gruppen, "heute": today.isoformat(), "laender": laender, "orte": orte}
    if len(table):
        runs = antworten(table, staedte)
        answers: dict[tuple[Vorschlag, ...], int] = {}
        index_of: list[int] = []
        for _, answer in runs:
            if answer is None:
                index_of.append(-1)
            else:
                index_of.append(answers.setdefault(answer, len(answers)))
        starts = [start for start, _ in runs]
        result["plz"] = {
            "antwort": index_of,
            "antworten": [[list(v) for v in answer] for answer in answers],
            "nah_km": NAH_KM,
            "von": [b - a for a, b in zip([0, *starts[:-1]], starts, strict=True)],
        }
    return result


def finder_json(site: Site, table: Postleitzahlen | None = None) -> str:
    return json.dumps(finder_data(site, table), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
