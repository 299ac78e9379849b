"""A byte-level lint for calendar files: what parsers let through but calendar clients do not.

Calendar clients are unforgiving in ways that no parser reports: Google drops a
whole feed over one bad fold, Outlook turns ``DTEND == DTSTART`` into an end
before the start, and a ``TZID`` without its ``VTIMEZONE`` lands at the wrong
hour in some clients.  The tests run every ``.ics`` the site writes through
:func:`lint` (the builder itself relies on icalendar and does not re-check).
"""

from __future__ import annotations

import functools
import re

MAX_OCTETS = 75
#: Properties that turn a published file into a scheduling message (RFC 5546) or an alarm.
FORBIDDEN_PROPERTIES = ("METHOD", "ORGANIZER", "ATTENDEE")
FORBIDDEN_COMPONENTS = ("VALARM",)

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
            elif (kinds["DTSTART"] != "tzid" or start[1].get("TZID") == end[1].get("TZID")) and end[2] <= start[2]:
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
