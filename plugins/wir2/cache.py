"""A store for bytes that are a pure function of what they are made from, kept outside ``output/``.

Parsing a large data file, serialising thousands of calendar events or rendering
the fact sheet gives the same bytes every time for the same input, so a build
keeps them under a hash of that input (``WIR2_CACHE_PATH``, by default ``.cache/``
in the project) and the next build – an editor's save, the daily rebuild – takes
them from there.  Each key covers the input, the code that makes the bytes (a
hash of its module) and the versions of the libraries involved; what it cannot
see is an upgraded system library of the same name (delete ``.cache/`` after
one).  A missing or unreadable store is simply empty.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path


def key(*parts: object) -> str:
    """A hash of ``parts`` (their ``repr``: dataclasses, dates, strings, numbers)."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


class Store:
    """One named store: a JSON file of key → bytes, read once per build and written back if it changed.

    Only the entries used by the last build are kept, so the file does not grow
    with every change of the data.
    """

    def __init__(self, folder: Path | None, name: str):
        self.path = folder / f"{name}.json" if folder is not None else None
        self._stored: dict[str, str] = {}
        self._used: dict[str, str] = {}
        if self.path is not None and self.path.is_file():
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
                self._stored = {k: v for k, v in loaded.items() if isinstance(k, str) and isinstance(v, str)}
            except (OSError, ValueError):
                self._stored = {}

    def get(self, name: str) -> bytes | None:
        found = self._stored.get(name)
        if found is None:
            return None
        self._used[name] = found
        return found.encode("latin-1")

    def put(self, name: str, data: bytes) -> None:
        self._used[name] = data.decode("latin-1")  # every byte one character: JSON keeps it exactly

    def names(self) -> list[str]:
        """The keys this build used or added: what :meth:`save` keeps."""
        return sorted(self._used)

    def save(self) -> None:
        """Write the entries this build used (under another name first, so no reader sees half a file)."""
        if self.path is None or self._used == self._stored:
            return
        partial: Path | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # A name of its own (not the process id: two threads, or two machines sharing the folder).
            handle, name = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
            partial = Path(name)
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(json.dumps(self._used, sort_keys=True, ensure_ascii=False))
            partial.replace(self.path)
        except OSError:  # a cache that cannot be written costs the next build time, nothing else
            if partial is not None:
                with contextlib.suppress(OSError):
                    partial.unlink(missing_ok=True)
            return
        self._stored = dict(self._used)
