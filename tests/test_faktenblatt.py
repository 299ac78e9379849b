"""The PDF fact sheet: content from data/, accessibility, size, determinism, clean failures.

Expected values are read from data/ with plain PyYAML and formatted here, not
through the site's own models, so a mistake there cannot hide itself.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from helpers import ROOT, SITE_BUILD_DATE, build_project
from wir2 import german
from wir2.render.factsheet import TERMINE_JE_ART, is_deprecation_notice

PDF = Path("downloads/wir2-faktenblatt.pdf")
HREF = "/" + PDF.as_posix()
MAX_BYTES = 300 * 1024
MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember")


def data(name: str) -> dict:
    return yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))


def euro(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " €"


def flat(text: str) -> str:
    """Extracted text with every run of white space (incl. no-break spaces) as one space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def pdf_text(reader: PdfReader) -> str:
    return flat(" ".join(page.extract_text() for page in reader.pages))


@pytest.fixture(scope="module")
def pdf_path(site) -> Path:
    return site / PDF


@pytest.fixture(scope="module")
def reader(pdf_path) -> PdfReader:
    return PdfReader(pdf_path)


@pytest.fixture(scope="module")
def text(reader) -> str:
    return pdf_text(reader)


# --- content -------------------------------------------------------------------------------


def test_costs_are_the_figures_in_data(text):
    kosten = data("kosten.yml")
    for key in ("schulung", "supervisionstag", "kooperationsgebuehr"):
        posten = kosten[key]
        einheit = posten["einheit"] + (f", alle {german.number_word(posten['alle_jahre'])} Jahre"
                                       if "alle_jahre" in posten else "")
        row = f"{posten['bezeichnung']} {euro(posten['betrag'])} {einheit}"
        assert row in text, f"Zeile fehlt: {row}"
    n, years = kosten["mindestens_geschulte_personen"], kosten["supervisionstag"]["alle_jahre"]
    total = n * kosten["schulung"]["betrag"] + n * kosten["supervisionstag"]["betrag"] + \
        years * kosten["kooperationsgebuehr"]["betrag"]
    assert f"Programmkosten der ersten {german.number_word(years)} Jahre bei {german.number_word(n)} Fachkräften " \
           f"{euro(total)}" in text
    # The town's estimate is cited as its example, with town, year and source – not as a price.
    example = kosten["beispiel_kommune"]
    assert f"Ein Beispiel, keine Preisangabe des Programms: {example['ort']} schätzte {example['jahr']}" in text
    assert "ca. " + euro(example["gruppenkosten_pro_jahr"]) + " im Jahr" in text and example["quelle"] in text


def test_prerequisites_and_the_certification_path_for_group_leaders(text):
    assert "Gruppenleitung: Voraussetzungen und Zertifizierung" in text
    for part in ("mehrjährige Berufserfahrung", "Grundkenntnisse der Entwicklungspsychologie",
                 "Kindern zwischen drei und zehn Jahren", "dreitägige Schulung", "eigene wir2-Gruppe",
                 "innerhalb von zwei Jahren nach der Schulung ein Supervisionstag"):
        assert part in text, part


def test_costs_are_on_the_first_page(reader):
    first = flat(reader.pages[0].extract_text())
    assert "Kosten des Programms" in first and "Programmkosten der ersten" in first


def test_programme_format_modules_and_evidence(text):
    programm = data("programm.yml")
    sessions = f"{programm['sitzungen']} wöchentliche Gruppensitzungen zu je {programm['minuten_je_sitzung']} Minuten"
    assert sessions in text
    assert "Kostenlos für die Teilnehmenden" in text and "Kinderbetreuung" in text
    assert f"Kindern bis {german.number_word(programm['kinder_bis_jahre'])} Jahre" in text
    positions = [text.find(m["titel"]) for m in programm["module"]]
    assert -1 not in positions and positions == sorted(positions), "Module fehlen oder in falscher Reihenfolge"
    rating = programm["gruene_liste"]["stufe"]
    assert f"Grüne Liste Prävention führt wir2 mit der Stufe „{rating}“" in text
    # Only what lasted is said to have lasted (Weihrauch 2014): some aspects of emotional competence did not.
    assert "einige Aspekte der emotionalen Kompetenz verbesserten sich nur kurzfristig" in text
    assert "auch noch bei der Nachuntersuchung" not in text
    assert "randomisierten kontrollierten Studien mit alleinerziehenden Müttern" in text
    assert "heilt" not in text and "garantiert" not in text


