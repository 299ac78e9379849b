"""A placeholder that fails is reported in the page's words: the placeholder, the wrong name, what exists, an example.

Each case adds a page to content/pages/ and runs the data layer and the page
renderer (no Pelican): the message must name the file and the line where the
editor's slip is – not the end of the page – and must not speak Python
(``object``, ``attribute``, ``__format__``, ``is undefined``, ``Jinja was looking for``).
"""

from __future__ import annotations

import re

import pytest

from helpers import ROOT, PagesAsBuilt, input_problems, site_with, tree_text

HEAD = "---\ntitle: Probe\nsummary: Eine Probe.\nslug: probe\n---\n\n"  # the body starts on line 7
PAGE = "content/pages/probe.md"
PYTHON = ("object", "attribute", "__", "undefined", "Jinja was", "Traceback", "NoneType", "tuple", "Posten", "Kontakt")

CASES = [
    ("Telefon: {{ kontakt.telefonnummer }}.", 7,
     "Platzhalter {{ kontakt.telefonnummer }}: „kontakt.telefonnummer“ gibt es nicht; erwartet: einer von "
     "kontakt.telefon, kontakt.tel_uri, kontakt.email, kontakt.funktion, kontakt.name, kontakt.standorte, "
     "kontakt.web – z. B. {{ kontakt.telefon }}"),
    # The data file groups the phone under ansprechperson; the site data has it as kontakt.telefon.
    ("Telefon: {{ kontakt.ansprechperson.telefon }}.", 7,
     "Platzhalter {{ kontakt.ansprechperson.telefon }}: „kontakt.ansprechperson“ gibt es nicht; erwartet: "
     "einer von kontakt.email, kontakt.funktion, kontakt.name, kontakt.standorte, kontakt.tel_uri, "
     "kontakt.telefon, kontakt.web – z. B. {{ kontakt.telefon }}"),
    ("Mail: {{ kontak.email }}.", 7,
     "Platzhalter {{ kontak.email }}: „kontak“ gibt es nicht; erwartet: einer von kontakt, kosten, betreiber, "
     "build_date, faktenblatt, gruppen, programm, SITEURL, sprachen, termine – z. B. {{ kontakt.email }}"),
    ("Die Schulung kostet {{ kosten.schulung | euro }}.", 7,
     "Platzhalter {{ kosten.schulung | euro }}: „euro“ braucht einen Betrag (eine Zahl), „kosten.schulung“ ist "
     "aber eine Gruppe von Angaben (bezeichnung, betrag, einheit); erwartet: einen Betrag (eine Zahl) – z. B. "
     "{{ kosten.schulung.betrag | euro }}"),
    ("Module: {{ programm.module.titel }}.", 7,
     "Platzhalter {{ programm.module.titel }}: „programm.module“ ist eine Liste (4 Einträge), hat also kein "
     "„titel“; erwartet: ein Eintrag daraus, z. B. {% for x in programm.module %}{{ x.titel }}{% endfor %}, "
     "oder die Anzahl: {{ programm.module | length }}"),
    ("Treffen: {{ programm.sitzungen() }}.", 7,
     "Platzhalter {{ programm.sitzungen() }}: „programm.sitzungen“ ist eine Zahl, kein Makro; erwartet: ohne "
     "Klammern, also {{ programm.sitzungen }}"),
    ("Summe: {{ kosten.schulung + 1 }} Euro.", 7,
     "Platzhalter {{ kosten.schulung + 1 }}: „kosten.schulung“ ist eine Gruppe von Angaben (bezeichnung, "
     "betrag, einheit), hier wird aber ein einzelner Wert gebraucht; erwartet: eine der Angaben, z. B. "
     "{{ kosten.schulung.betrag + 1 }}"),
    ("Zahl: {{ programm.sitzungen | eur }}.", 7,
     "Filter „eur“ gibt es nicht; erwartet: einer von euro, upper, lower, datum, datum_kurz, "
     "jsonld, stunden, tel, zahlwort, ziffern oder ein "
     "eingebauter Filter von Jinja (z. B. length, default) – z. B. {{ programm.sitzungen | euro }}"),
    # Unclosed: the line where it was opened, not the end of the page.
    ("Eins\n\n{% if programm.sitzungen %}\nZwei\n\nDrei\n\nVier", 9,
     "„{% if … %}“ wird nicht geschlossen; erwartet: {% endif %} an seinem Ende"),
    ("Eins {{ programm.sitzungen\n\nZwei\n\nDrei", 7,
     "Platzhalter „{{ …“ wird nicht geschlossen; erwartet: }} am Ende des Platzhalters"),
    ("Eins\n\n{% endif %}", 9,
     "„{% endif %}“ schließt nichts; erwartet: ein „{% if … %}“ davor oder die Zeile löschen"),
    ("{% for m in programm.module %}\n- {{ m.titl }}\n{% endfor %}", 8,
     "Platzhalter {{ m.titl }}: „m.titl“ gibt es nicht; erwartet: einer von m.titel, m.beschreibung, m.kurz – z. B. "
     "{{ m.titel }}"),
]


