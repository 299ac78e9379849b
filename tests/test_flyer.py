"""The parents' flyers (issue 15): one tagged A4 page per language, checked with the tools a reader has.

A build of a copy of the project in which every language has its parents' page:
the real translation (content/pages/<code>/konzept.md) where it exists, else a short
stand-in from tests/fixtures/flyer/.  Each flyer is checked with Poppler (pdfinfo,
pdffonts, pdftotext, pdftoppm), its QR code decoded with zbarimg and its catalog
read with pypdf.  What the flyer must say is taken from the built page (its title,
lead and list, as the browser gets them) and from data/ with plain PyYAML – not
through the flyer's code.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from helpers import PUBLIC_URL, ROOT, build_project, copy_project, pelican_settings, site_with
from wir2.problems import DataError
from wir2.render import flyer
from wir2.render.pages import PageRenderer, page_environment

CODES = sorted(p.stem for p in (ROOT / "data" / "sprachen").glob("*.yml"))
FIXTURES = Path(__file__).parent / "fixtures" / "flyer"
RTL = {"ar", "fa"}
A4 = "595.276 x 841.89 pts (A4)"
FOLDER = ROOT / "theme" / "elternflyer"


def language(code: str) -> dict:
    return yaml.safe_load((ROOT / "data" / "sprachen" / f"{code}.yml").read_text(encoding="utf-8"))


def address(code: str) -> str:
    return "konzept/" if code == "de" else f"{code}/konzept/"


def tool(name: str, *args: str | Path) -> str:
    """Run a command-line tool; a missing one fails with what to install (CI installs them)."""
    path = shutil.which(name)
    if path is None:
        package = "zbar-tools" if name == "zbarimg" else "poppler-utils"
        pytest.fail(f"{name} not found: apt-get install {package} (./dev.sh test installs it from "
                    ".ci/system-packages-test)", pytrace=False)
    run = subprocess.run([path, *map(str, args)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout


#: Bidi controls pdftotext wraps right-to-left lines in, and the joiners it drops.
#: An Arabic-script word without marks and without a hamza on yeh or waw (Arabic and Persian letters).
PLAIN = re.compile("[\u0621-\u0623\u0625\u0627-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]+")
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u00ad]")


def bare(text: str) -> str:
    """Words only: pdftotext moves the punctuation at the edges of a right-to-left run (``20مرة ،كل``)."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text)).strip()


def normal(text: str) -> str:
    """Text as compared: NFC, no bidi controls, joiners or combining marks, no-break spaces and runs of white
    space as one space (a line break of the PDF is a space)."""
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project in which every language has its parents' page (real, or the stand-in)."""
    root = copy_project(tmp_path_factory.mktemp("flyer") / "project")
    for code in CODES:
        page = root / "content" / "pages" / code / "konzept.md"
        if code != "de" and not page.exists():
            page.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(FIXTURES / f"{code}.md", page)
    return root


@pytest.fixture(scope="module")
def out(project) -> Path:
    output = project.parent / "output"
    result = build_project(project, output)
    assert result.ok, "\n".join(result.messages)
    return output


def pdf(out: Path, code: str) -> Path:
    return out / "downloads" / f"wir2-eltern-{code}.pdf"


