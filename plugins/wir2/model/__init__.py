"""Step 2 of the build: the immutable model of the site that :mod:`wir2.load` fills in.

Nothing here reads files or knows about Pelican: every class is a frozen
dataclass, and every record knows where it was written (:class:`Origin`).
"""

from .events import Anmeldung, Art, Event, OffenerTermin, Termin, Zeit
from .facts import Betreiber, Kontakt, Kosten, Modul, Posten, Programm, Standort
from .gruppen import Gruppe, Infotreffen, Verzeichnis
from .origin import Origin
from .pages import Page
from .revisions import Revision
from .site import Site
from .status import Status
from .termine import Abo, Termine, UnknownName

__all__ = [
    "Abo", "Anmeldung", "Art", "Betreiber", "Event", "Gruppe", "Infotreffen", "Kontakt", "Kosten", "Modul",
    "OffenerTermin", "Origin", "Page", "Posten", "Programm", "Revision", "Site", "Standort", "Status", "Termin",
    "Termine", "UnknownName", "Verzeichnis", "Zeit",
]
