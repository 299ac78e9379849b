"""``/gruppen/gruppen.json``: what the optional filter script needs to find a group.

Just enough to match (postcode, town, Land) and to link to each group's place on
its Land page.  Keys sorted and no spaces, so the same groups give the same bytes.
"""

from __future__ import annotations

import json

from ..model import outputs
from ..model.site import Site

PATH = outputs.FINDER  # the one place: the build's plan of files (wir2.model.outputs)


def finder_json(site: Site) -> str:
    verzeichnis, siteurl = site.gruppen, site.siteurl
    laender = [
        {
            "name": land.land.name,
            "orte": {ort.name: f"{siteurl}/{ort.url}#ort-{ort.slug}" for ort in land.orte},
            "url": f"{siteurl}/{land.url}" if land.anzahl else None,
        }
        for land in verzeichnis.laender
    ]
    gruppen = [
        {
            "land": g.land.nummer,
            "ort": g.ort,
            "plz": g.plz,
            "status": g.status.label,
            "traeger": g.traeger,
            "url": f"{siteurl}/{verzeichnis.url(g)}",
            "wann": g.wann,
        }
        for g in verzeichnis.aktuell
    ]
    return json.dumps({"gruppen": gruppen, "laender": laender}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")) + "\n"
