"""Bad input in data/termine.yml: one message per problem, the build stops, output/ stays as it was.

Each file in tests/fixtures/termine/ is a complete termine.yml with one typical
editor slip (``mehrere-fehler`` has several, reported together).  The messages
are compared in full – file, line, field, wrong value and expectation – from the
loader for every case and from a real build for a few.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest

from helpers import ROOT, build_project, copy_project, leftovers, snapshot
from wir2.build import report
from wir2.load import termine as models
from wir2.problems import DataError

FIXTURES = ROOT / "tests" / "fixtures" / "termine"

EXPECTED = {
    "anmeldung-http": [
        'data/termine.yml:17: Feld „termine[1].anmeldung“: Wert „http://example.org/anmeldung“ ist ungültig; erwartet: die Adresse eines Anmeldeformulars, die mit https:// beginnt, oder eine E-Mail-Adresse wie info@wir2-bindungstraining.de',
    ],
    "anmeldung-javascript": [
        'data/termine.yml:17: Feld „termine[1].anmeldung“: Wert „javascript:alert(1)“ ist ungültig; erwartet: die Adresse eines Anmeldeformulars, die mit https:// beginnt, oder eine E-Mail-Adresse wie info@wir2-bindungstraining.de',
    ],
    "art-unbekannt": [
        'data/termine.yml:13: Feld „termine[1].art“: Wert „schulungen“ ist ungültig; erwartet: eines von: schulung, infoveranstaltung',
    ],
    "beginn-fehlt": [
        'data/termine.yml:12: Feld „termine[1].beginn“: Pflichtfeld fehlt; erwartet: ein Datum wie 2025-05-06 oder 06.05.2025, oder „offen“, solange der Termin noch nicht feststeht',
    ],
    "beginn-nach-ende": [
        'data/termine.yml:21: Feld „termine[2].bis“: Wert „9:00“ ist ungültig; erwartet: eine Uhrzeit nach dem Beginn um 11:30 Uhr',
    ],
    "datum-unmoeglich": [
        'data/termine.yml:14: Feld „termine[1].beginn“: Wert „31.02.2025“ ist ungültig; erwartet: ein Datum, das es gibt (Tag und Monat prüfen), oder „offen“, solange der Termin noch nicht feststeht',
    ],
    "ende-vor-beginn": [
        'data/termine.yml:15: Feld „termine[1].ende“: Wert „2025-03-12“ ist ungültig; erwartet: ein Datum am oder nach dem Beginn (13.03.2025)',
    ],
    "falscher-typ": [
        'data/termine.yml:22: Feld „termine[2].online“: Wert „ja“ ist ungültig; erwartet: true oder false',
    ],
    "feld-doppelt": [
        'data/termine.yml:17: Feld „beginn“: steht doppelt in derselben Liste/Gruppe (zuerst in Zeile 14); jedes Feld '
        'nur einmal angeben',
    ],
    "kein-yaml": [
        "data/termine.yml:16: kein gültiges YAML: eine Liste mit „[“ wird nicht mit „]“ geschlossen; erwartet: [a, b] auf einer Zeile",
    ],
    "kennung-doppelt": [
        'data/termine.yml:17: Feld „termine[2].id“: Wert „schulung-2025-03“ ist ungültig; erwartet: eine eigene Kennung je Termin; „schulung-2025-03“ steht schon in Zeile 12',
    ],
    "kennung-fehlt": [
        'data/termine.yml:12: Feld „termine[1].id“: Pflichtfeld fehlt; erwartet: eine feste Kennung aus Kleinbuchstaben a–z, Ziffern und Bindestrichen, z. B. schulung-2025-03 (einmal vergeben, danach nie ändern)',
    ],
    "kennung-nicht-fuer-adressen": [
        'data/termine.yml:12: Feld „termine[1].id“: Wert „Schulung/März 2025“ ist ungültig; erwartet: eine feste Kennung aus Kleinbuchstaben a–z, Ziffern und Bindestrichen, z. B. schulung-2025-03 (einmal vergeben, danach nie ändern)',
    ],
    "leer": [
        'data/termine.yml: Datei ist leer; erwartet: die Abschnitte „arten:“ und „termine:“ (Anleitung: data/LIESMICH-termine.md)',
    ],
    "mehrere-fehler": [
        'data/termine.yml:16: Feld „termine[1].stauts“: unbekanntes Feld; erlaubt sind: id, art, titel, beginn, zeitraum, ende, von, bis, online, ort, adresse, anmeldung, status, hinweis, datum_geprueft; meinten Sie „status“?',
        'data/termine.yml:14: Feld „termine[1].beginn“: Wert „2025-02-30“ ist ungültig; erwartet: ein Datum, das es gibt (Tag und Monat prüfen), oder „offen“, solange der Termin noch nicht feststeht',
        'data/termine.yml:19: Feld „termine[2].art“: Wert „info“ ist ungültig; erwartet: eines von: schulung, infoveranstaltung',
        'data/termine.yml:23: Feld „termine[2].anmeldung“: Wert „http://example.org“ ist ungültig; erwartet: die Adresse eines Anmeldeformulars, die mit https:// beginnt, oder eine E-Mail-Adresse wie info@wir2-bindungstraining.de',
        'data/termine.yml:18: Feld „termine[2].bis“: fehlt; erwartet: „von“ und „bis“ zusammen (z. B. von: 9:00, bis: 11:30) oder beide weglassen für ganztägige Termine',
    ],
    "offen-mit-uhrzeit": [
        'data/termine.yml:20: Feld „termine[2].von“: Wert „9:00“ passt nicht zu „beginn: offen“; erwartet: dieses Feld erst mit dem Datum eintragen',
    ],
    "ort-fehlt": [
        'data/termine.yml:12: Feld „termine[1].ort“: fehlt; erwartet: der Ort (z. B. „ort: Neuss“) oder „online: true“ für eine digitale Veranstaltung',
    ],
    "status-unbekannt": [
        'data/termine.yml:17: Feld „termine[1].status“: Wert „voll“ ist ungültig; erwartet: eines von: geplant, wenige_plaetze, ausgebucht, abgesagt',
    ],
    "termine-keine-liste": [
        'data/termine.yml:11: Feld „termine“: Wert „Schulung am 13. März“ ist ungültig; erwartet: eine Liste (Einträge mit „- “ beginnen)',
    ],
    "tippfehler-im-feldnamen": [
        'data/termine.yml:17: Feld „termine[1].stauts“: unbekanntes Feld; erlaubt sind: id, art, titel, beginn, zeitraum, ende, von, bis, online, ort, adresse, anmeldung, status, hinweis, datum_geprueft; meinten Sie „status“?',
    ],
    "uhrzeit-falsch": [
        'data/termine.yml:20: Feld „termine[2].von“: Wert „9 Uhr“ ist ungültig; erwartet: eine Uhrzeit wie 9:00 oder 17:30 (24 Stunden)',
    ],
    "von-ohne-bis": [
        'data/termine.yml:17: Feld „termine[2].bis“: fehlt; erwartet: „von“ und „bis“ zusammen (z. B. von: 9:00, bis: 11:30) oder beide weglassen für ganztägige Termine',
    ],
}


def test_every_fixture_has_its_expectation():
    assert sorted(EXPECTED) == sorted(p.stem for p in FIXTURES.glob("*.yml"))


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_loader_reports_each_problem(case):
    with pytest.raises(DataError) as info:
        models.load(FIXTURES / f"{case}.yml", "data/termine.yml")
    assert [str(p) for p in info.value.problems] == EXPECTED[case]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project copy whose output/ holds a previous site (any bytes will do)."""
    dest = copy_project(tmp_path_factory.mktemp("fehler") / "project")
    out = dest / "output"
    (out / "termine").mkdir(parents=True)
    (out / "index.html").write_text("<!DOCTYPE html><title>vorher</title>", encoding="utf-8")
    (out / "termine" / "alle.ics").write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    return dest


