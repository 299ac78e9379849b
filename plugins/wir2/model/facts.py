"""The site's fixed facts: programme, costs, contact and operator (``data/programm.yml`` …).

Every figure lives once in a data file; pages, calendar files and the fact sheet
read these objects, so a changed fee can never disagree between them.  Field
names are the editors' keys, because pages use them as placeholders
(``{{ kosten.schulung.betrag | euro }}``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..german import euro
from .origin import NOWHERE, Origin
from .urls import tel_uri


@dataclass(frozen=True)
class Modul:
    titel: str
    beschreibung: str | None = None
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)


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
    module: tuple[Modul, ...]
    gruene_liste_stufe: str
    gruene_liste_erklaerung: str
    gruene_liste_register_url: str
    gruene_liste_eintrag_url: str
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class Posten:
    """One fee: what it is for, the amount in euro, per what."""

    bezeichnung: str
    betrag: int
    einheit: str
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)


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
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)

    #: The fees an event kind can name as its ``teilnahmebeitrag``, in the order pages list them.
    FEES = ("schulung", "supervisionstag", "kooperationsgebuehr")

    @property
    def posten(self) -> list[Posten]:
        return [self.fee(name) for name in self.FEES]

    def fee(self, name: str) -> Posten:
        posten: Posten = getattr(self, name)
        return posten

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
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class Kontakt:
    """How to reach someone: the wir2 team (``data/kontakt.yml``) or a local group's contact."""

    email: str | None = None
    telefon: str | None = None
    name: str | None = None
    funktion: str | None = None
    web: str | None = None
    standorte: tuple[Standort, ...] = ()
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)

    @property
    def tel_uri(self) -> str | None:
        return tel_uri(self.telefon) if self.telefon else None


OPERATOR_REQUIRED = ("name", "strasse", "plz_ort", "vertreten_durch", "email", "telefon", "hoster")
OPERATOR_OPTIONAL = ("register", "umsatzsteuer_id", "aufsichtsbehoerde", "datenschutz_kontakt")


@dataclass(frozen=True)
class Betreiber:
    """The operator's details for the legal pages; empty fields are ``None`` until the editors fill them in."""

    felder: tuple[tuple[str, str | None], ...]
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)

    def __getattr__(self, name: str) -> str | None:
        felder: tuple[tuple[str, str | None], ...] = self.__dict__["felder"]
        for key, value in felder:
            if key == name:
                return value
        raise AttributeError(name)

    @property
    def fehlend(self) -> list[str]:
        """Required fields still empty."""
        values = dict(self.felder)
        return [k for k in OPERATOR_REQUIRED if not values.get(k)]
