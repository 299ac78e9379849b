"""The HTTP headers the live server sends, read from its nginx configuration.

The browser tests must meet the pages as visitors do, Content-Security-Policy
included, so they take every response header from the server configuration in
``deploy/nginx/`` rather than from a copy that could drift.  This module reads
the few directives there that decide response headers and applies nginx's own
rules to them: how a URI picks its ``location``, that a location with an
``add_header`` of its own drops the server's, and how ``charset`` adds
``; charset=utf-8`` to some types.  ``tests/browser/test_server_config.py``
runs nginx itself on the same files and compares, so the model cannot drift
either.

Usage::

    from deploy import headers
    server = headers.load()
    server.headers_for("/termine/index.html")   # {"Content-Type": ..., "Content-Security-Policy": ...}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

NGINX_DIR = Path(__file__).resolve().parent / "nginx"
SITE_CONFIG = NGINX_DIR / "sites-available" / "wir2.conf"
SERVER_NAME = "www.wir2-bindungstraining.de"

# nginx's defaults where a directive is missing (ngx_http_charset_module, ngx_http_core_module).
_DEFAULT_CHARSET_TYPES = frozenset({"text/html", "text/xml", "text/plain", "text/vnd.wap.wml",
                                    "application/javascript", "application/rss+xml"})
_DEFAULT_TYPE = "text/plain"
# Directives that change response headers but that this model does not implement: using one
# must fail loudly instead of making the tests serve something other than production.
_UNSUPPORTED = {"expires", "more_set_headers", "proxy_pass", "fastcgi_pass", "add_trailer",
                "proxy_hide_header", "add_header_inherit", "if", "rewrite", "alias", "ssi", "sub_filter"}


class ConfigError(ValueError):
    """The configuration uses something this model cannot follow."""


@dataclass
class Directive:
    name: str
    args: list[str]
    block: list[Directive] | None
    where: str


# --- reading -------------------------------------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<space>\s+) | (?P<comment>\#[^\n]*) | (?P<punct>[{};]) |
    "(?P<dq>(?:[^"\\]|\\.)*)" | '(?P<sq>(?:[^'\\]|\\.)*)' |
    (?P<word>[^\s{};"'#][^\s{};]*)
""", re.VERBOSE | re.DOTALL)


def _tokens(text: str, name: str):
    pos, line = 0, 1
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ConfigError(f"{name}:{line}: cannot read {text[pos:pos + 20]!r}")
        kind = m.lastgroup
        value = m.group(kind)
        if kind in ("dq", "sq"):
            yield "word", re.sub(r"\\(.)", r"\1", value), line
        elif kind in ("punct", "word"):
            yield (value if kind == "punct" else "word"), value, line
        line += m.group(0).count("\n")
        pos = m.end()


def _parse(path: Path) -> list[Directive]:
    name = path.relative_to(NGINX_DIR.parent).as_posix() if path.is_relative_to(NGINX_DIR.parent) else str(path)
    stack: list[list[Directive]] = [[]]
    words: list[str] = []
    start = 0
    for kind, value, line in _tokens(path.read_text(encoding="utf-8"), name):
        if kind == "word":
            if not words:
                start = line
            words.append(value)
        elif kind == ";":
            if not words:
                raise ConfigError(f"{name}:{line}: empty directive")
            directive = Directive(words[0], words[1:], None, f"{name}:{start}")
            if directive.name == "include":
                stack[-1].extend(_parse(_include_path(directive)))
            else:
                stack[-1].append(directive)
            words = []
        elif kind == "{":
            if not words:
                raise ConfigError(f"{name}:{line}: block without a name")
            block: list[Directive] = []
            stack[-1].append(Directive(words[0], words[1:], block, f"{name}:{start}"))
            stack.append(block)
            words = []
        else:  # "}"
            if words or len(stack) == 1:
                raise ConfigError(f"{name}:{line}: unexpected }}")
            stack.pop()
    if words or len(stack) != 1:
        raise ConfigError(f"{name}: unexpected end of file")
    return stack[0]


def _include_path(directive: Directive) -> Path:
    """nginx resolves a relative include against its configuration folder, here deploy/nginx/."""
    if len(directive.args) != 1 or any(c in directive.args[0] for c in "*?["):
        raise ConfigError(f"{directive.where}: include takes one file name (no patterns here)")
    target = NGINX_DIR / directive.args[0]
    if not target.is_file():
        raise ConfigError(f"{directive.where}: included file {target} is missing")
    return target


# --- the model -----------------------------------------------------------------------------

@dataclass
class Context:
    """What a server or location block sets itself; None means "inherited from outside"."""

    add_headers: list[tuple[str, str]] | None = None
    types: dict[str, str] | None = None
    default_type: str | None = None
    charset: str | None = None
    charset_types: frozenset[str] | None = None


@dataclass
class Location:
    modifier: str  # "", "=", "^~", "~", "~*"
    pattern: str
    context: Context
    where: str

    def matches(self, uri: str) -> bool:
        if self.modifier in ("", "^~"):
            return uri.startswith(self.pattern)
        if self.modifier == "=":
            return uri == self.pattern
        flags = re.IGNORECASE if self.modifier == "~*" else 0
        return re.search(self.pattern, uri, flags) is not None


