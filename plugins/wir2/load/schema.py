"""Field-by-field checking of located input, collecting every problem: the one validation style.

Every input – the YAML data files, the metadata block of a page, the revision
record – is checked the same way:

- a :class:`Checker` collects the problems of one file;
- a :class:`Record` gives typed access to the fields of one mapping (it knows
  the line of every key), reports unknown keys with a "did you mean" for typos
  such as ``stauts``, and remembers whether any of its fields failed, so
  cross-field checks run only on fields that parsed;
- a parser is any callable that takes the raw value and returns the clean value
  or raises :class:`Invalid` saying what was expected („erwartet: …“).

What is accepted, so that no message contradicts itself (issue 16):

- scalars reach the parsers as the editor typed them (see :mod:`.yamlsource`), so a
  message quotes „15.000“, never „15.0“;
- a number in quotes (``betrag: "700"``) is the number, ``"true"``/``"false"`` in quotes
  the truth value; ``15.000``, ``700 €`` or ``200,50`` are refused with the number to
  type instead („also 15000“), and what a message suggests is always accepted;
- web and e-mail addresses may have internationalised domains (``bürgerbüro.de``); they
  are kept as written, see :func:`domain`;
- every data value is text, not a template: ``{{ … }}`` or ``{% … %}`` in one is an error
  (placeholders work only in content/pages/), and a plain-text field (:class:`PlainText`)
  that looks like Markdown (``**fett**``, ``[Text](url)``) gets a warning, a *note*: it
  is shown as typed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..model.urls import PHONE_EXAMPLE, PhoneError, dialled
from ..problems import DataError, Problem
from .yamlsource import Mapping, Sequence

T = TypeVar("T")
Parser = Callable[[Any], T]


class Invalid(ValueError):
    """Raised by a parser; ``expected`` completes the sentence „erwartet: …“."""

    def __init__(self, expected: str):
        super().__init__(expected)
        self.expected = expected


def show(value: Any, limit: int = 60) -> str:
    """Render a wrong value for a message: visible control characters, bounded length."""
    if value is None:
        return "(leer)"
    if isinstance(value, (Mapping, dict)):
        return "(eine Gruppe von Feldern)"
    if isinstance(value, (Sequence, list)):
        return "(eine Liste)"
    text = str(value) if not isinstance(value, str) else value
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"„{text}“"


def invalid_message(value: Any, expected: str) -> str:
    return f"Wert {show(value)} ist ungültig; erwartet: {expected}"


class Checker:
    """Collects the problems of one file, and its notes: warnings that do not stop the build.

    ``notes`` is where the notes go (a list the caller reports, shared by the files of a build).
    """

    def __init__(self, file: str, notes: list[Problem] | None = None):
        self.file = file
        self.problems: list[Problem] = []
        self.notes: list[Problem] = notes if notes is not None else []

    def add(self, line: int | None, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, field, message))

    def note(self, line: int | None, field: str, message: str) -> None:
        self.notes.append(Problem(self.file, line, field, message))

    def invalid(self, line: int | None, field: str, value: Any, expected: str) -> None:
        self.add(line, field, invalid_message(value, expected))

    def record(self, value: Any, field: str, allowed: Iterable[str], line: int | None = None,
               retired: Iterable[str] = ()) -> Record | None:
        """Return a :class:`Record` for ``value`` if it is a mapping, else report it.

        ``retired``: fields of earlier versions that are still accepted without being offered
        (the caller notes that they can go)."""
        if not isinstance(value, Mapping):
            self.invalid(line, field, value, "eine Gruppe von Feldern (Schlüssel: Wert)")
            return None
        rec = Record(self, value, field)
        rec.reject_unknown(allowed, retired)
        return rec

    def items(self, value: Any, field: str, line: int | None = None) -> list[tuple[int, int, Any]]:
        """Return ``(index, line, item)`` for a YAML list, or report that a list was expected."""
        if value is None:
            return []
        if not isinstance(value, Sequence):
            self.invalid(line, field, value, "eine Liste (Einträge mit „- “ beginnen)")
            return []
        return [(i, value.item_lines[i], item) for i, item in enumerate(value)]

    def raise_if_any(self) -> None:
        if self.problems:
            raise DataError(self.problems)


class Record:
    """Typed access to the fields of one located mapping.

    ``failed`` tells whether a value of this record (or of a record nested in
    it) was reported as wrong, so checks between fields can skip what already
    failed.  An unknown key is reported but does not count: it has no value.
    """

    def __init__(self, checker: Checker, mapping: Mapping, prefix: str = "", parent: Record | None = None):
        self.checker = checker
        self.mapping = mapping
        self.prefix = prefix
        self.parent = parent
        self.failed = False

    def field(self, key: str) -> str:
        return f"{self.prefix}.{key}" if self.prefix else key

    def line(self, key: str | None = None) -> int:
        if key is not None and key in self.mapping.key_lines:
            return self.mapping.key_lines[key]
        return self.mapping.line

    def lines(self) -> dict[str, int]:
        return dict(self.mapping.key_lines)

    # --- reporting -------------------------------------------------------------

    def _fail(self) -> None:
        record: Record | None = self
        while record is not None:
            record.failed = True
            record = record.parent

    def add(self, line: int | None, field: str, message: str) -> None:
        """A problem about this record (``field`` is the full field name)."""
        self._fail()
        self.checker.add(line, field, message)

    def problem(self, key: str, message: str, line: int | None = None) -> None:
        """A problem about the field ``key`` of this record."""
        self.add(self.line(key) if line is None else line, self.field(key), message)

    def invalid(self, key: str, expected: str, value: Any = None) -> None:
        """``key``'s value (as the editor wrote it, unless ``value`` is given) is not what was expected."""
        raw = self.mapping.get(key) if value is None else value
        self.problem(key, invalid_message(raw, expected))

    def reject_unknown(self, allowed: Iterable[str], retired: Iterable[str] = ()) -> None:
        allowed, retired = list(allowed), set(retired)
        for key in self.mapping:
            if key in allowed or key in retired:
                continue
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"; meinten Sie „{close[0]}“?" if close else ""
            # Reported, but the known fields' values are still good: ``failed`` stays as it is.
            message = f"unbekanntes Feld; erlaubt sind: {', '.join(allowed)}{hint}"
            self.checker.add(self.line(key), self.field(key), message)

    # --- reading -------------------------------------------------------------

    def has(self, key: str) -> bool:
        return self.mapping.get(key) is not None

    def given(self, key: str) -> bool:
        """Whether ``key`` holds something other than nothing or blanks."""
        raw = self.mapping.get(key)
        return raw is not None and not (isinstance(raw, str) and not trim(raw))

    def get(self, key: str, parse: Parser[T], *, required: bool = False, default: T | None = None) -> T | None:
        """Parse ``key``; report a missing required field, a placeholder or an invalid value.

        A plain-text field (:class:`PlainText`) that looks like Markdown is kept as typed, with a note.
        """
        if not self.given(key):
            if required:
                self.problem(key, "Pflichtfeld fehlt oder ist leer")
            return default
        raw = self.mapping[key]
        if isinstance(raw, str) and _TEMPLATE.search(raw):
            self.problem(key, f"Wert {show(raw)} enthält einen Platzhalter; Platzhalter wie {{{{ … }}}} und {{% … %}} "
                              f"wirken nur in den Seiten (content/pages/), nicht in {self.checker.file}; erwartet: "
                              "der Text selbst, so wie er auf der Seite stehen soll")
            return default
        try:
            value = parse(raw)
        except Invalid as exc:
            self.invalid(key, exc.expected)
            return default
        if isinstance(parse, PlainText) and isinstance(value, str) and (found := markdown(value)):
            self.checker.note(self.line(key), self.field(key), f"sieht nach Markdown aus („{found}“); dieses Feld ist "
                                                               "einfacher Text, die Zeichen erscheinen so auf der "
                                                               "Seite; erwartet: Text ohne Markdown-Zeichen "
                                                               "(Hervorhebungen und Links gibt es nur in den Seiten "
                                                               "in content/pages/)")
        return value

    def require(self, key: str, parse: Parser[T]) -> T | None:
        return self.get(key, parse, required=True)

    def sub(self, key: str, allowed: Iterable[str], *, required: bool = False) -> Record | None:
        """A nested mapping under ``key``."""
        raw = self.mapping.get(key)
        if raw is None:
            if required:
                self.problem(key, "Pflichtfeld fehlt oder ist leer")
            return None
        if not isinstance(raw, Mapping):
            self.invalid(key, "eine Gruppe von Feldern (Schlüssel: Wert)")
            return None
        rec = Record(self.checker, raw, self.field(key), parent=self)
        rec.reject_unknown(allowed)
        return rec

    def view(self) -> Record:
        """The same fields, with a ``failed`` flag of their own: for a group of fields checked together."""
        return Record(self.checker, self.mapping, self.prefix, parent=self)

    def items(self, key: str) -> list[tuple[int, int, Any]]:
        """``(index, line, item)`` of the YAML list under ``key``; anything else is reported."""
        before = len(self.checker.problems)
        found = self.checker.items(self.mapping.get(key), self.field(key), self.line(key))
        if len(self.checker.problems) > before:
            self._fail()
        return found

    def record(self, value: Any, field: str, allowed: Iterable[str], line: int | None = None) -> Record | None:
        """An item of one of this record's lists, as a record of its own."""
        if not isinstance(value, Mapping):
            self.add(line, field, invalid_message(value, "eine Gruppe von Feldern (Schlüssel: Wert)"))
            return None
        rec = Record(self.checker, value, field, parent=self)
        rec.reject_unknown(allowed)
        return rec


