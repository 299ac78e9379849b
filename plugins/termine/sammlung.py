"""The ``termine`` object templates and pages use: upcoming, open and past dates, and the feeds.

"Upcoming" is decided against the build date (``settings["BUILD_DATE"]``),
never the clock, so the same sources and date give the same site.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from markupsafe import Markup

from .models import Art, Termin, is_absolute, quote
from .stand import Revision

MARKER = "wir2-termine"
GLOBAL = "termine"
MACROS = "macros/termine.html"
#: Past events stay in subscription feeds this long: dropping them deletes them from subscribers' calendars.
FEED_MONTHS_MIN = 12


@dataclass(frozen=True)
class Abo:
    """One subscribable feed and the ways to subscribe to it."""

    id: str
    titel: str
    pfad: str  # site-relative, e.g. termine/abo/alle.ics
    siteurl: str

    @property
    def url(self) -> str:
        """``https://…`` in the publish build, ``/termine/abo/….ics`` locally."""
        return f"{self.siteurl}/{self.pfad}"

    @property
    def absolut(self) -> bool:
        return is_absolute(self.siteurl)

    @property
    def webcal(self) -> str | None:
        """``webcal://`` opens the system's calendar app; needs the site's address."""
        if not self.absolut:
            return None
        return "webcal://" + self.url.split("://", 1)[1]

    @property
    def outlook(self) -> str | None:
        if not self.absolut:
            return None
        return "https://outlook.live.com/calendar/0/addfromweb?" + urlencode(
            {"url": self.url, "name": self.titel}, quote_via=quote)

    @property
    def google(self) -> str | None:
        if not self.absolut:
            return None
        return "https://calendar.google.com/calendar/r?" + urlencode({"cid": self.webcal}, quote_via=quote)


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


