"""Each event's and each group's calendar revision – ``SEQUENCE`` and ``DTSTAMP`` – counted from git.

Calendar clients apply a changed event only if its ``SEQUENCE`` went up, and may
keep the old version when a ``SEQUENCE`` comes back with other content (RFC 5546
§2.1.5).  So the sequence must grow with every change and never repeat, however
the data files were edited and merged.  It is counted from the versions of the
data files in git (:mod:`wir2.load.history`), not kept in a file:

- a version *changes* an event when the event's entry differs from its entry in
  at least one of the version's parents (a first version: from nothing) – a new
  event, an edited one, a removed one, one taken from the other side of a merge;
- the event's ``SEQUENCE`` is the number of versions reachable from the built
  one that change it, minus one (a new event has 0); its ``DTSTAMP`` is the
  commit time of the latest of them, so a rebuild without a change is
  byte-identical, on the same day and on every later one.

Why it never repeats: the published branch only moves forward, so a later
published version P' has every version of the earlier P among its ancestors.
If none of the versions P' adds changes the event, every one of them has the
event as its parents have it, and following them from P' back to P shows the
same entry in P' as in P.  So the same count always means the same content,
whichever side a merge conflict was resolved to, and in whichever direction
branches were merged.  (Rewriting the published branch – a force-push – is the one
thing that can lower a count; the README says not to.)

What is compared is the entry as the editor wrote it, read with the data files'
YAML rules (:mod:`wir2.load.yamlsource`) but not checked: an event's mapping in
``data/termine.yml``, what it shows of its kind's (:data:`KIND_FIELDS`) and the
fee the kind names in ``data/kosten.yml``; a group's mapping in
``data/gruppen.yml`` and :data:`PROGRAMM_FIELDS` of ``data/programm.yml``.  Old versions were written for
older rules of the site; checking them with today's rules would drop some of
them and lower counts, while any YAML stays readable.  A version whose file is
no YAML at all (never published: the build refused it) counts as its first
parent.  Any edit of an entry counts, also one calendars do not show.

An event that subscribers were shown – dated in a version on the chain of first
parents, the published versions – and that is removed or undated now is handed
on as withdrawn (:func:`withdrawn`): it stays in the calendars as cancelled until
its date has passed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .. import german
from ..model.events import Art, Event, Termin, Zeit
from ..model.origin import Origin
from ..model.revisions import Published, Revision
from ..model.status import STATUSES
from ..problems import DataError, Problem
from . import schema as s
from . import yamlsource
from .history import History, Version
from .schema import Invalid, invalid_message

#: What of its kind's entry an event shows: the default title, how to register, which fee.  Only ever add
#: to these (a field left out would drop changes from the counts and could repeat a SEQUENCE).
KIND_FIELDS = ("id", "name", "anmeldung", "teilnahmebeitrag")
#: What of data/programm.yml a group's calendar shows: how many sessions, how long.  Only ever add to these.
PROGRAMM_FIELDS = ("sitzungen", "minuten_je_sitzung")
ABGESAGT = next(status for status in STATUSES if status.key == "abgesagt")


@dataclass(frozen=True)
class Seen:
    """An entry in one version: its fingerprint, its kind and (dated events) what subscribers were shown."""

    fingerprint: str
    art: str | None = None
    published: Published | None = None


Snapshot = dict[str, Seen]


@dataclass(frozen=True)
class Counted:
    """What the versions say of one id."""

    sequence: int
    dtstamp: dt.datetime
    current: Seen | None  # in the built version, else None
    #: The last version on the first-parent chain before the built one in which the id was dated, if any …
    last_dated: Published | None
    #: … and whether it was undated or absent in a published version since.
    gap: bool


def _hash(value: Any) -> str:
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _yaml(text: str) -> Any:
    """``text`` as YAML (the site's rules, no checks), :data:`_UNREADABLE` for no YAML."""
    try:
        return yamlsource.loads(text, "", fast=True)
    except (DataError, ValueError, RecursionError):
        return _UNREADABLE


_UNREADABLE = object()
#: Stands for a missing mapping in :meth:`Entries.fingerprint`'s memo; never changed, never freed.
_NOTHING: dict[str, Any] = {}
_FIRST_LINE = re.compile(r"^( *)(?![ #]|$)", re.M)  # the first line that is neither empty nor a comment
_TAB_INDENT = re.compile(r"^ *\t", re.M)
_BLANK_TEXT = re.compile(r"(?:[ ]*(?:#[^\n]*)?\n)*")  # empty and comment lines only
_TOP_LINE = re.compile(r"^[^ #\n-][^\n]*$", re.M)  # a line at the left edge: a top-level key
_TOP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):[ ]*(#.*)?")  # ``termine:`` with its list below


class Entries:
    """Reads the entries of many versions of the data files, parsing each distinct entry's text once.

    Versions of a file differ in an entry or two, and parsing all of a 500-group
    file takes a seventh of a second, so a block list – the only form the guides
    show – is cut at its item lines (``- id: …`` at the list's indentation) and
    each item is parsed on its own, once per build.  Anything else (flow style,
    an item that is no YAML on its own, an unknown top-level line) is parsed
    whole, as before: both give the same entries for every file the site accepts
    (tests/test_revisions.py compares them).
    """

    def __init__(self) -> None:
        self._items: dict[str, Any] = {}
        self._wholes: dict[str, Any] = {}
        self._fingerprints: dict[tuple[int, ...], str] = {}

    def whole(self, text: str) -> Any:
        """A small file (kosten.yml, programm.yml) parsed whole, once per distinct text."""
        if text not in self._wholes:
            self._wholes[text] = _yaml(text)
        return self._wholes[text]

    def _item(self, text: str) -> Any:
        if text not in self._items:
            tree = _yaml(text)
            self._items[text] = tree[0] if isinstance(tree, list) and len(tree) == 1 else _UNREADABLE
        return self._items[text]

    def block_list(self, text: str) -> list[Any] | None:
        """The items of the block list ``text``; ``None`` if it is not one (then the caller parses it whole)."""
        first = _FIRST_LINE.search(text)
        if first is None:
            return []
        indent = len(first.group(1))
        starts = [m.start() for m in re.finditer(rf"^ {{{indent}}}-(?: |$)", text, re.M)]
        if not starts or starts[0] != first.start() or _TAB_INDENT.search(text):
            return None
        if indent and re.search(rf"^(?! {{{indent}}}|[ ]*(?:#|$))", text, re.M):
            return None  # a line left of the list's items: not one block list
        items = []
        for a, b in zip(starts, [*starts[1:], len(text)], strict=True):
            item = self._item(text[a:b])
            if item is _UNREADABLE:
                return None
            items.append(item)
        return items

    def sections(self, text: str, names: tuple[str, ...]) -> Any:
        """A file of top-level lists (``arten:``, ``termine:``; ``gruppen:``) cut into entries, else parsed whole."""
        keys = list(_TOP_LINE.finditer(text))
        sections: dict[str, str] = {}
        if not keys or _BLANK_TEXT.fullmatch(text[:keys[0].start()]) is None:
            return self.whole(text)
        for match, end in zip(keys, [*(k.start() for k in keys[1:]), len(text)], strict=True):
            key = _TOP_KEY.fullmatch(match.group(0))
            if key is None or key.group(1) in sections or key.group(1) not in names:
                return self.whole(text)
            sections[key.group(1)] = text[match.end():end]
        tree = {}
        for name, body in sections.items():
            items = self.block_list(body)
            if items is None:
                return self.whole(text)
            tree[name] = items or None  # ``termine:`` with nothing below is null, as YAML reads it
        return tree

    def termine(self, text: str) -> Any:
        """data/termine.yml's tree: ``arten`` and ``termine`` cut into entries, else parsed whole."""
        return self.sections(text, ("arten", "termine"))

    def gruppen(self, text: str) -> Any:
        """data/gruppen.yml's list (bare, or below ``gruppen:`` as the browser editor writes it) cut into
        entries, else parsed whole."""
        if _TOP_LINE.search(text):
            return self.sections(text, ("gruppen",))
        items = self.block_list(text)
        return items if items else self.whole(text)

    def fingerprint(self, entry: Any, part: str, shared: dict[str, Any], *sources: Any) -> str:
        """The hash of ``entry`` (as ``part``) with ``shared``, made of ``sources``: once per entry and sources.

        ``entry`` and ``sources`` are objects this reader keeps (every parsed text stays in
        ``_items`` or ``_wholes`` for its life) or :data:`_NOTHING`, so no id is ever reused
        and an id stands for one content."""
        memo = (id(entry), *map(id, sources))
        found = self._fingerprints.get(memo)
        if found is None:
            found = self._fingerprints[memo] = _hash({part: entry, **shared})
        return found


def _mappings(items: Any, key: str = "id") -> dict[str, dict[str, Any]]:
    """The mappings in ``items`` by their ``key`` (the first of equal ones; others are ignored)."""
    found: dict[str, dict[str, Any]] = {}
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict) and isinstance(item.get(key), str | int) and not isinstance(item[key], bool):
                found.setdefault(str(item[key]), item)
    return found


