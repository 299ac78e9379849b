"""Reading and checking the pages of ``content/pages/``: the front matter and the headings.

A page starts with YAML front matter – ``title:``, ``summary:`` … between two
lines ``---``, the form the browser editor (Decap CMS) reads and writes – and the
Markdown body follows.  A missing title or description, an unknown key (a typo
such as ``tilte:``), a value that is not allowed, a second first-level heading or
a ``url:`` that does not lead to the page's file stop the build with the file and
the line – checked here, with the data files, before anything is rendered.  (Two
pages with one file, or a page on another output's file, are checked with every
output of the build: :mod:`wir2.load.outputs`.)

The pages are found as Pelican finds them (:func:`page_files`), so both see the
same files.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model.origin import Origin
from ..model.outputs import file_of
from ..model.pages import Page
from ..problems import DataError, Problem, display_path
from . import schema as s
from . import source, yamlsource
from .schema import Checker, Invalid, Parser, Record
from .yamlsource import Mapping

REQUIRED = ("title", "summary")
ALLOWED = {
    "title": "Seitentitel (die Überschrift h1)",
    "summary": "Beschreibung für Suchmaschinen (1–2 Sätze)",
    "slug": "Adresse der Seite, z. B. konzept",
    "section": "Bereich in der Navigation: alleinerziehende, partner, gruppenleitung, termine, kontakt",
    "nav_title": "kurzer Name in der Navigation",
    "order": "Reihenfolge in der Navigation, eine ganze Zahl (ohne: am Ende)",
    "template": "Vorlage (nur nach Absprache)",
    "save_as": "Dateiname (nur nach Absprache)",
    "url": "Adresse (nur nach Absprache)",
    "status": "published, hidden oder draft",
    "modified": "Datum der letzten inhaltlichen Änderung, z. B. 2025-05-06",
    "geprueft_am": "Datum, an dem der Text zuletzt geprüft wurde und noch stimmte, z. B. 2026-12-02",
    "zielgruppe_geprueft": "nur Leichte Sprache: Datum, an dem Menschen der Zielgruppe den Text geprüft haben",
    "lang": "nur Übersetzungen: Sprachcode, z. B. uk (die deutsche Seite mit demselben Dateinamen ist das Original)",
    "uebersetzung_geprueft": "nur Übersetzungen: Datum, an dem ein Mensch mit dieser Muttersprache sie geprüft hat",
}
#: What only a translation says.
TRANSLATION_ONLY = ("lang", "uebersetzung_geprueft")
#: What only the German original says: a translation is reached through it, not through the navigation.
ORIGINAL_ONLY = ("section", "nav_title", "order", "slug", "url", "save_as", "template")
STATUSES = ("published", "hidden", "draft")
#: The file names Pelican reads as Markdown; files whose name starts with a dot (editor backups,
#: ``.#konzept.md`` locks, macOS ``._`` files) are not pages.
EXTENSIONS = ("md", "markdown", "mkd", "mdown")
_META_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):(.*)$")
_H1 = re.compile(r"^(#(?!#)\s*\S.*|=+\s*|.*<h1[\s>].*)$", re.IGNORECASE)
#: The theme's templates made for a page of content/pages/ (``Template: …``); the others need what
#: only the site's own writers give them (gruppen-land.html a Land, 404.html no page at all).
PAGE_TEMPLATES = ("page", "home", "termine", "gruppen", "leicht")


FENCE = "---"
#: Keys of the front matter whose value is text (the others have parsers of their own).
TEXT_KEYS = ("title", "summary", "nav_title")
_EXAMPLE = "---⏎title: Das Konzept⏎summary: So läuft wir2 ab …⏎---"


@dataclass(frozen=True)
class Header:
    """The front matter: a located mapping (lines as in the file) and the line where the body starts."""

    mapping: Mapping
    body_line: int
    #: The line of the closing ``---``: headings above it belong to the front matter.
    end_line: int


def read_header(text: str, name: str) -> Header:
    """The YAML between the first line ``---`` and the next, read with the data files' rules.

    The opening line is read as an empty line, so every key keeps the line it has in
    the file.  A page without front matter – or with the ``Key: value`` lines of the
    earlier format – is one message that shows the form.
    """
    lines = text.splitlines()
    first = lines[0].rstrip() if lines else ""
    if first != FENCE:
        old = _META_LINE.match(first)
        if old and old.group(1).lower() in ALLOWED:
            expected = (f"die Angaben zur Seite zwischen zwei Zeilen --- am Anfang, in kleinen Buchstaben "
                        f"(„{old.group(1).lower()}:“ statt „{old.group(1)}:“), z. B. {_EXAMPLE}")
            raise DataError([Problem(name, 1, "", f"Kopf im früheren Format; erwartet: {expected}")])
        expected = f"am Anfang der Datei zwischen zwei Zeilen --- mindestens title und summary, z. B. {_EXAMPLE}"
        raise DataError([Problem(name, 1, "", f"Angaben zur Seite fehlen; erwartet: {expected}")])
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == FENCE), None)
    if end is None:
        raise DataError([Problem(name, 1, "", "die Angaben zur Seite enden nicht; erwartet: nach ihnen eine Zeile "
                                              "--- und danach der Text")])
    tree = yamlsource.loads("\n" + "\n".join(lines[1:end]) + "\n", name)
    if tree is None:
        tree = Mapping()
        tree.line, tree.key_lines = 1, {}
    if not isinstance(tree, Mapping):
        raise DataError([Problem(name, 2, "", "die Angaben zur Seite sind keine Liste von Feldern; erwartet: "
                                              "je Zeile „feld: Wert“, z. B. title: Das Konzept")])
    return Header(tree, end + 2, end + 1)


@dataclass(frozen=True)
class Addresses:
    """Where Pelican puts a page (its ``PAGE_URL``, ``PAGE_SAVE_AS``, ``DRAFT_PAGE_SAVE_AS`` settings)."""

    url: str = "{slug}/"
    save_as: str = "{slug}/index.html"
    draft_save_as: str = "drafts/pages/{slug}.html"
    #: A translation (``lang:`` other than German): Pelican's ``PAGE_LANG_URL`` and ``PAGE_LANG_SAVE_AS``.
    lang_url: str = "{lang}/{slug}/"
    lang_save_as: str = "{lang}/{slug}/index.html"


def _segments_ok(value: str) -> bool:
    """A path inside the output folder: no leading ``/``, no ``\\``, no empty, ``.`` or ``..`` part."""
    parts = value.split("/")
    return not value.startswith("/") and "\\" not in value and ":" not in value \
        and all(part not in ("", ".", "..") for part in parts[:-1]) and parts[-1] not in (".", "..")


def save_as(value: Any) -> str:
    """``save_as:``: a file below the output folder (Pelican would refuse one outside with a traceback)."""
    if isinstance(value, str) and _segments_ok(value) and not value.endswith("/"):
        return value
    raise Invalid("ein Dateiname in der Website ohne / am Anfang, z. B. kosten/index.html")


def url(value: Any) -> str:
    """``url:``: an address relative to the site (``kosten/``), as Pelican's ``PAGE_URL`` – the theme puts
    ``SITEURL/`` in front, so a leading ``/`` or a host would make a link to another server."""
    if isinstance(value, str) and _segments_ok(value):
        return value
    raise Invalid("eine Adresse ohne / am Anfang, z. B. kosten/ (leer für die Startseite)")


def url_of(file: str) -> str:
    """The address that serves ``file``: ``kosten/index.html`` → ``kosten/``, ``index.html`` → ``""``."""
    if file == "index.html" or file.endswith("/index.html"):
        return file[: -len("index.html")]
    return file


def _parsers(sections: list[str], templates: Path, languages: tuple[str, ...] | None) -> dict[str, Parser[Any]]:
    """Per metadata key, the parser of its value (each says what is expected)."""

    def template(value: Any) -> str:
        if value in PAGE_TEMPLATES and (templates / f"{value}.html").is_file():
            return str(value)
        usable = [t for t in PAGE_TEMPLATES if (templates / f"{t}.html").is_file()]
        raise Invalid(f"eine Vorlage für Seiten: {', '.join(usable[:-1])} oder {usable[-1]} (die anderen Vorlagen "
                      "in theme/templates schreibt die Website selbst, z. B. die Seiten je Bundesland)")

    def modified(value: Any) -> str:
        try:
            return s.date(value).isoformat()
        except s.OutOfRange:
            raise
        except Invalid:
            raise Invalid("ein Datum wie 2025-05-06") from None

    return {
        "status": s.choice(STATUSES, "published, hidden oder draft"),
        "section": s.choice(sections, "einer von: " + ", ".join(sections)),
        "order": s.integer(0, 999, example=2),
        "template": template,
        "modified": modified,
        "geprueft_am": modified,
        "zielgruppe_geprueft": modified,
        "uebersetzung_geprueft": modified,
        # Unknown languages (data/sprachen/ has a problem of its own): any code, checked with the languages.
        "lang": (s.choice(languages[1:], "ein Sprachcode aus data/sprachen/ außer de: " + ", ".join(languages[1:]))
                 if languages is not None else s.slug),
        "slug": s.slug_with("Kleinbuchstaben a–z, Ziffern und Bindestriche, z. B. leichte-sprache"),
        "save_as": save_as,
        "url": url,
    }


def check_headings(text: str, name: str, after_line: int) -> list[Problem]:
    """The page's h1 is its Title; a first-level heading in the body would be a second one."""
    fenced = False
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if number <= after_line or fenced:
            continue
        if _H1.match(line) and not (line.startswith("=") and number > 1 and not lines[number - 2].strip()):
            return [Problem(name, number, "Überschrift",
                            s.invalid_message(line.strip(), "Überschriften im Text ab „## “ (die Hauptüberschrift "
                                                            "kommt aus „title:“)"))]
    return []


