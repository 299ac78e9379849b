"""Invoke tasks, after pelican-quickstart's: build, serve, livereload, preview, publish, lint, test, clean, bench.

Every build goes through :mod:`wir2.build`, which builds into a staging folder
and swaps it in only when everything is valid, so ``output/`` is never half
written.  Run ``invoke --list`` for the list.
"""

from __future__ import annotations

import functools
import http.server
import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

from wir2 import preview as live_preview  # noqa: E402
from wir2.build import build as run_build  # noqa: E402
from wir2.build import report  # noqa: E402

CONFIG = {
    "settings_base": ROOT / "pelicanconf.py",
    "settings_publish": ROOT / "publishconf.py",
    "deploy_path": ROOT / "output",
    "host": os.environ.get("WIR2_HOST", "127.0.0.1"),
    "port": int(os.environ.get("WIR2_PORT", "8000")),
    # rsync target, e.g. "user@server:/var/www/wir2/"; set WIR2_PUBLISH_TARGET.
    "publish_target": os.environ.get("WIR2_PUBLISH_TARGET", ""),
}


def _build(settings: Path, **overrides) -> None:
    code = report(run_build(settings, CONFIG["deploy_path"], overrides))
    if code:
        raise Exit(code=code)


@task
def clean(c):
    """Remove the generated site."""
    # output/ and what a build that was killed left beside it (wir2.build's .output.staging-…, .output.old-…)
    for folder in [ROOT / "output", *ROOT.glob(".output.staging-*"), *ROOT.glob(".output.old-*")]:
        shutil.rmtree(folder, ignore_errors=True)


@task
def build(c):
    """Build the site with the local settings."""
    _build(CONFIG["settings_base"])


