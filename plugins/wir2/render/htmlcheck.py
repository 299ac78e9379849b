"""The site's promises, checked on every page's HTML after Markdown and before the theme wraps it.

The site runs without JavaScript, asks no other server for anything (privacy),
and every link leads somewhere.  Markdown passes raw HTML through untouched, so
an editor can paste what breaks these promises – a visitor counter's
``<script>``, a video's ``<iframe>``, a partner's logo from the partner's
server, an ``onclick``, a link to ``/kosten/`` that no page has, a ``<div>``
that is never closed and swallows the rest of the page.  :class:`PageCheck`
reports each as a :class:`~wir2.problems.Problem` with the page's file and line:

- no ``<script>``, nothing embedded (``iframe``, ``object``, ``embed`` …), no
  ``<style>``/``<link>``/``<meta>``/``<base>``: scripts, styles and the page head
  are the theme's (the server's Content-Security-Policy would block most of it
  anyway, so a page would look different live than in the preview);
- no event-handler attribute (``on…``), no ``style`` attribute (blocked by that
  policy), no ``javascript:``/``data:``/``vbscript:`` address;
- nothing the browser loads by itself (``src``, ``srcset``, ``poster``, form
  ``action`` …) from another host; a plain link (``<a href>``) to another site is
  fine – following it is the visitor's choice, not a request made for them;
- every address on this site (``/konzept/``, ``{{ SITEURL }}/…``, relative ones,
  the site's own host) names a file of the build's plan
  (:class:`~wir2.model.outputs.Outputs`), and a ``{filename}``/``{static}`` link a
  source that exists (checked here, so Pelican has nothing to warn about);
- the HTML is balanced: no element left open, no end tag without its start,
  no ``</b>`` while an ``<i>`` inside it is open.  HTML's optional end tags
  (``</li>``, ``</p>``, ``</td>`` …) may be left out, as HTML allows.

The listings of dates (theme-made, thousands of events) are not parsed again:
their HTML is skipped by its exact text, so the check costs what the page's own
text costs.  The check uses the standard library's tokenizer
(:class:`html.parser.HTMLParser`) and no tree builder, since the question is
what the editor wrote, not how a browser would repair it.

Lines: the HTML has no lines of the source, so each finding is looked up in the
page's source by its text – the n-th ``<div`` of the HTML is the n-th ``<div`` of
the source, a bad address is found as written (with or without ``SITEURL``) – and
falls back to the page's first body line.  Placeholders that repeat a tag (a
``{% for %}`` loop) make the n-th occurrence the last one in the source.
"""

from __future__ import annotations

import bisect
import difflib
import posixpath
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from ..load.schema import Invalid, email
from ..load.schema import invalid_message as _invalid  # the one wording of "Wert … ist ungültig; erwartet: …"
from ..model.outputs import Outputs
from ..model.pages import Page
from ..model.site import Site
from ..model.urls import PhoneError, dialled
from ..problems import Problem

VOID = frozenset({"area", "base", "br", "col", "embed", "frame", "hr", "img", "input", "keygen", "link", "meta",
                  "param", "source", "track", "wbr"})
