"""Shared iCalendar helpers: time zone, calendar skeleton, serialisation with a byte-level lint.

Calendar clients are unforgiving in ways that no parser reports: Google drops a
whole feed over one bad fold, Outlook turns ``DTEND == DTSTART`` into an end
before the start, and a ``TZID`` without its ``VTIMEZONE`` lands at the wrong
hour in some clients.  Everything that writes ``.ics`` files on this site
(dates, group finder) goes through :func:`new_calendar` and :func:`serialize`,
so those rules are enforced in one place.

Editor text must only ever reach a calendar as a typed value (``vText``), which
escapes ``\\ ; ,`` and newlines; icalendar 7.3 treats ``NAME`` and the
``X-WR-*`` properties as untyped, which is why :func:`new_calendar` wraps them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from icalendar import (
    Calendar, Component, Timezone, TimezoneDaylight, TimezoneStandard, vDate, vDatetime, vDuration, vText,
)
from icalendar.parser import Contentline, Contentlines, Parameters

TZID = "Europe/Berlin"
BERLIN = ZoneInfo(TZID)
REFRESH = dt.timedelta(hours=12)
MAX_OCTETS = 75

#: Properties that turn a published file into a scheduling message (RFC 5546) or an alarm.
FORBIDDEN_PROPERTIES = ("METHOD", "ORGANIZER", "ATTENDEE")
FORBIDDEN_COMPONENTS = ("VALARM",)


class IcalLintError(ValueError):
    """A generated calendar broke a rule from :func:`lint` — a bug in the code that built it."""

    def __init__(self, name: str, problems: list[str]):
        self.name = name
        self.problems = problems
        super().__init__(f"{name}: " + "; ".join(problems))


# --- fast, cached serialisation ---------------------------------------------------


class _Line(Contentline):
    """icalendar's content line; folded by icalendar only when it is long enough to need it.

    icalendar folds character by character even when nothing is to fold, which
    dominates the build time of large feeds; a line under the limit is returned as is.
    """

    __slots__ = ()

    def to_ical(self) -> bytes:
        data = self.encode("utf-8")
        return data if len(data) < MAX_OCTETS else super().to_ical()


@functools.lru_cache(maxsize=4096)
def moment(value: dt.date | dt.datetime) -> vDate | vDatetime:
    """A typed ``DATE`` (with ``VALUE=DATE``) or ``DATE-TIME`` (``TZID`` or UTC) value.

    The same as what ``Component.add`` makes of a date or datetime, without its
    type guessing; a naive date-time (floating time, which Google does not
    support) is refused.  Cached: the values are never changed, and many events
    share a DTSTAMP or a day.
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("floating date-times are not allowed; give a time zone")
        return vDatetime(value)
    return vDate(value, {"VALUE": "DATE"})


_NO_PARAMETERS = Parameters()
_BOUNDARIES: dict[tuple[str, str], _Line] = {}


def _boundary(kind: str, name: str) -> _Line:
    """``BEGIN:VEVENT`` and the like, made once."""
    line = _BOUNDARIES.get((kind, name))
    if line is None:
        line = _BOUNDARIES[kind, name] = _Line.from_parts(kind, _NO_PARAMETERS, vText(name))
    return line


def _content_lines(component: Component) -> list[_Line]:
    """``component`` and its subcomponents as content lines, in insertion order."""
    lines = [_boundary("BEGIN", component.name)]
    for name, value in component.items():
        for item in value if isinstance(value, list) else (value,):
            params = item.params if hasattr(item, "params") else _NO_PARAMETERS
            lines.append(_Line.from_parts(name, params, item))
    for sub in component.subcomponents:
        lines.extend(_content_lines(sub))
    lines.append(_boundary("END", component.name))
    return lines


def freeze(component: Component) -> Component:
    """Serialise ``component`` once and reuse its lines in every calendar it is added to.

    For an event that appears in its own file, its kind's feed and the feed of
    all dates.  Do not change a component after freezing it.
    """
    lines = _content_lines(component)
    data = [line.to_ical() for line in lines]
    for line in data:  # the byte-level rules of lint(), for the lines that were folded
        if len(line) >= MAX_OCTETS or b"\r" in line or b"\n" in line:
            for part in line.split(b"\r\n"):
                if len(part) > MAX_OCTETS or b"\r" in part or b"\n" in part:
                    raise IcalLintError(component.name, [f"badly folded line {part[:40]!r}"])
                try:
                    part.decode("utf-8")
                except UnicodeDecodeError:
                    raise IcalLintError(component.name, [f"a fold splits a character: {part[:40]!r}"]) from None
    component.__dict__["_wir2_lines"] = lines
    component.__dict__["_wir2_bytes"] = data
    return component


