"""Visit a page in headless Chromium and record what a visitor would run into.

One :class:`Visit` per page and viewport width: axe-core's WCAG 2.0/2.1/2.2 A and AA
violations, every request (and whether it left 127.0.0.1 or failed), console
errors, Content-Security-Policy violations, horizontal overflow, and where the
Tab key goes first.  The tests decide what counts as a failure; this module
only observes, so the same code also checks the deliberately broken canary
pages (``test_canary.py``) and takes the screenshots (``invoke screenshots``).

Chromium is Debian's (``/usr/bin/chromium``), driven by Playwright with
``executable_path``; Playwright never downloads a browser here.

axe-core is not added as a ``<script>`` element: the site's CSP (``default-src
'self'``, no ``'unsafe-inline'``) rightly blocks inline scripts, and serving axe
from the test server would put a request into the page that the site never
makes.  Instead its source is evaluated through the DevTools protocol
(``page.evaluate``), which runs in the page but is not subject to the page's
CSP, and which the page cannot observe as a network request.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
AXE_SOURCE = NODE_MODULES / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# --disable-dev-shm-usage: containers (the CI jobs of .gitlab-ci.yml and .github/workflows/site.yml run in
# debian:trixie) give /dev/shm 64 MB, too little for Chromium's shared memory; it uses /tmp instead.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
WIDTHS = (360, 1280)
HEIGHT = 800

# Installed before any page script: records CSP violation reports in the page.
_CSP_LISTENER = """
window.__wir2_csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__wir2_csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`
    + (e.sourceFile ? ` (${e.sourceFile}:${e.lineNumber})` : ''));
});
"""

_AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  return {
    rules: axe.getRules(tags).map((r) => r.ruleId),
    violations: result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                                  summary: n.failureSummary})),
    })),
    incomplete: result.incomplete.length,
  };
}"""

_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const box = el.getBoundingClientRect();
  return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, href: el.getAttribute('href'),
          text: el.textContent.trim().slice(0, 80),
          visible: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
                   && box.left < innerWidth && box.top < innerHeight};
}"""


class ChromiumMissing(RuntimeError):
    pass


def state_problems(page, label: str, width: int, scroll: bool = True) -> list[str]:
    """axe's violations (and, with ``scroll``, horizontal scrolling) on ``page`` as it is now – after an
    interaction – each as „<label> @ <width>px: …“; axe's source must already be evaluated in the page."""
    result = page.evaluate(_AXE_RUN, AXE_TAGS)
    found = [f"{label} @ {width}px: {v['id']}: {v['help']}" for v in result["violations"]]
    if scroll and page.evaluate("document.documentElement.scrollWidth") > width:
        found.append(f"{label} @ {width}px: horizontal scrolling")
    return found


def chromium_path() -> str:
    """Debian's Chromium; WIR2_CHROMIUM overrides.  Missing is an error, never a reason to skip."""
    path = os.environ.get("WIR2_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        raise ChromiumMissing(
            f"Chromium not found at {path}. Install Debian's package: apt-get install chromium "
            "(./dev.sh test installs everything listed in .ci/system-packages-test).")
    return path


def launch(playwright):
    """One headless Chromium with a fresh profile (Playwright makes a new --user-data-dir)."""
    return playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)


def axe_source() -> str:
    if not AXE_SOURCE.is_file():
        raise FileNotFoundError(f"{AXE_SOURCE} missing: run `npm ci` in {ROOT} (./dev.sh test does)")
    return AXE_SOURCE.read_text(encoding="utf-8")


@dataclass
class Visit:
    url: str
    width: int
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    scroll_width: int = 0
    axe_rules: list[str] = field(default_factory=list)
    axe_violations: list[dict] = field(default_factory=list)
    axe_incomplete: int = 0
    first_tab: dict | None = None
    after_skip: dict | None = None
    skip_target: dict | None = None
    storage: dict = field(default_factory=dict)


def new_context(browser, origin: str, width: int, foreign: list[str]):
    """A browser context whose requests can never leave ``origin``: others are recorded and aborted."""
    context = browser.new_context(viewport={"width": width, "height": HEIGHT}, java_script_enabled=True,
                                  service_workers="block", locale="de-DE")
    context.add_init_script(_CSP_LISTENER)

    def route(r):
        url = r.request.url
        if url.startswith(origin + "/") or url == origin:
            r.continue_()
        else:
            foreign.append(url)
            r.abort()

    context.route("**/*", route)
    return context


class Tab:
    """One reused browser tab; its event handlers write into the current :class:`Visit`."""

    def __init__(self, context, foreign: list[str]):
        self.page = context.new_page()
        self.foreign = foreign
        self.current: Visit | None = None
        page = self.page
        page.on("request", lambda r: self._add("requests", r.url))
        page.on("requestfailed", lambda r: self._add("failed", f"{r.url}: {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and self._add("failed", f"{r.url}: HTTP {r.status}"))
        page.on("console", lambda m: m.type == "error" and self._add("console_errors", m.text))
        page.on("pageerror", lambda e: self._add("console_errors", f"uncaught: {e}"))

    def _add(self, attr: str, value: str) -> None:
        if self.current is not None:
            getattr(self.current, attr).append(value)

    def visit(self, url: str, width: int, axe: str) -> Visit:
        """Load ``url`` and record everything the tests check."""
        v = self.current = Visit(url, width)
        page = self.page
        before = len(self.foreign)
        try:
            response = page.goto(url, wait_until="load")
            v.status = response.status if response else None
            v.headers = response.all_headers() if response else {}
            v.scroll_width = page.evaluate("document.documentElement.scrollWidth")
            v.storage = page.evaluate("({cookie: document.cookie, local: localStorage.length,"
                                      " session: sessionStorage.length})")
            # Keyboard first, before anything could have moved focus.
            page.keyboard.press("Tab")
            v.first_tab = page.evaluate(_FOCUS)
            if v.first_tab and (v.first_tab.get("href") or "").startswith("#"):
                v.skip_target = page.evaluate(
                    "(id) => { const t = document.getElementById(id);"
                    " return t && {tag: t.tagName.toLowerCase(), id: t.id}; }", v.first_tab["href"][1:])
                page.keyboard.press("Enter")
                v.after_skip = page.evaluate(_FOCUS)
            # Back to the page as loaded (no focus, top of the page) for axe.
            page.evaluate("() => { document.activeElement && document.activeElement.blur(); scrollTo(0, 0); }")
            page.evaluate(axe)
            result = page.evaluate(_AXE_RUN, AXE_TAGS)
            v.axe_rules, v.axe_violations = result["rules"], result["violations"]
            v.axe_incomplete = result["incomplete"]
            v.csp_violations = page.evaluate("window.__wir2_csp || []")
        finally:
            v.foreign = self.foreign[before:]
            self.current = None
        return v

    def close(self) -> None:
        self.page.close()