#: Elements whose end tag HTML lets an author leave out, and the start tags that end them.
_P_CLOSERS = frozenset({"address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset",
                        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
                        "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "search", "section", "table", "ul"})
_CELLS = frozenset({"td", "th"})
_ROWS = frozenset({"tr"}) | _CELLS
_SECTIONS = frozenset({"thead", "tbody", "tfoot"})
OPTIONAL_END: dict[str, frozenset[str]] = {
    "p": _P_CLOSERS,
    "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}),
    "dd": frozenset({"dt", "dd"}),
    "td": _ROWS | _SECTIONS,
    "th": _ROWS | _SECTIONS,
    "tr": frozenset({"tr"}) | _SECTIONS,
    "thead": _SECTIONS,
    "tbody": _SECTIONS,
    "tfoot": _SECTIONS,
    "option": frozenset({"option", "optgroup"}),
    "optgroup": frozenset({"optgroup"}),
    "rb": frozenset({"rb", "rt", "rtc", "rp"}),
    "rt": frozenset({"rb", "rt", "rtc", "rp"}),
    "rp": frozenset({"rb", "rt", "rtc", "rp"}),
    "rtc": frozenset({"rb", "rtc", "rp"}),
    "colgroup": frozenset(),  # ended by anything but <col>, see _Scanner._implied_ends
}
FOREIGN = frozenset({"svg", "math"})  # inside these, <x/> is an empty element as in XML

_SCRIPT = ("Text ohne Skripte – die Website funktioniert ohne JavaScript, Skripte kommen nur aus dem Theme")
_EMBED = "ein Link auf den Inhalt, z. B. [Video ansehen](https://…), statt ihn einzubetten"
_STYLE = "eine Klasse aus {css}, z. B. class=\"panel\""
_HEAD = "nur Inhalt – den Kopf der Seite schreibt das Theme (Titel aus „title:“, Beschreibung aus „summary:“)"
_GRAPHIC = "ein Bild als Datei, z. B. ![Beschreibung](/downloads/grafik.png)"
_RAW_TEXT = "Text oder ein Code-Block (``` … ```), der zeigt, was darin steht"
FORBIDDEN: dict[str, str] = {
    "script": _SCRIPT,
    # SVG and MathML bring their own scripting and links (<animate href>, <set>, xlink:href) that
    # no list of attributes keeps up with; a graphic is a file (<img>), where the browser runs nothing.
    **dict.fromkeys(("svg", "math"), _GRAPHIC),
    # Elements whose content browsers read as raw text but a tokenizer as tags (or the other way
    # round, <noscript> with scripting on): what this check saw would not be what a browser runs.
    **dict.fromkeys(("noscript", "template", "xmp", "noembed", "noframes", "plaintext", "textarea", "title",
                     "select"), _RAW_TEXT),
    **dict.fromkeys(("iframe", "frame", "frameset", "object", "embed", "applet", "portal", "fencedframe"), _EMBED),
    **dict.fromkeys(("style", "link"), _STYLE),
    **dict.fromkeys(("base", "meta"), _HEAD),
}
#: Attributes whose address the browser fetches by itself, for every element that has them.
REQUESTS = frozenset({"src", "srcset", "poster", "data", "background", "ping", "action", "formaction", "lowsrc",
                      "dynsrc", "manifest", "codebase", "archive", "icon", "attributionsrc"})
#: Elements whose ``href`` is fetched rather than followed (SVG images and references).
HREF_REQUESTS = frozenset({"image", "use", "feimage"})
#: Attributes that hold an address a visitor may follow or a program may read.
LINKS = frozenset({"href", "xlink:href", "cite", "longdesc", "usemap"})
#: Schemes a link to another site may have.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel", "webcal"})
_CODE_SCHEMES = frozenset({"javascript", "vbscript", "data"})
#: Pelican's intrasite links (its default ``INTRASITE_LINK_REGEX``, at the start of an address).
INTRASITE = re.compile(r"^[{|](?P<what>.*?)[|}](?P<value>.*)$", re.DOTALL)
_CONTROL = re.compile(r"[\t\n\r]")
_DECORATIVE = re.compile(r"""<img\b[^>]*\salt=(?:""|'')""", re.IGNORECASE)
#: Where markup other than a start or end tag begins: ``<!``, ``<?``, ``</`` without a tag name.
_MARKUP = re.compile(r"<(?:!|\?|/(?![A-Za-z]))")
#: A comment as HTML reads it the same way everywhere: not ``<!-->`` or ``<!--->`` (which end at once in
#: a browser but not in every tokenizer), closed by ``-->``, without ``--!>`` or a nested ``<!--``.
_COMMENT = re.compile(r"<!--(?!-?>)(?P<body>.*?)-->", re.DOTALL)
_COMMENT_EXPECTED = "ein Kommentar der Form <!-- Text -->, oder den Kommentar löschen"


@dataclass(frozen=True)
class Fragment:
    """A page's link to a part of a page of this site: ``target`` is the written file, ``fragment`` the id."""

    page: str
    line: int
    raw: str
    target: str
    fragment: str
    own: bool  # the link is on the page it points into


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)


def _ids(path: Path) -> frozenset[str] | None:
    """The ids of the elements of the HTML file ``path``, ``None`` if it was not written."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    parser = _Ids()
    parser.feed(text)
    parser.close()
    return frozenset(parser.ids)


@dataclass(frozen=True)
class _Finding:
    line: int | None
    field: str
    message: str


class Locator:
    """Finds where a piece of the page's HTML was written in its source (see the module's docstring)."""

    def __init__(self, text: str, first_line: int):
        self.text = text
        self.lower = text.lower()
        self.first_line = first_line
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, needle: str, nth: int = 0, ignore_case: bool = False) -> int | None:
        """The line of the ``nth`` occurrence of ``needle`` (the last one if there are fewer), or ``None``."""
        haystack, needle = (self.lower, needle.lower()) if ignore_case else (self.text, needle)
        if not needle:
            return None
        found, at = -1, haystack.find(needle)
        for _ in range(nth + 1):
            if at < 0:
                break
            found, at = at, haystack.find(needle, at + 1)
        if found < 0:
            return None
        return self.first_line + bisect.bisect_right(self.starts, found) - 1

    def tag(self, tag: str, nth: int, end: bool = False) -> int:
        pattern = f"</{tag}" if end else f"<{tag}"
        return self.line(pattern, nth, ignore_case=True) or self.first_line


@dataclass
class _Open:
    tag: str
    nth: int  # the n-th start tag of its name in the HTML


class _Scanner(HTMLParser):
    """One part of one page (its body or its summary): tokens in, findings out."""

    def __init__(self, check: PageCheck, page: Page, locator: Locator):
        super().__init__(convert_charrefs=True)
        self.check, self.page, self.locator = check, page, locator
        self.findings: list[_Finding] = []
        self.stack: list[_Open] = []
        self.starts: Counter[str] = Counter()
        self.ends: Counter[str] = Counter()
        self.values: Counter[str] = Counter()
        self.attributes: Counter[str] = Counter()
        self.recovered: Counter[str] = Counter()  # closed by a misnested end tag: their own end tag is no news
        self.empty_alts = 0  # images with alt="" so far; as many as the source writes out are decorative

    # --- tokens ------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, empty=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # In HTML, "/>" ends only void and foreign (SVG, MathML) elements; <div/> opens a <div>.
        self._start(tag, attrs, empty=tag in VOID or self._foreign())

    def handle_endtag(self, tag: str) -> None:
        nth = self.ends[tag]
        self.ends[tag] += 1
        if tag in VOID:
            return
        index = next((i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i].tag == tag), None)
        if index is None:
            if self.recovered[tag]:
                self.recovered[tag] -= 1
                return
            self._add(self.locator.tag(tag, nth, end=True), f"</{tag}>",
                      f"schließt ein <{tag}>, das nicht offen ist; erwartet: zu jedem </{tag}> ein <{tag}> davor")
            return
        inner = [e for e in self.stack[index + 1:] if e.tag not in OPTIONAL_END]
        if inner:
            first = inner[-1]
            self._add(self.locator.tag(tag, nth, end=True), f"</{tag}>",
                      f"kommt, bevor das <{first.tag}> aus Zeile {self.locator.tag(first.tag, first.nth)} geschlossen "
                      f"ist; erwartet: zuerst </{first.tag}>, dann </{tag}>")
            self.recovered.update(e.tag for e in inner)
        del self.stack[index:]

    def finish(self) -> list[_Finding]:
        self.close()
        for element in self.stack:
            if element.tag not in OPTIONAL_END:
                self._add(self.locator.tag(element.tag, element.nth), f"<{element.tag}>",
                          "wird nicht geschlossen und schließt so den ganzen Rest der Seite ein; erwartet: ein "
                          f"</{element.tag}> am Ende des Abschnitts")
        return self.findings

    # --- rules ------------------------------------------------------------------------------

    def _foreign(self) -> bool:
        return any(e.tag in FOREIGN for e in self.stack)

    def _implied_ends(self, tag: str) -> None:
        while self.stack:
            top = self.stack[-1].tag
            ends = OPTIONAL_END.get(top)
            if ends is None or not (tag in ends or (top == "colgroup" and tag != "col")):
                return
            self.stack.pop()

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], empty: bool) -> None:
        nth = self.starts[tag]
        self.starts[tag] += 1
        self._implied_ends(tag)
        if tag not in VOID and not empty:
            self.stack.append(_Open(tag, nth))
        if tag in FORBIDDEN:
            self._forbidden(tag, nth, dict(attrs))
            return
        for name, value in attrs:
            self._attribute(tag, nth, name, value or "")
        alt = dict(attrs).get("alt")
        # alt="" written out marks a decorative image (WCAG 1.1.1); Markdown's ![](…) gives alt="" too,
        # but there the description was forgotten.
        decorative = False
        if tag == "img" and alt == "":
            self.empty_alts += 1
            decorative = self.empty_alts <= len(_DECORATIVE.findall(self.locator.text))
        if tag == "img" and not (alt or "").strip() and not decorative:
            line = None
            if alt == "":  # Markdown's ![](…), the n-th one after the written-out decorative images
                line = self.locator.line("![]", self.empty_alts - len(_DECORATIVE.findall(self.locator.text)) - 1)
            line = line or self.locator.line("<img", nth, ignore_case=True) or self.locator.line("![", nth)
            self._add(line or self.locator.first_line, "alt",
                      "Bild ohne Beschreibung; erwartet: ein kurzer Text, was das Bild zeigt, z. B. "
                      "![Gruppentreffen in Neuss](…) – für alle, die das Bild nicht sehen")

    def _forbidden(self, tag: str, nth: int, attrs: dict[str, str | None]) -> None:
        source = attrs.get("src") or attrs.get("data") or attrs.get("href") or ""
        host = self.check.foreign_host(source)
        reason = f" (es lädt Inhalte von {host})" if host else ""
        expected = FORBIDDEN[tag].format(css=self.check.stylesheet)
        self._add(self.locator.tag(tag, nth), f"<{tag}>",
                  f"Element <{tag}> ist im Seitentext nicht erlaubt{reason}; erwartet: {expected}")

    def _attribute(self, tag: str, nth: int, name: str, value: str) -> None:
        count = self.attributes[name]
        self.attributes[name] += 1
        if name.startswith("on"):
            line = self.locator.line(name, count, ignore_case=True) or self.locator.tag(tag, nth)
            self._add(line, name, "Ereignis-Attribut führt JavaScript aus; erwartet: kein on…-Attribut (die Website "
                                  "funktioniert ohne JavaScript, der Server blockiert solchen Code)")
        elif name == "style":
            line = self.locator.line("style=", count, ignore_case=True) or self.locator.tag(tag, nth)
            self._add(line, name, "Stilangabe im Seitentext blockiert der Server (Content-Security-Policy); "
                                  f"erwartet: {_STYLE.format(css=self.check.stylesheet)}")
        elif name in REQUESTS or name in LINKS:
            request = name in REQUESTS or tag in HREF_REQUESTS
            addresses = _srcset(value) if name == "srcset" else value.split() if name == "ping" else [value]
            for address in addresses:
                message = self.check.address(self.page, address, request)
                if message:
                    self._add(self._line_of(address, tag, nth), name, message)
                elif "#" in address and name in ("href", "xlink:href"):
                    self.check.note_fragment(self.page, address, self._line_of(address, tag, nth))

    def _line_of(self, value: str, tag: str, nth: int) -> int:
        """Where the address ``value`` was written: as it is, without the site's address, or its path alone."""
        count = self.values[value]
        self.values[value] += 1
        siteurl = self.check.siteurl
        candidates = [value, value.replace("&", "&amp;")]
        if siteurl and value.startswith(siteurl):
            candidates.append(value[len(siteurl):])
        candidates.append(urlsplit(value).path)
        for candidate in candidates:
            line = self.locator.line(candidate, count)
            if line is not None:
                return line
        return self.locator.tag(tag, nth)

    def _add(self, line: int | None, field: str, message: str) -> None:
        self.findings.append(_Finding(line, field, message))


