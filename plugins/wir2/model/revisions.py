"""What each dated event looked like when it was last published: ``SEQUENCE`` and ``DTSTAMP``.

Calendar clients apply a changed event only if its ``SEQUENCE`` went up, so the
site keeps a record of every published revision (``data/termine.stand.json``,
read and updated by :mod:`wir2.load.stand`).  The record also keeps events that
left ``data/termine.yml``: when they left and what subscribers last saw of them,
so their cancellation can be published and their id is not taken by another event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .events import Zeit


@dataclass(frozen=True)
class Published:
    """What subscribers were shown of an event: its kind, title and time (enough for a cancellation)."""

    art: str
    titel: str
    zeit: Zeit


@dataclass(frozen=True)
class Revision:
    fingerprint: str
    sequence: int
    dtstamp: dt.datetime  # aware, UTC
    #: ``None`` only in a record written before the record kept it.
    event: Published | None = None
    #: When the id left data/termine.yml (aware, UTC; the revision that removed it), else ``None``.
    removed: dt.datetime | None = None
