"""The built site as a whole: links, assets, hosts, weight, reproducibility."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

from helpers import ROOT, SITE_BUILD_DATE, build_project, html_pages, leftovers, page_weight, parse, resolve, snapshot
from wir2.build import INTERNAL_ERROR

BUDGET = 14 * 1024


def all_pages(site: Path):
    return [parse(p) for p in html_pages(site)]


def test_every_internal_link_fragment_and_asset_resolves(site):
    broken = []
    for page in all_pages(site):
        for url in page.links + [u for _, u in page.assets]:
            if url.startswith(("mailto:", "tel:", "webcal:")):
                continue
            target, fragment = resolve(site, page.path, url)
            if target is None:
                continue
            if not target.is_file():
                broken.append(f"{page.path.relative_to(site)} → {url}")
            elif fragment and target.suffix == ".html" and fragment not in parse(target).ids:
                broken.append(f"{page.path.relative_to(site)} → {url} (Anker fehlt)")
    assert not broken, "\n".join(broken)


def test_no_page_loads_anything_from_another_host(site):
    offenders = [
        f"{p.path.relative_to(site)}: <{tag}> {url}"
        for p in all_pages(site)
        for tag, url in p.assets
        if url.startswith(("http:", "https:", "//"))
    ]
    assert not offenders, "\n".join(offenders)


def test_css_requests_nothing_from_another_host(site):
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "@import" not in text and "http://" not in text and "https://" not in text, css


def test_no_inline_script_or_style_so_a_strict_csp_holds(site):
    for page in all_pages(site):
        assert page.inline_scripts == 0 and page.inline_styles == 0, page.path


def test_every_page_is_german_but_the_translations_in_their_folders(site):
    # A translation lives in content/pages/<lang>/ and is written to /<lang>/… (tests/test_languages.py).
    found = {str(p.path.relative_to(site)): p.lang for p in all_pages(site)}
    assert {lang for name, lang in found.items() if not re.match(r"[a-z]{2}/", name)} == {"de"}
    assert all(name.startswith(lang + "/") for name, lang in found.items() if lang != "de")


def test_every_page_has_title_description_canonical_and_one_h1(site):
    for page in all_pages(site):
        assert page.h1 == 1, page.path
        assert page.title.strip(), page.path
        assert page.meta.get("description", "").strip(), page.path
        assert page.canonical, page.path
        assert page.meta.get("og:title") and page.meta.get("og:url"), page.path


def test_weight_budget_14_kib_gzip_per_page(site):
    heavy = {str(p.path.relative_to(site)): w for p in all_pages(site) if (w := page_weight(site, p)) > BUDGET}
    assert not heavy, heavy


def test_sitemap_robots_favicon_and_404(site):
    assert (site / "404.html").is_file()
    assert "Seite nicht gefunden" in (site / "404.html").read_text(encoding="utf-8")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>/konzept/</loc>" in sitemap and "404" not in sitemap
    assert (site / "robots.txt").read_text(encoding="utf-8").startswith("User-agent: *")
    assert (site / "theme" / "favicon.svg").is_file()


def test_navigation_marks_the_current_page(site):
    html = (site / "kooperation" / "index.html").read_text(encoding="utf-8")
    assert '<a href="/kooperation/" aria-current="page">Für Kooperationspartner</a>' in html
    html = (site / "wirksamkeit" / "index.html").read_text(encoding="utf-8")
    assert '<a href="/kooperation/" aria-current="true">Für Kooperationspartner</a>' in html


def test_two_builds_of_the_same_sources_are_byte_identical(site, tmp_path):
    again = tmp_path / "again"
    assert build_project(ROOT, again).ok
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    differing = [str(k) for k in first if first[k] != second[k]]
    assert not differing, differing


def test_publish_build_uses_absolute_urls_and_requires_operator(project_copy, tmp_path):
    result = build_project(project_copy, tmp_path / "pub", settings="publishconf.py")
    assert not result.ok
    assert any("data/betreiber.yml" in m and "name" in m for m in result.messages), result.messages
    result = build_project(project_copy, tmp_path / "pub", settings="publishconf.py", WIR2_REQUIRE_OPERATOR=False,
                          WIR2_REQUIRE_HISTORY=False)  # a copy without git: see test_revisions.py
    assert result.ok, result.messages
    assert any("betreiber.yml" in w for w in result.warnings)
    page = parse(tmp_path / "pub" / "konzept" / "index.html")
    assert page.canonical == "https://www.wir2-bindungstraining.de/konzept/"
    assert page.meta["og:url"] == page.canonical
    robots = (tmp_path / "pub" / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://www.wir2-bindungstraining.de/sitemap.xml" in robots


def test_a_failed_build_prints_only_its_messages(project_copy, tmp_path, capsys):
    page = project_copy / "content" / "pages" / "konzept.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ programm.sitzungen | euro(3) }}\n", encoding="utf-8")
    result = build_project(project_copy, tmp_path / "out")
    assert not result.ok
    [message] = result.messages
    assert message.startswith("content/pages/konzept.md:") and "euro" in message, message
    assert "Done:" not in capsys.readouterr().out


def test_build_date_is_an_explicit_input(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<lastmod>{SITE_BUILD_DATE.isoformat()}T00:00:00" in sitemap


def _file_workers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("wir2-files")]


def test_the_data_file_worker_has_stopped_before_a_failed_build_ends(project_copy, tmp_path, monkeypatch):
    """Calendars and the PDF are written by a worker thread while Pelican renders the pages.  When the
    build fails elsewhere, the worker must have finished before the staging folder is removed (else it
    writes into a folder being deleted) and the previous output stays as it was."""
    from wir2 import pelican_plugin
    from wir2.render.calendar import Calendars

    out = tmp_path / "out"
    assert build_project(project_copy, out).ok
    before = snapshot(out)
    files = Calendars.termine_files

    def slow(self):
        time.sleep(0.5)  # still writing when the main thread fails
        yield from files(self)

    def broken(*args):
        raise RuntimeError("sitemap broke")

    monkeypatch.setattr(Calendars, "termine_files", slow)
    monkeypatch.setattr(pelican_plugin.sitemap, "sitemap_xml", broken)
    result = build_project(project_copy, out)
    assert not result.ok and result.messages == [INTERNAL_ERROR]  # a bug is reported, not raised
    assert "RuntimeError: sitemap broke" in result.detail
    assert not _file_workers()
    assert not leftovers(out)
    assert snapshot(out) == before


def test_an_error_in_the_data_file_worker_fails_the_build(project_copy, tmp_path, monkeypatch):
    from wir2.render.calendar import Calendars

    def broken(self):
        yield "termine/x.ics", b"BEGIN:VCALENDAR"
        raise RuntimeError("calendar broke")

    monkeypatch.setattr(Calendars, "termine_files", broken)
    out = tmp_path / "out"
    result = build_project(project_copy, out)
    assert not result.ok and result.messages == [INTERNAL_ERROR]
    assert "RuntimeError: calendar broke" in result.detail
    assert not _file_workers()
    assert not out.exists()


def test_two_builds_at_once_into_the_same_folder_both_succeed_and_leave_one_whole_site(project_copy, tmp_path):
    """Each build stages in a folder of its own (a fixed name made two builds write into each other)."""
    import subprocess
    import sys

    out = tmp_path / "output"
    command = [sys.executable, "-m", "wir2.build", "--settings", str(project_copy / "pelicanconf.py"),
               "--output", str(out)]
    env = {"PYTHONPATH": str(ROOT / "plugins"), "WIR2_BUILD_DATE": "2025-01-15", "PATH": "/usr/bin:/bin",
           "WIR2_CACHE_PATH": str(tmp_path / "cache")}
    builds = [subprocess.Popen(command, cwd=project_copy, env=env, stderr=subprocess.PIPE, text=True)
              for _ in range(2)]
    errors = [b.communicate(timeout=300)[1] for b in builds]
    assert [b.returncode for b in builds] == [0, 0], errors
    alone = tmp_path / "alone"
    assert build_project(project_copy, alone).ok
    assert snapshot(out) == snapshot(alone)
    assert not leftovers(out)
