"""Pelican plugin: Markdown pages that can use site data, with checked metadata.

Pages are Markdown for the editors, but figures such as fees or dates must come
from ``data/`` (one source of truth).  So the Markdown source is first rendered
as a Jinja template with the site data (``{{ kosten.schulung.betrag | euro }}``)
and the theme's macros, then converted as usual.

Before that, the metadata block is checked: a missing title or description, an
unknown key (a typo such as ``Tilte:``) or two pages with the same address stop
the build with the file and the line.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable
from pathlib import Path

import jinja2
from pelican import signals
from pelican.readers import MarkdownReader

from wir2.build import report_in_reader
from wir2 import schema as s
from wir2.errors import DataError, Problem, display_path

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
_META_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):(.*)$")


def read_metadata_lines(text: str) -> dict[str, tuple[int, str]]:
    """Return ``key -> (line, value)`` for the metadata block at the top of a Markdown file."""
    found: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break
        match = _META_LINE.match(line)
        if match:
            found[match.group(1).lower()] = (number, match.group(2).strip())
        elif not line.startswith((" ", "\t")):
            break
    return found


def _value_checks(settings: dict) -> dict[str, tuple[Callable[[str], bool], str]]:
    """Per metadata key: a test of the value and what is expected."""
    sections = [key for key, *_ in settings.get("NAVIGATION", [])]
    templates = Path(settings["THEME"]) / "templates"

    def is_date(value: str) -> bool:
        try:
            s.date(value)
            return True
        except s.Invalid:
            return False

    return {
        "status": (lambda v: v in ("published", "hidden", "draft"), "published, hidden oder draft"),
        "section": (lambda v: v in sections, "einer von: " + ", ".join(sections)),
        "order": (lambda v: v.isdigit(), "eine ganze Zahl, z. B. 2"),
        "template": (lambda v: re.fullmatch(r"[a-z0-9_-]+", v) is not None and (templates / f"{v}.html").is_file(),
                     "der Name einer Vorlage in theme/templates, z. B. page"),
        "modified": (is_date, "ein Datum wie 2025-05-06"),
        "slug": (lambda v: re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", v) is not None,
                 "Kleinbuchstaben a–z, Ziffern und Bindestriche, z. B. leichte-sprache"),
    }


_H1 = re.compile(r"^(#(?!#)\s*\S.*|=+\s*|.*<h1[\s>].*)$", re.IGNORECASE)


def check_metadata(text: str, name: str, settings: dict | None = None) -> list[Problem]:
    meta = read_metadata_lines(text)
    checks = _value_checks(settings) if settings else {}
    problems = []
    for key, (line, value) in meta.items():
        if key not in ALLOWED:
            problems.append(Problem(name, line, key, "unbekanntes Metadatenfeld; erlaubt sind: "
                                    + ", ".join(k.capitalize() for k in ALLOWED)))
        elif key in checks and value and not checks[key][0](value):
            problems.append(Problem(name, line, key.capitalize(),
                                    f"Wert {s.show(value)} ist ungültig; erwartet: {checks[key][1]}"))
    for key in REQUIRED:
        if key not in meta or not meta[key][1]:
            line = meta[key][0] if key in meta else 1
            problems.append(Problem(name, line, key.capitalize(),
                                    f"fehlt; erwartet am Anfang der Datei eine Zeile „{key.capitalize()}: …“ "
                                    f"({ALLOWED[key]})"))
    problems.extend(check_headings(text, name, max((line for line, _ in meta.values()), default=0)))
    return problems


def check_headings(text: str, name: str, after_line: int) -> list[Problem]:
    """The page's h1 is its Title; a first-level heading in the body would be a second one."""
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if number <= after_line or fenced:
            continue
        if _H1.match(line) and not (line.startswith("=") and number > 1 and not text.splitlines()[number - 2].strip()):
            return [Problem(name, number, "Überschrift",
                            f"Wert {s.show(line.strip())} ist ungültig; erwartet: Überschriften im Text ab „## “ "
                            "(die Hauptüberschrift kommt aus „Title:“)")]
    return []


