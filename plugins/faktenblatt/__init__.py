"""Pelican plugin: the PDF fact sheet ``/downloads/wir2-faktenblatt.pdf``, made on every build.

Pages link to the sheet with its real size („PDF, 118 KB“), but pages are read
before anything is written.  So the sheet is rendered *before* the pages, in
memory, and written with the rest of the output afterwards:

1. ``get_generators`` – sent once per run after every ``initialized`` receiver
   (so ``sitedata`` and ``termine`` have loaded their data, whatever order
   their receivers ran in) and before any generator builds its readers and
   Jinja environments.  Here the PDF is rendered (it needs the data, not the
   pages' HTML) and the result is published as the Jinja global
   ``faktenblatt`` (``.url``, ``.groesse``), which the macro
   ``faktenblatt_link()`` uses.
2. :class:`FaktenblattGenerator` (returned from the same signal) writes the
   bytes at output time into the writer's output folder – the staging folder
   of :mod:`wir2.build`, so a failed build leaves ``output/`` untouched.

No second pass over written HTML is needed, and the size shown is the size of
exactly the bytes that are written.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from .sheet import SAVE_AS, Faktenblatt, render

log = logging.getLogger("wir2.faktenblatt")

GLOBAL = "faktenblatt"


class FaktenblattGenerator:
    """Writes the sheet rendered at ``get_generators``; reads and renders nothing itself."""

    def __init__(self, context, settings, path, theme, output_path, **kwargs):
        self.settings = settings
        self.output_path = output_path

    def generate_output(self, writer) -> None:
        sheet: Faktenblatt = self.settings["JINJA_GLOBALS"][GLOBAL]
        target = Path(writer.output_path) / SAVE_AS
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(sheet.pdf)
        log.info("Faktenblatt geschrieben: %s (%s)", target, sheet.groesse)


def get_generators(pelican):
    settings = pelican.settings
    settings.setdefault("JINJA_GLOBALS", {})[GLOBAL] = render(settings)
    return FaktenblattGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
