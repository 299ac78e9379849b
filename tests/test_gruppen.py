"""Gruppen vor Ort: data checks, the empty state, one group, 500 groups, paging, the filter's JSON."""

from __future__ import annotations

import bisect
import datetime as dt
import gzip
import itertools
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from fixtures.gruppen.projekt import BUILD_DATE, EINE_GRUPPE, build_project, build_with, generate, make_project
from helpers import ROOT, groups_on, html_pages, listed_dates, page_weight, parse, resolve, snapshot
from helpers import build_project as publish_build
from wir2.load import gruppen as models
from wir2.model import Verzeichnis, laender
from wir2.problems import DataError

BUDGET = 14 * 1024
#: The page with the finder (/gruppen/) also carries the finder's texts in the page's language (data-texte)
#: and the script that writes them in seven languages (issue 15): 1 KiB more.
FINDER_BUDGET = 15 * 1024


# --- helpers ------------------------------------------------------------------------


def load_text(tmp_path: Path, text: str, build_date: dt.date = BUILD_DATE, **kw) -> Verzeichnis:
    path = tmp_path / "gruppen.yml"
    path.write_text(text, encoding="utf-8")
    return models.load(path, "data/gruppen.yml", 20, 90, build_date, **kw)


def messages(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(DataError) as info:
        load_text(tmp_path, text)
    return [str(p) for p in info.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.fixture(scope="module")
def eine(tmp_path_factory) -> Path:
    return build_with(tmp_path_factory.mktemp("eine"), EINE_GRUPPE)


@pytest.fixture(scope="module")
def fuenfhundert(tmp_path_factory) -> Path:
    return build_with(tmp_path_factory.mktemp("500"), generate(500))


# --- production data and the empty state ------------------------------------------------


def test_production_file_lists_no_invented_group():
    verzeichnis = models.load(ROOT / "data" / "gruppen.yml", "data/gruppen.yml", 20, 90, BUILD_DATE)
    assert verzeichnis.alle == ()


def test_empty_state_says_how_to_get_in_touch_and_how_to_report_a_group(site):
    page = site / "gruppen" / "index.html"
    html = page.read_text(encoding="utf-8")
    parsed = parse(page)
    assert "Noch keine Gruppe eingetragen" in html
    assert "mailto:info@wir2-bindungstraining.de" in parsed.links
    assert "tel:+4952411794914" in parsed.links
    assert 'id="gruppe-melden"' in html and "Kooperationsvertrag" in html
    # Nothing that only makes sense with groups: no filter, no script, no Land pages, no JSON.
    assert "gruppen-suche" not in html and not parsed.scripts
    assert sorted(p.name for p in (site / "gruppen").iterdir()) == ["index.html"]


def test_the_page_is_in_the_section_for_single_parents(site):
    html = (site / "konzept" / "index.html").read_text(encoding="utf-8")
    assert 'href="/gruppen/"' in html


# --- one group ------------------------------------------------------------------------


def test_one_group_is_shown_with_everything_a_parent_needs(eine):
    page = eine / "gruppen" / "nordrhein-westfalen" / "index.html"
    texts, links = groups_on(page)
    assert list(texts) == ["gruppe-beispiel-neuss-1"]
    text = texts["gruppe-beispiel-neuss-1"]
    for expected in (
        "Beispielträger 1",
        "Anmeldung offen",
        "Beginn Di., 4. März 2025, 20 Treffen bis Di., 29. Juli 2025",
        "Wann dienstags 9:00–10:30 Uhr",
        "Wo Beispiel-Familienzentrum, Beispielweg 1, 41460 Neuss",
        "Kinderbetreuung ja",
        "Sprachen Deutsch, Türkisch",
        "Infotreffen Di., 25. Februar 2025, 17:00–18:30 Uhr",
        "Hinweis Bitte bei der Anmeldung das Alter der Kinder angeben.",
        "Beispielperson",
    ):
        assert expected in text, (expected, text)
    # The subscription goes to the live calendar also in the preview (as the feeds on /termine/ do);
    # the download is this build's file.
    webcal = "webcal://www.wir2-bindungstraining.de/gruppen/kalender/beispiel-neuss-1.ics"
    assert links["gruppe-beispiel-neuss-1"] == [
        "tel:+492214710123", "mailto:wir2@example.org", "https://example.org/wir2", webcal,
        "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe=""),
        "https://outlook.live.com/calendar/0/addfromweb?url="
        + quote("https://www.wir2-bindungstraining.de/gruppen/kalender/beispiel-neuss-1.ics", safe="")
        + "&name=wir2-Gruppe%20Neuss",
        "/gruppen/kalender/beispiel-neuss-1.ics",
    ]
    assert (eine / "gruppen" / "kalender" / "beispiel-neuss-1.ics").is_file()
    # 20 weekly dates, without the two skipped weeks.
    dates = listed_dates(text)
    assert len(dates) == 20 and dates[0] == dt.date(2025, 3, 4) and dates[-1] == dt.date(2025, 7, 29)
    assert dt.date(2025, 4, 15) not in dates and dt.date(2025, 4, 22) not in dates
    assert all(b - a == dt.timedelta(days=7) or b - a == dt.timedelta(days=21) for a, b in itertools.pairwise(dates))


def test_one_group_index_links_its_land_and_names_the_others(eine):
    page = eine / "gruppen" / "index.html"
    parsed = parse(page)
    html = page.read_text(encoding="utf-8")
    assert "/gruppen/nordrhein-westfalen/" in parsed.links
    assert "Nordrhein-Westfalen</a> (1 Gruppe)" in html
    assert html.count("noch keine Gruppe eingetragen</span>") == 15  # the finder's texts (data-texte) aside
    assert "Noch keine Gruppe eingetragen" not in html
    assert parsed.scripts == ["/theme/js/gruppen.js"]
    assert 'data-quelle="/gruppen/gruppen.json"' in html and " hidden " in html
    assert sorted(p.name for p in (eine / "gruppen").iterdir()) == [
        "gruppen.json", "index.html", "kalender", "nordrhein-westfalen"]


def test_filter_json_is_small_sorted_and_links_each_group(eine):
    raw = (eine / "gruppen" / "gruppen.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert raw == json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    assert data["gruppen"] == [{
        "beginn": "Beginn Di., 4. März 2025", "datum": "2025-03-04", "kinder": True, "ort": 0, "plz": "41460",
        "rang": 0, "sprachen": ["Deutsch", "Türkisch"], "status": "anmeldung-offen", "tel": "tel:+492214710123",
        "telefon": "0221 4710-123", "traeger": "Beispielträger 1",
        "url": "/gruppen/nordrhein-westfalen/#gruppe-beispiel-neuss-1", "wann": "dienstags 9:00–10:30 Uhr",
        "zeit": ["09:00", "10:30"],
    }]
    assert data["heute"] == "2025-01-15"  # the build date: a translated page says "starts" or "started"
    assert data["orte"] == [{"land": 9, "name": "Neuss", "url": "/gruppen/nordrhein-westfalen/#ort-neuss"}]
    assert len(data["laender"]) == 16
    assert data["laender"][9] == {"name": "Nordrhein-Westfalen", "url": "/gruppen/nordrhein-westfalen/"}
    assert data["laender"][0] == {"name": "Baden-Württemberg", "url": None}
    # Every German postcode has its answer: Neuss's own postcodes name Neuss as their town, Kaarst's
    # (next door) names it as near, Sylt's has nothing near, 43… is no postal region.
    table = data["plz"]
    starts = list(itertools.accumulate(table["von"]))
    assert starts == sorted(starts) and len(starts) == len(table["antwort"]) and table["nah_km"] == 50

    def answer(plz: int):
        index = table["antwort"][bisect.bisect_right(starts, plz) - 1]
        return None if index < 0 else table["antworten"][index]

    assert answer(41460) == answer(41462) == [[0, 0]]
    assert answer(41564) == [[0, 1]]
    assert answer(25999) == [] and answer(99998) == []
    assert answer(43123) is None and answer(0) is None and answer(1000) is None
    gz = len(gzip.compress(raw.encode("utf-8"), 6, mtime=0))
    assert gz < 4 * 1024, gz


def test_info_meeting_in_the_past_is_not_announced(tmp_path):
    out = build_with(tmp_path, EINE_GRUPPE, build_date=dt.date(2025, 3, 1))
    text = groups_on(out / "gruppen" / "nordrhein-westfalen" / "index.html")[0]["gruppe-beispiel-neuss-1"]
    assert "Infotreffen" not in text and "Beginn Di., 4. März 2025" in text


def test_finished_groups_leave_the_list_but_keep_their_calendar(tmp_path):
    beendet = EINE_GRUPPE.replace("beispiel-neuss-1", "beispiel-neuss-2").replace(
        "status: anmeldung-offen", "status: beendet")
    # The day after the last session (29 July 2025): the first group is over, the second is marked finished.
    out = build_with(tmp_path, EINE_GRUPPE + beendet, build_date=dt.date(2025, 7, 30))
    html = (out / "gruppen" / "index.html").read_text(encoding="utf-8")
    assert "Noch keine Gruppe eingetragen" in html
    assert not (out / "gruppen" / "nordrhein-westfalen").exists()
    assert not (out / "gruppen" / "gruppen.json").exists()
    assert sorted(p.name for p in (out / "gruppen" / "kalender").iterdir()) == [
        "beispiel-neuss-1.ics", "beispiel-neuss-2.ics"]


def test_listing_changes_on_the_last_session_day(tmp_path):
    verzeichnis = load_text(tmp_path, EINE_GRUPPE, build_date=dt.date(2025, 7, 29))
    assert verzeichnis.anzahl == 1
    assert load_text(tmp_path, EINE_GRUPPE, build_date=dt.date(2025, 7, 30)).anzahl == 0


def test_same_data_and_build_date_give_the_same_bytes(eine, tmp_path):
    again = build_with(tmp_path, EINE_GRUPPE)
    assert snapshot(again / "gruppen") == snapshot(eine / "gruppen")
    assert (again / "sitemap.xml").read_bytes() == (eine / "sitemap.xml").read_bytes()


def test_land_pages_are_in_the_sitemap_dated_by_the_build_date(eine):
    sitemap = (eine / "sitemap.xml").read_text(encoding="utf-8")
    entry = sitemap.split("<loc>/gruppen/nordrhein-westfalen/</loc>")[1].split("</url>")[0]
    assert "<lastmod>2025-01-15T00:00:00+01:00</lastmod>" in entry


# --- 500 groups -----------------------------------------------------------------------


def test_500_groups_every_page_within_the_weight_budget(fuenfhundert):
    pages = sorted((fuenfhundert / "gruppen").rglob("index.html"))
    assert len(pages) > 17  # the index, 16 Länder, and continuation pages for the large ones
    weights = {str(p.relative_to(fuenfhundert)): page_weight(fuenfhundert, parse(p)) for p in pages}
    finder = {page for page in weights if "/theme/js/gruppen.js" in parse(fuenfhundert / page).scripts}
    assert finder == {"gruppen/index.html"}
    assert max(w for page, w in weights.items() if page not in finder) <= BUDGET, weights
    assert weights["gruppen/index.html"] <= FINDER_BUDGET, weights["gruppen/index.html"]


def test_500_groups_each_listed_once_under_its_land_and_town(fuenfhundert):
    seen: dict[str, str] = {}
    for page in sorted((fuenfhundert / "gruppen").glob("*/**/index.html")):
        land = page.relative_to(fuenfhundert / "gruppen").parts[0]
        for anchor, text in groups_on(page)[0].items():
            assert anchor not in seen, (anchor, page, seen[anchor])
            seen[anchor] = land
            assert len(listed_dates(text)) == 20
    assert len(seen) == 500
    verzeichnis = load_text(fuenfhundert.parent, generate(500))
    assert {f"gruppe-{g.id}": g.land.slug for g in verzeichnis.alle} == seen
    assert {g.land.slug for g in verzeichnis.alle} == {b.slug for b in laender.BUNDESLAENDER}


def test_500_groups_links_and_anchors_resolve(fuenfhundert):
    broken = []
    for path in html_pages(fuenfhundert / "gruppen"):
        page = parse(path)
        assert page.h1 == 1, path
        for url in page.links:
            target, fragment = resolve(fuenfhundert, path, url)
            if target is None or url.startswith(("mailto:", "tel:")):
                continue
            if not target.is_file() or (fragment and fragment not in parse(target).ids):
                broken.append(f"{path.relative_to(fuenfhundert)} → {url}")
    assert not broken, broken[:10]


def test_500_groups_json_points_at_every_listed_group(fuenfhundert):
    data = json.loads((fuenfhundert / "gruppen" / "gruppen.json").read_text(encoding="utf-8"))
    assert len(data["gruppen"]) == 500
    for g in data["gruppen"][::25]:
        target, fragment = resolve(fuenfhundert, fuenfhundert / "gruppen" / "index.html", g["url"])
        assert fragment in parse(target).ids
        assert re.fullmatch(r"\d{5}", g["plz"])
    # Fetched by the script on the first focus of the search field (not part of the page's weight):
    # 500 groups and the answers for all 8,308 postcodes, about 17 KiB with gzip.
    gz = len(gzip.compress((fuenfhundert / "gruppen" / "gruppen.json").read_bytes(), 6, mtime=0))
    assert gz < 20 * 1024, gz


def test_large_land_continues_on_further_pages_with_a_town_index(fuenfhundert):
    nrw = fuenfhundert / "gruppen" / "nordrhein-westfalen"
    pages = [nrw / "index.html", *sorted(nrw.glob("*/index.html"))]
    assert len(pages) >= 3
    counts = [len(groups_on(p)[0]) for p in pages]
    assert sum(counts) == 108 and max(counts) <= 40
    first = parse(pages[0])
    assert "/gruppen/nordrhein-westfalen/2/" in first.links
    assert "(Seite 1 von" in first.title


def test_paging_keeps_towns_together_unless_one_is_larger_than_a_page(tmp_path):
    verzeichnis = load_text(tmp_path, generate(200), je_seite=7)
    split = 0
    for land in verzeichnis.mit_gruppen:
        shown = [g.id for seite in land.seiten for a in seite.abschnitte for g in a.gruppen]
        assert shown == [g.id for g in land.gruppen]
        pages_of: dict[str, set[int]] = {}
        for seite in land.seiten:
            assert 0 < sum(len(a.gruppen) for a in seite.abschnitte) <= 7
            for a in seite.abschnitte:
                pages_of.setdefault(a.ort.slug, set()).add(seite.nummer)
                assert a.fortsetzung == (a.gruppen[0] != a.ort.gruppen[0])
        for ort in land.orte:
            first = min(pages_of[ort.slug])
            assert ort.url == f"gruppen/{land.land.slug}/" + (f"{first}/" if first > 1 else "")
            if len(ort.gruppen) <= 7:
                assert len(pages_of[ort.slug]) == 1, (land.land.name, ort.name)
            else:
                split += 1
    assert split  # the case of a town larger than a page occurred


# --- validation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "old, new, field, expected",
    [
        ("plz: 41460", "plz: 4146", "gruppen[1].plz",
         "Wert „4146“ ist ungültig; erwartet: eine Postleitzahl aus fünf Ziffern, z. B. 41460"),
        ("bundesland: Nordrhein-Westfalen", "bundesland: NRW", "gruppen[1].bundesland",
         "Wert „NRW“ ist ungültig; erwartet: der Name eines der 16 Bundesländer: Baden-Württemberg, Bayern, "
         "Berlin, Brandenburg, Bremen, Hamburg, Hessen, Mecklenburg-Vorpommern, Niedersachsen, "
         "Nordrhein-Westfalen, Rheinland-Pfalz, Saarland, Sachsen, Sachsen-Anhalt, Schleswig-Holstein, Thüringen"),
        ("wochentag: Dienstag", "wochentag: Mittwoch", "gruppen[1].wochentag",
         "Wert „Mittwoch“ ist ungültig; erwartet: Dienstag, denn die erste Sitzung (Di., 4. März 2025) ist ein "
         "Dienstag"),
        ("wochentag: Dienstag", "wochentag: Dienstags", "gruppen[1].wochentag",
         "Wert „Dienstags“ ist ungültig; erwartet: ein Wochentag: Montag, Dienstag, Mittwoch, Donnerstag, Freitag, "
         "Samstag, Sonntag"),
        ("uhrzeit: 9:00\n  ohne", "uhrzeit: 9 Uhr\n  ohne", "gruppen[1].uhrzeit",
         "Wert „9 Uhr“ ist ungültig; erwartet: eine Uhrzeit wie 9:00 oder 17:30 (24 Stunden)"),
        ("uhrzeit: 9:00\n  ohne", "uhrzeit: 23:00\n  ohne", "gruppen[1].uhrzeit",
         "Wert „23:00“ ist ungültig; erwartet: eine Uhrzeit, zu der die Sitzung (90 Minuten) am selben Tag endet"),
        ("erste_sitzung: 2025-03-04", "erste_sitzung: 2025-02-30", "gruppen[1].erste_sitzung",
         "Wert „2025-02-30“ ist ungültig; erwartet: ein Datum, das es gibt (Tag und Monat prüfen)"),
        ("web: https://example.org/wir2", "web: http://example.org/wir2", "gruppen[1].kontakt.web",
         "Wert „http://example.org/wir2“ ist ungültig; erwartet: eine Webadresse, die mit https:// beginnt"),
        ("email: wir2@example.org", "email: wir2(at)example.org", "gruppen[1].kontakt.email",
         "Wert „wir2(at)example.org“ ist ungültig; erwartet: eine E-Mail-Adresse wie info@wir2-bindungstraining.de"),
        ("telefon: 0221 4710-123", "telefon: null-zwei-zwei-eins", "gruppen[1].kontakt.telefon",
         "Wert „null-zwei-zwei-eins“ ist ungültig; erwartet: eine Telefonnummer wie 05241 17949-14"),
        ("status: anmeldung-offen", "status: offen", "gruppen[1].status",
         "Wert „offen“ ist ungültig; erwartet: eines von: anmeldung-offen, laeuft, ausgebucht, beendet"),
        ("kinderbetreuung: true", "kinderbetreuung: ja", "gruppen[1].kinderbetreuung",
         "Wert „ja“ ist ungültig; erwartet: true oder false"),
        ("ohne_sitzung: [2025-04-15, 2025-04-22]", "ohne_sitzung: [2025-04-15, 2025-04-23]",
         "gruppen[1].ohne_sitzung[2]",
         "Wert „2025-04-23“ ist ungültig; erwartet: ein Dienstag wie die erste Sitzung "
         "(der 23.04.2025 ist ein Mittwoch)"),
        ("ohne_sitzung: [2025-04-15, 2025-04-22]", "ohne_sitzung: [2025-04-15, 2025-04-15]",
         "gruppen[1].ohne_sitzung[2]", "Wert „2025-04-15“ ist ungültig; erwartet: jedes Datum nur einmal"),
        ("ohne_sitzung: [2025-04-15, 2025-04-22]", "ohne_sitzung: [2025-03-04]", "gruppen[1].ohne_sitzung[1]",
         "Wert „2025-03-04“ ist ungültig; erwartet: ein Datum nach der ersten Sitzung (Di., 4. März 2025)"),
        ("ohne_sitzung: [2025-04-15, 2025-04-22]", "ohne_sitzung: [2025-12-30]", "gruppen[1].ohne_sitzung",
         "Wert „2025-12-30“ ist ungültig; erwartet: eine Woche bis zur letzten Sitzung (Di., 15. Juli 2025); "
         "danach fällt nichts aus"),
        ("    datum: 2025-02-25", "    datum: 2025-03-11", "gruppen[1].infotreffen.datum",
         "Wert „2025-03-11“ ist ungültig; erwartet: ein Datum bis zur ersten Sitzung (Di., 4. März 2025)"),
        ("    bis: 18:30", "    bis: 16:00", "gruppen[1].infotreffen.bis",
         "Wert „16:00“ ist ungültig; erwartet: eine Uhrzeit nach dem Beginn (17:00 Uhr)"),
        ("  sprachen: [Deutsch, Türkisch]", "  sprachen: []", "gruppen[1].sprachen",
         "Wert (eine Liste) ist ungültig; erwartet: eine oder mehrere Sprachen, z. B. [Deutsch, Türkisch]"),
    ],
)
def test_bad_values_are_reported_with_file_line_field_value_and_expectation(tmp_path, old, new, field, expected):
    assert old in EINE_GRUPPE
    text = EINE_GRUPPE.replace(old, new, 1)
    line = line_of(text, new.split("\n")[0].strip())
    assert messages(tmp_path, text) == [f"data/gruppen.yml:{line}: Feld „{field}“: {expected}"]