def load_page(path: Path, name: str, sections: list[str], templates: Path,
              addresses: Addresses = Addresses(), languages: tuple[str, ...] | None = ("de",)) -> Page:
    """Read and check one page; raise :class:`~wir2.problems.DataError` with its problems."""
    # One reader for every input: a folder, a link to nowhere, another encoding or a character a
    # word processor hid in the text is a message with the line (wir2.load.source).
    text = source.read_text(path, name)
    assert text is not None
    header = read_header(text, name)
    meta = header.mapping
    checker = Checker(name)
    rec = Record(checker, meta)
    parsers = _parsers(sections, templates, languages)
    values: dict[str, Any] = {}
    for key, raw in meta.items():
        if key not in ALLOWED:
            close = key.lower() if key.lower() in ALLOWED else next(iter(difflib.get_close_matches(key, ALLOWED, 1)),
                                                                    None)
            hint = f"; meinten Sie „{close}“?" if close else ""
            checker.add(meta.key_lines[key], key, "unbekanntes Feld; erlaubt sind: " + ", ".join(ALLOWED) + hint)
        elif raw is None or (raw == "" and key != "url"):
            continue  # an empty field is no field (the editor's form writes cleared fields so)
        elif key in TEXT_KEYS:
            try:
                values[key] = s.text(300 if key == "summary" else 200)(raw)
            except Invalid as exc:
                checker.add(rec.line(key), key, s.invalid_message(raw, exc.expected))
        elif key in parsers:
            try:
                values[key] = parsers[key](raw)
            except Invalid as exc:
                checker.add(rec.line(key), key, s.invalid_message(raw, exc.expected))
        else:
            values[key] = raw
    for key in REQUIRED:
        if key not in values and not any(p.field == key for p in checker.problems):
            line = meta.key_lines.get(key, 1)
            checker.add(line, key, f"fehlt; erwartet zwischen den Zeilen --- am Anfang eine Zeile „{key}: …“ "
                                   f"({ALLOWED[key]})")
    checker.problems.extend(check_headings(text, name, header.end_line))
    lang = values.get("lang")
    if lang is not None:
        for key in ORIGINAL_ONLY:
            if key in values:
                checker.add(meta.key_lines[key], key, f"gilt nur für die deutsche Originalseite; erwartet: in der "
                                                      f"Übersetzung ({lang}) kein Feld „{key}“ – Adresse und "
                                                      f"Navigation kommen vom Original")
    elif "uebersetzung_geprueft" in values:
        checker.add(meta.key_lines["uebersetzung_geprueft"], "uebersetzung_geprueft",
                    "gilt nur für Übersetzungen; erwartet: dieses Feld nur zusammen mit „lang:“")
    slug = values.get("slug") or path.stem
    if "slug" not in values and not s.SLUG.match(slug):
        checker.add(1, "slug", s.invalid_message(path.name, "ein Dateiname aus Kleinbuchstaben a–z, Ziffern und "
                                                            "Bindestrichen (oder eine Zeile „slug: …“)"))
    checker.raise_if_any()
    status = values.get("status", "published")
    # What Pelican is given is what was checked: the date as 2025-05-06, however it was typed.
    metadata = dict(values)
    given_url, given_file = values.get("url"), values.get("save_as")
    if lang is not None:
        address = addresses.lang_url.format(slug=slug, lang=lang)
        output_file = addresses.lang_save_as.format(slug=slug, lang=lang)
    else:
        address = given_url if given_url is not None else addresses.url.format(slug=slug)
        output_file = given_file if given_file is not None else addresses.save_as.format(slug=slug)
    if status != "draft" and file_of(address) != output_file:
        # Navigation, sitemap and links use the address; Pelican writes the file: they must agree.
        key = "url" if given_url is not None else "save_as" if given_file is not None else "slug"
        suggestion = (f"url: {address} und save_as: {file_of(address)}" if key != "save_as"
                      else f"url: {url_of(output_file)} und save_as: {output_file}")
        checker.add(meta.key_lines.get(key, 1), key,
                    f"Adresse „{address}“ führt nicht zur Datei der Seite ({output_file}); erwartet: url und "
                    f"save_as passend zueinander, z. B. {suggestion}")
        checker.raise_if_any()
    return Page(
        source=path,
        name=name,
        title=values["title"],
        summary=values["summary"],
        slug=slug,
        body="\n".join(text.splitlines()[header.body_line - 1:]),
        body_line=header.body_line,
        address=address,
        output_file=addresses.draft_save_as.format(slug=slug) if status == "draft" else output_file,
        section=values.get("section"),
        nav_title=values.get("nav_title"),
        template=values.get("template"),
        order=values.get("order"),
        status=status,
        modified=values.get("modified"),
        geprueft_am=values.get("geprueft_am"),
        lang=lang or "de",
        uebersetzung_geprueft=values.get("uebersetzung_geprueft"),
        metadata=tuple(metadata.items()),
        origin=Origin(name, 1, "", tuple(meta.key_lines.items())),
    )


