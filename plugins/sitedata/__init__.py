"""Pelican plugin: load and check the fixed site data in ``data/`` before anything is written.

Loaded at ``initialized`` so that a wrong file stops the build before Pelican
touches the output, and so that Markdown pages (rendered through Jinja by
``markdown_pages``) can already use the figures.  Templates and pages see:

- ``programm``, ``kosten``, ``kontakt``, ``betreiber`` (see :mod:`sitedata.models`)
- ``build_date`` (a ``datetime.date``) and the filters ``euro``, ``datum``,
  ``datum_kurz``, ``tel``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from wir2 import dates
from wir2.errors import DataError, Problem, display_path

from . import models

log = logging.getLogger("wir2.sitedata")

LOADERS = {
    "programm": ("programm.yml", models.load_programm),
    "kosten": ("kosten.yml", models.load_kosten),
    "kontakt": ("kontakt.yml", models.load_kontakt),
    "betreiber": ("betreiber.yml", models.load_betreiber),
}


def data_dir(settings: dict) -> Path:
    return Path(settings.get("WIR2_DATA_PATH") or Path(settings["PATH"]).parent / "data")


def load_all(settings: dict) -> dict[str, object]:
    """Load every data file, reporting the problems of all files at once."""
    folder = data_dir(settings)
    root = folder.parent
    loaded, problems = {}, []
    for key, (filename, loader) in LOADERS.items():
        path = folder / filename
        try:
            loaded[key] = loader(path, display_path(path, root))
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    betreiber = loaded["betreiber"]
    if betreiber.fehlend:
        where = display_path(folder / LOADERS["betreiber"][0], root)
        message = f"Impressum/Datenschutz unvollständig, es fehlen: {', '.join(betreiber.fehlend)}"
        if settings.get("WIR2_REQUIRE_OPERATOR"):
            raise DataError([Problem(where, None, ", ".join(betreiber.fehlend),
                                     message.split(",")[0] + "; zum Veröffentlichen ausfüllen")])
        log.warning("%s: %s (Vorschau; zum Veröffentlichen ausfüllen)", where, message)
    return loaded


def ensure_loaded(settings: dict) -> dict[str, object]:
    """Load the data once per build and return it.

    Other plugins that need the figures at ``initialized`` call this first:
    blinker does not promise an order among receivers of one signal, so
    "sitedata is registered first" is no guarantee that it has run.
    """
    if "WIR2_SITEDATA" in settings:
        return settings["WIR2_SITEDATA"]
    build_date = settings.get("BUILD_DATE") or dates.build_date()
    settings["BUILD_DATE"] = build_date
    # Pages without a date (all of them) get the build date, e.g. for the sitemap's lastmod.
    settings["DEFAULT_DATE"] = (build_date.year, build_date.month, build_date.day)
    data = load_all(settings)
    settings.setdefault("JINJA_GLOBALS", {}).update(data, build_date=build_date)
    settings.setdefault("JINJA_FILTERS", {}).update(
        euro=models.euro,
        datum=dates.day,
        datum_kurz=dates.numeric,
        tel=lambda number: models.s.tel_uri(str(number)),
    )
    settings["WIR2_SITEDATA"] = data
    return data


def initialized(pelican) -> None:
    ensure_loaded(pelican.settings)


def register() -> None:
    signals.initialized.connect(initialized)
