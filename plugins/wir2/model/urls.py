"""Addresses: the one rule for absolute URLs, phone numbers and their ``tel:`` links, ``mailto:``, query strings.

Local builds have no site address (``SITEURL`` is empty), so everything that
must be absolute – calendar ``URL``/``SOURCE``, subscribe links, schema.org ids –
asks :func:`absolute` and leaves the value out when it answers ``None``.

Web and e-mail addresses from the data are used as written, an internationalised
domain (``bürgerbüro.de``) included: in the text and in ``href``/``mailto:``.
Browsers convert such a host themselves (UTS #46, as registries do) and hand a
``mailto:`` address to the mail program, which converts the domain when it sends;
converting here with Python's ``idna`` codec (IDNA 2003) would send ``straße.de``
to ``strasse.de``.  (The trade-off: a very old mail program that cannot convert a
domain gets the Unicode form – the address is on the page to copy.)  See
:func:`wir2.load.schema.domain`.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode


def is_absolute(url: str | None) -> bool:
    return bool(url) and str(url).startswith(("https://", "http://"))


def absolute(siteurl: str, path: str) -> str | None:
    """``{siteurl}/{path}`` when the site has an absolute address, else ``None``."""
    return f"{siteurl}/{path}" if is_absolute(siteurl) else None


def query(params: dict[str, str], safe: str = "") -> str:
    """``a=1&b=x%20y``: RFC 3986 percent-encoding (``%20``, never ``+``: mail clients show a + as is)."""
    return urlencode(params, safe=safe, quote_via=quote)


def mailto(address: str, subject: str) -> str:
    return f"mailto:{address}?" + query({"subject": subject})


class PhoneError(ValueError):
    """A written phone number that cannot be dialled; ``expected`` completes „erwartet: …“."""

    def __init__(self, expected: str):
        super().__init__(expected)
        self.expected = expected


PHONE_EXAMPLE = "05241 17949-14"
_EXPECTED = f"eine Telefonnummer wie {PHONE_EXAMPLE}"
#: Separators as typed or pasted: blanks (also no-break spaces), hyphens and dashes, slash, parentheses.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2013/()]")
_EXTENSION = re.compile(r"(?i)durchwahl|\bdw\b|\bapp\b|apparat|\bext\b|\bx\s*\d")
#: German numbers without an area code that are dialled as they are: 110, 112, 115, 116 xxx, 118 xx(x).
_SHORT = re.compile(r"^(?:11[025]|116\d{3}|118\d{2,3})$")
#: E.164: at most 15 digits with the country code; fewer than 8 is no complete number (a German one
#: has at least 6 digits after the 0: area code and subscriber number).
E164_DIGITS = (8, 15)


def dialled(number: str) -> str:
    """What ``number`` dials: ``+4952411794914`` (E.164), or a German short number such as ``116016``.

    Accepted: national numbers (``05241 17949-14``, ``(05241) 1794914``, ``05241/17949-14``;
    the 0 is Germany's trunk prefix), international ones (``+49 5241 17949-14``, ``0049 …``,
    and ``+49 (0) 5241 …`` or ``0049 (0) 5241 …``, whose 0 in parentheses is not dialled from abroad), mobile numbers
    alike.  The hyphen before a direct-dial extension is a separator like a blank.  Anything
    else raises :class:`PhoneError` with an example: letters or other characters, an extension
    written as a word, ``+`` not at the start, unpaired parentheses, no area code, ``+49 0…``,
    too few or too many digits.
    """
    text = number.strip()
    other = re.sub(r"[0-9+]", "", _SEPARATORS.sub("", text))
    if _EXTENSION.search(text):
        raise PhoneError(f"{_EXPECTED}: die Durchwahl mit Bindestrich angehängt, ohne „Durchwahl“, „App.“ oder „x“")
    if any(c.isalpha() for c in other) or not re.search(r"[0-9]", text):
        raise PhoneError(_EXPECTED)
    if other:
        raise PhoneError(f"{_EXPECTED} aus Ziffern, gegliedert nur mit Leerzeichen, Bindestrich, Schrägstrich "
                         "oder Klammern")
    if "+" in text[1:]:
        raise PhoneError("ein „+“ nur ganz am Anfang, vor der Ländervorwahl, z. B. +49 5241 17949-14")
    groups = re.findall(r"\(([^()]*)\)", text)
    if (text.count("(") != len(groups) or text.count(")") != len(groups)
            or not all(re.fullmatch(r"\s*[0-9]+\s*", g) for g in groups)):
        raise PhoneError("Klammern paarweise und nur um Ziffern, z. B. (05241) 17949-14 oder +49 (0) 5241 17949-14")
    if not (text[-1].isdigit() or text[-1] == ")"):
        raise PhoneError(f"eine Telefonnummer, die mit einer Ziffer endet, z. B. {PHONE_EXAMPLE} "
                         "(fehlt die Durchwahl?)")
    if text.startswith("+"):
        # ``+49 (0) 5241``: the 0 in parentheses right after the country code is not dialled.
        digits = re.sub(r"[^0-9]", "", re.sub(r"^\+\s*([0-9]+)\s*\(\s*0\s*\)", r"\1", text))
    else:
        # ``0049 (0) 5241`` as ``+49 (0) 5241``: the 0 in parentheses after the country code is not dialled.
        digits = re.sub(r"[^0-9]", "", re.sub(r"^00\s*([1-9][0-9]*)\s*\(\s*0\s*\)", r"00\1", text))
        if digits.startswith("00"):
            digits = digits[2:]
        elif digits.startswith("0"):
            digits = "49" + digits[1:]
        elif _SHORT.match(digits):
            return digits
        else:
            raise PhoneError(f"eine Telefonnummer mit Vorwahl, z. B. {PHONE_EXAMPLE} oder +49 5241 17949-14")
    if not digits or digits.startswith("0"):
        raise PhoneError("nach „+“ oder „00“ eine Ländervorwahl, die nicht mit 0 beginnt, z. B. +49 5241 17949-14")
    if digits.startswith("490"):
        raise PhoneError("nach +49 die Vorwahl ohne ihre 0, z. B. +49 5241 17949-14 oder +49 (0) 5241 17949-14")
    if len(digits) > E164_DIGITS[1]:
        raise PhoneError(f"höchstens {E164_DIGITS[1]} Ziffern samt Ländervorwahl (E.164), hier sind es "
                         f"{len(digits)}; nur eine Nummer je Feld, z. B. {PHONE_EXAMPLE}")
    if len(digits) < E164_DIGITS[0]:
        raise PhoneError(f"eine vollständige Telefonnummer aus Vorwahl und Rufnummer, z. B. {PHONE_EXAMPLE}")
    return "+" + digits


def is_short_number(digits: str) -> bool:
    return bool(_SHORT.match(digits))


def tel_uri(number: str) -> str:
    """``05241 17949-14`` → ``tel:+4952411794914`` (RFC 3966: the global number, digits only).

    A short number (``116 016``) has no global form; its link is the number as it is
    dialled in Germany, ``tel:116016``.  RFC 3966 would add ``;phone-context=+49`` to such
    a local number; the site keeps the plain form it has always used.  Raises
    :class:`PhoneError` for a number that :func:`dialled` rejects.
    """
    return "tel:" + dialled(number)
