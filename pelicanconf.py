"""Pelican settings for local work (``invoke build`` / ``invoke serve``).

``publishconf.py`` imports these and changes what differs for the live site.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE / "plugins") not in sys.path:
    sys.path.insert(0, str(HERE / "plugins"))

from wir2 import dates  # noqa: E402

SITENAME = "wir2 – Bindungstraining für Alleinerziehende"
SITE_SHORTNAME = "wir2"
SITEURL = ""
WIR2_PUBLIC_URL = "https://www.wir2-bindungstraining.de"  # live address: publishconf SITEURL, fact sheet
DEFAULT_LANG = "de"
TIMEZONE = "Europe/Berlin"

# "Upcoming" is relative to this day: WIR2_BUILD_DATE=YYYY-MM-DD, default today in Berlin.
BUILD_DATE = dates.build_date()
DEFAULT_DATE = (BUILD_DATE.year, BUILD_DATE.month, BUILD_DATE.day)

PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = []
STATIC_PATHS = ["downloads"]
OUTPUT_PATH = "output"
THEME = "theme"
THEME_STATIC_DIR = "theme"

# Clean URLs: /konzept/ is written as konzept/index.html.
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
SLUGIFY_SOURCE = "basename"

# Only pages: no blog, tags, categories, authors, archives or feeds.
DIRECT_TEMPLATES = ["404"]
TEMPLATE_PAGES = {"robots.txt": "robots.txt"}
ARTICLE_SAVE_AS = ""
ARTICLE_URL = ""
ARTICLE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
PAGE_LANG_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
TYPOGRIFY = False
# Escape every value in the theme's templates; HTML that Pelican made from Markdown is marked |safe.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True, "extensions": []}
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

MARKDOWN = {
    "extensions": [
        "markdown.extensions.extra",
        "markdown.extensions.toc",
        "markdown.extensions.smarty",
    ],
    "extension_configs": {
        "markdown.extensions.smarty": {
            "substitutions": {
                "left-double-quote": "&bdquo;",
                "right-double-quote": "&ldquo;",
                "left-single-quote": "&sbquo;",
                "right-single-quote": "&lsquo;",
            }
        },
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["sitedata", "termine", "gruppen", "faktenblatt", "markdown_pages", "pelican.plugins.sitemap"]

SITEMAP = {
    "format": "xml",
    "priorities": {"articles": 0.5, "indexes": 0.5, "pages": 0.5},
    "changefreqs": {"articles": "monthly", "indexes": "daily", "pages": "monthly"},
    # Only pages (clean URLs ending in "/"), not 404.html, robots.txt or calendar files.
    "exclude": [r"[^/]$"],
}

# Navigation by audience. Each page names its section in its metadata (Section: …).
NAVIGATION = [
    ("alleinerziehende", "Für Alleinerziehende", "konzept/"),
    ("partner", "Für Kooperationspartner", "kooperation/"),
    ("gruppenleitung", "Gruppenleitung", "gruppenleitung/"),
    ("termine", "Termine", "termine/"),
    ("kontakt", "Kontakt", "kontakt/"),
]
FOOTER_LINKS = [
    ("Impressum", "impressum/"),
    ("Datenschutz", "datenschutz/"),
    ("Barrierefreiheit", "barrierefreiheit/"),
    ("Leichte Sprache", "leichte-sprache/"),
]

# Missing operator details (data/betreiber.yml) are a warning here, an error in publishconf.
WIR2_REQUIRE_OPERATOR = False
