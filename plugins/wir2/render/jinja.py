"""The one Jinja environment factory: pages, theme and fact sheet are rendered the same way.

- autoescape on: a value from ``data/`` reaches HTML as text; HTML that the site
  made itself (Markdown output, listings) is marked safe where it is made;
- an undefined name is an error (:class:`jinja2.StrictUndefined`), which the
  page renderer reports with the file and line of the placeholder;
- ``trim_blocks``/``lstrip_blocks``, so ``{% … %}`` lines leave no blank lines.

Pelican builds its theme environment itself; :func:`options`, :func:`filters`
and the globals of :func:`site_globals` are what the wiring hands it, and
:func:`environment` makes the same environment for our own templates.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.exceptions
import jinja2.runtime
import jinja2.sandbox
from markupsafe import Markup

from .. import german
from ..model.site import Site
from ..model.urls import PhoneError, tel_uri
from .placeholders import FilterError


def options(cache: Path | None = None, kind: str = "theme") -> dict[str, Any]:
    """Keyword arguments of every Jinja environment of the site (Pelican's ``JINJA_ENVIRONMENT``).

    With a ``cache`` folder, compiled templates are kept there (Jinja's own bytecode
    cache, keyed by each template's source), so a build does not compile them again.
    Compiled code depends on the environment's ``finalize`` and ``autoescape``, which
    Jinja's key does not cover, so each ``kind`` of environment (the theme's, the
    pages') has a folder of its own.
    """
    result: dict[str, Any] = {"autoescape": True, "undefined": jinja2.StrictUndefined, "trim_blocks": True,
                              "lstrip_blocks": True, "extensions": []}
    if cache is not None:
        folder = cache / f"jinja-{kind}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:  # no cache: the templates are compiled each time, nothing else changes
            return result
        if os.access(folder, os.W_OK):
            result["bytecode_cache"] = jinja2.FileSystemBytecodeCache(str(folder))
    return result


def script_json(data: Any) -> Markup:
    """``data`` as JSON that can stand between ``<script type="application/ld+json">`` tags.

    HTML does not end a ``<script>`` at a JSON string's quotes but at ``</``, so a
    title containing ``</script>`` could break out of the element: ``<``, ``>`` and
    ``&`` are escaped as ``\\u003c`` …, which JSON parsers read back as the same characters.
    """
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # safe: every character that could end the element is escaped above


def _tel(number: Any) -> str:
    """``| tel``: the one rule of :func:`wir2.model.urls.tel_uri`; a wrong number fails the page with its line."""
    try:
        return tel_uri(str(number))
    except PhoneError as exc:
        raise FilterError(f"Telefonnummer „{number}“ ist ungültig; erwartet: {exc.expected}") from None


def _digits(number: Any) -> str:
    """``| ziffern``: a number printed as digits where a page needs them (a page prints 0–12 as words)."""
    return str(number)


def filters() -> dict[str, Callable[..., Any]]:
    """Filters for pages and templates: ``euro``, ``datum``, ``datum_kurz``, ``tel``, ``jsonld``, and for
    counts ``zahlwort`` (``2`` → ``zwei``, also where a page's placeholder would not make it a word)
    and ``ziffern`` (digits where a word would be wrong), and ``stunden`` (90 → eineinhalb Stunden)."""
    return {"euro": german.euro, "datum": german.day, "datum_kurz": german.numeric, "tel": _tel,
            "jsonld": script_json, "zahlwort": german.number_word, "ziffern": _digits,
            "stunden": german.hours}


def site_globals(site: Site) -> dict[str, Any]:
    """What every template and page sees of the site (the names editors use in placeholders)."""
    return {"programm": site.programm, "kosten": site.kosten, "kontakt": site.kontakt, "betreiber": site.betreiber,
            "termine": site.termine, "gruppen": site.gruppen, "build_date": site.build_date,
            "kalender_abo": site.abo, "sprachen": site.sprachen}


def theme_globals(site: Site) -> dict[str, Any]:
    """What only the theme's templates need: a page's language and its language versions (base.html)."""
    return {"seitensprache": site.seitensprache, "sprachversionen": site.sprachversionen,
            "sprachseiten": site.sprachseiten()}


#: The largest text or list a page's placeholder may make with * or **, and the largest power: far above
#: anything a page prints, far below what would exhaust the build machine ({{ "a" * 10**10 }}).
MAX_SIZE = 100_000


class PageSandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with ``*`` and ``**`` limited to results of :data:`MAX_SIZE`."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        numbers = (int, float)
        if operator == "**" and isinstance(left, numbers) and isinstance(right, numbers) and abs(right) > 64:
            raise jinja2.exceptions.SecurityError(f"power {right} is too large")
        if operator == "*":
            for many, times in ((left, right), (right, left)):
                if isinstance(many, (str, list, tuple)) and isinstance(times, int) and \
                        len(many) * times > MAX_SIZE:
                    raise jinja2.exceptions.SecurityError(f"result of * is longer than {MAX_SIZE}")
        return super().call_binop(context, operator, left, right)


def environment(loader: jinja2.BaseLoader, globals_: dict[str, Any] | None = None,
                cache: Path | None = None, kind: str = "theme", sandboxed: bool = False,
                **extra: Any) -> jinja2.Environment:
    """An environment with :func:`options` and :func:`filters`; ``extra`` are further Jinja options
    (the pages' ``finalize`` and ``autoescape``), ``kind`` names its bytecode folder.

    ``sandboxed`` is for templates that editors write (the pages): Jinja's
    :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` refuses attributes that
    start with ``_`` and every call that changes a value, so a placeholder can read
    the site's data but not reach Python (``cycler.__init__.__globals__`` …);
    :class:`PageSandbox` also keeps ``*`` and ``**`` from making huge values.
    Sandboxed code is compiled differently, so it has a bytecode folder of its own.
    """
    cls = PageSandbox if sandboxed else jinja2.Environment
    if sandboxed:
        # Its code calls the sandbox for attributes, calls and * / ** (PageSandbox): a folder of its own.
        kind = f"{kind}-sandbox-binops"
    env = cls(loader=loader, **{**options(cache, kind), **extra})
    env.filters.update(filters())
    env.globals.update(globals_ or {})
    return env


def folders(*paths: Path) -> jinja2.FileSystemLoader:
    return jinja2.FileSystemLoader([str(p) for p in paths])


def template_line(exc: BaseException, filenames: Iterable[str]) -> int | None:
    """The line in one of ``filenames`` where rendering failed (Jinja rewrites tracebacks to template lines)."""
    import traceback

    wanted = set(filenames)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename in wanted]
    return frames[-1].lineno if frames else None
