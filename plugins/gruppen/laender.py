"""The 16 Länder, postcodes and a YAML loader that keeps leading zeros.

Kept in this plugin rather than in :mod:`wir2.schema` because only the group
finder needs them.  Each Land has a fixed URL slug (``/gruppen/thueringen/``)
so that addresses stay stable whatever the editors type.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from wir2 import yamlsource
from wir2.errors import DataError, Problem
from wir2.schema import Invalid


@dataclass(frozen=True, order=True)
class Bundesland:
    """One of the 16 Länder; ordered alphabetically by its German name (the list order)."""

    nummer: int
    name: str
    slug: str


BUNDESLAENDER: tuple[Bundesland, ...] = tuple(
    Bundesland(i, name, slug)
    for i, (name, slug) in enumerate(
        [
            ("Baden-Württemberg", "baden-wuerttemberg"),
            ("Bayern", "bayern"),
            ("Berlin", "berlin"),
            ("Brandenburg", "brandenburg"),
            ("Bremen", "bremen"),
            ("Hamburg", "hamburg"),
            ("Hessen", "hessen"),
            ("Mecklenburg-Vorpommern", "mecklenburg-vorpommern"),
            ("Niedersachsen", "niedersachsen"),
            ("Nordrhein-Westfalen", "nordrhein-westfalen"),
            ("Rheinland-Pfalz", "rheinland-pfalz"),
            ("Saarland", "saarland"),
            ("Sachsen", "sachsen"),
            ("Sachsen-Anhalt", "sachsen-anhalt"),
            ("Schleswig-Holstein", "schleswig-holstein"),
            ("Thüringen", "thueringen"),
        ]
    )
)


def fold(text: str) -> str:
    """Lower case, umlauts spelt out, other accents dropped: for lookups and sorting.

    ``Thüringen`` and ``Thueringen`` must be the same Land, and ``Ülzen`` must
    sort with U, not after Z as plain code points would.
    """
    text = text.strip().lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_BY_KEY = {fold(b.name): b for b in BUNDESLAENDER} | {b.slug: b for b in BUNDESLAENDER}


def bundesland(value: Any) -> Bundesland:
    """A Land by its name (``Thüringen``, also ``Thueringen`` or ``thüringen``)."""
    if isinstance(value, str):
        key = re.sub(r"\s*-\s*", "-", fold(value))
        if key in _BY_KEY:
            return _BY_KEY[key]
    raise Invalid("der Name eines der 16 Bundesländer: " + ", ".join(b.name for b in BUNDESLAENDER))


_PLZ = re.compile(r"^\d{5}$")


def plz(value: Any) -> str:
    """A German postcode: exactly five digits (``01067`` keeps its zero, see :func:`load`)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise Invalid("eine Postleitzahl aus fünf Ziffern, z. B. 41460")
    text = str(value).strip()
    if not _PLZ.match(text) or text == "00000":
        raise Invalid("eine Postleitzahl aus fünf Ziffern, z. B. 41460")
    return text


def slugify(text: str) -> str:
    """``Frankfurt am Main`` → ``frankfurt-am-main`` (for anchors of towns)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "ort"


# --- YAML ---------------------------------------------------------------------


class _Loader(yamlsource._Loader):  # noqa: SLF001 - same rules, one resolver changed
    """The project's loader, except that digits with a leading zero stay text.

    The shared loader reads ``plz: 01067`` as the number 1067 and
    ``telefon: 0211123456`` as 211123456; both are codes, not numbers.
    """


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:int"]
    for key, resolvers in yamlsource._Loader.yaml_implicit_resolvers.items()  # noqa: SLF001
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)


if yaml.__with_libyaml__:

    class _FastLoader(yaml.CSafeLoader):
        """:class:`_Loader`'s rules on libyaml's parser: a file of 5,000 groups in a second, not ten."""

    _FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _FastLoader.yaml_constructors = dict(_Loader.yaml_constructors)
else:  # pragma: no cover - libyaml comes with PyYAML's wheels
    _FastLoader = _Loader


def load(path: str | Path, name: str) -> Any:
    """Read a YAML file like :func:`wir2.yamlsource.load`, but with :class:`_Loader`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([Problem(name, None, "", "Datei fehlt")]) from None
    except UnicodeDecodeError as exc:
        raise DataError([Problem(name, None, "", f"ist nicht als UTF-8 gespeichert ({exc.reason})")]) from None
    return loads(text, name)


def loads(text: str, name: str) -> Any:
    """Parse ``text`` with :class:`_Loader`'s rules; problems as in :func:`wir2.yamlsource.loads`.

    A broken file is parsed a second time by the shared loader, only so that the
    editor reads the same message (worded by PyYAML, not libyaml) as for every
    other data file; the loaders differ in scalar types, never in syntax.
    """
    try:
        return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - SafeLoader rules
    except (yaml.YAMLError, yamlsource._DuplicateKey):  # noqa: SLF001
        return yamlsource.loads(text, name)


