"""A failing placeholder, explained in the words of the page: which name, what exists there, an example.

Jinja's own messages speak Python – ``'wir2.model.facts.Kontakt object' has no
attribute 'telefonnummer'``, ``unsupported format string passed to
Posten.__format__``, ``Unexpected end of template`` on the page's last line.
An editor needs the placeholder as she wrote it, the name that is wrong, the
names that exist in that place (the closest first) and the placeholder
corrected.  So this module reads the placeholders back from the failing line,
parses them with Jinja (:meth:`jinja2.Environment.parse`), walks their names
through the site's data as Jinja would (:meth:`jinja2.Environment.getattr`)
and finds the first step that fails.  It only reads values; nothing is called.

Each function returns the message (without file and line) or ``None`` when it
cannot say more than Jinja, and :func:`explain` falls back to Jinja's words.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
import jinja2.exceptions
from jinja2 import nodes

_PRINT = re.compile(r"\{\{-?(.*?)-?\}\}")
_FOR = re.compile(r"\{%-?\s*for\s+(\w+)\s+in\s+(.+?)\s*-?%\}")
_BLOCK = re.compile(r"\{%-?\s*(\w+)")
_MISSING = object()
#: Block tags that need an end tag, and the tag that ends them.
_ENDS = {"if": "endif", "for": "endfor", "macro": "endmacro", "call": "endcall", "filter": "endfilter",
         "raw": "endraw", "with": "endwith", "autoescape": "endautoescape", "block": "endblock"}
#: What a filter of the site needs, for the message when it gets something else.


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date)


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


_NEEDS: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "euro": ("einen Betrag (eine Zahl)", _is_number), "datum": ("ein Datum", _is_date),
    "datum_kurz": ("ein Datum", _is_date), "tel": ("eine Telefonnummer", _is_text)}
_SHOWN = 12


@dataclass(frozen=True)
class Failure:
    """Where a placeholder broke: the line's text and the error."""

    line_text: str
    error: BaseException
    source: str  # the whole part, for loop variables and unclosed blocks


