// Parse .ics files with ical.js (Thunderbird's parser); print one JSON report on stdout.
//
// Usage: node tests/browser/icalcheck.mjs FILE...
// For each file: the parse error, if any, else the number of events and problems that a
// calendar program would trip over (no UID, SUMMARY or DTSTART; end before start; a TZID
// without its VTIMEZONE), and each event's uid, summary, location and description as ical.js
// decoded them, and as "entries" its uid, sequence, status, summary, start, end and stamp (the
// values tests/calparsers.py compares across parsers).  Exit code 0 either way: the Python test judges the report.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const root = new URL("../../", import.meta.url);
const require = createRequire(root);
const ICAL = (await import(pathToFileURL(require.resolve("ical.js")).href)).default;

const report = {};
for (const file of process.argv.slice(2)) {
  const entry = { events: 0, problems: [], texts: [], entries: [] };
  report[file] = entry;
  try {
    const text = readFileSync(file, "utf8");
    const calendar = new ICAL.Component(ICAL.parse(text));
    if (calendar.name !== "vcalendar") entry.problems.push(`top component is ${calendar.name}`);
    if (calendar.getFirstPropertyValue("version") !== "2.0") entry.problems.push("VERSION is not 2.0");
    if (!calendar.getFirstPropertyValue("prodid")) entry.problems.push("PRODID missing");
    const zones = new Set(calendar.getAllSubcomponents("vtimezone").map((z) => z.getFirstPropertyValue("tzid")));
    for (const zone of calendar.getAllSubcomponents("vtimezone")) {
      ICAL.TimezoneService.register(zone);
    }
    for (const component of calendar.getAllSubcomponents("vevent")) {
      entry.events += 1;
      const event = new ICAL.Event(component);
      const name = event.uid || `event ${entry.events}`;
      entry.texts.push({ uid: event.uid, summary: event.summary, location: event.location,
                         description: event.description });
      const stamp = component.getFirstPropertyValue("dtstamp");
      entry.entries.push({ uid: event.uid, sequence: event.sequence, status: component.getFirstPropertyValue("status"),
                           summary: event.summary, dtstart: event.startDate?.toICALString() ?? null,
                           dtend: event.endDate?.toICALString() ?? null, dtstamp: stamp ? stamp.toICALString() : null });
      if (!event.uid) entry.problems.push(`${name}: UID missing`);
      if (!event.summary) entry.problems.push(`${name}: SUMMARY missing`);
      if (!event.startDate) {
        entry.problems.push(`${name}: DTSTART missing`);
        continue;
      }
      if (event.endDate && event.endDate.compare(event.startDate) < 0) {
        entry.problems.push(`${name}: ends before it starts`);
      }
      for (const prop of ["dtstart", "dtend"]) {
        const tzid = component.getFirstProperty(prop)?.getParameter("tzid");
        if (tzid && !zones.has(tzid)) entry.problems.push(`${name}: ${prop} uses TZID ${tzid} without VTIMEZONE`);
      }
      // Touch every property so that a value ical.js cannot decode shows up here.
      for (const prop of component.getAllProperties()) prop.getValues();
    }
  } catch (error) {
    entry.problems.push(`parse error: ${error.message}`);
  }
}
process.stdout.write(JSON.stringify(report));
