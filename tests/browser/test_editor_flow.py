"""An editor's session in the browser (issue 12): `./dev.sh edit` on a copy of the project, in Chromium.

The editor logs in to the local backend, moves the May info event to 10:00 and adds a sentence to
the concept page, saves, and the preview shows both; an end before the start brings the German
error page naming file, line and field, and fixing it brings the page back. Putting both changes
back leaves `git diff` empty (the files are in the editor's own form). No request leaves
127.0.0.1, and one Ctrl+C (SIGINT to the process group) stops the editor's backend and the preview.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from browser import audit
from helpers import DataHistory

HEADING = "## Mitmachen"  # a line of the concept page's text that does not wrap in the editor
ADDED = " – jetzt auch hier"
SHOTS = Path(tempfile.gettempdir()) / "wir2-editor-flow"
SHOTS.mkdir(exist_ok=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def eventually(condition, seconds: float = 90, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except (OSError, PlaywrightError) as exc:  # PlaywrightError: the page reloaded itself while read
            last = exc
        time.sleep(0.5)
    raise AssertionError(f"not within {seconds} s: {what} ({last})")


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """`./dev.sh edit` running on a git copy of the project; yields (project, preview port, cms port)."""
    history = DataHistory(tmp_path_factory.mktemp("redaktion") / "projekt", dt.datetime(2024, 11, 1, tzinfo=dt.UTC),
                          tools=True)
    port, cms = free_port(), free_port()
    env = {**os.environ, "WIR2_PORT": str(port), "WIR2_CMS_PORT": str(cms), "WIR2_BUILD_DATE": "2025-01-15",
           "WIR2_CACHE_PATH": str(history.path / ".cache")}
    log = (history.path.parent / "edit.log").open("w")
    process = subprocess.Popen(["./dev.sh", "edit"], cwd=history.path, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        eventually(lambda: listening(port) and listening(cms) and
                   "Vorschau" in (history.path.parent / "edit.log").read_text(), 240, "./dev.sh edit starts")
        eventually(lambda: "wir2" in fetch(f"http://127.0.0.1:{port}/"), 120, "the preview serves the site")
        yield history, port, cms, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def type_at_end_of(page, line: str, text: str) -> None:
    """In the page's Markdown field: at the end of ``line``, type ``text`` (``\\b``: Backspace)."""
    body = page.locator("[contenteditable=true]").last
    body.get_by_text(line, exact=True).click()
    page.wait_for_timeout(300)  # Slate takes the browser's caret over asynchronously
    page.keyboard.press("End")
    page.wait_for_timeout(300)
    for char in text:
        page.keyboard.press("Backspace") if char == "\b" else page.keyboard.type(char)


def publish(page, step: str) -> None:
    """Save through the editor's „Veröffentlichen“ → „Jetzt veröffentlichen“, and wait for the backend's answer."""
    button = page.get_by_role("button", name="Veröffentlichen", exact=True)
    try:
        button.wait_for(timeout=15000)
    except Exception as exc:  # the form did not take the change: say which step
        page.screenshot(path=str(SHOTS / f"{step}.png"), full_page=True)
        raise AssertionError(f"{step}: no „Veröffentlichen“ – the editor saw no change (see {SHOTS}/{step}.png)") \
            from exc
    button.click()
    with page.expect_response(lambda r: "/api/v1" in r.url and "persistEntry" in (r.request.post_data or "")) as saved:
        page.get_by_text("Jetzt veröffentlichen").click()
    assert saved.value.ok


def open_entry(page, url: str) -> None:
    """An entry in a freshly loaded editor: moving from one entry to another inside the editor can leave the
    Markdown field empty (seen with Decap CMS 3.16), a fresh load never does."""
    page.goto(url)
    page.reload()
    page.get_by_role("button", name="Veröffentlicht").or_(page.get_by_role("button", name="Veröffentlichen")) \
        .first.wait_for()


