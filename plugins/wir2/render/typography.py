"""German typography by rule: the one step every text of the site passes through before it is printed.

Pages (after Markdown, listings included), page titles and summaries, the
calendar texts and the fact sheet all go through :func:`text` or :func:`html`,
so a rule is written once and holds everywhere – an editor types ``z. B.``,
``5 €`` or ``"Zitat"`` and the site prints ``z. B.`` with a no-break space,
``5 €`` that never breaks between number and sign, and „Zitat“.

What the rules leave alone: addresses (``https://…``, ``www.…``, e-mail
addresses) inside a text, and in HTML everything but text – tags, attributes,
comments – and the text of code (``code``, ``pre``, ``kbd``, ``samp``) and of
``script``/``style``.  HTML is never parsed and written back: :func:`html` finds
the text runs with :class:`html.parser.HTMLParser` and replaces only them, so
every other byte stays as it was (and escaped text stays escaped – no rule
writes ``<``, ``>`` or ``&``).

Counts are the other half of the German rule (numbers up to twelve as words in
running text): :func:`wir2.german.number_word` gives the word, and the pages' placeholders
print a whole number from 0 to 12 with it (:meth:`wir2.render.listings.Listings.finalize`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

NBSP = "\u00a0"

@dataclass(frozen=True)
class Rule:
    """One rule: its name (the tests use it), a pattern and what replaces a match."""

    name: str
    pattern: re.Pattern[str]
    replacement: str | Callable[[re.Match[str]], str]

    def apply(self, text: str) -> str:
        return self.pattern.sub(self.replacement, text)


_MONTHS = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
_UNITS = ("€|Euro|%|Prozent|Uhr|Minuten|Minute|Min\\.|Stunden|Stunde|Std\\.|Tagen|Tage|Tag|Wochen|Woche|"
          "Monaten|Monate|Monat|Jahren|Jahre|Jahr|km|kg|KiB|MB")
#: Abbreviations of two or three parts that are one unit: ``z. B.``, ``d. h.``, ``i. d. R.`` …
_ABBREVIATIONS = ("z. B.", "d. h.", "u. a.", "z. T.", "u. U.", "o. Ä.", "v. a.", "s. o.", "s. u.", "i. d. R.",
                  "u. v. m.", "z. Zt.")
_NOT_LETTER = r"(?![A-Za-zÄÖÜäöüß])"


def _abbreviation_pattern() -> re.Pattern[str]:
    forms = []
    for abbreviation in _ABBREVIATIONS:
        parts = [re.escape(p) for p in abbreviation.split(" ")]
        forms.append(r"[ \u00a0]?".join(parts))  # written with or without the spaces
    return re.compile(r"(?<![A-Za-zÄÖÜäöüß])(?:" + "|".join(forms) + r")" + _NOT_LETTER)


def _abbreviation(match: re.Match[str]) -> str:
    written = match.group(0).replace(" ", "").replace(NBSP, "")
    return NBSP.join(part + "." for part in written.split(".") if part)


RULES: tuple[Rule, ...] = (
    Rule("ellipsis", re.compile(r"\.\.\."), "…"),
    # "Zitat" → „Zitat“ (only pairs within one text run; a lone quote mark stays as typed). In HTML a
    # value from data reaches the text escaped, its quote marks as &#34;.
    Rule("quotes", re.compile(r'(?:"|&#34;|&quot;)((?:(?!&#34;|&quot;)[^"\n])+)(?:"|&#34;|&quot;)'), "„\\1“"),
    Rule("apostrophe", re.compile(r"(?<=[A-Za-zÄÖÜäöüß])'(?=[A-Za-zÄÖÜäöüß])"), "’"),
    # A hyphen between spaces is a dash: „Kraft - Bindung“ → „Kraft – Bindung“.
    Rule("dash", re.compile(r"(?<=\S) -{1,2} (?=\S)"), " – "),
    Rule("abbreviations", _abbreviation_pattern(), _abbreviation),
    # A number and its unit or currency never break apart: 700 €, 90 Minuten, 9:00 Uhr, 20 %.
    Rule("number_unit", re.compile(r"(?<=\d) (?=(?:" + _UNITS + r")" + _NOT_LETTER + ")"), NBSP),
    # A day and its month: 5. Dezember.
    Rule("day_month", re.compile(r"(?<![\d.])(\d{1,2}\.) (?=(?:" + _MONTHS + r")\b)"), "\\1" + NBSP),
    # Sections and paragraphs of laws and texts: § 5, §§ 15–21, Art. 6 Abs. 1 Buchstabe f, Nr. 3, S. 12.
    Rule("sections", re.compile(r"(?<![A-Za-zÄÖÜäöüß])(§§?|Art\.|Abs\.|Nr\.|S\.|Ziff\.|lit\.) (?=\d)"),
         "\\1" + NBSP),
    # Titles stay with the name: Prof. Dr. Matthias Franz.
    Rule("titles", re.compile(r"(?<![A-Za-zÄÖÜäöüß])(Prof\.|Dr\.|Dipl\.-[A-Za-zäöü]+\.) (?=[A-ZÄÖÜ])"),
         "\\1" + NBSP),
    # An abbreviation before a number: ca. 15.000 €, Tel. 05241 …
    Rule("before_number", re.compile(r"(?<![A-Za-zÄÖÜäöüß])(ca\.|Tel\.|Nr\.) (?=\d)"), "\\1" + NBSP),
)

#: Addresses are left as written (a rule could change an e-mail address or a link text that is a URL).
_ADDRESS = re.compile(r"(https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)")


def text(value: str) -> str:
    """``value`` with every rule applied, addresses inside it left as they are."""
    pieces = _ADDRESS.split(value)
    for i in range(0, len(pieces), 2):  # even pieces are text, odd ones addresses
        for rule in RULES:
            pieces[i] = rule.apply(pieces[i])
    return "".join(pieces)


#: Elements whose text is code or not text at all.
_VERBATIM = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea"})


class _TextRuns(HTMLParser):
    """Finds where the text runs of an HTML document are (offsets into the source), outside code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.runs: list[tuple[int, int]] = []
        self._verbatim = 0
        self._line_starts: list[int] = [0]

    def locate(self, source: str) -> list[tuple[int, int]]:
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self._source = source
        self.feed(source)
        self.close()
        return self.runs

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VERBATIM:
            self._verbatim += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _VERBATIM and self._verbatim:
            self._verbatim -= 1

    def handle_data(self, data: str) -> None:
        if not self._verbatim:
            start = self._offset()
            # The parser reports text between entities in pieces; each piece is where it says.
            assert self._source.startswith(data, start), "text run not found where the parser reports it"
            self.runs.append((start, start + len(data)))


def html(source: str) -> str:
    """``source`` with :func:`text` applied to each text run outside code; tags and attributes untouched.

    Entities (``&amp;``) split a text run; the rules need no text across an
    entity, and none writes one.  A run is joined with the run before it when
    only an entity stands between them, so „Müller &amp; Söhne – 5 €“ is one text.
    """
    runs = _TextRuns().locate(source)
    merged: list[list[int]] = []
    for start, end in runs:
        if merged and re.fullmatch(r"(?:&#?\w+;)*", source[merged[-1][1]:start]):
            merged[-1][1] = end
        else:
            merged.append([start, end])
    out, position = [], 0
    for start, end in merged:
        out.append(source[position:start])
        out.append(text(source[start:end]))
        position = end
    out.append(source[position:])
    return "".join(out)