#: The optional top-level field of every data file (and page) saying when an editor last checked it is
#: still true (wir2.load.editorial: a file not reviewed for WIR2_PRUEFEN_NACH_MONATEN gets a warning).
REVIEWED = "geprueft_am"


def top_record(checker: Checker, data: Any, allowed: Iterable[str], *, empty: str = "Datei ist leer") -> Record | None:
    """The top-level mapping of a data file, or ``None`` with a problem reported.

    Every data file may carry :data:`REVIEWED` (a date); it is checked here (and found again
    by wir2.load.editorial).
    """
    if data is None:
        checker.add(None, "", empty)
        return None
    rec = checker.record(data, "", [*allowed, REVIEWED], 1)
    if rec is not None:
        rec.get(REVIEWED, date)
    return rec


# --- parsers ---------------------------------------------------------------

#: A template placeholder or statement, which does nothing in a data file.
_TEMPLATE = re.compile(r"\{\{|\{%")
#: Control characters a value must not hold.  Typed or pasted into a file, these and the other
#: invisible characters are reported where they are, line and column (:mod:`.source`); here they can
#: only come from an escape (``"\x07"``).  An escaped soft hyphen or direction mark (``"\u00ad"``,
#: ``"\u202e"``) was written on purpose and is kept.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
#: Blanks around a value, and the byte-order mark that text pasted from a word processor can start with.
_EDGES = re.compile(r"^[\s\ufeff]+|[\s\ufeff]+$")


