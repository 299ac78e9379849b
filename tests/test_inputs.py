"""Bad input stops the build with a message naming file, line and field; output/ stays as it was."""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import re
import shutil
import threading
from pathlib import Path

import pytest

from helpers import (
    ROOT,
    SITE_BUILD_DATE,
    PagesAsBuilt,
    build_project,
    input_problems,
    inputs_of,
    leftovers,
    site_with,
    snapshot,
)
from wir2 import pelican_plugin
from wir2.build import main as build_main
from wir2.build import report
from wir2.load import build_date_from, load_site, yamlsource
from wir2.problems import DataError


@pytest.fixture
def built(project_copy, tmp_path):
    """A project copy with a good build in its output folder."""
    out = tmp_path / "output"
    assert build_project(project_copy, out).ok
    return project_copy, out, snapshot(out)


def rebuild_fails(project: Path, out: Path, before: dict[str, bytes]) -> list[str]:
    result = build_project(project, out)
    assert not result.ok, "the build should have failed"
    assert snapshot(out) == before, "output/ changed although the build failed"
    assert not leftovers(out)
    return result.messages


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_wrong_amount_type_names_file_line_field_value_and_expectation(built):
    project, out, before = built
    path = project / "data" / "kosten.yml"
    replace_in(path, "betrag: 700", "betrag: 700 Euro")
    [message] = rebuild_fails(project, out, before)
    assert message.startswith(f"data/kosten.yml:{line_of(path, '700 Euro')}:")
    assert "schulung.betrag" in message and "„700 Euro“" in message and "ganze Zahl" in message


def test_typo_in_a_key_is_reported_with_a_suggestion(built):
    project, out, before = built
    path = project / "data" / "kontakt.yml"
    replace_in(path, "  funktion:", "  funktoin:")
    messages = rebuild_fails(project, out, before)
    assert any(f"data/kontakt.yml:{line_of(path, 'funktoin')}:" in m and "„funktoin“" not in m
               and "ansprechperson.funktoin" in m and "meinten Sie „funktion“" in m for m in messages), messages
    assert any("ansprechperson.funktion" in m and "Pflichtfeld" in m for m in messages), messages


def test_all_problems_of_all_files_are_reported_at_once(built):
    project, out, before = built
    replace_in(project / "data" / "kontakt.yml", "email: info@wir2-bindungstraining.de", "email: info(at)wir2")
    replace_in(project / "data" / "programm.yml", "sitzungen: 20", "sitzungen: zwanzig")
    replace_in(project / "data" / "programm.yml", "gruppenleitungen: 2", "gruppenleitungen: -2")
    messages = rebuild_fails(project, out, before)
    assert len(messages) == 3, messages
    assert {m.split(":")[0] for m in messages} == {"data/kontakt.yml", "data/programm.yml"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("schulung: [700\n", "kein gültiges YAML"),
        ("", "Datei ist leer"),
        ("- 700\n", "eine Gruppe von Feldern"),
        ("schulung: 1\nschulung: 2\n", "steht doppelt"),
    ],
)
def test_broken_yaml_files(built, text, expected):
    project, out, before = built
    (project / "data" / "kosten.yml").write_text(text, encoding="utf-8")
    messages = rebuild_fails(project, out, before)
    assert messages[0].startswith("data/kosten.yml") and expected in messages[0], messages


def test_non_https_links_are_rejected(built):
    project, out, before = built
    replace_in(project / "data" / "programm.yml", "register_url: https://", "register_url: javascript://")
    [message] = rebuild_fails(project, out, before)
    assert "gruene_liste.register_url" in message and "https://" in message


def test_page_without_title(built):
    project, out, before = built
    path = project / "content" / "pages" / "konzept.md"
    text = path.read_text(encoding="utf-8")
    path.write_text("\n".join(line for line in text.splitlines() if not line.startswith("title:")), encoding="utf-8")
    [message] = rebuild_fails(project, out, before)
    assert message.startswith("content/pages/konzept.md:1:") and "„title“" in message


