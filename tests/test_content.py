"""The content pages: every page of the page table, the cost figures and the legal pages.

Figures on the pages must come from ``data/``; these tests read the YAML
themselves (``yaml.safe_load``) rather than through the site's loader, so a
page that shows a figure other than the data file's fails here.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from helpers import ROOT, build_project, parse
from wir2 import german
from wir2.model.facts import OPERATOR_FIELDS

PAGES = ["", "konzept/", "module/", "wirksamkeit/", "kooperation/", "gruppenleitung/", "kontakt/", "hilfe/",
         "leichte-sprache/", "impressum/", "datenschutz/", "barrierefreiheit/"]
OWN_PAGES = sorted(p for p in (ROOT / "content" / "pages").glob("*.md") if p.name not in {"termine.md", "gruppen.md"})
MARKER = "noch einzutragen"


def html_file(out: Path, url: str) -> Path:
    return out / url / "index.html"


def kosten_yaml() -> dict:
    return yaml.safe_load((ROOT / "data" / "kosten.yml").read_text(encoding="utf-8"))


def amount(text: str) -> int:
    """``ca. 47.100 €`` → ``47100``."""
    digits = re.sub(r"[^0-9]", "", text)
    assert digits, f"kein Betrag in {text!r}"
    return int(digits)


class _Tables(HTMLParser):
    """Collects ``table id → rows``; a row is ``(row header text, [cell texts], amount cell text)``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[tuple[str, list[str], str | None]]] = {}
        self.captions: dict[str, str] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._cell_tag = ""
        self._cell_num = False
        self._row: list[tuple[str, str, bool]] = []
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self._table = a.get("id", "")
            self.tables[self._table] = []
            self.captions[self._table] = ""
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td"):
            self._cell, self._cell_tag = [], tag
            self._cell_num = "num" in (a.get("class") or "").split()
            if tag == "th" and self._table is not None:
                assert a.get("scope") in ("row", "col"), f"<th> ohne scope in Tabelle {self._table}"

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td") and self._cell is not None:
            self._row.append((self._cell_tag, " ".join("".join(self._cell).split()), self._cell_num))
            self._cell = None
        elif tag == "tr" and self._table is not None:
            header = next((text for t, text, _ in self._row if t == "th"), "")
            cells = [text for t, text, _ in self._row if t == "td"]
            num = next((text for t, text, is_num in self._row if is_num and t == "td"), None)
            self.tables[self._table].append((header, cells, num))
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._in_caption and self._table is not None:
            self.captions[self._table] += data


def tables(path: Path) -> _Tables:
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# --- every page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
def test_page_exists_with_one_h1_title_description_and_canonical(site, url):
    path = html_file(site, url)
    assert path.is_file(), f"/{url} fehlt"
    page = parse(path)
    assert page.h1 == 1
    assert page.title.strip() and "–" in page.title
    assert len(page.meta.get("description", "").strip()) > 20
    assert page.canonical == f"/{url}"


def test_home_page_leads_to_every_audience(site):
    links = parse(html_file(site, "")).links
    for target in ("/konzept/", "/gruppen/", "/kooperation/", "/gruppenleitung/"):
        assert target in links, target
    assert "<title>Bindungstraining für Alleinerziehende – wir2</title>" in html_file(site, "").read_text("utf-8")


def test_no_page_body_writes_its_own_h1_heading():
    for md in OWN_PAGES:
        body = md.read_text(encoding="utf-8").split("\n\n", 1)[1]
        assert not re.search(r"^# ", body, re.M), md.name


@pytest.mark.parametrize("word", ["Risikogruppe", "Problemfamilie", "defizit"])
def test_tone_is_resource_oriented(site, word):
    for url in PAGES:
        assert word.lower() not in html_file(site, url).read_text(encoding="utf-8").lower(), url


# --- costs -----------------------------------------------------------------------------------------


def test_cost_table_shows_the_amounts_of_kosten_yml(site):
    data = kosten_yaml()
    rows = tables(html_file(site, "kooperation/")).tables["kosten-posten"]
    shown = {header: amount(num) for header, _, num in rows if num is not None and header}
    fees = ("schulung", "supervisionstag", "kooperationsgebuehr")
    expected = {data[k]["bezeichnung"]: data[k]["betrag"] for k in fees}
    assert shown == expected
    for header, cells, _ in rows:
        if header in expected:
            key = next(k for k in data if isinstance(data[k], dict) and data[k].get("bezeichnung") == header)
            einheit = data[key]["einheit"]
            if "alle_jahre" in data[key]:  # the interval is written once, as a number
                einheit += f", alle {german.number_word(data[key]['alle_jahre'])} Jahre"
            assert einheit in cells


