"""All dates of the site, sorted once: upcoming, not yet fixed, past, and the feeds to subscribe to.

"Upcoming" is decided against the build date, never the clock, so the same
sources and date give the same site.  Pages and templates use the object as
``termine``: ``termine.kommend(art, anzahl)``, ``termine.offen(art)``,
``termine.vergangen(art)``, ``termine.abgelaufen(art)`` (placeholders whose period is over:
on no page), ``termine.arten``, ``termine.abos``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from .events import Art, Event, OffenerTermin, Termin
from .revisions import Revision
from .urls import absolute, is_absolute, query

#: Past events stay in subscription feeds this long: dropping them deletes them from subscribers' calendars.
FEED_MONTHS_MIN = 12


class UnknownName(LookupError):
    """A page or template asked for a kind or feed that does not exist; the message says which exist."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Abo:
    """One subscribable feed and the ways to subscribe to it."""

    id: str
    titel: str
    pfad: str  # site-relative, e.g. termine/abo/alle.ics
    siteurl: str
    public_url: str = ""  # the live address (WIR2_PUBLIC_URL), also in local builds

    @property
    def url(self) -> str:
        """``https://…`` in the publish build, ``/termine/abo/….ics`` locally."""
        return f"{self.siteurl}/{self.pfad}"

    @property
    def absolut(self) -> bool:
        return is_absolute(self.siteurl)

    @property
    def adresse(self) -> str | None:
        """The address a calendar subscribes to: the site's own, or in a local build the live one.

        A calendar can only ever subscribe to the published feed (a preview's ``localhost``
        is no address for a phone), so the preview shows the page as it will be published.
        ``None`` when neither address is known.
        """
        return absolute(self.siteurl, self.pfad) or absolute(self.public_url.rstrip("/"), self.pfad)

    @property
    def webcal(self) -> str | None:
        """``webcal://`` opens the system's calendar app; needs an absolute address."""
        if self.adresse is None:
            return None
        return "webcal://" + self.adresse.split("://", 1)[1]

    @property
    def outlook(self) -> str | None:
        if self.adresse is None:
            return None
        return "https://outlook.live.com/calendar/0/addfromweb?" + query({"url": self.adresse, "name": self.titel})

    @property
    def google(self) -> str | None:
        if self.webcal is None:
            return None
        return "https://calendar.google.com/calendar/r?" + query({"cid": self.webcal})


def months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