def test_contact_address_and_qr_code(reader, text):
    kontakt = data("kontakt.yml")
    person = kontakt["ansprechperson"]
    for value in (kontakt["email"], person["name"], person["funktion"], person["telefon"]):
        assert value in text
    for standort in kontakt["standorte"]:
        assert standort["einrichtung"] in text and standort["ort"] in text
    assert "www.wir2-bindungstraining.de" in text
    figures = [n for n in structure(reader) if n.get("/S") == "/Figure"]
    assert [str(f.get("/Alt")) for f in figures] == ["QR-Code zur Website www.wir2-bindungstraining.de"]
    uris = {a.get_object()["/A"].get("/URI") for page in reader.pages for a in page.get("/Annots", [])}
    assert "https://www.wir2-bindungstraining.de/" in uris


WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
LISTED_KINDS = ("infoveranstaltung", "schulung")


def german_day(d: dt.date, month: bool = True, year: bool = True) -> str:
    return f"{WEEKDAYS[d.weekday()]}., {d.day}." + (f" {MONTHS[d.month - 1]}" if month else "") + (
        f" {d.year}" if year else "")


def expected_dates(build_date: dt.date) -> dict[str, tuple[str, list[str]]]:
    """Per listed kind: its plural name and the upcoming lines, straight from data/termine.yml.

    Read with the BaseLoader (every value a string), so „9:00“ is not YAML 1.1's sexagesimal 540.
    """
    raw = yaml.load((ROOT / "data" / "termine.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    names = {a["id"]: a["name_plural"] for a in raw["arten"]}
    result = {}
    for kind in LISTED_KINDS:
        events = []
        for e in raw["termine"]:
            if e["art"] != kind or e["beginn"] == "offen":
                continue
            start = dt.date.fromisoformat(e["beginn"])
            end = dt.date.fromisoformat(e["ende"]) if e.get("ende") else start
            if end < build_date:
                continue
            if end == start:
                when = german_day(start)
            elif (start.year, start.month) == (end.year, end.month):
                when = f"{german_day(start, month=False, year=False)} – {german_day(end)}"
            elif start.year == end.year:
                when = f"{german_day(start, year=False)} – {german_day(end)}"
            else:
                when = f"{german_day(start)} – {german_day(end)}"
            if e.get("von"):
                when += f", {e['von']}–{e['bis']} Uhr" if e.get("bis") else f", {e['von']} Uhr"
            online = e.get("online") == "true"
            place = f"{e['ort']} und online" if online and e.get("ort") else "Online" if online else e["ort"]
            events.append(((start, e.get("von", "")), f"{when} – {place}"))
        result[kind] = (names[kind], [line for _, line in sorted(events)][:TERMINE_JE_ART])
    return result


def assert_dates_listed(text: str, build_date: dt.date) -> None:
    section = text[text.index("Nächste Termine"):text.index("Alle Termine mit Anmeldung")]
    position = 0
    for name, lines in expected_dates(build_date).values():
        position = section.index(name, position)
        for line in lines:
            found = section.find(line, position)
            assert found >= 0, f"fehlt oder falsche Reihenfolge unter {name}: {line}\n{section}"
            position = found + len(line)
    for _, lines in expected_dates(build_date).values():
        for line in lines:
            section = section.replace(line, "", 1)
    assert not re.search(r"\b(?:Mo|Di|Mi|Do|Fr|Sa|So)\., \d", section), f"Termin zu viel: {section}"


def test_upcoming_dates_as_of_the_build_date_exactly_as_in_data(text):
    kinds = expected_dates(SITE_BUILD_DATE)
    assert all(lines for _, lines in kinds.values()), "the real data should list dates of both kinds"
    assert_dates_listed(text, SITE_BUILD_DATE)


def test_dates_follow_the_build_date(project_copy, tmp_path):
    """A training that has begun but not ended is still listed; past ones and other kinds are not."""
    build_date = dt.date(2025, 5, 9)
    out = tmp_path / "output"
    result = build_project(project_copy, out, build_date)
    assert result.ok, result.messages
    text = pdf_text(PdfReader(out / PDF))
    assert_dates_listed(text, build_date)
    assert "Do., 8. – Sa., 10. Mai 2025 – Neuss" in text and "6. Mai 2025" not in text
    assert "Stand: 9. Mai 2025" in text


def test_german_characters_come_out_as_written(text):
    for word in ("Alleinerziehende", "Mütter", "Väter", "Gruppengröße", "Bedürfnisse", "„Effektivität nachgewiesen“",
                 "€", "Balance herstellen – Bindung aufbauen"):
        assert word in text, word


# --- form ------------------------------------------------------------------------------------


def test_one_or_two_a4_pages(reader):
    assert 1 <= len(reader.pages) <= 2
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.28) < 1 and abs(height - 841.89) < 1


def test_only_the_self_hosted_font_and_it_is_embedded(reader):
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            assert "/ToUnicode" in font, "ohne ToUnicode ist der Text nicht durchsuchbar"
    assert names and all("Noto-Sans" in n for n in names), names


def test_metadata_language_title_author_subject_dates(reader):
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "de"
    meta = reader.metadata
    assert meta.title == "Faktenblatt: " + data("programm.yml")["name"]
    assert meta.author and meta.subject and "Stand:" in meta.subject
    stamp = SITE_BUILD_DATE.strftime("D:%Y%m%d")
    assert meta["/CreationDate"] == stamp and meta["/ModDate"] == stamp
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]


