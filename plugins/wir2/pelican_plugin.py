"""Step 4 of the build: the one module that imports Pelican and wires the other steps to it.

Pelican calls us four times in a run, in this order:

1. ``initialized`` – the inputs are loaded into the :class:`~wir2.model.Site`
   (:func:`wir2.load.load_site`; a wrong file stops the build here, before any
   output is touched), the fact sheet is rendered (pages show its size), and
   Pelican's theme environment gets our options, filters and globals;
2. ``readers_init`` – Markdown pages are read by :class:`PageReader`, which
   renders them with :mod:`wir2.render.pages` and hands Pelican the metadata of
   the Site's page;
3. ``article_generator_finalized`` – the first signal after Pelican has
   emptied the output folder, before it reads the pages: a worker thread starts
   writing the files that need only the Site (calendars, the finder's JSON, the
   PDF; :func:`write_data_files`), so that creating ten thousand calendar files
   – kernel time, which does not hold Python's lock – overlaps with rendering
   the pages;
4. ``get_generators`` – :class:`SiteGenerator` writes the group finder's Land
   pages and the sitemap, and waits for the worker (its error is the build's).

The state of one run (the Site and its renderers) lives in the run's settings
under :data:`STATE` – the one channel Pelican offers from ``initialized`` to its
readers and generators – so two builds in one process never share anything.
Build with :mod:`wir2.build` (``invoke build``), not with Pelican's own command:
only it swaps the output in atomically and writes the revision record back.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import jinja2
from pelican import Pelican, signals
from pelican.generators import Generator
from pelican.log import init as init_pelican_logging
from pelican.readers import BaseReader
from pelican.settings import read_settings

from .cache import Store
from .load import UID_DOMAIN, Inputs, build_date_from, editorial, load_site
from .load.pages import EXTENSIONS, Addresses
from .model.origin import Origin
from .model.outputs import Output
from .model.pages import Page
from .model.site import Site
from .problems import DataError, Problem, display_path
from .render import admin, factsheet, finder, jinja, sitemap
from .render.calendar import Calendars
from .render.pages import PageRenderer, page_environment

log = logging.getLogger("wir2")

STATE = "WIR2_BUILD"


@dataclass
class Run:
    """One Pelican run: the Site and the renderers every step uses."""

    site: Site
    pages: PageRenderer
    factsheet: factsheet.Faktenblatt
    env: jinja2.Environment
    by_source: dict[str, Page]
    files: Future[None] | None = None  # the worker writing the data files, once started
    admin: list[tuple[str, bytes]] | None = None  # the browser editor's files, when WIR2_ADMIN is on


def _inputs(settings: dict[str, Any], build_date: dt.date) -> Inputs:
    content = Path(settings["PATH"])
    root = content.parent
    data = Path(settings.get("WIR2_DATA_PATH") or root / "data")
    return Inputs(
        root=root,
        data=data,
        pages=content / "pages",
        templates=Path(settings["THEME"]) / "templates",
        build_date=build_date,
        sections=tuple(key for key, *_ in settings.get("NAVIGATION", [])),
        siteurl=str(settings.get("SITEURL") or "").rstrip("/"),
        public_url=str(settings.get("WIR2_PUBLIC_URL") or settings.get("SITEURL") or ""),
        sitename=str(settings.get("SITENAME", "")),
        uid_domain=str(settings.get("TERMINE_UID_DOMAIN") or UID_DOMAIN),
        require_history=bool(settings.get("WIR2_REQUIRE_HISTORY")),
        feed_months=int(settings.get("TERMINE_FEED_MONATE", 18)),
        groups_per_page=int(settings.get("GRUPPEN_JE_SEITE", 40)),
        require_operator=bool(settings.get("WIR2_REQUIRE_OPERATOR")),
        review_months=int(settings.get("WIR2_PRUEFEN_NACH_MONATEN", editorial.REVIEW_MONTHS)),
        cache=_cache(settings),
        addresses=Addresses(url=settings["PAGE_URL"], save_as=settings["PAGE_SAVE_AS"],
                            draft_save_as=settings["DRAFT_PAGE_SAVE_AS"], lang_url=settings["PAGE_LANG_URL"],
                            lang_save_as=settings["PAGE_LANG_SAVE_AS"]),
        reserved=pelican_outputs(settings),
        static_paths=tuple(settings.get("STATIC_PATHS", [])),
    )


def pelican_outputs(settings: dict[str, Any]) -> tuple[Output, ...]:
    """The files Pelican writes besides the pages and the content's static files, as its settings say:
    the direct templates (``404.html``), ``TEMPLATE_PAGES`` (``robots.txt``) and the theme's static files.

    Read from the settings the generators read (``DIRECT_TEMPLATES``, ``<NAME>_SAVE_AS``,
    ``TEMPLATE_PAGES``, ``THEME_STATIC_PATHS``, ``THEME_STATIC_DIR``), so the plan of files
    (:mod:`wir2.load.outputs`) has no list of its own.
    """
    root = Path(settings["PATH"]).parent
    theme = Path(settings["THEME"])
    templates = display_path(theme / "templates", root)
    found = []
    for name in settings.get("DIRECT_TEMPLATES", []):
        save_as = settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
        if save_as:
            what = "die Fehlerseite" if name == "404" else "die Seite"
            found.append(Output(save_as, f"{what} ({templates}/{name}.html)"))
    for source, dest in settings.get("TEMPLATE_PAGES", {}).items():
        found.append(Output(dest, f"die Datei aus {templates}/{source}"))
    if settings.get("WIR2_ADMIN"):
        found += [Output(path, "der Browser-Editor (theme/admin)") for path in admin.paths(theme, _bundle(settings))]
    static_dir = settings.get("THEME_STATIC_DIR", "theme")
    for folder in settings.get("THEME_STATIC_PATHS", ["static"]):
        base = theme / folder
        for current, dirs, names in os.walk(base):
            dirs.sort()
            for name in sorted(names):
                path = Path(current) / name
                shown = display_path(path, root)
                found.append(Output(f"{static_dir}/{path.relative_to(base).as_posix()}",
                                    f"eine Datei des Themes ({shown})", Origin(shown)))
    return tuple(found)


def _bundle(settings: dict[str, Any]) -> Path:
    """Decap's bundle, installed by theme/admin/install-decap.mjs; a German message if it is not there."""
    root = Path(settings["PATH"]).parent
    folder = admin.bundle_folder(Path(__file__).resolve().parents[2], Path(settings["THEME"]))
    if not (folder / "decap-cms.js").is_file():
        raise DataError([Problem("Einstellungen", None, "WIR2_ADMIN",
                                 f"der Browser-Editor ist nicht installiert ({display_path(folder, root)} fehlt); "
                                 "erwartet: ./dev.sh edit, das ihn installiert (node theme/admin/install-decap.mjs)")])
    return folder


