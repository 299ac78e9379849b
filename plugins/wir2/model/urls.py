"""Addresses: the one rule for absolute URLs, ``tel:`` and ``mailto:`` links, query strings.

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


def tel_uri(number: str, country: str = "49") -> str:
    """``05241 17949-14`` → ``tel:+49524117949-14``-style URI with digits only (RFC 3966)."""
    digits = re.sub(r"[^0-9+]", "", number)
    if digits.startswith("+"):
        return "tel:" + digits
    if digits.startswith("0") and len(digits) > 6:
        return f"tel:+{country}{digits[1:]}"
    return "tel:" + digits
