"""The build date and German date formats.

"Upcoming" and "past" depend on the day the site is built, so that day is an
explicit input (``WIR2_BUILD_DATE``) rather than a hidden call to the clock;
the same sources and the same build date then give the same site.
German names are formatted here, not with ``locale``, which silently falls
back to English where the German locale is not installed.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from .errors import DataError, Problem

BERLIN = ZoneInfo("Europe/Berlin")
ENV_VAR = "WIR2_BUILD_DATE"

WEEKDAYS_SHORT = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)


def build_date(environ: dict[str, str] | None = None) -> dt.date:
    """``WIR2_BUILD_DATE=YYYY-MM-DD`` if set, else today in Europe/Berlin."""
    environ = os.environ if environ is None else environ
    raw = environ.get(ENV_VAR, "").strip()
    if not raw:
        return dt.datetime.now(BERLIN).date()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise DataError(
            [Problem(f"Umgebungsvariable {ENV_VAR}", None, ENV_VAR,
                     f"Wert „{raw}“ ist ungültig; erwartet: ein Datum wie 2025-05-06")]
        ) from None


def day(d: dt.date, weekday: bool = True, year: bool = True) -> str:
    """``Di, 6. Mai 2025``."""
    text = f"{d.day}. {MONTHS[d.month - 1]}" + (f" {d.year}" if year else "")
    return f"{WEEKDAYS_SHORT[d.weekday()]}, {text}" if weekday else text


def numeric(d: dt.date) -> str:
    """``06.05.2025``."""
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


def clock(t: dt.time) -> str:
    """``9:00``."""
    return f"{t.hour}:{t.minute:02d}"


def day_range(start: dt.date, end: dt.date | None = None) -> str:
    """``Do, 13.–Sa, 15. März 2025``; month and year are only repeated where they change."""
    if end is None or end == start:
        return day(start)
    if (start.year, start.month) == (end.year, end.month):
        first = f"{WEEKDAYS_SHORT[start.weekday()]}, {start.day}."
    elif start.year == end.year:
        first = day(start, year=False)
    else:
        first = day(start)
    return f"{first}\u2013{day(end)}"


def time_range(start: dt.time, end: dt.time | None = None) -> str:
    """``9:00–11:30 Uhr``."""
    return f"{clock(start)}\u2013{clock(end)} Uhr" if end else f"{clock(start)} Uhr"