def names(value: Any) -> list[str]:
    """The names a template can use on ``value``: a mapping's keys, a record's fields and properties."""
    if isinstance(value, Mapping):
        return sorted(str(k) for k in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        found = [f.name for f in dataclasses.fields(value) if not f.name.startswith("_") and f.name != "origin"]
        for cls in type(value).__mro__:
            for name, member in vars(cls).items():
                if (not name.startswith("_") and isinstance(member, (property, functools.cached_property))
                        and name not in found):
                    found.append(name)
        return found
    return []


def _ranked(wrong: str, choices: list[str]) -> list[str]:
    close = difflib.get_close_matches(wrong, choices, n=3, cutoff=0.5)
    return close + sorted((c for c in choices if c not in close), key=str.lower)


def _listing(prefix: str, choices: list[str]) -> str:
    shown = [f"{prefix}{c}" for c in choices[:_SHOWN]]
    return ", ".join(shown) + (", …" if len(choices) > _SHOWN else "")


def _kind(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return f"eine Liste ({len(value)} Einträge)"
    if isinstance(value, Mapping) or names(value):
        return f"eine Gruppe von Angaben ({', '.join(names(value)[:6])}{', …' if len(names(value)) > 6 else ''})"
    if isinstance(value, bool):
        return "ein Ja/Nein-Wert"
    if isinstance(value, (int, float)):
        return "eine Zahl"
    if isinstance(value, dt.date):
        return "ein Datum"
    if isinstance(value, str):
        return "ein Text"
    if callable(value):
        return "ein Makro"
    return "ein Wert"


def _dotted(node: nodes.Node) -> str | None:
    """``kontakt.ansprechperson`` for a chain of names, ``None`` for anything else."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        inner = _dotted(node.node)
        return f"{inner}.{node.attr}" if inner else None
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        inner = _dotted(node.node)
        return f"{inner}[{node.arg.value!r}]" if inner else None
    return None


def _nodes(expr: nodes.Node, kinds: Any) -> list[Any]:
    """``expr`` and every node below it of the given kinds (Jinja's ``find_all`` leaves out ``expr``)."""
    return [n for n in (expr, *expr.find_all(kinds)) if isinstance(n, kinds)]


def _expressions(env: jinja2.Environment, line: str) -> Iterator[tuple[str, nodes.Expr]]:
    """Each ``{{ … }}`` of ``line`` that parses: its text and its expression."""
    for match in _PRINT.finditer(line):
        try:
            template = env.parse("{{" + match.group(1) + "}}")
        except jinja2.TemplateSyntaxError:
            continue
        for output in template.find_all(nodes.Output):
            for expr in output.nodes:
                if isinstance(expr, nodes.Expr):
                    yield "{{" + match.group(1) + "}}", expr


class _Walker:
    """Resolves chains of names against the globals and the page's ``for`` loops (first item)."""

    def __init__(self, env: jinja2.Environment, source: str):
        self.env = env
        self.loops = {name: iterable for name, iterable in _FOR.findall(source)}

    def root(self, name: str) -> Any:
        if name in self.env.globals:
            return self.env.globals[name]
        iterable = self.loops.get(name)
        if iterable is not None:
            value = self.value_of_text(iterable)
            if isinstance(value, (list, tuple)) and value:
                return value[0]
        return _MISSING

    def value_of_text(self, text: str) -> Any:
        try:
            expr = self.env.parse("{{ " + text + " }}").find(nodes.Output)
        except jinja2.TemplateSyntaxError:
            return _MISSING
        if expr is None or not expr.nodes or not isinstance(expr.nodes[0], nodes.Expr):
            return _MISSING
        value, _ = self.resolve(expr.nodes[0])
        return value

    def resolve(self, node: nodes.Expr) -> tuple[Any, tuple[str, str, Any] | None]:
        """``(value, None)``, or ``(_MISSING, (path so far, wrong name, the value it was looked up on))``."""
        if isinstance(node, nodes.Name):
            value = self.root(node.name)
            return (value, None) if value is not _MISSING else (_MISSING, ("", node.name, self.env.globals))
        if isinstance(node, (nodes.Getattr, nodes.Getitem)):
            inner, failed = self.resolve(node.node)
            if failed or inner is _MISSING:
                return _MISSING, failed
            if isinstance(node, nodes.Getattr):
                key: Any = node.attr
            elif isinstance(node.arg, nodes.Const):
                key = node.arg.value
            else:
                return _MISSING, None
            found = self.env.getattr(inner, key) if isinstance(node, nodes.Getattr) else self.env.getitem(inner, key)
            if isinstance(found, jinja2.Undefined):
                return _MISSING, (_dotted(node.node) or "", str(key), inner)
            return found, None
        return _MISSING, None


def _unknown_name(env: jinja2.Environment, failure: Failure) -> str | None:
    walker = _Walker(env, failure.source)
    for text, expr in _expressions(env, failure.line_text):
        chains = _nodes(expr, (nodes.Getattr, nodes.Getitem, nodes.Name))
        for chain in sorted(chains, key=lambda n: len(_dotted(n) or ""), reverse=True):
            if _dotted(chain) is None:
                continue
            _, failed = walker.resolve(chain)
            if failed is None:
                continue
            path, wrong, holder = failed
            if not path and wrong in _local_names(failure.source):
                return None  # a name the page sets itself: what failed is further along (see fallback)
            where = f"{path}." if path else ""
            if isinstance(holder, (list, tuple)):
                item = holder[0] if holder else None
                loop = f"{{% for x in {path} %}}{{{{ x.{_ranked(wrong, names(item))[0]} }}}}{{% endfor %}}" \
                    if item is not None and names(item) else f"{{% for x in {path} %}}{{{{ x }}}}{{% endfor %}}"
                return (f"Platzhalter {text}: „{path}“ ist {_kind(holder)}, hat also kein „{wrong}“; erwartet: "
                        f"ein Eintrag daraus, z. B. {loop}, oder die Anzahl: {{{{ {path} | length }}}}")
            available = names(holder) if path else sorted(_editor_globals(env))
            choices = _ranked(wrong, available)
            if not choices:
                return f"Platzhalter {text}: „{where}{wrong}“ gibt es nicht; „{path}“ ist {_kind(holder)}"
            full = _dotted(chain) or ""
            typed = f"{where}{wrong}"
            rest = full[len(typed):].lstrip(".").split(".") if full.startswith(typed) and full != typed else []
            example = ""
            if difflib.get_close_matches(wrong, available, n=1, cutoff=0.5):
                example = f" – z. B. {text.replace(typed, f'{where}{choices[0]}', 1)}"
            elif rest and (close := difflib.get_close_matches(rest[-1], available, n=1, cutoff=0.6)):
                # kontakt.ansprechperson.telefon: the data file's grouping, flattened in the site data
                example = f" – z. B. {text.replace(full, f'{where}{close[0]}', 1)}"
            return (f"Platzhalter {text}: „{typed}“ gibt es nicht; erwartet: einer von "
                    f"{_listing(where, choices)}{example}")
    return None


_SETS = re.compile(r"\{%-?\s*(?:set|for|macro)\s+([\w\s,]+?)\s*(?:=|\bin\b|\(|%\})")
_IMPORTS = re.compile(r"\{%-?\s*(?:import\s+\S+\s+as\s+(\w+)|from\s+\S+\s+import\s+([\w\s,]+?))\s*-?%\}")


def _local_names(source: str) -> set[str]:
    """Names a page defines itself: ``{% set x = … %}``, ``{% for a, b in … %}``, macros and imports."""
    found: set[str] = set()
    for match in _SETS.finditer(source):
        found.update(n.strip() for n in match.group(1).split(",") if n.strip())
    for match in _IMPORTS.finditer(source):
        found.update(n.strip() for n in (match.group(1) or match.group(2) or "").split(",") if n.strip())
    return found


def _editor_globals(env: jinja2.Environment) -> list[str]:
    """The names a page can start a placeholder with: data, settings, helpers – not Jinja's own."""
    builtin = set(jinja2.Environment().globals)
    return [name for name, value in env.globals.items()
            if name not in builtin and not name.startswith("_") and not callable(value)]


def _wrong_input(env: jinja2.Environment, failure: Failure) -> str | None:
    """A filter, a call or an operator given something it cannot use (``{{ kosten.schulung | euro }}``)."""
    walker = _Walker(env, failure.source)
    for text, expr in _expressions(env, failure.line_text):
        for node in _nodes(expr, nodes.Filter):
            if node.node is None or node.name not in _NEEDS:
                continue
            value, failed = walker.resolve(node.node)
            need, fits = _NEEDS[node.name]
            if failed is not None or value is _MISSING or fits(value):
                continue
            path = _dotted(node.node) or "der Wert"
            fitting = [n for n in names(value) if fits(env.getattr(value, n))]
            example = (f" – z. B. {text.replace(path, f'{path}.{fitting[0]}', 1)}" if fitting and path != "der Wert"
                       else "")
            return (f"Platzhalter {text}: „{node.name}“ braucht {need}, „{path}“ ist aber {_kind(value)}; "
                    f"erwartet: {need}{example}")
        for call in _nodes(expr, nodes.Call):
            value, failed = walker.resolve(call.node)
            if failed is None and value is not _MISSING and not callable(value):
                called = _dotted(call.node)
                return (f"Platzhalter {text}: „{called}“ ist {_kind(value)}, kein Makro; erwartet: ohne Klammern, "
                        f"also {{{{ {called} }}}}")
        # A group of values where one value is needed ({{ '%d' % kosten.schulung }}, {{ kosten.schulung + 1 }}).
        inner = {id(n.node) for n in _nodes(expr, (nodes.Getattr, nodes.Getitem, nodes.Call, nodes.Filter))}
        for chain in _nodes(expr, (nodes.Getattr, nodes.Getitem, nodes.Name)):
            leaf = _dotted(chain)
            if leaf is None or id(chain) in inner:
                continue
            value, failed = walker.resolve(chain)
            if failed is None and value is not _MISSING and names(value) and not callable(value):
                numbers = [n for n in names(value) if _is_number(env.getattr(value, n))]
                fields = numbers + [n for n in names(value) if n not in numbers]
                return (f"Platzhalter {text}: „{leaf}“ ist {_kind(value)}, hier wird aber ein einzelner Wert "
                        f"gebraucht; erwartet: eine der Angaben, z. B. {text.replace(leaf, f'{leaf}.{fields[0]}', 1)}")
    return None


def _unknown_filter(env: jinja2.Environment, error: jinja2.TemplateSyntaxError, line: str) -> str | None:
    match = re.match(r"No (filter|test) named '([^']+)'", error.message or "")
    if not match:
        return None
    what, wrong = match.groups()
    table = env.filters if what == "filter" else env.tests
    builtin = jinja2.Environment().filters if what == "filter" else jinja2.Environment().tests
    ours = sorted(name for name in table if name not in builtin)
    close = difflib.get_close_matches(wrong, list(table), n=3, cutoff=0.5)
    choices = close + [name for name in ours if name not in close]
    word = "Filter" if what == "filter" else "Test"
    text = next((m.group(0) for m in _PRINT.finditer(line) if wrong in m.group(0)), None)
    example = f" – z. B. {text.replace(wrong, close[0], 1)}" if text and close else ""
    return (f"{word} „{wrong}“ gibt es nicht; erwartet: einer von {', '.join(choices)} oder ein eingebauter "
            f"{word} von Jinja (z. B. length, default){example}")


def unclosed_block_line(env: jinja2.Environment, source: str) -> tuple[int, str] | None:
    """The line and name of the innermost block tag (``{% if … %}`` …) that is never closed."""
    stack: list[tuple[int, str]] = []
    try:
        tokens = list(env.lex(source))
    except jinja2.TemplateSyntaxError:
        return None
    previous = ""
    for lineno, kind, value in tokens:
        if kind == "name" and previous == "block_begin":
            if value in _ENDS:
                stack.append((lineno, value))
            elif value.startswith("end") and stack and _ENDS.get(stack[-1][1]) == value:
                stack.pop()
        if kind != "whitespace":
            previous = kind
    return stack[-1] if stack else None


def unclosed_print_line(source: str, before: int) -> int | None:
    """The line of the last ``{{`` up to line ``before`` that has no ``}}`` after it on its own line."""
    lines = source.splitlines()
    for number in range(min(before, len(lines)), 0, -1):
        text = lines[number - 1]
        start = text.rfind("{{")
        if start != -1 and "}}" not in text[start:]:
            return number
    return None


def explain_syntax(env: jinja2.Environment, error: jinja2.TemplateSyntaxError, source: str) -> tuple[int | None, str]:
    """A syntax error's line and message, where the editor's slip is."""
    lines = source.splitlines()
    line_text = lines[error.lineno - 1] if 0 < error.lineno <= len(lines) else ""
    message = error.message or ""
    unknown = _unknown_filter(env, error, line_text)
    if unknown:
        return error.lineno, unknown
    if message.startswith("Unexpected end of template"):
        opened = unclosed_block_line(env, source)
        if opened:
            block_line, block = opened
            return block_line, (f"„{{% {block} … %}}“ wird nicht geschlossen; erwartet: {{% {_ENDS[block]} %}} "
                                "an seinem Ende")
    if "end of print statement" in message or message.startswith("unexpected end of template, expected"):
        print_line = unclosed_print_line(source, error.lineno)
        if print_line:
            return print_line, "Platzhalter „{{ …“ wird nicht geschlossen; erwartet: }} am Ende des Platzhalters"
    tag = re.match(r"Encountered unknown tag '(\w+)'", message)
    innermost = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
    if tag and innermost and tag.group(1).startswith("end"):
        # {% if %} … {% endfor %}: the slip is the block left open, where it was opened.
        opened = unclosed_block_line(env, "\n".join(lines[:error.lineno - 1]))
        if opened and opened[1] == innermost.group(1):
            block_line, block = opened
            return block_line, (f"„{{% {block} … %}}“ wird mit „{{% {tag.group(1)} %}}“ (Zeile {error.lineno}) "
                                f"geschlossen; erwartet: {{% {_ENDS[block]} %}}")
    if tag:
        name = tag.group(1)
        if name.startswith("end"):
            return error.lineno, (f"„{{% {name} %}}“ schließt nichts; erwartet: ein „{{% {name[3:]} … %}}“ davor "
                                  "oder die Zeile löschen")
        if name in ("else", "elif"):
            return error.lineno, (f"„{{% {name} %}}“ steht außerhalb von {{% if … %}} … {{% endif %}}; erwartet: "
                                  f"ein {{% if … %}} davor und ein {{% endif %}} danach, oder die Zeile löschen")
        return error.lineno, (f"Anweisung „{{% {name} %}}“ gibt es nicht; erwartet: if, for, set, macro oder "
                              "from … import")
    if "comment" in message:
        return error.lineno, ("„{#“ beginnt einen Kommentar, der nicht mit „#}“ endet; erwartet: „#}“ am Ende des "
                              "Kommentars (ein Anker wie {#abschnitt} steht am Ende einer Überschrift)")
    written = next((m.group(0) for m in _ANY_TAG.finditer(line_text)), None)
    if written is None:  # an unclosed one: from its opening to the end of the line
        start = min((i for i in (line_text.find("{{"), line_text.find("{%")) if i >= 0), default=-1)
        written = line_text[start:].strip()[:60] if start >= 0 else "{{ … }}"
    for words, meaning in _JINJA_SYNTAX:
        if words in message:
            return error.lineno, f"Platzhalter {written} ist unvollständig: {meaning}"
    return error.lineno, (f"Platzhalter {written} ist fehlerhaft geschrieben; erwartet: {{{{ name }}}}, "
                          f"{{{{ name | filter }}}} oder {{% if name %}} … {{% endif %}} (Jinja meldet: {message})")


#: Jinja's words for an incomplete placeholder, in the editors' words.
_JINJA_SYNTAX = (
    ("Expected an expression, got 'end of print statement'", "zwischen „{{“ und „}}“ steht nichts; erwartet: "
                                                             "ein Name wie {{ kontakt.email }} – sollen die "
                                                             "Klammern als Text erscheinen: "
                                                             "{% raw %}{{ }}{% endraw %}"),
    ("expected token 'end of print statement', got", "zwei Namen stehen nebeneinander; erwartet: ein Punkt "
                                                     "dazwischen, z. B. {{ kontakt.email }}, oder ein Filter mit |, "
                                                     "z. B. {{ kosten.schulung.betrag | euro }}"),
    ("end of print statement", "der Ausdruck endet mitten drin (nach einem Zeichen wie + oder ~ fehlt etwas); "
                               "erwartet: z. B. {{ kosten.schulung.betrag + 1 }}"),
    ("Expected an expression", "nach dem Wort fehlt, worauf es sich bezieht; erwartet: z. B. "
                               "{% if kontakt.telefon %} oder {% for m in programm.module %}"),
    ("expected token", "ein Zeichen fehlt oder steht zu viel (Klammer, Komma, Anführungszeichen); erwartet: z. B. "
                       "{{ kosten.schulung.betrag | euro }}"),
    ("Missing end of raw directive", "„{% raw %}“ wird nicht mit „{% endraw %}“ geschlossen; erwartet: "
                                     "{% endraw %} am Ende des Textes, der wörtlich erscheinen soll"),
    ("tag name expected", "nach „{%“ fehlt das Wort; erwartet: z. B. {% if … %}, {% for … %} oder {% set … %}"),
    ("unexpected char", "ein Zeichen, das in einem Platzhalter nicht vorkommen kann; erwartet: Namen, Zahlen, "
                        "Text in Anführungszeichen"),
    ("unexpected '", "ein Zeichen steht an einer Stelle, an der es nicht stehen kann; erwartet: z. B. "
                     "{{ kosten.schulung.betrag | euro }}"),
)
_ANY_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def explain(env: jinja2.Environment, failure: Failure) -> str | None:
    """An editor's message for a placeholder that failed while rendering, or ``None``."""
    if isinstance(failure.error, jinja2.UndefinedError):
        return _unknown_name(env, failure)
    return _wrong_input(env, failure)


_NOT_AN_ATTRIBUTE = re.compile(r"'(?:[^']*)' has no attribute '([^']*)'")
_ARGUMENTS = re.compile(r"^(\w+)\(\) (?:takes|got|missing)")


def fallback(failure: Failure) -> str:
    """The message when :func:`explain` has none: what went wrong in German, Python's words after it."""
    error, line = failure.error, failure.line_text
    detail = str(error)
    missing = _NOT_AN_ATTRIBUTE.search(detail) if isinstance(error, jinja2.UndefinedError) else None
    tags = [m.group(0) for m in _ANY_TAG.finditer(line)]
    prints = [t for t in tags if t.startswith("{{")]
    # The placeholder that names what is missing, else the first that prints, else the first tag.
    written = next((t for t in prints if missing and missing.group(1) in t), None) or next(
        iter(prints or tags), "{{ … }}")
    if isinstance(error, FilterError):
        return f"Platzhalter {written}: {detail}"
    if isinstance(error, jinja2.UndefinedError):
        name = f"„{missing.group(1)}“" if missing else "ein Name darin"
        return (f"Platzhalter {written}: {name} gibt es hier nicht; erwartet: Namen aus den Daten, z. B. "
                "{{ kontakt.email }} oder {{ kosten.schulung.betrag | euro }}")
    if isinstance(error, RecursionError):
        return (f"Platzhalter {written}: ein Makro ruft sich selbst ohne Ende auf; erwartet: ein Makro, das sich "
                "nicht selbst aufruft")
    if isinstance(error, ZeroDivisionError):
        return f"Platzhalter {written}: teilt durch 0; erwartet: eine Rechnung, deren Teiler nicht 0 ist"
    arguments = _ARGUMENTS.match(detail)
    if isinstance(error, TypeError) and arguments:
        name = arguments.group(1)
        return (f"Platzhalter {written}: „{name}“ bekommt andere Angaben in Klammern, als es braucht; erwartet: "
                f"z. B. {{{{ kosten.schulung.betrag | {name} }}}} ohne Klammern" if name in FILTER_NAMES else
                f"Platzhalter {written}: „{name}“ bekommt andere Angaben in Klammern, als es braucht")
    if "not iterable" in detail or "has no attribute 'items'" in detail:
        return (f"Platzhalter {written}: geht einen Wert durch, der keine Liste ist; erwartet: for, map, select "
                "oder dictsort nur über eine Liste, z. B. {% for m in programm.module %}{{ m.titel }}{% endfor %}")
    if "Range too big" in detail:
        return (f"Platzhalter {written}: zählt bis über 100000 (range); erwartet: eine kleinere Zahl oder eine Liste "
                "aus den Daten")
    if isinstance(error, TypeError):
        return (f"Platzhalter {written}: rechnet oder verbindet Werte, die nicht zusammenpassen (Text und Zahl?); "
                "erwartet: Zahlen mit + - * / rechnen, Text mit ~ verbinden, z. B. {{ programm.motto ~ \"!\" }}")
    return (f"Platzhalter {written} lässt sich nicht ausführen; erwartet: nur Namen aus den Daten und die Filter "
            f"der Website, z. B. {{{{ kosten.schulung.betrag | euro }}}} (Python meldet: {detail})")


#: The site's own filters (wir2.render.jinja.filters), for the example of a wrong call.
FILTER_NAMES = ("euro", "datum", "datum_kurz", "tel", "jsonld")


_UNSAFE = re.compile(r"access to attribute '([^']*)' of '([^']*)' object is unsafe")


def refused(error: jinja2.exceptions.SecurityError) -> str:
    """The message for a placeholder that the page sandbox refused (:func:`wir2.render.jinja.environment`).

    Names starting with ``_`` are Python's internals and methods such as ``append``
    change data; a page may only read and print what ``data/`` holds.
    """
    if "too large" in str(error) or "longer than" in str(error):
        return ("Platzhalter rechnet ein zu großes Ergebnis aus (mit * oder **); erwartet: Zahlen und Texte aus den "
                "Daten, z. B. {{ kosten.schulung.betrag * 2 }}")
    match = _UNSAFE.search(str(error))
    what = f"„{match.group(1)}“" if match else "eine Funktion"
    return (f"Platzhalter verwendet {what}, das Seiten nicht verwenden dürfen (Namen mit „_“ am Anfang und "
            "Funktionen, die Daten ändern, sind gesperrt); erwartet: nur Namen aus den Daten, "
            "z. B. {{ kontakt.email }}")


class FilterError(ValueError):
    """A filter of the site (``| tel`` …) refused its value; the message is already the editor's, in German."""


class NotPrintable(ValueError):
    """A placeholder would print a value that is not text: ``None``, ``True``, a record, a list, a date,
    a macro without its call.  Raised by the page environment's ``finalize``
    (:meth:`wir2.render.listings.Listings.finalize`); :func:`not_printable` words the message."""

    def __init__(self, value: Any):
        super().__init__("not printable")
        self.value = value


def printable(value: Any) -> bool:
    """Whether a page may print ``value`` as it is: text and numbers (a ``Markup`` is checked where it was made)."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def not_printable(env: jinja2.Environment, error: NotPrintable, line: str, source: str) -> str:
    """The message for a placeholder on ``line`` that would print :attr:`NotPrintable.value`.

    It names the placeholder on the line whose value that is (the first one if none resolves), what
    the value is, and how to print what was meant.
    """
    walker = _Walker(env, source)
    found = list(_expressions(env, line))
    text, name = "{{ … }}", "…"
    for written, expr in found:
        # The name whose value it is: the whole placeholder, or a name inside it (kontakt in kontakt | string).
        chains = [c for c in _nodes(expr, (nodes.Getattr, nodes.Getitem, nodes.Name)) if _dotted(c)]
        inner = next((c for c in chains if walker.resolve(c)[0] is error.value), None)
        if walker.resolve(expr)[0] is error.value or inner is not None or len(found) == 1:
            text, name = written, _dotted(inner if inner is not None else expr) or written.strip("{} ")
            break
    value = error.value
    if value is None:
        what = (f"„{name}“ ist leer (in den Daten nicht eingetragen) und stünde als „None“ auf der Seite; erwartet: "
                f"den Wert in data/ eintragen oder nur zeigen, wenn es ihn gibt: "
                f"{{% if {name} %}}{{{{ {name} }}}}{{% endif %}}")
    elif isinstance(value, bool):
        what = (f"„{name}“ ist ein Ja/Nein-Wert und stünde als „{value}“ auf der Seite; erwartet: "
                f"{{{{ \"ja\" if {name} else \"nein\" }}}}")
    elif isinstance(value, dt.date):
        what = f"„{name}“ ist ein Datum; erwartet: {{{{ {name} | datum }}}} (z. B. 4. März 2025)"
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
        inner = names(items[0]) if items else []
        example = (f"{{% for x in {name} %}}{{{{ x.{inner[0]} }}}}{{% endfor %}}" if inner
                   else f"{{{{ {name} | join(\", \") }}}}")
        what = (f"„{name}“ ist eine Liste ({len(items)} Einträge); erwartet: ihre Einträge, z. B. {example}, oder "
                f"die Anzahl: {{{{ {name} | length }}}}")
    elif names(value):
        what = (f"„{name}“ ist {_kind(value)}; erwartet: eine der Angaben, z. B. "
                f"{{{{ {name}.{names(value)[0]} }}}}")
    elif callable(value):
        what = f"„{name}“ ist ein Makro; erwartet: mit Klammern, {{{{ {name}() }}}}"
    else:
        what = f"„{name}“ ist {_kind(value)}, kein Text; erwartet: ein Text oder eine Zahl aus den Daten"
    return f"Platzhalter {text}: {what}"
