"""A placeholder that fails is reported in the page's words: the placeholder, the wrong name, what exists, an example.

Each case adds a page to content/pages/ and runs the data layer and the page
renderer (no Pelican): the message must name the file and the line where the
editor's slip is – not the end of the page – and must not speak Python
(``object``, ``attribute``, ``__format__``, ``is undefined``, ``Jinja was looking for``).
"""

from __future__ import annotations

import pytest

from helpers import ROOT, PagesAsBuilt, input_problems, site_with, tree_text

HEAD = "Title: Probe\nSummary: Eine Probe.\nSlug: probe\n\n"  # the body starts on line 5
PAGE = "content/pages/probe.md"
PYTHON = ("object", "attribute", "__", "undefined", "Jinja was", "Traceback", "NoneType", "tuple", "Posten", "Kontakt")

CASES = [
    ("Telefon: {{ kontakt.telefonnummer }}.", 5,
     "Platzhalter {{ kontakt.telefonnummer }}: „kontakt.telefonnummer“ gibt es nicht; erwartet: einer von "
     "kontakt.telefon, kontakt.tel_uri, kontakt.email, kontakt.funktion, kontakt.name, kontakt.standorte, "
     "kontakt.web – z. B. {{ kontakt.telefon }}"),
    # The data file groups the phone under ansprechperson; the site data has it as kontakt.telefon.
    ("Telefon: {{ kontakt.ansprechperson.telefon }}.", 5,
     "Platzhalter {{ kontakt.ansprechperson.telefon }}: „kontakt.ansprechperson“ gibt es nicht; erwartet: "
     "einer von kontakt.email, kontakt.funktion, kontakt.name, kontakt.standorte, kontakt.tel_uri, "
     "kontakt.telefon, kontakt.web – z. B. {{ kontakt.telefon }}"),
    ("Mail: {{ kontak.email }}.", 5,
     "Platzhalter {{ kontak.email }}: „kontak“ gibt es nicht; erwartet: einer von kontakt, kosten, betreiber, "
     "build_date, faktenblatt, gruppen, programm, SITEURL, termine – z. B. {{ kontakt.email }}"),
    ("Die Schulung kostet {{ kosten.schulung | euro }}.", 5,
     "Platzhalter {{ kosten.schulung | euro }}: „euro“ braucht einen Betrag (eine Zahl), „kosten.schulung“ ist "
     "aber eine Gruppe von Angaben (bezeichnung, betrag, einheit); erwartet: einen Betrag (eine Zahl) – z. B. "
     "{{ kosten.schulung.betrag | euro }}"),
    ("Module: {{ programm.module.titel }}.", 5,
     "Platzhalter {{ programm.module.titel }}: „programm.module“ ist eine Liste (4 Einträge), hat also kein "
     "„titel“; erwartet: ein Eintrag daraus, z. B. {% for x in programm.module %}{{ x.titel }}{% endfor %}, "
     "oder die Anzahl: {{ programm.module | length }}"),
    ("Treffen: {{ programm.sitzungen() }}.", 5,
     "Platzhalter {{ programm.sitzungen() }}: „programm.sitzungen“ ist eine Zahl, kein Makro; erwartet: ohne "
     "Klammern, also {{ programm.sitzungen }}"),
    ("Summe: {{ kosten.schulung + 1 }} Euro.", 5,
     "Platzhalter {{ kosten.schulung + 1 }}: „kosten.schulung“ ist eine Gruppe von Angaben (bezeichnung, "
     "betrag, einheit), hier wird aber ein einzelner Wert gebraucht; erwartet: eine der Angaben, z. B. "
     "{{ kosten.schulung.betrag + 1 }}"),
    ("Zahl: {{ programm.sitzungen | eur }}.", 5,
     "Filter „eur“ gibt es nicht; erwartet: einer von euro, upper, lower, datum, datum_kurz, jsonld, tel oder ein "
     "eingebauter Filter von Jinja (z. B. length, default) – z. B. {{ programm.sitzungen | euro }}"),
    # Unclosed: the line where it was opened, not the end of the page.
    ("Eins\n\n{% if programm.sitzungen %}\nZwei\n\nDrei\n\nVier", 7,
     "„{% if … %}“ wird nicht geschlossen; erwartet: {% endif %} an seinem Ende"),
    ("Eins {{ programm.sitzungen\n\nZwei\n\nDrei", 5,
     "Platzhalter „{{ …“ wird nicht geschlossen; erwartet: }} am Ende des Platzhalters"),
    ("Eins\n\n{% endif %}", 7,
     "„{% endif %}“ schließt nichts; erwartet: ein „{% if … %}“ davor oder die Zeile löschen"),
    ("{% for m in programm.module %}\n- {{ m.titl }}\n{% endfor %}", 6,
     "Platzhalter {{ m.titl }}: „m.titl“ gibt es nicht; erwartet: einer von m.titel, m.beschreibung – z. B. "
     "{{ m.titel }}"),
]