def test_page_with_unknown_metadata_key(built):
    project, out, before = built
    path = project / "content" / "pages" / "konzept.md"
    replace_in(path, "summary:", "sumary:")
    messages = rebuild_fails(project, out, before)
    assert any(m.startswith(f"content/pages/konzept.md:{line_of(path, 'sumary:')}:") and "sumary" in m
               for m in messages), messages


def test_page_with_unknown_placeholder(built):
    project, out, before = built
    path = project / "content" / "pages" / "konzept.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nKosten: {{ kosten.schulng.betrag }}\n", encoding="utf-8")
    [message] = rebuild_fails(project, out, before)
    assert message.startswith(f"content/pages/konzept.md:{line_of(path, 'schulng')}:") and "schulng" in message


def test_two_pages_with_the_same_slug(built):
    project, out, before = built
    source = project / "content" / "pages" / "konzept.md"
    copy = project / "content" / "pages" / "konzept-kopie.md"
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    messages = rebuild_fails(project, out, before)
    assert any("Slug" in m and "konzept" in m and ("konzept-kopie.md" in m) for m in messages), messages


def test_build_date_from_environment():
    assert build_date_from({"WIR2_BUILD_DATE": "2025-05-06"}) == dt.date(2025, 5, 6)
    with pytest.raises(DataError, match="WIR2_BUILD_DATE"):
        build_date_from({"WIR2_BUILD_DATE": "06.05.25"})


def test_group_size_range_and_sites_are_checked(built):
    project, out, before = built
    replace_in(project / "data" / "programm.yml", "gruppengroesse_von: 10", "gruppengroesse_von: 40")
    kontakt = project / "data" / "kontakt.yml"
    text = kontakt.read_text(encoding="utf-8")
    kontakt.write_text(text[: text.index("standorte:")] + "standorte: []\n", encoding="utf-8")
    messages = rebuild_fails(project, out, before)
    assert any("gruppengroesse_bis" in m and "ab 40" in m for m in messages), messages
    assert any(m.startswith("data/kontakt.yml:") and "mindestens einer" in m for m in messages), messages


# --- what a review of the one-package redesign found ------------------------------------------


def test_a_german_modified_date_is_given_to_pelican_as_checked(project_copy, tmp_path):
    page = project_copy / "content" / "pages" / "konzept.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("summary:", "modified: 06.05.2025\nsummary:", 1), encoding="utf-8")
    result = build_project(project_copy, tmp_path / "out")
    assert result.ok, result.messages
    sitemap = (tmp_path / "out" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>/konzept/</loc>\n<lastmod>2025-05-06T00:00:00+02:00</lastmod>" in sitemap


def test_a_key_written_twice_in_a_page_is_reported(tmp_path):
    page = (ROOT / "content" / "pages" / "konzept.md").read_text(encoding="utf-8")
    twice = page.replace("summary:", "slug: konzept\nsummary:", 1)
    assert twice.count("\nslug:") == 2
    [message] = input_problems(tmp_path, pages={"konzept.md": twice.encode("utf-8")})
    first = next(i for i, line in enumerate(twice.splitlines(), 1) if line.startswith("slug:"))
    second = next(i for i, line in enumerate(twice.splitlines(), 1) if line.startswith("slug:") and i > first)
    assert message == (f"content/pages/konzept.md:{second}: Feld „slug“: steht doppelt in derselben Liste/Gruppe "
                       f"(zuerst in Zeile {first}); jedes Feld nur einmal angeben")


def test_a_listing_inside_a_list_item_is_shown_and_one_in_a_code_block_is_reported(tmp_path):
    head = ("---\ntitle: Probe\nsummary: Probe.\nslug: probe\n---\n\n"
            "{% from \"macros/termine.html\" import naechste_termine %}\n")
    in_list = head + "- Die nächsten: {{ naechste_termine() }}\n"
    site = site_with(tmp_path, SITE_BUILD_DATE, pages={"probe.md": in_list.encode("utf-8")})
    html = PagesAsBuilt(site).html("probe/")
    assert 'class="termine termine-kompakt"' in html and "wir2-block" not in html
    fenced = head + "```\n{{ naechste_termine() }}\n```\n"
    [message] = input_problems(tmp_path / "fenced", pages={"probe.md": fenced.encode("utf-8")})
    assert message.startswith("content/pages/probe.md:9: die Terminliste steht in einem Code-Block")


def test_dotfiles_and_editor_locks_are_not_pages(project_copy, tmp_path):
    pages = project_copy / "content" / "pages"
    (pages / ".#konzept.md").symlink_to("root@host.1234:1700000000")  # Emacs' lock: a dangling link
    (pages / "._konzept.md").write_bytes(b"\x00\x05\x16\x07 macOS resource fork")
    result = build_project(project_copy, tmp_path / "out")
    assert result.ok, result.messages


# --- issue 16: reading a data file never ends in a traceback --------------------------------------
# Class 3.  The situations are built in tmp_path.  Tests run as root in CI, and root reads a file whatever
# its mode, so "no permission" is the PermissionError the operating system would raise, from Path.open
# (which Path.read_bytes uses); /proc/self/mem is a real file that every user, root too, fails to read.

KOSTEN_EXPECTED = "erwartet: die Textdatei kosten.yml"


def _copy_sources(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "content" / "pages", tmp_path / "content" / "pages")
    return tmp_path / "data"


def _no_permission(monkeypatch, target: Path) -> None:
    real_open = Path.open

    def refusing_open(self, *args, **kwargs):
        if self == target:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refusing_open)


