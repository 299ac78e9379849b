"""Languages (issue 15): translated parents' pages, lang/dir, hreflang, the language switcher, the sitemap,
the language files, and the check that translations still state their German original's facts.

The real site is built once (``site`` fixture); the checks of bad input use the data layer alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import ROOT, build_project, html_pages, input_problems, site_with, tree, tree_text
from wir2.load import uebersetzungen
from wir2.load.sprachen import load as load_sprachen
from wir2.problems import DataError

PUBLIC = "https://www.wir2-bindungstraining.de"
LANGUAGES = ("uk", "ar", "tr", "en", "ru", "fa")
ENDONYMS = {"de": "Deutsch", "uk": "Українська", "ar": "العربية", "tr": "Türkçe", "en": "English",
            "ru": "Русский", "fa": "فارسی"}


def alternates(page: Path) -> dict[str, str]:
    doc = tree(page)
    return {link.attrs["hreflang"]: link.attrs["href"] for link in doc.find_all("link", rel="alternate")
            if link.attrs.get("hreflang")}


def address(out: Path, page: Path, siteurl: str = "") -> str:
    rel = page.relative_to(out).as_posix()
    return siteurl + "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The real site with the live address as SITEURL: links and hreflang are absolute."""
    out = tmp_path_factory.mktemp("sprachen-live") / "output"
    result = build_project(ROOT, out, SITEURL=PUBLIC)
    assert result.ok, "\n".join(result.messages)
    return out


# --- the language files --------------------------------------------------------------------------

def test_every_language_has_its_file_and_its_translated_parents_page():
    sprachen = load_sprachen(ROOT / "data" / "sprachen", ROOT)
    assert sprachen.codes == ("de", *LANGUAGES)
    assert {s.code: s.name for s in sprachen} == ENDONYMS
    assert [s.code for s in sprachen if s.rtl] == ["ar", "fa"]
    for code in LANGUAGES:
        assert (ROOT / "content" / "pages" / code / "konzept.md").is_file(), code
        for block in ("texte", "finder", "flyer"):
            assert list(getattr(sprachen[code], block)) == list(getattr(sprachen.original, block)), (code, block)


@pytest.mark.parametrize("change, expected", [
    ({"sprachen/uk.yml": lambda t: t.replace("  sprache: Мова\n", "")},
     "data/sprachen/uk.yml:6: Feld „texte.sprache“: fehlt; erwartet: die Übersetzung des Textes „sprache“ aus de.yml"),
    ({"sprachen/uk.yml": lambda t: t.replace("  sprache: Мова\n", "  sprahce: Мова\n")},
     "data/sprachen/uk.yml:7: Feld „texte.sprahce“: unbekanntes Feld; erlaubt sind:"),
    ({"sprachen/ar.yml": lambda t: t.replace("richtung: rtl", "richtung: rechts")},
     "data/sprachen/ar.yml:3: Feld „richtung“: Wert „rechts“ ist ungültig; erwartet: ltr (von links nach rechts) "
     "oder rtl (von rechts nach links)"),
    ({"sprachen/fa.yml": lambda t: t.replace("reihenfolge: 6", "reihenfolge: 2")},
     "data/sprachen/fa.yml:4: Feld „reihenfolge“: 2 hat schon ar.yml; erwartet: eine eigene Zahl je Sprache"),
])
def test_a_wrong_language_file_is_one_message_with_file_line_and_field(tmp_path, change, expected):
    files = {name: edit((ROOT / "data" / name).read_text(encoding="utf-8")) for name, edit in change.items()}
    problems = input_problems(tmp_path, **{"files": files})
    assert any(p.startswith(expected) for p in problems), problems


def test_a_language_file_needs_a_code_as_its_name_and_german_beside_it(tmp_path):
    folder = tmp_path / "sprachen"
    folder.mkdir()
    (folder / "Ukrainisch.yml").write_text("name: x\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_sprachen(folder, tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "sprachen/Ukrainisch.yml: Dateiname ist kein Sprachcode; erwartet: zwei Kleinbuchstaben nach ISO 639-1 "
        "und .yml, z. B. uk.yml",
        "sprachen: de.yml fehlt; erwartet: die Texte auf Deutsch, nach denen sich jede andere Sprache richtet"]


# --- translated pages: what the loader accepts ---------------------------------------------------

TRANSLATION = "---\ntitle: Test\nsummary: Test.\nlang: en\n---\n\nText.\n"


