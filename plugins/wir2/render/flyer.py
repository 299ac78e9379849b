"""The parents' flyer (issue 15): one A4 page per language, made from that language's parents' page.

Kitas and Jobcenters print it for parents who read German poorly, so it says
only what the parents' page of that language says – its title, lead and
introduction and the list under the heading ``#so-lauft-das-training-ab`` – taken
from the page *as rendered* (placeholders filled in, never retyped), plus the
team's contact from ``data/kontakt.yml``, a QR code to the page's public address
with that address printed beneath, an empty framed field for a local group's
contact and the build date.  The few words of its own (headings, labels) are
the ``flyer:`` block of ``data/sprachen/<code>.yml``.

Like the fact sheet (:mod:`wir2.render.factsheet`, whose PDF machinery it shares)
it is a Jinja template (``theme/elternflyer/``) rendered by WeasyPrint: tagged
PDF/UA-1, the document's language from ``<html lang>``, right-to-left where the
language file says ``richtung: rtl`` (the stylesheet uses logical properties
only), fonts embedded and subset.  The fonts are Debian's Noto fonts
(``fonts-noto-core``): Noto Sans for Latin and Cyrillic and Noto Naskh Arabic
where the text has Arabic script.  The flyer must fit one page; when the text
would need a second one the build stops with a German message naming the
language.  Rendered PDFs are kept in the build's cache like the fact sheet.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import jinja2

from .. import german
from ..cache import Store
from ..model import outputs
from ..model.pages import Page
from ..model.site import Site
from ..model.sprachen import Sprache
from ..problems import DataError, Problem
from . import factsheet, jinja, typography

log = logging.getLogger("wir2.elternflyer")

TEMPLATE = "elternflyer.html"
#: The list the flyer shows: the one under this heading of the parents' page.
HEADING_ID = "so-lauft-das-training-ab"
#: The page the flyer is made from, by its address below the language's folder.
PAGE_SLUG = outputs.FLYER_PAGE
#: Debian's fonts-noto-core puts the fonts here.
FONT_FOLDER = Path("/usr/share/fonts/truetype/noto")
#: (family, file, weight) – Latin, Cyrillic and the rest of Noto Sans' scripts …
LATIN = (("wir2 Noto Sans", "NotoSans-Regular.ttf", 400), ("wir2 Noto Sans", "NotoSans-Bold.ttf", 700))
#: … and, for text in Arabic script (Arabic, Persian), Noto Naskh Arabic first.
ARABIC = (("wir2 Noto Naskh Arabic", "NotoNaskhArabic-Regular.ttf", 400),
          ("wir2 Noto Naskh Arabic", "NotoNaskhArabic-Bold.ttf", 700))
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
#: The labels every language file's ``flyer:`` block has (data/sprachen/<code>.yml).
FIELDS = ("art", "team", "email", "telefon", "qr_alt", "qr_text", "vor_ort", "vor_ort_hinweis",
          "stand", "link")
INSTALL_FONTS = "bitte installieren – Debian/Ubuntu: sudo apt-get install fonts-noto-core"


def save_as(code: str) -> str:
    """``downloads/wir2-eltern-uk.pdf`` (the build's plan of files, :mod:`wir2.model.outputs`)."""
    return outputs.flyer(code)


# --- what the flyer says ------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A piece of inline text: bold (``<strong>``/``<b>``) or not, and its language where the page marks one
    (``<span lang="de">`` around a German motto in a translation) – the PDF tags it with that language."""

    text: str
    strong: bool = False
    lang: str | None = None


@dataclass(frozen=True)
class Inhalt:
    """What the flyer takes from the page: the lead, the introduction, the heading and its list."""

    lead: tuple[Run, ...]
    intro: tuple[tuple[Run, ...], ...]
    heading: str
    items: tuple[tuple[Run, ...], ...]


def _file(sprache: Sprache) -> str:
    return sprache.origin.file or f"data/sprachen/{sprache.code}.yml"


@dataclass(frozen=True)
class Source:
    """The parents' page of one language as rendered: its file (for messages), address, title and HTML."""

    name: str  # content/pages/uk/konzept.md
    address: str  # uk/konzept/
    title: str
    content: str  # the body's HTML
    summary: str = ""  # the summary's HTML (used when the page has no lead paragraph)


class _Parts(HTMLParser):
    """Collects the lead, the introduction and the list under :data:`HEADING_ID` from a page's HTML.

    Text keeps only what the flyer prints: bold stays bold, links become their text
    (a PDF on paper links nowhere), everything else is plain text.
    """

    BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "div", "table", "blockquote"})
    VOID = frozenset({"br", "img", "hr", "wbr", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lead: list[Run] | None = None
        self.intro: list[list[Run]] = []
        self.heading: list[str] | None = None
        self.items: list[list[Run]] = []
        self._seen_heading = False  # any h2–h6 so far: the introduction ends there
        self._in_target = False  # between the target heading and the next heading
        self._list_done = False
        self._list_depth = 0
        self._strong = 0
        self._langs: list[tuple[str, str | None]] = []  # (tag, lang) of each open inline element
        self._current: list[Run] | None = None
        self._heading_text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self._seen_heading = True
            self._in_target = values.get("id") == HEADING_ID and self.heading is None
            if self._in_target:
                self.heading = []
                self._heading_text = self.heading
            return
        if tag not in self.BLOCKS and tag not in self.VOID:
            self._langs.append((tag, values.get("lang") or (self._langs[-1][1] if self._langs else None)))
        if tag in ("strong", "b"):
            self._strong += 1
        elif tag in ("ul", "ol") and self._in_target and not self._list_done:
            self._list_depth += 1
        elif tag == "li" and self._in_target and self._list_depth == 1:
            self._current = []
            self.items.append(self._current)
        elif tag == "p" and not self._seen_heading and self._list_depth == 0:
            self._current = []
            if "lead" in (values.get("class") or "").split() and self.lead is None:
                self.lead = self._current
            else:
                self.intro.append(self._current)
        elif tag == "br" and self._current is not None:
            self._current.append(Run(" "))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.BLOCKS and tag not in self.VOID:
            while self._langs:  # up to the element that ends (HTML may leave one open)
                if self._langs.pop()[0] == tag:
                    break
        if re.fullmatch(r"h[1-6]", tag):
            self._heading_text = None
        elif tag in ("strong", "b"):
            self._strong = max(0, self._strong - 1)
        elif tag in ("ul", "ol") and self._list_depth:
            self._list_depth -= 1
            if self._list_depth == 0:
                self._list_done = True
                self._current = None
        elif tag in ("p", "li") and self._list_depth <= 1:
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._heading_text is not None:
            self._heading_text.append(data)
        elif self._current is not None:
            self._current.append(Run(data, self._strong > 0, self._langs[-1][1] if self._langs else None))


def _clean(runs: Iterable[Run]) -> tuple[Run, ...]:
    """White space as one space, empty runs dropped, neighbours of the same weight joined, ends trimmed."""
    joined: list[Run] = []
    for run in runs:
        text = re.sub(r"\s+", " ", run.text)
        if not text:
            continue
        if joined and (joined[-1].strong, joined[-1].lang) == (run.strong, run.lang):
            joined[-1] = Run(joined[-1].text + text, run.strong, run.lang)
        else:
            joined.append(Run(text, run.strong, run.lang))
    if joined:
        joined[0] = dataclasses.replace(joined[0], text=joined[0].text.lstrip())
        joined[-1] = dataclasses.replace(joined[-1], text=joined[-1].text.rstrip())
    return tuple(r for r in joined if r.text)


def parts_of(source: Source) -> Inhalt:
    """The flyer's text from the page's HTML; a German message naming the page if the list is missing."""
    parser = _Parts()
    parser.feed(source.content)
    parser.close()
    if parser.heading is None or not parser.items:
        what = "die Überschrift" if parser.heading is None else "die Liste unter der Überschrift"
        raise DataError([Problem(source.name, None, "", f"{what} mit der id „{HEADING_ID}“ fehlt; der Elternflyer "
                                 f"zeigt sie; erwartet: eine Überschrift „## … {{#{HEADING_ID}}}“ und direkt "
                                 "darunter eine Liste (- …)")])
    lead = _clean(parser.lead or ())
    if not lead and source.summary:
        summary = _Parts()
        summary.feed(source.summary)
        lead = _clean(r for p in summary.intro for r in p)
    return Inhalt(lead=lead, intro=tuple(p for p in (_clean(i) for i in parser.intro) if p),
                  heading=re.sub(r"\s+", " ", "".join(parser.heading)).strip(),
                  items=tuple(i for i in (_clean(i) for i in parser.items) if i))


def _text(runs: Iterable[Run]) -> str:
    return "".join(r.text for r in runs)


# --- HTML ---------------------------------------------------------------------------------


def _problem(message: str, file: str = "Elternflyer", line: int | None = None, field: str = "") -> DataError:
    return DataError([Problem(file, line, field, message)])


def check_labels(language: Sprache) -> None:
    """Every label of the ``flyer:`` block is there and is text (one message per missing field)."""
    problems = []
    for name in FIELDS:
        value = language.flyer.get(name)
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(_file(language), language.origin.line_of("flyer") if language.origin.file else None,
                                    f"flyer.{name}", "fehlt; erwartet: der Text des Elternflyers in dieser Sprache "
                                    "(siehe data/sprachen/de.yml)"))
    if problems:
        raise DataError(problems)


def fonts_for(text: str, font_folder: Path) -> tuple[tuple[str, Path, int], ...]:
    """The fonts the flyer embeds: Noto Naskh Arabic first where the text has Arabic script, always Noto Sans."""
    chosen = (*ARABIC, *LATIN) if _ARABIC_SCRIPT.search(text) else LATIN
    return tuple((family, font_folder / name, weight) for family, name, weight in chosen)


def date_text(code: str, day: dt.date) -> str:
    """The build date: German as „15. Januar 2025“, every other language as ISO 8601 (2025-01-15), which
    reads the same in every language and needs no month names of its own."""
    return german.day(day, weekday=False) if code == "de" else day.isoformat()


def page_url(site: Site, source: Source) -> str:
    public_url = site.public_url.rstrip("/")
    if not public_url.startswith("https://"):
        raise _problem(f"Wert „{public_url}“ ist ungültig; erwartet: die Adresse der Website mit https://",
                       "Einstellungen", field="WIR2_PUBLIC_URL")
    return f"{public_url}/{source.address}"


def render_html(site: Site, language: Sprache, source: Source, folder: Path, font_folder: Path) -> str:
    """The flyer of one language as HTML."""
    check_labels(language)
    inhalt = parts_of(source)
    url = page_url(site, source)
    texts = [source.title, _text(inhalt.lead), *(_text(p) for p in inhalt.intro), inhalt.heading,
             *(_text(i) for i in inhalt.items), *language.flyer.values()]
    fonts = fonts_for(" ".join(texts), font_folder)
    env = jinja.environment(jinja.folders(folder), jinja.site_globals(site))
    try:
        html = env.get_template(TEMPLATE).render(
            sprache=language, texte=language.flyer, titel=source.title, inhalt=inhalt, url=url,
            url_text=url.removeprefix("https://"), qr_code=factsheet.qr_svg_data_uri(url),
            stand=date_text(language.code, site.build_date), stand_iso=site.build_date.isoformat(),
            fonts=[{"family": f, "url": p.as_uri(), "weight": w} for f, p, w in fonts],
            families=list(dict.fromkeys(f for f, _, _ in fonts)), beschreibung=_text(inhalt.lead),
            richtungen={sp.code: sp.richtung for sp in site.sprachen},
        )
    except jinja2.TemplateError as exc:
        raise _problem(f"Vorlage {TEMPLATE}, Zeile {getattr(exc, 'lineno', '?')}: {exc}") from None
    # German typography only on German text (it would put German quotes into other languages).
    return typography.html(html) if language.code == "de" else html


class _Chars(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chars: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.chars.update(data)


def check_glyphs(html: str, language: Sprache, source: Source, fonts: Iterable[Path]) -> None:
    """Stop on characters the embedded fonts cannot draw (WeasyPrint would print an empty box)."""
    files = tuple(fonts)
    covered = factsheet.code_points(tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in files))
    parser = _Chars()
    parser.feed(html)
    missing = sorted(c for c in parser.chars if not c.isspace() and ord(c) not in covered)
    if missing:
        shown = ", ".join(f"„{c}“ (U+{ord(c):04X})" for c in missing)
        raise _problem(f"{shown} kann der Elternflyer ({language.code}) nicht drucken – die Schriften "
                       f"{', '.join(p.name for p in files)} haben das Zeichen nicht; erwartet: Text ohne Emoji und "
                       f"ohne seltene Sonderzeichen in {source.name} und im Block flyer: von {_file(language)}",
                       source.name)


# --- PDF ----------------------------------------------------------------------------------


def _missing(path: Path) -> str:
    return INSTALL_FONTS if path.suffix == ".ttf" else "die Datei, auf die elternflyer.html verweist"


def render_pdf(html: str, folder: Path, font_folder: Path, build_date: dt.date, language: Sprache,
               source: Source, notices: list[str] | None = None) -> bytes:
    """Render the flyer's HTML to one tagged A4 page (PDF/UA-1, fonts embedded, deterministic)."""
    weasyprint = factsheet.import_weasyprint()
    from weasyprint.urls import FatalURLFetchingError

    collector = factsheet.WeasyWarnings()
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.WARNING)
    logger.addHandler(collector)
    options = {"pdf_variant": "pdf/ua-1", "pdf_identifier": True}
    try:
        document = weasyprint.HTML(string=html, base_url=folder.as_uri() + "/",
                                   url_fetcher=factsheet.local_fetcher(
                                       (folder, font_folder.resolve()), folder.parent.parent, _problem,
                                       "Dateien aus diesem Ordner und Debians Noto-Schriften", _missing))
        with factsheet.source_date_epoch(build_date):
            rendered = document.render(**options)
            pages = len(rendered.pages)
            pdf: bytes = rendered.write_pdf(**options) if pages == 1 else b""
    except FatalURLFetchingError as exc:
        if isinstance(exc.__cause__, DataError):
            raise exc.__cause__ from None
        raise _problem(f"nicht ladbar: {exc}") from None
    finally:
        logger.removeHandler(collector)
        logger.setLevel(level)
    if notices is None:
        _log_notices(collector.notices)
    else:
        notices.extend(collector.notices)
    if collector.messages:
        raise DataError([Problem("Elternflyer", None, "", f"WeasyPrint meldet ({language.code}): {m}")
                         for m in collector.messages])
    if pages != 1:
        name = f"{language.name_deutsch} ({language.code})"
        raise _problem(f"der Elternflyer auf {name} braucht {pages} Seiten; erwartet: genau eine A4-Seite – bitte "
                       f"den Text kürzen, den er aus der Seite nimmt (Titel, Einleitung, die Liste unter "
                       f"„{HEADING_ID}“), oder die Texte im Block flyer: von {_file(language)}", source.name)
    return pdf


