"""What counts as a problem in a :class:`~browser.audit.Visit`: one function per rule.

Each function returns a list of human-readable problems (empty = fine).  The site's
pages must give none (test_pages.py); the deliberately broken canary page must give
at least one for every rule (test_canary.py), which proves each rule can fail.
"""

from __future__ import annotations

from browser.audit import Visit
from browser.nginx import security_headers as configured_security_headers


def axe(v: Visit) -> list[str]:
    return [f"[{x['id']}, {x['impact']}] {x['help']}: {n['target']} {n['html']}"
            for x in v.axe_violations for n in x["nodes"]]


def foreign_requests(v: Visit) -> list[str]:
    return [f"request to another host: {url}" for url in v.foreign]


def failed_requests(v: Visit) -> list[str]:
    return list(v.failed)


def console_errors(v: Visit) -> list[str]:
    return list(v.console_errors)


def csp_violations(v: Visit) -> list[str]:
    return list(v.csp_violations)


def horizontal_scrolling(v: Visit) -> list[str]:
    return [f"page is {v.scroll_width}px wide in a {v.width}px window"] if v.scroll_width > v.width else []


def storage(v: Visit) -> list[str]:
    problems = [f"storage used: {v.storage}"] if v.storage != {"cookie": "", "local": 0, "session": 0} else []
    return problems + (["response sets a cookie"] if "set-cookie" in v.headers else [])


def skip_link(v: Visit) -> list[str]:
    first = v.first_tab
    if not first or first["tag"] != "a" or not (first.get("href") or "").startswith("#"):
        return [f"first Tab stop is not a skip link but {first}"]
    problems = []
    if not first["visible"]:
        problems.append(f"skip link is not visible when focused: {first}")
    if not v.skip_target or v.skip_target["tag"] != "main":
        problems.append(f"skip link points to {first['href']}, which is {v.skip_target}, not <main>")
    if not v.after_skip or v.after_skip["id"] != first["href"][1:]:
        problems.append(f"after activating the skip link focus is on {v.after_skip}, not {first['href']}")
    return problems


def security_headers(v: Visit) -> list[str]:
    """The response carried the security headers of deploy/nginx/snippets/wir2-headers.conf, as written there."""
    return [f"{name}: {v.headers.get(name.lower())!r} instead of {value!r}"
            for name, value in configured_security_headers().items() if v.headers.get(name.lower()) != value]


#: What every page with a form of its own (finder, subscriptions) must pass as it loads.
LAYERS = (axe, foreign_requests, failed_requests, console_errors, csp_violations, horizontal_scrolling, storage)
ALL = [*LAYERS, skip_link, security_headers]
