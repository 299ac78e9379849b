"""The browser editor (issue 12): its configuration, the files it writes, and that saving changes nothing.

- Every file the editor writes is in the form the editor's own libraries write it
  (wir2.editor.canonical runs theme/admin/canonical.mjs), and that form means the same to the
  site and to the editor – so opening and saving a file unchanged leaves `git diff` empty.
- The configuration lists every field the site's loaders accept, in the files' order, with the
  site's own options (kinds, statuses, Länder) and a German hint from the LIESMICH guides.
- /admin/ is written only when the build is asked for it (WIR2_ADMIN): never by the publish settings.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from helpers import ROOT, build_project, copy_project, site_with
from wir2 import editor
from wir2.load import termine as termine_loader
from wir2.load.gruppen import FIELDS as GRUPPE_FIELDS
from wir2.load.gruppen import INFO_FIELDS, KONTAKT_FIELDS
from wir2.load.pages import ALLOWED, ORIGINAL_ONLY, TRANSLATION_ONLY
from wir2.model.facts import OPERATOR_OPTIONAL, OPERATOR_REQUIRED
from wir2.render import admin

TEMPLATE = ROOT / "theme" / "admin" / "config.yml"


def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.fail("node missing: ./dev.sh test installs Node.js", pytrace=False)
    return found


# --- the files are in the editor's form --------------------------------------------------------


def test_every_file_the_editor_writes_is_in_its_form_and_means_the_same():
    forms = editor.canonical(ROOT, node())
    assert {f.path for f in forms} >= {"data/termine.yml", "data/gruppen.yml", "data/kosten.yml", "data/programm.yml",
                                       "data/kontakt.yml", "data/betreiber.yml", "content/pages/konzept.md"}
    assert [(f.path, f.problems) for f in forms if f.problems] == []
    assert [f.path for f in forms if f.text != f.canonical] == [], "run `invoke normalize`"


def test_the_form_keeps_what_the_site_reads_and_is_stable(tmp_path):
    """Values a careless serialiser would change: a postcode with a leading zero, a German thousands point,
    times, dates, text with a colon, a page summary with a placeholder. The form of the form is the form."""
    project = copy_project(tmp_path / "p")
    (project / "data" / "gruppen.yml").write_text(
        "gruppen:\n  - id: dresden-1\n    plz: 01067\n    uhrzeit: 9:00\n    erste_sitzung: 2025-03-04\n"
        "    hinweis: 'Achtung: neu'\n    sprachen: [Deutsch, Arabisch]\n", encoding="utf-8")
    kosten = project / "data" / "kosten.yml"
    kosten.write_text(kosten.read_text(encoding="utf-8").replace("15000", "15.000"), encoding="utf-8")
    page = project / "content" / "pages" / "konzept.md"
    page.write_text(page.read_text(encoding="utf-8").replace("nav_title: Konzept", "nav_title: 'Konzept: kurz'"),
                    encoding="utf-8")
    forms = {f.path: f for f in editor.canonical(project, node())}
    assert all(not f.problems for f in forms.values()), {p: f.problems for p, f in forms.items() if f.problems}
    gruppen = forms["data/gruppen.yml"].canonical
    assert '"01067"' in gruppen or "'01067'" in gruppen  # never the number 1067
    assert "uhrzeit: 9:00" in gruppen and "erste_sitzung: 2025-03-04" in gruppen
    assert '"15.000"' in forms["data/kosten.yml"].canonical or "'15.000'" in forms["data/kosten.yml"].canonical
    for path, form in forms.items():
        (project / path).write_text(form.canonical, encoding="utf-8")
    again = {f.path: f for f in editor.canonical(project, node())}
    assert {p: f.canonical for p, f in again.items()} == {p: f.canonical for p, f in forms.items()}
    assert all(f.text == f.canonical for f in again.values())


def test_a_value_the_editor_would_read_otherwise_is_reported(tmp_path, monkeypatch):
    """The check can fail: pretend the editor's YAML library reads the postcode back as the number 1067."""
    import json
    import subprocess

    project = copy_project(tmp_path / "p")
    (project / "data" / "gruppen.yml").write_text("gruppen:\n  - id: dresden-1\n    plz: '01067'\n", encoding="utf-8")
    real = subprocess.run

    def misreading(*args, **kwargs):
        done = real(*args, **kwargs)
        answers = json.loads(done.stdout)
        for answer in answers:
            if answer["text"].startswith("gruppen:"):
                answer["data"]["gruppen"][0]["plz"] = 1067
        done.stdout = json.dumps(answers)
        return done

    monkeypatch.setattr(editor.subprocess, "run", misreading)
    [form] = [f for f in editor.canonical(project, node()) if f.path == "data/gruppen.yml"]
    assert form.problems == ("der Browser-Editor liest die Form anders",)


