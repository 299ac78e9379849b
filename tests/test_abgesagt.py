"""An upcoming event that subscribers were shown and that is gone stays in their calendars as cancelled
(issue 11, "nothing disappears silently").

Deleted from data/termine.yml or set back to „offen“: its own ``.ics`` and the feeds keep it with
``STATUS:CANCELLED``, „Abgesagt:“ in the title and ``SEQUENCE`` raised, the same UID, until its date
has passed; the build says what it did, and /termine/ lists a deleted one as cancelled.  Each step is
the data layer and the calendar writer on the record the step before wrote, read back with icalendar.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from icalendar import Calendar

from helpers import ROOT, SITE_BUILD_DATE, PagesAsBuilt, site_with
from wir2.problems import DataError
from wir2.render.calendar import Calendars

TERMINE = (ROOT / "data" / "termine.yml").read_text(encoding="utf-8")
STAND = (ROOT / "data" / "termine.stand.json").read_text(encoding="utf-8")
MARCH = "  - id: schulung-2025-03\n    art: schulung\n    beginn: 2025-03-13\n    ende: 2025-03-15\n    ort: Neuss\n\n"
OFFEN = "  - id: schulung-2025-03\n    art: schulung\n    beginn: offen\n    ort: Neuss\n\n"
assert MARCH in TERMINE
FILE = "termine/schulung/schulung-2025-03.ics"
FEEDS = ("termine/abo/alle.ics", "termine/abo/schulung.ics")


def step(tmp_path: Path, name: str, termine: str, stand: str, day: dt.date = SITE_BUILD_DATE):
    """The site of one build on ``stand``, its calendar files and the record it writes."""
    site = site_with(tmp_path / name, day, files={"termine.yml": termine, "termine.stand.json": stand},
                     revision_mode="schreiben")
    files = dict(Calendars(site).termine_files())
    record = site.revision_record[1] if site.revision_record is not None else stand
    return site, files, record


def march(data: bytes):
    found = [e for e in Calendar.from_ical(data).walk("VEVENT") if str(e["UID"]).startswith("schulung-2025-03@")]
    return found[0] if found else None


def test_a_deleted_upcoming_event_is_cancelled_in_every_calendar_until_its_date(tmp_path):
    _, before, _ = step(tmp_path, "vorher", TERMINE, STAND)
    published = march(before[FILE])
    site, files, record = step(tmp_path, "geloescht", TERMINE.replace(MARCH, "", 1), STAND)
    for path in (FILE, *FEEDS):
        event = march(files[path])
        assert event is not None, path
        assert (str(event["STATUS"]), str(event["SUMMARY"])) == ("CANCELLED", "Abgesagt: wir2-Gruppenleiterschulung")
        assert str(event["UID"]) == str(published["UID"])
        assert int(event["SEQUENCE"]) == int(published["SEQUENCE"]) + 1
        assert event["DTSTART"].dt == dt.date(2025, 3, 13) and event["DTEND"].dt == dt.date(2025, 3, 16)
    assert ("data/termine.yml: Termin „schulung-2025-03“ (13.03.–15.03.2025) steht nicht mehr in der Datei; "
            "abonnierte Kalender und /termine/ zeigen ihn bis zum 15.03.2025 als „Abgesagt“") in site.warnings
    html = PagesAsBuilt(site).html("termine/")
    item = html.split('id="schulung-2025-03"', 1)[1].split("</li>", 1)[0]
    assert "Abgesagt" in item and "<s>" in item

    # A rebuild changes nothing; the day after the event it is gone from every calendar.
    _, files_again, record_again = step(tmp_path, "nochmal", TERMINE.replace(MARCH, "", 1), record)
    assert record_again == record and files_again == files
    later, files_later, _ = step(tmp_path, "danach", TERMINE.replace(MARCH, "", 1), record, dt.date(2025, 3, 16))
    assert FILE not in files_later and all(march(files_later[p]) is None for p in FEEDS)
    assert not [w for w in later.warnings if "schulung-2025-03" in w]
    assert json.loads(record)["termine"]["schulung-2025-03"]["entfernt"] == "20250115T000000Z"


def test_an_event_set_back_to_offen_cancels_the_date_subscribers_have(tmp_path):
    _, before, _ = step(tmp_path, "vorher", TERMINE, STAND)
    published = march(before[FILE])
    text = TERMINE.replace(MARCH, OFFEN, 1)
    site, files, record = step(tmp_path, "offen", text, STAND)
    event = march(files[FILE])
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == int(published["SEQUENCE"]) + 1
    line = next(i for i, x in enumerate(text.splitlines(), 1) if "beginn: offen" in x and i > 40)
    assert (f"data/termine.yml:{line}: Termin „schulung-2025-03“ hat kein Datum mehr; abonnierte Kalender zeigen "
            "den bisherigen Termin (13.03.–15.03.2025) bis zum 15.03.2025 als „Abgesagt“") in site.warnings
    # /termine/ lists it once, as „Termin folgt“ (its anchor is not doubled).
    html = PagesAsBuilt(site).html("termine/")
    assert html.count('id="schulung-2025-03"') == 1
    # Dated again: the event comes back with a new SEQUENCE above the cancellation's.
    back, files_back, _ = step(tmp_path, "zurueck", TERMINE.replace(MARCH, MARCH.replace("2025-03-1", "2025-04-1"),
                                                                    1), record)
    event_back = march(files_back[FILE])
    assert str(event_back["STATUS"]) == "CONFIRMED"
    assert int(event_back["SEQUENCE"]) == int(event["SEQUENCE"]) + 1
    assert not back.termine.abgesagt


# --- what subscribers get of each event, and a feed without events --------------------------------------

def test_an_events_own_file_says_fee_place_registration_and_page(tmp_path):
    site = site_with(tmp_path, siteurl="https://www.wir2-bindungstraining.de")
    files = dict(Calendars(site).termine_files())
    event = march(files[FILE])
    description = str(event["DESCRIPTION"])
    assert "Teilnahmebeitrag: 700\u00a0€ pro Person, einmalig." in description  # data/kosten.yml's schulung
    assert description.endswith("Mehr: https://www.wir2-bindungstraining.de/termine/#schulung-2025-03")
    assert str(event["LOCATION"]) == "Neuss"
    info = next(e for e in Calendar.from_ical(files["termine/infoveranstaltung/info-2025-05.ics"]).walk("VEVENT"))
    assert "Anmeldung per E-Mail an info@wir2-bindungstraining.de" in str(info["DESCRIPTION"])
    assert "Teilnahme" not in str(info["DESCRIPTION"])  # the info event's kind names no fee
    assert str(info["LOCATION"]) == "Online"


def test_a_feed_of_a_kind_without_dates_still_holds_a_component(tmp_path):
    """RFC 5545 §3.6: a calendar has at least one component; the Jahrestreffen has no date yet."""
    site = site_with(tmp_path, siteurl="https://www.wir2-bindungstraining.de")
    files = dict(Calendars(site).termine_files())
    calendar = Calendar.from_ical(files["termine/abo/jahrestreffen.ics"])
    assert not calendar.walk("VEVENT")
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE"]


def test_a_new_fee_in_kosten_yml_raises_the_sequence_of_the_events_that_show_it(tmp_path):
    """The fee is in each training's DESCRIPTION, so a changed amount is a change subscribers must get."""
    kosten = (ROOT / "data" / "kosten.yml").read_text(encoding="utf-8")
    assert "  betrag: 700\n" in kosten
    site = site_with(tmp_path, files={"kosten.yml": kosten.replace("  betrag: 700\n", "  betrag: 750\n", 1)},
                     revision_mode="schreiben")
    assert site.revision_record is not None
    record = json.loads(site.revision_record[1])["termine"]
    before = json.loads(STAND)["termine"]
    raised = sorted(k for k in record if record[k]["sequence"] == before[k]["sequence"] + 1)
    assert raised == sorted(k for k in before if k.startswith("schulung-"))
    event = march(dict(Calendars(site).termine_files())[FILE])
    assert "Teilnahmebeitrag: 750\u00a0€ pro Person, einmalig." in str(event["DESCRIPTION"])