class JinjaMarkdownReader(MarkdownReader):
    """Markdown reader that renders the source through Jinja first."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(Path(self.settings["THEME"]) / "templates")),
            undefined=jinja2.StrictUndefined,
            autoescape=True,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(self.settings.get("JINJA_GLOBALS", {}))
        self.env.globals["SITEURL"] = self.settings.get("SITEURL", "")
        self.env.filters.update(self.settings.get("JINJA_FILTERS", {}))

    def read(self, source_path):
        try:
            return self._read(source_path)
        except DataError as exc:
            raise report_in_reader(exc) from None

    def _read(self, source_path):
        name = display_path(source_path, Path(self.settings["PATH"]).parent)
        raw = Path(source_path).read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise DataError([Problem(name, line, "", "UTF-8 erwartet: die Datei ist in einer anderen "
                                     "Kodierung gespeichert (im Editor „Speichern unter …“ → Kodierung UTF-8)")]) from None
        problems = check_metadata(text, name, self.settings)
        if problems:
            raise DataError(problems)
        text = self._render(text, source_path, name)
        self._source_path = source_path
        self._md = self._markdown()
        content = self._md.convert(text)
        metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        return content, metadata

    def _markdown(self):
        from markdown import Markdown

        return Markdown(**self.settings["MARKDOWN"])

    def _render(self, text: str, source_path: str, name: str) -> str:
        try:
            code = self.env.compile(text, name=name, filename=str(source_path))
            template = self.env.template_class.from_code(self.env, code, self.env.make_globals(None))
            return template.render()
        except jinja2.TemplateSyntaxError as exc:
            raise DataError([Problem(name, exc.lineno, "", f"Platzhalter {{{{ … }}}} fehlerhaft: {exc.message}")]) from None
        except jinja2.UndefinedError as exc:
            raise DataError([Problem(name, _template_line(exc, source_path), "",
                                     f"unbekannter Platzhalter: {exc.message}")]) from None
        except jinja2.TemplateNotFound as exc:
            raise DataError([Problem(name, _template_line(exc, source_path), "",
                                     f"Vorlage „{exc.name}“ gibt es nicht in theme/templates")]) from None
        except Exception as exc:  # noqa: BLE001 - e.g. a filter used wrongly: still the page's line
            raise DataError([Problem(name, _template_line(exc, source_path), "",
                                     f"Platzhalter lässt sich nicht ausführen: {exc}")]) from None


def _template_line(exc: BaseException, source_path: str) -> int | None:
    """The page's line in Jinja's rewritten traceback (frames of the page carry its file name)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == str(source_path)]
    return frames[-1].lineno if frames else None


def add_reader(readers) -> None:
    for ext in JinjaMarkdownReader.file_extensions:
        readers.reader_classes[ext] = JinjaMarkdownReader


def check_unique_addresses(generator) -> None:
    """Two pages written to the same file would silently overwrite each other."""
    seen: dict[str, object] = {}
    problems = []
    root = Path(generator.settings["PATH"]).parent
    for page in [*generator.pages, *generator.hidden_pages, *generator.draft_pages]:
        other = seen.get(page.save_as)
        if other is not None:
            name = display_path(page.source_path, root)
            meta = read_metadata_lines(Path(page.source_path).read_text(encoding="utf-8"))
            line = meta.get("slug", meta.get("save_as", (1, "")))[0]
            problems.append(Problem(name, line, "Slug",
                                    f"Adresse „{page.url or '/'}“ ist schon vergeben an "
                                    f"{display_path(other.source_path, root)}; erwartet: ein eigener Slug"))
        else:
            seen[page.save_as] = page
    if problems:
        raise DataError(problems)


def register() -> None:
    signals.readers_init.connect(add_reader)
    signals.page_generator_finalized.connect(check_unique_addresses)
