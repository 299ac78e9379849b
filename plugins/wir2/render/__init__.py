"""Step 3 of the build: renderers, each a function of the :class:`~wir2.model.Site`.

- :mod:`.jinja` – the one Jinja environment (pages, theme and fact sheet alike);
- :mod:`.pages` – a page's body: placeholders, then Markdown;
- :mod:`.listings` – the date listings, each event's HTML made once per build;
- :mod:`.calendar` – every ``.ics`` file, through icalendar's public API;
- :mod:`.jsonld` – schema.org ``Event`` data;
- :mod:`.finder` – the group finder's JSON;
- :mod:`.factsheet` – the PDF fact sheet (WeasyPrint), cached outside ``output/``;
- :mod:`.sitemap` – ``sitemap.xml``.

None of them imports Pelican; :mod:`wir2.pelican_plugin` wires them in.
"""
