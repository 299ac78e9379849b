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
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from ..model.urls import PHONE_EXAMPLE, PhoneError, dialled, is_short_number
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
    """Collects the problems of one file."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, line: int | None, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, field, message))

    def invalid(self, line: int | None, field: str, value: Any, expected: str) -> None:
        self.add(line, field, invalid_message(value, expected))

    def record(self, value: Any, field: str, allowed: Iterable[str], line: int | None = None) -> Record | None:
        """Return a :class:`Record` for ``value`` if it is a mapping, else report it."""
        if not isinstance(value, Mapping):
            self.invalid(line, field, value, "eine Gruppe von Feldern (Schlüssel: Wert)")
            return None
        rec = Record(self, value, field)
        rec.reject_unknown(allowed)
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

    def reject_unknown(self, allowed: Iterable[str]) -> None:
        allowed = list(allowed)
        for key in self.mapping:
            if key in allowed:
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
        """Parse ``key``; report a missing required field or an invalid value."""
        if not self.given(key):
            if required:
                self.problem(key, "Pflichtfeld fehlt oder ist leer")
            return default
        try:
            return parse(self.mapping[key])
        except Invalid as exc:
            self.invalid(key, exc.expected)
            return default

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


def top_record(checker: Checker, data: Any, allowed: Iterable[str], *, empty: str = "Datei ist leer") -> Record | None:
    """The top-level mapping of a data file, or ``None`` with a problem reported."""
    if data is None:
        checker.add(None, "", empty)
        return None
    return checker.record(data, "", allowed, 1)


# --- parsers ---------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
#: Blanks around a value, and the byte-order mark that text pasted from a word processor can start with.
_EDGES = re.compile(r"^[\s\ufeff]+|[\s\ufeff]+$")


def trim(value: str) -> str:
    """``value`` without blanks (or a stray byte-order mark) at either end."""
    return _EDGES.sub("", value)


def text(max_length: int = 300, multiline: bool = False) -> Parser[str]:
    """Plain text; single-line fields reject line breaks and control characters."""

    def parse(value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise Invalid("Text")
        value = trim(str(value))
        if not multiline and "\n" in value:
            raise Invalid("Text in einer Zeile (ohne Zeilenumbruch)")
        if _CONTROL.search(value.replace("\n", "")):
            raise Invalid("Text ohne Steuerzeichen")
        if len(value) > max_length:
            raise Invalid(f"Text mit höchstens {max_length} Zeichen (sind {len(value)})")
        text: str = value
        return text

    return parse


def integer(minimum: int | None = None, maximum: int | None = None) -> Parser[int]:
    def parse(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid("eine ganze Zahl ohne Punkt, Komma oder Einheit, z. B. 700")
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            lo = "" if minimum is None else f"ab {minimum}"
            hi = "" if maximum is None else f"bis {maximum}"
            raise Invalid(f"eine ganze Zahl {lo} {hi}".replace("  ", " ").strip())
        return value

    return parse


def digits(value: Any) -> int:
    """A whole number written as text, as in a page's ``Order: 2``."""
    if isinstance(value, str) and value.isdigit():
        return int(value)
    raise Invalid("eine ganze Zahl, z. B. 2")


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid("true oder false")
    return value


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
    raise Invalid("eine Uhrzeit wie 9:00 oder 17:30 (24 Stunden)")


_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def email(value: Any) -> str:
    if isinstance(value, str) and _EMAIL.match(value.strip()):
        return value.strip()
    raise Invalid("eine E-Mail-Adresse wie info@wir2-bindungstraining.de")


_HTTPS = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:[/?#][^\s<>\"'`]*)?$")


def https_url(value: Any) -> str:
    """An absolute https address; http:, javascript: and relative links are rejected."""
    if isinstance(value, str) and _HTTPS.match(value.strip()):
        return value.strip()
    raise Invalid("eine Webadresse, die mit https:// beginnt")


def phone(value: Any) -> str:
    """A phone number that :func:`wir2.model.urls.dialled` can dial, shown as written (blanks tidied).

    Runs of blanks (also no-break spaces) become one space; everything else stays as the
    editor wrote it, e.g. ``+49 (0) 5241 17949-14`` or ``(05241) 1794914``.
    """
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise Invalid(f"eine Telefonnummer wie {PHONE_EXAMPLE}")
    if isinstance(value, int) and not is_short_number(str(value)):
        # YAML reads digits without a leading 0 as a number: ``+4952411794914`` arrives as 4952411794914.
        raise Invalid("eine Telefonnummer mit Vorwahl, gegliedert mit Leerzeichen, z. B. +49 5241 17949-14 (nur aus "
                      "Ziffern liest YAML die Nummer als Zahl, ein „+“ am Anfang geht dabei verloren)")
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
