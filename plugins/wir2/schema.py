"""Field-by-field checking of located YAML data, collecting every problem.

A parser is any callable that takes the raw YAML value and returns the clean
value or raises :class:`Invalid` saying what was expected.  :class:`Record`
applies parsers to the keys of one mapping and reports unknown keys (with a
"did you mean" for typos such as ``stauts``), so each data module only
declares its fields.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from .errors import DataError, Problem
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


class Checker:
    """Collects the problems of one file."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, line: int | None, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, field, message))

    def invalid(self, line: int | None, field: str, value: Any, expected: str) -> None:
        self.add(line, field, f"Wert {show(value)} ist ungültig; erwartet: {expected}")

    def record(
        self, value: Any, field: str, allowed: Iterable[str], line: int | None = None
    ) -> Record | None:
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
    """Typed access to the fields of one YAML mapping."""

    def __init__(self, checker: Checker, mapping: Mapping, prefix: str = ""):
        self.checker = checker
        self.mapping = mapping
        self.prefix = prefix

    def field(self, key: str) -> str:
        return f"{self.prefix}.{key}" if self.prefix else key

    def line(self, key: str | None = None) -> int:
        if key is not None and key in self.mapping.key_lines:
            return self.mapping.key_lines[key]
        return self.mapping.line

    def reject_unknown(self, allowed: Iterable[str]) -> None:
        allowed = list(allowed)
        for key in self.mapping:
            if key in allowed:
                continue
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"; meinten Sie „{close[0]}“?" if close else ""
            self.checker.add(
                self.line(key),
                self.field(key),
                f"unbekanntes Feld; erlaubt sind: {', '.join(allowed)}{hint}",
            )

    def has(self, key: str) -> bool:
        return self.mapping.get(key) is not None

    def get(self, key: str, parse: Parser[T], *, required: bool = False, default: T | None = None) -> T | None:
        """Parse ``key``; report a missing required field or an invalid value."""
        raw = self.mapping.get(key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                self.checker.add(self.line(key), self.field(key), "Pflichtfeld fehlt oder ist leer")
            return default
        try:
            return parse(raw)
        except Invalid as exc:
            self.checker.invalid(self.line(key), self.field(key), raw, exc.expected)
            return default

    def sub(self, key: str, allowed: Iterable[str], *, required: bool = False) -> Record | None:
        """A nested mapping under ``key``."""
        raw = self.mapping.get(key)
        if raw is None:
            if required:
                self.checker.add(self.line(key), self.field(key), "Pflichtfeld fehlt oder ist leer")
            return None
        return self.checker.record(raw, self.field(key), allowed, self.line(key))


# --- parsers ---------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def text(max_length: int = 300, multiline: bool = False) -> Parser[str]:
    """Plain text; single-line fields reject line breaks and control characters."""

    def parse(value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise Invalid("Text")
        value = str(value).strip()
        if not multiline and "\n" in value:
            raise Invalid("Text in einer Zeile (ohne Zeilenumbruch)")
        if _CONTROL.search(value.replace("\n", "")):
            raise Invalid("Text ohne Steuerzeichen")
        if len(value) > max_length:
            raise Invalid(f"Text mit höchstens {max_length} Zeichen (sind {len(value)})")
        return value

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


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid("true oder false")
    return value


def choice(options: dict[str, T] | Iterable[str]) -> Parser:
    """One of a fixed set of words; returns the mapped value if a dict is given."""
    table = dict(options) if isinstance(options, dict) else {o: o for o in options}

    def parse(value: Any) -> Any:
        if not isinstance(value, str) or value not in table:
            raise Invalid("eines von: " + ", ".join(table))
        return table[value]

    return parse


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DE_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def date(value: Any) -> dt.date:
    """A calendar date written 2025-05-06 or 06.05.2025; impossible dates are rejected."""
    if isinstance(value, str):
        value = value.strip()
        m = _ISO_DATE.match(value)
        if m:
            y, mo, d = (int(g) for g in m.groups())
        elif m := _DE_DATE.match(value):
            d, mo, y = (int(g) for g in m.groups())
        else:
            raise Invalid("ein Datum wie 2025-05-06 oder 06.05.2025")
        try:
            return dt.date(y, mo, d)
        except ValueError:
            raise Invalid("ein Datum, das es gibt (Tag und Monat prüfen)") from None
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


_PHONE = re.compile(r"^\+?[0-9][0-9 /()-]{4,30}[0-9]$")


def phone(value: Any) -> str:
    if isinstance(value, (str, int)) and not isinstance(value, bool) and _PHONE.match(str(value).strip()):
        return str(value).strip()
    raise Invalid("eine Telefonnummer wie 05241 17949-14")


def tel_uri(number: str, country: str = "49") -> str:
    """``05241 17949-14`` → ``tel:+49524117949-14``-style URI with digits only (RFC 3966)."""
    digits = re.sub(r"[^0-9+]", "", number)
    if digits.startswith("+"):
        return "tel:" + digits
    if digits.startswith("0") and len(digits) > 6:
        return f"tel:+{country}{digits[1:]}"
    return "tel:" + digits


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slug(value: Any) -> str:
    """An id safe in a URL and a file name: lower-case letters, digits, single hyphens."""
    if isinstance(value, (str, int)) and not isinstance(value, bool) and _SLUG.match(str(value)):
        return str(value)
    raise Invalid("eine Kennung aus Kleinbuchstaben a–z, Ziffern und Bindestrichen, z. B. schulung-2025-03")
