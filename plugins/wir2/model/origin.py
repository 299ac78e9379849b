"""Where a value was written: every record of the model knows its file, line and field.

Checks that run after loading (a character the fact sheet's font cannot draw,
an editorial warning) report through the record's :class:`Origin`, so the
editor is sent to the very line, whichever step of the build noticed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    """A record's file, its first line, its field name (``termine[3]``) and the line of each key."""

    file: str = ""
    line: int | None = None
    field: str = ""
    key_lines: tuple[tuple[str, int], ...] = ()

    def line_of(self, key: str) -> int | None:
        return dict(self.key_lines).get(key, self.line)

    def field_of(self, key: str) -> str:
        return f"{self.field}.{key}" if self.field else key


NOWHERE = Origin()