def test_typo_in_a_field_name_suggests_the_right_one(tmp_path):
    text = EINE_GRUPPE.replace("  status:", "  stauts:")
    assert messages(tmp_path, text) == [
        f"data/gruppen.yml:{line_of(text, 'stauts')}: Feld „gruppen[1].stauts“: unbekanntes Feld; erlaubt sind: "
        + ", ".join(models.FIELDS) + "; meinten Sie „status“?",
        "data/gruppen.yml:1: Feld „gruppen[1].status“: Pflichtfeld fehlt oder ist leer",
    ]


def test_contact_needs_phone_or_email(tmp_path):
    text = re.sub(r"    (telefon|email): .*\n", "", EINE_GRUPPE)
    assert messages(tmp_path, text) == [
        f"data/gruppen.yml:{line_of(text, '    name: Beispielperson')}: Feld „gruppen[1].kontakt“: weder Telefon "
        "noch E-Mail angegeben; erwartet: mindestens eines von beiden, damit Eltern die Gruppe erreichen"]


def test_two_groups_with_the_same_id(tmp_path):
    text = EINE_GRUPPE + EINE_GRUPPE
    second = [i for i, line in enumerate(text.splitlines(), 1) if "- id: beispiel-neuss-1" in line][1]
    assert messages(tmp_path, text) == [
        f"data/gruppen.yml:{second}: Feld „gruppen[2].id“: Kennung „beispiel-neuss-1“ steht schon in Zeile 1; "
        "erwartet: eine eigene Kennung"]


