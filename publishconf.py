"""Pelican settings for the live site (``invoke preview`` / ``invoke publish``)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

SITEURL = WIR2_PUBLIC_URL  # noqa: F405
RELATIVE_URLS = False
WIR2_REQUIRE_OPERATOR = True
# Calendar revisions are counted from the data files' git history (plugins/wir2/load/revisions.py):
# without the whole history, publishing would hide changes from subscribers, so it stops instead.
WIR2_REQUIRE_HISTORY = True
