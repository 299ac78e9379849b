"""Bad input stops the build with a message naming file, line and field; output/ stays as it was."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from helpers import ROOT, SITE_BUILD_DATE, PagesAsBuilt, build_project, input_problems, site_with, snapshot
from wir2.load import build_date_from
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
    assert not out.with_name(out.name + ".staging").exists()
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
    path.write_text("\n".join(line for line in text.splitlines() if not line.startswith("Title:")), encoding="utf-8")
    [message] = rebuild_fails(project, out, before)
    assert message.startswith("content/pages/konzept.md:1:") and "Title" in message


def test_page_with_unknown_metadata_key(built):
    project, out, before = built
    path = project / "content" / "pages" / "konzept.md"
    replace_in(path, "Summary:", "Sumary:")
    messages = rebuild_fails(project, out, before)
    assert any(m.startswith(f"content/pages/konzept.md:{line_of(path, 'Sumary:')}:") and "sumary" in m
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
    page.write_text(text.replace("Summary:", "Modified: 06.05.2025\nSummary:", 1), encoding="utf-8")
    result = build_project(project_copy, tmp_path / "out")
    assert result.ok, result.messages
    sitemap = (tmp_path / "out" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>/konzept/</loc>\n<lastmod>2025-05-06T00:00:00+02:00</lastmod>" in sitemap


def test_a_key_written_twice_in_a_page_is_reported(tmp_path):
    page = (ROOT / "content" / "pages" / "konzept.md").read_text(encoding="utf-8")
    twice = page.replace("Summary:", "Slug: konzept\nSummary:", 1)
    assert twice.count("\nSlug:") == 2
    [message] = input_problems(tmp_path, pages={"konzept.md": twice.encode("utf-8")})
    first = next(i for i, line in enumerate(twice.splitlines(), 1) if line.startswith("Slug:"))
    second = next(i for i, line in enumerate(twice.splitlines(), 1) if line.startswith("Slug:") and i > first)
    assert message == (f"content/pages/konzept.md:{second}: Feld „Slug“: steht doppelt (zuerst in Zeile {first}); "
                       "jedes Feld nur einmal angeben")


def test_a_listing_inside_a_list_item_is_shown_and_one_in_a_code_block_is_reported(tmp_path):
    head = "Title: Probe\nSummary: Probe.\nSlug: probe\n\n{% from \"macros/termine.html\" import naechste_termine %}\n"
    in_list = head + "- Die nächsten: {{ naechste_termine() }}\n"
    site = site_with(tmp_path, SITE_BUILD_DATE, pages={"probe.md": in_list.encode("utf-8")})
    html = PagesAsBuilt(site).html("probe/")
    assert 'class="termine termine-kompakt"' in html and "wir2-block" not in html
    fenced = head + "```\n{{ naechste_termine() }}\n```\n"
    [message] = input_problems(tmp_path / "fenced", pages={"probe.md": fenced.encode("utf-8")})
    assert message.startswith("content/pages/probe.md:7: die Terminliste steht in einem Code-Block")


def test_dotfiles_and_editor_locks_are_not_pages(project_copy, tmp_path):
    pages = project_copy / "content" / "pages"
    (pages / ".#konzept.md").symlink_to("root@host.1234:1700000000")  # Emacs' lock: a dangling link
    (pages / "._konzept.md").write_bytes(b"\x00\x05\x16\x07 macOS resource fork")
    result = build_project(project_copy, tmp_path / "out")
    assert result.ok, result.messages


def test_a_damaged_revision_record_names_the_line_and_field(tmp_path):
    record = (ROOT / "data" / "termine.stand.json").read_text(encoding="utf-8")
    assert '"sequence": 0' in record
    broken = record.replace('"sequence": 0', '"sequence": -1', 1)
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if '"sequence": -1' in text)
    [message] = input_problems(tmp_path, files={"termine.stand.json": broken}, revision_mode="pruefen")
    assert message.startswith(f"data/termine.stand.json:{line}: Feld „termine.") and ".sequence“:" in message
    assert "eine ganze Zahl ab 0" in message
