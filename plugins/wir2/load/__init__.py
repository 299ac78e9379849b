"""Step 1 of the build: read and check every input into one immutable :class:`~wir2.model.Site`.

The data files of ``data/`` and the metadata of every page are read here, before
anything is rendered, so that a wrong file stops the build with every problem at
once (file, line, field, what was expected) and leaves the last site untouched.
Nothing here knows about Pelican: :class:`Inputs` says where the files are.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .. import german
from ..cache import Store
from ..model.events import Event, Termin
from ..model.facts import Kosten
from ..model.outputs import Output
from ..model.pages import Page
from ..model.site import Site
from ..model.termine import Termine
from ..problems import DataError, Problem, display_path
from . import (
    editorial,
    facts,
    gruppen,
    history,
    outputs,
    pages,
    plausibility,
    plz,
    revisions,
    schema,
    source,
    sprachen,
    termine,
    uebersetzungen,
)
from .pages import Addresses

BUILD_DATE_VARIABLE = "WIR2_BUILD_DATE"
#: Calendar UIDs are ``<id>@`` this (setting ``TERMINE_UID_DOMAIN``); never change it once published.
UID_DOMAIN = "wir2-bindungstraining.de"


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
        day = dt.date.fromisoformat(raw)
    except ValueError:
        day = None
    if day is None or not schema.in_years(day):
        expected = "ein Datum wie 2025-05-06" + (f" {schema.YEARS_TEXT}" if day is not None else "")
        raise DataError([Problem(f"Umgebungsvariable {BUILD_DATE_VARIABLE}", None, BUILD_DATE_VARIABLE,
                                 f"Wert „{raw}“ ist ungültig; erwartet: {expected}")])
    return day


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
    uid_domain: str = UID_DOMAIN
    #: ``WIR2_REQUIRE_HISTORY``: without the data files' complete git history the build fails instead of
    #: warning (the publishing build: calendar subscribers would miss changes, see wir2.load.revisions).
    require_history: bool = False
    feed_months: int = 18
    groups_per_page: int = 40
    require_operator: bool = False
    #: ``WIR2_PRUEFEN_NACH_MONATEN``: a data file or page not reviewed for longer gets a warning (0: never).
    review_months: int = editorial.REVIEW_MONTHS
    cache: Path | None = None  # where parsed data files are kept between builds (WIR2_CACHE_PATH)
    addresses: Addresses = field(default_factory=Addresses)  # Pelican's PAGE_URL, PAGE_SAVE_AS …
    #: The files Pelican writes besides the pages (error page, robots.txt, the theme's static files).
    reserved: tuple[Output, ...] = ()
    #: Pelican's ``STATIC_PATHS``: folders of content/ copied as they are (``downloads``).
    static_paths: tuple[str, ...] = ()


TERMINE_FILE = "termine.yml"
GRUPPEN_FILE = "gruppen.yml"
#: The files whose git history the calendars' revisions are counted from (wir2.load.revisions).
HISTORY_FILES = (TERMINE_FILE, "kosten.yml", GRUPPEN_FILE, "programm.yml")

T = TypeVar("T")


class _Collect:
    """Runs one loader after another and keeps every problem, so all files are reported at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def __call__(self, load: Callable[[], T]) -> T | None:
        try:
            return load()
        except DataError as exc:
            self.problems.extend(exc.problems)
            return None

    def raise_if_any(self) -> None:
        if self.problems:
            raise DataError(self.problems)


def _no_links_out(inputs: Inputs) -> None:
    """data/ and every entry in it lie in the project: nothing is read through a link that leaves it
    (:func:`wir2.load.source.outside`).  Pages and downloads are checked where they are found."""
    entries = [inputs.data]
    if inputs.data.is_dir() and source.outside(inputs.data, inputs.root) is None:
        with contextlib.suppress(OSError):  # an unreadable folder is reported by the first file read from it
            entries += sorted(inputs.data.iterdir())
    problems = [p for e in entries if (p := source.outside_problem(e, inputs.root, display_path(e, inputs.root)))]
    if problems:
        raise DataError(problems)


