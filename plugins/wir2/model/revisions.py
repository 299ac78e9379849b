"""What each dated event looked like when it was last published: ``SEQUENCE`` and ``DTSTAMP``.

Calendar clients apply a changed event only if its ``SEQUENCE`` went up; the
revisions are counted from the git history of the data files
(:mod:`wir2.load.revisions`).  An event that left ``data/termine.yml`` or lost its
date keeps a revision too: when it left and what subscribers last saw of it, so
its cancellation can be published.
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
    #: What subscribers were shown (``None``: not known).
    event: Published | None = None
    #: When the event was removed or undated (aware, UTC; that revision), else ``None``.
    removed: dt.datetime | None = None
