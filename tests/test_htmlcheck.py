"""The check of a page's HTML (wir2.render.htmlcheck) and the plan of files, rule by rule, in milliseconds.

tests/test_broken_inputs.py has one realistic page per kind of slip, with its whole
message; here the rules' edges: what HTML allows (optional end tags, ``<br/>``,
SVG), every address the build makes, and the less common ways to load something
from elsewhere or to run code.  The real site's pages pass (test_broken_inputs
renders them with every case).
"""

from __future__ import annotations

import dataclasses
import logging

import pytest

from helpers import build_project, copy_project, input_problems, site_with
from wir2.build import _Collector, relative_paths
from wir2.model import Site
from wir2.render.htmlcheck import PageCheck


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    return site_with(tmp_path_factory.mktemp("htmlcheck"))


@pytest.fixture(scope="module")
def publish_site(tmp_path_factory) -> Site:
    return site_with(tmp_path_factory.mktemp("htmlcheck-publish"), siteurl="https://www.wir2-bindungstraining.de")


def problems(site: Site, html: str, skip: tuple[str, ...] = ()) -> list[tuple[int | None, str]]:
    """Line and field of each problem in ``html`` as the body of the page at /konzept/ (body from line 5)."""
    [konzept] = [p for p in site.pages if p.address == "konzept/"]
    page = dataclasses.replace(konzept, body=html, body_line=5)
    return [(p.line, p.field) for p in PageCheck(site).check(page, html, skip)]


GOOD = [
    "<ul><li>eins<li>zwei</ul><p>Absatz<p>noch einer",
    "<table><thead><tr><th>A<th>B<tbody><tr><td>1<td>2<tr><td>3<td>4</table>",
    "<dl><dt>Begriff<dd>Erklärung<dt>noch einer<dd>…</dl>",
    '<p>Zeile<br/>Zeile<br></p><hr/><img src="/theme/favicon.svg" alt="Logo">',
    '<img src="/theme/favicon.svg" alt="">',  # written out: a decorative image
    '<!-- ein Kommentar für die Redaktion --><p>Text</p><!---->',
    '<a href="https://wir2-bindungstraining.de/konzept/">ohne www</a>',
    '<a href="mailto:info@example.org?subject=Hallo%20Welt">E-Mail</a> <a href="mailto:a@b.de,c@bürgerbüro.de">'
    'zwei</a> <a href="tel:+49-5241-17949-14">Telefon</a> <a href="tel:05241%2017949-14">Telefon</a>',
    '<a href="/konzept">ohne Schrägstrich</a> <a href="../kontakt/">relativ</a> <a href="/">Start</a> '
    '<a href="#abschnitt">hier</a> <a href="?x=1">hier</a>',
    '<a href="https://www.example.org/">extern</a> <a href="http://example.org">alt</a> '
    '<a href="mailto:info@example.org">E-Mail</a> <a href="tel:+4952411794914">Telefon</a> '
    '<a href="webcal://www.wir2-bindungstraining.de/termine/abo/alle.ics">Abo</a>',
    '<a href="/termine/abo/alle.ics">Abo</a> <a href="/downloads/wir2-faktenblatt.pdf">PDF</a> '
    '<a href="/sitemap.xml">Sitemap</a> <a href="/404.html">404</a> <a href="/robots.txt">robots</a>',
    '<a href="https://www.wir2-bindungstraining.de/konzept/#was-in-einem-treffen-passiert">eigene Adresse</a>',
    '<a href="{filename}/pages/kontakt.md">Kontakt</a> <a href="{filename}kontakt.md">relativ</a> '
    '<a href="{filename}../pages/kontakt.md#x">auch</a> <a href="{index}">Start</a>',
    '<form class="suche" role="search" data-quelle="/gruppen/gruppen.json"><input name="q"></form>',
]


@pytest.mark.parametrize("html", GOOD)
def test_what_html_and_the_site_allow_passes(site, html):
    assert problems(site, html) == []


