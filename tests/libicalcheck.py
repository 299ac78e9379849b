"""Parse .ics files with libical (Evolution's and GNOME's parser); print one JSON report on stdout.

Usage: /usr/bin/python3 tests/libicalcheck.py FILE...   (Debian's python3 with python3-gi and
gir1.2-ical-3.0: libical's GObject binding is a system library, not a package of the project's .venv.)

For each file: the problems libical finds (its X-LIC-ERROR properties, a VEVENT that breaks
RFC 5545's restrictions, a calendar without a component) and each event's UID, SEQUENCE,
STATUS, SUMMARY, DTSTART, DTEND and DTSTAMP as libical reads them.  Exit code 0 either way:
the Python tests judge the report.
"""

import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as ICal  # noqa: E402


def errors(component):
    """The X-LIC-ERROR properties libical adds where it could not read something, in the whole tree."""
    found = []
    prop = component.get_first_property(ICal.PropertyKind.XLICERROR_PROPERTY)
    while prop is not None:
        found.append(prop.get_xlicerror())
        prop = component.get_next_property(ICal.PropertyKind.XLICERROR_PROPERTY)
    child = component.get_first_component(ICal.ComponentKind.ANY_COMPONENT)
    while child is not None:
        found += errors(child)
        child = component.get_next_component(ICal.ComponentKind.ANY_COMPONENT)
    return found


def main(paths):
    report = {}
    for path in paths:
        entry = {"problems": [], "events": []}
        report[path] = entry
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
        calendar = ICal.Component.new_from_string(text)
        if calendar is None or calendar.isa() != ICal.ComponentKind.VCALENDAR_COMPONENT:
            entry["problems"].append("no VCALENDAR")
            continue
        if calendar.count_components(ICal.ComponentKind.ANY_COMPONENT) == 0:
            entry["problems"].append("a calendar without any component (RFC 5545 §3.6)")
        calendar.check_restrictions()  # adds X-LIC-ERROR properties for what RFC 5545 forbids
        entry["problems"] += errors(calendar)
        event = calendar.get_first_component(ICal.ComponentKind.VEVENT_COMPONENT)
        while event is not None:
            end = event.get_dtend()
            status = event.get_first_property(ICal.PropertyKind.STATUS_PROPERTY)
            entry["events"].append({
                "uid": event.get_uid(),
                "sequence": event.get_sequence(),
                "status": status.get_value_as_string() if status is not None else None,
                "summary": event.get_summary(),
                "dtstart": event.get_dtstart().as_ical_string(),
                "dtend": end.as_ical_string() if end is not None and not end.is_null_time() else None,
                "dtstamp": event.get_dtstamp().as_ical_string(),
            })
            event = calendar.get_next_component(ICal.ComponentKind.VEVENT_COMPONENT)
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