def test_all_problems_of_all_groups_at_once(tmp_path):
    second = EINE_GRUPPE.replace("beispiel-neuss-1", "beispiel-neuss-2").replace("plz: 41460", "plz: 414600")
    text = EINE_GRUPPE.replace("bundesland: Nordrhein-Westfalen", "bundesland: Nordrhein") + second
    found = messages(tmp_path, text)
    assert [m.split(":")[1] for m in found] == [str(line_of(text, "bundesland: Nordrhein")),
                                                str(line_of(text, "414600"))]
    assert "gruppen[1].bundesland" in found[0] and "gruppen[2].plz" in found[1]


@pytest.mark.parametrize("text, expected", [
    ("- 41460\n", "data/gruppen.yml:1: Feld „gruppen[1]“: Wert „41460“ ist ungültig; "
                  "erwartet: eine Gruppe von Feldern (Schlüssel: Wert)"),
    ("gruppe:\n  - id: x\n", "data/gruppen.yml:1: Wert (eine Gruppe von Feldern) ist ungültig; "
                              "erwartet: eine Liste (Einträge mit „- “ beginnen)"),
    ("- id: a\n  id: b\n", "data/gruppen.yml:2: Feld „id“: steht doppelt in derselben Liste/Gruppe (zuerst in "
                           "Zeile 1); jedes Feld nur einmal angeben"),
])
def test_broken_file_shapes(tmp_path, text, expected):
    assert messages(tmp_path, text) == [expected]