def test_programme_costs_are_computed_from_kosten_yml_and_stay_apart_from_the_town_example(site):
    data = kosten_yaml()
    n, years = data["mindestens_geschulte_personen"], data["supervisionstag"]["alle_jahre"]
    parts = [n * data["schulung"]["betrag"], n * data["supervisionstag"]["betrag"],
             years * data["kooperationsgebuehr"]["betrag"]]
    parsed = tables(html_file(site, "kooperation/"))
    rows = parsed.tables["kosten-programm"]
    amounts = [amount(num) for header, _, num in rows if num is not None]
    assert amounts == [*parts, sum(parts)]
    assert "zwei Jahre" in parsed.captions["kosten-programm"].replace("\u00a0", " ")
    # The town's figures are cited as its example (town, year, source), never added to the fees.
    text = html_file(site, "kooperation/").read_text(encoding="utf-8").replace("\u00a0", " ")
    example = data["beispiel_kommune"]
    assert f"Ein Beispiel: {example['ort']} {example['jahr']}" in text
    assert example["quelle"] in text
    assert "ca. 15.000 €" in text and "10.000 €" in text
    assert "keine Preise des Programms" in text
    for gone in ("Gesamt", "Rechenbeispiel", "Mindestlaufzeit", "mindestens 3 Jahre angelegt"):
        assert gone not in text
    assert all(amount(num) < example["gruppenkosten_pro_jahr"] for header, _, num in rows if num is not None)


def test_group_leader_page_shows_the_fees_of_kosten_yml(site):
    data = kosten_yaml()
    text = html_file(site, "gruppenleitung/").read_text(encoding="utf-8")
    for key in ("schulung", "supervisionstag"):
        assert f"{data[key]['betrag']:,}".replace(",", ".") + "\u00a0€" in text


def _literal_amounts() -> set[int]:
    data = kosten_yaml()
    example = data["beispiel_kommune"]
    return {data[k]["betrag"] for k in ("schulung", "supervisionstag", "kooperationsgebuehr")} | {
        example["gruppenkosten_pro_jahr"], example["mitfinanzierung_erstes_jahr"]}


def literal_amounts(text: str) -> list[str]:
    """Cost amounts typed into a page source instead of taken from data/kosten.yml."""
    found = re.findall(r"\d[\d.]*\s*(?:€|Euro\b|EUR\b)|€\s*\d+", text)
    for value in _literal_amounts():
        for written in {str(value), f"{value:,}".replace(",", ".")}:
            found += re.findall(rf"(?<![\d.,/-]){re.escape(written)}(?![\d.,])", text)
    return found


@pytest.mark.parametrize("md", OWN_PAGES, ids=lambda p: p.name)
def test_no_literal_cost_amount_in_page_sources(md):
    assert literal_amounts(md.read_text(encoding="utf-8")) == []


def test_the_literal_check_finds_typed_amounts():
    assert literal_amounts("Gebühr: 25 € pro Jahr") and literal_amounts("ca. 1.250 Euro") and literal_amounts("€ 80")
    for value in _literal_amounts():
        assert literal_amounts(f"Die Schulung kostet {value} pro Person."), value
        assert literal_amounts(f"rund {value:,} jährlich".replace(",", ".")), value
    assert not literal_amounts("kostet {{ kosten.schulung.betrag | euro }} pro Person, 20 Sitzungen")


# --- evidence ------------------------------------------------------------------------------------


def test_studies_are_cited_with_doi_links_and_children_results_stay_hints(site):
    html = html_file(site, "wirksamkeit/").read_text(encoding="utf-8")
    links = parse(html_file(site, "wirksamkeit/")).links
    for doi in ("10.1007/s10389-011-0396-4", "10.1007/s10389-013-0605-4", "10.1026/0942-5403/a000013"):
        assert f"https://doi.org/{doi}" in links
    programm = yaml.safe_load((ROOT / "data" / "programm.yml").read_text(encoding="utf-8"))
    assert programm["gruene_liste"]["stufe"] in html
    assert "Hinweise" in html and "nur Mütter" in html
    kiente = next(li for li in re.findall(r"<li>.*?</li>", html, re.S) if "Kindheit und Entwicklung" in li)
    assert not re.search(r"\((19|20)\d\d\)", kiente), "Jahr der Studie ist nicht belegt"


# --- operator details ------------------------------------------------------------------------------

EMPTY_OPERATOR = "\n".join(f"{k}: ~" for k in OPERATOR_FIELDS) + "\n"
FILLED_OPERATOR = {
    "name": "Beispiel-Stiftung",
    "strasse": "Musterstraße 1",
    "plz_ort": "12345 Musterstadt",
    "vertreten_durch": "Erika Mustermann (Vorstand)",
    "email": "kontakt@example.org",
    "telefon": "0211 1234567",
    "umsatzsteuer_id": "DE999999999",
    "datenschutz_kontakt": "datenschutz@example.org",
    "hoster": "Beispiel Hosting GmbH, Musterstadt",
    "email_anbieter": "Beispiel Mail AG, Musterstadt",
    "log_speicherdauer": "7 Tagen",
}