#: The loader test above covers every case; these few prove that a real build stops with the same messages.
IN_A_BUILD = ("kein-yaml", "leer", "mehrere-fehler", "offen-mit-uhrzeit")


@pytest.mark.parametrize("case", IN_A_BUILD)
def test_build_stops_and_leaves_output_alone(project, case):
    shutil.copy2(FIXTURES / f"{case}.yml", project / "data" / "termine.yml")
    out = project / "output"
    before = snapshot(out)
    result = build_project(project, out, dt.date(2025, 1, 15))
    assert not result.ok
    assert result.messages == EXPECTED[case]
    assert report(result, stream=io.StringIO()) == 1
    assert snapshot(out) == before
    assert not leftovers(project / "output")


def test_unknown_kind_in_a_page_names_the_page(project):
    shutil.copy2(ROOT / "data" / "termine.yml", project / "data" / "termine.yml")
    page = project / "content" / "pages" / "kaputt.md"
    page.write_text('---\ntitle: Kaputt\nsummary: Test.\nslug: kaputt\n---\n\n'
                    '{% from "macros/termine.html" import termine_liste %}\n'
                    '{{ termine_liste("schulungen") }}\n', encoding="utf-8")
    try:
        result = build_project(project, project / "output", dt.date(2025, 1, 15))
    finally:
        page.unlink()
    assert not result.ok
    assert any(m.startswith("content/pages/kaputt.md:8: ") and "unbekannte Terminart „schulungen“" in m
               for m in result.messages), result.messages
