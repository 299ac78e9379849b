"""Development tools around the browser editor (Decap CMS): the form in which it writes the files.

The editor serialises with its own JavaScript libraries (theme/admin/canonical.mjs runs them under
Node.js), so a data file or page saved unchanged comes back byte for byte only if it is in that form
already.  :func:`canonical` computes the form for every file the editor touches and checks that it
means the same – to the site (read back with wir2.load.yamlsource) and to the editor (read back
with its YAML library: a postcode ``01067`` must not become the number 1067).  ``invoke normalize``
writes it; the tests keep the committed files in it.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .load import yamlsource
from .load.pages import read_header
from .render.admin import field_order

ROOT = Path(__file__).resolve().parents[2]
CANONICAL = ROOT / "theme" / "admin" / "canonical.mjs"


def plain(value: Any) -> Any:
    """A tree of the site's YAML reader as plain JSON values (no line numbers)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Form:
    """One file: its text now, the editor's form of it, and whether that form means the same."""

    path: str  # relative to the project, e.g. data/termine.yml
    text: str
    canonical: str
    problems: tuple[str, ...] = ()


def _request(root: Path, path: str, order: list[str]) -> dict[str, Any]:
    text = (root / path).read_text(encoding="utf-8")
    if path.endswith(".md"):
        header = read_header(text, path)
        lines = text.split("\n")
        body = "\n".join(lines[header.end_line:])
        return {"kind": "frontmatter", "data": plain(header.mapping), "order": order, "body": body}
    return {"kind": "yaml", "data": plain(yamlsource.loads(text, path)), "order": order}


def files(root: Path, template: Path | None = None) -> dict[str, list[str]]:
    """Every file the editor writes, with its key order: the data files and the pages."""
    languages = sorted(path.stem for path in (root / "data" / "sprachen").glob("*.yml"))
    order = field_order(template or root / "theme" / "admin" / "config.yml", languages)
    found: dict[str, list[str]] = {}
    for target, keys in order.items():
        if target.endswith("/"):
            for page in sorted((root / target).glob("*.md")):
                found[page.relative_to(root).as_posix()] = keys
        elif (root / target).is_file():
            found[target] = keys
    return found


def canonical(root: Path, node: str = "node") -> list[Form]:
    """The editor's form of each file it writes, checked (see the module docstring)."""
    targets = files(root)
    requests = [_request(root, path, keys) for path, keys in targets.items()]
    done = subprocess.run([node, str(CANONICAL)], input=json.dumps(requests), capture_output=True, text=True,
                          check=True, timeout=300)
    answers = json.loads(done.stdout)
    forms = []
    for (path, _), request, answer in zip(targets.items(), requests, answers, strict=True):
        text = (root / path).read_text(encoding="utf-8")
        problems = []
        if request["kind"] == "yaml":
            if plain(yamlsource.loads(answer["text"], path)) != request["data"]:
                problems.append("die Website liest die Form anders")
            if answer["data"] != request["data"]:
                problems.append("der Browser-Editor liest die Form anders")
        else:
            again = _request_text(answer["text"], path)
            if again != (request["data"], request["body"]):
                problems.append("die Website liest die Form anders")
            if (answer["data"]["data"], answer["data"]["body"]) != (request["data"], request["body"]):
                problems.append("der Browser-Editor liest die Form anders")
        forms.append(Form(path, text, answer["text"], tuple(problems)))
    return forms


def _request_text(text: str, name: str) -> tuple[Any, str]:
    header = read_header(text, name)
    return plain(header.mapping), "\n".join(text.split("\n")[header.end_line:])


# --- ./dev.sh edit: the editor's local backend beside the live preview -------------------------------

DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"


def start_backend(project: Path, host: str, port: int, node: str = "node") -> subprocess.Popen[bytes]:
    """decap-server in ``fs`` mode: the editor's saves go straight into the working copy of ``project``.

    Bound to ``host`` (127.0.0.1): the server writes any file of the project it is asked to, so nothing
    but this machine may reach it (it binds to every interface unless BIND_HOST is set).
    """
    if not DECAP_SERVER.is_file():
        raise FileNotFoundError(f"{DECAP_SERVER.relative_to(ROOT)} fehlt – ./dev.sh edit installiert es")
    env = {**os.environ, "PORT": str(port), "BIND_HOST": host, "MODE": "fs", "GIT_REPO_DIRECTORY": str(project),
           "LOG_LEVEL": "warn"}
    return subprocess.Popen([node, str(DECAP_SERVER)], env=env, cwd=project)


def wait_for_port(host: str, port: int, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    """Until something listens on ``host:port``; an error if ``process`` ends first or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"decap-server endete mit Code {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
            return
        time.sleep(0.1)
    raise TimeoutError(f"decap-server antwortet nicht auf {host}:{port}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
