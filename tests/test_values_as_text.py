"""Values from data/ reach a page as text, never as markup – whatever Markdown or HTML they contain.

Pages are Jinja templates turned into Markdown; a value printed by a placeholder
(``{{ kosten.beispiel_kommune.quelle }}``) used to be pasted into the Markdown before it
was converted, so a source written as ``[Beschluss](javascript:…)`` became a
link, ``**x**`` bold text and ``{: onclick=…}`` an attribute.  Autoescaping only
stops HTML.  Here every text field that a page prints gets hostile text, the
page is rendered as a build renders it (placeholders, Markdown, the theme:
:class:`helpers.PagesAsBuilt`, no Pelican), and

- the page has exactly the elements and attributes it has with a harmless
  value (no link, no emphasis, no attribute, no image gained), and
- the value is on the page, as typed (set by the typographic rules, wir2.render.typography).

The same holds for the summary (the page's description) and the title.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import ROOT, Node, PagesAsBuilt, site_with, tree_text
from wir2.render import typography

# (data file, path to a text field, the pages that print it)
FIELDS = [
    ("kosten.yml", ("beispiel_kommune", "quelle"), ("kooperation/",)),
    ("kontakt.yml", ("ansprechperson", "funktion"), ("kontakt/", "gruppen/", "kooperation/")),
    ("kontakt.yml", ("standorte", 0, "aufgaben"), ("kontakt/",)),
    ("programm.yml", ("gruene_liste", "stufe"), ("wirksamkeit/",)),
    ("programm.yml", ("module", 2, "beschreibung"), ("module/",)),
    ("programm.yml", ("module", 0, "titel"), ("module/",)),
]
HARMLESS = "Harmloser Wert"
HOSTILE = [
    "Stadt Niederkassel, [Beschluss](javascript:alert(document.domain))",
    "**fett** und _kursiv_ und `Code`",
    'Quelle {: onclick="alert(1)" }',
    "![Bild](https://example.org/x.png)",
    "<https://example.org/>",
    "siehe [^1] und ~~durch~~",
    "&copy; 2025 -- und ... so",
    "<img src=x onerror=alert(1)>",
    "a | b | c",
    "\\*kein Stern\\*",
]


def _set(tree: Any, path: tuple[Any, ...], value: str) -> None:
    for step in path[:-1]:
        tree = tree[step]
    tree[path[-1]] = value


def _with(tmp_path: Path, name: str, path: tuple[Any, ...], value: str):
    tree = yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))
    _set(tree, path, value)
    text = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)
    return PagesAsBuilt(site_with(tmp_path, files={name: text}))


def _shape(node: Node) -> list[tuple[str, tuple[str, ...]]]:
    """Every element with its attribute names, in document order (the page's structure, not its text)."""
    return [(n.tag, tuple(sorted(n.attrs))) for n in node.iter()]


def _text(node: Node) -> str:
    return node.text


@pytest.mark.parametrize("name,path,pages", FIELDS, ids=lambda v: ".".join(map(str, v)) if isinstance(v, tuple)
                         else str(v))
@pytest.mark.parametrize("value", HOSTILE)
def test_a_data_value_is_text_on_every_page_that_prints_it(tmp_path, name, path, pages, value):
    harmless = _with(tmp_path / "a", name, path, HARMLESS)
    hostile = _with(tmp_path / "b", name, path, value)
    for address in pages:
        before, after = tree_text(harmless.html(address)), tree_text(hostile.html(address))
        assert HARMLESS in _text(before), (address, "the field is not printed there")
        assert _shape(after) == _shape(before), (address, value)
        # As typed, set by the site's typographic rules („--“ is a dash, „...“ an ellipsis).
        assert typography.text(value).replace(typography.NBSP, " ") in _text(after), (address, value)


@pytest.mark.parametrize("value", HOSTILE[:4])
def test_a_value_in_the_summary_or_title_is_text(tmp_path, value):
    """programm.gruene_liste.stufe is printed in wirksamkeit.md's summary (the description) and a heading."""
    pages = _with(tmp_path, "programm.yml", ("gruene_liste", "stufe"), value)
    [page] = [p for p in pages.site.pages if p.address == "wirksamkeit/"]
    rendered = pages.renderer.render(page)
    summary = tree_text(rendered.summary_html)
    assert [tag for tag, _ in _shape(summary)] == ["p"], rendered.summary_html
    assert typography.text(value).replace(typography.NBSP, " ") in _text(summary)