def _zeit(entry: dict[str, Any]) -> Zeit | None:
    try:
        ende, von, bis = entry.get("ende"), entry.get("von"), entry.get("bis")
        return Zeit(s.date(entry.get("beginn")), s.date(ende) if ende is not None else None,
                    s.time(von) if von is not None else None, s.time(bis) if bis is not None else None)
    except (Invalid, TypeError, ValueError):
        return None


def _tree(content: bytes | None, read: Callable[[str], Any]) -> Any:
    """The file's tree as ``read`` reads its text; ``None`` for no file, :data:`_UNREADABLE` for no UTF-8."""
    if content is None:
        return None
    try:
        return read(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return _UNREADABLE


def termine_snapshot(termine: bytes | None, kosten: bytes | None, entries: Entries | None = None) -> Snapshot | None:
    """Every event of one version of data/termine.yml (with data/kosten.yml); ``None``: not readable."""
    entries = entries or Entries()
    tree, fees = _tree(termine, entries.termine), _tree(kosten, entries.whole)
    if tree is _UNREADABLE:
        return None
    if not isinstance(tree, dict):
        return {}
    kinds = _mappings(tree.get("arten"))
    fees = fees if isinstance(fees, dict) else _NOTHING
    snapshot: Snapshot = {}
    for key, entry in _mappings(tree.get("termine")).items():
        art = entry.get("art")
        kind = kinds.get(str(art)) if isinstance(art, str) else None
        fee_key = kind.get("teilnahmebeitrag") if kind else None
        fee = fees.get(fee_key) if isinstance(fee_key, str) else None
        zeit = _zeit(entry)
        titel = entry.get("titel") or (kind or {}).get("name")
        published = (Published(str(art), titel, zeit)
                     if zeit is not None and isinstance(art, str) and isinstance(titel, str) else None)
        shown_of_kind = {field: kind.get(field) for field in KIND_FIELDS} if kind else None
        shared = {"art": shown_of_kind, "kosten": fee}
        snapshot[key] = Seen(entries.fingerprint(entry, "termin", shared, kind or _NOTHING, fees),
                             art if isinstance(art, str) else None, published)
    return snapshot


def gruppen_snapshot(gruppen: bytes | None, programm: bytes | None, entries: Entries | None = None) -> Snapshot | None:
    """Every group of one version of data/gruppen.yml (with data/programm.yml); ``None``: not readable."""
    entries = entries or Entries()
    tree, facts = _tree(gruppen, entries.gruppen), _tree(programm, entries.whole)
    if tree is _UNREADABLE:
        return None
    facts = facts if isinstance(facts, dict) else _NOTHING
    shared = {"programm": {key: facts.get(key) for key in PROGRAMM_FIELDS}}
    if isinstance(tree, dict):  # `gruppen:` and the list, as the browser editor writes the file
        tree = tree.get("gruppen")
    return {key: Seen(entries.fingerprint(entry, "gruppe", shared, facts)) for key, entry in _mappings(tree).items()}


SnapshotOf = Callable[[bytes | None, bytes | None, Entries], Snapshot | None]


def count(history: History, files: tuple[str, str], snapshot: SnapshotOf) -> dict[str, Counted]:
    """Every id any version of ``files`` had, counted as the module docstring says."""
    first, second = (history.files.index(name) for name in files)
    entries = Entries()
    memo: dict[tuple[bytes | None, bytes | None], Snapshot | None] = {}
    snaps: list[Snapshot] = []
    changes: dict[str, int] = {}
    latest: dict[str, dt.datetime] = {}
    empty: Snapshot = {}
    for version in history.versions:
        contents = (version.files[first], version.files[second])
        if contents not in memo:
            memo[contents] = snapshot(*contents, entries)
        snap = memo[contents]
        if snap is None:  # no YAML: as its first parent (the build refused it, so it was never published)
            snap = snaps[version.parents[0]] if version.parents else empty
        snaps.append(snap)
        parents = [snaps[p] for p in version.parents] or [empty]
        if all(p is snap for p in parents):
            continue
        for key in set(snap).union(*parents):
            seen = snap.get(key)
            mine = seen.fingerprint if seen is not None else None
            if any((p[key].fingerprint if key in p else None) != mine for p in parents):
                changes[key] = changes.get(key, 0) + 1
                latest[key] = max(latest.get(key, version.time), version.time)
    last_dated, gap = _published_chain(history.versions[:-1], snaps)
    built = snaps[-1]
    return {key: Counted(changes[key] - 1, latest[key], built.get(key), last_dated.get(key), gap.get(key, False))
            for key in sorted(changes)}


def _published_chain(versions: Iterable[Version], snaps: list[Snapshot]) -> tuple[dict[str, Published],
                                                                                    dict[str, bool]]:
    """Along the first parents (what was published): each id's last dated entry, and whether a gap followed."""
    last_dated: dict[str, Published] = {}
    gap: dict[str, bool] = {}
    before: Snapshot = {}
    for i, version in enumerate(versions):
        snap = snaps[i]
        if not version.first_parent or snap is before:
            continue
        for key in set(snap) | set(before):
            seen = snap.get(key)
            if seen is not None and seen.published is not None:
                last_dated[key], gap[key] = seen.published, False
            elif key in last_dated:
                gap[key] = True
        before = snap
    return last_dated, gap


def termine(history: History, events: Iterable[Event], build_date: dt.date) -> dict[str, Revision]:
    """The revision of every dated event of data/termine.yml and of every withdrawn one.

    Raises :class:`DataError` for an id that subscribers knew as an event of another kind
    which was removed or undated since (they would see it turn into this one).
    """
    counted = count(history, ("termine.yml", "kosten.yml"), termine_snapshot)
    events = list(events)
    taken = set(counted) | {e.id for e in events}
    problems = []
    for event in events:
        c = counted.get(event.id)
        old = c.last_dated if c is not None else None
        if c is None or old is None or old.art == event.art.id:
            continue
        if c.gap or not isinstance(event, Termin):
            problems.append(_reused(event, old, taken, build_date))
    if problems:
        raise DataError(problems)
    revisions: dict[str, Revision] = {}
    dated = {e.id: e for e in events if isinstance(e, Termin)}
    for key, c in counted.items():
        if key in dated:
            termin = dated[key]
            revisions[key] = Revision(c.current.fingerprint if c.current else "", c.sequence, c.dtstamp,
                                      Published(termin.art.id, termin.titel, termin.zeit))
        elif c.last_dated is not None:  # shown once, now removed or undated: withdrawn
            revisions[key] = Revision(c.current.fingerprint if c.current else "", c.sequence, c.dtstamp,
                                      c.last_dated, removed=c.dtstamp)
    for key in dated.keys() - revisions.keys():  # no history at all for it (cannot happen with a working copy)
        revisions[key] = Revision("", 0, history.versions[-1].time, None)
    return revisions


def gruppen(history: History) -> dict[str, Revision]:
    """The revision of every group (both of its calendars share it)."""
    counted = count(history, ("gruppen.yml", "programm.yml"), gruppen_snapshot)
    return {key: Revision(c.current.fingerprint, c.sequence, c.dtstamp)
            for key, c in counted.items() if c.current is not None}


def withdrawn(revisions: dict[str, Revision], arten: Iterable[Art], build_date: dt.date, siteurl: str,
              source: str) -> list[Termin]:
    """The events subscribers were shown that are gone – removed from data/termine.yml or back to
    „offen“ – as cancelled events, until their date has passed.

    A calendar drops an event only when it learns that it is cancelled; an event that simply
    vanished from a feed stays in some clients and is silently lost in others, and a single
    imported ``.ics`` is never fetched again.  So the feeds and the event's own file keep it,
    ``STATUS:CANCELLED`` with „Abgesagt:“ in the title and ``SEQUENCE`` raised (its removal is
    a revision), and ``/termine/`` lists it as cancelled.  If its kind is gone too, the
    cancellation still goes out – in the feed of all dates and its own file – under a kind
    made from what was published.
    """
    kinds = {art.id: art for art in arten}
    result = []
    for key, rev in sorted(revisions.items()):
        if rev.removed is None or rev.event is None or rev.event.zeit.letzter_tag < build_date:
            continue
        art = kinds.get(rev.event.art) or Art(rev.event.art, rev.event.titel, rev.event.titel)
        result.append(Termin(id=key, art=art, titel=rev.event.titel, zeit=rev.event.zeit, status=ABGESAGT,
                             siteurl=siteurl, origin=Origin(source)))
    return result


def _reused(termin: Event, old: Published, taken: set[str], build_date: dt.date) -> Problem:
    """An id that belonged to a withdrawn event of another kind: the problem, with a new id to take."""
    when = f"{termin.beginn:%Y-%m}" if isinstance(termin, Termin) else str(build_date.year)
    base = f"{termin.art.id}-{when}"
    suggestion, n = base, 2
    while suggestion in taken:
        suggestion, n = f"{base}-{n}", n + 1
    shown = german.numeric_range(old.zeit.beginn, old.zeit.ende)
    expected = (f"eine neue Kennung, z. B. {suggestion} – „{termin.id}“ war ein gelöschter Termin der Art "
                f"„{old.art}“ ({shown}), und abonnierte Kalender würden ihn sonst in diesen Termin verwandeln")
    origin = termin.origin
    return Problem(origin.file, origin.line_of("id"), origin.field_of("id"), invalid_message(termin.id, expected))
