"""Property: whatever an editor types into a text field of an event, the site handles it.

Hypothesis puts arbitrary strings – control characters, line breaks, ``<script>``,
quotes, ``;,\\``, very long text, emoji, right-to-left text – into every text field
of one event (``titel``, ``ort``, ``adresse``, ``hinweis``) and of its kind
(``name``) in data/termine.yml, and runs the data layer and the renderers on it
(:func:`wir2.load.load_site`, then the pages that list the event rendered as a
build renders them – placeholders, listings, Markdown, the theme – the calendar
files and the fact sheet's font check: :class:`helpers.PagesAsBuilt`) – no Pelican
run, so an example takes milliseconds.  Then either

- the input is accepted, and each value (without surrounding blanks) is on the
  pages that list the event (/termine/, /gruppenleitung/, the home page) as
  *text* – not markup, not Markdown, not mangled quotes – and in the event's
  ``.ics`` as the decoded SUMMARY, LOCATION and DESCRIPTION (icalendar here,
  ical.js once over all files at the end); no page gains an element, every
  JSON-LD block still parses, and no calendar file appears or vanishes;
- or it is rejected with messages that name data/termine.yml, a line and the
  field, and only when a value really breaks the documented rules (see
  :func:`violates`).

Never a traceback.  That a rejected input leaves output/ as it was, and that the
same text comes out of a real build, is proven by the builds of
tests/test_termine_ical.py (editor text) and tests/test_broken_inputs.py.
WIR2_PROPERTY_EXAMPLES (default 200) and a fixed seed keep CI reproducible; set it
higher locally to search longer.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import traceback
import unicodedata
from collections import Counter
from html.parser import HTMLParser

import icalendar
import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from helpers import ROOT, PagesAsBuilt, site_with
from wir2.model import Site
from wir2.problems import DataError
from wir2.render import factsheet
from wir2.render.calendar import Calendars

EVENT_ID = "probe-2025-03"
ICS = f"termine/schulung/{EVENT_ID}.ics"  # one folder per kind (Termin.ics_url)
# The pages that list the event (schulung): /termine/ (with anchors), the kind's list on /gruppenleitung/
# (termine_liste) – rendered as a build renders them. The home page lists no dates (issue 13).
PAGES = {"termine/index.html": ("titel", "ort", "adresse", "hinweis"),
         "gruppenleitung/index.html": ("titel", "ort", "adresse", "hinweis")}
ADDRESSES = {"termine/index.html": "termine/", "gruppenleitung/index.html": "gruppenleitung/"}
# field → (maximum length, line breaks allowed), as data/LIESMICH-termine.md documents them.
FIELDS = {"titel": (200, False), "ort": (100, False), "adresse": (200, False), "hinweis": (600, True),
          "name": (120, False)}
# The PDF lists upcoming dates in its embedded font; a character that font lacks (e.g. Thaana U+0789,
# an emoji) is rejected with file, line and field by wir2.render.factsheet, which the test cannot predict.
FONT_GAP = "kann das Faktenblatt (PDF) nicht drucken"
BASELINE = {"titel": "Basistitel", "ort": "Basisort", "adresse": "Basisstraße 1", "hinweis": "Basishinweis",
            "name": "Basisname"}

NASTY = ["<script>alert(1)</script>", "</p><p>", "<img src=x onerror=alert(1)>", '"', "'", "„", "“", "’", ";", ",",
         "\\", "\\n", "\n", "\n\n", "\r\n", "\t", "\x00", "\x07", "\x1b[31m", "\u2028", "\u200f", "\u202e", "\ufeff",
         "مرحبا بالعالم", "שלום", "👩‍👧‍👦", "🎉", "&amp;", "&", "{{ 7*7 }}", "{% raw %}", "*fett*", "_kursiv_",
         "# Titel", "- Liste", "[Link](https://example.org)", "    eingerückt", "END:VEVENT", "BEGIN:VALARM",
         "DESCRIPTION:x", "mailto:a@b.de", " ", "–", "<!--", "]]>", "%s", "\u00ad", "ß", "İ"]
def trimmed(value: str) -> str:
    """A value as the site keeps it: without blanks or a byte-order mark (U+FEFF) at either end."""
    return re.sub(r"^[\s\ufeff]+|[\s\ufeff]+$", "", value)


def violates_text(value: str, limit: int, multiline: bool) -> list[str]:
    text = trimmed(value)
    broken = []
    if len(text) > limit:
        broken.append(f"longer than {limit}")
    if "\n" in text and not multiline:
        broken.append("line break")
    if any((unicodedata.category(c) == "Cc" and c not in "\t\n") or c in "\u2028\u2029" for c in text):
        broken.append("control character")
    if "{{" in text or "{%" in text:  # a placeholder does nothing in data/: reported (LIESMICH.md)
        broken.append("placeholder")
    return broken


# Anything at all, including what must be rejected (control characters, line breaks, too long).
wild = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=8)), min_size=1, max_size=6).map("".join),
    st.builds(lambda part, n: part * n, st.text(min_size=1, max_size=4), st.integers(30, 220)),
)
# Hostile but allowed text: markup, quotes, emoji, right-to-left, long.  Letters are drawn from Latin
# and general punctuation (what German editors type); the wild strategy covers the rest of Unicode.
printable = st.one_of(st.characters(max_codepoint=0x24F, exclude_categories=("Cc", "Cs")),
                      st.characters(min_codepoint=0x2000, max_codepoint=0x206F, exclude_categories=("Cc", "Zl", "Zp")))
allowed = st.one_of(
    st.text(printable, min_size=1, max_size=40),
    st.lists(st.one_of(st.sampled_from([n for n in NASTY if not violates_text(n, 600, False)]),
                       st.text(printable, min_size=1, max_size=8)), min_size=1, max_size=6).map("".join),
    st.builds(lambda part, n: part * n, st.text(printable, min_size=1, max_size=3), st.integers(20, 33)),
)


def _one_wild(base: dict[str, str], field: str, value: str, use: bool) -> dict[str, str]:
    return {**base, field: value} if use else base


# Every field gets allowed text; in about half of the examples one field gets anything at all.
event_texts = st.builds(_one_wild, st.fixed_dictionaries({name: allowed for name in FIELDS}),
                        st.sampled_from(sorted(FIELDS)), wild, st.booleans())


def violates(values: dict[str, str]) -> list[str]:
    """The documented rules (the oracle): what a correct build must reject, and nothing else."""
    broken = [f"{name}: {problem}" for name, value in values.items() for problem in violates_text(value, *FIELDS[name])]
    if trimmed(values["adresse"]) and not trimmed(values["ort"]):
        broken.append("adresse without ort")
    if not trimmed(values["name"]):
        broken.append("name: required")
    return broken


def yaml_string(value: str) -> str:
    """A YAML double-quoted scalar that every YAML reader decodes to exactly ``value``.

    Everything outside printable ASCII is escaped (``\\UXXXXXXXX``), so no character –
    NEL, LS, a BOM, a lone control character – can be read as a line break or dropped.
    """
    out = []
    for char in value:
        if char in '\\"':
            out.append("\\" + char)
        elif " " <= char <= "~":
            out.append(char)
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def termine_yml(values: dict[str, str]) -> str:
    """data/termine.yml with the real kinds and one event; values are YAML-escaped, never pasted."""
    real = yaml.safe_load((ROOT / "data" / "termine.yml").read_text(encoding="utf-8"))
    arten = real["arten"]
    schulung = next(a for a in arten if a["id"] == "schulung")
    schulung["name"] = "PLATZHALTERname"
    schulung["anmeldung"] = "info@wir2-bindungstraining.de"
    event = {"id": EVENT_ID, "art": "schulung", "titel": "PLATZHALTERtitel", "beginn": "2025-03-13",
             "ende": "2025-03-15", "ort": "PLATZHALTERort", "adresse": "PLATZHALTERadresse", "online": True,
             "hinweis": "PLATZHALTERhinweis"}
    text = yaml.safe_dump({"arten": arten, "termine": [event]}, allow_unicode=True, sort_keys=False, width=10**6)
    for field, value in values.items():
        assert text.count(f"PLATZHALTER{field}\n") == 1
        text = text.replace(f"PLATZHALTER{field}\n", yaml_string(value) + "\n")
    loaded = yaml.safe_load(text)
    assert loaded["termine"][0]["titel"] == values["titel"] and loaded["termine"][0]["hinweis"] == values["hinweis"]
    assert loaded["arten"][0]["name"] == values["name"], "the test's YAML does not round-trip"
    return text


class _Page(HTMLParser):
    """Tags, visible text (scripts and styles apart) and JSON-LD blocks of one page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.handlers: list[str] = []
        self.text: list[str] = []
        self.jsonld: list[str] = []
        self._raw: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        if tag == "script":
            self._raw = "" if ("type", "application/ld+json") in attrs else None
        for name, value in attrs:  # titles in attributes count as text too (e.g. aria-label)
            if name in ("title", "aria-label", "alt") and value:
                self.text.append(value)

    def handle_endtag(self, tag):
        if tag == "script" and self._raw is not None:
            self.jsonld.append(self._raw)
            self._raw = None

    def handle_data(self, data):
        if self._raw is not None:
            self._raw += data
        elif self.lasttag not in ("script", "style"):
            self.text.append(data)

    @property
    def plain(self) -> str:
        return normal("".join(self.text))


