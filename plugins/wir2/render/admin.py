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
from ..model.sprachen import Sprache
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


def _filled(value: Any, sprache: Sprache) -> Any:
    """``value`` with ``{code}``, ``{name}``, ``{name_deutsch}`` filled in (Decap's own ``{{…}}`` kept)."""
    if isinstance(value, str):
        for key in ("code", "name", "name_deutsch"):
            value = value.replace("{" + key + "}", getattr(sprache, key))
        return value
    if isinstance(value, list):
        return [_filled(v, sprache) for v in value]
    if isinstance(value, dict):
        return {k: _filled(v, sprache) for k, v in value.items()}
    return value


def _per_language(collections: list[dict[str, Any]], site: Site) -> Iterator[dict[str, Any]]:
    """A collection marked ``je_sprache`` once for each translated language: the translations' folders."""
    for collection in collections:
        if not collection.get("je_sprache"):
            yield collection
            continue
        for sprache in site.sprachen.uebersetzungen:
            copy = _filled({k: v for k, v in collection.items() if k != "je_sprache"}, sprache)
            copy["name"] = f"{collection['name']}-{sprache.code}"
            yield copy


def _language_file(sprache: Sprache, german: Sprache) -> dict[str, Any]:
    """The form of ``data/sprachen/<code>.yml``: its texts are German's keys, each with the German text as hint."""
    def block(name: str, label: str) -> list[dict[str, Any]]:
        keys = list(getattr(german, name))
        if not keys:
            return []
        return [{"name": name, "label": label, "widget": "object", "collapsed": True,
                 "hint": f"Texte der Website ({label}); jeder Text übersetzt den deutschen aus data/sprachen/de.yml.",
                 "fields": [{"name": key, "label": key, "widget": "string",
                             "hint": f"Deutsch: {getattr(german, name)[key]}"} for key in keys]}]

    return {
        "name": sprache.code,
        "label": f"{sprache.name_deutsch} ({sprache.name})",
        "file": f"data/sprachen/{sprache.code}.yml",
        "fields": [
            {"name": "name", "label": "Name der Sprache in ihr selbst", "widget": "string",
             "hint": "So steht die Sprache in der Sprachauswahl, z. B. Українська."},
            {"name": "name_deutsch", "label": "Name auf Deutsch", "widget": "string",
             "hint": "So schreiben die Gruppen die Sprache in data/gruppen.yml („sprachen:“), z. B. Ukrainisch."},
            {"name": "richtung", "label": "Schreibrichtung", "widget": "select",
             "options": [{"label": "von links nach rechts", "value": "ltr"},
                         {"label": "von rechts nach links", "value": "rtl"}],
             "hint": "rtl für Arabisch und Persisch, sonst ltr."},
            {"name": "reihenfolge", "label": "Platz in der Sprachauswahl", "widget": "number", "value_type": "int",
             "min": 0, "max": 99, "hint": "0 für Deutsch, dann 1, 2, 3 …; jede Sprache eine eigene Zahl."},
            *block("texte", "Seite"), *block("finder", "Gruppensuche"), *block("flyer", "Elternflyer"),
            {"name": "geprueft_am", "label": "Zuletzt geprüft am", "widget": "wir2-datum", "required": False,
             "hint": "Datum, an dem jemand die Texte geprüft hat und sie noch stimmten."},
        ],
    }


def config(site: Site, template: Path, guides: Path, sections: Iterable[str], backend: Backend) -> dict[str, Any]:
    """Decap's configuration for this site (see the module docstring)."""
    raw = yaml.safe_load(template.read_text(encoding="utf-8"))
    options = _options(site, sections)
    collections = []
    for collection in _per_language(raw["collections"], site):
        collection = dict(collection)
        if "fields" in collection:  # the pages: their keys are explained where they are checked
            collection["fields"] = list(_fields(collection["fields"], options, guides, dict(ALLOWED)))
        if collection.pop("je_sprache_datei", False):
            collection["files"] = [_language_file(sprache, site.sprachen.original) for sprache in site.sprachen]
        elif "files" in collection:
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


#: The top-level keys of a language file, in the order the editor writes them (:func:`_language_file`).
LANGUAGE_FILE_ORDER = ["name", "name_deutsch", "richtung", "reihenfolge", "texte", "finder", "flyer", "geprueft_am"]


def field_order(template: Path, languages: Iterable[str] = ()) -> dict[str, list[str]]:
    """Per file the editor writes (``data/termine.yml``; ``content/pages/`` for the pages), its top-level
    keys in the order the editor writes them – the fields' order in the template.  ``languages``: the codes
    of data/sprachen/, for the collections written once per language."""
    raw = yaml.safe_load(template.read_text(encoding="utf-8"))
    order: dict[str, list[str]] = {}
    languages = list(languages)
    for collection in raw["collections"]:
        if collection.get("je_sprache_datei"):
            for code in languages:
                order[f"data/sprachen/{code}.yml"] = LANGUAGE_FILE_ORDER
            continue
        if collection.get("je_sprache"):
            for code in languages:
                if code != "de":
                    order[collection["folder"].replace("{code}", code).rstrip("/") + "/"] = [
                        f["name"] for f in collection["fields"] if f["name"] != "body"]
            continue
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
