"""Reading and checking ``data/programm.yml``, ``kosten.yml``, ``kontakt.yml`` and ``betreiber.yml``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import german
from ..model.facts import (
    OPERATOR_FIELDS,
    BeispielKommune,
    Betreiber,
    Kontakt,
    Kosten,
    Modul,
    Posten,
    Programm,
    Standort,
)
from ..model.origin import Origin
from ..problems import Problem
from . import schema as s
from . import yamlsource
from .schema import Checker, Record


def _top(path: Path, name: str, allowed: list[str], notes: list[Problem] | None) -> tuple[Checker, Record]:
    """The file's top-level mapping; an empty file or unknown top-level keys stop here.

    ``notes`` collects the warnings (see :meth:`~wir2.load.schema.Checker.note`).
    """
    checker = Checker(name, notes)
    rec = s.top_record(checker, yamlsource.load(path, name), allowed)
    checker.raise_if_any()
    assert rec is not None
    return checker, rec


def origin(rec: Record) -> Origin:
    return Origin(rec.checker.file, rec.line(), rec.prefix, tuple(rec.lines().items()))


def load_programm(path: Path, name: str, notes: list[Problem] | None = None) -> Programm:
    fields = ["name", "motto", "sitzungen", "minuten_je_sitzung", "kinder_bis_jahre", "gruppengroesse_von",
              "gruppengroesse_bis", "gruppenleitungen", "module", "gruene_liste"]
    checker, rec = _top(path, name, fields, notes)
    line = s.text(200)
    module = []
    for i, item_line, item in rec.items("module"):
        m = rec.record(item, f"module[{i + 1}]", ["titel", "kurz", "beschreibung"], item_line)
        if m:
            titel = m.require("titel", line)
            module.append(Modul(titel or "", m.get("beschreibung", s.text(600)), origin(m),
                                kurz=m.get("kurz", s.text(200))))
    if len(module) != 4 and not checker.problems:
        rec.problem("module", f"{len(module)} Module gefunden; erwartet: genau 4")
    gl = rec.sub("gruene_liste", ["stufe", "erklaerung", "register_url", "eintrag_url"], required=True)
    count = s.integer(1, 1000, example=20)
    values: dict[str, Any] = dict(
        name=rec.require("name", line),
        motto=rec.require("motto", line),
        sitzungen=rec.require("sitzungen", count),
        minuten_je_sitzung=rec.require("minuten_je_sitzung", count),
        kinder_bis_jahre=rec.require("kinder_bis_jahre", count),
        gruppengroesse_von=rec.require("gruppengroesse_von", count),
        gruppengroesse_bis=rec.require("gruppengroesse_bis", count),
        gruppenleitungen=rec.require("gruppenleitungen", count),
    )
    if gl:
        values.update(
            gruene_liste_stufe=gl.require("stufe", line),
            gruene_liste_erklaerung=gl.require("erklaerung", s.text(400)),
            gruene_liste_register_url=gl.require("register_url", s.https_url),
            gruene_liste_eintrag_url=gl.require("eintrag_url", s.https_url),
        )
    von, bis = values["gruppengroesse_von"], values["gruppengroesse_bis"]
    if von and bis and von > bis:
        rec.invalid("gruppengroesse_bis", f"eine Zahl ab {von} (gruppengroesse_von)", value=bis)
    checker.raise_if_any()
    return Programm(module=tuple(module), origin=origin(rec), **values)


#: The fields of ``beispiel_kommune`` in kosten.yml, in the order the file has them.
BEISPIEL_FIELDS = ("ort", "jahr", "quelle", "gruppenkosten_pro_jahr", "mitfinanzierung_durch",
                   "mitfinanzierung_erstes_jahr", "bindung_jahre")


def load_kosten(path: Path, name: str, notes: list[Problem] | None = None) -> Kosten:
    checker, rec = _top(path, name, ["schulung", "supervisionstag", "kooperationsgebuehr",
                                     "mindestens_geschulte_personen", "beispiel_kommune"], notes)
    amount = s.integer(0, 1_000_000, example=700)
    interval: int | None = None

    def posten(key: str, extra: tuple[str, ...] = ()) -> Posten | None:
        nonlocal interval
        p = rec.sub(key, ["bezeichnung", "betrag", "einheit", *extra], required=True)
        if not p:
            return None
        einheit = p.require("einheit", s.text(100))
        if extra:
            interval = p.require("alle_jahre", s.integer(1, 10, example=2))
            einheit = f"{einheit}, alle {german.number_word(interval)} Jahre" if einheit and interval else einheit
        bezeichnung = p.require("bezeichnung", s.text(200))
        betrag = p.require("betrag", amount)
        return Posten(bezeichnung or "", betrag or 0, einheit or "", origin(p))

    values: dict[str, Any] = dict(
        schulung=posten("schulung"),
        supervisionstag=posten("supervisionstag", ("alle_jahre",)),
        kooperationsgebuehr=posten("kooperationsgebuehr"),
        mindestens_geschulte_personen=rec.require("mindestens_geschulte_personen", s.integer(1, 100, example=2)),
    )
    b = rec.sub("beispiel_kommune", list(BEISPIEL_FIELDS), required=True)
    if b:
        values["beispiel_kommune"] = BeispielKommune(
            ort=b.require("ort", s.text(100)) or "",
            jahr=b.require("jahr", s.integer(1990, 2100, example=2018)) or 0,
            quelle=b.require("quelle", s.text(300)) or "",
            gruppenkosten_pro_jahr=b.require("gruppenkosten_pro_jahr", amount) or 0,
            mitfinanzierung_durch=b.require("mitfinanzierung_durch", s.text(200)) or "",
            mitfinanzierung_erstes_jahr=b.require("mitfinanzierung_erstes_jahr", amount) or 0,
            bindung_jahre=b.require("bindung_jahre", s.integer(1, 20, example=3)) or 0,
            origin=origin(b),
        )
    checker.raise_if_any()
    return Kosten(supervision_alle_jahre=interval or 0, origin=origin(rec), **values)


def load_kontakt(path: Path, name: str, notes: list[Problem] | None = None) -> Kontakt:
    checker, rec = _top(path, name, ["email", "ansprechperson", "standorte"], notes)
    person = rec.sub("ansprechperson", ["name", "funktion", "telefon"], required=True)
    standorte = []
    for i, item_line, item in rec.items("standorte"):
        r = rec.record(item, f"standorte[{i + 1}]", ["ort", "einrichtung", "aufgaben"], item_line)
        if r:
            ort, einrichtung, aufgaben = (r.require(k, s.text(200)) or "" for k in ("ort", "einrichtung", "aufgaben"))
            standorte.append(Standort(ort, einrichtung, aufgaben, origin(r)))
    if not standorte and "standorte" in rec.mapping and not checker.problems:
        rec.problem("standorte", "keine Standorte angegeben; erwartet: mindestens einer")
    elif "standorte" not in rec.mapping:
        rec.add(None, "standorte", "Pflichtfeld fehlt oder ist leer")
    email = rec.require("email", s.email)
    values = {}
    if person:
        values = dict(name=person.require("name", s.text(100)),
                      funktion=person.require("funktion", s.text(100)),
                      telefon=person.require("telefon", s.phone))
    checker.raise_if_any()
    return Kontakt(email=email, standorte=tuple(standorte), origin=origin(rec), **values)


def load_betreiber(path: Path, name: str, notes: list[Problem] | None = None) -> Betreiber:
    checker, rec = _top(path, name, list(OPERATOR_FIELDS), notes)
    parsers = {"email": s.email, "telefon": s.phone, "datenschutz_kontakt": s.email,
               "schlichtungsstelle_url": s.https_url}
    felder = tuple((k, rec.get(k, parsers.get(k, s.text(300)))) for k in OPERATOR_FIELDS)
    checker.raise_if_any()
    return Betreiber(felder, origin=origin(rec))
