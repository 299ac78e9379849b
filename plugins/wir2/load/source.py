"""Reading a data file's text: the one place ``data/`` is read, and total.

Whatever is at the path – a missing file, a folder, a pipe, a link to nowhere or
in a circle, a file the builder may not read, bytes in another encoding, a
character a word processor hid in the text – becomes a :class:`~wir2.problems.Problem`
with the file (and the line and column where there is one), never a traceback.

Decisions:

- A UTF-8 byte-order mark at the very start is accepted and dropped (Windows
  editors write one; it is unambiguous).  Anywhere else U+FEFF is an invisible
  character like the others below.
- Invisible characters are reported with line and column, wherever they are
  (comments included), so an editor can find them: C0 and C1 control characters
  except tab and line ends, a carriage return that ends no line, the soft hyphen,
  zero-width spaces and joiners, direction marks, the Unicode line and paragraph
  separators, and the noncharacters U+FFFE/U+FFFF.  The set includes everything
  YAML refuses ("special characters are not allowed"), so that message, which has
  no line, is never what an editor sees.  What an escape makes (``"\\u00ad"``) was
  written on purpose: text fields refuse only control characters
  (:class:`wir2.load.schema.PlainText`).
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from pathlib import Path

from ..problems import DataError, Problem

#: Characters nobody can see in an editor, which break links, search and calendars.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b\u200e\u200f\u2028\u2029\u202a-\u202e"
    "\u2060\u2066-\u2069\ufeff\ufffe\uffff]|\r(?!\n)"
)
#: After this many lines with invisible characters the rest are counted, not listed.
LISTED_LINES = 10
_CONTEXT = 40  # characters of the line before the character, to say where it is

_NAMES = {
    "\x00": "ein Nullzeichen (U+0000)",
    "\x0b": "ein Zeilenumbruch aus Word (Umschalt+Eingabe, U+000B)",
    "\x0c": "ein Seitenumbruch (U+000C)",
    "\r": "ein Wagenrücklauf ohne Zeilenende (U+000D)",
    "\x7f": "ein Löschzeichen (U+007F)",
    "\u00ad": "ein weiches Trennzeichen (U+00AD)",
    "\u200b": "ein Leerzeichen ohne Breite (U+200B)",
    "\u200e": "eine Markierung der Schreibrichtung (U+200E)",
    "\u200f": "eine Markierung der Schreibrichtung (U+200F)",
    "\u2028": "ein Zeilentrenner (U+2028)",
    "\u2029": "ein Absatztrenner (U+2029)",
    "\u2060": "ein Wortverbinder ohne Breite (U+2060)",
    "\ufeff": "ein Leerzeichen ohne Breite (Byte-Order-Mark mitten im Text, U+FEFF)",
}
#: Characters that stand for a line break: deleting them would join two words.
_BREAKS = "\x0b\x0c\r\u2028\u2029"


def read_text(path: Path, name: str, *, missing_ok: bool = False) -> str | None:
    """The checked text of ``path`` (``name`` is used in messages); ``None`` if it is missing and may be.

    Raises :class:`DataError` for everything else that is not a readable UTF-8 text without
    invisible characters.
    """
    wanted = f"erwartet: die Textdatei {path.name}"
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            target = _link_target(path)
            raise _error(name, f"ist eine Verknüpfung auf „{target}“, die es nicht gibt; {wanted} selbst") from None
        if missing_ok:
            return None
        raise _error(name, "Datei fehlt") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            message = f"ist eine Verknüpfung, die im Kreis auf sich selbst verweist; {wanted} selbst"
            raise _error(name, message) from None
        raise _unreadable(name, exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise _error(name, f"ist ein Ordner, keine Datei; {wanted}")
    if not stat.S_ISREG(info.st_mode):  # opening a pipe would wait for a writer forever
        raise _error(name, f"ist keine gewöhnliche Datei (sondern eine Pipe, ein Socket oder ein Gerät); {wanted}")
    try:
        with path.open("rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise _unreadable(name, exc) from None
    text = decode(raw, name)
    problems = invisible_characters(text, name)
    if problems:
        raise DataError(problems)
    return text


def outside(path: Path, root: Path) -> str | None:
    """Where ``path`` really is, if a link takes it out of the project folder ``root``; else ``None``.

    A link out of the project works on one machine only (a clone has no such target, so
    two machines would build different sites), and it can publish a file that was never
    meant for the site – or print a secret in a message about its content.
    """
    real, base = os.path.realpath(path), os.path.realpath(root)
    return None if real == base or real.startswith(base.rstrip(os.sep) + os.sep) else real


def outside_problem(path: Path, root: Path, name: str) -> Problem | None:
    """The problem of a ``path`` that :func:`outside` finds, named ``name``, or ``None``."""
    real = outside(path, root)
    if real is None:
        return None
    return Problem(name, None, "", f"ist eine Verknüpfung auf „{real}“ außerhalb des Projekts; erwartet: die Datei "
                                   "oder den Ordner selbst im Projekt (eine Verknüpfung nach außen gibt es nur auf "
                                   "diesem Rechner, und sie könnte Dateien veröffentlichen, die nicht auf die Website "
                                   "gehören)")


def decode(raw: bytes, name: str) -> str:
    """``raw`` as UTF-8 (a leading byte-order mark dropped); another encoding is reported where it shows."""
    how = "im Editor „Speichern unter …“ → Kodierung UTF-8"
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise _error(name, f"UTF-8 erwartet: die Datei ist als UTF-32 gespeichert ({how})", 1)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _error(name, f"UTF-8 erwartet: die Datei ist als UTF-16 gespeichert ({how})", 1)
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        before = raw[raw.rfind(b"\n", 0, exc.start) + 1: exc.start].decode("utf-8")  # valid up to the first error
        byte = raw[exc.start]
        try:
            guess = f", in Windows-1252 „{bytes([byte]).decode('cp1252')}“"
        except UnicodeDecodeError:
            guess = ""
        where = f", hinter „{_context(before)}“" if before.strip() else ", am Zeilenanfang"
        message = (f"UTF-8 erwartet: die Datei ist in einer anderen Kodierung gespeichert (Spalte {len(before) + 1}: "
                   f"Byte 0x{byte:02X}{guess}{where}; {how})")
        raise _error(name, message, line) from None


def invisible_characters(text: str, name: str) -> list[Problem]:
    """One problem per line holding an invisible character (the first in that line), the rest counted."""
    problems: list[Problem] = []
    last_line = 0
    more: list[int] = []
    for match in INVISIBLE.finditer(text):
        start = match.start()
        line = text.count("\n", 0, start) + 1
        if line == last_line:
            continue
        last_line = line
        if len(problems) == LISTED_LINES:
            more.append(line)
            continue
        before = text[text.rfind("\n", 0, start) + 1: start]
        problems.append(Problem(name, line, "", _invisible_message(match.group()[0], before)))
    if more:
        problems.append(Problem(name, None, "", f"unsichtbare Zeichen auch in {len(more)} weiteren Zeilen (ab Zeile "
                                                f"{more[0]}); erwartet: auch dort löschen"))
    return problems


def describe(char: str) -> str:
    """What an invisible character is, in words an editor recognises."""
    if char in _NAMES:
        return _NAMES[char]
    code = f"U+{ord(char):04X}"
    meant = _cp1252(char)
    if meant:
        return f"ein Steuerzeichen, vermutlich ein falsch umgewandeltes „{meant}“ ({code})"
    return f"ein Steuerzeichen ({code})"


def _invisible_message(char: str, before: str) -> str:
    meant = _cp1252(char)
    if meant:
        fix = f"das Zeichen durch „{meant}“ ersetzen"
    elif char in _BREAKS:
        fix = "das Zeichen löschen oder durch ein Leerzeichen ersetzen"
    else:
        fix = "das Zeichen löschen"
    where = f"hinter „{_context(before)}“" if before.strip() else "am Zeilenanfang"
    return f"unsichtbares Zeichen in Spalte {len(before) + 1}: {describe(char)}; erwartet: {fix} – es steht {where}"


def _cp1252(char: str) -> str | None:
    """The character a C1 control stands for when Windows-1252 text was read as Latin-1 (U+0096 → „–“)."""
    if not "\x80" <= char <= "\x9f":
        return None
    try:
        return bytes([ord(char)]).decode("cp1252")
    except UnicodeDecodeError:
        return None


def _context(before: str) -> str:
    """The end of ``before`` (whole words, at most a few dozen characters) to find the place by."""
    text = before.strip()
    if len(text) <= _CONTEXT:
        return text
    words: list[str] = []
    for word in reversed(text.split(" ")):
        if len(" ".join([word, *words])) > _CONTEXT:
            break
        words.insert(0, word)
    return "…" + (" ".join(words) if words else text[-_CONTEXT:])


def _link_target(path: Path) -> str:
    try:
        return str(path.readlink())
    except OSError:
        return "?"


_REASONS = {
    errno.EACCES: "keine Leseberechtigung",
    errno.EPERM: "keine Leseberechtigung",
    errno.EIO: "Ein-/Ausgabefehler",
    errno.ENOTDIR: "ein Teil des Pfads ist kein Ordner",
    errno.ENAMETOOLONG: "der Pfad ist zu lang",
}


def _unreadable(name: str, exc: OSError) -> DataError:
    reason = _REASONS.get(exc.errno or 0) or exc.strerror or type(exc).__name__
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _error(name, f"kann nicht gelesen werden ({reason}); erwartet: eine Datei, die der Benutzer lesen darf, "
                            f"der die Website baut (z. B. „chmod a+r {name}“)")
    return _error(name, f"kann nicht gelesen werden ({reason}); erwartet: eine lesbare Textdatei")


def _error(name: str, message: str, line: int | None = None) -> DataError:
    return DataError([Problem(name, line, "", message)])