@pytest.mark.parametrize("name, text, expected", [
    ("en/nirgends.md", TRANSLATION,
     "content/pages/en/nirgends.md:4: Feld „lang“: Übersetzung ohne deutsches Original; erwartet: eine Seite "
     "nirgends.md auf Deutsch mit demselben Dateinamen"),
    ("en/hilfe.md", TRANSLATION.replace("lang: en", "lang: xx"),
     "content/pages/en/hilfe.md:4: Feld „lang“: Wert „xx“ ist ungültig; erwartet: ein Sprachcode aus "
     "data/sprachen/ außer de: uk, ar, tr, en, ru, fa"),
    ("en/hilfe.md", TRANSLATION.replace("lang: en", "lang: en\nsection: alleinerziehende"),
     "content/pages/en/hilfe.md:5: Feld „section“: gilt nur für die deutsche Originalseite; erwartet: in der "
     "Übersetzung (en) kein Feld „section“ – Adresse und Navigation kommen vom Original"),
    ("en/konzept.md", TRANSLATION.replace("lang: en", "lang: uk"),
     "content/pages/uk/konzept.md:6: Feld „lang“: zweite Übersetzung (uk) von content/pages/konzept.md; erwartet: "
     "eine je Sprache (die erste: content/pages/en/konzept.md)"),
])
def test_a_translation_needs_its_original_and_nothing_of_its_own_address(tmp_path, name, text, expected):
    with pytest.raises(DataError) as caught:
        site_with(tmp_path, pages={name: text.encode()})
    assert any(expected in str(p) for p in caught.value.problems), [str(p) for p in caught.value.problems]


def test_a_translation_prints_numbers_as_digits_and_german_as_words(site):
    german = tree(site / "konzept" / "index.html").text
    english = tree(site / "en" / "konzept" / "index.html").text
    assert "Zwei geschulte Fachkräfte" in german
    assert re.search(r"\b2\b", english.split("wir2", 1)[-1])


# --- lang, dir, hreflang, the switcher, the sitemap ----------------------------------------------

def test_each_language_page_says_its_language_and_direction_and_marks_german_parts(site):
    for code in ("de", *LANGUAGES):
        page = site / ("" if code == "de" else code) / "konzept" / "index.html"
        doc = tree(page)
        [html] = doc.find_all("html")
        assert html.attrs["lang"] == code
        assert html.attrs["dir"] == ("rtl" if code in ("ar", "fa") else "ltr")
        if code != "de":
            # The navigation and the footer lead to German pages and are German: marked so.
            assert doc.find_all("footer")[0].attrs.get("lang") == "de"
            assert all(nav.attrs.get("lang") == "de" for nav in doc.find_all("nav", cls="main-nav"))
            notice = doc.find_all("p", cls="uebersetzung-hinweis")
            assert len(notice) == 1 and notice[0].find_all("a", href="/konzept/", hreflang="de")


def test_hreflang_sets_are_complete_reciprocal_and_absolute_in_the_publish_build(published):
    versions = {code: f"{PUBLIC}/{code}/konzept/" for code in LANGUAGES} | {"de": f"{PUBLIC}/konzept/"}
    expected = {**versions, "x-default": f"{PUBLIC}/konzept/"}
    for code, url in versions.items():
        page = published / url.removeprefix(PUBLIC + "/") / "index.html"
        assert alternates(page) == expected, code  # itself, every other version and x-default
    # A page without translations has no hreflang set at all (none would be complete).
    assert alternates(published / "impressum" / "index.html") == {}


def test_every_page_has_the_switcher_with_every_language_named_in_itself(site):
    for page in html_pages(site):
        doc = tree(page)
        switcher = doc.find_all("details", cls="sprachwahl")
        assert len(switcher) == 1, page
        links = switcher[0].find_all("a")
        assert {a.attrs["lang"]: a.text for a in links} == ENDONYMS, page
        for a in links:
            assert a.attrs["hreflang"] == a.attrs["lang"]
    # From a translation, every entry leads to that page's version; German to the original.
    doc = tree(site / "ar" / "konzept" / "index.html")
    links = {a.attrs["lang"]: a.attrs["href"] for a in doc.find_all("details", cls="sprachwahl")[0].find_all("a")}
    assert links == {"de": "/konzept/", **{code: f"/{code}/konzept/" for code in LANGUAGES}}
    current = [a for a in doc.find_all("a") if a.attrs.get("aria-current") == "page" and a.attrs.get("lang")]
    assert [a.attrs["lang"] for a in current] == ["ar"]


