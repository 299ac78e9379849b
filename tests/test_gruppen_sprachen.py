"""The group finder in every language of the site (issue 15): its texts (data/sprachen/<code>.yml,
block ``finder``), how they reach the page (escaped, in data-texte) and which pages load the script.
What the script does with them is tested in Chromium (tests/browser/test_gruppen_sprachen.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from fixtures.gruppen.projekt import SPRACHEN, SPRACHGRUPPEN, build_project, build_with, make_project
from helpers import ROOT, parse, tree
from wir2.model.status import statuses

FOLDER = ROOT / "data" / "sprachen"
CODES = ("de", *SPRACHEN)
SLOT = re.compile(r"\{(\w+)\}")
PLURAL = re.compile(r"_(one|two|few|many|other)$")
#: The texts the form shows itself; the script gets the others (theme/templates/macros/gruppen.html).
IN_THE_FORM = ("titel", "feld", "hinweis", "kontakt", "email_an", "nur_sprache", "nur_sprache_aktiv")


def finder(code: str) -> dict[str, str]:
    return yaml.safe_load((FOLDER / f"{code}.yml").read_text(encoding="utf-8"))["finder"]


def test_every_language_has_the_german_keys_and_slots():
    german = finder("de")
    for code in SPRACHEN:
        texts = finder(code)
        assert list(texts) == list(german), code  # same keys, same order: a translator works line by line
        for key, text in texts.items():
            assert text and text == text.strip(), (code, key)
            slots, expected = set(SLOT.findall(text)), set(SLOT.findall(german[key]))
            if PLURAL.search(key):
                # "Eine Gruppe …", "مجموعتان": a form for one number may say it in words.
                assert slots <= expected | {"n"}, (code, key, text)
            else:
                assert slots == expected, (code, key, text)


def test_plural_forms_and_the_statuses_of_groups_are_there():
    german = finder("de")
    for stem in ("gruppen", "online_offen"):
        assert {k for k in german if k.startswith(stem + "_")} == {f"{stem}_{f}" for f in
                                                                 ("one", "two", "few", "many", "other")}
    # The German labels are the statuses' own (wir2.model.status); a finished group is never listed.
    for status in statuses("gruppen").values():
        if status.key != "beendet":
            assert german["status_" + status.key.replace("-", "_")] == status.label


def test_each_language_names_every_language_of_the_site():
    languages = {code: yaml.safe_load((FOLDER / f"{code}.yml").read_text(encoding="utf-8")) for code in CODES}
    for code in CODES:
        assert {k for k in finder(code) if k.startswith("sprache_")} == {f"sprache_{c}" for c in CODES}
    # German's names are the ones groups write (name_deutsch); each language's own name is its word for it.
    assert {c: finder("de")[f"sprache_{c}"] for c in CODES} == {c: languages[c]["name_deutsch"] for c in CODES}


def test_translations_use_western_digits_only():
    for code in SPRACHEN:
        for key, text in finder(code).items():
            assert not re.search(r"[\u0660-\u0669\u06f0-\u06f9]", text), (code, key)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_with(tmp_path_factory.mktemp("sprachen"), SPRACHGRUPPEN)


def form_of(page: Path):
    forms = tree(page).find_all("form", cls="gruppen-suche")
    assert len(forms) == 1, page
    return forms[0]


def test_each_parents_page_has_the_finder_in_its_language_and_loads_the_script(site):
    for code in CODES:
        page = site / ("" if code == "de" else code) / "konzept" / "index.html"
        form, texts = form_of(page), finder(code)
        assert parse(page).scripts == ["/theme/js/gruppen.js"], code
        assert parse(page).lang == code
        assert form.attrs["data-sprache"] == code and "hidden" in form.attrs
        given = json.loads(form.attrs["data-texte"])
        assert given == {k: v for k, v in texts.items() if k not in IN_THE_FORM and not k.startswith("sprache_")
                         and (code != "de" or k not in ("beginn", "begonnen", "wann"))}, code
        assert form.find_all("h2")[0].text == texts["titel"]
        assert form.find_all("label")[0].text == texts["feld"]
        assert form.by_id("gruppen-suchhinweis").text == texts["hinweis"]
        call = form.find_all("a", cls="gruppen-anrufen")[0]
        assert call.find_all("bdi")[0].attrs["dir"] == "ltr"  # the number stays left to right
        boxes = form.find_all("input", type="checkbox")
        if code == "de":
            assert boxes == [] and "data-sprachnamen" not in form.attrs
            continue
        box, = boxes
        own = texts[f"sprache_{code}"]
        assert box.attrs["data-sprache"] == yaml.safe_load((FOLDER / f"{code}.yml").read_text())["name_deutsch"]
        assert form.find_all("label")[1].text == texts["nur_sprache"].replace("{sprache}", own)
        assert box.attrs["data-hinweis"] == texts["nur_sprache_aktiv"].replace("{sprache}", own)
        names = dict(json.loads(form.attrs["data-sprachnamen"]))
        assert names["Deutsch"] == texts["sprache_de"] and names["Arabisch"] == texts["sprache_ar"]


def test_pages_without_the_form_load_no_finder_script(site):
    for page in ("impressum/index.html", "index.html", "kontakt/index.html"):
        assert "/theme/js/gruppen.js" not in parse(site / page).scripts, page
    assert parse(site / "gruppen" / "index.html").scripts == ["/theme/js/gruppen.js"]


def test_the_finder_texts_reach_the_page_escaped(tmp_path):
    """A text with markup and quotes is text: in the form's own elements and in data-texte."""
    project = make_project(tmp_path / "project", SPRACHGRUPPEN)
    nasty = "</form><script>alert(1)</script> \"x\" 'y' & <b>"
    for code in CODES:
        path = project / "data" / "sprachen" / f"{code}.yml"
        data = path.read_text(encoding="utf-8")
        for key in ("titel", "alle_in", "nur_sprache"):
            data = re.sub(rf"^  {key}: .*$", f"  {key}: {json.dumps(nasty + ' {ort}' if key == 'alle_in' else nasty)}",
                          data, count=1, flags=re.MULTILINE)
        path.write_text(data, encoding="utf-8")
    out = tmp_path / "out"
    result = build_project(project, out)
    assert result.ok, result.messages
    for page in (out / "konzept" / "index.html", out / "ar" / "konzept" / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<b>" not in html.split("<main", 1)[1]
        assert parse(page).inline_scripts == 0
        form = form_of(page)
        german = page.parent.name == "konzept" and page.parent.parent == out  # German typography: „x“
        assert form.find_all("h2")[0].text == (nasty.replace('"x"', "„x“") if german else nasty)
        assert json.loads(form.attrs["data-texte"])["alle_in"] == nasty + " {ort}"
    assert form.find_all("label")[1].text == nasty