def normal(text: str) -> str:
    return " ".join(text.split())


FOLDER = (ROOT / "theme" / "faktenblatt").resolve()


def rendered(lab, site: Site) -> tuple[dict[str, _Page], dict[str, bytes]]:
    """The pages that list the event, as a build writes them, and every calendar file."""
    pages = PagesAsBuilt(site)  # a new environment: imported macros must see this site's data
    html = {name: pages.html(address) for name, address in ADDRESSES.items()}
    return {name: _Page(text) for name, text in html.items()}, dict(Calendars(site).termine_files())


def font_check(site: Site) -> None:
    """The fact sheet's check that its font can draw every character it shows (file, line, field)."""
    factsheet.check_glyphs(factsheet.render_html(site, FOLDER), site, FOLDER / "fonts")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """The data layer on a copy of data/, its baseline listings and calendars, and a place for .ics files."""
    tmp = tmp_path_factory.mktemp("properties")
    site = site_with(tmp, files={"termine.yml": termine_yml(BASELINE)})
    lab: dict[str, object] = {}
    pages, files = rendered(lab, site)
    for page, fields in PAGES.items():
        for field in fields:
            assert BASELINE[field] in pages[page].plain, (page, field)
    collected = tmp / "ics"
    collected.mkdir()
    return {**lab, "tmp": tmp, "pages": pages, "files": set(files), "ics": collected,
            "tried": 0, "accepted": 0, "expected_ics": {}, "font_gaps": [], "reasons": Counter()}