def test_the_sitemap_lists_the_same_alternates_as_the_pages(published):
    sitemap = (published / "sitemap.xml").read_text(encoding="utf-8")
    for code in ("de", *LANGUAGES):
        loc = f"{PUBLIC}/konzept/" if code == "de" else f"{PUBLIC}/{code}/konzept/"
        entry = sitemap.split(f"<loc>{loc}</loc>", 1)[1].split("</url>", 1)[0]
        found = dict(re.findall(r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/>', entry))
        assert found == alternates(published / loc.removeprefix(PUBLIC + "/") / "index.html"), code


# --- translations keep the original's facts ------------------------------------------------------

def test_the_translations_state_the_facts_of_their_german_original():
    from helpers import inputs_of
    from wir2.load import load_site
    site = load_site(inputs_of(ROOT))
    assert uebersetzungen.check(site.pages) == []
    assert not [w for w in site.warnings if "Übersetzung (" in w]


@pytest.mark.parametrize("edit, missing", [
    (lambda t: t.replace("[{{ kontakt.email }}](mailto:{{ kontakt.email }})", "[{{ kontakt.email }}]"
                         "(mailto:{{ kontakt.email }}), [Hilfe]({{ SITEURL }}/hilfe/)"),
     "Link nur im Original: {{SITEURL}}/hilfe/"),
    (lambda t: t.replace("jeweils für {{ programm.minuten_je_sitzung }} Minuten", "jeweils für 120 Minuten"),
     "Platzhalter nur in der Übersetzung: {{ programm.minuten_je_sitzung }}; Zahl nur im Original: 120"),
    (lambda t: t.replace("({{ kontakt.name }}, {{ kontakt.funktion }})", ""),
     "Platzhalter nur in der Übersetzung: {{ kontakt.funktion }}, {{ kontakt.name }}"),
])
def test_a_german_fact_changed_alone_names_every_translation_to_review(tmp_path, edit, missing):
    original = (ROOT / "content" / "pages" / "konzept.md").read_text(encoding="utf-8")
    changed = edit(original)
    assert changed != original
    site = site_with(tmp_path, pages={"konzept.md": changed.encode()})
    warnings = [w for w in site.warnings if "Übersetzung (" in w]
    assert [w.split(":", 1)[0] for w in warnings] == [f"content/pages/{c}/konzept.md" for c in sorted(LANGUAGES)]
    assert all(missing in w and "sagt nicht mehr dasselbe wie content/pages/konzept.md" in w for w in warnings)


def test_the_word_wir2_and_list_numbers_are_no_facts():
    from wir2.model.pages import Page
    page = Page(source=Path("x.md"), name="x", title="wir2@home", summary="wir2", slug="x",
                body="1. **Eins** und 3 Tage\n2. wir2Reha {: #a1 } [x]({{ SITEURL }}/a/){: hreflang=\"de\" }",
                body_line=1, address="x/", output_file="x/index.html")
    found = uebersetzungen.facts(page)
    assert dict(found.zahlen) == {"3": 1}
    assert dict(found.links) == {"{{SITEURL}}/a/": 1}
    assert dict(found.platzhalter) == {"SITEURL": 1}


def test_the_notice_says_no_native_speaker_checked_it_until_the_date_is_set(tmp_path):
    from helpers import PagesAsBuilt

    page = (ROOT / "content" / "pages" / "uk" / "konzept.md").read_text(encoding="utf-8")
    unchecked = "ще не перевірила жодна людина"
    assert unchecked in (ROOT / "data" / "sprachen" / "uk.yml").read_text(encoding="utf-8")
    before = tree_text(PagesAsBuilt(site_with(tmp_path / "a")).html("uk/konzept/"))
    [notice] = before.find_all("p", cls="uebersetzung-hinweis")
    assert unchecked in notice.text
    checked = page.replace("lang: uk\n", "lang: uk\nuebersetzung_geprueft: 2026-12-01\n")
    after = tree_text(PagesAsBuilt(site_with(tmp_path / "b", pages={"uk/konzept.md": checked.encode()}))
                      .html("uk/konzept/"))
    [notice] = after.find_all("p", cls="uebersetzung-hinweis")
    assert unchecked not in notice.text and "Ця сторінка" in notice.text
