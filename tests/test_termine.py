"""Dates on the pages: /termine/ before and after the seed's dates, the other pages, schema.org data.

The real site is built twice from the seed data: with a build date before the
first date (2024-11-01, everything upcoming) and after the last (2026-01-15,
everything in the archive; that build uses publishconf.py, so its feeds name the
site's address and it proves the committed revision record is current).  Both show
the same subscription controls: the local build at the live address (Abo.adresse).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from icalendar import Calendar

from helpers import PUBLIC_URL, ROOT, Node, PagesAsBuilt, query, site_with, tree, tree_text

SITEURL = "https://www.wir2-bindungstraining.de"
SCHULUNGEN = ["schulung-2024-12", "schulung-2025-01", "schulung-2025-03", "schulung-2025-05", "schulung-2025-11"]
SUPERVISION = ["supervision-2024-12", "supervision-2025-04", "supervision-2025-10", "supervision-2025-12"]
INFO = ["info-2025-05", "info-2025-11"]
DATED = SCHULUNGEN + SUPERVISION + INFO


# --- builds -------------------------------------------------------------------------------


@pytest.fixture
def early(termine_frueh) -> Path:
    return termine_frueh


@pytest.fixture
def late(termine_spaet) -> Path:
    return termine_spaet


def section_ids(page: Node, art: str) -> list[str]:
    section = page.by_id(f"art-{art}").parent
    return [li.attrs["id"] for li in section.find_all("li", cls="termin")]


# --- /termine/ before the dates --------------------------------------------------------------


def test_upcoming_dates_grouped_by_kind_in_date_order(early):
    page = tree(early / "termine" / "index.html")
    assert [h.text for h in page.find_all("h2") if (h.attrs.get("id") or "").startswith("art-")] == [
        "Gruppenleiterschulungen", "Supervisionstage", "Infoveranstaltungen", "Jahrestreffen der Kooperationspartner"]
    assert section_ids(page, "schulung") == SCHULUNGEN
    assert section_ids(page, "supervision") == SUPERVISION
    assert section_ids(page, "infoveranstaltung") == INFO
    assert section_ids(page, "jahrestreffen") == ["jahrestreffen-2025"]
    assert "Noch keine." in page.by_id("archiv").parent.text


def test_german_dates_times_and_places(early):
    page = tree(early / "termine" / "index.html")
    training = page.by_id("schulung-2025-03")
    assert training.find_all(cls="termin-datum")[0].text == "Do., 13. – Sa., 15. März 2025"
    assert training.find_all(cls="termin-ort")[0].text == "Neuss"
    dates = page.by_id("schulung-2025-01").find_all(cls="termin-datum")
    assert dates[0].text == "Do., 30. Januar – Sa., 1. Februar 2025"
    info = page.by_id("info-2025-05")
    assert info.find_all(cls="termin-datum")[0].text == "Di., 6. Mai 2025, 9:00–11:30 Uhr"
    assert info.find_all(cls="termin-ort")[0].text == "Online"
    assert info.find_all("time")[0].attrs["datetime"] == "2025-05-06"
    assert page.by_id("supervision-2025-04").find_all(cls="termin-datum")[0].text == "Mi., 2. April 2025"


def test_undated_meeting_says_termin_folgt_without_calendar_links(early):
    meeting = tree(early / "termine" / "index.html").by_id("jahrestreffen-2025")
    assert meeting.find_all(cls="termin-datum")[0].text == "Termin folgt (geplant für 2025)"  # its zeitraum
    assert not meeting.find_all(cls="termin-kalender")
    assert not any(link.endswith(".ics") for link in meeting.links())


def test_registration_by_mail_names_the_event_and_no_invented_form(early):
    page = tree(early / "termine" / "index.html")
    button = page.by_id("info-2025-05").find_all("a", cls="button")[0]
    assert button.text == "Per E-Mail anmelden"
    href = button.attrs["href"]
    assert href.startswith("mailto:info@wir2-bindungstraining.de?")
    assert query(href) == {"subject": "Anmeldung: Digitale wir2-Infoveranstaltung am 06.05.2025"}
    assert "+" not in href  # mail clients do not read + as a space
    meeting = page.by_id("jahrestreffen-2025").find_all("a", cls="button")[0]
    subject = "Anmeldung: Digitales Jahrestreffen der wir2-Kooperationspartner"
    assert query(meeting.attrs["href"]) == {"subject": subject}
    # The seed names a form for trainings and supervision days but not its address: no link is invented.
    for ident in SCHULUNGEN + SUPERVISION:
        assert not page.by_id(ident).find_all("a", cls="button")


def test_calendar_links_for_each_dated_event(early):
    page = tree(early / "termine" / "index.html")
    for ident in DATED:
        links = page.by_id(ident).links()
        kind = "info" if ident.startswith("info") else ident.split("-")[0]
        kind = {"info": "infoveranstaltung"}.get(kind, kind)
        assert f"/termine/{kind}/{ident}.ics" in links
        assert (early / "termine" / kind / f"{ident}.ics").is_file()
        assert sum(link.startswith("https://calendar.google.com/calendar/render?") for link in links) == 1
        assert sum(link.startswith("https://outlook.live.com/calendar/0/deeplink/compose?") for link in links) == 1


def test_google_and_outlook_links_carry_the_right_times(early):
    page = tree(early / "termine" / "index.html")

    def link(ident: str, host: str) -> dict[str, str]:
        return query(next(x for x in page.by_id(ident).links() if host in x))

    google = link("schulung-2025-03", "google")
    assert google["action"] == "TEMPLATE"
    assert google["text"] == "wir2-Gruppenleiterschulung"
    assert google["dates"] == "20250313/20250316"  # all-day: the end is exclusive
    assert google["location"] == "Neuss"
    google = link("info-2025-05", "google")
    assert google["dates"] == "20250506T090000/20250506T113000"
    assert google["ctz"] == "Europe/Berlin"
    outlook = link("info-2025-05", "outlook")
    assert (outlook["subject"], outlook["startdt"], outlook["enddt"]) == (
        "Digitale wir2-Infoveranstaltung", "2025-05-06T07:00:00Z", "2025-05-06T09:30:00Z")
    outlook = link("schulung-2025-03", "outlook")
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == ("2025-03-13", "2025-03-16", "true")


def abo_section(path: Path) -> str:
    """The raw HTML of the section „Termine abonnieren“ as written."""
    html = path.read_text(encoding="utf-8")
    start = html.index('<section class="termine-abos"')
    return html[start:html.index("</section>", start)]


def test_local_build_shows_the_subscription_controls_of_the_live_site(early, late):
    """The preview subscribes at the live address: a calendar can only subscribe to the published feed."""
    local = abo_section(early / "termine" / "index.html")
    assert local == abo_section(late / "termine" / "index.html")
    links = tree_text(local).links()
    assert "webcal://www.wir2-bindungstraining.de/termine/abo/alle.ics" in links
    assert [x for x in links if not x.startswith(("webcal:", "https://"))] == []


# --- copying a feed's address (theme/static/js/termine.js) ------------------------------------

FEEDS = ["alle", "schulung", "supervision", "infoveranstaltung", "jahrestreffen"]


@pytest.mark.parametrize("siteurl", ["", PUBLIC_URL], ids=["lokal", "veroeffentlicht"])
def test_every_feed_has_its_address_to_select_and_a_copy_button_for_the_script(tmp_path, siteurl):
    site = site_with(tmp_path, siteurl=siteurl)
    html = PagesAsBuilt(site).html("termine/")
    page = tree_text(html)
    items = page.by_id("abonnieren").parent.find_all("li", cls="abo")
    assert [abo.id for abo in site.termine.abos] == FEEDS and len(items) == len(FEEDS)
    for abo, item in zip(site.termine.abos, items, strict=True):
        address = f"{PUBLIC_URL}/termine/abo/{abo.id}.ics"
        assert abo.adresse == address
        field = item.by_id(f"abo-adresse-{abo.id}")
        assert field.tag == "input" and field.attrs["type"] == "text" and "readonly" in field.attrs
        assert "disabled" not in field.attrs  # a disabled field could not be selected
        assert field.attrs["value"] == address
        [label] = item.find_all("label", **{"for": f"abo-adresse-{abo.id}"})
        assert label.children[0] == "https-Adresse"  # visible; screen readers also hear which feed
        assert f'https-Adresse<span class="visually-hidden"> für „{abo.titel}“</span></label>' in html
        assert item.find_all("a")[0].attrs["href"] == "webcal://" + address.removeprefix("https://")
        # The button is written hidden: only the script shows it (no script, no button).
        [button] = item.find_all("button")
        assert button.attrs["type"] == "button" and "hidden" in button.attrs
        assert button.children[0] == "Kopieren"  # the visible text; the name says which feed
        assert f'Kopieren<span class="visually-hidden"> – https-Adresse für „{abo.titel}“</span></button>' in html
        [status] = item.find_all(cls="abo-meldung")
        assert status.attrs["role"] == "status" and status.text == ""
    scripts = [n.attrs for n in page.find_all("script") if n.attrs.get("src")]
    assert scripts == [{"src": f"{siteurl}/theme/js/termine.js", "defer": None}]


def test_without_any_site_address_the_page_offers_the_files_and_no_script(tmp_path):
    from dataclasses import replace

    built = site_with(tmp_path)
    site = replace(built, public_url="", termine=replace(built.termine, public_url=""))
    assert [abo.adresse for abo in site.termine.abos] == [None] * len(FEEDS)
    page = tree_text(PagesAsBuilt(site).html("termine/"))
    feeds = page.by_id("abonnieren").parent
    assert feeds.links() == [f"/termine/abo/{art}.ics" for art in FEEDS]
    assert feeds.find_all("input") == [] and feeds.find_all("button") == []
    assert [n for n in page.find_all("script") if n.attrs.get("src")] == []


def test_the_copy_script_is_small_and_builds_no_html():
    script = (ROOT / "theme" / "static" / "js" / "termine.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script
    assert "localStorage" not in script and "sessionStorage" not in script and "cookie" not in script
    assert "fetch(" not in script and "XMLHttpRequest" not in script
    assert "Adresse kopiert" in script and "Adresse markiert – mit Strg+C kopieren" in script


# --- the same data on other pages ------------------------------------------------------------


def ics_links(path: Path) -> list[str]:
    return [Path(x).stem for x in tree(path).links() if x.endswith(".ics")]


def test_other_pages_show_their_kinds(early):
    assert ics_links(early / "gruppenleitung" / "index.html") == SCHULUNGEN + SUPERVISION
    kooperation = early / "kooperation" / "index.html"
    assert ics_links(kooperation) == INFO
    assert "Termin folgt" in tree(kooperation).text
    for path in early.rglob("*.html"):
        assert "wir2-termine:" not in path.read_text(encoding="utf-8"), path


def test_home_page_shows_no_professionals_dates(early, late):
    """The parents' first page lists no training or supervision days (issue 13): they stay on /termine/ and
    the partner pages; the home page links /termine/ for professionals instead."""
    for out in (early, late):
        home = tree(out / "index.html")
        assert not home.find_all("ul", cls="termine-kompakt") and not home.find_all("ul", cls="termine")
        assert "Zurzeit sind keine Termine angekündigt." not in home.text
        assert any(link.endswith("/termine/") for link in home.links())


# --- schema.org ------------------------------------------------------------------------------


def json_ld(path: Path) -> list[dict]:
    scripts = tree(path).find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].text)


def test_schema_org_events(late):
    events = {e["@id"].rsplit("#", 1)[1]: e for e in json_ld(late / "termine" / "index.html")}
    assert sorted(events) == sorted(DATED)
    kosten = yaml.safe_load((ROOT / "data" / "kosten.yml").read_text(encoding="utf-8"))
    info = events["info-2025-05"]
    assert info["@type"] == "Event"
    assert (info["startDate"], info["endDate"]) == ("2025-05-06T09:00:00+02:00", "2025-05-06T11:30:00+02:00")
    assert info["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert info["location"] == {"@type": "VirtualLocation", "url": f"{SITEURL}/termine/#info-2025-05"}
    assert info["eventStatus"] == "https://schema.org/EventScheduled"
    assert info["organizer"]["name"] == "wir2 – Bindungstraining für Alleinerziehende"
    assert "offers" not in info  # the seed does not say what an info event costs
    winter = events["info-2025-11"]
    assert winter["startDate"] == "2025-11-18T09:00:00+01:00"
    training = events["schulung-2025-03"]
    assert (training["startDate"], training["endDate"]) == ("2025-03-13", "2025-03-15")  # endDate is inclusive
    assert training["location"]["@type"] == "Place"
    assert training["location"]["address"]["addressLocality"] == "Neuss"
    assert training["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert training["offers"]["price"] == kosten["schulung"]["betrag"]
    assert training["offers"]["priceCurrency"] == "EUR"
    assert events["supervision-2025-04"]["offers"]["price"] == kosten["supervisionstag"]["betrag"]


# --- /termine/ after the dates ---------------------------------------------------------------

#: What a listing without an upcoming date says instead (the site cannot know whether new ones are planned).
WAIT = ("Die nächsten Termine werden hier veröffentlicht – abonnieren Sie den Kalender oder schreiben Sie uns: "
        "info@wir2-bindungstraining.de.")


def test_after_the_last_date_everything_is_in_the_archive(late):
    page = tree(late / "termine" / "index.html")
    for art in ("schulung", "supervision", "infoveranstaltung"):
        section = page.by_id(f"art-{art}").parent
        assert not section.find_all("li")
        assert section.text.endswith(WAIT)
        links = [link.replace(SITEURL, "") for link in section.links()]
        assert links == ["/termine/#abonnieren", "mailto:info@wir2-bindungstraining.de"]
    # The meeting's zeitraum (2025) is over: „Termin folgt“ would no longer be true.
    assert section_ids(page, "jahrestreffen") == []
    assert page.by_id("art-jahrestreffen").parent.text.endswith(WAIT)
    archive = page.by_id("archiv").parent
    newest_first = sorted(DATED, key=lambda i: {
        "schulung-2024-12": "2024-12-07", "schulung-2025-01": "2025-02-01", "schulung-2025-03": "2025-03-15",
        "schulung-2025-05": "2025-05-10", "schulung-2025-11": "2025-11-29", "supervision-2024-12": "2024-12-12",
        "supervision-2025-04": "2025-04-02", "supervision-2025-10": "2025-10-10",
        "supervision-2025-12": "2025-12-11", "info-2025-05": "2025-05-06", "info-2025-11": "2025-11-18"}[i],
        reverse=True)
    assert [li.attrs["id"] for li in archive.find_all("li")] == newest_first
    assert "Do., 27. – Sa., 29. November 2025" in archive.by_id("schulung-2025-11").text
    assert ics_links(late / "gruppenleitung" / "index.html") == []


def test_subscription_links_in_the_publish_build(late):
    feeds = tree(late / "termine" / "index.html").by_id("abonnieren").parent
    links = feeds.links()
    for art in ("alle", "schulung", "supervision", "infoveranstaltung", "jahrestreffen"):
        https = f"{SITEURL}/termine/abo/{art}.ics"
        assert (late / "termine" / "abo" / f"{art}.ics").is_file()
        assert f"webcal://www.wir2-bindungstraining.de/termine/abo/{art}.ics" in links
        assert feeds.by_id(f"abo-adresse-{art}").attrs["value"] == https
        outlook = [query(x) for x in links if x.startswith("https://outlook.live.com/calendar/0/addfromweb?")]
        assert https in [q["url"] for q in outlook]
        google = [query(x) for x in links if x.startswith("https://calendar.google.com/calendar/r?")]
        assert f"webcal://www.wir2-bindungstraining.de/termine/abo/{art}.ics" in [q["cid"] for q in google]
    how_to = feeds.find_all("p")[0].text
    assert "Abonnieren" in how_to and "https-Adresse" in how_to
    apps = [li.text for li in feeds.find_all("ul", cls="abo-apps")[0].find_all("li")]
    assert [a.split(":")[0] for a in apps] == [
        "Apple Kalender (Mac)", "Outlook", "Google Kalender (im Browser am Computer)", "Thunderbird"]
    # No arrow starts a line on a phone: a non-breaking space before each (Node.text folds it away).
    raw = abo_section(late / "termine" / "index.html")
    for steps in ("Ablage&nbsp;→ Neues Kalenderabonnement", "Kalender hinzufügen&nbsp;→ Aus dem Internet abonnieren",
                  "Weitere Kalender&nbsp;→ Per URL", "Neuer Kalender&nbsp;→ Im Netzwerk"):
        assert f"„{steps}“ wählen, Adresse einfügen.</li>" in raw
    assert raw.count("→") == 4 and raw.count("&nbsp;→") == 4


def test_the_copy_address_is_the_address_the_feed_names_as_its_own(late):
    page = tree(late / "termine" / "index.html")
    for art in ("alle", "schulung", "supervision", "infoveranstaltung", "jahrestreffen"):
        cal = Calendar.from_ical((late / "termine" / "abo" / f"{art}.ics").read_bytes())
        assert page.by_id(f"abo-adresse-{art}").attrs["value"] == str(cal["SOURCE"])


def test_no_page_requests_a_third_party(late):
    """Add and subscribe links are plain links: nothing loads from Google or Microsoft."""
    for path in late.rglob("*.html"):
        page = tree(path)
        for node in page.iter():
            for attr in ("src", "srcset", "data", "poster"):
                value = node.attrs.get(attr) or ""
                assert "google" not in value and "outlook" not in value, (path, node.tag)
            if node.tag == "link":
                href = node.attrs.get("href") or ""
                assert "google" not in href and "outlook" not in href


def test_termine_page_weight(early):
    import gzip

    html = (early / "termine" / "index.html").read_bytes()
    css = (early / "theme" / "css" / "site.css").read_bytes()
    assert len(gzip.compress(html)) + len(gzip.compress(css)) <= 14 * 1024


def test_mailto_subject_is_percent_encoded_utf8(early):
    href = tree(early / "termine" / "index.html").by_id("info-2025-11").find_all("a", cls="button")[0].attrs["href"]
    assert unquote(href.split("subject=", 1)[1]) == "Anmeldung: Digitale wir2-Infoveranstaltung am 18.11.2025"