def check_accepted(lab, values: dict[str, str], site: Site) -> None:
    stripped = {k: trimmed(v) for k, v in values.items()}
    titel = stripped["titel"] or stripped["name"] or "wir2-Gruppenleiterschulung"
    shown = {**stripped, "titel": titel}
    pages, files = rendered(lab, site)
    assert set(files) == lab["files"], "calendar files appeared or vanished"
    for name, page in pages.items():
        base = lab["pages"][name]
        extra = page.tags - base.tags
        assert not extra, f"{name}: new elements {dict(extra)}"
        assert not page.handlers, f"{name}: event handler attributes {page.handlers}"
        for block in page.jsonld:
            data = json.loads(block)
            events = data if isinstance(data, list) else [data]
            for item in events:
                if isinstance(item, dict) and EVENT_ID in json.dumps(item):
                    assert item["name"] == titel, (name, item["name"], titel)
    for name, fields in PAGES.items():
        for field in fields:
            if shown[field] and not (field == "titel" and titel == stripped["name"]):
                assert normal(shown[field]) in pages[name].plain, f"{name}: {field} {shown[field]!r} not shown as text"
    cal = icalendar.Calendar.from_ical(files[ICS])
    [event] = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == titel
    location = str(event.get("LOCATION", ""))
    for field in ("ort", "adresse"):
        assert stripped[field] in location, (field, location)
    if stripped["hinweis"]:
        assert stripped["hinweis"] in str(event["DESCRIPTION"])
    copy = lab["ics"] / f"{lab['accepted']:03d}.ics"
    copy.write_bytes(files[ICS])
    lab["expected_ics"][str(copy)] = (titel, stripped)