def _srcset(value: str) -> list[str]:
    """The addresses of a ``srcset`` (``a.png 1x, b.png 2x``)."""
    return [c.split()[0] for c in value.split(",") if c.split()]


class PageCheck:
    """The checks of one build (its plan of files and its hosts), applied to each page's HTML."""

    def __init__(self, site: Site):
        self.outputs: Outputs = site.outputs
        self.siteurl = site.siteurl.rstrip("/")
        own = {urlsplit(u).netloc.lower() for u in (site.siteurl, site.public_url) if urlsplit(u).netloc}
        # The site's domain with and without "www." is the site (the server redirects one to the other).
        self.hosts = own | {h[4:] if h.startswith("www.") else "www." + h for h in own if "." in h}
        css = sorted(o.origin.file for o in self.outputs.files.values()
                     if o.path.endswith(".css") and o.origin.file.startswith("theme/"))
        self.stylesheet = css[0] if css else "dem Stylesheet des Themes"
        self.where = f" (z. B. in {self.outputs.static_folders[0]})" if self.outputs.static_folders else ""
        #: For "meinten Sie …?": every address of a page or Land page, as written in a link.
        self.addresses = sorted("/" + _url_of(f) for f in self.outputs.files if f.endswith("index.html"))
        #: Each page's source below content/ by its file (one page per file: the plan checked that).
        self.sources = {file: source for source, file in self.outputs.pages.items()}
        #: Links to a part of a page, checked after the build wrote every page (:meth:`missing_fragments`).
        self.fragments: list[Fragment] = []

    def note_fragment(self, page: Page, raw: str, line: int) -> None:
        """Remember a link to a part of a page of this site (``/kooperation/#aufgaben``, ``#kosten``): whether
        the part exists is known once every page is written (:meth:`missing_fragments`)."""
        value = _CONTROL.sub("", raw.strip())
        parts = urlsplit(value)
        fragment = unquote(parts.fragment)
        if not fragment or (parts.netloc and parts.netloc.lower() not in self.hosts):
            return
        intrasite = INTRASITE.match(value.split("#", 1)[0])
        if intrasite:
            if intrasite.group("what") != "filename":
                return
            target = self.outputs.pages.get(self._source_key(page, intrasite.group("value")))
        elif parts.path:
            target = self.outputs.target(_site_path(page, parts.path).lstrip("/"))
        else:
            target = page.output_file
        if target is not None and target.endswith(".html"):
            self.fragments.append(Fragment(page.name, line, raw, target, fragment, target == page.output_file))

    def missing_fragments(self, folder: Path) -> list[Problem]:
        """The noted links whose part is not in the written page below ``folder`` (no element with that id)."""
        ids: dict[str, frozenset[str] | None] = {}
        problems = []
        for link in self.fragments:
            if link.target not in ids:
                ids[link.target] = _ids(folder / link.target)
            found = ids[link.target]
            # A page that was not written failed with its own message; its links wait for the next build.
            if found is None or link.fragment in found:
                continue
            close = difflib.get_close_matches(link.fragment, sorted(found), n=1, cutoff=0.6)
            hint = f"; meinten Sie „#{close[0]}“?" if close else ""
            where = "dieser Seite" if link.own else f"/{_url_of(link.target)}"
            problems.append(Problem(link.page, link.line, "href", _invalid(
                link.raw, f"ein Abschnitt, den es auf {where} gibt (eine Überschrift mit {{#{link.fragment}}} "
                          f"oder ein anderer Anker){hint}")))
        return problems

    def check(self, page: Page, content: str, skip: Sequence[str] = (), summary: str = "") -> list[Problem]:
        """The problems of ``page``'s body HTML ``content`` (``skip``: theme-made blocks within it, in order)
        and of its summary's HTML."""
        findings = self._scan(page, _pieces(content, skip), Locator(page.body, page.body_line))
        if summary:
            line = dict(page.origin.key_lines).get("summary", 1)
            findings += self._scan(page, [summary], Locator(page.summary, line))
        return [Problem(page.name, f.line, f.field, f.message) for f in findings]

    def _scan(self, page: Page, pieces: Iterable[str], locator: Locator) -> list[_Finding]:
        scanner = _Scanner(self, page, locator)
        markup: list[_Finding] = []
        counts: Counter[str] = Counter()
        for number, piece in enumerate(pieces):
            if number and "<" in scanner.rawdata:
                # The theme's block (a listing) was put inside a tag – an attribute value, say: its own
                # quotes would end the attribute in a browser, and what the editor wrote after it would
                # be markup that this check never read as such.
                markup.append(_Finding(locator.first_line, "Terminliste", "eine Terminliste steht innerhalb eines "
                                       "HTML-Elements (z. B. in einem Attribut); erwartet: termine_liste(…) bzw. "
                                       "naechste_termine() auf einer eigenen Zeile im Text"))
                return markup
            markup += _declarations(piece, locator, counts)
            scanner.feed(piece)
        open_tag = re.search(r"</?[A-Za-z]", scanner.rawdata)
        if open_tag and not markup:
            # A tag that is never closed with ">": the browser reads on into the theme's markup and
            # keeps its attributes (an onerror=…); html.parser's close() would call it text.
            start = scanner.rawdata[open_tag.start():]
            markup.append(_Finding(locator.line(start[:20]) or locator.first_line, start[:20].split()[0],
                                   f"„{start[:30].strip()}…“ wird nicht mit „>“ geschlossen; erwartet: ein „>“ am "
                                   "Ende des Elements"))
        # A page with a dubious comment is not read further: what follows it is read differently by browsers.
        return markup or scanner.finish()

    # --- addresses --------------------------------------------------------------------------

    def foreign_host(self, address: str) -> str | None:
        """The other host ``address`` points to (``None`` for this site's addresses)."""
        parts = urlsplit(_CONTROL.sub("", address.strip()))
        host = parts.netloc.lower()
        return host if host and host not in self.hosts else None

    def address(self, page: Page, raw: str, request: bool) -> str | None:
        """What is wrong with one address of ``page`` (``request``: the browser fetches it), or ``None``."""
        value = _CONTROL.sub("", raw.strip())
        if not value:
            return None
        intrasite = INTRASITE.match(value)
        if intrasite:
            return self._intrasite(page, raw, intrasite.group("what"), intrasite.group("value"))
        parts = urlsplit(value)
        scheme = parts.scheme.lower()
        expected_link = "eine Adresse mit https://, mailto: oder tel: oder eine Adresse dieser Website"
        expected_file = f"eine Datei dieser Website{self.where}"
        if scheme in _CODE_SCHEMES:
            return _invalid(raw, expected_file if request else expected_link)
        host = parts.netloc.lower()
        if (scheme or host) and not (scheme in ("http", "https", "") and host in self.hosts):
            if request:
                source = host or f"{scheme}:"
                return _invalid(raw, f"{expected_file} – von {source} geladen, erführe dieser Server von jedem "
                                     "Besuch der Seite")
            if scheme == "tel":
                return _phone_link(raw, value)
            if scheme == "mailto":
                return _mail_link(raw, value)
            return None if scheme in LINK_SCHEMES else _invalid(raw, expected_link)
        path = _site_path(page, parts.path) if parts.path else None
        if path is None or self.outputs.target(path.lstrip("/")) is not None:
            return None
        if request:
            return _invalid(raw, f"eine Datei, die es auf dieser Website gibt{self.where}")
        return _invalid(raw, "eine Adresse, die es auf dieser Website gibt (eine Seite ist /Slug/, z. B. /konzept/)"
                        + _hint(path, self.addresses))

    def _source_key(self, page: Page, value: str) -> str:
        """The source below content/ that ``{filename}value`` names, as Pelican resolves it (from the page's folder)."""
        path = unquote(urlsplit(value).path)
        if path.startswith("/"):
            return path[1:]
        folder = posixpath.dirname(self.sources.get(page.output_file, ""))
        return posixpath.normpath(posixpath.join(folder, path))

    def _intrasite(self, page: Page, raw: str, what: str, value: str) -> str | None:
        """``{filename}…``, ``{static}…``: resolved as Pelican resolves them, against the plan's sources."""
        key = self._source_key(page, value)
        if what == "filename":
            if key in self.outputs.pages:
                return None
            if key in self.outputs.static:
                return _invalid(raw, f"{{static}}/{key} für eine Datei ({{filename}} ist für Seiten)")
            example = "{filename}/" + (sorted(self.outputs.pages)[0] if self.outputs.pages else "pages/konzept.md")
            example = "{filename}/pages/konzept.md" if "pages/konzept.md" in self.outputs.pages else example
            same = [k for k in self.outputs.pages if posixpath.basename(k) == posixpath.basename(key)]
            close = same or difflib.get_close_matches(key, list(self.outputs.pages), n=1, cutoff=0.8)
            hint = f"; meinten Sie „{{filename}}/{close[0]}“?" if close else ""
            return _invalid(raw, f"eine Seitendatei, die es gibt, mit ihrem Pfad ab content/, z. B. {example}{hint}")
        if what in ("static", "attach"):
            if key in self.outputs.static:
                return None
            return _invalid(raw, f"eine Datei, die es gibt{self.where}, mit ihrem Pfad ab content/, z. B. "
                                 f"{{static}}/downloads/plan.pdf")
        if what == "index" and self.outputs.target("") is not None:
            return None
        return _invalid(raw, "{filename}/pages/….md für eine Seite oder {static}/… für eine Datei")