def trim(value: str) -> str:
    """``value`` without blanks (or a stray byte-order mark) at either end."""
    return _EDGES.sub("", value)


@dataclass(frozen=True)
class PlainText:
    """The parser of a plain-text field: shown as typed, never as Markdown or a template (see :func:`text`)."""

    max_length: int = 300
    multiline: bool = False

    def __call__(self, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise Invalid("Text")
        found = trim(str(value))
        if not self.multiline and "\n" in found:
            raise Invalid("Text in einer Zeile (ohne Zeilenumbruch)")
        if _CONTROL.search(found.replace("\n", "")):
            raise Invalid("Text ohne Steuerzeichen")
        if len(found) > self.max_length:
            raise Invalid(f"Text mit höchstens {self.max_length} Zeichen (sind {len(found)})")
        return found


def text(max_length: int = 300, multiline: bool = False) -> PlainText:
    """Plain text; single-line fields reject line breaks, every field rejects control characters."""
    return PlainText(max_length, multiline)


#: Markdown an editor might expect to work in a data value: strong and emphasised text, links.  Only
#: forms that ordinary text does not have: ``Teilnehmer*innen``, ``anmelde_bogen.pdf`` or ``2 * 3`` are none.
_MARKDOWN = re.compile(
    r"(\*\*|__)(?=\S)[^\n]*?(?<=\S)\1"  # **fett**, __fett__
    r"|(?<![\w*])\*(?=[^\s*])[^*\n]*?(?<=[^\s*])\*(?![\w*])"  # *kursiv*
    r"|(?<![\w/])_(?=[^\s_])[^_\n]*?(?<=[^\s_])_(?![\w/])"  # _kursiv_
    r"|\[[^\]\n]+\]\([^)\s]+\)"  # [Text](https://…)
)


def markdown(value: str) -> str | None:
    """The first piece of ``value`` that looks like Markdown, as typed, or ``None``."""
    found = _MARKDOWN.search(value)
    return found.group() if found else None


_WHOLE = re.compile(r"^[+-]?[0-9]+$")  # ASCII digits only: int() would also take „٣“ or „²“
_LONGEST_NUMBER = 30
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+$")  # 15.000, 1.000.000: the German thousands point
_SPACED = re.compile(r"^[+-]?\d{1,3}(?:[ \u00a0\u202f']\d{3})+$")  # 15 000, 15'000
_DECIMAL = re.compile(r"^([+-]?\d+)([.,])(\d+)$")
_NUMBER_AND_UNIT = re.compile(r"^(.*\d)\s*([^\d\s][^\d]*)$")  # 700 Euro, 15.000 €, 3 Jahre


def _clamp(number: int, minimum: int | None, maximum: int | None) -> int:
    if minimum is not None:
        number = max(number, minimum)
    if maximum is not None:
        number = min(number, maximum)
    return number


def integer(minimum: int | None = None, maximum: int | None = None, example: int | None = None) -> Parser[int]:
    """A whole number, also in quotes (``"700"``); ``example`` is the one a message shows.

    What is not a plain number is explained with what to type instead: ``15.000`` →
    „ohne Tausenderpunkt, also 15000“, ``700 Euro`` → „ohne Einheit, also 700“; a
    suggestion is made only if it is accepted.
    """
    sample = _clamp(700 if example is None else example, minimum, maximum)
    lo = "" if minimum is None else f" ab {minimum}"
    hi = "" if maximum is None else f" bis {maximum}"
    in_range = f"eine ganze Zahl{lo}{hi}"

    def allowed(number: int) -> bool:
        return (minimum is None or number >= minimum) and (maximum is None or number <= maximum)

    def parse(value: Any) -> int:
        if isinstance(value, str) and len(value.strip()) > _LONGEST_NUMBER:
            # No amount or count has so many characters (and Python converts at most 4,300 digits).
            raise Invalid(f"{in_range} mit höchstens {_LONGEST_NUMBER} Zeichen, z. B. {sample}")
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and _WHOLE.match(value.strip()):
            number = int(value.strip())
        else:
            raise Invalid(_explain(value))
        if not allowed(number):
            raise Invalid(in_range)
        return number

    def _explain(value: Any) -> str:
        generic = f"eine ganze Zahl ohne Punkt, Komma oder Einheit, z. B. {sample}"
        if not isinstance(value, str):
            return generic
        typed = value.strip()
        reasons: list[str] = []
        if m := _NUMBER_AND_UNIT.match(typed):
            typed, reasons = m.group(1).strip(), ["ohne Einheit"]
        candidate: int | None = None
        exact = True  # the candidate is what the editor meant, not just an example
        if _WHOLE.match(typed):
            candidate = int(typed)
        elif _THOUSANDS.match(typed):
            candidate, reasons = int(typed.replace(".", "")), ["ohne Tausenderpunkt", *reasons]
        elif _SPACED.match(typed):
            candidate = (-1 if typed.startswith("-") else 1) * int(re.sub(r"\D", "", typed))
            reasons = ["ohne Leerzeichen zwischen den Ziffern", *reasons]
        elif m := _DECIMAL.match(typed):
            candidate, exact = int(m.group(1)), not m.group(3).strip("0")
            reasons = [f"ohne {'Komma' if m.group(2) == ',' else 'Punkt'} und Nachkommastellen", *reasons]
        if candidate is None or not reasons:
            return generic
        why = " und ".join(reasons)
        if not allowed(candidate):
            return f"{in_range}, {why}"
        return f"eine ganze Zahl {why}, {'also' if exact else 'z. B.'} {candidate}"

    return parse


_TRUTH = {"true": True, "false": False}


def boolean(value: Any) -> bool:
    """``true`` or ``false``, also in quotes (``"true"``), in the spellings YAML has (``True``, ``TRUE``)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip() in {"true", "True", "TRUE", "false", "False", "FALSE"}:
        return _TRUTH[value.strip().lower()]
    raise Invalid("true oder false")


def choice(options: Iterable[str], expected: str | None = None) -> Parser[str]:
    """One of a fixed set of words."""
    table = list(options)

    def parse(value: Any) -> str:
        if not isinstance(value, str) or value not in table:
            raise Invalid(expected or "eines von: " + ", ".join(table))
        return value

    return parse


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DE_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
#: The years a date may have.  Everything the site derives from a date – the day after an event
#: (the calendar's exclusive end), twenty weekly sessions, a time in UTC – then stays far from the
#: ends of what Python can hold (years 1 and 9999), and a year like 0001 or 9999 is always a slip.
#: From 2000: the calendars' time-zone rules and a group's SEQUENCE count from before that.
YEARS = (2000, 2999)
YEARS_TEXT = f"mit einer Jahreszahl von {YEARS[0]} bis {YEARS[1]}"


class OutOfRange(Invalid):
    """A date that exists, in a year outside :data:`YEARS`."""


def in_years(day: dt.date) -> bool:
    return YEARS[0] <= day.year <= YEARS[1]


def date(value: Any) -> dt.date:
    """A calendar date written 2025-05-06 or 06.05.2025; impossible dates and years outside YEARS are rejected."""
    if isinstance(value, str):
        value = value.strip()
        if m := _ISO_DATE.match(value):
            y, mo, d = (int(g) for g in m.groups())
        elif m := _DE_DATE.match(value):
            d, mo, y = (int(g) for g in m.groups())
        else:
            raise Invalid("ein Datum wie 2025-05-06 oder 06.05.2025")
        try:
            day = dt.date(y, mo, d)
        except ValueError:
            raise Invalid("ein Datum, das es gibt (Tag und Monat prüfen)") from None
        if not in_years(day):
            raise OutOfRange(f"ein Datum {YEARS_TEXT}, z. B. 2025-05-06 oder 06.05.2025")
        return day
    raise Invalid("ein Datum wie 2025-05-06 oder 06.05.2025")


_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def time(value: Any) -> dt.time:
    """A wall-clock time written 9:00 or 09:00 (24-hour clock)."""
    if isinstance(value, str) and (m := _TIME.match(value.strip())):
        return dt.time(int(m.group(1)), int(m.group(2)))
    if isinstance(value, str) and value.strip() in ("24:00", "24.00"):
        # The end of the day has no time of its own in a calendar file (DTEND would be 0:00 of the next day).
        raise Invalid("eine Uhrzeit von 0:00 bis 23:59; für „bis Mitternacht“ 23:59")
    raise Invalid("eine Uhrzeit wie 9:00 oder 17:30 (24 Stunden)")


def domain(host: str) -> bool:
    """Whether ``host`` is a domain name: ASCII (``wir2-bindungstraining.de``) or internationalised
    (``bürgerbüro-neuss.de``).

    Each label is letters, digits and inner hyphens, at most 63 characters in its ASCII
    (punycode, ``xn--…``) form; the top-level domain is letters.  Addresses are kept as
    written: pages show and link them so, and browsers and mail programs convert the
    domain themselves (UTS #46, as the registries do – Python's ``idna`` codec is IDNA
    2003 and would make ``straße.de`` the other domain ``strasse.de``).
    """
    labels = unicodedata.normalize("NFC", host).split(".")
    if len(labels) < 2 or len(host) > 253:
        return False
    for label in labels:
        if not label or label[0] == "-" or label[-1] == "-" or not all(c.isalnum() or c == "-" for c in label):
            return False
        ascii_form = label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")
        if len(ascii_form) > 63:
            return False
    top = labels[-1]
    return (top.isalpha() and len(top) >= 2) or top.lower().startswith("xn--")


_LOCAL_PART = re.compile(r"^[A-Za-z0-9._%+-]+$")


def email(value: Any) -> str:
    """An e-mail address; the domain may be internationalised (``info@bürgerbüro.de``), the part before
    the @ is ASCII (mail servers that take „jürgen@…“ are rare)."""
    if isinstance(value, str):
        address = value.strip()
        local, at, host = address.rpartition("@")
        if at and _LOCAL_PART.match(local) and domain(host):
            return address
        if at and local and not local.isascii() and domain(host):
            raise Invalid("eine E-Mail-Adresse ohne Umlaute und Sonderzeichen vor dem @, "
                          "z. B. info@wir2-bindungstraining.de")
    raise Invalid("eine E-Mail-Adresse wie info@wir2-bindungstraining.de")


_HTTPS = re.compile(r"^https://([^/?#:\s]+)(?::\d+)?(?:[/?#][^\s<>\"`]*)?$")  # ' is allowed (RFC 3986)


def https_url(value: Any) -> str:
    """An absolute https address (the domain may be internationalised, see :func:`domain`);
    http:, javascript: and relative links are rejected.

    ``HTTPS://`` is accepted and written ``https://`` (the scheme has no case).  The
    message says what is wrong when the address does begin with https:// – a blank, a
    quotation mark, a domain that is none – so it never contradicts what the editor sees.
    """
    if isinstance(value, str):
        text = value.strip()
        if text[:8].lower() == "https://":
            text = "https://" + text[8:]
        if (m := _HTTPS.match(text)) and domain(m.group(1)):
            return text
        if text.startswith("https://"):
            rest = text[8:]
            if any(c.isspace() for c in rest):
                raise Invalid("eine Webadresse ohne Leerzeichen (ein Leerzeichen in einer Adresse wird %20 "
                              "geschrieben), z. B. https://www.example.org/seite")
            if any(c in "<>\"`" for c in rest):
                raise Invalid("eine Webadresse ohne Anführungszeichen und spitze Klammern, z. B. "
                              "https://www.example.org/seite")
            raise Invalid("eine Webadresse mit einer Domain wie www.example.org nach https://, z. B. "
                          "https://www.example.org/seite")
    raise Invalid("eine Webadresse, die mit https:// beginnt")


def phone(value: Any) -> str:
    """A phone number that :func:`wir2.model.urls.dialled` can dial, shown as written (blanks tidied).

    Runs of blanks (also no-break spaces) become one space; everything else stays as the
    editor wrote it, e.g. ``+49 (0) 5241 17949-14`` or ``(05241) 1794914``.
    """
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise Invalid(f"eine Telefonnummer wie {PHONE_EXAMPLE}")
    written = " ".join(trim(str(value)).split())
    try:
        dialled(written)
    except PhoneError as exc:
        raise Invalid(exc.expected) from None
    return written


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slug(value: Any, expected: str = "eine Kennung aus Kleinbuchstaben a–z, Ziffern und Bindestrichen, "
                                      "z. B. schulung-2025-03") -> str:
    """An id safe in a URL and a file name: lower-case letters, digits, single hyphens."""
    if isinstance(value, (str, int)) and not isinstance(value, bool) and SLUG.match(str(value)):
        return str(value)
    raise Invalid(expected)


def slug_with(expected: str) -> Parser[str]:
    """:func:`slug` with another explanation of what is expected."""
    return lambda value: slug(value, expected)
