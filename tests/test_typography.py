"""German typography by rule (wir2.render.typography): each rule, its exceptions, and the built site.

Each rule has at least one case here (a test fails when a rule has none), and the
site-wide tests read every page of the real site: no sentence starts with a
digit, and no count up to twelve is printed as a digit in running text.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from helpers import ROOT, build_project, html_pages, tree
from wir2 import german
from wir2.render import typography
from wir2.render.typography import NBSP

N = NBSP

#: (rule, typed, printed) – every rule of typography.RULES has a case.
CASES = [
    ("ellipsis", "und so weiter...", "und so weiter…"),
    ("quotes", 'das "Manual" der Gruppen', "das „Manual“ der Gruppen"),
    ("apostrophe", "Geht's los?", "Geht’s los?"),
    ("dash", "Kraft - Bindung -- Beziehung", "Kraft – Bindung – Beziehung"),
    ("abbreviations", "z. B. Kitas, d.h. alle, u. a. hier", f"z.{N}B. Kitas, d.{N}h. alle, u.{N}a. hier"),
    ("abbreviations", "i. d. R. kostenlos", f"i.{N}d.{N}R. kostenlos"),
    ("number_unit", "700 € und 20 % in 90 Minuten, 9:00 Uhr, 3 Jahre", f"700{N}€ und 20{N}% in 90{N}Minuten, "
                                                                     f"9:00{N}Uhr, 3{N}Jahre"),
    ("day_month", "am 5. Dezember 2025", f"am 5.{N}Dezember 2025"),
    ("sections", "§ 5 DDG, Art. 6 Abs. 1 Buchstabe f, Nr. 3", f"§{N}5 DDG, Art.{N}6 Abs.{N}1 Buchstabe f, Nr.{N}3"),
    ("titles", "Prof. Dr. Matthias Franz", f"Prof.{N}Dr.{N}Matthias Franz"),
    ("before_number", "ca. 15.000 € und Tel. 05241 17949-14", f"ca.{N}15.000{N}€ und Tel.{N}05241 17949-14"),
]


@pytest.mark.parametrize("rule,typed,printed", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_rule_sets_german_text(rule, typed, printed):
    assert typography.text(typed) == printed
    # The rule itself does it (not another rule by accident): without it the text differs.
    others = [r for r in typography.RULES if r.name != rule]
    without = typed
    for r in others:
        without = r.apply(without)
    assert without != printed


def test_every_rule_has_a_case():
    assert {r.name for r in typography.RULES} == {c[0] for c in CASES}


@pytest.mark.parametrize("kept", [
    "https://doi.org/10.1007/s10389-011-0396-4",
    "https://example.org/a...b/\"x\"/it's",
    "www.wir2-bindungstraining.de/termine",
    "info@wir2-bindungstraining.de",
    "vor.name@beispiel-stadt.de",
])
def test_addresses_are_left_as_written(kept):
    assert typography.text(f"Siehe {kept} ...") == f"Siehe {kept} …"


def test_html_changes_text_only_outside_code_and_never_tags_or_attributes():
    source = ('<p title="z. B. 5 €">Art. 6 <a href="/x?a=1&amp;b=2">z. B. 5 €</a> &amp; 3 Jahre</p>'
              '<code>5 € ...</code><pre>a - b</pre><kbd>"x"</kbd><script>var a = "5 €";</script>\n<p>x\n5 €</p>')
    assert typography.html(source) == (
        f'<p title="z. B. 5 €">Art.{N}6 <a href="/x?a=1&amp;b=2">z.{N}B. 5{N}€</a> &amp; 3{N}Jahre</p>'
        '<code>5 € ...</code><pre>a - b</pre><kbd>"x"</kbd><script>var a = "5 €";</script>\n<p>x\n5' + N + '€</p>')


def test_html_keeps_every_byte_it_does_not_set():
    source = "<!-- a - b --><p class='x'>&#8222;a&#8220; &lt;b&gt; <br/>c</p>"
    assert typography.html(source) == source


@pytest.mark.parametrize("n,word", [(0, "null"), (1, "ein"), (2, "zwei"), (4, "vier"), (10, "zehn"), (12, "zwölf"),
                                    (13, "13"), (20, "20")])
def test_counts_up_to_twelve_are_words(n, word):
    assert german.number_word(n) == word


def test_date_ranges_have_weekdays_with_a_period_and_a_spaced_dash():
    assert german.day(dt.date(2025, 5, 6)) == "Di., 6. Mai 2025"
    assert german.day_range(dt.date(2025, 1, 30), dt.date(2025, 2, 1)) == f"Do., 30. Januar{N}– Sa., 1. Februar 2025"
    assert german.day_range(dt.date(2025, 3, 13), dt.date(2025, 3, 15)) == f"Do., 13.{N}– Sa., 15. März 2025"
    assert typography.text(german.day_range(dt.date(2025, 3, 13), dt.date(2025, 3, 15))) == \
        f"Do., 13.{N}– Sa., 15.{N}März 2025"
    assert german.time_range(dt.time(9), dt.time(11, 30)) == "9:00–11:30 Uhr"


@pytest.mark.parametrize("minutes,said", [(90, "eineinhalb Stunden"), (60, "1 Stunde"), (120, "2 Stunden"),
                                          (30, "eine halbe Stunde"), (150, "2 und eine halbe Stunde"),
                                          (45, "45 Minuten")])
def test_durations_in_hours_for_leichte_sprache(minutes, said):
    assert german.hours(minutes) == said


# --- the built site ---------------------------------------------------------------------------

#: Running text: paragraphs, list items, headings and captions (not table cells, code or the finder's data).
RUNNING = ("p", "li", "h2", "h3", "caption", "dd")
#: Leichte Sprache writes numbers as digits (Netzwerk Leichte Sprache: „Schreiben Sie Zahlen als Ziffern“).
DIGITS_ALLOWED = {"leichte-sprache/index.html"}
_ABBREVIATION_END = re.compile(r"(?:\b(?:z|B|d|h|u|a|v|o|Ä|s|i|R|T|U|Dr|Prof|Nr|Abs|Art|S|ca|Tel|bzw|ggf|vgl|"
                               r"usw|etc|Str|Jh)|\d)\.$")
#: A count before a word: „2 Fachkräfte“, „bis 10 Jahre“; not „§ 5“, „Art. 6“, versions (WCAG 2.1),
#: ordinals (5. Dezember), times (9:00), ranges (10 bis 15, 10–15) or parts of larger numbers.
_COUNT = re.compile(r"(?<![\d.,:/§\-–])(?<!§\u00a0)(?<!Art\.\u00a0)(?<!Abs\.\u00a0)(?<!Nr\.\u00a0)"
                    r"\b([0-9]|1[0-2])\b(?![\d.,:–\-])[ \u00a0](?!bis\b|und\b|oder\b|–)(?=[A-Za-zÄÖÜäöüß])")


def _raw_text(node) -> str:
    """A node's text with its no-break spaces (helpers.Node.text folds them into spaces)."""
    parts = [c if isinstance(c, str) else _raw_text(c) for c in node.children]
    return re.sub(r"[ \t\r\n]+", " ", "".join(parts)).strip()


