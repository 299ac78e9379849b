"""Step 1 of the build: read and check every input into one immutable :class:`~wir2.model.Site`.

The data files of ``data/`` and the metadata of every page are read here, before
anything is rendered, so that a wrong file stops the build with every problem at
once (file, line, field, what was expected) and leaves the last site untouched.
Nothing here knows about Pelican: :class:`Inputs` says where the files are.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import german
from ..model.gruppen import Verzeichnis
from ..model.site import Site
from ..model.termine import Termine
from ..problems import DataError, Problem, display_path
from . import facts, gruppen, pages, stand, termine

log = logging.getLogger("wir2")

BUILD_DATE_VARIABLE = "WIR2_BUILD_DATE"


def build_date_from(environ: dict[str, str] | os._Environ[str] | None = None) -> dt.date:
    """``WIR2_BUILD_DATE=YYYY-MM-DD`` if set, else today in Europe/Berlin.

    "Upcoming" and "past" depend on the day the site is built, so that day is an
    explicit input rather than a hidden call to the clock: the same sources and
    the same build date give the same site.
    """
    environ = os.environ if environ is None else environ
    raw = environ.get(BUILD_DATE_VARIABLE, "").strip()
    if not raw:
        return dt.datetime.now(german.BERLIN).date()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise DataError([Problem(f"Umgebungsvariable {BUILD_DATE_VARIABLE}", None, BUILD_DATE_VARIABLE,
                                 f"Wert „{raw}“ ist ungültig; erwartet: ein Datum wie 2025-05-06")]) from None


@dataclass(frozen=True)
class Inputs:
    """Where the inputs are and the settings that shape the model."""

    root: Path  # the project folder; messages name files relative to it
    data: Path
    pages: Path
    templates: Path  # theme/templates, for the pages' ``Template:``
    build_date: dt.date
    sections: tuple[str, ...] = ()
    siteurl: str = ""
    public_url: str = ""
    sitename: str = ""
    uid_domain: str = "wir2-bindungstraining.de"
    revision_mode: str = "schreiben"  # TERMINE_STAND
    feed_months: int = 18
    groups_per_page: int = 40
    require_operator: bool = False
    warnings: list[str] = field(default_factory=list)


TERMINE_FILE = "termine.yml"
STAND_FILE = "termine.stand.json"
GRUPPEN_FILE = "gruppen.yml"
FACTS = (("programm", "programm.yml", facts.load_programm), ("kosten", "kosten.yml", facts.load_kosten),
         ("kontakt", "kontakt.yml", facts.load_kontakt), ("betreiber", "betreiber.yml", facts.load_betreiber))


def load_site(inputs: Inputs) -> Site:
    """Every input checked into a :class:`Site`; raises :class:`DataError` with every problem found."""
    root = inputs.root

    def shown(path: Path) -> str:
        return display_path(path, root)

    loaded: dict[str, object] = {}
    problems: list[Problem] = []
    for key, filename, loader in FACTS:
        path = inputs.data / filename
        try:
            loaded[key] = loader(path, shown(path))
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    programm, kosten = loaded["programm"], loaded["kosten"]
    betreiber = loaded["betreiber"]
    assert isinstance(programm, facts.Programm) and isinstance(kosten, facts.Kosten)
    assert isinstance(betreiber, facts.Betreiber)
    kontakt = loaded["kontakt"]
    assert isinstance(kontakt, facts.Kontakt)
    warnings: list[str] = []
    if betreiber.fehlend:
        where = shown(inputs.data / "betreiber.yml")
        message = f"Impressum/Datenschutz unvollständig, es fehlen: {', '.join(betreiber.fehlend)}"
        if inputs.require_operator:
            raise DataError([Problem(where, None, ", ".join(betreiber.fehlend),
                                     message.split(",")[0] + "; zum Veröffentlichen ausfüllen")])
        warnings.append(f"{where}: {message} (Vorschau; zum Veröffentlichen ausfüllen)")

    termine_daten, revisions, record = None, {}, None
    try:
        termine_daten, revisions, record = _termine(inputs, kosten, shown, warnings)
    except DataError as exc:
        problems.extend(exc.problems)
    verzeichnis = None
    try:
        path = inputs.data / GRUPPEN_FILE
        verzeichnis = gruppen.load(path, shown(path), programm.sitzungen, programm.minuten_je_sitzung,
                                   inputs.build_date, inputs.groups_per_page)
    except DataError as exc:
        problems.extend(exc.problems)
    site_pages: tuple[pages.Page, ...] = ()
    try:
        site_pages = pages.load_pages(inputs.pages, root, list(inputs.sections), inputs.templates)
    except DataError as exc:
        problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    assert termine_daten is not None and isinstance(verzeichnis, Verzeichnis)
    return Site(
        build_date=inputs.build_date,
        siteurl=inputs.siteurl,
        public_url=inputs.public_url,
        sitename=inputs.sitename,
        uid_domain=inputs.uid_domain,
        programm=programm,
        kosten=kosten,
        kontakt=kontakt,
        betreiber=betreiber,
        termine=Termine(termine_daten.arten, termine_daten.termine, inputs.build_date, revisions,
                        siteurl=inputs.siteurl, feed_months=inputs.feed_months),
        gruppen=verzeichnis,
        pages=site_pages,
        warnings=tuple(warnings),
        revision_record=record,
    )


def _termine(inputs: Inputs, kosten: facts.Kosten, shown: object,
             warnings: list[str]) -> tuple[termine.Daten, dict[str, stand.Revision], tuple[Path, str] | None]:
    """The events, each dated one's revision, and the updated record to write (or ``None``)."""
    assert callable(shown)
    mode = inputs.revision_mode
    if mode not in stand.MODES:
        raise DataError([Problem("Einstellungen", None, "TERMINE_STAND",
                                 f"Wert „{mode}“ ist ungültig; erwartet: eines von: {', '.join(stand.MODES)}")])
    path, stand_path = inputs.data / TERMINE_FILE, inputs.data / STAND_FILE
    name, stand_name = shown(path), shown(stand_path)
    daten = termine.load(path, name, kosten=kosten, siteurl=inputs.siteurl.rstrip("/"))
    stored = stand.load(stand_path, stand_name)
    revisions = stand.revise(daten.termine, stored, inputs.build_date)
    changed = stand.changed(stored, revisions)
    if changed and mode == "pruefen":
        raise stand.stale_error(stand_name, changed)
    for art in daten.arten:
        if art.anmeldung is None:
            warnings.append(f"{name}:{art.origin.line}: Terminart „{art.id}“ hat keine Anmeldung (Feld „anmeldung“); "
                            "ihre Termine erscheinen ohne Anmeldelink")
    record = None
    if mode == "schreiben" and (changed or not stand_path.exists()):
        record = (stand_path, stand.dumps(revisions))
    return daten, revisions, record