class Termine:
    """All dates, sorted once; the methods filter by kind."""

    def __init__(
        self,
        arten: list[Art],
        termine: list[Termin],
        build_date: dt.date,
        revisions: dict[str, Revision],
        *,
        siteurl: str = "",
        sitename: str = "",
        feed_months: int = 18,
        uid_domain: str = "wir2-bindungstraining.de",
    ):
        self.arten = list(arten)
        self.alle = list(termine)
        self.build_date = build_date
        self.revisions = revisions
        self.siteurl = siteurl
        self.sitename = sitename
        self.uid_domain = uid_domain
        self.feed_months = max(feed_months, FEED_MONTHS_MIN)
        self._arten = {a.id: a for a in self.arten}
        dated = sorted((t for t in self.alle if t.datiert), key=lambda t: (t.start_key, t.id))
        self._kommend = [t for t in dated if t.letzter_tag >= build_date]
        self._vergangen = sorted((t for t in dated if t.letzter_tag < build_date),
                                 key=lambda t: (t.letzter_tag, t.start_key, t.id), reverse=True)
        self._offen = [t for t in self.alle if not t.datiert]
        cutoff = _months_before(build_date, self.feed_months)
        self._feed = [t for t in dated if t.letzter_tag >= cutoff]
        self._datiert = dated
        # Set by the plugin: where and whether to write the updated revision record.
        self.stand_path = None
        self.stand_text: str | None = None
        self.stand_mode = "lesen"
        self._theme: tuple[Path, dict, dict] | None = None
        self._macros = None
        self._inhalt: dict[str, Markup] = {}
        self.kalender = None  # the calendar files being made (termine.kalender.Job)

    # --- contract for pages and other plugins -------------------------------

    def art(self, art: str | Art) -> Art:
        """The kind ``art`` (an id or a kind); an unknown id fails the page that asked for it."""
        if isinstance(art, Art):
            return art
        try:
            return self._arten[art]
        except KeyError:
            raise jinja2.UndefinedError(
                f"unbekannte Terminart „{art}“; bekannt sind: {', '.join(self._arten)}") from None

    def _filter(self, events: list[Termin], art: str | Art | None) -> list[Termin]:
        if art is None:
            return list(events)
        kind = self.art(art)
        return [t for t in events if t.art.id == kind.id]

    def kommend(self, art: str | Art | None = None, anzahl: int | None = None) -> list[Termin]:
        """Dated events that have not ended before the build date, earliest first."""
        events = self._filter(self._kommend, art)
        return events[:anzahl] if anzahl is not None else events

    def offen(self, art: str | Art | None = None) -> list[Termin]:
        """Events whose date is not fixed yet („Termin folgt“), in file order."""
        return self._filter(self._offen, art)

    def vergangen(self, art: str | Art | None = None) -> list[Termin]:
        """Events that ended before the build date, newest first."""
        return self._filter(self._vergangen, art)

    # --- rendering ---------------------------------------------------------------

    def use_theme(self, templates: Path, globals_: dict, filters: dict) -> None:
        """Where the listing macros are and what they see (set by the plugin at ``initialized``)."""
        self._theme = (Path(templates), globals_, filters)
        self._macros = None

    @property
    def macros(self):
        """The module of macros/termine.html, in an environment of its own with the site's globals."""
        if self._macros is None:
            if self._theme is None:
                raise RuntimeError("Termine.use_theme() was not called")
            templates, globals_, filters = self._theme
            env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)),
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
            env.globals.update(globals_)
            env.globals[GLOBAL] = self
            env.filters.update(filters)
            self._macros = env.get_template(MACROS).module
        return self._macros

    def inhalt(self, termin: Termin) -> Markup:
        """The inside of ``termin``'s list item, rendered once per build for all pages that list it."""
        html = self._inhalt.get(termin.id)
        if html is None:
            html = self._inhalt[termin.id] = Markup(str(self.macros.termin_inhalt(termin)).strip())
        return html

    def platzhalter(self, was: str, wert: str | int) -> Markup:
        """The marker that the plugin replaces by a listing in the written page (see :mod:`termine`)."""
        if was == "liste":
            wert = self.art(wert).id
        elif was == "naechste":
            if isinstance(wert, bool) or not isinstance(wert, int) or wert < 1:
                raise jinja2.UndefinedError(f"naechste_termine(anzahl): erwartet eine Zahl ab 1, nicht {wert!r}")
        else:
            raise ValueError(was)
        return Markup(f"<!--{MARKER}:{was}:{wert}-->")  # noqa: S704 - was/wert are checked ids and numbers

    # --- calendars -----------------------------------------------------------

    def datiert(self, art: str | Art | None = None) -> list[Termin]:
        """Every dated event (each gets its own ``.ics``), earliest first."""
        return self._filter(self._datiert, art)

    def im_feed(self, art: str | Art | None = None) -> list[Termin]:
        """Dated events for the subscription feeds: upcoming and those ended within ``feed_months``."""
        return self._filter(self._feed, art)

    def revision(self, termin: Termin) -> Revision:
        return self.revisions[termin.id]

    @property
    def abos(self) -> list[Abo]:
        """The feed of all dates first, then one per kind."""
        feeds = [Abo("alle", "Alle wir2-Termine", "termine/abo/alle.ics", self.siteurl)]
        feeds += [Abo(a.id, f"wir2 – {a.name_plural}", f"termine/abo/{a.id}.ics", self.siteurl)
                  for a in self.arten]
        return feeds

    def abo(self, art: str) -> Abo:
        for feed in self.abos:
            if feed.id == art:
                return feed
        raise jinja2.UndefinedError(f"unbekanntes Abo „{art}“")

    # --- schema.org ----------------------------------------------------------

    def schema_org(self, events: list[Termin] | None = None) -> list[dict]:
        """schema.org ``Event`` data for ``events`` (default: every dated event)."""
        from .jsonld import event

        organizer = {"@type": "Organization", "name": self.sitename}
        if is_absolute(self.siteurl):
            organizer["url"] = self.siteurl + "/"
        return [event(t, organizer) for t in (self._datiert if events is None else events)]
