"""One problem in one input file, and the error that carries all of them.

Editors fix what the build reports, so every message names the file, the line,
the field, the value found and what was expected.  Collecting problems instead
of raising on the first one lets an editor fix a whole file in one go.  Every
step of the build (loading, rendering, the Pelican wiring) reports through these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """A single thing wrong with an input file."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" Feld „{self.field}“:" if self.field else ""
        return f"{where}:{field} {self.message}"


class DataError(Exception):
    """Raised when input files are wrong; holds every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: str | Path, root: str | Path | None = None) -> str:
    """Return ``path`` relative to ``root`` (or the working directory) if possible.

    Only the folders are resolved, not the file: a link is named as the editor sees it (and a
    link in a circle or to nowhere can still be named).
    """
    path = Path(path)
    located = path.absolute().parent.resolve() / path.name
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return located.relative_to(Path(base).resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()