def _backend(settings: dict[str, Any]) -> admin.Backend:
    return admin.Backend(local_url=str(settings.get("WIR2_CMS_LOCAL_URL") or admin.Backend.local_url),
                         repo=str(settings.get("WIR2_CMS_REPO") or ""),
                         app_id=str(settings.get("WIR2_CMS_APP_ID") or ""),
                         gitlab_url=str(settings.get("WIR2_CMS_GITLAB_URL") or admin.Backend.gitlab_url),
                         site_url=str(settings.get("WIR2_CMS_SITE_URL") or ""))


def _cache(settings: dict[str, Any]) -> Path | None:
    folder = settings.get("WIR2_CACHE_PATH")
    return Path(folder) if folder else None


def initialized(pelican: Pelican) -> None:
    """Load the site, render the fact sheet, and configure Pelican's templates."""
    settings = pelican.settings
    build_date = settings.get("BUILD_DATE") or build_date_from()
    settings["BUILD_DATE"] = build_date
    # Pages without a date (all of them) get the build date, e.g. for the sitemap's lastmod.
    settings["DEFAULT_DATE"] = (build_date.year, build_date.month, build_date.day)
    # Pelican reads the files the data layer reads: none whose name starts with a dot (editor locks, ._ files).
    settings["IGNORE_FILES"] = [*settings.get("IGNORE_FILES", []), ".*"]
    site = load_site(_inputs(settings, build_date))
    for warning in site.warnings:
        log.warning("%s", warning)
    theme = Path(settings["THEME"])
    sheet = factsheet.render(site, theme / "faktenblatt", _cache(settings))
    # SITEURL as a global too: macros imported without context (macros/gruppen.html) link with it.
    env, listings = page_environment(site, theme / "templates",
                                     {"faktenblatt": sheet, "SITEURL": settings.get("SITEURL", "")}, _cache(settings))
    # Pelican builds the theme's environment itself: the same options, filters and globals.
    settings["JINJA_ENVIRONMENT"] = jinja.options(_cache(settings))
    settings.setdefault("JINJA_FILTERS", {}).update(jinja.filters())
    settings.setdefault("JINJA_GLOBALS", {}).update(
        {k: v for k, v in env.globals.items() if k not in jinja2.Environment().globals}, **jinja.theme_globals(site))
    editor = None
    if settings.get("WIR2_ADMIN"):
        sections = [key for key, *_ in settings.get("NAVIGATION", [])]
        editor = admin.files(site, theme, _bundle(settings), Path(settings["PATH"]).parent / "data", sections,
                             _backend(settings))
    settings[STATE] = Run(site, PageRenderer(env, listings, settings["MARKDOWN"]), sheet, env,
                          {_key(p.source): p for p in site.pages}, admin=editor)


