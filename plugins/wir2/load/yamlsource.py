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


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2-like scalars and located containers."""


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
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:0|-?[1-9][0-9]*)$"), list("-0123456789")
)


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int):
        self.key, self.line = key, line


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    result = Mapping()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key = str(key) if not isinstance(key, str) else key
        if key in result:
            raise _DuplicateKey(key, key_node.start_mark.line + 1)
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

class _FastLoader(yaml.CSafeLoader):
    """The same rules with libyaml's parser: about ten times faster for large files.

    libyaml comes with PyYAML's wheels for every platform the project supports.
    """


_FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
_FastLoader.yaml_constructors = dict(_Loader.yaml_constructors)


def loads(text: str, name: str, fast: bool = False) -> Any:
    """Parse ``text``; ``name`` is used in messages.  Raises :class:`DataError`.

    ``fast`` uses libyaml (same values and lines; syntax messages worded by libyaml).
    """
    try:
        return yaml.load(text, Loader=_FastLoader if fast else _Loader)  # both are SafeLoader subclasses
    except _DuplicateKey as dup:
        raise DataError(
            [Problem(name, dup.line, dup.key, "steht doppelt in derselben Liste/Gruppe; jedes Feld nur einmal angeben")]
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
        if exc.context_mark and "flow" in (exc.context or ""):
            mark = exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or "ungültiges YAML"
        message = f"kein gültiges YAML ({what}); Einrückung, Doppelpunkte und Anführungszeichen prüfen"
        raise DataError([Problem(name, line, "", message)]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(name, None, "", f"kein gültiges YAML ({exc})")]) from None


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