@pytest.mark.parametrize("body,line,message", CASES, ids=[c[0][:40] for c in CASES])
def test_a_failing_placeholder_names_the_placeholder_what_exists_and_an_example(tmp_path, body, line, message):
    problems = input_problems(tmp_path, pages={"probe.md": (HEAD + body + "\n").encode()})
    assert problems == [f"{PAGE}:{line}: {message}"]
    assert not [word for word in PYTHON if word in message.replace("kontakt", "")]


def test_a_failing_placeholder_in_the_title_or_summary_names_its_line(tmp_path):
    page = "Title: Probe {{ programm.sitzugen }}\nSummary: Eine Probe mit {{ kosten.schulung | euro }}.\n\nText\n"
    problems = input_problems(tmp_path, pages={"probe.md": page.encode()})
    assert problems == [f"{PAGE}:1: Platzhalter {{{{ programm.sitzugen }}}}: „programm.sitzugen“ gibt es nicht; "
                        "erwartet: einer von programm.sitzungen, " + problems[0].split("programm.sitzungen, ", 1)[1]]
    assert problems[0].endswith("– z. B. {{ programm.sitzungen }}")


@pytest.mark.parametrize("heading,ident", [("## Kosten {#kosten}", "kosten"),
                                           ("## Kosten im Überblick {#ueberblick .hinweis}", "ueberblick")])
def test_a_markdown_anchor_is_not_a_jinja_comment(tmp_path, heading, ident):
    """``{#anker}`` after a heading is Markdown's attribute list; Jinja would read the start of a comment."""
    body = f"{heading}\n\nText mit {{{{ programm.sitzungen }}}} Treffen. {{# ein Kommentar #}}\n"
    site = site_with(tmp_path, pages={"probe.md": (HEAD + body).encode()})
    page = tree_text(PagesAsBuilt(site).html("probe/"))
    [h2] = [h for h in page.find_all("h2") if h.text.startswith("Kosten")]
    assert h2.attrs["id"] == ident
    assert "ein Kommentar" not in page.text and "20 Treffen" in page.text


@pytest.mark.parametrize("raw,line,what", [
    (HEAD + "Eins\n\nZwei\x0bdrei\n", 7, "ein Zeilenumbruch aus Word (Umschalt+Eingabe, U+000B)"),
    (HEAD + "Eins\u2028zwei\n", 5, "ein Zeilentrenner (U+2028)"),
    ("Title: Pro\x07be\nSummary: Eine Probe.\nSlug: probe\n\nText\n", 1, "ein Steuerzeichen (U+0007)"),
])
def test_an_invisible_character_in_a_page_is_reported_with_its_line(tmp_path, raw, line, what):
    """Pages are read like the data files (wir2.load.source): what a word processor hid is found."""
    [problem] = input_problems(tmp_path, pages={"probe.md": raw.encode()})
    assert problem.startswith(f"{PAGE}:{line}: unsichtbares Zeichen in Spalte ") and what in problem, problem


def test_an_aligned_markdown_table_gets_classes_not_inline_styles(tmp_path):
    """Inline styles break the Content-Security-Policy (and the page check refuses them): ``|---:|`` becomes
    ``class="align-right"``, which site.css styles."""
    body = "| Posten | Betrag |\n|:---|---:|\n| Schulung | {{ kosten.schulung.betrag | euro }} |\n"
    site = site_with(tmp_path, pages={"probe.md": (HEAD + body).encode()})
    page = tree_text(PagesAsBuilt(site).html("probe/"))
    cells = page.find_all("td") + page.find_all("th")
    assert {c.attrs.get("class") for c in cells} == {"align-left", "align-right"}
    assert not [c for c in cells if "style" in c.attrs]
    css = (ROOT / "theme" / "static" / "css" / "site.css").read_text(encoding="utf-8")
    assert ".align-right { text-align: right; }" in css


SANDBOX = [
    # Python's internals through any global or value: the classic escape from a template.
    ('{{ cycler.__init__.__globals__.os.popen("id").read() }}', "__init__"),
    ("{{ kontakt.__class__.__mro__ }}", "__class__"),
    ("{{ programm.module.__class__ }}", "__class__"),
    ("{{ lipsum.__globals__ }}", "__globals__"),
    # Changing the site's data from a page.
    ('{% set x = {} %}{{ x.update(a=1) }}', "update"),
    ('{% set x = [] %}{{ x.append(1) }}', "append"),
]


@pytest.mark.parametrize("body,name", SANDBOX, ids=[c[0][:40] for c in SANDBOX])
def test_a_page_cannot_reach_python_or_change_data(tmp_path, body, name):
    """Pages are rendered in Jinja's immutable sandbox: a placeholder can read data, nothing else."""
    problems = input_problems(tmp_path, pages={"probe.md": (HEAD + "Text " + body + "\n").encode()})
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{PAGE}:5: Platzhalter verwendet „{name}“, das Seiten nicht verwenden dürfen")
    assert "z. B. {{ kontakt.email }}" in problems[0]
