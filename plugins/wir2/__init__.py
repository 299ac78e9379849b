"""The wir2 site: one Pelican plugin whose folders show how a build flows.

1. :mod:`wir2.load` reads and checks every input – the YAML files of ``data/``
   and the metadata of every page – into
2. one immutable :class:`wir2.model.Site`, from which
3. the renderers of :mod:`wir2.render` make HTML listings and pages, iCalendar
   files, schema.org JSON-LD, the PDF fact sheet and the finder's JSON;
4. :mod:`wir2.pelican_plugin` – the only module that imports Pelican – wires
   these steps to Pelican's signals and generators, and :mod:`wir2.build` runs
   Pelican atomically (``python -m wir2.build``); :mod:`wir2.preview` serves
   and rebuilds the site while editors work (``invoke livereload``).

``PLUGINS = ["wir2"]`` in ``pelicanconf.py``; Pelican calls :func:`register`.
"""

from __future__ import annotations


def register() -> None:
    """Connect the plugin to Pelican's signals (imported here, so the data layer works without Pelican)."""
    from . import pelican_plugin

    pelican_plugin.register()
