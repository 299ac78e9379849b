"""Pelican plugin: dates from ``data/termine.yml`` as listings, add-to-calendar links and iCalendar feeds.

At ``initialized`` (after ``sitedata``) the file is read and checked, so a
wrong date stops the build before any output is touched, and Markdown pages can
already use the ``termine`` global (see :class:`termine.sammlung.Termine`):
``termine.kommend(art, anzahl)``, ``termine.offen(art)``, ``termine.vergangen(art)``,
``termine.arten``.  The filter ``jsonld`` embeds schema.org data in a page.

A generator (``get_generators``) writes the ``.ics`` files into the output,
and at ``finalized`` the record of published revisions
(``data/termine.stand.json``, see :mod:`termine.stand`) is written back.

Settings: ``TERMINE_STAND`` (``schreiben``/``pruefen``/``lesen``),
``TERMINE_FEED_MONATE`` (past months kept in feeds, at least 12),
``TERMINE_UID_DOMAIN``, ``TERMINE_PARALLEL`` (fork a calendar process for 500 dates
or more; default on), ``WIR2_DATA_PATH``.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import re
from pathlib import Path

import sitedata
from pelican import signals
from wir2 import dates
from wir2.errors import DataError, Problem, display_path

from . import kalender, models, stand
from .jsonld import script_json
from .sammlung import GLOBAL, MARKER, Termine

log = logging.getLogger("wir2.termine")

DATA_FILE = "termine.yml"
STAND_FILE = "termine.stand.json"
PARALLEL_AB = 500  # dates from which the calendar files are made in a forked process


def load(settings: dict) -> Termine:
    """Read, check and sort the dates; compute each event's revision."""
    folder = sitedata.data_dir(settings)
    root = folder.parent
    path, stand_path = folder / DATA_FILE, folder / STAND_FILE
    name, stand_name = display_path(path, root), display_path(stand_path, root)
    mode = settings.get("TERMINE_STAND", "schreiben")
    if mode not in stand.MODES:
        raise DataError([Problem("Einstellungen", None, "TERMINE_STAND",
                                 f"Wert „{mode}“ ist ungültig; erwartet: eines von: {', '.join(stand.MODES)}")])
    build_date = settings.get("BUILD_DATE") or dates.build_date()
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    kosten = settings.get("JINJA_GLOBALS", {}).get("kosten")
    with _gc_paused():  # tens of thousands of new objects: no point in scanning them for cycles meanwhile
        daten = models.load(path, name, kosten=kosten, siteurl=siteurl)
        stored = stand.load(stand_path, stand_name)
        revisions = stand.revise(daten.termine, stored, build_date)
    changed = stand.changed(stored, revisions)
    if changed and mode == "pruefen":
        raise stand.stale_error(stand_name, changed)
    for art in daten.arten:
        if art.anmeldung is None:
            log.warning("%s:%s: Terminart „%s“ hat keine Anmeldung (Feld „anmeldung“); "
                        "ihre Termine erscheinen ohne Anmeldelink", name, art.line, art.id)
    termine = Termine(
        daten.arten, daten.termine, build_date, revisions,
        siteurl=siteurl,
        sitename=settings.get("SITENAME", ""),
        feed_months=int(settings.get("TERMINE_FEED_MONATE", 18)),
        uid_domain=settings.get("TERMINE_UID_DOMAIN", "wir2-bindungstraining.de"),
    )
    termine.stand_path = stand_path
    termine.stand_text = stand.dumps(revisions) if changed or not stand_path.exists() else None
    termine.stand_mode = mode
    return termine


@contextlib.contextmanager
def _gc_paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def initialized(pelican) -> None:
    settings = pelican.settings
    sitedata.ensure_loaded(settings)  # the fees in data/kosten.yml
    termine = load(settings)
    settings.setdefault("JINJA_GLOBALS", {})[GLOBAL] = termine
    settings.setdefault("JINJA_FILTERS", {})["jsonld"] = script_json
    termine.use_theme(Path(settings["THEME"]) / "templates", settings["JINJA_GLOBALS"], settings["JINJA_FILTERS"])
    # A second process pays off only for thousands of dates; the real site (a dozen) stays in one process.
    parallel = bool(settings.get("TERMINE_PARALLEL", True)) and len(termine.alle) >= PARALLEL_AB
    termine.kalender = kalender.Job(termine, parallel=parallel)


_PLACEHOLDER = re.compile(rf"<!--{MARKER}:(liste|naechste):([a-z0-9-]+)-->")


def content_written(path: str, context: dict) -> None:
    """Replace the markers of ``termine_liste``/``naechste_termine`` in a written page by the listing."""
    if not path.endswith(".html") or GLOBAL not in context:
        return
    target = Path(path)
    text = target.read_text(encoding="utf-8")
    if MARKER not in text:
        return
    macros = context[GLOBAL].macros

    def render(match: re.Match) -> str:
        if match.group(1) == "liste":
            return str(macros.liste_html(match.group(2)))
        return str(macros.naechste_html(int(match.group(2))))

    target.write_text(_PLACEHOLDER.sub(render, text), encoding="utf-8")


class TermineGenerator:
    """Writes the calendar files; Pelican calls it like its own generators."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.context = context
        self.settings = settings
        self.output_path = Path(output_path)

    def generate_context(self) -> None:
        # Pelican has emptied the output folder by now: the calendar files may go in.
        termine: Termine = self.settings["JINJA_GLOBALS"][GLOBAL]
        self.context[GLOBAL] = termine
        termine.kalender.start_writing(self.output_path)

    def generate_output(self, writer) -> None:
        self.settings["JINJA_GLOBALS"][GLOBAL].kalender.finish()


def get_generators(pelican):
    return TermineGenerator


def finalized(pelican) -> None:
    """Write the updated revision record (local builds only), so it can be committed."""
    termine = pelican.settings.get("JINJA_GLOBALS", {}).get(GLOBAL)
    if termine is None or termine.stand_mode != "schreiben" or termine.stand_text is None:
        return
    termine.stand_path.write_text(termine.stand_text, encoding="utf-8")
    log.info("%s aktualisiert (mit einchecken)", termine.stand_path.name)


def register() -> None:
    signals.initialized.connect(initialized)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(finalized)
    signals.content_written.connect(content_written)
