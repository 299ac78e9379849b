"""A corpus of broken inputs: one file each, every data file the site reads and the page Markdown.

Each file in tests/fixtures/broken/ has one typical editor slip.  A data file
(``<name>/<case>.yml``) replaces ``data/<name>.yml``; a page (``pages/<case>.md``) is
added to ``content/pages/``.  Then

- the data layer and the page renderer report exactly the messages below, each
  naming file, line and field (every case, in milliseconds, without Pelican);
- a real build of a copy of the project – for one case of every data file and
  of the page checks – stops with those messages, returns a non-zero exit code
  (:func:`wir2.build.report`, what the command line uses) and leaves an existing
  ``output/`` byte for byte as it was, with no staging folder left.

(When the corpus was added, eight page cases failed this – a traceback for an unknown
template, Pelican's messages without line or field, unchecked Section and Order, a second
h1 accepted; the data layer (wir2.load.pages) and wir2.build now handle them.  The cases
of issue 16 – a script, an embed, a request to another host, an event handler, a dead
link or ``{filename}``, unbalanced HTML, a page on another output's file, a folder-link
loop – failed all 21 of their tests; wir2.render.htmlcheck, wir2.load.outputs and the
page walk of wir2.load.pages handle them.)
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT, build_project, copy_project, input_problems, leftovers, site_with, snapshot
from wir2.build import report

FIXTURES = ROOT / "tests" / "fixtures" / "broken"

# (fixture, the build's messages in order).  Data files: the message must match exactly.
DATA_CASES = [
    ("betreiber/email-falsch.yml", [
        "data/betreiber.yml:13: Feld „email“: Wert „kontakt@“ ist ungültig; erwartet: eine E-Mail-Adresse wie"
        " info@wir2-bindungstraining.de",
    ]),
    ("betreiber/name-als-liste.yml", [
        "data/betreiber.yml:9: Feld „name“: Wert (eine Liste) ist ungültig; erwartet: Text",
    ]),
    ("betreiber/telefon-falsch.yml", [
        "data/betreiber.yml:14: Feld „telefon“: Wert „bitte anrufen“ ist ungültig; erwartet: eine "
        "Telefonnummer wie 05241 17949-14",
    ]),
    ("betreiber/unbekanntes-feld.yml", [
        "data/betreiber.yml:20: Feld „webseite“: unbekanntes Feld; erlaubt sind: name, rechtsform, strasse, "
        "plz_ort, vertreten_durch, email, telefon, register, umsatzsteuer_id, aufsichtsbehoerde, "
        "datenschutz_kontakt, hoster, email_anbieter, log_speicherdauer, schlichtungsstelle, schlichtungsstelle_url, "
        "geprueft_am",
    ]),
    ("gruppen/bundesland-unbekannt.yml", [
        "data/gruppen.yml:39: Feld „gruppen[1].bundesland“: Wert „NRW“ ist ungültig; erwartet: der Name eines"
        " der 16 Bundesländer: Baden-Württemberg, Bayern, Berlin, Brandenburg, Bremen, Hamburg, Hessen, "
        "Mecklenburg-Vorpommern, Niedersachsen, Nordrhein-Westfalen, Rheinland-Pfalz, Saarland, Sachsen, "
        "Sachsen-Anhalt, Schleswig-Holstein, Thüringen",
    ]),
    ("gruppen/kontakt-ohne-telefon-und-email.yml", [
        "data/gruppen.yml:47: Feld „gruppen[1].kontakt“: weder Telefon noch E-Mail angegeben; erwartet: "
        "mindestens eines von beiden, damit Eltern die Gruppe erreichen",
    ]),
    ("gruppen/liste-fehlt.yml", [
        "data/gruppen.yml:32: Wert (eine Gruppe von Feldern) ist ungültig; erwartet: eine Liste (Einträge mit"
        " „- “ beginnen)",
    ]),
    ("gruppen/plz-vierstellig.yml", [
        "data/gruppen.yml:37: Feld „gruppen[1].plz“: Wert „4146“ ist ungültig; erwartet: eine Postleitzahl "
        "aus fünf Ziffern, z. B. 41460",
    ]),
    ("gruppen/status-unbekannt.yml", [
        "data/gruppen.yml:45: Feld „gruppen[1].status“: Wert „offen“ ist ungültig; erwartet: eines von: "
        "anmeldung-offen, laeuft, ausgebucht, beendet",
    ]),
    ("gruppen/wochentag-passt-nicht.yml", [
        "data/gruppen.yml:41: Feld „gruppen[1].wochentag“: Wert „Mittwoch“ ist ungültig; erwartet: Dienstag, "
        "denn die erste Sitzung (Di., 4. März 2025) ist ein Dienstag",
    ]),
    ("kontakt/ansprechperson-als-text.yml", [
        "data/kontakt.yml:3: Feld „ansprechperson“: Wert „Annette Kroker, Referentin“ ist ungültig; erwartet:"
        " eine Gruppe von Feldern (Schlüssel: Wert)",
    ]),
    ("kontakt/einrueckung-falsch.yml", [
        "data/kontakt.yml:11: kein gültiges YAML: die Einrückung passt nicht zu den Zeilen davor; erwartet: "
        "Felder derselben Gruppe gleich weit eingerückt",
    ]),
    ("kontakt/email-ohne-at.yml", [
        "data/kontakt.yml:2: Feld „email“: Wert „info(at)wir2-bindungstraining.de“ ist ungültig; erwartet: "
        "eine E-Mail-Adresse wie info@wir2-bindungstraining.de",
    ]),
    ("kontakt/standort-ohne-einrichtung.yml", [
        "data/kontakt.yml:11: Feld „standorte[2].einrichtung“: Pflichtfeld fehlt oder ist leer",
    ]),
    ("kontakt/telefon-mit-buchstaben.yml", [
        "data/kontakt.yml:6: Feld „ansprechperson.telefon“: Wert „05241 WIR2-14“ ist ungültig; erwartet: eine"
        " Telefonnummer wie 05241 17949-14",
    ]),
    ("kosten/betrag-mit-einheit.yml", [
        "data/kosten.yml:6: Feld „schulung.betrag“: Wert „700 Euro“ ist ungültig; erwartet: eine ganze Zahl "
        "ohne Einheit, also 700",
    ]),
    ("kosten/betrag-mit-komma.yml", [
        "data/kosten.yml:10: Feld „supervisionstag.betrag“: Wert „200,50“ ist ungültig; erwartet: eine ganze "
        "Zahl ohne Komma und Nachkommastellen, z. B. 200",
    ]),
    ("kosten/betrag-negativ.yml", [
        "data/kosten.yml:15: Feld „kooperationsgebuehr.betrag“: Wert „-100“ ist ungültig; erwartet: eine "
        "ganze Zahl ab 0 bis 1000000",
    ]),
    ("kosten/intervall-fehlt.yml", [
        "data/kosten.yml:9: Feld „supervisionstag.alle_jahre“: Pflichtfeld fehlt oder ist leer",
    ]),
    ("kosten/leer.yml", [
        "data/kosten.yml: Datei ist leer",
    ]),
    ("kosten/liste-statt-felder.yml", [
        "data/kosten.yml:1: Wert (eine Liste) ist ungültig; erwartet: eine Gruppe von Feldern (Schlüssel: "
        "Wert)",
    ]),
    ("kosten/tabulator-einrueckung.yml", [
        "data/kosten.yml:6: kein gültiges YAML: ein Tabulatorzeichen rückt ein; erwartet: Leerzeichen (YAML "
        "rückt nur mit Leerzeichen ein)",
    ]),
    ("kosten/zeilenumbruch-in-quelle.yml", [
        "data/kosten.yml:21: Feld „beispiel_kommune.quelle“: Wert „Stadt Niederkassel,\\nBeschluss des "
        "Jugendhilfeausschusses v…“ ist ungültig; erwartet: Text in einer Zeile (ohne Zeilenumbruch)",
    ]),
    ("programm/feld-doppelt.yml", [
        "data/programm.yml:12: Feld „gruppenleitungen“: steht doppelt in derselben Liste/Gruppe (zuerst in "
        "Zeile 11); jedes Feld nur einmal angeben",
    ]),
    ("programm/link-ohne-https.yml", [
        "data/programm.yml:21: Feld „gruene_liste.register_url“: Wert "
        "„http://www.gruene-liste-praevention.de/“ ist ungültig; erwartet: eine Webadresse, die mit https:// "
        "beginnt",
    ]),
    ("programm/modul-ohne-titel.yml", [
        "data/programm.yml:13: Feld „module[1].titel“: Pflichtfeld fehlt oder ist leer",
    ]),
    ("programm/motto-fehlt.yml", [
        "data/programm.yml:4: Feld „motto“: Pflichtfeld fehlt oder ist leer",
    ]),
    ("programm/nur-drei-module.yml", [
        "data/programm.yml:12: Feld „module“: 3 Module gefunden; erwartet: genau 4",
    ]),
    ("programm/sitzungen-als-wort.yml", [
        "data/programm.yml:6: Feld „sitzungen“: Wert „zwanzig“ ist ungültig; erwartet: eine ganze Zahl ohne "
        "Punkt, Komma oder Einheit, z. B. 20",
    ]),
    ("programm/tippfehler-im-feldnamen.yml", [
        "data/programm.yml:7: Feld „minuten_pro_sitzung“: unbekanntes Feld; erlaubt sind: name, motto, "
        "sitzungen, minuten_je_sitzung, kinder_bis_jahre, gruppengroesse_von, gruppengroesse_bis, "
        "gruppenleitungen, module, gruene_liste, geprueft_am; meinten Sie „minuten_je_sitzung“?",
    ]),
    ("programm/yaml-klammer-offen.yml", [
        "data/programm.yml:8: kein gültiges YAML: eine Liste mit „[“ wird nicht mit „]“ geschlossen; erwartet: "
        "[a, b] auf einer Zeile",
    ]),
    ("termine/abschnitt-arten-fehlt.yml", [
        "data/termine.yml: Feld „arten“: Abschnitt „arten:“ fehlt; erwartet: eine Liste (Anleitung: "
        "data/LIESMICH-termine.md)",
    ]),
    ("termine/anmeldung-ungueltig.yml", [
        "data/termine.yml:23: Feld „arten[3].anmeldung“: Wert „www.wir2-bindungstraining.de/anmeldung“ ist "
        "ungültig; erwartet: die Adresse eines Anmeldeformulars, die mit https:// beginnt, oder eine "
        "E-Mail-Adresse wie info@wir2-bindungstraining.de",
    ]),
    ("termine/art-unbekannt.yml", [
        "data/termine.yml:69: Feld „termine[7].art“: Wert „supervisionstag“ ist ungültig; erwartet: eines "
        "von: schulung, supervision, infoveranstaltung, jahrestreffen",
    ]),
    ("termine/bis-vor-von.yml", [
        "data/termine.yml:88: Feld „termine[10].bis“: Wert „9:00“ ist ungültig; erwartet: eine Uhrzeit nach "
        "dem Beginn um 11:30 Uhr",
    ]),
    ("termine/datum-gibt-es-nicht.yml", [
        "data/termine.yml:46: Feld „termine[3].beginn“: Wert „2025-02-30“ ist ungültig; erwartet: ein Datum, "
        "das es gibt (Tag und Monat prüfen), oder „offen“, solange der Termin noch nicht feststeht",
    ]),
    ("termine/ende-vor-beginn.yml", [
        "data/termine.yml:53: Feld „termine[4].ende“: Wert „2025-05-07“ ist ungültig; erwartet: ein Datum am "
        "oder nach dem Beginn (08.05.2025)",
    ]),
    ("termine/kennung-doppelt.yml", [
        "data/termine.yml:50: Feld „termine[4].id“: Wert „schulung-2025-03“ ist ungültig; erwartet: eine "
        "eigene Kennung je Termin; „schulung-2025-03“ steht schon in Zeile 44",
    ]),
    ("termine/kennung-mit-grossbuchstaben.yml", [
        "data/termine.yml:56: Feld „termine[5].id“: Wert „Schulung November“ ist ungültig; erwartet: eine "
        "feste Kennung aus Kleinbuchstaben a–z, Ziffern und Bindestrichen, z. B. schulung-2025-03 (einmal "
        "vergeben, danach nie ändern)",
    ]),
    ("termine/ort-fehlt.yml", [
        "data/termine.yml:50: Feld „termine[4].ort“: fehlt; erwartet: der Ort (z. B. „ort: Neuss“) oder "
        "„online: true“ für eine digitale Veranstaltung",
    ]),
    ("termine/status-unbekannt.yml", [
        "data/termine.yml:59: Feld „termine[5].status“: Wert „voll“ ist ungültig; erwartet: eines von: "
        "geplant, wenige_plaetze, ausgebucht, abgesagt",
    ]),
    ("termine/titel-zweizeilig.yml", [
        "data/termine.yml:46: Feld „termine[3].titel“: Wert „Schulung\\nin Neuss\\n“ ist ungültig; erwartet: "
        "Text in einer Zeile (ohne Zeilenumbruch)",
    ]),
    ("termine/von-ohne-bis.yml", [
        "data/termine.yml:84: Feld „termine[10].bis“: fehlt; erwartet: „von“ und „bis“ zusammen (z. B. von: "
        "9:00, bis: 11:30) oder beide weglassen für ganztägige Termine",
    ]),
]

# Issue 16: what an independent corpus of editor slips found – reading a file (encodings, invisible
# characters from word processors), numbers quoted as typed, placeholders written into data.
READING_CASES = [
    ("kosten/nicht-utf8.yml", [
        "data/kosten.yml:1: UTF-8 erwartet: die Datei ist in einer anderen Kodierung gespeichert (Spalte 11: "
        "Byte 0xFC, in Windows-1252 „ü“, hinter „# Kosten f“; im Editor „Speichern unter …“ → Kodierung UTF-8)",
    ]),
    ("programm/als-utf16-gespeichert.yml", [
        "data/programm.yml:1: UTF-8 erwartet: die Datei ist als UTF-16 gespeichert (im Editor „Speichern unter …“"
        " → Kodierung UTF-8)",
    ]),
    ("kontakt/zeilenumbruch-aus-word.yml", [
        "data/kontakt.yml:5: unsichtbares Zeichen in Spalte 23: ein Zeilenumbruch aus Word (Umschalt+Eingabe, "
        "U+000B); erwartet: das Zeichen löschen oder durch ein Leerzeichen ersetzen – es steht hinter "
        "„funktion: Referentin“",
    ]),
    ("termine/weiches-trennzeichen.yml", [
        "data/termine.yml:7: unsichtbares Zeichen in Spalte 29: ein weiches Trennzeichen (U+00AD); erwartet: das "
        "Zeichen löschen – es steht hinter „name: wir2-Gruppenleiter“",
    ]),
    ("programm/leerzeichen-ohne-breite.yml", [
        "data/programm.yml:21: unsichtbares Zeichen in Spalte 57: ein Leerzeichen ohne Breite (U+200B); erwartet: "
        "das Zeichen löschen – es steht hinter „…https://www.gruene-liste-praevention.de/“",
    ]),
    ("betreiber/gedankenstrich-falsch-umgewandelt.yml", [
        "data/betreiber.yml:9: unsichtbares Zeichen in Spalte 32: ein Steuerzeichen, vermutlich ein falsch "
        "umgewandeltes „–“ (U+0096); erwartet: das Zeichen durch „–“ ersetzen – es steht hinter „name: Walter "
        "Blüchert Stiftung“",
    ]),
    ("gruppen/zeilentrenner-im-hinweis.yml", [
        "data/gruppen.yml:48: unsichtbares Zeichen in Spalte 33: ein Zeilentrenner (U+2028); erwartet: das Zeichen "
        "löschen oder durch ein Leerzeichen ersetzen – es steht hinter „hinweis: Bitte vorher anrufen.“",
    ]),
]
NUMBER_CASES = [
    ("kosten/tausenderpunkt.yml", [
        "data/kosten.yml:22: Feld „beispiel_kommune.gruppenkosten_pro_jahr“: Wert „15.000“ ist "
        "ungültig; erwartet: eine "
        "ganze Zahl ohne Tausenderpunkt, also 15000",
    ]),
]
PLACEHOLDER_CASES = [
    ("termine/platzhalter-im-hinweis.yml", [
        "data/termine.yml:103: Feld „termine[12].hinweis“: Wert „Beitrag {{ kosten.schulung.betrag | euro }} pro "
        "Person“ enthält einen Platzhalter; Platzhalter wie {{ … }} und {% … %} wirken nur in den Seiten "
        "(content/pages/), nicht in data/termine.yml; erwartet: der Text selbst, so wie er auf der Seite stehen soll",
    ]),
    ("gruppen/platzhalter-als-email.yml", [
        "data/gruppen.yml:48: Feld „gruppen[1].kontakt.email“: Wert „{{ kontakt.email }}“ enthält einen "
        "Platzhalter; Platzhalter wie {{ … }} und {% … %} wirken nur in den Seiten (content/pages/), nicht in "
        "data/gruppen.yml; erwartet: der Text selbst, so wie er auf der Seite stehen soll",
    ]),
]
DATA_CASES += READING_CASES + NUMBER_CASES + PLACEHOLDER_CASES

PAGE_CASES = [
    ("pages/ohne-titel.md", [
        "content/pages/ohne-titel.md:1: Feld „title“: fehlt; erwartet zwischen den Zeilen --- am Anfang eine Zeile "
        "„title: …“ (Seitentitel (die Überschrift h1))",
    ]),
    ("pages/leere-beschreibung.md", [
        "content/pages/leere-beschreibung.md:3: Feld „summary“: fehlt; erwartet zwischen den Zeilen --- am Anfang eine "
        "Zeile „summary: …“ (Beschreibung für Suchmaschinen (1–2 Sätze))",
    ]),
    ("pages/tippfehler-im-feldnamen.md", [
        "content/pages/tippfehler-im-feldnamen.md:3: Feld „sumary“: unbekanntes Feld; erlaubt sind: title, summary, "
        "slug, section, nav_title, order, template, save_as, url, status, modified, geprueft_am, "
        "zielgruppe_geprueft, lang, uebersetzung_geprueft; meinten Sie „summary“?",
        "content/pages/tippfehler-im-feldnamen.md:1: Feld „summary“: fehlt; erwartet zwischen den Zeilen --- am Anfang "
        "eine Zeile „summary: …“ (Beschreibung für Suchmaschinen (1–2 Sätze))",
    ]),
    # The page that takes another page's address is reported, naming the page that has it.
    ("pages/doppelter-slug.md", [
        "content/pages/doppelter-slug.md:4: Feld „slug“: Adresse „konzept/“ ist schon vergeben an "
        "content/pages/konzept.md; erwartet: ein eigener Slug",
    ]),
    ("pages/platzhalter-unbekannt.md", [
        "content/pages/platzhalter-unbekannt.md:7: Platzhalter {{ kosten.schulng.betrag | euro }}: "
        "„kosten.schulng“ gibt es nicht; erwartet: einer von kosten.schulung, kosten.beispiel_kommune, "
        "kosten.kooperationsgebuehr, kosten.mindestens_geschulte_personen, kosten.posten, kosten.programmkosten, "
        "kosten.programmkosten_jahre, kosten.programmkosten_summe, kosten.supervision_alle_jahre, "
        "kosten.supervisionstag – z. B. {{ kosten.schulung.betrag | euro }}",
    ]),
    ("pages/platzhalter-kaputt.md", [
        "content/pages/platzhalter-kaputt.md:7: Platzhalter {{ kosten.schulung.betrag | euro }. ist unvollständig: ein "
        "Zeichen steht an einer "
        "Stelle, an der es nicht stehen kann; erwartet: z. B. {{ kosten.schulung.betrag | euro }}",
    ]),
    ("pages/status-ungueltig.md", [
        "content/pages/status-ungueltig.md:5: Feld „status“: Wert „entwurf“ ist ungültig; erwartet: published, "
        "hidden oder draft",
    ]),
    ("pages/datum-ungueltig.md", [
        "content/pages/datum-ungueltig.md:5: Feld „modified“: Wert „gestern“ ist ungültig; erwartet: ein Datum wie "
        "2025-05-06",
    ]),
    ("pages/vorlage-gibt-es-nicht.md", [
        "content/pages/vorlage-gibt-es-nicht.md:5: Feld „template“: Wert „sonderseite“ ist ungültig; erwartet: eine "
        "Vorlage für Seiten: page, home, termine, gruppen oder leicht (die anderen Vorlagen in "
        "theme/templates schreibt die "
        "Website selbst, z. B. die Seiten je Bundesland)",
    ]),
    ("pages/bereich-unbekannt.md", [
        "content/pages/bereich-unbekannt.md:5: Feld „section“: Wert „eltern“ ist ungültig; erwartet: einer von: "
        "alleinerziehende, partner, gruppenleitung, termine, kontakt",
    ]),
    ("pages/order-keine-zahl.md", [
        "content/pages/order-keine-zahl.md:6: Feld „order“: Wert „zwei“ ist ungültig; erwartet: eine ganze Zahl ohne "
        "Punkt, Komma oder Einheit, z. B. 2",
    ]),
    ("pages/nicht-utf8.md", [
        "content/pages/nicht-utf8.md:3: UTF-8 erwartet: die Datei ist in einer anderen Kodierung gespeichert "
        "(Spalte 66: Byte 0xE4, in Windows-1252 „ä“, hinter „…in Latin-1 gespeichert, nicht in UTF-8:“; im "
        "Editor „Speichern unter …“ → Kodierung UTF-8)",
    ]),
    ("pages/zwei-h1.md", [
        "content/pages/zwei-h1.md:7: Feld „Überschrift“: Wert „# Noch eine Hauptüberschrift“ ist ungültig; "
        "erwartet: Überschriften im Text ab „## “ (die Hauptüberschrift kommt aus „title:“)",
    ]),
    # The page's HTML after Markdown: the site's promises (no scripts, nothing from other servers,
    # every link leads somewhere, well-formed HTML).
    ("pages/skript.md", [
        "content/pages/skript.md:8: Feld „<script>“: Element <script> ist im Seitentext nicht erlaubt; erwartet: "
        "Text ohne Skripte – die Website funktioniert ohne JavaScript, Skripte kommen nur aus dem Theme",
    ]),
    ("pages/iframe-fremd.md", [
        "content/pages/iframe-fremd.md:8: Feld „<iframe>“: Element <iframe> ist im Seitentext nicht erlaubt (es "
        "lädt Inhalte von www.youtube.com); erwartet: ein Link auf den Inhalt, z. B. [Video ansehen](https://…), "
        "statt ihn einzubetten",
    ]),
    ("pages/bild-fremd.md", [
        "content/pages/bild-fremd.md:8: Feld „src“: Wert „https://cdn.example.org/logo.png“ ist ungültig; erwartet: "
        "eine Datei dieser Website (z. B. in content/downloads/) – von cdn.example.org geladen, erführe dieser "
        "Server von jedem Besuch der Seite",
    ]),
    ("pages/ereignis-attribut.md", [
        "content/pages/ereignis-attribut.md:6: Feld „onclick“: Ereignis-Attribut führt JavaScript aus; erwartet: "
        "kein on…-Attribut (die Website funktioniert ohne JavaScript, der Server blockiert solchen Code)",
    ]),
    ("pages/stil-attribut.md", [
        "content/pages/stil-attribut.md:6: Feld „style“: Stilangabe im Seitentext blockiert der Server "
        "(Content-Security-Policy); erwartet: eine Klasse aus theme/static/css/site.css, z. B. class=\"panel\"",
    ]),
    ("pages/javascript-link.md", [
        "content/pages/javascript-link.md:6: Feld „href“: Wert „javascript:window.print()“ ist ungültig; erwartet: "
        "eine Adresse mit https://, mailto: oder tel: oder eine Adresse dieser Website",
    ]),
    ("pages/link-fehlt.md", [
        "content/pages/link-fehlt.md:6: Feld „href“: Wert „/kosten/“ ist ungültig; erwartet: eine Adresse, die es "
        "auf dieser Website gibt (eine Seite ist /Slug/, z. B. /konzept/)",
    ]),
    ("pages/filename-fehlt.md", [
        "content/pages/filename-fehlt.md:6: Feld „href“: Wert „{filename}/kosten.md“ ist ungültig; erwartet: eine "
        "Seitendatei, die es gibt, mit ihrem Pfad ab content/, z. B. {filename}/pages/konzept.md",
    ]),
    ("pages/filename-ohne-pages.md", [
        "content/pages/filename-ohne-pages.md:6: Feld „href“: Wert „{filename}/konzept.md“ ist ungültig; erwartet: "
        "eine Seitendatei, die es gibt, mit ihrem Pfad ab content/, z. B. {filename}/pages/konzept.md; meinten Sie "
        "„{filename}/pages/konzept.md“?",
    ]),
    ("pages/div-offen.md", [
        "content/pages/div-offen.md:6: Feld „<div>“: wird nicht geschlossen und schließt so den ganzen Rest der "
        "Seite ein; erwartet: ein </div> am Ende des Abschnitts",
    ]),
    ("pages/div-zu-viel.md", [
        "content/pages/div-zu-viel.md:9: Feld „</div>“: schließt ein <div>, das nicht offen ist; erwartet: zu jedem "
        "</div> ein <div> davor",
    ]),
    ("pages/verschachtelt.md", [
        "content/pages/verschachtelt.md:6: Feld „</strong>“: kommt, bevor das <em> aus Zeile 6 geschlossen ist; "
        "erwartet: zuerst </em>, dann </strong>",
    ]),
    # Addresses: no page overwrites another output of the build.
    ("pages/save-as-404.md", [
        "content/pages/save-as-404.md:4: Feld „save_as“: Datei „404.html“ ist schon vergeben an die Fehlerseite "
        "(theme/templates/404.html); erwartet: ein eigener Dateiname",
    ]),
    ("pages/save-as-kalender.md", [
        "content/pages/save-as-kalender.md:4: Feld „save_as“: Datei „termine/abo/alle.ics“ ist schon vergeben an "
        "das Kalender-Abo „Alle wir2-Termine“; erwartet: ein eigener Dateiname",
    ]),
    ("pages/save-as-andere-seite.md", [
        "content/pages/save-as-andere-seite.md:4: Feld „save_as“: Datei „konzept/index.html“ ist schon vergeben an "
        "content/pages/konzept.md; erwartet: ein eigener Dateiname",
    ]),
    ("pages/url-passt-nicht.md", [
        "content/pages/url-passt-nicht.md:4: Feld „url“: Adresse „neu/“ führt nicht zur Datei der Seite "
        "(url-passt-nicht/index.html); erwartet: url und save_as passend zueinander, z. B. url: neu/ und "
        "save_as: neu/index.html",
    ]),
]
CASES = DATA_CASES + PAGE_CASES


def test_the_corpus_has_one_file_per_case_and_covers_every_data_file():
    files = sorted(p.relative_to(FIXTURES).as_posix() for p in FIXTURES.rglob("*") if p.is_file())
    assert files == sorted(fixture for fixture, _ in CASES)
    read_by_the_site = {p.stem for p in (ROOT / "data").glob("*.yml")}
    assert read_by_the_site <= {f.split("/")[0] for f in files}, "a data file without broken examples"


def apply(fixture: str, project: Path) -> None:
    source = FIXTURES / fixture
    group = fixture.split("/")[0]
    if group == "pages":
        shutil.copy2(source, project / "content" / "pages" / source.name)
    else:
        target = project / "data" / f"{group}.yml"
        assert target.is_file(), f"{fixture}: the site has no data/{group}.yml"
        shutil.copy2(source, target)


class Outcome:
    """One broken build over a copy of the good site."""

    def __init__(self, site: Path, tmp: Path, fixture: str):
        project = copy_project(tmp / "project")
        apply(fixture, project)
        self.out = tmp / "output"
        shutil.copytree(site, self.out)
        before = snapshot(self.out)
        self.result = build_project(project, self.out)
        stream = io.StringIO()
        self.code = report(self.result, stream)
        self.printed = stream.getvalue()
        self.unchanged = snapshot(self.out) == before


@pytest.fixture(scope="module")
def broken_build(site, tmp_path_factory):
    done: dict[str, Outcome] = {}

    def run(fixture: str) -> Outcome:
        if fixture not in done:
            done[fixture] = Outcome(site, tmp_path_factory.mktemp("broken"), fixture)
        return done[fixture]
    return run


def changes(fixture: str) -> dict[str, dict[str, bytes] | dict[str, str]]:
    source = FIXTURES / fixture
    group = fixture.split("/")[0]
    if group == "pages":
        return {"pages": {source.name: source.read_bytes()}}
    assert (ROOT / "data" / f"{group}.yml").is_file(), f"{fixture}: the site has no data/{group}.yml"
    return {"files": {f"{group}.yml": source.read_bytes()}}  # as bytes: some cases are about the encoding


@pytest.mark.parametrize("fixture, expected", [pytest.param(f, e, id=f) for f, e in CASES])
def test_broken_input_is_reported_with_exactly_its_message(tmp_path, fixture, expected):
    assert input_problems(tmp_path, **changes(fixture)) == expected


#: One case of every data file and of each kind of page check: the real build proves the wiring.
IN_A_BUILD = ["betreiber/email-falsch.yml", "gruppen/plz-vierstellig.yml", "kontakt/einrueckung-falsch.yml",
              "kosten/betrag-mit-einheit.yml", "programm/tippfehler-im-feldnamen.yml",
              "termine/kennung-doppelt.yml", "pages/ohne-titel.md", "pages/doppelter-slug.md",
              "pages/platzhalter-unbekannt.md", "pages/nicht-utf8.md", "pages/filename-fehlt.md",
              "kosten/nicht-utf8.yml"]


def test_the_builds_cover_every_data_file():
    assert {f.split("/")[0] for f in IN_A_BUILD} == {f.split("/")[0] for f, _ in CASES}


@pytest.mark.parametrize("fixture, expected", [pytest.param(f, e, id=f) for f, e in CASES if f in IN_A_BUILD])
def test_broken_input_stops_the_build_with_exactly_its_message(broken_build, fixture, expected):
    outcome = broken_build(fixture)
    assert not outcome.result.ok and outcome.code != 0, "the build should have failed"
    assert outcome.result.messages == expected
    for message in expected:
        assert f"Fehler: {message}" in outcome.printed
    assert outcome.unchanged, "output/ changed although the build failed"
    assert not leftovers(outcome.out)


def test_command_line_exits_non_zero_and_names_the_problem(project_copy, tmp_path):
    apply("kosten/betrag-mit-einheit.yml", project_copy)
    out = tmp_path / "output"
    run = subprocess.run([sys.executable, "-m", "wir2.build", "--settings", str(project_copy / "pelicanconf.py"),
                          "--output", str(out)], cwd=project_copy, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT / "plugins"), "WIR2_BUILD_DATE": "2025-01-15",
                              "PATH": "/usr/bin:/bin"})
    assert run.returncode == 1, run.stderr
    assert "Fehler: data/kosten.yml:6: Feld „schulung.betrag“: Wert „700 Euro“ ist ungültig" in run.stderr
    assert "Traceback" not in run.stderr and not out.exists()


# --- a folder link that leads back into content/pages: one message, not one per path it makes ----------

LOOP = ("content/pages/unterordner/schleife: Ordner-Verknüpfung führt im Kreis: sie zeigt auf content/pages, "
        "in dem sie selbst liegt; erwartet: eine Verknüpfung auf einen Ordner außerhalb von content/pages, oder keine")


def make_loop(pages: Path) -> None:
    (pages / "unterordner").mkdir()
    (pages / "unterordner" / "schleife").symlink_to("..", target_is_directory=True)


def test_a_folder_link_loop_is_one_message(tmp_path):
    site_with(tmp_path)  # the copy of the pages
    make_loop(tmp_path / "content" / "pages")
    assert input_problems(tmp_path) == [LOOP]


def test_a_folder_link_loop_stops_the_build_with_one_message(site, tmp_path):
    project = copy_project(tmp_path / "project")
    make_loop(project / "content" / "pages")
    out = tmp_path / "output"
    shutil.copytree(site, out)
    before = snapshot(out)
    result = build_project(project, out)
    assert not result.ok and result.messages == [LOOP]
    assert snapshot(out) == before
