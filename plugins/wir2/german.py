"""German dates, times and amounts, formatted here rather than with ``locale``.

``locale`` silently falls back to English month names where the German locale is
not installed (it is not on most build machines), so the names are tables here.
Used by the model (``Termin.datum_text``) and by the templates (filters ``datum``,
``datum_kurz``, ``euro``).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")

WEEKDAYS_SHORT = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
WEEKDAYS_ADVERB = ("montags", "dienstags", "mittwochs", "donnerstags", "freitags", "samstags", "sonntags")
MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)


def day(d: dt.date, weekday: bool = True, year: bool = True) -> str:
    """``Di., 6. Mai 2025`` (the weekday abbreviated with a period, as the Duden has it)."""
    text = f"{d.day}. {MONTHS[d.month - 1]}" + (f" {d.year}" if year else "")
    return f"{WEEKDAYS_SHORT[d.weekday()]}., {text}" if weekday else text


def numeric(d: dt.date) -> str:
    """``06.05.2025``."""
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


def clock(t: dt.time) -> str:
    """``9:00``."""
    return f"{t.hour}:{t.minute:02d}"


def day_range(start: dt.date, end: dt.date | None = None) -> str:
    """``Do., 13. – Sa., 15. März 2025``; month and year are only repeated where they change.

    A range of dates written with words takes a spaced dash (a no-break space before it, so a line
    never starts with the dash); ranges of bare numbers (``9:00–11:30 Uhr``) stay unspaced.
    """
    if end is None or end == start:
        return day(start)
    if (start.year, start.month) == (end.year, end.month):
        first = f"{WEEKDAYS_SHORT[start.weekday()]}., {start.day}."
    elif start.year == end.year:
        first = day(start, year=False)
    else:
        first = day(start)
    return f"{first}\u00a0\u2013 {day(end)}"


def numeric_range(start: dt.date, end: dt.date | None = None) -> str:
    """``13.03.2025`` or ``13.03.–15.03.2025`` for mail subjects and calendar texts."""
    if end is None or end == start:
        return numeric(start)
    first = numeric(start) if start.year != end.year else f"{start.day:02d}.{start.month:02d}."
    return f"{first}\u2013{numeric(end)}"


def time_range(start: dt.time, end: dt.time | None = None) -> str:
    """``9:00–11:30 Uhr``."""
    return f"{clock(start)}\u2013{clock(end)} Uhr" if end else f"{clock(start)} Uhr"


def hours(minutes: int) -> str:
    """``90`` → ``eineinhalb Stunden``: a duration as people say it (Leichte Sprache avoids „90 Minuten“).

    Whole and half hours are said in hours; anything else stays in minutes.
    """
    whole, rest = divmod(minutes, 60)
    if rest == 30:
        if whole == 0:
            return "eine halbe Stunde"
        return "eineinhalb Stunden" if whole == 1 else f"{whole} und eine halbe Stunde"
    if rest == 0 and whole:
        return "1 Stunde" if whole == 1 else f"{whole} Stunden"
    return f"{minutes} Minuten"


NUMBER_WORDS = ("null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf",
                "zwölf")
#: Largest count written as a word (Duden: numbers up to twelve in running text).
WORDS_UP_TO = 12


def number_word(n: int) -> str:
    """``2`` → ``zwei`` for 0 to 12; larger numbers stay digits (``20``).

    ``1`` is „ein“, the form that stands before a noun („ein Supervisionstag“);
    a text that may print 1 needs its own wording either way.
    """
    if n == 1:
        return "ein"
    if 0 <= n <= WORDS_UP_TO:
        return NUMBER_WORDS[n]
    return str(n)


def euro(amount: int) -> str:
    """``15000`` → ``15.000 €`` (German grouping, a no-break space before the sign)."""
    return f"{amount:,}".replace(",", ".") + "\u00a0€"