def test_tagged_pdf_ua_with_outline(reader):
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    tags = [n.get("/S") for n in structure(reader)]
    assert tags.count("/H1") == 1 and tags.count("/H2") >= 5 and "/Table" in tags and "/L" in tags
    [h1, h2s] = reader.outline
    assert h1.title == data("programm.yml")["name"]
    titles = [h.title for h in h2s if not isinstance(h, list)]
    for heading in ("Die vier Module", "Wirksamkeit", "Für Kooperationspartner: Aufgaben und Kosten",
                    "Nächste Termine", "Kontakt"):
        assert heading in titles


def test_size_within_budget(pdf_path):
    assert pdf_path.stat().st_size <= MAX_BYTES


# --- link on the pages -----------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href") == HREF:
            self._inside = True
            self.texts.append("")

    def handle_endtag(self, tag):
        if tag == "a":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.texts[-1] += data


@pytest.mark.parametrize("page", ["index.html", "kooperation/index.html", "gruppenleitung/index.html"])
def test_pages_link_the_sheet_with_its_real_size(site, pdf_path, page):
    parser = _Links()
    parser.feed((site / page).read_text(encoding="utf-8"))
    kb = round(pdf_path.stat().st_size / 1024)
    assert parser.texts == [f"Faktenblatt herunterladen (PDF, {kb}\u00a0KB)"]


# --- one source of truth, determinism, failures ------------------------------------------------


def test_a_changed_fee_reaches_sheet_and_link(project_copy, tmp_path):
    path = project_copy / "data" / "kosten.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("betrag: 700", "betrag: 750", 1), encoding="utf-8")
    out = tmp_path / "output"
    result = build_project(project_copy, out)
    assert result.ok, result.messages
    text = pdf_text(PdfReader(out / PDF))
    assert "Gruppenleiterschulung 750 €" in text and "700 €" not in text
    parser = _Links()
    parser.feed((out / "kooperation" / "index.html").read_text(encoding="utf-8"))
    assert parser.texts == [f"Faktenblatt herunterladen (PDF, {round((out / PDF).stat().st_size / 1024)}\u00a0KB)"]


def _build_in_subprocess(out: Path, env: dict[str, str], cache: Path | None = None) -> subprocess.CompletedProcess:
    """A build in a process of its own, with an empty fact-sheet cache unless ``cache`` is given."""
    cache = cache or out.with_name(out.name + "-cache")
    return subprocess.run(
        [sys.executable, "-m", "wir2.build", "--settings", str(ROOT / "pelicanconf.py"), "--output", str(out)],
        cwd=ROOT / "plugins", env={**os.environ, "WIR2_BUILD_DATE": SITE_BUILD_DATE.isoformat(),
                                   "WIR2_CACHE_PATH": str(cache), **env},
        capture_output=True, text=True, timeout=300,
    )


def test_a_second_build_in_another_process_gives_identical_bytes(pdf_path, tmp_path):
    out = tmp_path / "output"
    run = _build_in_subprocess(out, {"PYTHONHASHSEED": "4711"})
    assert run.returncode == 0, run.stderr
    assert (out / PDF).read_bytes() == pdf_path.read_bytes()