# --- all languages --------------------------------------------------------------------------


def cache_key(html: str, folder: Path, fonts: Iterable[Path]) -> str:
    """The fact sheet's key (HTML, template folder, libraries) plus this module and the font files."""
    digest = hashlib.sha256(factsheet.cache_key(html, folder).encode())
    digest.update(Path(__file__).read_bytes())
    for font in fonts:
        digest.update(font.name.encode() + b"\0" + (font.read_bytes() if font.is_file() else b"-"))
    return digest.hexdigest()[:32]


def _log_notices(notices: Iterable[str]) -> None:
    """WeasyPrint's notices about the installation, each once (the same for every language)."""
    for notice in dict.fromkeys(notices):
        log.warning("Elternflyer: Hinweis von WeasyPrint (das PDF ist trotzdem vollständig): %s", notice)


def render_one(site: Site, language: Sprache, source: Source, folder: Path, font_folder: Path = FONT_FOLDER,
               store: Store | None = None, notices: list[str] | None = None) -> bytes:
    """The PDF of one language's flyer: from ``store`` when nothing it is made of changed, else rendered."""
    folder = folder.resolve()
    html = render_html(site, language, source, folder, font_folder)
    fonts = sorted({p for _, p, _ in fonts_for(html, font_folder)})
    for font in fonts:
        if not font.is_file():
            raise _problem(f"die Schrift {font} fehlt; {INSTALL_FONTS}")
    name = cache_key(html, folder, fonts)
    pdf = store.get(name) if store is not None else None
    if pdf is None:
        check_glyphs(html, language, source, fonts)
        pdf = render_pdf(html, folder, font_folder, site.build_date, language, source, notices)
        if store is not None:
            store.put(name, pdf)
    return pdf


def is_source(page: Page) -> bool:
    """Whether a flyer is made from ``page``: a published parents' page (German or a translation)."""
    return page.slug == PAGE_SLUG and page.status == "published"


def paths(site: Site) -> dict[str, str]:
    """The address of each parents' page (``uk/konzept/``) → the site-relative path of its language's flyer,
    as the build's plan of files has it: what partials/flyer.html links."""
    return {p.address: save_as(p.lang) for p in site.pages if is_source(p) and save_as(p.lang) in site.outputs.files}


def render_all(site: Site, flyers: Iterable[tuple[Sprache, Source]], folder: Path, cache: Path | None,
               font_folder: Path = FONT_FOLDER) -> list[tuple[str, bytes]]:
    """``(path, pdf)`` for every language that has its parents' page; every language's problems at once."""
    store = Store(cache, "elternflyer")
    files: list[tuple[str, bytes]] = []
    problems: list[Problem] = []
    notices: list[str] = []
    for language, source in flyers:
        try:
            files.append((save_as(language.code), render_one(site, language, source, folder, font_folder, store,
                                                             notices)))
        except DataError as exc:
            problems.extend(exc.problems)
    _log_notices(notices)
    if problems:
        raise DataError(problems)
    store.save()
    return files
