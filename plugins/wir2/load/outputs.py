"""The build's plan of files (:class:`~wir2.model.outputs.Outputs`), and what would overwrite what.

Every writer's files are listed in a fixed order – Pelican's (error page,
``robots.txt``, the theme's static files, handed in by the wiring as
``Inputs.reserved``), ours (sitemap, group finder, fact sheet, calendars and
feeds, Land pages), then what editors add: the content's static files
(``content/downloads/``) and the pages.  A file that is listed twice is reported
on the one that came later, naming the earlier one: a page or a download never
takes a file another writer needs (``save_as: 404.html``).

Between two pages, the page whose file follows from its own file name keeps it
(``konzept.md`` with ``slug: konzept``); the page that sets ``slug:``, ``url:``
or ``save_as:`` to take it is the one reported (``doppelter-slug.md`` with
``slug: konzept``).  If that does not decide – both or neither set it – the page
later in the alphabetical order of paths is reported.  That is the page an
editor has just added or changed in nearly every case, and it is an order the
editor can see in the folder.

A file where another output needs a folder (``save_as: termine`` beside
``termine/index.html``) or inside what is a file is a collision too: the
operating system would refuse the second write.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable
from pathlib import Path

from ..model import outputs as o
from ..model.gruppen import Verzeichnis
from ..model.origin import Origin
from ..model.outputs import Output, Outputs
from ..model.pages import Page
from ..model.termine import Termine
from ..problems import DataError, Problem, display_path
from . import source
from .pages import Addresses


def static_files(content: Path, root: Path, folders: Iterable[str],
                 problems: list[Problem] | None = None) -> list[Output]:
    """The files Pelican copies from ``content/<folder>`` as they are (``STATIC_PATHS``, saved as ``{path}``).

    A file or folder that is a link out of the project is added to ``problems`` instead
    (:func:`wir2.load.source.outside`): Pelican would publish whatever it points to.
    """
    found = []

    def inside(path: Path) -> bool:
        leaving = source.outside_problem(path, root, display_path(path, root)) if path.is_symlink() else None
        if leaving is not None and problems is not None:
            problems.append(leaving)
        return leaving is None

    seen: set[str] = set()

    def new_folder(path: Path) -> bool:  # a link back to a folder already walked would never end
        real = os.path.realpath(path)
        if real in seen:
            if problems is not None:
                problems.append(Problem(display_path(path, root), None, "", "Ordner-Verknüpfung führt im Kreis; "
                                        "erwartet: eine Verknüpfung auf einen anderen Ordner, oder keine"))
            return False
        seen.add(real)
        return True

    for folder in folders:
        base = content / folder
        if not inside(base):
            continue
        if base.is_file():
            found.append(base)
            continue
        seen.add(os.path.realpath(base))
        for current, dirs, names in os.walk(base, followlinks=True):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and inside(Path(current) / d)
                             and new_folder(Path(current) / d))
            found += [Path(current) / n for n in sorted(names) if not n.startswith(".") and inside(Path(current) / n)]
    result = []
    for path in found:
        relative = path.relative_to(content).as_posix()
        shown = display_path(content, root) + "/" + relative
        result.append(Output(relative, f"die Datei {shown}", Origin(shown)))
    return result


#: What editors may put into content/downloads/: documents and pictures to download or show.  A web
#: page, script or SVG there would run on the site's own address (so the site's Content-Security-Policy
#: allows it) – a way around every check of the pages.  Anything else is refused with this list.
DOWNLOAD_TYPES = (".pdf", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".avif", ".ics", ".txt", ".csv", ".odt",
                  ".ods", ".odp", ".docx", ".xlsx", ".pptx", ".doc", ".xls", ".ppt", ".zip", ".mp3", ".mp4")


def _download_type(output: Output) -> Problem | None:
    suffix = posixpath.splitext(output.path)[1].lower()
    if suffix in DOWNLOAD_TYPES:
        return None
    kind = f"Dateityp „{suffix}“" if suffix else "Eine Datei ohne Endung"
    return Problem(output.origin.file or output.path, None, "",
                   f"{kind} ist unter den Dateien zum Herunterladen nicht erlaubt (Webseiten, Skripte und "
                   f"SVG-Grafiken liefen dort als Teil der Website); erwartet: eine Datei vom Typ "
                   f"{', '.join(DOWNLOAD_TYPES)} – eine Grafik z. B. als .png")


def _claims(page: Page, addresses: Addresses) -> bool:
    """Whether the page's file is not the one its own file name gives (it set slug, url or save_as to get it)."""
    stem = page.source.stem
    own = addresses.draft_save_as if page.status == "draft" else addresses.save_as
    return page.output_file != own.format(slug=stem)