def test_missing_pango_stops_the_build_with_one_line_and_no_traceback(tmp_path):
    """Simulates a machine without Pango: cffi cannot load any library named *pango*."""
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(textwrap.dedent("""
        import cffi
        _dlopen = cffi.FFI.dlopen
        def dlopen(self, name, *args, **kwargs):
            if "pango" in str(name):
                raise OSError(f"cannot load library '{name}'")
            return _dlopen(self, name, *args, **kwargs)
        cffi.FFI.dlopen = dlopen
    """))
    out = tmp_path / "output"
    run = _build_in_subprocess(out, {"PYTHONPATH": str(shim)})
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout and "-----" not in run.stdout
    errors = [line for line in run.stderr.splitlines() if line.startswith("Fehler:")]
    assert errors == [
        "Fehler: Faktenblatt: die Systembibliothek Pango fehlt (WeasyPrint braucht sie für das PDF); bitte "
        "installieren – Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0, "
        "macOS: brew install pango"
    ]
    assert not out.exists()


def test_unchanged_inputs_reuse_the_cached_sheet_without_weasyprint(tmp_path):
    """The second build finds the PDF in the cache: it succeeds even where WeasyPrint cannot be imported."""
    cache = tmp_path / "cache"
    first = _build_in_subprocess(tmp_path / "first", {}, cache)
    assert first.returncode == 0, first.stderr
    assert (cache / "faktenblatt.json").is_file(), list(cache.iterdir())
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text("import sys\nsys.modules['weasyprint'] = None  # import fails\n")
    second = _build_in_subprocess(tmp_path / "second", {"PYTHONPATH": str(shim)}, cache)
    assert second.returncode == 0, second.stderr
    assert (tmp_path / "second" / PDF).read_bytes() == (tmp_path / "first" / PDF).read_bytes()
    without = _build_in_subprocess(tmp_path / "third", {"PYTHONPATH": str(shim)}, tmp_path / "empty-cache")
    assert without.returncode == 1 and "WeasyPrint ist nicht installiert" in without.stderr


HARFBUZZ_NOTICE = ('Using fontTools instead of HarfBuzz-Subset for font "wir2 Noto Sans". This will be unsupported '
                   'in future versions of WeasyPrint. Please install HarfBuzz-Subset >= 4.1.0 with your package '
                   'manager.')


@pytest.mark.parametrize("message, notice", [
    (HARFBUZZ_NOTICE, True),
    ("Ignored `colr:red` at 3:5, unknown property.", False),
    ("Deprecated `-weasy-column-rule-color:red` at 2:9, prefixes on unstable attributes are deprecated, "
     "use 'column-rule-color' instead.", False),
    ("Failed to load font at file:///x.ttf: [Errno 2] No such file", False),
    ("Unable to subset \"wir2 Noto Sans\" with fontTools", False),
])
def test_only_deprecation_notices_about_the_installation_spare_the_build(message, notice):
    assert is_deprecation_notice(message) is notice


def test_weasyprint_without_harfbuzz_subset_builds_the_sheet_and_says_so(tmp_path):
    """Simulates Debian without libharfbuzz-subset0: WeasyPrint falls back to fontTools and says it is deprecated."""
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(textwrap.dedent("""
        import cffi
        _dlopen = cffi.FFI.dlopen
        def dlopen(self, name, *args, **kwargs):
            if "harfbuzz-subset" in str(name):
                raise OSError(f"cannot load library '{name}'")
            return _dlopen(self, name, *args, **kwargs)
        cffi.FFI.dlopen = dlopen
    """))
    out = tmp_path / "output"
    run = _build_in_subprocess(out, {"PYTHONPATH": str(shim)})
    assert run.returncode == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if "HarfBuzz-Subset" in line]
    assert [w for w in warnings if "Faktenblatt" in w] == [
        f"Warnung: Faktenblatt: Hinweis von WeasyPrint (das PDF ist trotzdem vollständig): {HARFBUZZ_NOTICE}"]
    # The parents' flyers say it once per font family (Noto Sans, Noto Naskh Arabic), not once per language.
    flyer = [w for w in warnings if "Faktenblatt" not in w]
    prefix = "Warnung: Elternflyer: Hinweis von WeasyPrint (das PDF ist trotzdem vollständig): "
    assert prefix + HARFBUZZ_NOTICE in flyer and len(flyer) == len(set(flyer)) <= 2, flyer
    assert all(w.startswith(prefix + 'Using fontTools instead of HarfBuzz-Subset for font "wir2 Noto') for w in flyer)
    assert PdfReader(out / PDF).pages
    again = _build_in_subprocess(tmp_path / "again", {"PYTHONPATH": str(shim), "PYTHONHASHSEED": "4711"})
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again" / PDF).read_bytes() == (out / PDF).read_bytes(), "fontTools' subsets must not vary"
    flyer_pdf = Path("downloads/wir2-eltern-de.pdf")
    assert (tmp_path / "again" / flyer_pdf).read_bytes() == (out / flyer_pdf).read_bytes()