class _Page(HTMLParser):
    """From a built page: the h1, the lead, the items of the list under #so-lauft-das-training-ab, and the
    links (href → text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = self.lead = ""
        self.items: list[str] = []
        self.links: dict[str, str] = {}
        self._where: str | None = None
        self._href: str | None = None
        self._after = False
        self._lists = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h1":
            self._where = "title"
        elif tag == "p" and "lead" in (attrs.get("class") or "").split():
            self._where = "lead"
        elif tag == "h2":
            self._after = attrs.get("id") == flyer.HEADING_ID
        elif tag == "ul" and self._after:
            self._lists += 1
        elif tag == "li" and self._after and self._lists == 1:
            self.items.append("")
            self._where = "item"
        elif tag == "a":
            self._href = attrs.get("href")
            self.links.setdefault(self._href or "", "")

    def handle_endtag(self, tag):
        if tag in ("h1", "p", "li"):
            self._where = None
        elif tag == "ul" and self._lists:
            self._lists -= 1
            if not self._lists:
                self._after = False
        elif tag == "a":
            self._href = None

    def handle_data(self, data):
        if self._where == "title" and not self.title:
            self.title += data
        elif self._where == "lead":
            self.lead += data
        elif self._where == "item":
            self.items[-1] += data
        if self._href is not None:
            self.links[self._href] += data


def page(out: Path, code: str) -> _Page:
    parser = _Page()
    parser.feed((out / address(code) / "index.html").read_text(encoding="utf-8"))
    assert parser.title and parser.items, f"{code}: page without title or list"
    return parser


@pytest.fixture(scope="module")
def texts(out) -> dict[str, str]:
    return {code: normal(tool("pdftotext", "-enc", "UTF-8", pdf(out, code), "-")) for code in CODES}


# --- per language ----------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_one_tagged_a4_page(out, code):
    info = tool("pdfinfo", pdf(out, code))
    fields = dict(re.findall(r"^([^:]+):\s*(.*)$", info, re.MULTILINE))
    assert fields["Pages"] == "1" and fields["Page size"] == A4 and fields["Tagged"] == "yes", info


@pytest.mark.parametrize("code", CODES)
def test_every_font_is_embedded_and_covers_the_script(out, code):
    rows = tool("pdffonts", pdf(out, code)).splitlines()[2:]
    assert rows
    for row in rows:
        name, *rest = row.split()
        emb, sub, uni = rest[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row  # embedded, subset, with ToUnicode
        assert name.split("+", 1)[-1].startswith("wir2-Noto-"), row  # only Debian's Noto fonts, no fallback
    arabic = any("Naskh-Arabic" in row for row in rows)
    assert arabic is (code in RTL), rows


@pytest.mark.parametrize("code", CODES)
def test_document_language_and_title(out, code):
    reader = PdfReader(pdf(out, code))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == code
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert 'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data().decode()
    assert reader.metadata.title == f"{page(out, code).title.strip()} – wir2"


@pytest.mark.parametrize("code", CODES)
def test_text_is_the_page_s_title_lead_and_list_in_logical_order(out, texts, code):
    text, built = texts[code], page(out, code)
    if code in RTL:
        # pdftotext's layout analysis does not give Arabic back letter for letter: it moves the punctuation at
        # the edges of a run, splits a word at a mark (shadda, tanwin, hamza) and may put the end of a line
        # that carries marks before its start.  So: the title as it reads, from every list item two plain
        # words in a row (without marks, no hamza on yeh or waw) as they read, and from the list a sentence of at least
        # three such words.
        assert normal(built.title) in text
        longest = 0
        for item in built.items:
            runs: list[list[str]] = [[]]
            for word in item.split():
                word = word.strip(".,:;!?()«»\"'\u060c\u061b\u061f–")
                if PLAIN.fullmatch(word):
                    runs[-1].append(normal(word))
                else:
                    runs.append([])
            runs = [r for r in runs if len(r) >= 2]
            pairs = [" ".join(r[i:i + 2]) for r in runs for i in range(len(r) - 1)]
            assert any(p in text for p in pairs), f"no two words of {item!r} in {text!r}"
            longest = max([longest, *(n for r in runs for n in range(3, len(r) + 1)
                                      for i in range(len(r) - n + 1) if " ".join(r[i:i + n]) in text)])
        assert longest >= 3, built.items
        return
    position = 0
    for part in [built.title, built.lead, *built.items]:
        found = text.find(normal(part), position)
        assert found >= 0, f"{normal(part)!r} missing or out of order in {text!r}"
        position = found


@pytest.mark.parametrize("code", CODES)
def test_layout_runs_in_the_language_s_direction(out, code):
    """The title stands at the start of the line: on the left, or on the right for ar and fa."""
    boxes = tool("pdftotext", "-bbox", pdf(out, code), "-")
    title = normal(page(out, code).title).split()
    words = [(float(x0), float(x1), w) for x0, x1, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', boxes)]
    # pdftotext -bbox gives each word's letters in the order they are drawn: right to left reversed.
    found = [(x0, x1) for x0, x1, w in words if normal(w) in title or normal(w[::-1]) in title]
    assert found
    if code in RTL:
        assert max(x1 for _, x1 in found) > 540 and min(x0 for x0, _ in found) > 300, found
    else:
        assert min(x0 for x0, _ in found) < 60, found


@pytest.mark.parametrize("code", CODES)
def test_qr_code_decodes_to_the_page_s_address_printed_beneath(out, code, tmp_path):
    tool("pdftoppm", "-r", "150", "-png", "-singlefile", pdf(out, code), tmp_path / "flyer")
    decoded = tool("zbarimg", "--raw", "-q", tmp_path / "flyer.png").strip()
    url = f"{PUBLIC_URL}/{address(code)}"
    assert decoded == url
    assert url.removeprefix("https://") in tool("pdftotext", pdf(out, code), "-")


@pytest.mark.parametrize("code", CODES)
def test_team_contact_labels_and_the_field_for_the_local_group(out, texts, code):
    text = texts[code]
    kontakt = yaml.safe_load((ROOT / "data" / "kontakt.yml").read_text(encoding="utf-8"))
    assert kontakt["email"] in text and kontakt["ansprechperson"]["telefon"] in text
    labels = {k: normal(v) for k, v in language(code)["flyer"].items()}
    if code in RTL:  # … and splits a word at a shadda (ير بون): compared without spaces
        text, labels = bare(text).replace(" ", ""), {k: bare(v).replace(" ", "") for k, v in labels.items()}
    for key in ("team", "vor_ort", "vor_ort_hinweis", "art", "email", "telefon"):
        assert labels[key] in text, key
    # The field to write in is empty: no text between its hint and the date line below it.
    hint, stand = text.index(labels["vor_ort_hinweis"]), text.index(labels["stand"])
    assert text[hint + len(labels["vor_ort_hinweis"]):stand].strip() == ""


@pytest.mark.parametrize("code", CODES)
def test_the_language_s_page_links_its_flyer(out, code):
    links = page(out, code).links
    assert links.get(f"/downloads/wir2-eltern-{code}.pdf") == language(code)["flyer"]["link"]


def test_stand_is_the_build_date(texts):
    assert "Stand: 15. Januar 2025" in texts["de"]
    for code in CODES:
        label = normal(language(code)["flyer"]["stand"])
        if code in RTL:
            assert bare(label) in bare(texts[code]) and "2025-01-15" in texts[code]
        elif code != "de":
            assert f"{label}: 2025-01-15" in texts[code], code


# --- the whole build ----------------------------------------------------------------------------


def test_same_inputs_same_bytes(out, project, tmp_path):
    again = tmp_path / "output"
    result = build_project(project, again, WIR2_CACHE_PATH=str(tmp_path / "cache"))  # rendered anew
    assert result.ok, result.messages
    for code in CODES:
        assert pdf(again, code).read_bytes() == pdf(out, code).read_bytes(), code


def test_no_page_no_flyer_and_no_error(site):
    """The real project: a flyer for German and for each language whose translation exists, no other."""
    built = {p.name for p in (site / "downloads").glob("wir2-eltern-*.pdf")}
    expected = {"wir2-eltern-de.pdf"} | {f"wir2-eltern-{c}.pdf" for c in CODES
                                        if (ROOT / "content" / "pages" / c / "konzept.md").is_file()}
    assert built == expected


# --- failures, without a build ---------------------------------------------------------------------


def german_source(tmp_path: Path):
    site = site_with(tmp_path)
    env, listings = page_environment(site, ROOT / "theme" / "templates", {"SITEURL": ""})
    renderer = PageRenderer(env, listings, pelican_settings()["MARKDOWN"])
    konzept = next(p for p in site.pages if p.address == "konzept/")
    rendered = renderer.render(konzept)
    return site, flyer.Source(konzept.name, konzept.address, str(dict(rendered.metadata)["title"]),
                              rendered.content, rendered.summary_html)


def test_a_text_too_long_for_one_page_stops_with_a_german_message(tmp_path):
    site, source = german_source(tmp_path)
    long_list = "".join(f"<li>Пункт {n}: довге речення.</li>" for n in range(25))
    source = flyer.Source("content/pages/uk/konzept.md", "uk/konzept/", "Концепція",
                          f'<p class="lead">Вступ.</p><h2 id="{flyer.HEADING_ID}">Як</h2><ul>{long_list}</ul>')
    with pytest.raises(DataError) as caught:
        flyer.render_one(site, site.sprachen["uk"], source, FOLDER)
    [problem] = caught.value.problems
    assert str(problem).startswith("content/pages/uk/konzept.md: der Elternflyer auf Ukrainisch (uk) braucht 2 "
                                   "Seiten; erwartet: genau eine A4-Seite – bitte den Text kürzen"), str(problem)


def test_a_page_without_the_list_is_named(tmp_path):
    site, source = german_source(tmp_path)
    broken = flyer.Source(source.name, source.address, source.title,
                          source.content.replace(f'id="{flyer.HEADING_ID}"', 'id="anders"'))
    with pytest.raises(DataError) as caught:
        flyer.render_one(site, site.sprachen["de"], broken, FOLDER)
    assert [str(p) for p in caught.value.problems] == [
        f"content/pages/konzept.md: die Überschrift mit der id „{flyer.HEADING_ID}“ fehlt; der Elternflyer zeigt "
        f"sie; erwartet: eine Überschrift „## … {{#{flyer.HEADING_ID}}}“ und direkt darunter eine Liste (- …)"]


def test_a_character_no_font_has_is_named(tmp_path):
    site, source = german_source(tmp_path)
    odd = flyer.Source(source.name, source.address, source.title + " 🎉", source.content)
    with pytest.raises(DataError) as caught:
        flyer.render_one(site, site.sprachen["de"], odd, FOLDER)
    [problem] = caught.value.problems
    assert "„🎉“ (U+1F389) kann der Elternflyer (de) nicht drucken" in str(problem)


def test_missing_fonts_say_what_to_install(tmp_path):
    site, source = german_source(tmp_path)
    with pytest.raises(DataError) as caught:
        flyer.render_one(site, site.sprachen["de"], source, FOLDER, font_folder=tmp_path / "keine-schriften")
    assert "sudo apt-get install fonts-noto-core" in str(caught.value.problems[0])
