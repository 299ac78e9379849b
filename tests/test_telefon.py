"""Phone numbers (issue 16, class 5): one rule wherever a number is read or dialled.

Every data file that has a phone number (kontakt.yml, betreiber.yml, gruppen.yml)
reads it with the same parser, and every ``tel:`` link – the pages' ``| tel``
filter, the theme, a group's contact – comes from the same function, so a number
either becomes the right RFC 3966 link (``tel:+4952411794914``) or stops the
build with a message that names file, line and field.  The text shown stays as
the editor wrote it (runs of blanks become one space).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.gruppen.projekt import EINE_GRUPPE
from helpers import ROOT, PagesAsBuilt, input_problems, parse, site_with, tree_text

KONTAKT = (ROOT / "data" / "kontakt.yml").read_text(encoding="utf-8")
BETREIBER = (ROOT / "data" / "betreiber.yml").read_text(encoding="utf-8")
REAL = "telefon: 05241 17949-14"
assert REAL in KONTAKT


def kontakt_with(number: str) -> str:
    return KONTAKT.replace(REAL, f"telefon: {number}", 1)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# (as written, shown as, link)
GOOD = [
    ("05241 17949-14", "05241 17949-14", "tel:+4952411794914"),
    ("(05241) 1794914", "(05241) 1794914", "tel:+4952411794914"),
    ("05241/17949-14", "05241/17949-14", "tel:+4952411794914"),
    ("+49 5241 17949-14", "+49 5241 17949-14", "tel:+4952411794914"),
    ("0049 5241 17949-14", "0049 5241 17949-14", "tel:+4952411794914"),
    ("+49 (0) 5241 17949-14", "+49 (0) 5241 17949-14", "tel:+4952411794914"),
    ("+49 (0)5241 1794914", "+49 (0)5241 1794914", "tel:+4952411794914"),
    ("+49(0)5241/17949-14", "+49(0)5241/17949-14", "tel:+4952411794914"),
    # Mobile numbers are national numbers like any other (a mobile-shaped example, not a known subscriber's).
    ("0171 2312500", "0171 2312500", "tel:+491712312500"),
    ("+49 171 2312500", "+49 171 2312500", "tel:+491712312500"),
    ("0800 111 0 550", "0800 111 0 550", "tel:+498001110550"),
    # Abroad: the country code decides, the digits follow as written.
    ("+43 1 23125-00", "+43 1 23125-00", "tel:+4312312500"),
    # Text pasted from a word processor: no-break spaces and dashes; blanks are tidied for display.
    ("05241\u00a017949\u201314", "05241 17949\u201314", "tel:+4952411794914"),
    ("05241   17949-14", "05241 17949-14", "tel:+4952411794914"),
]


@pytest.mark.parametrize("written, shown, link", GOOD)
def test_a_written_number_becomes_its_rfc3966_link_and_keeps_its_text(tmp_path, written, shown, link):
    site = site_with(tmp_path, files={"kontakt.yml": kontakt_with(written)})
    assert site.kontakt.telefon == shown
    assert site.kontakt.tel_uri == link


def test_the_pages_and_the_theme_link_the_number_as_the_data_layer_does(tmp_path):
    site = site_with(tmp_path, files={"kontakt.yml": kontakt_with("+49 (0) 5241 17949-14")})
    html = PagesAsBuilt(site).html("kontakt/")
    links = tree_text(html).links()
    assert "tel:+4952411794914" in links  # the page's own link and the footer's (base.html)
    assert not [link for link in links if link.startswith("tel:") and link != "tel:+4952411794914"], links
    assert "+49 (0) 5241 17949-14" in html


def test_a_groups_contact_is_linked_by_the_same_rule(tmp_path):
    gruppe = EINE_GRUPPE.replace("telefon: 0221 4710-123", "telefon: +49 (0) 221 4710-123")
    site = site_with(tmp_path, files={"gruppen.yml": gruppe})
    [g] = site.gruppen.alle
    assert g.kontakt.telefon == "+49 (0) 221 4710-123"
    assert g.kontakt.tel_uri == "tel:+492214710123"


def test_the_help_pages_short_numbers_keep_working(site):
    """116 016 has no international form: its link is the number as dialled in Germany."""
    links = parse(site / "hilfe" / "index.html").links
    assert "tel:116016" in links and "tel:+498001110550" in links


BASE = "eine Telefonnummer wie 05241 17949-14"
#: (as written, what „erwartet: …“ says)
BAD = [
    ("05241 17949 Durchwahl 14",
     "eine Telefonnummer wie 05241 17949-14: die Durchwahl mit Bindestrich angehängt, ohne „Durchwahl“, "
     "„App.“ oder „x“"),
    ("05241 17949 App. 14",
     "eine Telefonnummer wie 05241 17949-14: die Durchwahl mit Bindestrich angehängt, ohne „Durchwahl“, "
     "„App.“ oder „x“"),
    ("05241 17949 x14",
     "eine Telefonnummer wie 05241 17949-14: die Durchwahl mit Bindestrich angehängt, ohne „Durchwahl“, "
     "„App.“ oder „x“"),
    ("05241 17949, 14",
     "eine Telefonnummer wie 05241 17949-14 aus Ziffern, gegliedert nur mit Leerzeichen, Bindestrich, "
     "Schrägstrich oder Klammern"),
    ("05241 +17949-14",
     "ein „+“ nur ganz am Anfang, vor der Ländervorwahl, z. B. +49 5241 17949-14"),
    ("(05241 17949-14",
     "Klammern paarweise und nur um Ziffern, z. B. (05241) 17949-14 oder +49 (0) 5241 17949-14"),
    ("05241 17949-",
     "eine Telefonnummer, die mit einer Ziffer endet, z. B. 05241 17949-14 (fehlt die Durchwahl?)"),
    ("17949-14",
     "eine Telefonnummer mit Vorwahl, z. B. 05241 17949-14 oder +49 5241 17949-14"),
    ("+49 05241 17949-14",
     "nach +49 die Vorwahl ohne ihre 0, z. B. +49 5241 17949-14 oder +49 (0) 5241 17949-14"),
    ("0049 05241 17949-14",
     "nach +49 die Vorwahl ohne ihre 0, z. B. +49 5241 17949-14 oder +49 (0) 5241 17949-14"),
    ("+0 5241 17949-14",
     "nach „+“ oder „00“ eine Ländervorwahl, die nicht mit 0 beginnt, z. B. +49 5241 17949-14"),
    ("0524 1",
     "eine vollständige Telefonnummer aus Vorwahl und Rufnummer, z. B. 05241 17949-14"),
    ("05241 17949-14 0171 2312500",
     "höchstens 15 Ziffern samt Ländervorwahl (E.164), hier sind es 24; nur eine Nummer je Feld, "
     "z. B. 05241 17949-14"),
    ("bitte anrufen", BASE),
]


@pytest.mark.parametrize("written, expected", BAD)
def test_a_wrong_number_is_reported_with_file_line_field_and_an_example(tmp_path, written, expected):
    text = kontakt_with(written)
    problems = input_problems(tmp_path, files={"kontakt.yml": text})
    assert problems == [f"data/kontakt.yml:{line_of(text, 'telefon:')}: Feld „ansprechperson.telefon“: "
                        f"Wert „{written}“ ist ungültig; erwartet: {expected}"]


def test_digits_only_keep_their_plus_and_without_one_need_an_area_code(tmp_path):
    """``telefon: +4952411794914`` reaches the parser as typed (the loader keeps numbers' text); digits
    without a leading ``0`` or ``+`` have no area code."""
    site = site_with(tmp_path / "plus", files={"kontakt.yml": kontakt_with("+4952411794914")})
    assert (site.kontakt.telefon, site.kontakt.tel_uri) == ("+4952411794914", "tel:+4952411794914")
    text = kontakt_with("4952411794914")
    problems = input_problems(tmp_path / "bare", files={"kontakt.yml": text})
    assert problems == [
        f"data/kontakt.yml:{line_of(text, 'telefon:')}: Feld „ansprechperson.telefon“: Wert „4952411794914“ ist "
        "ungültig; erwartet: eine Telefonnummer mit Vorwahl, z. B. 05241 17949-14 oder +49 5241 17949-14"]


@pytest.mark.parametrize("name, text, needle, field", [
    ("betreiber.yml", BETREIBER.replace('telefon: ""', "telefon: 17949-14", 1), "telefon:", "telefon"),
    ("gruppen.yml", EINE_GRUPPE.replace("telefon: 0221 4710-123", "telefon: 17949-14"), "telefon:",
     "gruppen[1].kontakt.telefon"),
])
def test_every_data_file_with_a_phone_number_uses_the_same_rule(tmp_path, name, text, needle, field):
    problems = input_problems(tmp_path, files={name: text})
    assert problems == [f"data/{name}:{line_of(text, needle)}: Feld „{field}“: Wert „17949-14“ ist ungültig; "
                        "erwartet: eine Telefonnummer mit Vorwahl, z. B. 05241 17949-14 oder +49 5241 17949-14"]


def test_a_wrong_number_in_a_pages_tel_filter_names_the_page_and_line(tmp_path):
    page = ("---\ntitle: Probe\nsummary: Probe.\nslug: probe\n---\n\n"
            "Rufen Sie an: <a href=\"{{ '0800 WIR2' | tel }}\">0800 WIR2</a>\n")
    problems = input_problems(tmp_path, pages={"probe.md": page.encode("utf-8")})
    assert problems == ["content/pages/probe.md:7: Platzhalter {{ '0800 WIR2' | tel }}: Telefonnummer "
                        "„0800 WIR2“ ist ungültig; erwartet: eine Telefonnummer wie 05241 17949-14"]


def test_fixture_drama_numbers_stay_valid(tmp_path: Path):
    """The generated groups' numbers (Bundesnetzagentur's ranges for media productions) still load."""
    from fixtures.gruppen.generate import generate

    site = site_with(tmp_path, files={"gruppen.yml": generate(25)})
    assert all(g.kontakt.tel_uri and g.kontakt.tel_uri.startswith("tel:+49") for g in site.gruppen.alle)