@task
def serve(c):
    """Serve output/ at http://localhost:8000 (WIR2_PORT to change), as the live server sends it.

    Content types, security headers (the Content-Security-Policy too) and the 404 page come from deploy/nginx,
    so a page that works here works there."""
    handler = functools.partial(live_preview.SiteHandler, directory=str(CONFIG["deploy_path"]))
    server = http.server.ThreadingHTTPServer((CONFIG["host"], CONFIG["port"]), handler)
    print(f"Die Website läuft auf http://localhost:{CONFIG['port']}/ (Strg+C beendet)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


@task(pre=[build])
def reserve(c):
    """Build, then serve."""
    serve(c)


@task
def livereload(c):
    """The editors' preview: build, serve, rebuild on every change of content, data, theme, plugins or settings.

    Our own server (wir2.preview), not the livereload package: a failed build leaves output/ as it was, so a
    plain server would keep showing the old page as if the edit had worked.  The preview shows the build's
    errors on every page instead, and open pages reload by themselves after each build.
    """
    live_preview.serve(CONFIG["settings_base"], CONFIG["deploy_path"], CONFIG["host"], CONFIG["port"])


@task
def preview(c):
    """Build with the publish settings; missing operator details are only a warning."""
    _build(CONFIG["settings_publish"], WIR2_REQUIRE_OPERATOR=False)


@task
def publish(c):
    """Build with the publish settings (all operator details required) and rsync to the server."""
    _build(CONFIG["settings_publish"])
    target = CONFIG["publish_target"]
    if not target:
        raise Exit("WIR2_PUBLISH_TARGET ist nicht gesetzt (z. B. user@server:/var/www/wir2/).", code=2)
    c.run(
        "rsync --archive --compress --delete --delay-updates --checksum "
        f"{shlex.quote(str(CONFIG['deploy_path']))}/ {shlex.quote(target)}",
        pty=False,
    )


@task
def edit(c):
    """The browser editor at /admin/ beside the live preview (./dev.sh edit); one Ctrl+C stops both.

    decap-server (the editor's local backend) writes every save into this working copy; the preview
    rebuilds on every change and shows a German error page while the data are wrong.  Both listen on
    127.0.0.1 only (WIR2_PORT for the preview, WIR2_CMS_PORT for the backend).
    """
    from wir2 import editor, preview

    host, port = CONFIG["host"], CONFIG["port"]
    cms_port = int(os.environ.get("WIR2_CMS_PORT", "8081"))
    backend = editor.start_backend(ROOT, host, cms_port)
    try:
        editor.wait_for_port(host, cms_port, backend)
        overrides = {"WIR2_ADMIN": True, "WIR2_CMS_LOCAL_URL": f"http://{host}:{cms_port}/api/v1",
                     "WIR2_CMS_SITE_URL": f"http://{host}:{port}/"}
        print(f"Browser-Editor: http://{host}:{port}/admin/  (Anmelden, ändern, „Veröffentlichen“)", flush=True)
        print(f"Vorschau:       http://{host}:{port}/  (zeigt jede gespeicherte Änderung; Strg+C beendet beides)",
              flush=True)
        preview.serve(CONFIG["settings_base"], CONFIG["deploy_path"], host, port, overrides=overrides)
    except KeyboardInterrupt:
        pass
    finally:
        editor.stop(backend)


@task
def normalize(c):
    """Write data/ and content/pages/ in the form the browser editor writes them (wir2.editor.canonical)."""
    from wir2 import editor

    for form in editor.canonical(ROOT):
        if form.problems:
            raise Exit(f"{form.path}: {'; '.join(form.problems)}", code=1)
        if form.text != form.canonical:
            (ROOT / form.path).write_text(form.canonical, encoding="utf-8")
            print(f"{form.path}: in die Form des Browser-Editors gebracht")


@task
def lint(c):
    """ruff (the whole repository) and mypy (strict, on plugins/wir2), as configured in pyproject.toml."""
    bin_dir = Path(sys.executable).parent
    c.run(f"{shlex.quote(str(bin_dir / 'ruff'))} check .", pty=False)
    c.run(f"{shlex.quote(str(bin_dir / 'mypy'))}", pty=False)


@task
def test(c, k=""):
    """Run the whole test suite: lint (ruff, mypy), then pytest; -k selects tests (and skips the lint)."""
    if not k:
        lint(c)
    args = f" -k {shlex.quote(k)}" if k else ""
    c.run(f"{shlex.quote(sys.executable)} -m pytest{args}", pty=False)


@task
def bench(c):
    """Print build times, sizes and peak memory (benchmarks, not tests)."""
    for script in sorted((ROOT / "bench").glob("*.py")):
        print(f"== {script.name}")
        c.run(f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}", pty=False)


@task
def screenshots(c, folder="docs/screenshots"):
    """PNG of each page type's first screen at 360 × 740 px and 1280 × 800 px into docs/screenshots/ (shown in
    the README), as a visitor's Chromium shows them; committed, so reduced to 64 colours (a few dozen KB each).

    Built with a pinned build date (WIR2_BUILD_DATE, default 2025-01-15, so upcoming dates show) and the
    test fixture of 500 made-up groups, so the group pages can be seen; never published.
    """
    import datetime as dt
    import tempfile

    from PIL import Image

    sys.path[:0] = [str(ROOT / "tests"), str(ROOT), str(ROOT / "tests" / "fixtures" / "gruppen")]
    from playwright.sync_api import sync_playwright
    from projekt import generate, make_project

    from browser import audit
    from browser.nginx import Nginx

    target = ROOT / folder
    target.mkdir(parents=True, exist_ok=True)
    build_date = dt.date.fromisoformat(os.environ.get("WIR2_BUILD_DATE") or "2025-01-15")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "output"
        project = make_project(Path(tmp) / "project", generate(500))
        code = report(run_build(project / "pelicanconf.py", site, {"BUILD_DATE": build_date}))
        if code:
            raise Exit(code=code)
        lands = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.glob("gruppen/*/index.html"))
        types = {"start": "", "seite": "konzept/", "kosten": "kooperation/", "termine": "termine/",
                 "gruppen": "gruppen/", "gruppen-land": lands[0] if lands else None,
                 "leichte-sprache": "leichte-sprache/", "404": "gibt-es-nicht/"}
        (Path(tmp) / "nginx").mkdir()
        with Nginx(site, Path(tmp) / "nginx") as server, sync_playwright() as pw:
            browser = audit.launch(pw)
            for name, path in types.items():
                if path is None or (path and not path.startswith("gibt") and not (site / path).is_dir()):
                    print(f"{name}: keine Seite ({path})")
                    continue
                for width in audit.WIDTHS:
                    page = browser.new_page(viewport={"width": width, "height": 740 if width < 600 else 800})
                    page.goto(f"{server.origin}/{path}", wait_until="load")
                    file = target / f"{name}-{width}.png"
                    page.screenshot(path=str(file))
                    page.close()
                    with Image.open(file) as shot:
                        shot.convert("RGB").quantize(colors=64).save(file, optimize=True)
                    print(f"{file.relative_to(ROOT)}")
            browser.close()
