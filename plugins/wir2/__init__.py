"""Shared building blocks of the wir2 site: data loading, validation, dates, build.

This package is not a Pelican plugin itself; the plugins next to it
(``sitedata``, ``termine``, ``faktenblatt`` …) import it so that every data
file is read, checked and reported the same way.
"""