class FastCalendar(Calendar):
    """A ``VCALENDAR`` whose frozen subcomponents are not serialised again."""

    def _own_lines(self, sorted: bool = True) -> list[_Line]:  # noqa: A002 - icalendar's name
        cached = self.__dict__.get("_wir2_own")
        if cached is not None:
            return cached
        return [_Line(self.content_line(name, value, sorted=sorted))
                for name, value in self.property_items(recursive=False, sorted=sorted)]

    def content_lines(self, sorted: bool = True) -> Contentlines:  # noqa: A002 - icalendar's signature
        own = self._own_lines(sorted)
        lines = Contentlines(own[:-1])  # everything but END:VCALENDAR
        for sub in self.subcomponents:
            cached = sub.__dict__.get("_wir2_lines")
            lines.extend(cached if cached is not None else _content_lines(sub))
        lines.append(own[-1])
        lines.append("")
        return lines

    def to_ical(self, sorted: bool = True) -> bytes:  # noqa: A002 - icalendar's signature
        """The same bytes as ``Calendar.to_ical``; frozen subcomponents are not encoded again."""
        own = self._own_lines(sorted)
        parts = [line.to_ical() for line in own[:-1]]
        for sub in self.subcomponents:
            cached = sub.__dict__.get("_wir2_bytes")
            parts.extend(cached if cached is not None else (line.to_ical() for line in _content_lines(sub)))
        parts.append(own[-1].to_ical())
        return b"\r\n".join(parts) + b"\r\n"

    def with_components(self, components: Iterable[Component]) -> FastCalendar:
        """A calendar with this one's properties, serialised once for all copies, and ``components``.

        For thousands of one-event files with the same header.  Change neither
        calendar's properties afterwards.
        """
        if "_wir2_own" not in self.__dict__:
            self.__dict__["_wir2_own"] = self._own_lines()
        other = FastCalendar(self)
        other.__dict__["_wir2_own"] = self.__dict__["_wir2_own"]
        other.subcomponents = list(components)
        return other


# --- building ----------------------------------------------------------------


