"""Content that has gone stale: editorial warnings, not errors.

Built a year later, a site whose data nobody touched still builds – with every
date in the past and „Termin folgt“ for a meeting that was due last year.  The
build cannot know what is planned, but it can say what has run out, so each of
these is a warning („Warnung: …“, the build goes on, local or publish) naming the
file (and line), what is stale and what to do:

- :func:`kinds_without_dates`: a kind of ``data/termine.yml`` with no upcoming date
  that is not cancelled and no placeholder („beginn: offen“) whose period is still
  running.  A current placeholder counts: the editors said when the event is meant
  to be, and :func:`expired_placeholders` warns once that period is over (then
  instead of this warning: one warning per slip);
- :func:`expired_placeholders`: an undated event whose ``zeitraum`` (a year or a
  month) has ended – „Termin folgt“ is no longer true, so it is on no page any more
  (:meth:`wir2.model.termine.Termine.offen`);
- :func:`unreviewed`: a data file or page not reviewed for more than
  ``WIR2_PRUEFEN_NACH_MONATEN`` months.  Reviewed is the later of the last commit that
  touched the file (:func:`wir2.load.history.last_changed`; every save in the browser
  editor is one) and the date an editor wrote as ``geprueft_am:`` (to record a review
  that changed nothing); a page's ``modified:`` counts too.  Without git history only
  ``geprueft_am`` is known, and a file without it is not judged;
- :func:`operator_fields`: the fields of ``data/betreiber.yml`` still empty, in one
  warning – whatever fields the file has (the model's list, not one written here).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from .. import german
from ..model.events import Termin
from ..model.facts import OPERATOR_REQUIRED, Betreiber
from ..model.pages import Page
from ..model.termine import Termine, months_before
from ..problems import Problem
from . import schema as s

#: The default of ``WIR2_PRUEFEN_NACH_MONATEN``: a year, the rhythm of fees, dates and contacts.
REVIEW_MONTHS = 12
_REVIEWED_LINE = re.compile(rf"^{s.REVIEWED}:[ \t]*[\"']?([^\"'#\s]+)", re.MULTILINE)


def kinds_without_dates(termine: Termine, file: str) -> list[Problem]:
    """A warning per kind that has neither an upcoming date nor a placeholder whose period runs."""
    found: list[Problem] = []
    for art in termine.arten:
        if any(not t.abgesagt for t in termine.kommend(art)) or termine.offen(art) or termine.abgelaufen(art):
            continue  # an expired placeholder has a warning of its own (expired_placeholders)
        past = termine.vergangen(art)
        last = f"der letzte war {_when(past[0])}" if past else "es gab noch keinen"
        found.append(Problem(
            file, art.origin.line, "",
            f"Terminart „{art.id}“ ({art.name_plural}) hat keinen kommenden Termin ({last}); /termine/ bittet "
            f"bis dahin, den Kalender zu abonnieren oder zu schreiben – die nächsten Termine unter „termine:“ "
            f"eintragen (steht erst der Zeitraum fest: „beginn: offen“ mit einem Zeitraum wie „zeitraum: "
            f"{termine.build_date.year + 1}“)"))
    return found


def _when(termin: Termin) -> str:
    return f"am {termin.datum_kurz}" if termin.ende is None else f"vom {termin.datum_kurz}"


def expired_placeholders(termine: Termine) -> list[Problem]:
    """A warning per undated event whose ``zeitraum`` ended before the build date, in file order."""
    found: list[Problem] = []
    for t in termine.abgelaufen():
        assert t.zeitraum is not None
        origin = t.origin
        found.append(Problem(
            origin.file, origin.line_of("zeitraum"), origin.field_of("zeitraum"),
            f"Termin „{t.id}“ hat noch kein Datum („beginn: offen“), sein Zeitraum „{t.zeitraum.wert}“ ist aber "
            f"vorbei (bis {german.numeric(t.zeitraum.letzter_tag)}); er steht deshalb nicht mehr auf den Seiten – "
            "das Datum eintragen, einen neuen Zeitraum setzen oder den Termin löschen"))
    return found


def reviewed_in_text(text: str) -> tuple[dt.date, int] | None:
    """The ``geprueft_am:`` date of a data file and its line (checked while loading), if it has one."""
    found = _REVIEWED_LINE.search(text)
    if found is None:
        return None
    try:
        day = s.date(found.group(1))
    except s.Invalid:
        return None
    return day, text.count("\n", 0, found.start()) + 1


def unreviewed(files: Iterable[tuple[str, dt.date | None, int | None, dt.date | None]], build_date: dt.date,
               months: int) -> list[Problem]:
    """A warning per file last reviewed more than ``months`` months before ``build_date``.

    ``files``: (name as shown, its ``geprueft_am`` date or ``None``, that line, the day of its last
    change by git or ``None``).  ``months`` 0 turns the check off.
    """
    if months <= 0:
        return []
    limit = months_before(build_date, months)
    found: list[Problem] = []
    for name, marked, line, changed in files:
        known = [d for d in (marked, changed) if d is not None]
        if not known or max(known) >= limit:
            continue
        day = max(known)
        how = "„geprueft_am“" if day == marked else "letzte Änderung laut Versionsgeschichte"
        found.append(Problem(
            name, line if day == marked else None, "",
            f"zuletzt geprüft am {german.numeric(day)} ({how}), vor mehr als {_months(months)} – stimmt der "
            f"Inhalt noch? Prüfen, korrigieren und „{s.REVIEWED}: {build_date.isoformat()}“ eintragen "
            f"(in einer Seite zwischen den Zeilen ---, in einer Datendatei als eigene Zeile ganz links)"))
    return found


def _months(months: int) -> str:
    return "einem Monat" if months == 1 else f"{months} Monaten"


def page_review(page: Page) -> tuple[dt.date | None, int | None]:
    """A page's own review date: the later of ``geprueft_am`` and ``modified``, and its line."""
    best: tuple[dt.date | None, int | None] = (None, None)
    for key in (s.REVIEWED, "modified"):
        value = getattr(page, key)
        if value and (best[0] is None or dt.date.fromisoformat(value) > best[0]):
            best = (dt.date.fromisoformat(value), page.origin.line_of(key))
    return best


def data_review(path: Path) -> tuple[dt.date | None, int | None]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None, None
    found = reviewed_in_text(text)
    return found if found is not None else (None, None)


def operator_fields(betreiber: Betreiber, file: str) -> str | None:
    """One warning naming every field of ``data/betreiber.yml`` still empty (required ones first), or ``None``."""
    empty = [key for key, value in betreiber.felder if value in (None, "", (), [])]
    if not empty:
        return None
    required = [k for k in empty if k in OPERATOR_REQUIRED]
    others = [k for k in empty if k not in OPERATOR_REQUIRED]
    parts = []
    if required:
        parts.append(f"Impressum/Datenschutz unvollständig, es fehlen: {', '.join(required)} "
                     "(Vorschau; zum Veröffentlichen ausfüllen)")
    if others:
        parts.append(f"noch leer{' sind außerdem' if required else ''}: {', '.join(others)} (keine Pflicht; "
                     "eintragen, sobald bekannt)")
    return f"{file}: " + "; ".join(parts)
