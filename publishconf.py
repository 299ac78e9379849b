"""Pelican settings for the live site (``invoke preview`` / ``invoke publish``)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

SITEURL = WIR2_PUBLIC_URL  # noqa: F405
RELATIVE_URLS = False
WIR2_REQUIRE_OPERATOR = True
# Refuse to publish calendar files from an outdated data/termine.stand.json (see plugins/wir2/load/stand.py).
TERMINE_STAND = "pruefen"