def _running_texts(page: Path) -> list[str]:
    root = tree(page)
    main = root.find_all("main")
    texts = []
    for node in main[0].find_all() if main else []:
        if node.tag in RUNNING and not any(a.tag in ("table", "pre", "code") for a in _ancestors(node)):
            texts.append(_raw_text(node))
    return texts


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def _sentences(text: str) -> list[str]:
    parts, start = [], 0
    for match in re.finditer(r"[.!?][ \u00a0]+", text):
        before = text[start:match.start() + 1]
        if _ABBREVIATION_END.search(before.split()[-1] if before.split() else ""):
            continue
        parts.append(text[start:match.end()].strip())
        start = match.end()
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def test_the_sentence_splitter_knows_abbreviations_and_ordinals():
    assert _sentences("Am 5. Dezember, z. B. hier. 20 Treffen.") == ["Am 5. Dezember, z. B. hier.", "20 Treffen."]


def test_no_sentence_on_any_page_starts_with_a_digit(site):
    found = []
    for page in html_pages(site):
        for text in _running_texts(page):
            for sentence in _sentences(text):
                if sentence[0].isdigit():
                    found.append((str(page.relative_to(site)), sentence[:80]))
    assert not found, "\n".join(map(str, found))


TRANSLATED = {path.stem for path in (ROOT / "data" / "sprachen").glob("*.yml")} - {"de"}


def test_no_count_up_to_twelve_is_printed_as_a_digit_in_running_text(site):
    found = []
    for page in html_pages(site):
        name = str(page.relative_to(site))
        if name in DIGITS_ALLOWED or page.relative_to(site).parts[0] in TRANSLATED:
            continue  # translations print counts as digits: the German rule is not theirs
        for text in _running_texts(page):
            for match in _COUNT.finditer(text):
                found.append((name, text[max(0, match.start() - 30):match.end() + 20]))
    assert not found, "\n".join(map(str, found))


def test_the_count_check_finds_a_count_and_spares_what_is_no_count():
    def counts(text: str) -> list[str]:
        return [m.group(1) for m in _COUNT.finditer(text)]

    assert counts("Mindestens 2 Fachkräfte, bis 10 Jahre") == ["2", "10"]
    assert counts(f"§{N}5 DDG, Art.{N}6 Abs.{N}1, WCAG 2.1 AA, am 5.{N}Mai, 9:00 Uhr, 10 bis 15, 10–15, "
                  "20 Treffen, 1.400 €, s10389-011-0396-4 x") == []


def test_pages_carry_the_no_break_spaces_of_the_rules(site):
    def page_text(name: str) -> str:
        return (site / name / "index.html").read_text(encoding="utf-8")

    assert f"Prof.{N}Dr.{N}Matthias Franz" in page_text("wirksamkeit")
    assert f"§{N}5 Digitale-Dienste-Gesetz" in page_text("impressum")
    assert f"Art.{N}6 Abs.{N}1 Buchstabe f" in page_text("datenschutz")
    assert f"700{N}€" in page_text("kooperation")
    assert f"ca.{N}15.000{N}€" in page_text("kooperation")


def test_a_count_from_the_data_is_printed_as_a_word_wherever_a_page_prints_it(project_copy, tmp_path):
    path = project_copy / "data" / "kosten.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["mindestens_geschulte_personen"] = 3
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"
    assert build_project(project_copy, out).ok
    text = _raw_text(tree(out / "kooperation" / "index.html").find_all("main")[0]).replace(N, " ")
    assert "Mindestens drei beruflich qualifizierte Fachkräfte" in text
    assert "die Mindestzahl von drei Fachkräften" in text
    assert "Mindestens 3 " not in text


def test_calendar_texts_pass_through_the_same_rules(site):
    texts = [p.read_text(encoding="utf-8") for p in (site / "termine").rglob("*.ics")]
    assert texts, "no calendar files"
    unfolded = [re.sub(r"\r?\n[ \t]", "", t) for t in texts]
    assert not any(re.search(r"\d (?:€|Uhr|Minuten)\b", t) for t in unfolded)
