"""Every version of the data files the calendars are made from, read from git.

Calendar clients apply a changed event only if its ``SEQUENCE`` went up, so a
build must know how often each event has changed since it was first published.
A static site keeps no state between builds; the git history of the data files
does, and every change an editor makes – in a text editor, the git host's web
editor or the browser editor – lands in it without anyone committing a
generated file.  This module only reads that history:

- every commit reachable from ``HEAD``, parents before children, with its
  commit time and parents, and the text of each data file in it (each distinct
  file content is read once, by its blob id, in one ``git cat-file`` process);
- the working copy as one more version on top of ``HEAD`` when its files differ
  (a local preview of uncommitted edits); its time is the build date, or one
  second after ``HEAD`` if that is later, so the result depends only on the
  sources and the build date.

Without git, outside a repository, in a repository without commits or in a
shallow clone the history is missing or incomplete: :attr:`History.warning`
says so and what to do, and the working copy is the only version (or the one
after the commits there are).  :mod:`wir2.load.revisions` counts the revisions.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

#: The longest a git command may take (a very large history on a slow disk still fits).
GIT_TIMEOUT = 300
#: Environment variables that would point git at another repository than the one the data is in.
_GIT_LOCATION = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR",
                 "GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES", "GIT_ALTERNATE_OBJECT_DIRECTORIES")
_CLONE = "ein Build aus einem vollständigen Git-Klon (git clone, ohne --depth)"
_UNSHALLOW = "die ganze Geschichte: git fetch --unshallow (GitHub Actions: fetch-depth: 0; GitLab: GIT_DEPTH: 0)"


@dataclass(frozen=True)
class Version:
    """One version of the data files: a commit, or the working copy's uncommitted state."""

    name: str  # the commit id, or "Arbeitskopie"
    time: dt.datetime  # aware, UTC: the commit time
    parents: tuple[int, ...]  # indexes into History.versions, all earlier than this version
    first_parent: bool  # on the chain of first parents from what this build reads: what was published
    files: tuple[bytes | None, ...]  # per History.files: the content, None when the file is not there


@dataclass(frozen=True)
class History:
    files: tuple[str, ...]  # the data files' names in data/
    versions: tuple[Version, ...]  # parents before children; the last is what this build reads
    #: Why the history is missing or incomplete and what that costs (German), else ``None`` …
    warning: str | None = None
    #: … and what gives the whole history (German, for "erwartet: …").
    remedy: str = ""

    @property
    def complete(self) -> bool:
        return self.warning is None


class _GitFailed(Exception):
    """A git command that did not work: the reason, in a few words."""