def test_an_empty_list_or_a_file_of_comments_means_no_groups(tmp_path):
    assert load_text(tmp_path, "# nichts\n[]\n").alle == ()
    assert load_text(tmp_path, "# nichts\n").alle == ()


def test_a_bad_group_stops_the_build_and_leaves_the_output_alone(tmp_path):
    project = make_project(tmp_path / "project", EINE_GRUPPE)
    out = tmp_path / "output"
    assert build_project(project, out).ok
    before = snapshot(out)
    path = project / "data" / "gruppen.yml"
    path.write_text(EINE_GRUPPE.replace("plz: 41460", "plz: 4146"), encoding="utf-8")
    result = build_project(project, out)
    assert not result.ok
    assert result.messages == ["data/gruppen.yml:5: Feld „gruppen[1].plz“: Wert „4146“ ist ungültig; "
                               "erwartet: eine Postleitzahl aus fünf Ziffern, z. B. 41460"]
    assert snapshot(out) == before


# --- parsers ----------------------------------------------------------------------------


def test_postcodes_keep_their_leading_zero(tmp_path):
    text = EINE_GRUPPE.replace("plz: 41460", "plz: 01067").replace("telefon: 0221 4710-123", "telefon: 0221471012")
    [gruppe] = load_text(tmp_path, text).alle
    assert gruppe.plz == "01067" and gruppe.kontakt.telefon == "0221471012"


