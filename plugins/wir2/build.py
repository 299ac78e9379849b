"""Build the site atomically: into a staging folder, swapped in only on success.

Pelican deletes and rewrites its output folder as it goes, so a wrong data file
or page would otherwise leave a half-written site behind.  Here Pelican writes
into ``<output>.staging``; every warning Pelican logs and every
:class:`~wir2.problems.DataError` stops the build with the editor-facing message,
and only a clean build replaces ``output/`` – and only then is anything written
back to ``data/`` (the revision record of :mod:`wir2.load.stand`).

Usage: ``python -m wir2.build [--settings publishconf.py] [--output DIR]``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .problems import DataError


@dataclass
class BuildResult:
    ok: bool
    output: Path
    messages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Collector(logging.Handler):
    """Turns Pelican's warnings and errors (and ours at ERROR) into build failures."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.fatal: list[str] = []
        self.ours: list[str] = []
        self.warnings: list[str] = []

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
        self.fatal.append(message)


def _swap_in(staging: Path, output: Path) -> None:
    """Replace ``output`` with ``staging`` with two renames on one file system."""
    old = output.with_name(output.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if output.exists():
        output.rename(old)
    staging.rename(output)
    if old.exists():
        shutil.rmtree(old)


def build(
    settings_file: str | Path = "pelicanconf.py",
    output: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
) -> BuildResult:
    """Build the site; return whether it worked and what went wrong."""
    # Imported here so `python -m wir2.build --help` works without Pelican's start-up cost.
    from . import pelican_plugin

    collector = _Collector()
    loggers = [logging.getLogger("pelican"), logging.getLogger("wir2")]
    for lg in loggers:
        lg.addHandler(collector)
    staging: Path | None = None
    overrides = dict(overrides or {})
    try:
        out = Path(output or pelican_plugin.output_path(settings_file, overrides)).resolve()
        staging = out.with_name(out.name + ".staging")
        if staging.exists():
            shutil.rmtree(staging)
        site = None
        try:
            # Pelican prints "Done: Processed …" even when a page failed; we report the outcome ourselves.
            with contextlib.redirect_stdout(io.StringIO()):
                site = pelican_plugin.run(settings_file, overrides, staging)
        except DataError as exc:
            collector.ours.extend(str(p) for p in exc.problems)
            collector.fatal.extend(collector.ours[-len(exc.problems):])
        # Our messages name file, line and field; Pelican's own about the same slip
        # (e.g. "There are 2 items with slug …") would only repeat them less clearly.
        messages = collector.ours or collector.fatal
        result = BuildResult(not collector.fatal, out, messages, collector.warnings)
        if result.ok:
            _swap_in(staging, out)
            if site is not None and site.revision_record is not None:
                path, text = site.revision_record
                partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # never half a file in data/
                try:
                    partial.write_text(text, encoding="utf-8")
                    partial.replace(path)
                finally:
                    partial.unlink(missing_ok=True)  # nor a leftover, should writing fail (disk full)
        return result
    finally:
        for lg in loggers:
            lg.removeHandler(collector)
        if staging is not None and staging.exists():
            shutil.rmtree(staging)


def report(result: BuildResult, stream: TextIO = sys.stderr) -> int:
    """Print the outcome for people; return the process exit code."""
    for warning in result.warnings:
        print(f"Warnung: {warning}", file=stream)
    if result.ok:
        print(f"Fertig: Website in {result.output}", file=stream)
        return 0
    for message in result.messages:
        print(f"Fehler: {message}", file=stream)
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