def load_site(inputs: Inputs) -> Site:
    """Every input checked into a :class:`Site`; raises :class:`DataError` with every problem found.

    The fixed facts come first (events name fees from ``kosten.yml``, groups take
    the number and length of sessions from ``programm.yml``); then the events,
    the groups and the pages, all reported together; then the plan of every file
    the build writes (:mod:`wir2.load.outputs`), which needs all of them.
    """
    data = inputs.data

    def shown(path: Path) -> str:
        return display_path(path, inputs.root)

    notes: list[Problem] = []  # warnings about single values (Markdown in a text field …), in file order
    _no_links_out(inputs)

    def each(loader: Callable[[Path, str, list[Problem]], T], filename: str) -> Callable[[], T]:
        return lambda: loader(data / filename, shown(data / filename), notes)

    collect = _Collect()
    programm = collect(each(facts.load_programm, "programm.yml"))
    kosten = collect(each(facts.load_kosten, "kosten.yml"))
    kontakt = collect(each(facts.load_kontakt, "kontakt.yml"))
    betreiber = collect(each(facts.load_betreiber, "betreiber.yml"))
    collect.raise_if_any()
    assert programm is not None and kosten is not None and kontakt is not None and betreiber is not None
    warnings: list[str] = []
    where = shown(data / "betreiber.yml")
    if betreiber.fehlend and inputs.require_operator:
        raise DataError([Problem(where, None, ", ".join(betreiber.fehlend),
                                 "Impressum/Datenschutz unvollständig; zum Veröffentlichen ausfüllen")])
    operator = editorial.operator_fields(betreiber, where)
    if operator is not None:
        warnings.append(operator)
    store = Store(inputs.cache, "daten")
    dates = collect(lambda: _termine(inputs, kosten, shown, warnings, store, notes))
    verzeichnis = collect(lambda: gruppen.load(data / GRUPPEN_FILE, shown(data / GRUPPEN_FILE), programm.sitzungen,
                                               programm.minuten_je_sitzung, inputs.build_date,
                                               inputs.groups_per_page, store, notes))
    store.save()
    languages = collect(lambda: sprachen.load(data / sprachen.FOLDER, inputs.root, notes))
    codes = languages.codes if languages is not None else None  # None: the languages failed, their pages wait
    site_pages = collect(lambda: pages.load_pages(inputs.pages, inputs.root, list(inputs.sections), inputs.templates,
                                                  inputs.addresses, codes))
    collect.raise_if_any()
    assert dates is not None and verzeichnis is not None and site_pages is not None and languages is not None
    warnings.extend(str(note) for note in notes)
    daten = dates
    warnings += [str(p) for p in plausibility.termine(daten.termine, inputs.build_date)]
    warnings += [str(p) for p in plausibility.gruppen(verzeichnis.alle, inputs.build_date)]
    warnings += [str(p) for p in plausibility.postleitzahlen(verzeichnis.alle, plz.load())]
    versions = history.read(data, HISTORY_FILES, inputs.build_date)
    if versions.warning is not None:
        if inputs.require_history:
            raise DataError([Problem(shown(data), None, "", f"{versions.warning}; erwartet: {versions.remedy}")])
        # First: it is about how the site is built, not about one entry.
        warnings.insert(0, f"{shown(data)}: {versions.warning} – zum Veröffentlichen nötig: {versions.remedy}")
    termine_file = shown(data / TERMINE_FILE)
    event_revisions = revisions.termine(versions, daten.termine, inputs.build_date)
    group_revisions = revisions.gruppen(versions)
    gone = revisions.withdrawn(event_revisions, daten.arten, inputs.build_date, inputs.siteurl.rstrip("/"),
                               termine_file)
    warnings += [_withdrawn_warning(t, daten.termine, termine_file) for t in gone]
    dated = Termine(daten.arten, daten.termine, inputs.build_date, event_revisions,
                    siteurl=inputs.siteurl, feed_months=inputs.feed_months, abgesagt=tuple(gone),
                    public_url=inputs.public_url)
    warnings += [str(p) for p in editorial.kinds_without_dates(dated, termine_file)]
    warnings += [str(p) for p in editorial.expired_placeholders(dated)]
    warnings += [str(p) for p in _unreviewed(inputs, site_pages, shown)]
    warnings += [str(p) for p in uebersetzungen.check(site_pages)]
    planned = outputs.plan(site_pages, dated, verzeichnis, inputs.reserved, inputs.pages.parent, inputs.root,
                           inputs.static_paths, inputs.addresses)
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
        termine=dated,
        gruppen=verzeichnis,
        pages=site_pages,
        sprachen=languages,
        outputs=planned,
        warnings=tuple(warnings),
        gruppen_revisionen=group_revisions,
    )


def _unreviewed(inputs: Inputs, site_pages: Iterable[Page], shown: Callable[[Path], str]) -> list[Problem]:
    """The data files and pages not reviewed for ``review_months`` (wir2.load.editorial.unreviewed)."""
    if inputs.review_months <= 0:
        return []
    data_files = sorted(inputs.data.glob("*.yml")) + sorted((inputs.data / sprachen.FOLDER).glob("*.yml"))
    site_pages = list(site_pages)
    changed = history.last_changed([*data_files, *(p.source for p in site_pages)], inputs.build_date) or {}
    files = [(shown(path), *editorial.data_review(path), changed.get(path)) for path in data_files]
    files += [(page.name, *editorial.page_review(page), changed.get(page.source)) for page in site_pages]
    return editorial.unreviewed(files, inputs.build_date, inputs.review_months)


def _withdrawn_warning(termin: Termin, events: Iterable[Event], name: str) -> str:
    """What the build says of an event it keeps in the calendars as cancelled (see revisions.withdrawn)."""
    still = next((t for t in events if t.id == termin.id), None)
    until = f"bis zum {termin.letzter_tag:%d.%m.%Y}"
    if still is not None:
        return (f"{name}:{still.origin.line_of('beginn')}: Termin „{termin.id}“ hat kein Datum mehr; abonnierte "
                f"Kalender zeigen den bisherigen Termin ({termin.datum_kurz}) {until} als „Abgesagt“")
    return (f"{name}: Termin „{termin.id}“ ({termin.datum_kurz}) steht nicht mehr in der Datei; abonnierte Kalender "
            f"und /termine/ zeigen ihn {until} als „Abgesagt“")


def _termine(inputs: Inputs, kosten: Kosten, shown: Callable[[Path], str], warnings: list[str],
             store: Store, notes: list[Problem]) -> termine.Daten:
    """The events and kinds of data/termine.yml; a warning for each kind without a way to register."""
    path = inputs.data / TERMINE_FILE
    name = shown(path)
    daten = termine.load(path, name, kosten=kosten, siteurl=inputs.siteurl.rstrip("/"), store=store, notes=notes)
    for art in daten.arten:
        if art.anmeldung is None:
            warnings.append(f"{name}:{art.origin.line}: Terminart „{art.id}“ hat keine Anmeldung (Feld „anmeldung“); "
                            "ihre Termine erscheinen ohne Anmeldelink")
    return daten
