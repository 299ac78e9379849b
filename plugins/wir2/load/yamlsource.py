"""Read editor YAML with line numbers and without YAML 1.1 surprises.

PyYAML turns ``9:00`` into the integer 540, ``2025-05-06`` into a date,
``ja``/``no``/``on`` into booleans and ``15.000`` into the float 15.0, and
silently keeps the last of two equal keys.  Editors should get what they typed,
so this loader keeps dates, times and anything with a point or a comma as text
(the field parsers read them, and a message quotes them as typed: „15.000“, not
„15.0“) and remembers the line of every key and list item, so a problem can be
reported where it is.  The only implicit types are ``true``/``false``, ``null``
and whole numbers written the one way ``str(int)`` writes them back, so a number
read as one is still what the editor wrote.

Reading the file is :func:`wir2.load.source.read_text` (total: every failure is a message).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from ..cache import Store, key
from ..problems import DataError, Problem
from . import source


class Mapping(dict[str, Any]):
    """A dict that knows its own line and the line of each of its keys."""

    line: int
    key_lines: dict[str, int]


class Sequence(list[Any]):
    """A list that knows its own line and the line of each item."""

    line: int
    item_lines: list[int]


class _Refused(Exception):
    """YAML that is valid but not for an editor's data file: a reference, a type tag, a key that is no name."""

    def __init__(self, line: int, field: str, message: str):
        self.line, self.field, self.message = line, field, message


#: Deeper than any data file needs (termine.yml has four levels); a deeper tree is a slip or an attack
#: on the recursion of the parser and of every reader after it.
MAX_DEPTH = 32
_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


def _shown_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _Checked(yaml.constructor.SafeConstructor):
    """What the data files may use of YAML: values, lists and groups, nothing that builds a value another way.

    - No references (``&anker`` … ``*anker``, also in ``<<: *anker``): one alias can
      stand for millions of values (the "billion laughs"), and an editor who changes one
      place would change another unseen.
    - No explicit types (``!!timestamp``, ``!!binary``, ``!!set``, ``!!python/…``) other
      than ``!!str``: a value is what the editor typed, read by the field's own rule.
    - Keys are names (text or a whole number), not ``~``, ``true`` or a list.
    - At most :data:`MAX_DEPTH` levels.
    """

    depth = 0
    resolve: Callable[[type[yaml.Node], str, tuple[bool, bool]], str]  # the Resolver's, mixed in by the loaders

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        line = node.start_mark.line + 1
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _Refused(line, "", "Verweise mit „&…“ und „*…“ (auch „<<: *…“) sind in den Datendateien nicht "
                                     "erlaubt; erwartet: jeden Wert ausgeschrieben an seiner Stelle")
        if isinstance(node, yaml.ScalarNode):
            implicit = self.resolve(yaml.ScalarNode, node.value, (True, False)) if not node.style else _STR
            allowed = node.tag in (_STR, implicit)
        else:
            allowed = node.tag == (_SEQ if isinstance(node, yaml.SequenceNode) else _MAP)
        if not allowed:
            raise _Refused(line, "", f"Typangabe „{_shown_tag(node.tag)}“ ist in den Datendateien nicht erlaubt; "
                                     "erwartet: den Wert ohne „!…“ (Text notfalls in Anführungszeichen)")
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(line, "", f"ist tiefer als {MAX_DEPTH} Ebenen verschachtelt; erwartet: die Felder "
                                         "wie in der Vorlage, höchstens wenige Ebenen tief")
            value = super().construct_object(node, deep)
        finally:
            self.depth -= 1
        if isinstance(value, str) and _SURROGATE.search(value):  # "\ud800": half a character, no UTF-8 has it
            raise _Refused(line, "", "enthält ein halbes Zeichen (eine Escape-Folge wie \\ud800); erwartet: das "
                                     "Zeichen selbst")
        return value


class _Loader(yaml.SafeLoader, _Checked):
    """SafeLoader with YAML 1.2-like scalars, located containers and :class:`_Checked`'s limits."""


# Start from no implicit types at all and add back only the unsurprising ones.
_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
# No leading zeros (a postcode 01067 or a phone number 0211… stays text), no "+" and no "-0": what
# resolves to an int is exactly ``str(int)``.  No floats: ``15.000`` or ``1.5`` stays text as typed.
# At most 18 digits: a longer run of digits (no amount or year has one) stays text, which the field's
# rule then refuses with its example – Python would not even convert 4,300 digits.
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:0|-?[1-9][0-9]{0,17})$"), list("-0123456789")
)


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int, first: int):
        self.key, self.line, self.first = key, line, first


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    result = Mapping()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, bool) or not isinstance(key, (str, int)):
            shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else "[…]"
            raise _Refused(key_node.start_mark.line + 1, "", f"„{shown}“ ist kein Feldname; erwartet: ein Name "
                                                            "wie titel: oder beginn: (Text vor dem Doppelpunkt)")
        key = str(key) if not isinstance(key, str) else key
        if key in result:
            raise _DuplicateKey(key, key_node.start_mark.line + 1, result.key_lines[key])
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> Sequence:
    result = Sequence(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)

