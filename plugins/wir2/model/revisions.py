"""What each dated event looked like when it was last published: ``SEQUENCE`` and ``DTSTAMP``.

Calendar clients apply a changed event only if its ``SEQUENCE`` went up, so the
site keeps a record of every published revision (``data/termine.stand.json``,
read and updated by :mod:`wir2.load.stand`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Revision:
    fingerprint: str
    sequence: int
    dtstamp: dt.datetime  # aware, UTC