def vtimezone_berlin() -> Timezone:
    """The ``VTIMEZONE`` for Europe/Berlin as yearly rules, valid for every year from 1996 on.

    Rules (``RRULE``) rather than a list of transitions, because a subscribed
    feed is read for years and Outlook handles exactly this shape (it writes it
    itself): summer time from the last Sunday in March 02:00 to the last Sunday
    in October 03:00 local time, as in EU law since 1996.
    """
    tz = Timezone()
    tz.add("tzid", TZID)
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", dt.timedelta(hours=1))
    summer.add("tzoffsetto", dt.timedelta(hours=2))
    summer.add("dtstart", dt.datetime(1981, 3, 29, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", dt.timedelta(hours=2))
    winter.add("tzoffsetto", dt.timedelta(hours=1))
    winter.add("dtstart", dt.datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def new_calendar(
    *,
    prodid: str,
    name: str | None = None,
    description: str | None = None,
    url: str | None = None,
    source: str | None = None,
    refresh: dt.timedelta = REFRESH,
) -> Calendar:
    """An empty calendar; with a ``name`` it is a feed with the properties subscribing clients read.

    Without ``name`` it is a plain download (one event to import): a calendar
    name would make Outlook offer it as a new calendar instead of adding the event.
    ``url`` (the page) and ``source`` (the feed's own address) must be absolute;
    pass ``None`` in local builds where the site has no address yet.
    Never uses ``Calendar.new()``, which inserts the current time and random ids.
    """
    cal = FastCalendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name is not None:
        cal.add("name", vText(name))
        cal.add("x-wr-calname", vText(name))
        if description:
            cal.add("description", vText(description))
            cal.add("x-wr-caldesc", vText(description))
        cal.add("x-wr-timezone", vText(TZID))
        cal.add("refresh-interval", vDuration(refresh), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(refresh))
        if source:
            cal.add("source", source)
    if url:
        cal.add("url", url)
    return cal


def uses_tzid(components: Iterable[Component], tzid: str = TZID) -> bool:
    """Whether any date-time property of ``components`` is in zone ``tzid``."""
    for comp in components:
        for value in comp.values():
            for item in value if isinstance(value, list) else [value]:
                params = getattr(item, "params", None)
                if params and params.get("TZID") == tzid:
                    return True
    return False


def finish(cal: Calendar, timezone: Timezone | None = None) -> Calendar:
    """Put the Berlin ``VTIMEZONE`` first in ``cal`` if any of its events refers to it.

    Pass a frozen ``timezone`` (``freeze(vtimezone_berlin())``) when writing many files.
    """
    events = [c for c in cal.subcomponents if c.name == "VEVENT"]
    if uses_tzid(events) and not any(c.name == "VTIMEZONE" and c.get("tzid") == TZID for c in cal.subcomponents):
        cal.subcomponents.insert(0, timezone if timezone is not None else vtimezone_berlin())
    return cal


def utc(moment: dt.date | dt.datetime) -> dt.datetime:
    """``DTSTAMP`` value: a date becomes its midnight in UTC; an aware time is converted."""
    if not isinstance(moment, dt.datetime):
        return dt.datetime(moment.year, moment.month, moment.day, tzinfo=dt.timezone.utc)
    if moment.tzinfo is None:
        raise ValueError("a naive date-time has no defined UTC instant")
    return moment.astimezone(dt.timezone.utc)


def serialize(cal: Calendar, name: str = "calendar", check: bool = True) -> bytes:
    """``cal`` as bytes, checked by :func:`lint` unless ``check`` is false; raises :class:`IcalLintError`.

    Skip the check only for a file made of components that were already
    checked in another file with the same header (see termine's one-event files).
    """
    data = cal.to_ical()
    problems = lint(data) if check else []
    if problems:
        raise IcalLintError(name, problems)
    return data


# --- checking -----------------------------------------------------------------

_NAME = re.compile(r"^[A-Za-z0-9-]+")
_UTC = re.compile(r"^\d{8}T\d{6}Z$")
_DATE = re.compile(r"^\d{8}$")
_LOCAL = re.compile(r"^\d{8}T\d{6}$")


@functools.lru_cache(maxsize=65536)
def _split(line: str) -> tuple[str, dict[str, str], str]:
    """``NAME;P=V;Q="x:y":value`` → name, params, value (quoted parameter values respected)."""
    match = _NAME.match(line)
    if not match:
        raise ValueError("no property name")
    name, rest = match.group(0).upper(), line[match.end():]
    params: dict[str, str] = {}
    while rest.startswith(";"):
        m = re.match(r';([A-Za-z0-9-]+)=("[^"]*"|[^;:,"]*(?:,(?:"[^"]*"|[^;:,"]*))*)', rest)
        if not m:
            raise ValueError("malformed parameter")
        params[m.group(1).upper()] = m.group(2).strip('"')
        rest = rest[m.end():]
    if not rest.startswith(":"):
        raise ValueError("missing ':' before the value")
    return name, params, rest[1:]


def unfold(data: bytes) -> tuple[list[tuple[int, str]], list[str]]:
    """Logical content lines ``(first physical line number, text)`` and the byte-level problems.

    Whole-file checks first, line-by-line work only where a line is folded or
    something is wrong, so that linting a feed of 10,000 events stays cheap.
    """
    problems: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append("starts with a byte order mark")
    if not data.endswith(b"\r\n"):
        problems.append("does not end with CRLF")
    physical = data.split(b"\r\n")
    if physical and physical[-1] == b"":
        physical.pop()
    stripped = data.replace(b"\r\n", b"")
    if b"\r" in stripped or b"\n" in stripped:
        problems += [f"line {n}: bare CR or LF (lines must end with CRLF)"
                     for n, raw in enumerate(physical, start=1) if b"\r" in raw or b"\n" in raw]
    problems += [f"line {n}: {len(raw)} octets, more than {MAX_OCTETS}"
                 for n, raw in enumerate(physical, start=1) if len(raw) > MAX_OCTETS]
    try:
        text = [raw.decode("utf-8") for raw in physical]
    except UnicodeDecodeError:
        text = []
        for n, raw in enumerate(physical, start=1):
            try:
                text.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                problems.append(f"line {n}: not valid UTF-8 on its own (a fold splits a character?)")
                text.append(raw.decode("utf-8", "replace"))
    lines: list[tuple[int, str]] = []
    for n, line in enumerate(text, start=1):
        if line[:1] in (" ", "\t"):
            if not lines:
                problems.append(f"line {n}: continuation line without a line before it")
                continue
            lines[-1] = (lines[-1][0], lines[-1][1] + line[1:])
        else:
            lines.append((n, line))
    return lines, problems


def lint(data: bytes) -> list[str]:
    """Problems that parsers let through but calendar clients do not; empty when fine.

    Checks line ends, folding, UTF-8, component nesting, VERSION/PRODID,
    UID/DTSTAMP (UTC)/DTSTART in every VEVENT, ``DTEND`` later than ``DTSTART``
    and of the same type, no floating times, a ``VTIMEZONE`` for every ``TZID``,
    ``VALUE=DURATION`` on ``REFRESH-INTERVAL``, and no METHOD/ORGANIZER/ATTENDEE/VALARM.
    """
    lines, problems = unfold(data)
    if any("bare CR or LF" in p for p in problems):
        return problems[:20]  # the structure cannot be read reliably
    stack: list[str] = []
    calendars = 0
    props: list[dict[str, tuple[int, dict[str, str], str]]] = []
    tz_defined: set[str] = set()
    tz_used: dict[str, int] = {}
    for number, line in lines:
        try:
            name, params, value = _split(line)
        except ValueError as exc:
            problems.append(f"line {number}: {exc}")
            continue
        if name == "BEGIN":
            comp = value.upper()
            if not stack and comp != "VCALENDAR":
                problems.append(f"line {number}: {comp} outside VCALENDAR")
            if comp == "VCALENDAR":
                calendars += 1
            if comp in FORBIDDEN_COMPONENTS:
                problems.append(f"line {number}: {comp} must not be published")
            stack.append(comp)
            props.append({})
            continue
        if name == "END":
            comp = value.upper()
            if not stack or stack[-1] != comp:
                problems.append(f"line {number}: END:{comp} does not close {stack[-1] if stack else 'anything'}")
                continue
            problems.extend(_check_component(comp, props[-1]))
            if comp == "VTIMEZONE" and "TZID" in props[-1]:
                tz_defined.add(props[-1]["TZID"][2])
            stack.pop()
            props.pop()
            continue
        if not stack:
            problems.append(f"line {number}: {name} outside any component")
            continue
        if name in FORBIDDEN_PROPERTIES:
            problems.append(f"line {number}: {name} must not be published")
        if name == "REFRESH-INTERVAL" and params.get("VALUE", "").upper() != "DURATION":
            problems.append(f"line {number}: REFRESH-INTERVAL needs VALUE=DURATION")
        if "TZID" in params:
            tz_used.setdefault(params["TZID"], number)
        props[-1].setdefault(name, (number, params, value))
    if stack:
        problems.append(f"unclosed component(s): {', '.join(stack)}")
    if calendars != 1:
        problems.append(f"{calendars} VCALENDAR components; expected exactly one")
    for tzid, number in tz_used.items():
        if tzid not in tz_defined:
            problems.append(f"line {number}: TZID={tzid} has no VTIMEZONE in this file")
    return problems


def _check_component(comp: str, props: dict[str, tuple[int, dict[str, str], str]]) -> list[str]:
    problems: list[str] = []
    if comp == "VCALENDAR":
        if props.get("VERSION", (0, {}, ""))[2] != "2.0":
            problems.append("VCALENDAR: VERSION:2.0 missing")
        if "PRODID" not in props:
            problems.append("VCALENDAR: PRODID missing")
    elif comp == "VTIMEZONE":
        if "TZID" not in props:
            problems.append("VTIMEZONE: TZID missing")
    elif comp == "VEVENT":
        for required in ("UID", "DTSTAMP", "DTSTART"):
            if required not in props:
                problems.append(f"VEVENT: {required} missing")
        if "DTSTAMP" in props and not _UTC.match(props["DTSTAMP"][2]):
            problems.append(f"line {props['DTSTAMP'][0]}: DTSTAMP must be UTC (…Z)")
        kinds = {}
        for key in ("DTSTART", "DTEND"):
            if key in props:
                number, params, value = props[key]
                kinds[key] = _kind(params, value)
                if kinds[key] is None:
                    problems.append(f"line {number}: {key} {value!r} is neither a DATE, a UTC nor a TZID date-time")
        if "DTEND" in props and "DTEND" in kinds and "DTSTART" in kinds and None not in kinds.values():
            start, end = props["DTSTART"], props["DTEND"]
            if kinds["DTSTART"] != kinds["DTEND"]:
                problems.append(f"line {end[0]}: DTEND is of another type than DTSTART")
            elif kinds["DTSTART"] != "tzid" or start[1].get("TZID") == end[1].get("TZID"):
                if end[2] <= start[2]:
                    problems.append(f"line {end[0]}: DTEND {end[2]} is not later than DTSTART {start[2]}")
    return problems


def _kind(params: dict[str, str], value: str) -> str | None:
    """``date``, ``utc`` or ``tzid`` — ``None`` for floating or malformed values."""
    if params.get("VALUE", "").upper() == "DATE" or _DATE.match(value):
        return "date" if _DATE.match(value) else None
    if _UTC.match(value):
        return "utc"
    if _LOCAL.match(value) and "TZID" in params:
        return "tzid"
    return None
