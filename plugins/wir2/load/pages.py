"""Reading and checking the pages of ``content/pages/``: the metadata block and the headings.

A page starts with ``Key: value`` lines (``Title:``, ``Summary:`` …) up to the
first blank line; the Markdown body follows.  A missing title or description, an
unknown key (a typo such as ``Tilte:``), a value that is not allowed, a second
first-level heading or two pages with the same address stop the build with the
file and the line – checked here, with the data files, before anything is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model.origin import Origin
from ..model.pages import Page
from ..problems import DataError, Problem, display_path
from . import schema as s
from .schema import Checker, Invalid, Parser, Record
from .yamlsource import Mapping

REQUIRED = ("title", "summary")
ALLOWED = {
    "title": "Seitentitel (die Überschrift h1)",
    "summary": "Beschreibung für Suchmaschinen (1–2 Sätze)",
    "slug": "Adresse der Seite, z. B. konzept",
    "section": "Bereich in der Navigation: alleinerziehende, partner, gruppenleitung, termine, kontakt",
    "nav_title": "kurzer Name in der Navigation",
    "order": "Reihenfolge in der Navigation",
    "template": "Vorlage (nur nach Absprache)",
    "save_as": "Dateiname (nur nach Absprache)",
    "url": "Adresse (nur nach Absprache)",
    "status": "published, hidden oder draft",
    "modified": "Datum der letzten inhaltlichen Änderung, z. B. 2025-05-06",
}
STATUSES = ("published", "hidden", "draft")
#: The file names Pelican reads as Markdown; files whose name starts with a dot (editor backups,
#: ``.#konzept.md`` locks, macOS ``._`` files) are not pages.
EXTENSIONS = ("md", "markdown", "mkd", "mdown")
_META_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):(.*)$")
_H1 = re.compile(r"^(#(?!#)\s*\S.*|=+\s*|.*<h1[\s>].*)$", re.IGNORECASE)
_TEMPLATE_NAME = re.compile(r"[a-z0-9_-]+")


@dataclass(frozen=True)
class Header:
    """The metadata block: a located mapping of lower-case keys, the line where the body starts,
    and the keys written twice (``(key, line)`` of each repetition)."""

    mapping: Mapping
    body_line: int
    repeated: tuple[tuple[str, int], ...] = ()


def read_header(text: str) -> Header:
    """``Key: value`` lines at the top, up to the first blank line.

    The rules of Python-Markdown's ``meta`` extension, which Pelican's own reader
    uses: a key starts its line; a line indented by four spaces or more continues
    the value above it; any other line ends the block and starts the body.
    """
    mapping = Mapping()
    mapping.line = 1
    mapping.key_lines = {}
    repeated: list[tuple[str, int]] = []
    lines = text.splitlines()
    key: str | None = None
    number = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            return Header(mapping, number + 1, tuple(repeated))
        match = _META_LINE.match(line)
        if match:
            key = match.group(1).lower()
            if key in mapping:
                repeated.append((key, number))
                continue
            mapping[key] = match.group(2).strip()
            mapping.key_lines[key] = number
        elif line.startswith("    ") and key is not None:
            if (key, mapping.key_lines.get(key)) not in repeated:
                mapping[key] = f"{mapping[key]}\n{line.strip()}"
        else:
            return Header(mapping, number, tuple(repeated))
    return Header(mapping, number + 1, tuple(repeated))


@dataclass(frozen=True)
class Addresses:
    """Where Pelican puts a page (its ``PAGE_URL``, ``PAGE_SAVE_AS``, ``DRAFT_PAGE_SAVE_AS`` settings)."""

    url: str = "{slug}/"
    save_as: str = "{slug}/index.html"
    draft_save_as: str = "drafts/pages/{slug}.html"


def _parsers(sections: list[str], templates: Path) -> dict[str, Parser[Any]]:
    """Per metadata key, the parser of its value (each says what is expected)."""

    def template(value: Any) -> str:
        if isinstance(value, str) and _TEMPLATE_NAME.fullmatch(value) and (templates / f"{value}.html").is_file():
            return value
        raise Invalid("der Name einer Vorlage in theme/templates, z. B. page")

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
        "order": s.digits,
        "template": template,
        "modified": modified,
        "slug": s.slug_with("Kleinbuchstaben a–z, Ziffern und Bindestriche, z. B. leichte-sprache"),
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
                                                            "kommt aus „Title:“)"))]
    return []


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = ("UTF-8 erwartet: die Datei ist in einer anderen Kodierung gespeichert "
                   "(im Editor „Speichern unter …“ → Kodierung UTF-8)")
        raise DataError([Problem(name, line, "", message)]) from None


def load_page(path: Path, name: str, sections: list[str], templates: Path,
              addresses: Addresses = Addresses()) -> Page:
    """Read and check one page; raise :class:`~wir2.problems.DataError` with its problems."""
    text = _decode(path.read_bytes(), name)
    header = read_header(text)
    meta = header.mapping
    checker = Checker(name)
    rec = Record(checker, meta)
    parsers = _parsers(sections, templates)
    values: dict[str, Any] = {}
    for key, raw in meta.items():
        if key not in ALLOWED:
            checker.add(meta.key_lines[key], key, "unbekanntes Metadatenfeld; erlaubt sind: "
                        + ", ".join(k.capitalize() for k in ALLOWED))
        elif key in parsers and raw:
            try:
                values[key] = parsers[key](raw)
            except Invalid as exc:
                checker.add(rec.line(key), key.capitalize(), s.invalid_message(raw, exc.expected))
    for key, line in header.repeated:
        checker.add(line, key.capitalize(), f"steht doppelt (zuerst in Zeile {meta.key_lines[key]}); "
                                            "jedes Feld nur einmal angeben")
    for key in REQUIRED:
        if not meta.get(key):
            line = meta.key_lines.get(key, 1)
            checker.add(line, key.capitalize(), f"fehlt; erwartet am Anfang der Datei eine Zeile „{key.capitalize()}: "
                                                f"…“ ({ALLOWED[key]})")
    checker.problems.extend(check_headings(text, name, max(meta.key_lines.values(), default=0)))
    slug = values.get("slug") or path.stem
    if "slug" not in values and not s.SLUG.match(slug):
        checker.add(1, "Slug", s.invalid_message(path.name, "ein Dateiname aus Kleinbuchstaben a–z, Ziffern und "
                                                            "Bindestrichen (oder eine Zeile „Slug: …“)"))
    checker.raise_if_any()
    status = values.get("status", "published")
    # What Pelican is given is what was checked: the date as 2025-05-06, however it was typed.
    metadata = {**meta, **({"modified": values["modified"]} if "modified" in values else {})}
    url = meta.get("url")
    save_as = meta.get("save_as")
    return Page(
        source=path,
        name=name,
        title=meta["title"],
        summary=meta["summary"],
        slug=slug,
        body="\n".join(text.splitlines()[header.body_line - 1:]),
        body_line=header.body_line,
        address=url if url is not None else addresses.url.format(slug=slug),
        output_file=(addresses.draft_save_as.format(slug=slug) if status == "draft"
                     else save_as if save_as is not None else addresses.save_as.format(slug=slug)),
        section=meta.get("section") or None,
        nav_title=meta.get("nav_title") or None,
        template=meta.get("template") or None,
        status=status,
        modified=values.get("modified"),
        metadata=tuple(metadata.items()),
        origin=Origin(name, 1, "", tuple(meta.key_lines.items())),
    )


def check_unique_addresses(pages: Iterable[Page]) -> list[Problem]:
    """Two pages written to the same file would silently overwrite each other.

    Pages are taken in Pelican's order (published by file name, then hidden, then
    drafts); the later of two is reported.
    """
    order = {"published": 0, "hidden": 1, "draft": 2}
    seen: dict[str, Page] = {}
    problems = []
    for page in sorted(pages, key=lambda p: (order[p.status], p.source.name)):
        other = seen.get(page.output_file)
        if other is None:
            seen[page.output_file] = page
            continue
        keys = dict(page.origin.key_lines)
        line = keys.get("slug", keys.get("save_as", 1))
        problems.append(Problem(page.name, line, "Slug", f"Adresse „{page.address or '/'}“ ist schon vergeben an "
                                                         f"{other.name}; erwartet: ein eigener Slug"))
    return problems


def page_files(folder: Path) -> list[Path]:
    """The Markdown files below ``folder`` that are pages, in a fixed order."""
    return sorted(p for p in folder.rglob("*") if p.suffix.lstrip(".") in EXTENSIONS
                  and not p.name.startswith(".") and p.is_file())


def load_pages(folder: Path, root: Path, sections: list[str], templates: Path,
               addresses: Addresses = Addresses()) -> tuple[Page, ...]:
    """Every page below ``folder``, checked; all problems of all pages at once."""
    pages, problems = [], []
    for path in page_files(folder):
        try:
            pages.append(load_page(path, display_path(path, root), sections, templates, addresses))
        except DataError as exc:
            problems.extend(exc.problems)
    problems.extend(check_unique_addresses(pages))
    if problems:
        raise DataError(problems)
    return tuple(pages)