@pytest.mark.parametrize("body,line,message", CASES, ids=[c[0][:40] for c in CASES])
def test_a_failing_placeholder_names_the_placeholder_what_exists_and_an_example(tmp_path, body, line, message):
    problems = input_problems(tmp_path, pages={"probe.md": (HEAD + body + "\n").encode()})
    assert problems == [f"{PAGE}:{line}: {message}"]
    assert not [word for word in PYTHON if word in message.replace("kontakt", "")]


def test_a_failing_placeholder_in_the_title_or_summary_names_its_line(tmp_path):
    page = ("---\ntitle: Probe {{ programm.sitzugen }}\nsummary: Eine Probe mit {{ kosten.schulung | euro }}.\n---\n"
            "\nText\n")
    problems = input_problems(tmp_path, pages={"probe.md": page.encode()})
    assert problems == [f"{PAGE}:2: Platzhalter {{{{ programm.sitzugen }}}}: „programm.sitzugen“ gibt es nicht; "
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
    (HEAD + "Eins\n\nZwei\x0bdrei\n", 9, "ein Zeilenumbruch aus Word (Umschalt+Eingabe, U+000B)"),
    (HEAD + "Eins\u2028zwei\n", 7, "ein Zeilentrenner (U+2028)"),
    ("---\ntitle: Pro\x07be\nsummary: Eine Probe.\nslug: probe\n---\n\nText\n", 2, "ein Steuerzeichen (U+0007)"),
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
    assert problems[0].startswith(f"{PAGE}:7: Platzhalter verwendet „{name}“, das Seiten nicht verwenden dürfen")
    assert "z. B. {{ kontakt.email }}" in problems[0]


# --- page headers the navigation and the templates depend on ----------------------------------------------

@pytest.mark.parametrize("template", ["gruppen-land", "404", "base", "sitemap", "partials/nav"])
def test_a_template_that_only_the_site_itself_uses_is_refused(tmp_path, template):
    page = f"---\ntitle: Probe\nsummary: Eine Probe.\ntemplate: {template}\n---\n\nText\n"
    [problem] = input_problems(tmp_path, pages={"probe.md": page.encode()})
    assert problem.startswith(f"{PAGE}:4: Feld „template“: Wert „{template}“ ist ungültig; erwartet: eine Vorlage "
                              "für Seiten: page, home, termine, gruppen oder leicht")


@pytest.mark.parametrize("order, expected", [
    ("²", "eine ganze Zahl ohne Punkt, Komma oder Einheit, z. B. 2"),
    ("٣", "eine ganze Zahl ohne Punkt, Komma oder Einheit, z. B. 2"),
    ("-1", "eine ganze Zahl ab 0 bis 999"),
    ("2.5", "eine ganze Zahl ohne Punkt und Nachkommastellen, z. B. 2"),
    ("zwei", "eine ganze Zahl ohne Punkt, Komma oder Einheit, z. B. 2"),
    ("1234567890", "eine ganze Zahl ab 0 bis 999"),
])
def test_an_order_that_is_no_whole_number_is_refused(tmp_path, order, expected):
    page = f"---\ntitle: Probe\nsummary: Eine Probe.\nsection: partner\norder: {order}\n---\n\nText\n"
    assert input_problems(tmp_path, pages={"probe.md": page.encode()}) == [
        f"{PAGE}:5: Feld „order“: Wert „{order}“ ist ungültig; erwartet: {expected}"]


def test_the_section_navigation_sorts_by_number_and_puts_pages_without_order_last(tmp_path):
    """Order 10 comes after 2 (the header's text would sort "10" first), a page without Order comes last –
    before, a Section without Order stopped the build with an internal error."""
    pages = {"zehn.md": b"---\ntitle: Zehn\nsummary: S.\nsection: partner\norder: 10\n---\n\nText\n",
             "ohne.md": b"---\ntitle: Ohne\nsummary: S.\nsection: partner\n---\n\nText\n"}
    site = site_with(tmp_path, pages=pages)
    html = PagesAsBuilt(site).html("zehn/")
    nav = html.split('class="sub-nav"', 1)[1].split("</nav>", 1)[0]
    titles = [part.rsplit(">", 1)[-1] for part in nav.split("</a>")[:-1]]
    assert titles == ["Kooperation", "Wirksamkeit", "Zehn", "Ohne"]  # Order 1, 2, 10, none


NOT_TEXT = [
    ("{{ kosten.schulung }}", "„kosten.schulung“ ist eine Gruppe von Angaben (bezeichnung, betrag, einheit); "
                              "erwartet: eine der Angaben, z. B. {{ kosten.schulung.bezeichnung }}"),
    ("Tel {{ betreiber.telefon }}", "„betreiber.telefon“ ist leer (in den Daten nicht eingetragen) und stünde als "
                                    "„None“ auf der Seite; erwartet: den Wert in data/ eintragen oder nur zeigen, "
                                    "wenn es ihn gibt: {% if betreiber.telefon %}{{ betreiber.telefon }}{% endif %}"),
    ("{{ programm.module }}", "„programm.module“ ist eine Liste (4 Einträge); erwartet: ihre Einträge, z. B. "
                              "{% for x in programm.module %}{{ x.titel }}{% endfor %}, oder die Anzahl: "
                              "{{ programm.module | length }}"),
    ("{{ build_date }}", "„build_date“ ist ein Datum; erwartet: {{ build_date | datum }} (z. B. 4. März 2025)"),
    ('{% from "macros/termine.html" import termine_liste %}{{ termine_liste }}',
     "„termine_liste“ ist ein Makro; erwartet: mit Klammern, {{ termine_liste() }}"),
    ("{{ programm.module | length > 2 }}", "„programm.module | length > 2“ ist ein Ja/Nein-Wert und stünde als "
                                           "„True“ auf der Seite; erwartet: "
                                           "{{ \"ja\" if programm.module | length > 2 else \"nein\" }}"),
    # Two placeholders on the line: the one whose value it is.
    ("{{ kontakt.email }} oder {{ kontakt.standorte }}", "„kontakt.standorte“ ist eine Liste (2 Einträge)"),
]


@pytest.mark.parametrize("body, message", NOT_TEXT, ids=[c[0][:30] for c in NOT_TEXT])
def test_a_value_that_is_not_text_is_refused_instead_of_printed_as_python(tmp_path, body, message):
    """Before, these printed Python's words on the page: „Posten(bezeichnung=…)“, „None“, „True“, „[…]“."""
    [problem] = input_problems(tmp_path, pages={"probe.md": (HEAD + body + "\n").encode()})
    placeholder = [p for p in ("{{ kontakt.standorte }}", "{{ termine_liste }}") if p in body] or [
        body.replace("Tel ", "")]
    assert problem.startswith(f"{PAGE}:7: Platzhalter {placeholder[0]}: {message}"), problem


def test_an_empty_value_in_the_title_is_refused_too(tmp_path):
    page = "---\ntitle: Telefon {{ betreiber.telefon }}\nsummary: S.\n---\n\nText\n"
    [problem] = input_problems(tmp_path, pages={"probe.md": page.encode()})
    assert problem.startswith(f"{PAGE}:2: Platzhalter {{{{ betreiber.telefon }}}}: „betreiber.telefon“ ist leer")


def test_the_imprint_prints_a_missing_value_as_a_marked_gap(tmp_path):
    """The Impressum's own macro asks {% if wert %} first: an empty field is a visible gap, not an error."""
    html = PagesAsBuilt(site_with(tmp_path)).html("impressum/")
    assert '<span class="fehlt">[Name: noch einzutragen]</span>' in html


GERMAN_ONLY = [
    ("{{ programm.sitzungen / 0 }}", "Platzhalter {{ programm.sitzungen / 0 }}: teilt durch 0"),
    ("{{ kosten.schulung.betrag | euro(2) }}", "Platzhalter {{ kosten.schulung.betrag | euro(2) }}: „euro“ bekommt "
                                               "andere Angaben in Klammern, als es braucht; erwartet: z. B. "
                                               "{{ kosten.schulung.betrag | euro }} ohne Klammern"),
    ("{{ programm.motto + 1 }}", "Platzhalter {{ programm.motto + 1 }}: rechnet oder verbindet Werte, die nicht "
                                 "zusammenpassen (Text und Zahl?)"),
    ("{% else %}", "„{% else %}“ steht außerhalb von {% if … %} … {% endif %}"),
    ("{% elif x %}", "„{% elif %}“ steht außerhalb von {% if … %} … {% endif %}"),
    ("{{ programm.sitzungen + }}", "Platzhalter {{ programm.sitzungen + }} ist unvollständig: der Ausdruck endet "
                                   "mitten drin"),
    ("{% for %}", "Platzhalter {% for %} ist unvollständig: nach dem Wort fehlt, worauf es sich bezieht"),
    ("{% set x = programm.sitzungen %}{{ x.y }}", "Platzhalter {{ x.y }}: „y“ gibt es hier nicht"),
    ("{% if programm.sitzungen %}\nText\n{% endfor %}", "„{% if … %}“ wird mit „{% endfor %}“ (Zeile 9) geschlossen; "
                                                        "erwartet: {% endif %}"),
    ("{% raw %}\n{{ x }}", "Platzhalter {% raw %} ist unvollständig: „{% raw %}“ wird nicht mit „{% endraw %}“ "
                           "geschlossen"),
    ("{% %}", "Platzhalter {% %} ist unvollständig: nach „{%“ fehlt das Wort"),
    ("Text {{ kontakt email }}", "Platzhalter {{ kontakt email }} ist unvollständig: zwei Namen stehen "
                                 "nebeneinander; erwartet: ein Punkt dazwischen, z. B. {{ kontakt.email }}"),
    ("Preis {{ kosten.schulung.betrag | euro }.", "Platzhalter {{ kosten.schulung.betrag | euro }. ist "
                                                  "unvollständig"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "Platzhalter {{ m() }}: ein Makro ruft sich selbst ohne "
                                                         "Ende auf"),
    ("{% import 'macros/termine.html' as t %}{{ t.nix() }}", "Platzhalter {{ t.nix() }}: „nix“ gibt es hier nicht"),
    ("{% from 'macros/termine.html' import naechste_termine %}{{ naechste_termine('drei') }}",
     "unbekannter Platzhalter: naechste_termine(anzahl): erwartet eine Zahl ab 1 ohne Anführungszeichen, z. B. "
     "naechste_termine(3), nicht „drei“"),
]


@pytest.mark.parametrize("body, message", GERMAN_ONLY, ids=[c[0][:30] for c in GERMAN_ONLY])
def test_a_placeholder_python_cannot_run_is_explained_in_german(tmp_path, body, message):
    [problem] = input_problems(tmp_path, pages={"probe.md": (HEAD + body + "\n").encode()})
    assert problem.startswith(f"{PAGE}:7: {message}"), problem
    german = problem.split(" (Python meldet:")[0].split(" (Jinja meldet:")[0]
    assert not re.search(r"\b(takes|argument|object|unsupported|division|unexpected|Expected|Encountered)\b",
                         german), problem


def test_a_file_in_the_pages_folder_that_is_no_page_stops_the_build(tmp_path):
    problems = input_problems(tmp_path, pages={"kosten.MD": b"---\ntitle: K\nsummary: S\n---\n\nText\n",
                                               "alt.md.txt": b"Text",
                                               "seite.html": b"<p>x</p>", "LIESMICH": b"x", "bild.png": b"x"})
    tail = ("und stünde nicht auf der Website; erwartet: eine Seite mit der Endung .md, Bilder und Dateien zum "
            "Herunterladen in content/downloads/")
    assert problems == [
        f"content/pages/LIESMICH: ist keine Seite (keine Endung) {tail}",
        *(f"content/pages/{name}: ist keine Seite (die Endung „{ending}“) {tail}"
          for name, ending in [("alt.md.txt", ".txt"), ("bild.png", ".png"), ("kosten.MD", ".MD"),
                               ("seite.html", ".html")]),
    ]


def test_a_page_in_the_earlier_header_format_is_one_message_that_shows_the_new_one(tmp_path):
    page = "Title: Probe\nSummary: Eine Probe.\n\nText\n"
    assert input_problems(tmp_path, pages={"probe.md": page.encode()}) == [
        f"{PAGE}:1: Kopf im früheren Format; erwartet: die Angaben zur Seite zwischen zwei Zeilen --- am Anfang, in "
        "kleinen Buchstaben („title:“ statt „Title:“), z. B. ---⏎title: Das Konzept⏎summary: So läuft wir2 ab …⏎---"]


@pytest.mark.parametrize("page, expected", [
    ("Nur Text.\n", "Angaben zur Seite fehlen; erwartet: am Anfang der Datei zwischen zwei Zeilen --- mindestens "
                    "title und summary"),
    ("---\ntitle: Probe\nsummary: S.\n\nText\n", "die Angaben zur Seite enden nicht; erwartet: nach ihnen eine "
                                                   "Zeile --- und danach der Text"),
    ("---\n- title\n---\n\nText\n", "die Angaben zur Seite sind keine Liste von Feldern"),
])
def test_a_page_without_complete_front_matter_says_what_is_missing(tmp_path, page, expected):
    [problem] = input_problems(tmp_path, pages={"probe.md": page.encode()})
    assert problem.startswith(f"{PAGE}:") and expected in problem, problem


def test_a_key_in_capitals_suggests_the_lower_case_one(tmp_path):
    page = "---\nTitle: Probe\nsummary: S.\n---\n\nText\n"
    problems = input_problems(tmp_path, pages={"probe.md": page.encode()})
    assert problems[0] == (f"{PAGE}:2: Feld „Title“: unbekanntes Feld; erlaubt sind: title, summary, slug, section, "
                           "nav_title, order, template, save_as, url, status, modified, geprueft_am, "
                           "zielgruppe_geprueft, lang, uebersetzung_geprueft; meinten Sie „title“?")


@pytest.mark.parametrize("body, name", [
    ("{{ kontakt | string }}", "kontakt"),
    ('{{ [kosten.schulung] | join(", ") }}', "kosten.schulung"),
    ('{{ "%s" | format(termine) }}', "termine"),
    ("{{ kontakt | pprint }}", "kontakt"),
])
def test_a_filter_that_makes_text_of_anything_still_refuses_records(tmp_path, body, name):
    """| string, | join, | format, | pprint printed Python's form of a record past the check (reviewer)."""
    [problem] = input_problems(tmp_path, pages={"probe.md": (HEAD + body + "\n").encode()})
    assert problem.startswith(f"{PAGE}:7: Platzhalter {body}: „{name}“ ist eine Gruppe von Angaben"), problem


def test_filters_that_make_text_still_work_on_text_and_numbers(tmp_path):
    body = ('{{ programm.module | map(attribute="titel") | join(", ") }} – '
            '{{ "%s Treffen" | format(programm.sitzungen) }} – {{ programm.sitzungen | string }}')
    assert input_problems(tmp_path, pages={"probe.md": (HEAD + body + "\n").encode()}) == []


@pytest.mark.parametrize("body", ['{{ ("a" * 10**9) | length }}', "{{ 2 ** 100000 }}", "{{ [1] * 1000000 }}"])
def test_a_placeholder_cannot_make_a_huge_value(tmp_path, body):
    """Before, these ran for as long as the build machine's memory lasted (reviewer)."""
    [problem] = input_problems(tmp_path, pages={"probe.md": (HEAD + "Text " + body + "\n").encode()})
    assert problem == (f"{PAGE}:7: Platzhalter rechnet ein zu großes Ergebnis aus (mit * oder **); erwartet: Zahlen "
                       "und Texte aus den Daten, z. B. {{ kosten.schulung.betrag * 2 }}")


def test_ordinary_arithmetic_still_works(tmp_path):
    body = "{{ kosten.schulung.betrag * 2 }} {{ 2 ** 10 }} {{ \"–\" * 3 }}"
    assert input_problems(tmp_path, pages={"probe.md": (HEAD + body + "\n").encode()}) == []