def page_files(folder: Path, root: Path) -> tuple[list[Path], list[Problem]]:
    """The Markdown files below ``folder`` that are pages, in a fixed order, and what stops the walk.

    Every other file stops it too: ``kosten.MD``, ``kosten.md.txt`` or a picture there would
    not be on the site, though an editor who put it there expects it to be.

    Pelican walks the folder with ``os.walk(followlinks=True)``, skipping names that
    start with a dot (``IGNORE_FILES``); so does this, so that the data layer and
    Pelican see the same pages, a linked folder included.  Where they would differ,
    the build stops here, each with one problem: a link back to a folder it lies in
    (Pelican would follow the loop until the path is too long, hundreds of files
    deep), a linked page whose target is gone, a folder that cannot be read.
    """
    files: list[Path] = []
    problems: list[Problem] = []

    def shown(path: Path) -> str:
        # The path as it is written, never resolved: a link is named by its own name.
        return f"{display_path(folder, root)}/{path.relative_to(folder).as_posix()}"

    def walk(current: Path, chain: tuple[str, ...]) -> None:
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            problems.append(Problem(shown(current) if current != folder else display_path(folder, root), None, "",
                                    "Ordner lässt sich nicht lesen; erwartet: ein Ordner mit Leserechten"))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = current / entry.name
            leaving = source.outside_problem(path, root, shown(path)) if entry.is_symlink() else None
            if leaving is not None:
                problems.append(leaving)
                continue
            if entry.is_dir():
                real = os.path.realpath(path)
                if real in chain:
                    problems.append(Problem(shown(path), None, "", "Ordner-Verknüpfung führt im Kreis: sie zeigt auf "
                                            f"{display_path(real, root)}, in dem sie selbst liegt; erwartet: eine "
                                            f"Verknüpfung auf einen Ordner außerhalb von {display_path(folder, root)}"
                                            ", oder keine"))
                    continue
                walk(path, (*chain, real))
            elif path.suffix.lstrip(".") in EXTENSIONS:
                if entry.is_file():
                    files.append(path)
                else:
                    problems.append(Problem(shown(path), None, "", "Verknüpfung zeigt auf eine Datei, die es nicht "
                                            "gibt; erwartet: die Seite selbst oder eine Verknüpfung auf eine "
                                            "vorhandene Datei"))
            else:
                ending = f"die Endung „{path.suffix}“" if path.suffix else "keine Endung"
                problems.append(Problem(shown(path), None, "", f"ist keine Seite ({ending}) und stünde nicht auf "
                                        "der Website; erwartet: eine Seite mit der Endung .md, Bilder und Dateien "
                                        "zum Herunterladen in content/downloads/"))

    walk(folder, (os.path.realpath(folder),))
    return sorted(files), problems