@pytest.mark.parametrize("situation, expected", [
    ("ordner", f"data/kosten.yml: ist ein Ordner, keine Datei; {KOSTEN_EXPECTED}"),
    ("pipe", f"data/kosten.yml: ist keine gewöhnliche Datei (sondern eine Pipe, ein Socket oder ein Gerät); "
             f"{KOSTEN_EXPECTED}"),
    ("schleife", f"data/kosten.yml: ist eine Verknüpfung, die im Kreis auf sich selbst verweist; "
                 f"{KOSTEN_EXPECTED} selbst"),
    ("ins-leere", f"data/kosten.yml: ist eine Verknüpfung auf „alt/kosten.yml“, die es nicht gibt; "
                  f"{KOSTEN_EXPECTED} selbst"),
    ("keine-leserechte", "data/kosten.yml: kann nicht gelesen werden (keine Leseberechtigung); erwartet: eine "
                         "Datei, die der Benutzer lesen darf, der die Website baut (z. B. „chmod a+r "
                         "data/kosten.yml“)"),
    ("lesefehler", "data/kosten.yml: kann nicht gelesen werden (Ein-/Ausgabefehler); erwartet: eine lesbare "
                   "Textdatei"),
])
def test_a_data_file_that_cannot_be_read_is_one_message(tmp_path, monkeypatch, situation, expected):
    data = _copy_sources(tmp_path)
    kosten = data / "kosten.yml"
    if situation != "keine-leserechte":
        kosten.unlink()
    if situation == "ordner":
        kosten.mkdir()
    elif situation == "pipe":
        os.mkfifo(kosten)  # opening it would wait for a writer forever
    elif situation == "schleife":
        kosten.symlink_to("kosten.yml")
    elif situation == "ins-leere":
        kosten.symlink_to("alt/kosten.yml")
    elif situation == "keine-leserechte":
        _no_permission(monkeypatch, kosten)
    elif situation == "lesefehler":
        # A disk that fails while reading (EIO). Before links out of the project were refused, this was a
        # link to /proc/self/mem, whose offset 0 fails so for everyone.
        shutil.copy(ROOT / "data" / "kosten.yml", kosten)
        real_open = Path.open

        def failing(self, *args, **kwargs):
            if self.name == "kosten.yml" and self.parent == data:
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", failing)
    done: list[list[str]] = []
    worker = threading.Thread(target=lambda: done.append(input_problems(tmp_path)), daemon=True)
    worker.start()
    worker.join(30)
    if worker.is_alive() and situation == "pipe":  # the reader waits for a writer: release it, then fail
        with open(os.open(kosten, os.O_WRONLY | os.O_NONBLOCK), "w"):
            pass
        worker.join(5)
    assert done, "reading data/kosten.yml did not finish"
    assert done[0] == [expected]