def _git(top: Path, *args: str, stdin: bytes | None = None) -> bytes:
    env = {k: v for k, v in os.environ.items() if k not in _GIT_LOCATION}
    env.update(LC_ALL="C", GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0")
    try:
        done = subprocess.run(["git", "-C", str(top), *args], input=stdin, capture_output=True, env=env,
                              timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise _GitFailed("git ist nicht installiert") from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _GitFailed(f"git lässt sich nicht ausführen ({exc})") from None
    if done.returncode != 0:
        first = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _GitFailed(first[0] if first else f"git {args[0]} endete mit Code {done.returncode}")
    return done.stdout


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _working_copy(data: Path, files: tuple[str, ...]) -> tuple[bytes | None, ...]:
    contents: list[bytes | None] = []
    for name in files:
        try:
            contents.append((data / name).read_bytes())
        except OSError:
            contents.append(None)
    return tuple(contents)


def read(data: Path, files: tuple[str, ...], build_date: dt.date) -> History:
    """The versions of ``files`` (names in the folder ``data``) from git, and the working copy's if it differs."""
    current = _working_copy(data, files)
    only = (Version("Arbeitskopie", _midnight(build_date), (), True, current),)
    try:
        top = Path(_git(data, "rev-parse", "--show-toplevel").decode().strip())
    except _GitFailed as exc:
        reason = "kein Git-Klon" if "not a git repository" in str(exc) else str(exc)
        return History(files, only, _missing(reason), _CLONE)
    try:
        head = _git(top, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").decode().strip()
    except _GitFailed:
        return History(files, only, _missing("noch kein Commit im Git-Klon"), _CLONE)
    try:
        shallow = _git(top, "rev-parse", "--is-shallow-repository").decode().strip() == "true"
        prefix = data.resolve().relative_to(top.resolve()).as_posix()
        paths = [f"{prefix}/{name}" if prefix != "." else name for name in files]
        versions = _commits(top, head, paths)
    except (_GitFailed, ValueError) as exc:
        return History(files, only, _missing(f"Git-Klon nicht lesbar: {exc}"), _CLONE)
    last = versions[-1]
    if last.files != current:
        time = max(_midnight(build_date), last.time + dt.timedelta(seconds=1))
        versions.append(Version("Arbeitskopie", time, (len(versions) - 1,), True, current))
    if shallow:
        return History(files, tuple(versions), "Versionsgeschichte der Daten unvollständig (flacher Git-Klon); "
                       "aus ihr gezählt, kann SEQUENCE von Terminen und Gruppen kleiner sein als schon "
                       "veröffentlicht, und Kalender-Abos übersehen dann Änderungen", _UNSHALLOW)
    return History(files, tuple(versions))


def _missing(reason: str) -> str:
    return (f"keine Versionsgeschichte der Daten ({reason}); ohne sie bemerken Kalender-Abos keine Änderung an "
            "Terminen und Gruppen (SEQUENCE bleibt 0, DTSTAMP ist der Tag des Builds)")


def _commits(top: Path, head: str, paths: list[str]) -> list[Version]:
    """Every commit reachable from ``head``, parents first, with the data files' contents."""
    log = _git(top, "log", "--topo-order", "--reverse", "--format=%H %ct %P", head).decode().split("\n")
    rows = [line.split() for line in log if line.strip()]
    index = {row[0]: i for i, row in enumerate(rows)}
    # A shallow clone's oldest commits name parents it does not have: they are left out.
    parents = [tuple(index[p] for p in row[2:] if p in index) for row in rows]
    first = set()
    at: int | None = index[head]
    while at is not None:
        first.add(at)
        row = rows[at]
        at = index.get(row[2]) if len(row) > 2 else None
    blobs = _blob_ids(top, [row[0] for row in rows], paths)
    contents = _contents(top, sorted({b for per in blobs for b in per if b is not None}))
    return [Version(row[0], dt.datetime.fromtimestamp(int(row[1]), dt.UTC), parents[i], i in first,
                    tuple(contents[b] if b is not None else None for b in blobs[i]))
            for i, row in enumerate(rows)]


def _blob_ids(top: Path, commits: list[str], paths: list[str]) -> list[tuple[str | None, ...]]:
    """Per commit, the blob id of each path (``None`` where the commit has no such file)."""
    query = "".join(f"{commit}:{path}\n" for commit in commits for path in paths).encode()
    answers = _git(top, "cat-file", "--batch-check=%(objectname) %(objecttype)", stdin=query).decode().split("\n")
    ids: list[str | None] = []
    for answer in answers[: len(commits) * len(paths)]:
        oid, _, kind = answer.partition(" ")
        ids.append(oid if kind == "blob" else None)
    n = len(paths)
    return [tuple(ids[i * n:(i + 1) * n]) for i in range(len(commits))]


def _contents(top: Path, oids: list[str]) -> dict[str, bytes]:
    """The content of each blob, read in one ``git cat-file --batch``."""
    if not oids:
        return {}
    out = _git(top, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid in oids).encode())
    contents: dict[str, bytes] = {}
    pos = 0
    for oid in oids:
        end = out.index(b"\n", pos)
        header = out[pos:end].decode().split()
        size = int(header[2])
        contents[oid] = out[end + 1:end + 1 + size]
        pos = end + 1 + size + 1
    return contents


def last_changed(files: list[Path], build_date: dt.date) -> dict[Path, dt.date] | None:
    """The day of the latest commit touching each of ``files`` (UTC), ``None`` without git history.

    A file whose working copy differs from ``HEAD`` (an edit not yet committed: the preview of an
    editor's change) counts as changed on ``build_date``; a file no commit touched is not in the answer.
    One ``git log`` and one ``git status`` for all files.
    """
    if not files:
        return {}
    try:
        top = Path(_git(files[0].parent, "rev-parse", "--show-toplevel").decode().strip()).resolve()
        _git(top, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
        if _git(top, "rev-parse", "--is-shallow-repository").decode().strip() == "true":
            return None  # the oldest commits are missing: a file would look changed when it was not
        names = {file.absolute().parent.resolve().relative_to(top).joinpath(file.name).as_posix(): file
                 for file in files}
        log = _git(top, "log", "--format=%x00%ct", "--name-only", "HEAD", "--", *names).decode()
        status = _git(top, "status", "--porcelain", "-z", "--untracked-files=all", "--", *names).decode()
    except (_GitFailed, ValueError):
        return None
    found: dict[Path, dt.date] = {}
    for commit in log.split("\0")[1:]:
        time, *touched = commit.strip().split("\n")
        day = dt.datetime.fromtimestamp(int(time), dt.UTC).date()
        for name in touched:
            if name in names and names[name] not in found:
                found[names[name]] = day
    for entry in status.split("\0"):
        name = entry[3:]
        if name in names:
            found[names[name]] = max(found.get(names[name], build_date), build_date)
    return found
