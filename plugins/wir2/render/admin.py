"""The browser editor at ``/admin/``: Decap CMS's configuration, made from the site's own lists and guides.

The editor is an option of the build (``WIR2_ADMIN``): ``./dev.sh edit`` turns it on for the local
preview, the operator for the live site (deploy/LIESMICH-veroeffentlichen.md); otherwise no file of
it is written.  What it writes (:func:`files`): ``admin/index.html`` and ``admin/wir2-cms.js`` from
``theme/admin/``, Decap's bundle from ``node_modules/.wir2-decap-cms/`` (theme/admin/install-decap.mjs)
and ``admin/config.yml`` from the template ``theme/admin/config.yml``:

- options marked ``"@…"`` are the site's lists – the kinds of data/termine.yml, the entries of
  data/kosten.yml, the statuses, the Länder, the sections of the navigation, the page templates – so a
  new kind or status needs no change here;
- a field without ``hint`` gets the text of its row in the guide table that the nearest ``hints:``
  names (``LIESMICH-termine.md#Felder eines Termins``): the LIESMICH guides are the one place for it;
- the backend: ``local_backend`` (decap-server on 127.0.0.1, used only when the editor is opened on
  localhost) and, when the operator set ``WIR2_CMS_REPO``, GitLab with PKCE login and the review workflow.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..load.pages import ALLOWED, PAGE_TEMPLATES
from ..model.laender import BUNDESLAENDER
from ..model.site import Site
from ..model.status import STATUSES

PREFIX = "admin/"
#: The files of theme/admin/ that go to /admin/ as they are.
STATIC = ("index.html", "wir2-cms.js")
_ROW = re.compile(r"^\|\s*(`[^|]+`)\s*\|(?:[^|]*\|)?\s*([^|]+?)\s*\|\s*$")
_CODE = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class Backend:
    """Where the editor saves: the local decap-server, and (live) a GitLab project."""

    local_url: str = "http://127.0.0.1:8081/api/v1"
    repo: str = ""  # WIR2_CMS_REPO, e.g. "gruppe/projekt"; empty: no live backend
    app_id: str = ""  # WIR2_CMS_APP_ID, the OAuth application (PKCE, no secret)
    gitlab_url: str = "https://gitlab.com"  # WIR2_CMS_GITLAB_URL
    branch: str = "main"
    site_url: str = ""  # what „Live ansehen“ opens: the preview in ./dev.sh edit, else the live address


def guide_table(path: Path, heading: str) -> dict[str, str]:
    """The rows ``| `feld` | … | Inhalt |`` of the table below ``heading`` in a guide, as field → text.

    Backticks are dropped (the editor shows plain text); a row naming two fields
    (```von`, `bis``) gives both the text.
    """
    rows: dict[str, str] = {}
    inside = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            inside = line.lstrip("#").strip() == heading
            continue
        match = _ROW.match(line) if inside else None
        if match:
            text = _CODE.sub(r"\1", match.group(2))
            for name in _CODE.findall(match.group(1)):
                rows.setdefault(name, text)
    if not rows:
        raise ValueError(f"{path.name}: no table of fields below the heading „{heading}“")
    return rows


def _choice(value: str, label: str) -> dict[str, str]:
    """A drop-down entry: what the editor reads (German) and what goes into the file (the key)."""
    return {"label": label, "value": value}


def _options(site: Site, sections: Iterable[str]) -> dict[str, list[Any]]:
    kosten = site.kosten
    return {
        "@arten": [_choice(art.id, art.name) for art in site.termine.arten],
        "@kosten": [*(_choice(key, getattr(kosten, key).bezeichnung) for key in kosten.FEES),
                    _choice("kostenlos", "kostenlos")],
        "@status-termine": [_choice(s.key, s.label) for s in STATUSES if "termine" in s.used_by],
        "@status-gruppen": [_choice(s.key, s.label) for s in STATUSES if "gruppen" in s.used_by],
        "@seitenstatus": [_choice("published", "veröffentlicht"), _choice("hidden", "versteckt (ohne Navigation)"),
                          _choice("draft", "Entwurf (nicht auf der Website)")],
        "@laender": [land.name for land in BUNDESLAENDER],
        "@bereiche": list(sections),
        "@vorlagen": list(PAGE_TEMPLATES),
    }


def _fields(fields: list[dict[str, Any]], options: dict[str, list[Any]], guides: Path,
            hints: dict[str, str], prefix: str = "") -> Iterator[dict[str, Any]]:
    for field in fields:
        field = dict(field)
        name = field["name"]
        own = field.pop("hints", None)
        table = guide_table(guides / own.split("#")[0], own.split("#", 1)[1]) if own else None
        if "hint" not in field and (prefix + name) in hints:
            field["hint"] = hints[prefix + name]
        if isinstance(field.get("options"), str):
            field["options"] = options[field["options"]]
        if "fields" in field:
            inner, inner_prefix = (table, "") if table is not None else (hints, f"{prefix}{name}.")
            field["fields"] = list(_fields(field["fields"], options, guides, inner, inner_prefix))
        if "field" in field:
            [field["field"]] = _fields([field["field"]], options, guides, {}, "")
        yield field


def config(site: Site, template: Path, guides: Path, sections: Iterable[str], backend: Backend) -> dict[str, Any]:
    """Decap's configuration for this site (see the module docstring)."""
    raw = yaml.safe_load(template.read_text(encoding="utf-8"))
    options = _options(site, sections)
    collections = []
    for collection in raw["collections"]:
        collection = dict(collection)
        if "fields" in collection:  # the pages: their keys are explained where they are checked
            collection["fields"] = list(_fields(collection["fields"], options, guides, dict(ALLOWED)))
        if "files" in collection:
            files = []
            for entry in collection["files"]:
                entry = dict(entry)
                own = entry.pop("hints", None)
                hints = guide_table(guides / own.split("#")[0], own.split("#", 1)[1]) if own else {}
                entry["fields"] = list(_fields(entry["fields"], options, guides, hints))
                files.append(entry)
            collection["files"] = files
        collections.append(collection)
    result: dict[str, Any] = {key: value for key, value in raw.items() if key != "collections"}
    result["local_backend"] = {"url": backend.local_url}
    if backend.repo:
        result["backend"] = {"name": "gitlab", "repo": backend.repo, "branch": backend.branch,
                             "auth_type": "pkce", "app_id": backend.app_id, "base_url": backend.gitlab_url,
                             "api_root": backend.gitlab_url.rstrip("/") + "/api/v4",
                             "auth_endpoint": "oauth/authorize"}
        result["publish_mode"] = "editorial_workflow"
    else:
        # Decap needs a backend; this one is never reached (the editor is used through local_backend).
        result["backend"] = {"name": "git-gateway", "branch": backend.branch}
    if backend.site_url or site.public_url:
        result["site_url"] = backend.site_url or site.public_url
    result["collections"] = collections
    return result


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def config_text(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=120)


def field_order(template: Path) -> dict[str, list[str]]:
    """Per file the editor writes (``data/termine.yml``; ``content/pages/`` for the pages), its top-level
    keys in the order the editor writes them – the fields' order in the template."""
    raw = yaml.safe_load(template.read_text(encoding="utf-8"))
    order: dict[str, list[str]] = {}
    for collection in raw["collections"]:
        if "folder" in collection:
            order[collection["folder"].rstrip("/") + "/"] = [f["name"] for f in collection["fields"]
                                                             if f["name"] != "body"]
        for entry in collection.get("files", []):
            order[entry["file"]] = [f["name"] for f in entry["fields"]]
    return order


def bundle_folder(root: Path, theme: Path) -> Path:
    """Where theme/admin/install-decap.mjs put the pinned version of Decap's bundle."""
    pin = json.loads((theme / "admin" / "decap-cms.json").read_text(encoding="utf-8"))
    return root / "node_modules" / ".wir2-decap-cms" / str(pin["version"])


def _bundle(bundle: Path) -> list[Path]:
    """The bundle's files the page loads: the script, its chunks and WebAssembly, and its licence list."""
    return [p for p in sorted(bundle.iterdir()) if p.name in ("decap-cms.js", "decap-cms.js.LICENSE.txt")
            or p.name.endswith((".decap-cms.js", ".wasm"))]


def paths(theme: Path, bundle: Path) -> list[str]:
    """Every file of ``/admin/`` (below the site), for the plan of outputs."""
    return [PREFIX + name for name in (*STATIC, "config.yml", *(p.name for p in _bundle(bundle)))]


def files(site: Site, theme: Path, bundle: Path, guides: Path, sections: Iterable[str],
          backend: Backend) -> list[tuple[str, bytes]]:
    """Every file of ``/admin/`` (path below the site, content)."""
    admin = theme / "admin"
    found = [(PREFIX + name, (admin / name).read_bytes()) for name in STATIC]
    found.append((PREFIX + "config.yml",
                  config_text(config(site, admin / "config.yml", guides, sections, backend)).encode("utf-8")))
    found += [(PREFIX + path.name, path.read_bytes()) for path in _bundle(bundle)]
    return found
