"""Pelican settings for local work (``invoke build`` / ``invoke serve``).

``publishconf.py`` imports these and changes what differs for the live site.
"""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

SITENAME = "wir2 – Bindungstraining für Alleinerziehende"
SITE_SHORTNAME = "wir2"
SITEURL = ""
WIR2_PUBLIC_URL = "https://www.wir2-bindungstraining.de"  # live address: publishconf SITEURL, fact sheet
DEFAULT_LANG = "de"
TIMEZONE = "Europe/Berlin"

# "Upcoming" is relative to the build date: WIR2_BUILD_DATE=YYYY-MM-DD, default today in Berlin
# (read once, by the plugin; a BUILD_DATE setting overrides it, e.g. in tests).

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
# Translations of a page (content/pages/<lang>/<slug>.md with "lang: uk"; linked to the German page by
# the slug, Pelican's PAGE_TRANSLATION_ID): /uk/konzept/.
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
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
# The theme's Jinja options (autoescape, undefined names are errors) come from the plugin
# (wir2.render.jinja.options), so pages, theme and fact sheet are rendered alike.
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
# One plugin: plugins/wir2 (data → Site → renderers → Pelican); it also writes sitemap.xml.
PLUGINS = ["wir2"]
# The fact sheet PDF is rendered only when its inputs change; the last one is kept here.
WIR2_CACHE_PATH = os.environ.get("WIR2_CACHE_PATH") or str(HERE / ".cache")

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

# A data file or page whose last review (its last commit, or "geprueft_am:" in it, whichever is later)
# lies further back than this gets an editorial warning (wir2.load.editorial); 0 turns that off.
WIR2_PRUEFEN_NACH_MONATEN = 12
# Missing operator details (data/betreiber.yml) are a warning here, an error in publishconf.
WIR2_REQUIRE_OPERATOR = False
# The browser editor at /admin/ (plugins/wir2/render/admin.py): only when asked for – ./dev.sh edit sets
# WIR2_ADMIN=1 for the local preview; for the live site see deploy/LIESMICH-veroeffentlichen.md.
WIR2_ADMIN = os.environ.get("WIR2_ADMIN") == "1"
WIR2_CMS_LOCAL_URL = os.environ.get("WIR2_CMS_LOCAL_URL", "http://127.0.0.1:8081/api/v1")
WIR2_CMS_REPO = os.environ.get("WIR2_CMS_REPO", "")  # GitLab project, e.g. "gruppe/projekt"
WIR2_CMS_APP_ID = os.environ.get("WIR2_CMS_APP_ID", "")  # its OAuth application (PKCE)
WIR2_CMS_GITLAB_URL = os.environ.get("WIR2_CMS_GITLAB_URL", "https://gitlab.com")