def load_pages(folder: Path, root: Path, sections: list[str], templates: Path,
               addresses: Addresses = Addresses(), languages: tuple[str, ...] | None = ("de",)) -> tuple[Page, ...]:
    """Every page below ``folder``, checked; all problems of all pages at once.

    A translation (``lang:``) needs its German original – the page with the same slug – and each
    language has one translation of it at most (Pelican links them by the slug).
    """
    files, problems = page_files(folder, root)
    pages = []
    for path in files:
        try:
            name = f"{display_path(folder, root)}/{path.relative_to(folder).as_posix()}"
            pages.append(load_page(path, name, sections, templates, addresses, languages))
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    originals = {p.slug: p for p in pages if p.lang == "de"}
    seen: dict[tuple[str, str], Page] = {}
    for page in pages:
        if page.lang == "de":
            continue
        line = page.origin.line_of("lang")
        if page.slug not in originals:
            problems.append(Problem(page.name, line, "lang", f"Übersetzung ohne deutsches Original; erwartet: eine "
                                                             f"Seite {page.slug}.md auf Deutsch mit demselben "
                                                             f"Dateinamen"))
        elif (page.slug, page.lang) in seen:
            problems.append(Problem(page.name, line, "lang", f"zweite Übersetzung ({page.lang}) von "
                                                             f"{originals[page.slug].name}; erwartet: eine je Sprache "
                                                             f"(die erste: {seen[page.slug, page.lang].name})"))
        seen.setdefault((page.slug, page.lang), page)
    if problems:
        raise DataError(problems)
    return tuple(pages)
