"""Build the site atomically: into a staging folder, swapped in only on success.

Pelican deletes and rewrites its output folder as it goes, so a wrong data file
or page would otherwise leave a half-written site behind.  Here Pelican writes
into a staging folder beside it (``.output.staging-…``); every warning Pelican logs and every
:class:`~wir2.problems.DataError` stops the build with the editor-facing message,
and only a clean build replaces ``output/``.  Nothing is ever written to ``data/``.

Any other exception is a bug, not an editor's slip: it fails the build the same
way (``output/`` unchanged, exit code 1), reported as one German sentence with the
full traceback below it for the developers (:data:`INTERNAL_ERROR`) – the command
line and ``invoke build`` never end in a bare traceback.

Usage: ``python -m wir2.build [--settings publishconf.py] [--output DIR]``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import re
import shutil
import sys
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .problems import DataError, display_path

INTERNAL_ERROR = ("Interner Fehler beim Bauen der Website – bitte dem Entwicklungsteam melden und den Text darunter "
                  "mitschicken:")


@dataclass
class BuildResult:
    ok: bool
    output: Path
    messages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    detail: str = ""  # for developers: the traceback of an unexpected exception (then messages == [INTERNAL_ERROR])


def relative_paths(message: str, places: list[tuple[Path, str]]) -> str:
    """``message`` with each absolute path below one of ``places`` written relative (``(folder, shown as)``).

    Pelican names files by absolute paths (``/home/…/content/pages/x.md``, the
    staging folder); editors read them relative to the project, and the staging
    folder as the output folder it stands for.
    """
    for folder, shown in places:
        for prefix in dict.fromkeys((str(folder.absolute()), str(folder.resolve()))):
            message = message.replace(prefix + os.sep, f"{shown}/" if shown else "")
            message = re.sub(re.escape(prefix) + r"(?![\w.-])", shown or ".", message)
    return message


class _Collector(logging.Handler):
    """Turns Pelican's warnings and errors (and ours at ERROR) into build failures."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.fatal: list[str] = []
        self.ours: list[str] = []
        self.warnings: list[str] = []
        self.places: list[tuple[Path, str]] = []  # see relative_paths

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip()
        if record.name.startswith("wir2"):
            if record.levelno >= logging.ERROR:
                self.fatal.append(message)
                self.ours.append(message)
            else:
                self.warnings.append(message)
            return
        # Pelican logs "Could not process <file>" after a reader raised; our reader
        # has already logged the precise problem, so skip it.
        if message.startswith("Could not process") and any(message.split()[-1] in m for m in self.fatal):
            return
        self.fatal.append(relative_paths(message, self.places))


def _beside(output: Path, what: str) -> Path:
    """A new empty folder next to ``output`` with a name no other build uses (``.output.staging-x8a2…``):
    two builds at once never write into the same folder."""
    folder = Path(tempfile.mkdtemp(dir=output.parent, prefix=f".{output.name}.{what}-"))
    folder.chmod(0o755)  # mkdtemp's folder is private; the site is read by the web server's user
    return folder


def _swap_in(staging: Path, output: Path) -> None:
    """Replace ``output`` with ``staging`` with two renames on one file system."""
    old = _beside(output, "old")
    moved = False
    try:
        if output.exists():
            output.rename(old)  # onto the empty folder: rename(2) replaces an empty directory
            moved = True
        staging.rename(output)
    except OSError:
        # Another build swapped its site in between: keep that one (or put ours back), lose nothing.
        if moved and not output.exists():
            old.rename(output)
            moved = False
        raise
    finally:
        if not moved or not old.exists() or output.exists():
            shutil.rmtree(old, ignore_errors=True)


def build(
    settings_file: str | Path = "pelicanconf.py",
    output: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
) -> BuildResult:
    """Build the site; return whether it worked and what went wrong (never raises an ``Exception``)."""
    collector = _Collector()
    loggers = [logging.getLogger("pelican"), logging.getLogger("wir2")]
    for lg in loggers:
        lg.addHandler(collector)
    staging: Path | None = None
    out = Path(output or "output").resolve()
    overrides = dict(overrides or {})
    try:
        # Imported here so `python -m wir2.build --help` works without Pelican's start-up cost.
        from . import pelican_plugin

        out = Path(output or pelican_plugin.output_path(settings_file, overrides)).resolve()
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = _beside(out, "staging")
        project = Path(settings_file).absolute().parent
        shown = display_path(out, project)
        collector.places = [(staging, out.name if Path(shown).is_absolute() else shown), (project, "")]
        try:
            # Pelican prints "Done: Processed …" even when a page failed; we report the outcome ourselves.
            with contextlib.redirect_stdout(io.StringIO()):
                pelican_plugin.run(settings_file, overrides, staging)
        except DataError as exc:
            collector.ours.extend(str(p) for p in exc.problems)
            collector.fatal.extend(collector.ours[-len(exc.problems):])
        # Our messages name file, line and field; Pelican's own about the same slip
        # (e.g. "There are 2 items with slug …") would only repeat them less clearly.
        messages = collector.ours or collector.fatal
        result = BuildResult(not collector.fatal, out, messages, collector.warnings)
        if result.ok:
            _swap_in(staging, out)
        return result
    except Exception as exc:  # a bug: reported for the developers, the build fails as for a wrong input
        detail = "".join(traceback.format_exception(exc))
        return BuildResult(False, out, [INTERNAL_ERROR], collector.warnings, detail)
    finally:
        for lg in loggers:
            lg.removeHandler(collector)
        if staging is not None and staging.exists():
            shutil.rmtree(staging)


def report(result: BuildResult, stream: TextIO | None = None) -> int:
    """Print the outcome for people (on stderr unless ``stream``); return the process exit code."""
    stream = sys.stderr if stream is None else stream
    for warning in result.warnings:
        print(f"Warnung: {warning}", file=stream)
    if result.ok:
        print(f"Fertig: Website in {result.output}", file=stream)
        return 0
    for message in result.messages:
        print(f"Fehler: {message}", file=stream)
    for line in result.detail.splitlines():
        print(f"    {line}", file=stream)
    print(f"Build abgebrochen; {result.output} ist unverändert geblieben.", file=stream)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wir2.build", description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=open(os.devnull, "w"))  # noqa: SIM115
    return report(build(args.settings, args.output))


if __name__ == "__main__":
    sys.exit(main())