@pytest.mark.parametrize("typed", ["Thüringen", "Thueringen", "thüringen", " Thüringen "])
def test_land_names_as_editors_type_them(typed):
    assert models.bundesland(typed).slug == "thueringen"


@pytest.mark.parametrize("typed, weekday", [("Dienstag", 1), ("di", 1), ("Di.", 1), ("SONNTAG", 6)])
def test_weekdays_as_editors_type_them(typed, weekday):
    assert models.wochentag(typed) == weekday


def test_status_as_editors_type_it():
    assert models.status("läuft").key == "laeuft" and models.status("Anmeldung offen").key == "anmeldung-offen"


def test_towns_sort_with_umlauts_and_get_unique_anchors(tmp_path):
    text = "".join(
        EINE_GRUPPE.replace("beispiel-neuss-1", f"g-{i}").replace("ort: Neuss", f"ort: {town}")
        for i, town in enumerate(["Zülpich", "Überlingen", "Ulm", "Frankfurt (Oder)", "Frankfurt Oder"])
    )
    [land] = load_text(tmp_path, text).mit_gruppen
    assert [o.name for o in land.orte] == ["Frankfurt (Oder)", "Frankfurt Oder", "Überlingen", "Ulm", "Zülpich"]
    assert [o.slug for o in land.orte] == ["frankfurt-oder", "frankfurt-oder-2", "ueberlingen", "ulm", "zuelpich"]