@dataclass(frozen=True)
class Termine:
    """The kinds and events of ``data/termine.yml`` as of ``build_date``, with each dated event's revision."""

    arten: tuple[Art, ...]
    alle: tuple[Event, ...]  # in file order
    build_date: dt.date
    revisions: Mapping[str, Revision] = field(compare=False, repr=False)
    siteurl: str = ""
    feed_months: int = 18
    #: Events subscribers were shown that are gone (removed, or back to „offen“) and not yet past:
    #: cancelled events in the calendars (wir2.load.revisions.withdrawn); a removed one is listed too.
    abgesagt: tuple[Termin, ...] = ()
    public_url: str = ""  # the live site's address, for the feeds' subscribe address (Abo.adresse)

    def __post_init__(self) -> None:
        object.__setattr__(self, "feed_months", max(self.feed_months, FEED_MONTHS_MIN))
        object.__setattr__(self, "revisions", MappingProxyType(dict(self.revisions)))

    # --- sorted once ---------------------------------------------------------

    @cached_property
    def _arten(self) -> dict[str, Art]:
        return {a.id: a for a in self.arten}

    @cached_property
    def _datiert(self) -> list[Termin]:
        dated = [t for t in self.alle if isinstance(t, Termin)]
        return sorted(dated, key=lambda t: (t.zeit.start_key, t.id))

    @cached_property
    def _kalender(self) -> list[Termin]:
        """The dated events and the withdrawn ones: what the calendar files hold."""
        if not self.abgesagt:
            return self._datiert
        return sorted([*self._datiert, *self.abgesagt], key=lambda t: (t.zeit.start_key, t.id))

    @cached_property
    def _kommend(self) -> list[Termin]:
        # A withdrawn event whose id is in the file again (back to „offen“) is listed as that, not twice –
        # unless that placeholder's period is over (then it is listed nowhere, and the cancellation shows).
        expired = {t.id for t in self._abgelaufen}
        ids = {t.id for t in self.alle if t.id not in expired}
        withdrawn = [t for t in self.abgesagt if t.id not in ids]
        listed = sorted([*self._datiert, *withdrawn], key=lambda t: (t.zeit.start_key, t.id)) if withdrawn \
            else self._datiert
        return [t for t in listed if t.letzter_tag >= self.build_date]

    @cached_property
    def _vergangen(self) -> list[Termin]:
        past = [t for t in self._datiert if t.letzter_tag < self.build_date]
        return sorted(past, key=lambda t: (t.letzter_tag, t.zeit.start_key, t.id), reverse=True)

    @cached_property
    def _offen(self) -> list[OffenerTermin]:
        return [t for t in self.alle if isinstance(t, OffenerTermin) and not t.vorbei(self.build_date)]

    @cached_property
    def _abgelaufen(self) -> list[OffenerTermin]:
        return [t for t in self.alle if isinstance(t, OffenerTermin) and t.vorbei(self.build_date)]

    @cached_property
    def _feed(self) -> list[Termin]:
        cutoff = months_before(self.build_date, self.feed_months)
        return [t for t in self._kalender if t.letzter_tag >= cutoff]

    # --- what pages ask for ------------------------------------------------

    def art(self, art: str | Art) -> Art:
        """The kind ``art`` (an id or a kind); an unknown id fails the page that asked for it."""
        if isinstance(art, Art):
            return art
        try:
            return self._arten[art]
        except KeyError:
            raise UnknownName(f"unbekannte Terminart „{art}“; bekannt sind: {', '.join(self._arten)}") from None

    def _of_kind(self, events: list[Termin], art: str | Art | None) -> list[Termin]:
        if art is None:
            return list(events)
        kind = self.art(art)
        return [t for t in events if t.art.id == kind.id]

    def kommend(self, art: str | Art | None = None, anzahl: int | None = None) -> list[Termin]:
        """Dated events that have not ended before the build date, earliest first."""
        events = self._of_kind(self._kommend, art)
        return events[:anzahl] if anzahl is not None else events

    def offen(self, art: str | Art | None = None) -> list[OffenerTermin]:
        """Events whose date is not fixed yet („Termin folgt“) and whose period is not over, in file order."""
        if art is None:
            return list(self._offen)
        kind = self.art(art)
        return [t for t in self._offen if t.art.id == kind.id]

    def abgelaufen(self, art: str | Art | None = None) -> list[OffenerTermin]:
        """Undated events whose period (``zeitraum``) ended before the build date: listed nowhere, in file order."""
        if art is None:
            return list(self._abgelaufen)
        kind = self.art(art)
        return [t for t in self._abgelaufen if t.art.id == kind.id]

    def vergangen(self, art: str | Art | None = None) -> list[Termin]:
        """Events that ended before the build date, newest first."""
        return self._of_kind(self._vergangen, art)

    # --- calendars -----------------------------------------------------------

    def datiert(self, art: str | Art | None = None) -> list[Termin]:
        """Every dated event and every withdrawn one (each gets its own ``.ics``), earliest first."""
        return self._of_kind(self._kalender, art)

    def im_feed(self, art: str | Art | None = None) -> list[Termin]:
        """Dated events for the subscription feeds: upcoming and those ended within ``feed_months``."""
        return self._of_kind(self._feed, art)

    def revision(self, termin: Termin) -> Revision:
        return self.revisions[termin.id]

    @cached_property
    def abos(self) -> list[Abo]:
        """The feed of all dates first, then one per kind."""
        feeds = [Abo("alle", "Alle wir2-Termine", "termine/abo/alle.ics", self.siteurl, self.public_url)]
        feeds += [Abo(a.id, f"wir2 – {a.name_plural}", f"termine/abo/{a.id}.ics", self.siteurl, self.public_url)
                  for a in self.arten]
        return feeds