def test_set_back_to_offen_under_another_kind_is_refused_at_once(tmp_path):
    """Reviewer: build 1 passed and build 2 on its record refused the id (the publish build would have
    failed); now the first build refuses it as the next one would: a new id for the other kind."""
    text = TERMINE.replace(MARCH, OFFEN.replace("art: schulung", "art: supervision"), 1)
    with pytest.raises(DataError) as info:
        step(tmp_path, "eins", text, STAND)
    [problem] = [str(p) for p in info.value.problems]
    assert "eine neue Kennung, z. B. supervision-" in problem and "„schulung-2025-03“ war ein gelöschter Termin der " \
        "Art „schulung“" in problem


def test_a_deleted_event_whose_kind_is_gone_too_is_still_cancelled(tmp_path):
    """Every training and the kind „schulung“ deleted: the March training's cancellation still goes out."""
    import re

    kinds, events = TERMINE.split("termine:\n", 1)
    keep_kinds = [b for b in re.split(r"(?m)^(?=  - id: )", kinds) if not b.startswith("  - id: schulung\n")]
    keep_events = [b for b in re.split(r"(?m)^(?=  - id: )", events) if "    art: schulung\n" not in b]
    text = "".join(keep_kinds) + "termine:\n" + "".join(keep_events)
    assert "schulung" not in text.replace("Gruppenleiterschulungen", "")
    _, files, _ = step(tmp_path, "ohne-art", text, STAND)
    event = march(files["termine/abo/alle.ics"])
    assert event is not None and str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "Abgesagt: wir2-Gruppenleiterschulung"