def open_event(page, base: str, ident: str, day: str) -> None:
    open_entry(page, f"{base}/admin/#/collections/daten/entries/termine")
    card = page.locator("[class*=ListItem-listControlItem]").filter(
        has=page.get_by_text(f"{ident} – {day}", exact=True))
    card.locator("button").first.click()


def set_text(page, label: str, value: str) -> None:
    field = page.get_by_label(label).locator("visible=true").first
    for _ in range(3):  # the form may still be settling after the entry loaded
        field.click()
        page.keyboard.press("Control+a")
        page.keyboard.type(value)
        if field.input_value() == value:
            return
        page.wait_for_timeout(500)
    assert field.input_value() == value


def test_an_editor_changes_a_date_and_a_page_and_sees_mistakes_in_german(session, playwright_driver):
    history, port, cms, _ = session
    base = f"http://127.0.0.1:{port}"
    browser = audit.launch(playwright_driver)
    requests: list[str] = []
    try:
        page = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900}).new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{base}/admin/")
        page.get_by_role("button", name="Login").click()

        # A time and a page text, saved; the preview shows both.
        open_event(page, base, "info-2025-05", "2025-05-06")
        set_text(page, "Von (Uhrzeit)", "10:00")
        publish(page, "zeit")
        open_entry(page, f"{base}/admin/#/collections/seiten/entries/konzept")
        page.get_by_label("Titel", exact=True).wait_for()
        type_at_end_of(page, HEADING, ADDED)
        publish(page, "satz")
        eventually(lambda: "10:00–11:30 Uhr" in fetch(f"{base}/termine/"), what="the new time on /termine/")
        eventually(lambda: f"Mitmachen{ADDED}" in fetch(f"{base}/konzept/"), what="the new words on /konzept/")
        preview = page.context.new_page()
        preview.goto(f"{base}/termine/")
        assert "10:00–11:30 Uhr" in preview.inner_text("main")

        # A session that ends before it starts: the German error page names file, line and field, without
        # anyone reloading it; putting the time right brings the page back by itself.
        open_event(page, base, "info-2025-05", "2025-05-06")
        set_text(page, "Bis (Uhrzeit)", "8:30")
        publish(page, "falsche-zeit")
        eventually(lambda: "    bis: 8:30" in history.text("termine.yml"), 30, "the wrong time saved")
        line = history.text("termine.yml").splitlines().index("    bis: 8:30") + 1
        expected = f"data/termine.yml:{line}: Feld „termine[10].bis“: Wert „8:30“ ist ungültig; erwartet:"
        eventually(lambda: expected in preview.content(), what="the error page, without reloading by hand")
        assert "Die Vorschau ist nicht aktuell" in preview.inner_text("body")
        open_event(page, base, "info-2025-05", "2025-05-06")
        set_text(page, "Bis (Uhrzeit)", "11:30")
        publish(page, "zeit-korrigiert")
        eventually(lambda: "10:00–11:30 Uhr" in preview.content(), what="the page comes back by itself")

        # Both changes put back: the files are byte for byte what they were.
        open_event(page, base, "info-2025-05", "2025-05-06")
        set_text(page, "Von (Uhrzeit)", "9:00")
        publish(page, "zeit-zurueck")
        open_entry(page, f"{base}/admin/#/collections/seiten/entries/konzept")
        page.get_by_label("Titel", exact=True).wait_for()
        type_at_end_of(page, HEADING + ADDED, "\b" * len(ADDED))
        publish(page, "satz-zurueck")
        assert history.git("diff") == ""
        assert history.git("status", "--porcelain", "--", "data", "content") == ""
    finally:
        browser.close()
    hosts = {urlsplit(u).hostname for u in requests if not u.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, sorted(u for u in requests if urlsplit(u).hostname != "127.0.0.1")
    assert any(f"127.0.0.1:{cms}/api/v1" in u for u in requests)  # the saves went to the local backend


def test_one_ctrl_c_stops_the_editor_and_the_preview(session):
    history, port, cms, process = session
    os.killpg(process.pid, signal.SIGINT)
    process.wait(30)
    assert not listening(port) and not listening(cms)
    assert "Traceback" not in (history.path.parent / "edit.log").read_text()
