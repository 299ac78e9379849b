"""schema.org ``Event`` data for dated events (embedded with the ``jsonld`` filter).

``endDate`` is inclusive, unlike iCalendar's ``DTEND``; a cancelled event keeps
its date with ``EventCancelled``.  Undated events have no schema.org form.
"""

from __future__ import annotations

from typing import Any

from ..model.events import Termin
from ..model.site import Site
from ..model.urls import is_absolute

SCHEMA = "https://schema.org/"


def organizer(site: Site) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Organization", "name": site.sitename}
    if is_absolute(site.siteurl):
        data["url"] = site.siteurl + "/"
    return data


def event(termin: Termin, organizer: dict[str, Any]) -> dict[str, Any]:
    """The schema.org ``Event`` for a dated ``termin``."""
    t = termin
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Event", "name": t.titel}
    page = t.seite_absolut or f"/{t.seite_url}"
    if t.seite_absolut:
        data["@id"] = t.seite_absolut
        data["url"] = t.seite_absolut
    if t.ganztags:
        data["startDate"] = t.beginn.isoformat()
        data["endDate"] = t.letzter_tag.isoformat()
    else:
        data["startDate"] = t.start.isoformat()
        data["endDate"] = t.end.isoformat()
    if t.online and t.ort:
        mode = "MixedEventAttendanceMode"
    else:
        mode = "OnlineEventAttendanceMode" if t.online else "OfflineEventAttendanceMode"
    data["eventAttendanceMode"] = SCHEMA + mode
    data["eventStatus"] = SCHEMA + t.status.event_status
    locations: list[dict[str, Any]] = []
    if t.ort:
        address = {"@type": "PostalAddress", "addressLocality": t.ort, "addressCountry": "DE"}
        if t.adresse:
            address["streetAddress"] = t.adresse
        locations.append({"@type": "Place", "name": t.ort, "address": address})
    if t.online:
        locations.append({"@type": "VirtualLocation", "url": page})
    data["location"] = locations[0] if len(locations) == 1 else locations
    if t.hinweis:
        data["description"] = t.hinweis
    data["organizer"] = organizer
    if t.art.preis is not None:
        offer: dict[str, Any] = {"@type": "Offer", "price": t.art.preis, "priceCurrency": "EUR"}
        if t.status.availability:
            offer["availability"] = SCHEMA + t.status.availability
        if t.anmeldung and t.anmeldung.art == "formular":
            offer["url"] = t.anmeldung.adresse
        elif t.seite_absolut:
            offer["url"] = t.seite_absolut
        data["offers"] = offer
    return data