def _declarations(html: str, locator: Locator, counts: Counter[str]) -> list[_Finding]:
    """Comments, ``<!DOCTYPE>``, ``<![CDATA[``, ``<?…>`` in ``html``: only well-formed comments are allowed.

    Browsers and tokenizers disagree about malformed comments (``<!-->`` ends at once in
    a browser, so a ``<script>`` after it would run while a tokenizer sees it as comment
    text), so the check refuses what it could misread rather than guess.  ``counts``
    numbers the occurrences of each opening across the pieces of one part.
    """
    findings: list[_Finding] = []
    at = 0
    while (match := _MARKUP.search(html, at)) is not None:
        start = match.start()
        opening = html[start:start + 4] if html.startswith("<!--", start) else html[start:start + 2]
        nth = counts[opening]
        counts[opening] += 1
        line = locator.line(opening, nth) or locator.first_line
        if opening == "<!--":
            comment = _COMMENT.match(html, start)
            body = comment.group("body") if comment else ""
            if comment and "--!>" not in body and "<!--" not in body:
                at = comment.end()
                continue
            what = ("wird nicht mit „-->“ geschlossen" if comment is None and "-->" not in html[start + 4:]
                    else "ist nicht eindeutig geschrieben (Browser lesen es anders als diese Prüfung)")
            findings.append(_Finding(line, "<!--", f"Kommentar „<!--“ {what}; erwartet: {_COMMENT_EXPECTED}"))
            return findings
        written = html[start:start + 9]
        findings.append(_Finding(line, opening, f"„{written}…“ ist im Seitentext nicht erlaubt (nur Elemente und "
                                                f"Kommentare); erwartet: {_COMMENT_EXPECTED}"))
        return findings
    return findings