# --- the configuration -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    site = site_with(tmp_path_factory.mktemp("admin"))
    return admin.config(site, TEMPLATE, ROOT / "data", ["alleinerziehende", "partner", "gruppenleitung", "termine",
                                                        "kontakt"], admin.Backend())


def file_fields(config, name):
    [entry] = [f for c in config["collections"] for f in c.get("files", []) if f["name"] == name]
    return {f["name"]: f for f in entry["fields"]}


def names(fields):
    return [f["name"] for f in fields]


def test_every_field_the_site_reads_is_a_form_field_in_the_files_order(config):
    termine = file_fields(config, "termine")
    assert names(termine["arten"]["fields"]) == [*termine_loader.KIND_FIELDS[:3], "teilnahmebeitrag", "faktenblatt",
                                                 "anmeldung"]
    assert sorted(names(termine["termine"]["fields"])) == sorted(termine_loader.EVENT_FIELDS)
    gruppe = {f["name"]: f for f in file_fields(config, "gruppen")["gruppen"]["fields"]}
    assert sorted(gruppe) == sorted(GRUPPE_FIELDS)
    assert names(gruppe["kontakt"]["fields"]) == KONTAKT_FIELDS
    assert names(gruppe["infotreffen"]["fields"]) == INFO_FIELDS
    assert sorted(file_fields(config, "betreiber")) == sorted([*OPERATOR_REQUIRED, *OPERATOR_OPTIONAL, "geprueft_am"])
    for entry in ("termine", "gruppen", "kosten", "programm", "kontakt", "betreiber"):
        assert list(file_fields(config, entry))[-1] == "geprueft_am", entry  # every data file: its review date
    [pages] = [c for c in config["collections"] if c.get("folder") == "content/pages"]
    german = [key for key in ALLOWED if key not in TRANSLATION_ONLY]
    assert sorted(f["name"] for f in pages["fields"] if f["name"] != "body") == sorted(german)
    # A translation has what is not the original's alone, in each language's own folder.
    translated = [c for c in config["collections"] if c["name"].startswith("uebersetzungen-")]
    codes = ("uk", "ar", "tr", "en", "ru", "fa")
    assert [c["folder"] for c in translated] == [f"content/pages/{code}" for code in codes]
    for collection in translated:
        fields = {f["name"]: f for f in collection["fields"] if f["name"] != "body"}
        assert sorted(fields) == sorted(key for key in ALLOWED if key not in (*ORIGINAL_ONLY, "zielgruppe_geprueft"))
        assert fields["lang"] == {**fields["lang"], "widget": "hidden", "default": collection["folder"][-2:]}
    [sprachen] = [c for c in config["collections"] if c["name"] == "sprachen"]
    files = {entry["file"]: entry for entry in sprachen["files"]}
    assert sorted(files) == sorted(f"data/sprachen/{c}.yml" for c in ("de", "uk", "ar", "tr", "en", "ru", "fa"))
    texte = {f["name"]: f for f in files["data/sprachen/ar.yml"]["fields"]}["texte"]
    assert [f["name"] for f in texte["fields"]][:2] == ["zum_inhalt", "sprache"]
    assert texte["fields"][0]["hint"] == "Deutsch: Zum Inhalt springen"


def test_options_are_the_sites_own_lists(config):
    termine = file_fields(config, "termine")
    event = {f["name"]: f for f in termine["termine"]["fields"]}
    assert [o["value"] for o in event["art"]["options"]] == ["schulung", "supervision", "infoveranstaltung",
                                                             "jahrestreffen"]
    assert event["art"]["options"][0]["label"] == "wir2-Gruppenleiterschulung"  # editors read names, files keep ids
    assert [o["value"] for o in event["status"]["options"]] == ["geplant", "wenige_plaetze", "ausgebucht", "abgesagt"]
    assert event["status"]["options"][1]["label"] == "Nur noch wenige Plätze"
    [kind] = [f for f in file_fields(config, "termine")["arten"]["fields"] if f["name"] == "teilnahmebeitrag"]
    assert {"label": "Gruppenleiterschulung", "value": "schulung"} in kind["options"]
    gruppe = {f["name"]: f for f in file_fields(config, "gruppen")["gruppen"]["fields"]}
    assert len(gruppe["bundesland"]["options"]) == 16 and "Baden-Württemberg" in gruppe["bundesland"]["options"]
    assert "@" not in admin.config_text(config)