BAD = [
    ('<img srcset="/theme/favicon.svg 1x, https://cdn.example.org/a.png 2x" alt="x">', "srcset"),
    ('<img src="//cdn.example.org/a.png" alt="x">', "src"),
    ('<img src="data:image/png;base64,AAAA" alt="x">', "src"),
    ('<img src="/theme/fehlt.png" alt="x">', "src"),
    ('<img src="/theme/favicon.svg">', "alt"),
    ('<video poster="https://cdn.example.org/p.jpg"></video>', "poster"),
    ('<form action="https://forms.example.org/senden"><button>Senden</button></form>', "action"),
    ('<a href="/kontakt/" ping="https://tracker.example.org/">Kontakt</a>', "ping"),
    ('<svg viewBox="0 0 1 1"><path d="M0 0"/><circle r="1"/></svg>', "<svg>"),
    ('<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>', "<svg>"),
    ('<math><mtext><a href="/kontakt/">x</a></mtext></math>', "<math>"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>', "<noscript>"),
    ('<template><p>x</p></template>', "<template>"),
    ('<textarea><p>x</p></textarea>', "<textarea>"),
    # Comments and declarations that browsers and tokenizers read differently
    ('<!--><p>x</p>-->', "<!--"),
    ('<!---><p>x</p>-->', "<!--"),
    ('<!-- a --!><p>x</p>-->', "<!--"),
    ('<!-- a <!-- b -->', "<!--"),
    ('<p>x</p><!-- nie geschlossen', "<!--"),
    ('<![CDATA[<p>x</p>]]>', "<!"),
    ('<!DOCTYPE html><p>x</p>', "<!"),
    ('<?php echo 1; ?><p>x</p>', "<?"),
    ('<p>x</3 title=">"></p>', "</"),
    ('<a href="https://wir2-bindungstraining.de/kosten/">ohne www</a>', "href"),
    ('<a href="tel:+49 (0) 5241 17949-14">Telefon</a>', "href"),
    ('<a href="tel:0800-WIR2">Telefon</a>', "href"),
    ('<a href="tel:">Telefon</a>', "href"),
    ('<a href="mailto:info@@example.org">E-Mail</a>', "href"),
    ('<a href="mailto:info.example.org">E-Mail</a>', "href"),
    ('<p><img src="/theme/favicon.svg" alt="Logo" attributionsrc="https://evil.example/r"></p>', "attributionsrc"),
    ('<p>x <img src=x onerror=alert(1) alt="a', "<img"),  # never closed: the browser reads on into the theme
    ('<a href="ftp://example.org/datei">Datei</a>', "href"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "href"),
    ('<a href=" java\nscript:alert(1)">x</a>', "href"),
    ('<a href="https://www.wir2-bindungstraining.de/kosten/">Kosten</a>', "href"),
    ('<a href="/gruppen/atlantis/">Gruppen</a>', "href"),
    ('<a href="{tag}kosten">Kosten</a>', "href"),
    ('<a href="{static}/downloads/fehlt.pdf">PDF</a>', "href"),
    ('<div/>Text', "<div>"),
    ('<object data="/downloads/wir2-faktenblatt.pdf"></object>', "<object>"),
    ('<meta http-equiv="refresh" content="0; url=https://example.org/">', "<meta>"),
    ('<link rel="stylesheet" href="https://fonts.example.org/css">', "<link>"),
    ('<style>p { color: red }</style>', "<style>"),
    ('<p onmouseover="x()">Text</p>', "onmouseover"),
]


@pytest.mark.parametrize("html, field", BAD)
def test_each_broken_promise_is_one_problem_with_its_field(site, html, field):
    assert problems(site, html) == [(5, field)]


def test_the_line_is_where_the_source_has_it(site):
    html = "<p>eins</p>\n<div>\n<p>zwei</p>\n</div>\n<div>\n<p>drei <em>x</p>\n</div>\n</span>"
    # The second <div> (line 9) holds a <p> whose <em> is left open (line 10); </span> (line 12) has no start.
    assert problems(site, html) == [(10, "</p>"), (12, "</span>")]


def test_theme_made_blocks_are_skipped_and_the_rest_is_checked(site):
    block = '<script type="application/ld+json">{}</script><ul class="termine"><li>…</li></ul>'
    html = f"<p>vorher</p>\n{block}\n<p>nachher <a href=\"/kosten/\">x</a></p>"
    assert problems(site, html, skip=(block,)) == [(7, "href")]
    assert problems(site, html) == [(6, "<script>"), (7, "href")]


def test_the_publish_build_checks_its_absolute_addresses(publish_site):
    good = '<a href="https://www.wir2-bindungstraining.de/kontakt/">Kontakt</a>'
    bad = '<a href="https://www.wir2-bindungstraining.de/kosten/">Kosten</a>'
    assert problems(publish_site, good) == []
    assert problems(publish_site, bad) == [(5, "href")]


def test_the_summary_is_checked_on_its_own_line(site):
    [konzept] = [p for p in site.pages if p.address == "konzept/"]
    summary = "Text mit <img src=\"https://cdn.example.org/a.png\" alt=\"x\">"
    page = dataclasses.replace(konzept, summary=summary)
    found = PageCheck(site).check(page, "<p>Text</p>", (), f"<p>{summary}</p>")
    assert [(p.file, p.line, p.field) for p in found] == [("content/pages/konzept.md", 3, "src")]


# --- the plan of files ------------------------------------------------------------------------


def test_a_page_file_where_a_folder_of_the_site_is_is_reported(tmp_path):
    page = b"---\ntitle: T\nsummary: S\nsave_as: termine\nurl: termine\n---\n\nText.\n"
    assert input_problems(tmp_path, pages={"ordner.md": page}) == [
        "content/pages/ordner.md:4: Feld „save_as“: Datei „termine“ ist schon vergeben an den Ordner „termine/“ "
        "(für den Kalender des Termins „schulung-2024-12“); erwartet: ein eigener Dateiname"]


def test_a_page_inside_what_is_a_file_is_reported(tmp_path):
    page = b"---\ntitle: T\nsummary: S\nsave_as: sitemap.xml/index.html\nurl: sitemap.xml/\n---\n\nText.\n"
    assert input_problems(tmp_path, pages={"drin.md": page}) == [
        "content/pages/drin.md:4: Feld „save_as“: Datei „sitemap.xml/index.html“ läge im Ordner „sitemap.xml/“, "
        "doch „sitemap.xml“ ist schon vergeben an die Sitemap für Suchmaschinen; erwartet: ein eigener Dateiname"]


def test_a_save_as_outside_the_output_folder_is_reported(tmp_path):
    page = b"---\ntitle: T\nsummary: S\nsave_as: ../../etc/x.html\n---\n\nText.\n"
    assert input_problems(tmp_path, pages={"raus.md": page}) == [
        "content/pages/raus.md:4: Feld „save_as“: Wert „../../etc/x.html“ ist ungültig; erwartet: ein Dateiname "
        "in der Website ohne / am Anfang, z. B. kosten/index.html"]


def test_a_static_file_on_the_fact_sheet_is_reported(tmp_path):
    site_with(tmp_path)
    (tmp_path / "content" / "downloads").mkdir()
    (tmp_path / "content" / "downloads" / "wir2-faktenblatt.pdf").write_bytes(b"%PDF")
    assert input_problems(tmp_path) == [
        "content/downloads/wir2-faktenblatt.pdf: Datei „downloads/wir2-faktenblatt.pdf“ ist schon vergeben an das "
        "Faktenblatt (PDF); erwartet: ein eigener Dateiname"]


def test_a_linked_page_whose_target_is_gone_is_one_message(tmp_path):
    site_with(tmp_path)
    (tmp_path / "content" / "pages" / "weg.md").symlink_to(tmp_path / "gibt-es-nicht.md")
    assert input_problems(tmp_path) == [
        "content/pages/weg.md: Verknüpfung zeigt auf eine Datei, die es nicht gibt; erwartet: die Seite selbst oder "
        "eine Verknüpfung auf eine vorhandene Datei"]


def test_a_linked_folder_inside_the_project_is_read_as_pelican_reads_it(tmp_path):
    elsewhere = tmp_path / "site" / "weitere-seiten"
    site_with(tmp_path / "site")
    elsewhere.mkdir()
    (elsewhere / "extra.md").write_text("---\ntitle: Extra\nsummary: Aus einem verlinkten Ordner.\n---\n\nText.\n")
    (tmp_path / "site" / "content" / "pages" / "mehr").symlink_to(elsewhere, target_is_directory=True)
    site = site_with(tmp_path / "site")
    assert [p.name for p in site.pages if p.slug == "extra"] == ["content/pages/mehr/extra.md"]


OUT = ("ist eine Verknüpfung auf „{real}“ außerhalb des Projekts; erwartet: die Datei oder den Ordner selbst im "
       "Projekt (eine Verknüpfung nach außen gibt es nur auf diesem Rechner, und sie könnte Dateien veröffentlichen, "
       "die nicht auf die Website gehören)")


@pytest.mark.parametrize("where", ["content/pages/geheim.md", "content/pages/mehr", "content/downloads/geheim.pdf",
                                   "content/downloads/mehr", "data/kosten.yml", "data/notizen.txt"])
def test_a_link_out_of_the_project_is_refused_and_not_read(tmp_path, where):
    """A page, a download or a data file through a link that leaves the project: one message, and
    nothing of the target – in the reviewer's case an API token – reaches a page or a message."""
    outside = tmp_path / "ausserhalb"
    outside.mkdir()
    secret = outside / ("geheim.md" if where.endswith((".md", "mehr")) else "geheim")
    secret.write_text("---\ntitle: API_TOKEN=nicht-echt-123\nsummary: S\n---\n\nAPI_TOKEN=nicht-echt-123\n")
    project = tmp_path / "site"
    site_with(project)
    link = project / where
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.exists():
        link.unlink()
    target = outside if where.endswith("mehr") else secret
    link.symlink_to(target, target_is_directory=target.is_dir())
    problems = input_problems(project)
    assert problems == [f"{where}: " + OUT.format(real=target)]


# --- Pelican's own messages -------------------------------------------------------------------


def test_pelicans_messages_name_files_relative_to_the_project(tmp_path):
    project = tmp_path / "project"
    places = [(project / ".output.staging-k3x9", "output"), (project, "")]
    collector = _Collector()
    collector.places = places
    text = f"Unable to read {project}/content/pages/x.md; wrote {project}/.output.staging-k3x9/x/index.html"
    collector.emit(logging.LogRecord("pelican.readers", logging.WARNING, __file__, 1, text, None, None))
    assert collector.fatal == ["Unable to read content/pages/x.md; wrote output/x/index.html"]
    assert relative_paths(f"in {project}", places) == "in ."
    assert str(tmp_path) not in collector.fatal[0]


def test_the_real_pages_pass_locally_and_in_the_publish_build(tmp_path):
    assert input_problems(tmp_path / "lokal") == []
    assert input_problems(tmp_path / "live", siteurl="https://www.wir2-bindungstraining.de") == []


def test_a_markdown_image_without_description_is_reported_a_written_out_empty_alt_is_not(tmp_path):
    head = "---\ntitle: Probe\nsummary: Eine Probe.\nslug: probe\n---\n\n"
    page = head + '<img src="/theme/favicon.svg" alt="">\n\n![](/theme/favicon.svg)\n'
    [problem] = input_problems(tmp_path, pages={"probe.md": page.encode()})
    assert problem.startswith("content/pages/probe.md:9: Feld „alt“: Bild ohne Beschreibung")


@pytest.mark.parametrize("name", ["seite.html", "skript.js", "grafik.svg", "LIESMICH", "seite.xhtml", "x.HTM"])
def test_a_download_that_would_run_on_the_site_is_refused(tmp_path, name):
    site_with(tmp_path)
    downloads = tmp_path / "content" / "downloads"
    downloads.mkdir()
    (downloads / name).write_bytes(b"<script>alert(1)</script>")
    (downloads / "plan.pdf").write_bytes(b"%PDF")
    [problem] = input_problems(tmp_path)
    assert problem.startswith(f"content/downloads/{name}: ")
    assert "ist unter den Dateien zum Herunterladen nicht erlaubt" in problem
    assert "erwartet: eine Datei vom Typ .pdf, .png" in problem


def test_a_link_to_a_part_of_a_page_that_is_not_there_stops_the_build(tmp_path):
    """Fragments are checked against the written pages (headings, theme anchors): the reviewer's p09."""
    project = copy_project(tmp_path / "project")
    page = ("---\ntitle: Probe\nsummary: Eine Probe.\n---\n\n## Kosten {#kosten}\n\n[gut](#kosten) "
            "[eigener Teil fehlt](#kostn)\n\n[Aufgaben]({{ SITEURL }}/kooperation/#ihre-aufgaben-als-partner) "
            "[fehlt]({{ SITEURL }}/kooperation/#aufgaben-der-partner)\n\n[Archiv]({filename}termine.md#archiv)\n")
    (project / "content" / "pages" / "probe.md").write_text(page, encoding="utf-8")
    result = build_project(project, tmp_path / "out")
    assert not result.ok
    assert result.messages == [
        "content/pages/probe.md:8: Feld „href“: Wert „#kostn“ ist ungültig; erwartet: ein Abschnitt, den es auf "
        "dieser Seite gibt (eine Überschrift mit {#kostn} oder ein anderer Anker); meinten Sie „#kosten“?",
        "content/pages/probe.md:10: Feld „href“: Wert „/kooperation/#aufgaben-der-partner“ ist ungültig; erwartet: "
        "ein Abschnitt, den es auf /kooperation/ gibt (eine Überschrift mit {#aufgaben-der-partner} oder ein "
        "anderer Anker); meinten Sie „#ihre-aufgaben-als-partner“?"]


def test_a_listing_inside_a_tag_is_refused(tmp_path):
    """The listing's own quotes would end the attribute in a browser; what follows it would be markup
    (the reviewer's <img onerror> after naechste_termine() in a title attribute)."""
    page = ('---\ntitle: Probe\nsummary: S.\n---\n\n{% from "macros/termine.html" import naechste_termine %}\n'
            '<p><a href="/" title="{{ naechste_termine(1) }}<img src=x onerror=alert(1)>">x</a></p>\n')
    [problem] = input_problems(tmp_path, pages={"probe.md": page.encode()})
    assert "eine Terminliste steht innerhalb eines HTML-Elements" in problem
    fine = '---\ntitle: Probe\nsummary: S.\n---\n\n{% from "macros/termine.html" import naechste_termine %}\n' \
           '{{ naechste_termine(1) }}\n\nText <b>danach</b>\n'
    assert input_problems(tmp_path / "gut", pages={"probe.md": fine.encode()}) == []
