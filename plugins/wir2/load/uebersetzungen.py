"""Do the translations still say what their German original says?  The facts each page states.

A translator cannot follow every later edit of the German page, and an editor cannot read
Arabic.  What can be compared without reading either text are the facts a page states:
the placeholders it prints (every figure and contact comes from ``data/`` through one),
the links it gives and the numbers typed into its text.  When the German page gains,
loses or changes one of these and a translation does not, the build warns – naming the
translation and what differs – so the editors know which translation to have reviewed.

The comparison is by counts (a multiset), so the translation may order a sentence as its
language needs; filters that only shape the German wording (``| zahlwort``, ``| ziffern``,
``| capitalize``) do not count, the data name does.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..model.pages import Page
from ..problems import Problem

_PLACEHOLDER = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.DOTALL)
#: The theme's macros a page calls: markup, not facts.
_MACROS = ("gruppen_suche", "laender_index", "termine_liste", "naechste_termine")
_STATEMENT = re.compile(r"\{%.*?%\}", re.DOTALL)
_NAME = re.compile(r"[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*")
#: Markdown links and images ``](target)``, HTML ``href``/``src``; the target as written.
_LINK = re.compile(r"\]\(\s*([^)\s]+)[^)]*\)|\b(?:href|src)=\"([^\"]+)\"")
#: Attribute lists (``{: hreflang="de" }``, ``{#anker}``): markup, no fact.
_ATTRIBUTES = re.compile(r"\{[:#][^}\n]*\}")
#: A number of its own – not the 2 of „wir2“ or „wir2@home“, not the marker of an ordered list item.
_NUMBER = re.compile(r"(?<![\w@.,])\d+(?:[.,]\d+)*(?![\w@])")
_LIST_MARKER = re.compile(r"^\s*\d+[.)]\s", re.MULTILINE)


@dataclass(frozen=True)
class Facts:
    """What a page states, counted."""

    platzhalter: Counter[str]
    links: Counter[str]
    zahlen: Counter[str]


def facts(page: Page) -> Facts:
    """The placeholders, links and typed numbers of ``page``'s title, summary and body."""
    text = "\n".join((page.title, page.summary, page.body))
    names: Counter[str] = Counter()

    def name_of(match: re.Match[str]) -> str:
        found = _NAME.match(match.group(1))
        return found.group(0) if found else match.group(1)

    for match in _PLACEHOLDER.finditer(text):
        if not match.group(1).startswith(_MACROS):
            names[name_of(match)] += 1
    # A placeholder in a link's target as its data name without blanks: {{SITEURL}}/module/.
    text = _PLACEHOLDER.sub(lambda m: "{{" + name_of(m) + "}}", text)
    links = Counter(m.group(1) or m.group(2) for m in _LINK.finditer(text))
    prose = _LIST_MARKER.sub(" ", _PLACEHOLDER.sub(" ", _STATEMENT.sub(" ", text)))
    prose = _ATTRIBUTES.sub(" ", _LINK.sub(" ", prose))
    prose = re.sub(r"<[^>]*>", " ", prose)  # tags and their attributes
    prose = re.sub(r"\S+@\S+|https?://\S+", " ", prose)
    return Facts(names, links, Counter(_NUMBER.findall(prose)))


def _differences(original: Counter[str], translation: Counter[str]) -> tuple[list[str], list[str]]:
    missing = sorted((original - translation).elements())
    extra = sorted((translation - original).elements())
    return missing, extra


def check(pages: Iterable[Page]) -> list[Problem]:
    """One warning per translation that no longer states its original's facts."""
    pages = list(pages)
    originals = {p.slug: p for p in pages if not p.is_translation}
    found: list[Problem] = []
    for page in pages:
        original = originals.get(page.slug)
        if not page.is_translation or original is None:
            continue
        want, have = facts(original), facts(page)
        parts: list[str] = []
        for label, shown, a, b in (("Platzhalter", "{{{{ {} }}}}", want.platzhalter, have.platzhalter),
                                   ("Link", "{}", want.links, have.links),
                                   ("Zahl", "{}", want.zahlen, have.zahlen)):
            missing, extra = _differences(a, b)
            if missing:
                parts.append(f"{label} nur im Original: " + ", ".join(shown.format(x) for x in missing))
            if extra:
                parts.append(f"{label} nur in der Übersetzung: " + ", ".join(shown.format(x) for x in extra))
        if parts:
            found.append(Problem(page.name, None, "", f"Übersetzung ({page.lang}) sagt nicht mehr dasselbe wie "
                                                      f"{original.name} – " + "; ".join(parts) + "; bitte die "
                                                      "Übersetzung prüfen und angleichen lassen (Zahlen und "
                                                      "Kontakte nur über dieselben Platzhalter)"))
    return found
