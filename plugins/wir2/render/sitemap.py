"""``sitemap.xml``: every published page and every Land page of the group finder.

Made from the model, not from what happened to be written: the pages (minus
hidden and draft ones) with their ``Modified:`` date or the build date, and the
Land pages, which change with the groups (``daily``).  Sorted by address.  A page with
translations lists every language version, itself included, and ``x-default`` (the German
original) as ``xhtml:link`` alternates – the same set as the page's own ``hreflang`` links.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import jinja2

from .. import german
from ..model import outputs
from ..model.site import Site

PATH = outputs.SITEMAP  # the one place: the build's plan of files (wir2.model.outputs)
TEMPLATE = "sitemap.xml"


@dataclass(frozen=True)
class Entry:
    url: str  # relative to the site, "" for the home page
    lastmod: str
    changefreq: str
    priority: str = "0.5"
    alternates: tuple[tuple[str, str], ...] = ()  # (hreflang, address relative to the site)


def w3c_datetime(day: dt.date) -> str:
    """Midnight of ``day`` in Berlin, as sitemaps write it: ``2025-01-15T00:00:00+01:00``."""
    moment = dt.datetime.combine(day, dt.time(0), german.BERLIN)
    offset = moment.strftime("%z")
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + offset[:-2] + ":" + offset[-2:]


def entries(site: Site) -> list[Entry]:
    found = [Entry(page.address, w3c_datetime(page.modified_date or site.build_date), "monthly",
                   alternates=alternates(site, page.address))
             for page in site.pages if page.status == "published"]
    found += [Entry(seite.url, w3c_datetime(site.build_date), "daily")
              for land in site.gruppen.mit_gruppen for seite in land.seiten]
    return sorted(found, key=lambda e: e.url)


def alternates(site: Site, address: str) -> tuple[tuple[str, str], ...]:
    versions = site.sprachversionen(address)
    if not versions:
        return ()
    return (*((sprache.code, where) for sprache, where in versions), ("x-default", versions[0][1]))


def sitemap_xml(site: Site, env: jinja2.Environment) -> str:
    return env.get_template(TEMPLATE).render(siteurl=site.siteurl, entries=entries(site))
