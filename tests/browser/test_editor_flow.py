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
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from browser import audit
from helpers import DataHistory

SENTENCE = "Ein neuer Satz aus dem Browser-Editor."


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
        except OSError as exc:
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


def publish(page) -> None:
    page.get_by_role("button", name="Veröffentlichen", exact=True).click()
    with page.expect_response(lambda r: "/api/v1" in r.url and "persistEntry" in (r.request.post_data or "")) as saved:
        page.get_by_text("Jetzt veröffentlichen").click()
    assert saved.value.ok


def open_event(page, base: str, ident: str, day: str) -> None:
    page.goto(f"{base}/admin/#/collections/daten/entries/termine")
    card = page.locator("[class*=ListItem-listControlItem]").filter(
        has=page.get_by_text(f"{ident} – {day}", exact=True))
    card.locator("button").first.click()


def set_text(page, label: str, value: str) -> None:
    field = page.get_by_label(label).locator("visible=true").first
    field.click()
    page.keyboard.press("Control+a")
    page.keyboard.type(value)


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
        publish(page)
        page.goto(f"{base}/admin/#/collections/seiten/entries/konzept")
        body = page.locator("[contenteditable=true]").last
        body.get_by_text("Gruppen gibt es an vielen Orten.", exact=False).click()
        for _ in range(6):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("End")
        page.keyboard.press("Enter")
        page.keyboard.type(SENTENCE)
        publish(page)
        eventually(lambda: "10:00–11:30 Uhr" in fetch(f"{base}/termine/"), what="the new time on /termine/")
        eventually(lambda: SENTENCE in fetch(f"{base}/konzept/"), what="the new sentence on /konzept/")
        preview = page.context.new_page()
        preview.goto(f"{base}/termine/")
        assert "10:00–11:30 Uhr" in preview.inner_text("main")

        # An end before the start: the German error page names file, line and field; the fix brings it back.
        page.reload()
        open_event(page, base, "info-2025-05", "2025-05-06")
        page.get_by_label("Ende (letzter Tag)").locator("visible=true").first.fill("2025-05-01")
        publish(page)
        line = history.text("termine.yml").splitlines().index("  - id: info-2025-05") + 4  # its ende:
        expected = f"data/termine.yml:{line}: Feld „termine[10].ende“"
        eventually(lambda: expected in preview.content(), what="the error page, without reloading by hand")
        text = preview.inner_text("body")
        assert expected in text and "erwartet" in text, text
        page.reload()
        open_event(page, base, "info-2025-05", "2025-05-06")
        page.get_by_label("Ende (letzter Tag)").locator("visible=true").first.fill("")
        publish(page)
        eventually(lambda: "10:00–11:30 Uhr" in preview.content(), what="the page comes back by itself")

        # Both changes put back: the files are byte for byte what they were.
        page.reload()
        open_event(page, base, "info-2025-05", "2025-05-06")
        set_text(page, "Von (Uhrzeit)", "9:00")
        publish(page)
        page.goto(f"{base}/admin/#/collections/seiten/entries/konzept")
        body = page.locator("[contenteditable=true]").last
        body.get_by_text(SENTENCE).click()
        page.keyboard.press("End")
        for _ in range(len(SENTENCE) + 1):
            page.keyboard.press("Backspace")
        publish(page)
        assert history.git("status", "--porcelain", "--", "data", "content") == ""
        assert history.git("diff") == ""
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
