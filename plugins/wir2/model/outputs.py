"""Every file a build writes and what writes it: one plan for the whole output folder.

Two writers of one file overwrite each other without a word (a page saved as
``404.html`` replaces the error page), and a link is only good if the build
makes its target.  So the build's files are listed once, before anything is
written – Pelican's (the error page, ``robots.txt``, the theme's and the content's
static files), ours (calendars, feeds, the group finder, the fact sheet, the
sitemap, the Land pages) and the pages – and :mod:`wir2.load.outputs` reports a
page that claims a file another writer has.  The renderers take their paths from
here or from the model's records (``Termin.ics_url``, ``Abo.pfad``, ``Seite.save_as``),
so the plan cannot drift from what is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .origin import NOWHERE, Origin

#: The group finder's data (written only when there are groups).
FINDER = "gruppen/gruppen.json"
SITEMAP = "sitemap.xml"
FACTSHEET = "downloads/wir2-faktenblatt.pdf"
#: The parents' flyer of one language (issue 15): ``flyer("uk")`` → ``downloads/wir2-eltern-uk.pdf``.
FLYER = "downloads/wir2-eltern-{code}.pdf"
#: … made from the parents' page of that language: the page with this slug (German and its translations).
FLYER_PAGE = "konzept"


def flyer(code: str) -> str:
    return FLYER.format(code=code)


@dataclass(frozen=True)
class Output:
    """One file of the output folder: its path, what it is (German, accusative, for messages:
    „ist schon vergeben an *die Fehlerseite (theme/templates/404.html)*“) and where it is defined."""

    path: str
    what: str
    origin: Origin = field(default=NOWHERE, compare=False)


def file_of(path: str) -> str:
    """The file a site-relative URL path is served from: ``""`` → ``index.html``, ``konzept/`` →
    ``konzept/index.html``, ``robots.txt`` → itself (nginx: ``index index.html``)."""
    return path + "index.html" if path == "" or path.endswith("/") else path


@dataclass(frozen=True)
class Outputs:
    """The plan: every output file by path, and the sources ``{filename}``/``{static}`` links name.

    ``pages`` and ``static`` map a source path relative to ``content/`` (``pages/konzept.md``,
    ``downloads/plan.pdf``) to the file it becomes, as Pelican resolves intrasite links.
    ``static_folders`` are the folders of ``content/`` whose files are copied as they are
    (``downloads``), for the hint where a picture or document belongs.
    """

    files: Mapping[str, Output] = field(default_factory=dict)
    pages: Mapping[str, str] = field(default_factory=dict)
    static: Mapping[str, str] = field(default_factory=dict)
    static_folders: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("files", "pages", "static"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    def target(self, path: str) -> str | None:
        """The file a visitor gets for the site-relative URL path ``path`` (no leading slash), or ``None``.

        A folder without the trailing slash (``konzept``) counts: the server redirects to ``konzept/``.
        """
        for candidate in (file_of(path), f"{path}/index.html"):
            if candidate in self.files:
                return candidate
        return None