def test_an_unexpected_error_is_one_german_sentence_with_the_detail_below_it(monkeypatch, project_copy, tmp_path):
    out = tmp_path / "output"
    out.mkdir()
    (out / "index.html").write_text("die zuletzt gebaute Website", encoding="utf-8")
    before = snapshot(out)

    def broken(inputs):
        raise RuntimeError("Testfehler im Datenlader")

    monkeypatch.setattr(pelican_plugin, "load_site", broken)
    result = build_project(project_copy, out)
    assert not result.ok
    assert snapshot(out) == before and not leftovers(out)
    stream = io.StringIO()
    assert report(result, stream) == 1
    lines = stream.getvalue().splitlines()
    assert lines[0] == ("Fehler: Interner Fehler beim Bauen der Website – bitte dem Entwicklungsteam melden und "
                        "den Text darunter mitschicken:")
    assert lines[1] == "    Traceback (most recent call last):"
    assert "    RuntimeError: Testfehler im Datenlader" in lines
    assert any("in broken" in line for line in lines), "the traceback names the failing function"
    assert lines[-1] == f"Build abgebrochen; {result.output} ist unverändert geblieben."


def test_the_command_line_reports_an_unexpected_error_the_same_way(monkeypatch, capsys, project_copy, tmp_path):
    def broken(inputs):
        raise KeyError("kaputt")

    monkeypatch.setattr(pelican_plugin, "load_site", broken)
    monkeypatch.setenv("WIR2_BUILD_DATE", "2025-01-15")
    out = tmp_path / "output"
    code = build_main(["--settings", str(project_copy / "pelicanconf.py"), "--output", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and not out.exists()
    assert err.startswith("Fehler: Interner Fehler beim Bauen der Website – bitte dem Entwicklungsteam melden")
    assert "\n    KeyError: 'kaputt'\n" in err


# --- issue 16, class 4: every reading problem names the line ----------------------------------------------


@pytest.mark.parametrize("fast", [False, True])
def test_yaml_text_with_a_control_character_is_reported_in_german_with_its_line(fast):
    with pytest.raises(DataError) as caught:
        yamlsource.loads("a: 1\nb: x\x0by\n", "probe.yml", fast)
    assert [str(p) for p in caught.value.problems] == [
        "probe.yml:2: unsichtbares Zeichen in Spalte 5: ein Zeilenumbruch aus Word (Umschalt+Eingabe, U+000B); "
        "erwartet: das Zeichen löschen oder durch ein Leerzeichen ersetzen – es steht hinter „b: x“"]


def test_many_invisible_characters_are_reported_for_the_first_lines_and_counted_for_the_rest(tmp_path):
    kosten = (ROOT / "data" / "kosten.yml").read_text(encoding="utf-8")
    pasted = "".join(f"# Zeile mit Trenn\u00adzeichen {i}\n" for i in range(25))
    problems = input_problems(tmp_path, files={"kosten.yml": pasted + kosten})
    assert len(problems) == 11
    assert problems[0].startswith("data/kosten.yml:1: unsichtbares Zeichen in Spalte 18: ein weiches Trennzeichen")
    assert problems[9].startswith("data/kosten.yml:10: ")
    assert problems[10] == ("data/kosten.yml: unsichtbare Zeichen auch in 15 weiteren Zeilen (ab Zeile 11); "
                            "erwartet: auch dort löschen")


def test_a_byte_order_mark_at_the_start_is_accepted(tmp_path):
    kosten = (ROOT / "data" / "kosten.yml").read_bytes()
    bom = b"\xef\xbb\xbf"
    assert input_problems(tmp_path, files={"kosten.yml": bom + kosten}) == []


# --- issue 16, class 4 and 6: numbers as typed; what a message suggests is accepted ------------------------

KOSTEN = (ROOT / "data" / "kosten.yml").read_text(encoding="utf-8")
EXAMPLE_LINE = "  gruppenkosten_pro_jahr: 15000"


@pytest.mark.parametrize("typed, expected", [
    ("15.000", "eine ganze Zahl ohne Tausenderpunkt, also 15000"),
    ("1.000.000", "eine ganze Zahl ohne Tausenderpunkt, also 1000000"),
    ("15.000 €", "eine ganze Zahl ohne Tausenderpunkt und ohne Einheit, also 15000"),
    ("15 000", "eine ganze Zahl ohne Leerzeichen zwischen den Ziffern, also 15000"),
    ("15000€", "eine ganze Zahl ohne Einheit, also 15000"),
    ("15000,00", "eine ganze Zahl ohne Komma und Nachkommastellen, also 15000"),
    ("15000.50", "eine ganze Zahl ohne Punkt und Nachkommastellen, z. B. 15000"),
    ("1.5", "eine ganze Zahl ohne Punkt und Nachkommastellen, z. B. 1"),
    ("-100 Euro", "eine ganze Zahl ab 0 bis 1000000, ohne Einheit"),
    ("ca. 15000", "eine ganze Zahl ohne Punkt, Komma oder Einheit, z. B. 700"),
])
def test_a_number_is_quoted_as_typed_and_the_message_says_what_to_type(tmp_path, typed, expected):
    text = KOSTEN.replace(EXAMPLE_LINE, f"  gruppenkosten_pro_jahr: {typed}")
    assert input_problems(tmp_path, files={"kosten.yml": text}) == [
        f"data/kosten.yml:20: Feld „beispiel_kommune.gruppenkosten_pro_jahr“: Wert „{typed}“ ist ungültig; erwartet: "
        f"{expected}"]


@pytest.mark.parametrize("key, typed", [
    ("  gruppenkosten_pro_jahr", "15.000"), ("  gruppenkosten_pro_jahr", "15.000 €"),
    ("  gruppenkosten_pro_jahr", "1.5"), ("  gruppenkosten_pro_jahr", "ca. 15000"),
    ("  bindung_jahre", "3 Jahre"), ("  bindung_jahre", "drei"), ("  bindung_jahre", "2,5"),
    ("mindestens_geschulte_personen", "zwei"), ("mindestens_geschulte_personen", "2.000"),
])
def test_what_a_number_message_suggests_is_accepted(tmp_path, key, typed):
    """A message never contradicts itself: the number after „also“ or „z. B.“ (else the lowest allowed) loads."""
    line = next(t for t in KOSTEN.splitlines() if t.startswith(f"{key}:"))
    [message] = input_problems(tmp_path / "falsch", files={"kosten.yml": KOSTEN.replace(line, f"{key}: {typed}")})
    suggested = re.search(r"(?:also|z\. B\.) (\S+)$", message) or re.search(r"ganze Zahl ab (\d+) bis \d+", message)
    assert suggested, message
    fixed = KOSTEN.replace(line, f"{key}: {suggested.group(1)}")
    assert input_problems(tmp_path / "richtig", files={"kosten.yml": fixed}) == [], message


@pytest.mark.parametrize("quoted", ['"700"', "'700'", '" 700 "'])
def test_a_quoted_number_is_accepted(tmp_path, quoted):
    site = site_with(tmp_path, files={"kosten.yml": KOSTEN.replace("betrag: 700", f"betrag: {quoted}", 1)})
    assert site.kosten.schulung.betrag == 700


GRUPPE = (ROOT / "tests" / "fixtures" / "broken" / "gruppen" / "plz-vierstellig.yml").read_text(
    encoding="utf-8").replace("plz: 4146\n", "plz: 41460\n")


def test_quoted_true_and_false_are_accepted(tmp_path):
    termine = (ROOT / "data" / "termine.yml").read_text(encoding="utf-8")
    assert "    online: true\n" in termine
    gruppe = GRUPPE.replace("kinderbetreuung: true", 'kinderbetreuung: "false"')
    site = site_with(tmp_path, files={"termine.yml": termine.replace("online: true", 'online: "true"', 1),
                                      "gruppen.yml": gruppe})
    assert next(t for t in site.termine.alle if t.id == "schulung-2024-12").online is True
    assert [g.kinderbetreuung for g in site.gruppen.alle] == [False]


# --- issue 16, class 6: internationalised domains ---------------------------------------------------------


def test_internationalised_domains_are_valid_and_kept_as_written(tmp_path):
    kontakt = (ROOT / "data" / "kontakt.yml").read_text(encoding="utf-8")
    termine = (ROOT / "data" / "termine.yml").read_text(encoding="utf-8")
    gruppe = GRUPPE + "    email: wir2@bürgerbüro-neuss.de\n    web: https://bürgerbüro-neuss.de/wir2?kurs=ä\n"
    site = site_with(tmp_path, files={
        "kontakt.yml": kontakt.replace("email: info@wir2-bindungstraining.de", "email: info@bürgerbüro.de"),
        "termine.yml": termine.replace("    anmeldung: info@wir2-bindungstraining.de",
                                       "    anmeldung: https://straße.de/anmeldung", 1),
        "gruppen.yml": gruppe})
    assert site.kontakt.email == "info@bürgerbüro.de"
    [gruppe_im_modell] = site.gruppen.alle
    assert gruppe_im_modell.kontakt.email == "wir2@bürgerbüro-neuss.de"
    assert gruppe_im_modell.kontakt.web == "https://bürgerbüro-neuss.de/wir2?kurs=ä"
    info = next(a for a in site.termine.arten if a.id == "infoveranstaltung")
    assert info.anmeldung.adresse == "https://straße.de/anmeldung", "ß stays ß (not IDNA 2003's „strasse“)"
    html = PagesAsBuilt(site).html("kontakt/")
    assert 'href="mailto:info@bürgerbüro.de"' in html and ">info@bürgerbüro.de</a>" in html


@pytest.mark.parametrize("typed", ["https://bürger büro.de/", "https://-bürgerbüro.de/", "https://bürgerbüro/",
                                   "https://bürgerbüro.d/", "https://" + "ü" * 64 + ".de/"])
def test_an_internationalised_address_is_still_checked(tmp_path, typed):
    programm = (ROOT / "data" / "programm.yml").read_text(encoding="utf-8")
    text = programm.replace("register_url: https://www.gruene-liste-praevention.de/", f"register_url: {typed}")
    [message] = input_problems(tmp_path, files={"programm.yml": text})
    assert "ist ungültig; erwartet: eine Webadresse " in message
    # The address begins with https://, so the message says what else is wrong.
    assert "die mit https:// beginnt" not in message
    assert message.endswith("z. B. https://www.example.org/seite")


@pytest.mark.parametrize("typed", ["info@bürgerbüro", "info@bürger_büro.de", "jürgen@bürgerbüro.de"])
def test_an_internationalised_email_address_is_still_checked(tmp_path, typed):
    kontakt = (ROOT / "data" / "kontakt.yml").read_text(encoding="utf-8")
    text = kontakt.replace("email: info@wir2-bindungstraining.de", f"email: {typed}")
    [message] = input_problems(tmp_path, files={"kontakt.yml": text})
    assert message.startswith(f"data/kontakt.yml:1: Feld „email“: Wert „{typed}“ ist ungültig; erwartet: eine "
                              "E-Mail-Adresse")


# --- issue 16, class 5: data values are plain text --------------------------------------------------------

TERMINE = (ROOT / "data" / "termine.yml").read_text(encoding="utf-8")
HINWEIS = "    hinweis: Der Termin wird zeitnah bekannt gegeben.\n"


def test_a_template_statement_in_a_data_value_is_reported(tmp_path):
    programm = (ROOT / "data" / "programm.yml").read_text(encoding="utf-8")
    motto = "Balance herstellen – Bindung aufbauen – Beziehung stärken"
    text = programm.replace(f"motto: {motto}", f'motto: "{{% if wir2 %}}{motto}{{% endif %}}"', 1)
    assert input_problems(tmp_path, files={"programm.yml": text}) == [
        "data/programm.yml:2: Feld „motto“: Wert „{% if wir2 %}Balance herstellen – Bindung aufbauen – Bezieh…“ "
        "enthält einen Platzhalter; Platzhalter wie {{ … }} und {% … %} wirken nur in den Seiten "
        "(content/pages/), nicht in data/programm.yml; erwartet: der Text selbst, so wie er auf der Seite stehen soll"]


def test_markdown_in_a_plain_text_field_is_a_warning_with_its_line(tmp_path):
    text = TERMINE.replace(HINWEIS, "    hinweis: Bitte **vorher** über [das Formular](https://example.org) "
                                    "anmelden.\n")
    site = site_with(tmp_path, files={"termine.yml": text})
    assert site.warnings[-1] == (
        "data/termine.yml:81: Feld „termine[12].hinweis“: sieht nach Markdown aus („**vorher**“); dieses Feld "
        "ist einfacher Text, die Zeichen erscheinen so auf der Seite; erwartet: Text ohne Markdown-Zeichen "
        "(Hervorhebungen und Links gibt es nur in den Seiten in content/pages/)")
    jahrestreffen = next(t for t in site.termine.alle if t.id == "jahrestreffen-2025")
    assert jahrestreffen.hinweis.startswith("Bitte **vorher**"), "the text is kept as written"


@pytest.mark.parametrize("hinweis, found", [
    ("Bitte __vorher__ anrufen.", "__vorher__"),
    ("Bitte _vorher_ anrufen.", "_vorher_"),
    ("Bitte *vorher* anrufen.", "*vorher*"),
    ("Siehe [Anmeldung](/anmeldung/).", "[Anmeldung](/anmeldung/)"),
    ("Für Teilnehmer*innen und Berater*innen.", None),
    ("Raum 2 * 3 im Haus_B, Datei anmelde_bogen_2025.pdf.", None),
    ("Anmeldung: https://example.org/a_b_c/", None),
])
def test_markdown_is_recognised_without_flagging_ordinary_text(tmp_path, hinweis, found):
    site = site_with(tmp_path, files={"termine.yml": TERMINE.replace(HINWEIS, f'    hinweis: "{hinweis}"\n')})
    markdown = [w for w in site.warnings if "Markdown" in w]
    assert markdown == ([f"data/termine.yml:81: Feld „termine[12].hinweis“: sieht nach Markdown aus („{found}“); "
                         "dieses Feld ist einfacher Text, die Zeichen erscheinen so auf der Seite; erwartet: Text "
                         "ohne Markdown-Zeichen (Hervorhebungen und Links gibt es nur in den Seiten in "
                         "content/pages/)"] if found else [])


def test_the_real_data_loads_with_only_the_known_warnings():
    """The project itself, in its git clone (so no warning about the calendars' history either)."""
    assert load_site(inputs_of(ROOT)).warnings == (
        "data/betreiber.yml: Impressum/Datenschutz unvollständig, es fehlen: name, strasse, plz_ort, "
        "vertreten_durch, email, telefon, hoster, email_anbieter, log_speicherdauer (Vorschau; zum "
        "Veröffentlichen ausfüllen); noch leer sind außerdem: rechtsform, register, umsatzsteuer_id, "
        "aufsichtsbehoerde, datenschutz_kontakt, schlichtungsstelle, schlichtungsstelle_url (keine Pflicht; "
        "eintragen, sobald bekannt)",
        "data/termine.yml:2: Terminart „schulung“ hat keine Anmeldung (Feld „anmeldung“); ihre Termine erscheinen "
        "ohne Anmeldelink",
        "data/termine.yml:8: Terminart „supervision“ hat keine Anmeldung (Feld „anmeldung“); ihre Termine "
        "erscheinen ohne Anmeldelink",
    )


# --- issue 16, review: YAML that is valid but no editor's data ------------------------------------------

REFUSED_YAML = [
    # References: one alias can stand for millions of values ("billion laughs").
    ("a: &x [1, 2]\nb: *x\n", 1, "Verweise mit „&…“ und „*…“ (auch „<<: *…“) sind in den Datendateien nicht erlaubt"),
    ("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", 1, "Verweise mit „&…“ und „*…“"),
    ("a: &x {p: 1}\nb:\n  <<: *x\n", 1, "Verweise mit „&…“ und „*…“"),
    ("a: *nix\n", 1, "kein gültiges YAML: „*…“ verweist auf einen Anker"),
    # Explicit types build values no field rule reads.
    ("a: !!timestamp 2025-01-01\n", 1, "Typangabe „!!timestamp“ ist in den Datendateien nicht erlaubt"),
    ("a: 1\nb: !!binary aGVsbG8=\n", 2, "Typangabe „!!binary“ ist in den Datendateien nicht erlaubt"),
    ("a: !!set {x, y}\n", 1, "Typangabe „!!set“"),
    ('a: !!int "5"\n', 1, "Typangabe „!!int“"),
    ("a: !!python/object:os.system x\n", 1, "Typangabe „!!python/object:os.system“"),
    # Keys that are no names.
    ("~: 1\n", 1, "„~“ ist kein Feldname; erwartet: ein Name wie titel: oder beginn:"),
    ("a: 1\ntrue: 2\n", 2, "„true“ ist kein Feldname"),
    ("? [a, b]\n: 1\n", 1, "„[…]“ ist kein Feldname"),
    # Depth: the parsers' recursion, and every reader's after them.
    ("".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "x: 1\n", 32,
     "ist tiefer als 32 Ebenen verschachtelt"),
    ("a: " + "[" * 50 + "]" * 50 + "\n", 1, "ist tiefer als 32 Ebenen verschachtelt"),
    # Syntax errors in the editors' words.
    ("a: 1\n---\nb: 2\n", 2, "kein gültiges YAML: eine zweite „---“-Zeile beginnt ein zweites Dokument"),
    ("a:\n\tb: 1\n", 2, "kein gültiges YAML: ein Tabulatorzeichen rückt ein; erwartet: Leerzeichen"),
    ("titel: Schulung: Teil 1\n", 1, "kein gültiges YAML: ein Doppelpunkt mit Leerzeichen steht mitten im Wert"),
    ('a: "offen\nb: 2\n', 1, "kein gültiges YAML: ein Anführungszeichen wird nicht geschlossen"),
    ("a:\n  b: 1\n c: 2\n", 3, "kein gültiges YAML: die Einrückung passt nicht zu den Zeilen davor"),
    ("a: [1, 2\nb: 3\n", 1, "kein gültiges YAML: eine Liste mit „[“ wird nicht mit „]“ geschlossen"),
    ("a: @x\n", 1, "kein gültiges YAML: ein Zeichen wie @ oder ` darf einen Wert nicht beginnen"),
    # libyaml composes in C: 30,000 "[" ended the process (exit 139) before any Python check.
    ("a: " + "[" * 30000, 1, "ist tiefer als 32 Ebenen verschachtelt"),
    ('a: "\\ud800"\n', 1, ""),  # half a character: refused, in the words of each path (no traceback)
]


@pytest.mark.parametrize("fast", [False, True], ids=["pyyaml", "libyaml"])
@pytest.mark.parametrize("text, line, message", REFUSED_YAML, ids=[c[2][:30] + str(i) for i, c in
                                                                   enumerate(REFUSED_YAML)])
def test_yaml_beyond_values_lists_and_groups_is_one_german_message_with_its_line(text, line, message, fast):
    with pytest.raises(DataError) as caught:
        yamlsource.loads(text, "probe.yml", fast)
    [problem] = [str(p) for p in caught.value.problems]
    assert problem.startswith(f"probe.yml:{line}: {message}"), problem
    assert not re.search(r"\b(found|expected|could not|while)\b", problem), problem  # no parser English


@pytest.mark.parametrize("fast", [False, True], ids=["pyyaml", "libyaml"])
def test_plain_yaml_still_reads_as_typed(fast):
    text = "a: !!str 700\nb: 2025\n2026: x\nc: " + "9" * 30 + "\nd: [1, {e: true}]\n"
    assert yamlsource.loads(text, "probe.yml", fast) == {"a": "700", "b": 2025, "2026": "x", "c": "9" * 30,
                                                         "d": [1, {"e": True}]}


def test_a_billion_laughs_file_stops_the_build_at_once(tmp_path):
    laughs = "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 9))
    problems = input_problems(tmp_path, files={"kosten.yml": laughs})
    assert problems == ["data/kosten.yml:1: Verweise mit „&…“ und „*…“ (auch „<<: *…“) sind in den Datendateien "
                        "nicht erlaubt; erwartet: jeden Wert ausgeschrieben an seiner Stelle"]


@pytest.mark.parametrize("fast", [False, True], ids=["pyyaml", "libyaml"])
def test_an_escape_that_is_no_character_is_a_message(fast):
    with pytest.raises(DataError) as caught:
        yamlsource.loads('x: "\\U00110000"\n', "probe.yml", fast)
    [problem] = [str(p) for p in caught.value.problems]
    assert problem.startswith("probe.yml") and "U00110000" in problem