def test_legal_pages_mark_missing_operator_details(project_copy, tmp_path):
    (project_copy / "data" / "betreiber.yml").write_text(EMPTY_OPERATOR, encoding="utf-8")
    result = build_project(project_copy, tmp_path / "out")
    assert result.ok, result.messages
    impressum = html_file(tmp_path / "out", "impressum/").read_text(encoding="utf-8")
    for label in ("Name", "Straße und Hausnummer", "Postleitzahl und Ort", "vertretungsberechtigte Person",
                  "E-Mail-Adresse", "Telefonnummer"):
        assert f"[{label}: {MARKER}]" in impressum, label
    assert "Umsatzsteuer" not in impressum and "Registereintrag" not in impressum
    datenschutz = html_file(tmp_path / "out", "datenschutz/").read_text(encoding="utf-8")
    assert f"[Hoster: {MARKER}]" in datenschutz


def test_legal_pages_show_filled_operator_details(project_copy, tmp_path):
    (project_copy / "data" / "betreiber.yml").write_text(
        yaml.safe_dump(FILLED_OPERATOR, allow_unicode=True), encoding="utf-8")
    result = build_project(project_copy, tmp_path / "out")
    assert result.ok, result.messages
    impressum = html_file(tmp_path / "out", "impressum/").read_text(encoding="utf-8")
    assert MARKER not in impressum
    for key in ("name", "strasse", "plz_ort", "vertreten_durch", "email", "telefon", "umsatzsteuer_id"):
        assert FILLED_OPERATOR[key] in impressum, key
    links = parse(html_file(tmp_path / "out", "impressum/")).links
    assert "mailto:kontakt@example.org" in links and "tel:+492111234567" in links
    assert "Registereintrag" not in impressum and "Aufsichtsbehörde" not in impressum
    datenschutz = html_file(tmp_path / "out", "datenschutz/").read_text(encoding="utf-8")
    assert MARKER not in datenschutz
    assert FILLED_OPERATOR["hoster"] in datenschutz and "mailto:datenschutz@example.org" in datenschutz
    assert FILLED_OPERATOR["email_anbieter"] in datenschutz
    assert "gelöscht" in datenschutz and "nach 7\u00a0Tagen gelöscht" in datenschutz
    # What depends on the operator is said only when it is known.
    assert "Rechtsform" not in impressum and "Schlichtung" not in html_file(
        tmp_path / "out", "barrierefreiheit/").read_text(encoding="utf-8")


def test_operator_facts_appear_only_when_filled_in(project_copy, tmp_path):
    filled = dict(FILLED_OPERATOR, rechtsform="rechtsfähige Stiftung des bürgerlichen Rechts",
                  schlichtungsstelle="Schlichtungsstelle nach § 16 BGG",
                  schlichtungsstelle_url="https://www.schlichtungsstelle-bgg.de")
    (project_copy / "data" / "betreiber.yml").write_text(yaml.safe_dump(filled, allow_unicode=True),
                                                          encoding="utf-8")
    result = build_project(project_copy, tmp_path / "out")
    assert result.ok, result.messages
    impressum = html_file(tmp_path / "out", "impressum/").read_text(encoding="utf-8")
    assert "Beispiel-Stiftung, rechtsfähige Stiftung des bürgerlichen Rechts" in impressum
    statement = parse(html_file(tmp_path / "out", "barrierefreiheit/"))
    assert "https://www.schlichtungsstelle-bgg.de" in statement.links
    assert "Schlichtungsverfahren" in statement.path.read_text(encoding="utf-8")


# --- contact, help, accessibility ----------------------------------------------------------------


def test_contact_page_uses_kontakt_yml(site):
    data = yaml.safe_load((ROOT / "data" / "kontakt.yml").read_text(encoding="utf-8"))
    page = parse(html_file(site, "kontakt/"))
    html = page.path.read_text(encoding="utf-8")
    assert f"mailto:{data['email']}" in page.links
    assert "tel:+49" + re.sub(r"\D", "", data["ansprechperson"]["telefon"])[1:] in page.links
    for standort in data["standorte"]:
        assert standort["einrichtung"] in html and standort["aufgaben"] in html


def test_help_page_links_phone_numbers(site):
    links = parse(html_file(site, "hilfe/")).links
    assert "tel:+498001110550" in links and "tel:116016" in links


def test_accessibility_statement_names_feedback_and_enforcement(site):
    page = parse(html_file(site, "barrierefreiheit/"))
    html = page.path.read_text(encoding="utf-8")
    data = yaml.safe_load((ROOT / "data" / "kontakt.yml").read_text(encoding="utf-8"))
    assert f"mailto:{data['email']}" in page.links
    # Whether the conciliation body of § 16 BGG is competent depends on the operator (not known yet).
    assert "https://www.schlichtungsstelle-bgg.de" not in page.links and "Schlichtung" not in html
    assert "WCAG" in html and "BITV 2.0" in html
    # The statement carries the date it was written, not the build date (the site is rebuilt daily; the build
    # date is only in the footer's print line, which says when the page was printed from).
    statement = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "erstellt" in statement and "15. Januar 2025" not in statement