def _key(path: str | Path) -> str:
    """A page's path as Pelican names it: absolute, links not resolved (a linked folder's pages are pages too)."""
    return os.path.abspath(path)


def report_in_reader(error: DataError) -> DataError:
    """Log a reader's problems so the build reports them (Pelican logs a reader's exception only as a warning)."""
    for problem in error.problems:
        log.error("%s", problem)
    return error


class PageReader(BaseReader):  # type: ignore[misc]
    """Markdown pages as the Site knows them: placeholders filled in, metadata from the checked header."""

    enabled = True
    file_extensions: ClassVar[list[str]] = list(EXTENSIONS)

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        run: Run = self.settings[STATE]
        page = run.by_source.get(_key(source_path))
        if page is None:
            shown = display_path(source_path, Path(self.settings["PATH"]).parent)
            raise report_in_reader(DataError([Problem(shown, None, "", "ist keine Seite der Website; erwartet: "
                                                                      "Seiten nur in content/pages/")]))
        try:
            rendered = run.pages.render(page)
        except DataError as exc:
            raise report_in_reader(exc) from None
        metadata = {}
        for key, value in rendered.metadata:
            metadata[key] = self.process_metadata(key, rendered.summary_html if key == "summary" else value)
        return rendered.content, metadata


def readers_init(readers: Any) -> None:
    """Pelican reads the pages with :class:`PageReader` and nothing else: an ``.html`` or ``.rst`` file in
    content/pages would otherwise become a page that none of the checks has seen."""
    for extension, reader in list(readers.reader_classes.items()):
        if reader is not BaseReader:  # BaseReader is how Pelican reads static files ("static")
            del readers.reader_classes[extension]
    for extension in EXTENSIONS:
        readers.reader_classes[extension] = PageReader


def start_data_files(generator: Generator) -> None:
    """``article_generator_finalized``: start writing the data files while Pelican reads and writes the pages."""
    run: Run | None = generator.settings.get(STATE)
    if run is None or run.files is not None:
        return
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wir2-files")
    run.files = executor.submit(write_data_files, run, Path(generator.output_path), _cache(generator.settings))
    executor.shutdown(wait=False)  # the thread ends after its one task; the Future keeps its result