# No shrinking: the failing input is printed as found, which is enough to reproduce it.
@settings(max_examples=int(os.environ.get("WIR2_PROPERTY_EXAMPLES", "200")), derandomize=True, database=None,
          deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(values=event_texts)
@example(values={"titel": "<script>alert('x')</script>", "ort": "Köln; Raum 2, \\ oben",
                  "adresse": '"Haus" & \'Hof\'', "hinweis": "Erste Zeile\nZweite Zeile mit </p> und {{ 7*7 }}",
                  "name": "Schulung „neu“"})
@example(values={"titel": "مرحبا 👩‍👧‍👦 \u202eRTL", "ort": "שלום", "adresse": "Straße 1",
                  "hinweis": "Absatz eins\n\nAbsatz *zwei*", "name": "wir2-Gruppenleiterschulung"})
@example(values={"titel": "x" * 201, "ort": "Neuss", "adresse": "", "hinweis": "\x07", "name": "Name\nzweizeilig"})
@example(values={"titel": "END:VEVENT\nBEGIN:VEVENT", "ort": "A;B,C\\D:E", "adresse": "",
                  "hinweis": "DESCRIPTION:injected\r\nX:y", "name": "SUMMARY:x"})
@example(values={"titel": "T" * 200, "ort": "O" * 100, "adresse": "A" * 200, "hinweis": "H\n" * 299 + "H",
                  "name": "N" * 120})
def test_any_text_in_an_event_is_shown_as_text_or_rejected_with_a_message(lab, values):
    text = termine_yml(values)
    try:
        site = site_with(lab["tmp"], files={"termine.yml": text})
        font_check(site)
        messages: list[str] = []
    except DataError as exc:
        messages = [str(p) for p in exc.problems]
    except Exception:  # a traceback is exactly what this test must report
        pytest.fail(f"the data layer or a renderer raised for {values!r}:\n{traceback.format_exc()}")
    lab["tried"] += 1
    broken = violates(values)
    lab["reasons"].update(broken)
    if not messages:
        assert not broken, f"accepted although {broken}"
        lab["accepted"] += 1
        check_accepted(lab, values, site)
    else:
        glyphs = [m for m in messages if FONT_GAP in m]
        if glyphs and len(glyphs) == len(messages):
            for message in glyphs:
                assert message.startswith("data/termine.yml:") and ": Feld „termine[1]." in message, message
            lab["font_gaps"].append(glyphs[0])
            return
        assert broken, f"rejected valid input: {messages}"
        fields = []
        for message in messages:
            where, _, rest = message.partition(": Feld „")
            assert where.startswith("data/termine.yml:") and where.split(":")[1].isdigit(), message
            fields.append(rest.split("“")[0])
        allowed = {"arten[1].name", "termine[1].titel", "termine[1].ort", "termine[1].adresse", "termine[1].hinweis"}
        # A rejected kind name drops the kind, so its events' „art“ is reported as unknown too (a follow-up).
        if "arten[1].name" in fields:
            allowed.add("termine[1].art")
        assert set(fields) <= allowed, messages


def test_ical_js_decodes_every_accepted_calendar_file_to_the_same_text(lab):
    """Runs after the property test in this module: ical.js over all .ics files it accepted."""
    print(f"property test: {lab['tried']} inputs built, {lab['accepted']} accepted, "
          f"{len(lab['font_gaps'])} stopped by the fact sheet's fonts {lab['font_gaps']}; "
          f"rejected for {dict(lab['reasons'])}")
    assert lab["tried"] >= 4, "the property test did not run first"
    assert lab["accepted"] >= 1, "no example was accepted, so nothing reached the calendar files"
    node = shutil.which("node")
    if not node:
        pytest.fail("`node` not found: install Node.js (./dev.sh test installs it)", pytrace=False)
    files = sorted(lab["expected_ics"])
    run = subprocess.run([node, str(ROOT / "tests" / "browser" / "icalcheck.mjs"), *files],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    for file in files:
        titel, stripped = lab["expected_ics"][file]
        entry = report[file]
        assert not entry["problems"], (file, entry["problems"])
        [texts_] = entry["texts"]
        assert texts_["summary"] == titel
        assert stripped["ort"] in (texts_["location"] or "")
        assert stripped["hinweis"] in (texts_["description"] or "")