@pytest.mark.parametrize("breakage, expected", [
    ("css", "WeasyPrint meldet: Ignored `colr: red`"),
    ("prefixed-css", "WeasyPrint meldet: Deprecated `-weasy-column-rule-color: red`"),
    ("font", "Datei theme/faktenblatt/fonts/NotoSans-Bold.ttf fehlt"),
])
def test_a_broken_stylesheet_or_missing_font_fails_the_build(project_copy, tmp_path, breakage, expected):
    folder = project_copy / "theme" / "faktenblatt"
    if breakage.endswith("css"):
        rule = "p { colr: red; }" if breakage == "css" else "p { -weasy-column-rule-color: red; }"
        with (folder / "faktenblatt.css").open("a", encoding="utf-8") as css:
            css.write(f"\n{rule}\n")
    else:
        (folder / "fonts" / "NotoSans-Bold.ttf").unlink()
    result = build_project(project_copy, tmp_path / "output")
    assert not result.ok
    assert any(m.startswith("Faktenblatt: " + expected) for m in result.messages), result.messages
    assert not (tmp_path / "output").exists()


# --- helpers ---------------------------------------------------------------------------------


def structure(reader: PdfReader) -> list[dict]:
    """All structure elements of the tagged PDF, depth first."""
    found: list[dict] = []

    def walk(node) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if not isinstance(node, dict):
            return
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_every_field_with_a_character_the_font_lacks_is_named_with_its_own_line(tmp_path):
    """Two fields with the same emoji: both are named, each on its own line (before, only the first was)."""
    from helpers import site_with
    from wir2.problems import DataError
    from wir2.render import factsheet

    kosten = (ROOT / "data" / "kosten.yml").read_text(encoding="utf-8")
    kosten = kosten.replace("bezeichnung: Gruppenleiterschulung", "bezeichnung: Gruppenleiterschulung 🎉", 1)
    kosten = kosten.replace("einheit: pro Person, einmalig", "einheit: pro Person, einmalig 🎉", 1)
    site = site_with(tmp_path, files={"kosten.yml": kosten})
    folder = ROOT / "theme" / "faktenblatt"
    with pytest.raises(DataError) as caught:
        factsheet.check_glyphs(factsheet.render_html(site, folder), site, folder / "fonts")
    assert [str(p) for p in caught.value.problems] == [
        f"data/kosten.yml:{line}: Feld „schulung.{field}“: „🎉“ (U+1F389) kann das Faktenblatt (PDF) nicht drucken; "
        "erwartet: Text ohne Emoji und ohne seltene Sonderzeichen" for line, field in [(2, "bezeichnung"),
                                                                                        (4, "einheit")]]


def test_only_events_the_sheet_lists_are_blamed_for_a_missing_glyph(tmp_path):
    """A past event is not on the sheet: its emoji is no problem of the sheet (reviewer's m23)."""
    from helpers import site_with
    from wir2.problems import DataError
    from wir2.render import factsheet

    termine = (ROOT / "data" / "termine.yml").read_text(encoding="utf-8")
    termine = termine.replace("    beginn: 2024-12-05\n    ende: 2024-12-07\n    online: true\n",
                              "    beginn: 2024-12-05\n    ende: 2024-12-07\n    ort: Neuss 🙂\n", 1)
    termine = termine.replace("    beginn: 2025-03-13\n    ende: 2025-03-15\n    ort: Neuss\n",
                              "    beginn: 2025-03-13\n    ende: 2025-03-15\n    ort: Neuss 🙂\n", 1)
    site = site_with(tmp_path, files={"termine.yml": termine})
    folder = ROOT / "theme" / "faktenblatt"
    with pytest.raises(DataError) as caught:
        factsheet.check_glyphs(factsheet.render_html(site, folder), site, folder / "fonts")
    assert [str(p) for p in caught.value.problems] == [
        "data/termine.yml:37: Feld „termine[3].ort“: Termin „schulung-2025-03“: „🙂“ (U+1F642) kann das Faktenblatt "
        "(PDF) nicht drucken; erwartet: Text ohne Emoji und ohne seltene Sonderzeichen"]
