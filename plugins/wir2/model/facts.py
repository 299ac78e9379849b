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
    #: One line in plain language (pages for parents, the fact sheet).
    kurz: str | None = None


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
class BeispielKommune:
    """One town's figures, cited as that town's example (``kosten.yml``, ``beispiel_kommune``).

    They are what one council minute says (Niederkassel, 2018), not terms of the
    programme: pages cite them with town, year and source and never add them to
    the programme's fees.
    """

    ort: str
    jahr: int
    quelle: str
    gruppenkosten_pro_jahr: int
    mitfinanzierung_durch: str
    mitfinanzierung_erstes_jahr: int
    bindung_jahre: int
    origin: Origin = field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class Kosten:
    schulung: Posten
    supervisionstag: Posten
    supervision_alle_jahre: int
    kooperationsgebuehr: Posten
    mindestens_geschulte_personen: int
    beispiel_kommune: BeispielKommune
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
    def programmkosten_jahre(self) -> int:
        """The span the programme's fees are added up for: one supervision interval (2 years).

        Within it every fee falls due once in full: the training, the supervision
        day that completes the certification (within two years of the training),
        and the yearly fee for each year.
        """
        return self.supervision_alle_jahre

    @property
    def programmkosten(self) -> list[Beispielzeile]:
        """The programme's fees for the minimum of trained people over :attr:`programmkosten_jahre`."""
        n, years = self.mindestens_geschulte_personen, self.programmkosten_jahre
        return [
            Beispielzeile(self.schulung.bezeichnung, f"{n} Personen × {euro(self.schulung.betrag)}",
                          n * self.schulung.betrag),
            Beispielzeile(self.supervisionstag.bezeichnung, f"{n} Personen × {euro(self.supervisionstag.betrag)}",
                          n * self.supervisionstag.betrag),
            Beispielzeile(self.kooperationsgebuehr.bezeichnung,
                          f"{years} Jahre × {euro(self.kooperationsgebuehr.betrag)}",
                          years * self.kooperationsgebuehr.betrag),
        ]

    @property
    def programmkosten_summe(self) -> int:
        return sum(z.betrag for z in self.programmkosten)


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


OPERATOR_REQUIRED = ("name", "strasse", "plz_ort", "vertreten_durch", "email", "telefon", "hoster", "email_anbieter",
                     "log_speicherdauer")
#: Shown only when filled in: what depends on who the operator is (its legal form, whether the
#: conciliation body of § 16 BGG is competent for it …) is not said until the editors know it.
OPERATOR_OPTIONAL = ("rechtsform", "register", "umsatzsteuer_id", "aufsichtsbehoerde", "datenschutz_kontakt",
                     "schlichtungsstelle", "schlichtungsstelle_url")
#: Every field, in the order data/betreiber.yml and the editor's form have them.
OPERATOR_FIELDS = ("name", "rechtsform", "strasse", "plz_ort", "vertreten_durch", "email", "telefon", "register",
                   "umsatzsteuer_id", "aufsichtsbehoerde", "datenschutz_kontakt", "hoster", "email_anbieter",
                   "log_speicherdauer", "schlichtungsstelle", "schlichtungsstelle_url")
assert sorted(OPERATOR_FIELDS) == sorted(OPERATOR_REQUIRED + OPERATOR_OPTIONAL)


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