def write_data_files(run: Run, out: Path, cache: Path | None) -> None:
    """Every file that is a function of the Site alone: the finder's JSON, the calendars and the fact sheet."""
    site = run.site
    store = Store(cache, "kalender")
    calendars = Calendars(site, store)
    if site.gruppen.anzahl:
        write_files(out, [(finder.PATH, finder.finder_json(site).encode("utf-8"))])
    write_files(out, calendars.termine_files())
    write_files(out, calendars.gruppen_files())
    store.save()
    write_files(out, [(factsheet.SAVE_AS, run.factsheet.pdf)])
    if run.admin is not None:
        write_files(out, run.admin)


class SiteGenerator(Generator):  # type: ignore[misc]
    """Writes the Land pages and the sitemap, and makes sure the data files are written (see above)."""

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer: Any) -> None:
        run: Run = self.settings[STATE]
        site = run.site
        out = Path(self.output_path)
        template = self.get_template("gruppen-land")
        for land in site.gruppen.mit_gruppen:
            for seite in land.seiten:
                writer.write_file(seite.save_as, template, self.context, land=land, seite=seite,
                                  relative_urls=self.settings.get("RELATIVE_URLS", False))
        write_files(out, [(sitemap.PATH, sitemap.sitemap_xml(site, run.env).encode("utf-8"))])
        if run.files is None:  # a Pelican that skipped the signal: write them here
            write_data_files(run, out, _cache(self.settings))
        else:
            run.files.result()


def write_files(folder: Path, files: Iterable[tuple[str, bytes]]) -> None:
    """Write ``files`` below ``folder``; each folder is made once, not once per file."""
    made: set[Path] = set()
    for relpath, data in files:
        target = folder / relpath
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)


def check_fragments(pelican: Pelican) -> None:
    """``finalized``: every page is written, so a link to a part of a page (``#kosten``) can be checked
    against the ids the written page has; each that is missing fails the build with its line."""
    run: Run | None = pelican.settings.get(STATE)
    if run is None:
        return
    for problem in run.pages.check.missing_fragments(Path(pelican.output_path)):
        log.error(str(problem))


def get_generators(pelican: Pelican) -> type[Generator]:
    return SiteGenerator


def register() -> None:
    signals.initialized.connect(initialized)
    signals.readers_init.connect(readers_init)
    signals.article_generator_finalized.connect(start_data_files)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(check_fragments)


def run(settings_file: str | Path, overrides: dict[str, Any], output: Path) -> Site | None:
    """Run Pelican once with ``settings_file`` into ``output``; return the run's Site (``None`` if it never loaded).

    Pelican normally drops a warning it has logged before in the same process;
    every build here must see its own warnings (a second build with the same bad
    input must fail too), so warnings are not de-duplicated (``pelican.log.init``,
    Pelican's public switch for this, also behind its ``--logs-dedup-min-level``).
    """
    init_pelican_logging(handler=None, logs_dedup_min_level=logging.INFO)
    settings = read_settings(str(settings_file), override=dict(overrides))
    settings["OUTPUT_PATH"] = str(output)
    settings["DELETE_OUTPUT_DIRECTORY"] = True
    pelican = Pelican(settings)
    try:
        pelican.run()
    finally:
        # Never leave the worker writing into a folder the caller is about to remove.
        started: Run | None = settings.get(STATE)
        if started is not None and started.files is not None:
            wait([started.files])
    state: Run | None = settings.get(STATE)
    return state.site if state is not None else None


def output_path(settings_file: str | Path, overrides: dict[str, Any]) -> Path:
    """Where the settings put the site (``OUTPUT_PATH``)."""
    return Path(read_settings(str(settings_file), override=dict(overrides))["OUTPUT_PATH"])
