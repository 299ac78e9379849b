"""The site's fixed facts: programme, costs, contact and operator, read from ``data/``.

Every figure lives once in a YAML file; pages, calendar files and the fact sheet
read these objects, so a changed fee can never disagree between them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wir2 import schema as s
from wir2 import yamlsource
from wir2.schema import Checker


@dataclass(frozen=True)
class Modul:
    titel: str
    beschreibung: str | None = None


@dataclass(frozen=True)
class Programm:
    name: str
    motto: str
    sitzungen: int
    minuten_je_sitzung: int
    kinder_bis_jahre: int
    gruppengroesse_von: int
    gruppengroesse_bis: int
    gruppenleitungen: int
    module: list[Modul]
    gruene_liste_stufe: str
    gruene_liste_erklaerung: str
    gruene_liste_register_url: str
    gruene_liste_eintrag_url: str


@dataclass(frozen=True)
class Posten:
    bezeichnung: str
    betrag: int
    einheit: str


@dataclass(frozen=True)
class Beispielzeile:
    bezeichnung: str
    rechnung: str
    betrag: int


@dataclass(frozen=True)
class Kosten:
    schulung: Posten
    supervisionstag: Posten
    supervision_alle_jahre: int
    kooperationsgebuehr: Posten
    mindestens_geschulte_personen: int
    mindestlaufzeit_jahre: int
    beispiel_gruppenkosten_pro_jahr: int
    beispiel_quelle: str

    @property
    def posten(self) -> list[Posten]:
        return [self.schulung, self.supervisionstag, self.kooperationsgebuehr]

    @property
    def beispiel(self) -> list[Beispielzeile]:
        """A municipality's costs over the minimum commitment, from the figures above.

        Assumes the minimum of trained people and one supervision day per person
        for every full interval within the commitment (3 years, every 2 years → 1).
        """
        n, years = self.mindestens_geschulte_personen, self.mindestlaufzeit_jahre
        supervisions = years // self.supervision_alle_jahre
        return [
            Beispielzeile(self.schulung.bezeichnung, f"{n} Personen × {euro(self.schulung.betrag)}",
                          n * self.schulung.betrag),
            Beispielzeile(self.supervisionstag.bezeichnung,
                          f"{n} Personen × {supervisions} × {euro(self.supervisionstag.betrag)}",
                          n * supervisions * self.supervisionstag.betrag),
            Beispielzeile(self.kooperationsgebuehr.bezeichnung,
                          f"{years} Jahre × {euro(self.kooperationsgebuehr.betrag)}",
                          years * self.kooperationsgebuehr.betrag),
        ]

    @property
    def beispiel_programmkosten(self) -> int:
        return sum(z.betrag for z in self.beispiel)

    @property
    def beispiel_gruppenkosten(self) -> int:
        return self.mindestlaufzeit_jahre * self.beispiel_gruppenkosten_pro_jahr

    @property
    def beispiel_gesamt(self) -> int:
        return self.beispiel_programmkosten + self.beispiel_gruppenkosten


@dataclass(frozen=True)
class Standort:
    ort: str
    einrichtung: str
    aufgaben: str


@dataclass(frozen=True)
class Kontakt:
    email: str
    name: str
    funktion: str
    telefon: str
    standorte: list[Standort]

    @property
    def tel_uri(self) -> str:
        return s.tel_uri(self.telefon)


OPERATOR_REQUIRED = ("name", "strasse", "plz_ort", "vertreten_durch", "email", "telefon", "hoster")
OPERATOR_OPTIONAL = ("register", "umsatzsteuer_id", "aufsichtsbehoerde", "datenschutz_kontakt")


@dataclass(frozen=True)
class Betreiber:
    felder: dict[str, str | None]
    fehlend: list[str] = field(default_factory=list)

    def __getattr__(self, name: str) -> str | None:
        try:
            return self.__dict__["felder"][name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def vollstaendig(self) -> bool:
        return not self.fehlend


def euro(amount: int) -> str:
    """``15000`` → ``15.000 €`` (German grouping, a no-break space before the sign)."""
    return f"{amount:,}".replace(",", ".") + "\u00a0€"


def _top(path: Path, name: str, allowed: list[str]) -> tuple[Checker, s.Record | None]:
    checker = Checker(name)
    data = yamlsource.load(path, name)
    if data is None:
        checker.add(None, "", "Datei ist leer")
        return checker, None
    return checker, checker.record(data, "", allowed, 1)


def load_programm(path: Path, name: str) -> Programm:
    fields = ["name", "motto", "sitzungen", "minuten_je_sitzung", "kinder_bis_jahre", "gruppengroesse_von",
              "gruppengroesse_bis", "gruppenleitungen", "module", "gruene_liste"]
    checker, rec = _top(path, name, fields)
    checker.raise_if_any()
    line = s.text(200)
    module = []
    for i, item_line, item in checker.items(rec.mapping.get("module"), "module", rec.line("module")):
        m = checker.record(item, f"module[{i + 1}]", ["titel", "beschreibung"], item_line)
        if m:
            module.append(Modul(m.get("titel", line, required=True), m.get("beschreibung", s.text(600))))
    if len(module) != 4 and not checker.problems:
        checker.add(rec.line("module"), "module", f"{len(module)} Module gefunden; erwartet: genau 4")
    gl = rec.sub("gruene_liste", ["stufe", "erklaerung", "register_url", "eintrag_url"], required=True)
    count = s.integer(1, 1000)
    values = dict(
        name=rec.get("name", line, required=True),
        motto=rec.get("motto", line, required=True),
        sitzungen=rec.get("sitzungen", count, required=True),
        minuten_je_sitzung=rec.get("minuten_je_sitzung", count, required=True),
        kinder_bis_jahre=rec.get("kinder_bis_jahre", count, required=True),
        gruppengroesse_von=rec.get("gruppengroesse_von", count, required=True),
        gruppengroesse_bis=rec.get("gruppengroesse_bis", count, required=True),
        gruppenleitungen=rec.get("gruppenleitungen", count, required=True),
    )
    if gl:
        values.update(
            gruene_liste_stufe=gl.get("stufe", line, required=True),
            gruene_liste_erklaerung=gl.get("erklaerung", s.text(400), required=True),
            gruene_liste_register_url=gl.get("register_url", s.https_url, required=True),
            gruene_liste_eintrag_url=gl.get("eintrag_url", s.https_url, required=True),
        )
    von, bis = values["gruppengroesse_von"], values["gruppengroesse_bis"]
    if von and bis and von > bis:
        checker.invalid(rec.line("gruppengroesse_bis"), "gruppengroesse_bis", bis,
                        f"eine Zahl ab {von} (gruppengroesse_von)")
    checker.raise_if_any()
    return Programm(module=module, **values)


def load_kosten(path: Path, name: str) -> Kosten:
    checker, rec = _top(path, name, ["schulung", "supervisionstag", "kooperationsgebuehr",
                                     "mindestens_geschulte_personen", "mindestlaufzeit_jahre",
                                     "beispiel_gruppenkosten_pro_jahr", "beispiel_quelle"])
    checker.raise_if_any()
    amount = s.integer(0, 1_000_000)
    interval = None

    def posten(key: str, extra: tuple[str, ...] = ()) -> Posten | None:
        nonlocal interval
        p = rec.sub(key, ["bezeichnung", "betrag", "einheit", *extra], required=True)
        if not p:
            return None
        einheit = p.get("einheit", s.text(100), required=True)
        if extra:
            interval = p.get("alle_jahre", s.integer(1, 10), required=True)
            einheit = f"{einheit}, alle {interval} Jahre" if einheit and interval else einheit
        return Posten(p.get("bezeichnung", s.text(200), required=True), p.get("betrag", amount, required=True),
                      einheit)

    values = dict(
        schulung=posten("schulung"),
        supervisionstag=posten("supervisionstag", ("alle_jahre",)),
        kooperationsgebuehr=posten("kooperationsgebuehr"),
        mindestens_geschulte_personen=rec.get("mindestens_geschulte_personen", s.integer(1, 100), required=True),
        mindestlaufzeit_jahre=rec.get("mindestlaufzeit_jahre", s.integer(1, 20), required=True),
        beispiel_gruppenkosten_pro_jahr=rec.get("beispiel_gruppenkosten_pro_jahr", amount, required=True),
        beispiel_quelle=rec.get("beispiel_quelle", s.text(300), required=True),
    )
    checker.raise_if_any()
    return Kosten(supervision_alle_jahre=interval, **values)


def load_kontakt(path: Path, name: str) -> Kontakt:
    checker, rec = _top(path, name, ["email", "ansprechperson", "standorte"])
    checker.raise_if_any()
    person = rec.sub("ansprechperson", ["name", "funktion", "telefon"], required=True)
    standorte = []
    for i, item_line, item in checker.items(rec.mapping.get("standorte"), "standorte", rec.line("standorte")):
        r = checker.record(item, f"standorte[{i + 1}]", ["ort", "einrichtung", "aufgaben"], item_line)
        if r:
            standorte.append(Standort(*(r.get(k, s.text(200), required=True) for k in ("ort", "einrichtung", "aufgaben"))))
    if not standorte and "standorte" in rec.mapping and not checker.problems:
        checker.add(rec.line("standorte"), "standorte", "keine Standorte angegeben; erwartet: mindestens einer")
    elif "standorte" not in rec.mapping:
        checker.add(None, "standorte", "Pflichtfeld fehlt oder ist leer")
    email = rec.get("email", s.email, required=True)
    values = {}
    if person:
        values = dict(name=person.get("name", s.text(100), required=True),
                      funktion=person.get("funktion", s.text(100), required=True),
                      telefon=person.get("telefon", s.phone, required=True))
    checker.raise_if_any()
    return Kontakt(email=email, standorte=standorte, **values)


def load_betreiber(path: Path, name: str) -> Betreiber:
    checker, rec = _top(path, name, [*OPERATOR_REQUIRED, *OPERATOR_OPTIONAL])
    checker.raise_if_any()
    parsers = {"email": s.email, "telefon": s.phone, "datenschutz_kontakt": s.email}
    felder = {k: rec.get(k, parsers.get(k, s.text(300))) for k in (*OPERATOR_REQUIRED, *OPERATOR_OPTIONAL)}
    checker.raise_if_any()
    return Betreiber(felder, [k for k in OPERATOR_REQUIRED if not felder[k]])