def test_hints_come_from_the_guides(config):
    event = {f["name"]: f for f in file_fields(config, "termine")["termine"]["fields"]}
    assert event["beginn"]["hint"].startswith("erster Tag: 2026-03-12 oder 12.03.2026; oder offen")
    assert event["von"]["hint"] == event["bis"]["hint"]
    gruppe = {f["name"]: f for f in file_fields(config, "gruppen")["gruppen"]["fields"]}
    assert gruppe["plz"]["hint"].startswith("genau fünf Ziffern")
    assert file_fields(config, "betreiber")["hoster"]["hint"].startswith("Name und Sitz des Unternehmens")
    missing = [(entry["name"], f["name"]) for c in config["collections"] for entry in c.get("files", [])
               for f in entry["fields"] if "hint" not in f and f["widget"] != "list"]
    assert missing == []


def test_a_heading_the_guides_do_not_have_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="Felder einer Sorte"):
        admin.guide_table(ROOT / "data" / "LIESMICH-termine.md", "Felder einer Sorte")


def test_the_live_backend_logs_in_with_gitlab_pkce_and_reviews_before_publishing(tmp_path):
    site = site_with(tmp_path)
    live = admin.config(site, TEMPLATE, ROOT / "data", [], admin.Backend(repo="stiftung/wir2", app_id="abc"))
    assert live["backend"]["name"] == "gitlab" and live["backend"]["auth_type"] == "pkce"
    assert live["publish_mode"] == "editorial_workflow"
    assert live["local_backend"]["url"].startswith("http://127.0.0.1:")


# --- /admin/ in the build ----------------------------------------------------------------------


def test_admin_is_written_only_when_asked_for(tmp_path):
    project = copy_project(tmp_path / "p")
    plain = build_project(project, tmp_path / "ohne", dt.date(2025, 1, 15))
    assert plain.ok and not (tmp_path / "ohne" / "admin").exists()
    published = build_project(project, tmp_path / "live", dt.date(2025, 1, 15), settings="publishconf.py",
                              WIR2_REQUIRE_OPERATOR=False, WIR2_REQUIRE_HISTORY=False)
    assert published.ok and not (tmp_path / "live" / "admin").exists()
    edit = build_project(project, tmp_path / "mit", dt.date(2025, 1, 15), WIR2_ADMIN=True)
    assert edit.ok, edit.messages
    written = {p.name for p in (tmp_path / "mit" / "admin").iterdir()}
    assert {"index.html", "config.yml", "wir2-cms.js", "decap-cms.js"} <= written
    assert not [n for n in written if n.endswith(".map")]


def test_a_page_cannot_take_the_editors_address(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "content" / "pages" / "admin.md").write_text(
        "---\ntitle: Admin\nsummary: S.\nsave_as: admin/index.html\nurl: admin/\n---\n\nText.\n", encoding="utf-8")
    result = build_project(project, tmp_path / "out", dt.date(2025, 1, 15), WIR2_ADMIN=True)
    assert not result.ok
    assert any("admin.md" in m and "Browser-Editor" in m for m in result.messages), result.messages


def test_the_editor_page_loads_only_our_own_files():
    html = (ROOT / "theme" / "admin" / "index.html").read_text(encoding="utf-8")
    assert "http" not in html.replace('charset="utf-8"', "")
    assert '<script src="decap-cms.js"></script>' in html and '<script src="wir2-cms.js"></script>' in html


def test_the_bundle_is_the_pinned_one():
    import json

    pin = json.loads((ROOT / "theme" / "admin" / "decap-cms.json").read_text(encoding="utf-8"))
    folder = admin.bundle_folder(ROOT, ROOT / "theme")
    assert folder.name == pin["version"] and (folder / "decap-cms.js").is_file(), "run ./dev.sh test"
    assert pin["integrity"].startswith("sha512-") and len(pin["integrity"]) > 80
    assert (folder / "decap-cms.js").stat().st_size > 1_000_000  # the bundle, not a stub