# --- the script -------------------------------------------------------------------------


def test_filter_script_stores_nothing_and_builds_no_html_from_strings():
    js = (ROOT / "theme" / "static" / "js" / "gruppen.js").read_text(encoding="utf-8")
    for forbidden in ("localStorage", "sessionStorage", "document.cookie", "indexedDB", "innerHTML",
                      "outerHTML", "insertAdjacentHTML", "eval(", "http://", "https://"):
        assert forbidden not in js, forbidden


def test_the_example_in_the_editor_guide_is_valid_and_means_what_the_guide_says(tmp_path):
    guide = (ROOT / "data" / "LIESMICH-gruppen.md").read_text(encoding="utf-8")
    example = guide.split("```yaml\n")[1].split("```")[0]
    [gruppe] = load_text(tmp_path, example).alle
    assert "vom 4. März bis zum 29. Juli 2025" in guide
    assert (gruppe.beginn, gruppe.ende, len(gruppe.sitzungen)) == (dt.date(2025, 3, 4), dt.date(2025, 7, 29), 20)
    assert gruppe.zeit_text == "dienstags 9:00–10:30 Uhr"
    assert "kontakt:" in example and "example.org" in example  # reserved, fictitious addresses only
    for field in models.FIELDS:
        assert f"| `{field}` |" in guide, field


def test_in_the_publish_build_each_group_offers_a_subscription_as_the_feeds_do(tmp_path):
    """webcal://, Google Kalender and Outlook.com for the group's own calendar (issue 11), and the
    download from the site's own address."""
    out = tmp_path / "output"
    result = publish_build(make_project(tmp_path / "project", EINE_GRUPPE), out, BUILD_DATE,
                           settings="publishconf.py", WIR2_REQUIRE_OPERATOR=False, WIR2_REQUIRE_HISTORY=False)
    assert result.ok, result.messages
    _, links = groups_on(out / "gruppen" / "nordrhein-westfalen" / "index.html")
    ics = "https://www.wir2-bindungstraining.de/gruppen/kalender/beispiel-neuss-1.ics"
    webcal = "webcal://www.wir2-bindungstraining.de/gruppen/kalender/beispiel-neuss-1.ics"
    found = links["gruppe-beispiel-neuss-1"]
    assert found[-4:-1] == [webcal, "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe=""),
                            "https://outlook.live.com/calendar/0/addfromweb?url=" + quote(ics, safe="")
                            + "&name=wir2-Gruppe%20Neuss"]
    assert found[-1] == ics
