"""Pelican plugin: „Gruppen vor Ort“ – the local wir2 groups reported by partners.

``data/gruppen.yml`` is read and checked at ``initialized``, after ``sitedata``
(whose ``programm`` gives the number and length of sessions), so that a wrong
entry stops the build before anything is written and the Markdown page
``/gruppen/`` can use the groups through the macros in ``macros/gruppen.html``.

A generator then writes what Pelican's page generator cannot:

- one page per Bundesland with groups, ``/gruppen/<land>/``, so every page stays
  small however many groups there are;
- ``/gruppen/gruppen.json`` for the filter script (PLZ, town, Land);
- ``/gruppen/kalender/<id>.ics`` for every group in the file, finished ones
  included, so a subscribed calendar keeps its past sessions.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path

import sitedata
from pelican import signals
from pelican.generators import Generator
from wir2 import dates
from wir2.errors import display_path

from . import kalender, models

log = logging.getLogger("wir2.gruppen")

FILENAME = "gruppen.yml"
OUTPUT_DIR = "gruppen"
JSON_NAME = "gruppen.json"


def data_path(settings: dict) -> Path:
    return sitedata.data_dir(settings) / FILENAME


def initialized(pelican) -> None:
    """Load the groups; needs ``programm`` and ``BUILD_DATE`` from ``sitedata``."""
    settings = pelican.settings
    programm = sitedata.ensure_loaded(settings)["programm"]  # receivers of one signal run in no set order
    globals_ = settings["JINJA_GLOBALS"]
    path = data_path(settings)
    verzeichnis = models.load(path, display_path(path, path.parent.parent), programm.sitzungen,
                              programm.minuten_je_sitzung, settings["BUILD_DATE"],
                              settings.get("GRUPPEN_JE_SEITE", models.Verzeichnis.je_seite))
    globals_["gruppen"] = verzeichnis


@dataclass(frozen=True)
class Eintrag:
    """What pelican-sitemap reads from a written page's ``page`` variable.

    Without it the sitemap dates the Land pages with the current time, so two
    builds of the same data on the same build date would differ.
    """

    url: str
    date: dt.datetime
    status: str = "published"


class GruppenGenerator(Generator):
    """Writes the Land pages, the filter's JSON and the calendar files."""

    def generate_context(self) -> None:
        self.verzeichnis: models.Verzeichnis = self.settings["JINJA_GLOBALS"]["gruppen"]

    def generate_output(self, writer) -> None:
        siteurl = self.settings.get("SITEURL", "")
        template = self.get_template("gruppen-land")
        stand = dt.datetime.combine(self.verzeichnis.build_date, dt.time(0), dates.BERLIN)
        for land in self.verzeichnis.mit_gruppen:
            for seite in land.seiten:
                writer.write_file(seite.url + "index.html", template, self.context, land=land, seite=seite,
                                  page=Eintrag(seite.url, stand),
                                  relative_urls=self.settings.get("RELATIVE_URLS", False))
        out = Path(self.output_path) / OUTPUT_DIR
        if self.verzeichnis.anzahl:
            out.mkdir(parents=True, exist_ok=True)
            (out / JSON_NAME).write_text(filter_json(self.verzeichnis, siteurl), encoding="utf-8")
        if self.verzeichnis.alle:
            folder = out / kalender.FOLDER
            folder.mkdir(parents=True, exist_ok=True)
            for gruppe in self.verzeichnis.alle:
                data = kalender.ics(gruppe, self.verzeichnis.url(gruppe), self.settings,
                                    self.verzeichnis.build_date)
                (folder / f"{gruppe.id}.ics").write_bytes(data)


def filter_json(verzeichnis: models.Verzeichnis, siteurl: str = "") -> str:
    """The data for the filter script: just enough to match and to link to each group.

    Keys sorted and no spaces, so the same groups give the same bytes.
    """
    laender = [
        {
            "name": land.land.name,
            "orte": {ort.name: f"{siteurl}/{ort.url}#ort-{ort.slug}" for ort in land.orte},
            "url": f"{siteurl}/{land.url}" if land.anzahl else None,
        }
        for land in verzeichnis.laender
    ]
    gruppen = [
        {
            "land": g.land.nummer,
            "ort": g.ort,
            "plz": g.plz,
            "status": g.status.label,
            "traeger": g.traeger,
            "url": f"{siteurl}/{verzeichnis.url(g)}",
            "wann": g.wann,
        }
        for g in verzeichnis.aktuell
    ]
    return json.dumps({"gruppen": gruppen, "laender": laender}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")) + "\n"


def get_generators(pelican) -> type[Generator]:
    return GruppenGenerator


def register() -> None:
    signals.initialized.connect(initialized)
    signals.get_generators.connect(get_generators)