class _FastLoader(yaml.CSafeLoader, _Checked):
    """The same rules with libyaml's parser: about ten times faster for large files.

    libyaml comes with PyYAML's wheels for every platform the project supports.
    """


_FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
_FastLoader.yaml_constructors = dict(_Loader.yaml_constructors)


def loads(text: str, name: str, fast: bool = False) -> Any:
    """Parse ``text``; ``name`` is used in messages.  Raises :class:`DataError`.

    ``fast`` uses libyaml (same values and lines; syntax messages worded by libyaml).
    """
    depth = _flow_depth(text)
    if depth > _FLOW_LIMIT:
        # libyaml composes recursively in C: tens of thousands of "[" end the process, before any
        # Python check could run.  No data file nests more than a few levels.
        raise DataError([Problem(name, depth_line(text), "", f"ist tiefer als {MAX_DEPTH} Ebenen verschachtelt "
                                 "(viele „[“ oder „{“ hintereinander); erwartet: die Felder wie in der Vorlage")])
    try:
        return yaml.load(text, Loader=_FastLoader if fast else _Loader)  # both are SafeLoader subclasses
    except _Refused as refused:
        raise DataError([Problem(name, refused.line, refused.field, refused.message)]) from None
    except ValueError:  # an escape YAML reads but Python cannot hold: "\U00110000"
        raise DataError([Problem(name, None, "", "enthält ein Zeichen, das es nicht gibt (eine Escape-Folge wie "
                                 "\\U00110000); erwartet: das Zeichen selbst oder Text ohne \\-Folge")]) from None
    except RecursionError:  # a parser's recursion, before the depth limit of _Checked applies
        raise DataError([Problem(name, None, "", f"ist tiefer als {MAX_DEPTH} Ebenen verschachtelt (z. B. viele "
                                                 "„[“ hintereinander); erwartet: die Felder wie in der Vorlage")]) \
            from None
    except _DuplicateKey as dup:
        raise DataError(
            [Problem(name, dup.line, dup.key, f"steht doppelt in derselben Liste/Gruppe (zuerst in Zeile {dup.first}); "
                                              "jedes Feld nur einmal angeben")]
        ) from None
    except yaml.reader.ReaderError:
        # A character YAML refuses ("special characters are not allowed"): its message has no line,
        # so say the same as for a file, where the character is.
        problems = source.invisible_characters(text, name)
        raise DataError(problems or [Problem(name, None, "", "enthält ein Zeichen, das in YAML nicht erlaubt ist; "
                                                             "erwartet: Text ohne Steuerzeichen")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        # An unclosed [ or { is noticed only on a later line; the editor's slip is where it opened.
        if exc.context_mark and ("flow" in (exc.context or "") or "quoted" in (exc.context or "")):
            mark = exc.context_mark
        line = mark.line + 1 if mark else None
        lines = text.splitlines()
        at = lines[mark.line][mark.column:mark.column + 1] if mark and mark.line < len(lines) else ""
        message = syntax_message(exc.problem or "", exc.context or "", at)
        raise DataError([Problem(name, line, "", message)]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(name, None, "", syntax_message(str(exc), "", ""))]) from None


#: PyYAML's and libyaml's words for the common slips (``problem`` and ``context`` of their errors), in the
#: editors' words; the first that matches is said, in this order.
_SYNTAX: tuple[tuple[str, str], ...] = (
    ("escape", "eine \\-Folge in Anführungszeichen ergibt kein Zeichen (z. B. \\U00110000); erwartet: das Zeichen "
               "selbst"),
    ("\t", "ein Tabulatorzeichen rückt ein; erwartet: Leerzeichen (YAML rückt nur mit Leerzeichen ein)"),
    ("another document", "eine zweite „---“-Zeile beginnt ein zweites Dokument; erwartet: eine Datei, ein "
                         "Dokument – die Zeile „---“ löschen"),
    ("undefined alias", "„*…“ verweist auf einen Anker; erwartet: den Wert ausgeschrieben (Verweise sind nicht "
                        "erlaubt), Text mit * am Anfang in Anführungszeichen"),
    ("mapping values are not allowed", "ein Doppelpunkt mit Leerzeichen steht mitten im Wert; erwartet: den Wert "
                                       "in Anführungszeichen, z. B. titel: \"Schulung: Teil 1\""),
    ("could not find expected ':'", "nach dem Feldnamen fehlt der Doppelpunkt; erwartet: name: wert"),
    ("quoted scalar", "ein Anführungszeichen wird nicht geschlossen; erwartet: \"…\" auf derselben Zeile"),
    ("flow sequence", "eine Liste mit „[“ wird nicht mit „]“ geschlossen; erwartet: [a, b] auf einer Zeile"),
    ("flow mapping", "eine Gruppe mit „{“ wird nicht mit „}“ geschlossen; erwartet: {a: 1} auf einer Zeile"),
    ("block end", "die Einrückung passt nicht zu den Zeilen davor; erwartet: Felder derselben Gruppe gleich weit "
                  "eingerückt"),
    ("expected key", "die Einrückung passt nicht zu den Zeilen davor; erwartet: Felder derselben Gruppe gleich "
                     "weit eingerückt"),
    ("cannot start any token", "ein Zeichen wie @ oder ` darf einen Wert nicht beginnen; erwartet: den Wert in "
                               "Anführungszeichen"),
    ("node content", "hier fehlt ein Wert; erwartet: name: wert oder - eintrag"),
)


def syntax_message(problem: str, context: str, at: str) -> str:
    """An editor's message for a YAML syntax error (see :data:`_SYNTAX`); PyYAML's words only as a last resort.

    ``at`` is the character where the reader stopped (libyaml does not name a tab, PyYAML does).
    """
    both = f"{problem} {context} {at}".lower()
    for words, message in _SYNTAX:
        if words in both:
            return f"kein gültiges YAML: {message}"
    return (f"kein gültiges YAML; erwartet: Einrückung mit Leerzeichen, „name: wert“, Text mit Sonderzeichen in "
            f"Anführungszeichen (der Leser meldet: {problem or context or 'unbekannt'})")


_FLOW_LIMIT = 1000  # far above MAX_DEPTH (which _Checked reports properly), far below libyaml's crash
_BRACKETS = re.compile(r"[\[\]{}]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _flow_depth(text: str) -> int:
    """The deepest nesting of ``[``/``{`` in ``text`` (quotes not considered: a bound, not a parse)."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        deepest = max(deepest, depth)
        if deepest > _FLOW_LIMIT:
            break
    return deepest


def depth_line(text: str) -> int:
    """The line on which the nesting of :func:`_flow_depth` passes the limit."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > _FLOW_LIMIT:
            return text.count("\n", 0, match.start()) + 1
    return 1


def load(path: str | Path, name: str | None = None, fast: bool = False, store: Store | None = None) -> Any:
    """Read and parse a YAML file; anything but a readable UTF-8 text (see :mod:`.source`) is a DataError.

    With a ``store``, a file parsed before is taken from there (see :func:`encode`):
    parsing is most of the time a large data file takes to load.
    """
    name = name or str(path)
    text = source.read_text(Path(path), name)
    assert text is not None  # only a missing file that may be missing is None
    if store is None:
        return loads(text, name, fast)
    entry = key(_RULES, fast, text)
    cached = store.get(entry)
    if cached is not None:
        try:
            return decode(json.loads(cached))
        except (ValueError, TypeError, IndexError, KeyError):  # a damaged entry is a miss
            pass
    tree = loads(text, name, fast)
    # An explicit tag can make something JSON cannot hold (!!binary, !!set …): then it is not kept.
    with contextlib.suppress(TypeError, ValueError):
        store.put(entry, json.dumps(encode(tree), ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return tree


#: What a parsed tree depends on besides the text: these rules (this file) and PyYAML's version.
_RULES = (yaml.__version__, hashlib.sha256(Path(__file__).read_bytes()).hexdigest())


def encode(value: Any) -> Any:
    """A parsed tree as JSON values, lines included: ``["m", line, [[key, key line, value] …]]``,
    ``["s", line, [[item line, item] …]]``; scalars as they are.  Raises ``TypeError`` for anything
    else (what an explicit tag such as ``!!binary`` or ``!!omap`` makes), which is then not kept."""
    if isinstance(value, Mapping):
        return ["m", value.line, [[k, value.key_lines[k], encode(v)] for k, v in value.items()]]
    if isinstance(value, Sequence):
        return ["s", value.line, [[line, encode(v)] for line, v in zip(value.item_lines, value, strict=True)]]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(type(value).__name__)


def decode(value: Any) -> Any:
    """The tree that :func:`encode` wrote, with the same values and lines."""
    if not isinstance(value, list):
        return value
    if value[0] == "m":
        mapping = Mapping()
        mapping.line, mapping.key_lines = value[1], {}
        for k, line, v in value[2]:
            mapping[k] = decode(v)
            mapping.key_lines[k] = line
        return mapping
    if value[0] != "s":
        raise ValueError(f"not an encoded tree: {value[0]!r}")
    sequence = Sequence(decode(v) for _, v in value[2])
    sequence.line, sequence.item_lines = value[1], [line for line, _ in value[2]]
    return sequence
