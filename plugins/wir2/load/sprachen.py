"""Reading and checking ``data/sprachen/<code>.yml``: the site's languages and their texts.

German (``de.yml``) is the original and must be there.  Every other file has the keys
German has in each block of texts (``texte``, ``finder``, ``flyer``) – a missing key
would leave a hole in a page, an extra one is most likely a typo – and each problem
names the file and the line, like every other data file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..model.sprachen import BLOCKS, ORIGINAL, Sprache, Sprachen
from ..problems import DataError, Problem, display_path
from . import schema as s
from . import yamlsource
from .facts import origin
from .schema import Checker, Record
from .yamlsource import Mapping

FOLDER = "sprachen"
FIELDS = ("name", "name_deutsch", "richtung", "reihenfolge", *BLOCKS)
#: ISO 639-1: two lower-case letters.
_CODE = re.compile(r"[a-z]{2}")
DIRECTIONS = ("ltr", "rtl")


def _block(rec: Record, key: str, expected_keys: list[str] | None) -> dict[str, str]:
    """One block of texts: a flat mapping of key → text (with German's keys, where German is known)."""
    raw = rec.mapping.get(key)
    if raw is None:
        rec.problem(key, "Pflichtfeld fehlt oder ist leer; erwartet: die Texte der Sprache, Schlüssel: Text")
        return {}
    if not isinstance(raw, Mapping):
        rec.invalid(key, "eine Gruppe von Texten (Schlüssel: Text)")
        return {}
    sub = Record(rec.checker, raw, rec.field(key), parent=rec)
    if expected_keys is not None:
        sub.reject_unknown(expected_keys)
    parse = s.text(600)
    found = {k: value for k in raw if (expected_keys is None or k in expected_keys)
             and (value := sub.require(k, parse)) is not None}
    for k in expected_keys or ():
        if k not in raw:
            rec.add(sub.line(), sub.field(k), f"fehlt; erwartet: die Übersetzung des Textes „{k}“ aus {ORIGINAL}.yml")
    return found


def load_sprache(path: Path, name: str, german: Sprache | None, notes: list[Problem] | None = None) -> Sprache:
    code = path.stem
    checker = Checker(name, notes)
    rec = s.top_record(checker, yamlsource.load(path, name), FIELDS)
    checker.raise_if_any()
    assert rec is not None
    values: dict[str, Any] = dict(
        name=rec.require("name", s.text(60)) or "",
        name_deutsch=rec.require("name_deutsch", s.text(60)) or "",
        richtung=rec.require("richtung", s.choice(DIRECTIONS, "ltr (von links nach rechts) oder rtl "
                                                              "(von rechts nach links)")) or "ltr",
        reihenfolge=rec.require("reihenfolge", s.integer(0, 99, example=1)) or 0,
    )
    for block in BLOCKS:
        values[block] = _block(rec, block, None if german is None else list(getattr(german, block)))
    checker.raise_if_any()
    return Sprache(code=code, origin=origin(rec), **values)


def load(folder: Path, root: Path, notes: list[Problem] | None = None) -> Sprachen:
    """Every language file of ``folder`` (German first); raises :class:`DataError` with every problem."""
    shown = display_path(folder, root)
    files = sorted(folder.glob("*.yml")) if folder.is_dir() else []
    problems: list[Problem] = []
    for path in files:
        if not _CODE.fullmatch(path.stem):
            problems.append(Problem(f"{shown}/{path.name}", None, "", "Dateiname ist kein Sprachcode; erwartet: "
                                    "zwei Kleinbuchstaben nach ISO 639-1 und .yml, z. B. uk.yml"))
    original = folder / f"{ORIGINAL}.yml"
    if not original.is_file():
        problems.append(Problem(shown, None, "", f"{ORIGINAL}.yml fehlt; erwartet: die Texte auf Deutsch, nach "
                                                 "denen sich jede andere Sprache richtet"))
    if problems:
        raise DataError(problems)
    german = load_sprache(original, f"{shown}/{original.name}", None, notes)
    alle = [german]
    for path in files:
        if path.stem == ORIGINAL:
            continue
        try:
            alle.append(load_sprache(path, f"{shown}/{path.name}", german, notes))
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    taken: dict[int, str] = {}
    for sprache in alle[1:]:
        if sprache.reihenfolge in taken:
            problems.append(Problem(sprache.origin.file, sprache.origin.line_of("reihenfolge"), "reihenfolge",
                                    f"{sprache.reihenfolge} hat schon {taken[sprache.reihenfolge]}.yml; erwartet: "
                                    "eine eigene Zahl je Sprache"))
        taken.setdefault(sprache.reihenfolge, sprache.code)
    if problems:
        raise DataError(problems)
    return Sprachen((german, *sorted(alle[1:], key=lambda sp: (sp.reihenfolge, sp.code))))
