"""The one table of statuses an editor can give an event or a group.

Events (``data/termine.yml``) and groups (``data/gruppen.yml``) have vocabularies
of their own, but every status is described once here: its key (what editors
type), the label pages show, and what it means for schema.org.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    key: str
    label: str
    #: Which files may use it: "termine", "gruppen" or both.
    used_by: tuple[str, ...]
    #: schema.org ``Offer.availability`` for events with a fee.
    availability: str | None = None
    #: schema.org ``Event.eventStatus``; ``EventScheduled`` where not set.
    event_status: str = "EventScheduled"
    #: Whether people can still register.
    open_for_registration: bool = False


#: In the order messages and guides list them (each file's statuses keep this order).
STATUSES: tuple[Status, ...] = (
    # No availability for a planned date: the site does not know whether places are left.
    Status("geplant", "Geplant", ("termine",), open_for_registration=True),
    Status("wenige_plaetze", "Nur noch wenige Plätze", ("termine",), "LimitedAvailability",
           open_for_registration=True),
    Status("anmeldung-offen", "Anmeldung offen", ("gruppen",), open_for_registration=True),
    Status("laeuft", "Läuft", ("gruppen",)),
    Status("ausgebucht", "Ausgebucht", ("termine", "gruppen"), "SoldOut"),
    Status("abgesagt", "Abgesagt", ("termine",), event_status="EventCancelled"),
    Status("beendet", "Beendet", ("gruppen",)),
)


def statuses(used_by: str) -> dict[str, Status]:
    """The statuses of one data file, by key, in the table's order."""
    return {s.key: s for s in STATUSES if used_by in s.used_by}