def _collision(newcomer: Output, page: Page | None, subject: str, tail: str) -> Problem:
    """The problem on the later writer: the page's save_as or slug line, or the data record's."""
    if page is None:
        origin = newcomer.origin
        return Problem(origin.file or "Einstellungen", origin.line, origin.field,
                       f"Datei „{subject}“ {tail}; erwartet: ein eigener Dateiname")
    keys = dict(page.origin.key_lines)
    if "save_as" in keys:
        return Problem(page.name, keys["save_as"], "save_as", f"Datei „{subject}“ {tail}; erwartet: ein eigener "
                                                              "Dateiname")
    # Without save_as the slug chose the file (a url that disagrees with it is reported when loading).
    return Problem(page.name, keys.get("slug", 1), "slug", f"Adresse „{page.address or '/'}“ {tail}; erwartet: ein "
                                                           "eigener Slug")


def plan(pages: Iterable[Page], termine: Termine, gruppen: Verzeichnis, reserved: Iterable[Output], content: Path,
         root: Path, static_paths: Iterable[str], addresses: Addresses) -> Outputs:
    """Every file of the build; raises :class:`DataError` for each file that two writers would write.

    ``reserved`` are Pelican's files (see above); ``static_paths`` its ``STATIC_PATHS`` below ``content``.
    """
    pages = tuple(pages)
    files: dict[str, Output] = {}
    folders: dict[str, Output] = {}  # every folder some output lies in, with the first output that needs it
    problems: list[Problem] = []
    static_paths = tuple(static_paths)
    static = static_files(content, root, static_paths, problems)

    def add(output: Output, page: Page | None = None) -> None:
        path = output.path
        parts = path.split("/")
        parents = ["/".join(parts[:n]) for n in range(1, len(parts))]
        inside = next((p for p in parents if p in files), None)
        clash = files.get(path)
        if clash is not None:
            tail = f"ist schon vergeben an {clash.what}"
        elif path in folders:
            tail = f"ist schon vergeben an den Ordner „{path}/“ (für {folders[path].what})"
        elif inside is not None:
            tail = f"läge im Ordner „{inside}/“, doch „{inside}“ ist schon vergeben an {files[inside].what}"
        else:
            files[path] = output
            for parent in parents:
                folders.setdefault(parent, output)
            return
        problems.append(_collision(output, page, path, tail))

    for output in reserved:
        add(output)
    add(Output(o.SITEMAP, "die Sitemap für Suchmaschinen"))
    if gruppen.anzahl:
        add(Output(o.FINDER, "die Daten des Gruppenfinders"))
    add(Output(o.FACTSHEET, "das Faktenblatt (PDF)"))
    for termin in termine.datiert():
        add(Output(termin.ics_url, f"den Kalender des Termins „{termin.id}“", termin.origin))
    arten = {art.id: art.origin for art in termine.arten}
    for abo in termine.abos:
        add(Output(abo.pfad, f"das Kalender-Abo „{abo.titel}“", arten.get(abo.id, Origin())))
    for g in gruppen.alle:
        add(Output(g.ics_url, f"den Kalender der Gruppe „{g.id}“", g.origin))
    for land in gruppen.mit_gruppen:
        for seite in land.seiten:
            number = f" (Seite {seite.nummer})" if seite.nummer > 1 else ""
            add(Output(seite.save_as, f"die Gruppenseite für {land.land.name}{number}"))
    for output in static:
        problem = _download_type(output)
        if problem:
            problems.append(problem)
        else:
            add(output)
    ordered = sorted(pages, key=lambda p: (_claims(p, addresses), p.name))
    for page in ordered:
        add(Output(page.output_file, page.name, page.origin), page)
    # The parents' flyer of each language whose parents' page is published (issue 15), once per language:
    # two pages with that slug are the pages' collision, reported above.
    flyers = {p.lang: p for p in reversed(ordered) if p.slug == o.FLYER_PAGE and p.status == "published"}
    for lang, page in sorted(flyers.items()):
        add(Output(o.flyer(lang), f"den Elternflyer ({lang}, PDF) aus {page.name}", page.origin))
    if problems:
        raise DataError(problems)
    shown = display_path(content, root)
    return Outputs(
        files=files,
        pages={p.source.relative_to(content).as_posix(): p.output_file for p in ordered},
        static={s.path: s.path for s in static},
        static_folders=tuple(f"{shown}/{folder}/" for folder in static_paths),
    )