@dataclass
class Server:
    """One nginx ``server`` block, reduced to what decides the headers of a response."""

    context: Context
    locations: list[Location] = field(default_factory=list)
    index: list[str] = field(default_factory=lambda: ["index.html"])
    error_pages: dict[int, str] = field(default_factory=dict)

    def location_for(self, uri: str) -> Location | None:
        """nginx's choice: exact match; else longest prefix if ^~; else first regex; else longest prefix."""
        for loc in self.locations:
            if loc.modifier == "=" and loc.matches(uri):
                return loc
        prefixes = [loc for loc in self.locations if loc.modifier in ("", "^~") and loc.matches(uri)]
        longest = max(prefixes, key=lambda loc: len(loc.pattern), default=None)
        if longest is not None and longest.modifier == "^~":
            return longest
        for loc in self.locations:
            if loc.modifier in ("~", "~*") and loc.matches(uri):
                return loc
        return longest

    def headers_for(self, uri: str) -> dict[str, str]:
        """Headers nginx adds for the file at ``uri`` (after ``index``, e.g. ``/konzept/index.html``)."""
        loc = self.location_for(uri)
        inner = loc.context if loc else Context()

        def pick(attr: str, default):
            value = getattr(inner, attr)
            if value is None:
                value = getattr(self.context, attr)
            return default if value is None else value

        types = pick("types", None)
        if types is None:
            raise ConfigError("no `types` block: the model needs the site's own list of types")
        extension = PurePosixPath(uri).suffix.lstrip(".").lower()
        mime = types.get(extension, pick("default_type", _DEFAULT_TYPE))
        charset = pick("charset", "off")
        charset_types = pick("charset_types", _DEFAULT_CHARSET_TYPES) | {"text/html"}
        content_type = f"{mime}; charset={charset}" if charset != "off" and mime in charset_types else mime
        result = {"Content-Type": content_type}
        for name, value in pick("add_headers", []):
            if name in result:
                raise ConfigError(f"header {name} is set twice for {uri}")
            result[name] = value
        return result

    def error_headers(self, status: int) -> dict[str, str]:
        """Headers of the error page nginx serves for ``status`` (via ``error_page``)."""
        return self.headers_for(self.error_pages[status])


def _context(directives: list[Directive], allow_locations: bool) -> tuple[Context, list[Directive]]:
    ctx = Context()
    rest = []
    for d in directives:
        if d.name in _UNSUPPORTED:
            raise ConfigError(f"{d.where}: `{d.name}` changes responses in a way deploy/headers.py does not model")
        if d.name == "add_header":
            if len(d.args) not in (2, 3) or (len(d.args) == 3 and d.args[2] != "always"):
                raise ConfigError(f"{d.where}: add_header NAME VALUE always; expected")
            if len(d.args) == 2:
                raise ConfigError(f"{d.where}: add_header without `always` is not sent on error pages")
            ctx.add_headers = (ctx.add_headers or []) + [(d.args[0], d.args[1])]
        elif d.name == "types":
            ctx.types = {}
            for entry in d.block or []:
                for ext in entry.args:
                    ctx.types[ext.lower()] = entry.name
        elif d.name == "default_type":
            ctx.default_type = d.args[0]
        elif d.name == "charset":
            ctx.charset = d.args[0]
        elif d.name == "charset_types":
            ctx.charset_types = frozenset(d.args)
        elif d.name == "location":
            if not allow_locations:
                raise ConfigError(f"{d.where}: nested locations are not modelled")
            rest.append(d)
        else:
            rest.append(d)
    return ctx, rest


def _server(block: list[Directive]) -> Server:
    ctx, rest = _context(block, allow_locations=True)
    server = Server(ctx)
    for d in rest:
        if d.name == "location":
            modifier, pattern = (d.args[0], d.args[1]) if len(d.args) == 2 else ("", d.args[0])
            if modifier not in ("", "=", "^~", "~", "~*"):
                raise ConfigError(f"{d.where}: unknown location modifier {modifier}")
            loc_ctx, _ = _context(d.block or [], allow_locations=False)
            server.locations.append(Location(modifier, pattern, loc_ctx, d.where))
        elif d.name == "index":
            server.index = d.args
        elif d.name == "error_page":
            *codes, uri = d.args
            for code in codes:
                server.error_pages[int(code)] = uri
    return server


def load(config: Path = SITE_CONFIG, server_name: str = SERVER_NAME) -> Server:
    """The TLS ``server`` block for ``server_name`` that serves files (has a ``root``)."""
    candidates = []
    for d in _parse(Path(config)):
        if d.name != "server" or d.block is None:
            continue
        names = [a for x in d.block if x.name == "server_name" for a in x.args]
        if server_name in names and any(x.name == "root" for x in d.block):
            candidates.append(d.block)
    if len(candidates) != 1:
        raise ConfigError(f"{config}: expected one server block for {server_name} with a root, "
                          f"found {len(candidates)}")
    return _server(candidates[0])


def load_snippet(path: Path = NGINX_DIR / "snippets" / "wir2-site.conf") -> Server:
    """A server built from a file of server-level directives (for tests that wrap the snippet)."""
    return _server(_parse(Path(path)))