def _site_path(page: Page, path: str) -> str:
    """The path on this site that ``path`` (absolute or relative to ``page``) leads to, unquoted."""
    return unquote(urlsplit(urljoin("/" + page.address, path)).path)


def _phone_link(raw: str, value: str) -> str | None:
    """A ``tel:`` link dials what :func:`~wir2.model.urls.dialled` dials (``tel:+49 (0) 5241 …`` would dial the 0)."""
    number = unquote(value.split(":", 1)[1]).split(";", 1)[0]
    try:
        target = dialled(number)
    except PhoneError as exc:
        return _invalid(raw, f"tel: mit {exc.expected}, am besten tel:+4952411794914 – oder die Nummer aus den "
                             "Daten: {{ kontakt.telefon | tel }}")
    # In a tel: link, parentheses are only for the eye (RFC 3966): +49 (0) 5241 would dial +4905241.
    if number.strip().startswith("+") and re.sub(r"[^0-9+]", "", number) != target:
        return _invalid(raw, f"tel:{target} – in einem Link wird die (0) mitgewählt; oder die Nummer aus den "
                             "Daten: {{ kontakt.telefon | tel }}")
    return None


def _mail_link(raw: str, value: str) -> str | None:
    """A ``mailto:`` link names e-mail addresses (``mailto:info@…?subject=…``)."""
    addresses = unquote(urlsplit(value).path)
    try:
        for address in addresses.split(","):
            email(address)
    except Invalid as exc:
        return _invalid(raw, f"mailto: mit {exc.expected} – oder die Adresse aus den Daten: "
                             "mailto:{{ kontakt.email }}")
    return None


def _url_of(file: str) -> str:
    return file[: -len("index.html")] if file.endswith("index.html") else file


def _hint(path: str, addresses: list[str]) -> str:
    close = difflib.get_close_matches(path, addresses, n=1, cutoff=0.8)
    return f"; meinten Sie „{close[0]}“?" if close else ""


def _pieces(content: str, skip: Sequence[str]) -> list[str]:
    """``content`` without the blocks in ``skip`` (found by their exact text, in order)."""
    pieces, at = [], 0
    for block in skip:
        found = content.find(block, at)
        if found < 0:
            continue
        pieces.append(content[at:found])
        at = found + len(block)
    pieces.append(content[at:])
    return pieces
