"""schema.org ``Event`` markup and the filter that embeds JSON safely in a ``<script>`` element.

HTML does not end a ``<script>`` at a JSON string's quotes but at ``</``, so a
title containing ``</script>`` could break out of the element.  :func:`script_json`
escapes ``<``, ``>`` and ``&`` as ``\\u003c`` … which JSON parsers read back as
the same characters.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from markupsafe import Markup

from .models import Termin

SCHEMA = "https://schema.org/"
STATUS = {"abgesagt": "EventCancelled"}
AVAILABILITY = {"geplant": "InStock", "wenige_plaetze": "LimitedAvailability", "ausgebucht": "SoldOut"}


def script_json(data: Any) -> Markup:
    """``data`` as JSON that can stand between ``<script type="application/ld+json">`` tags."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704 - every character that could end the element is escaped above


def _moment(value: dt.date | dt.datetime) -> str:
    """Dates as ``2025-03-13``; times with their offset, ``2025-05-06T09:00:00+02:00``."""
    return value.isoformat()


def event(termin: Termin, organizer: dict[str, Any]) -> dict[str, Any]:
    """The schema.org ``Event`` for a dated ``termin`` (``endDate`` is inclusive, unlike ``DTEND``)."""
    t = termin
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Event", "name": t.titel}
    page = t.seite_absolut or f"/{t.seite_url}"
    if t.seite_absolut:
        data["@id"] = t.seite_absolut
        data["url"] = t.seite_absolut
    if t.ganztags:
        data["startDate"] = _moment(t.beginn)
        data["endDate"] = _moment(t.letzter_tag)
    else:
        data["startDate"] = _moment(t.start)
        data["endDate"] = _moment(t.end)
    if t.online and t.ort:
        mode = "MixedEventAttendanceMode"
    else:
        mode = "OnlineEventAttendanceMode" if t.online else "OfflineEventAttendanceMode"
    data["eventAttendanceMode"] = SCHEMA + mode
    data["eventStatus"] = SCHEMA + STATUS.get(t.status, "EventScheduled")
    locations = []
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
        offer = {"@type": "Offer", "price": t.art.preis, "priceCurrency": "EUR"}
        if t.status in AVAILABILITY:
            offer["availability"] = SCHEMA + AVAILABILITY[t.status]
        if t.anmeldung and t.anmeldung.art == "formular":
            offer["url"] = t.anmeldung.adresse
        elif t.seite_absolut:
            offer["url"] = t.seite_absolut
        data["offers"] = offer
    return data
