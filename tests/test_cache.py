"""The build's cache (WIR2_CACHE_PATH): what comes from it is exactly what would have been made anew.

Parsed data files, serialised calendar events and the fact sheet are kept under
a hash of everything they are made of.  A build with a warm cache must give the
same bytes as one with an empty cache – before and after the sources change –
and a damaged cache must only cost time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import ROOT, build_project, snapshot
from wir2.cache import Store
from wir2.load import yamlsource
from wir2.problems import DataError


def test_a_parsed_file_comes_back_with_the_same_values_and_lines():
    for path in sorted((ROOT / "data").glob("*.yml")):
        tree = yamlsource.loads(path.read_text(encoding="utf-8"), path.name, fast=True)
        back = yamlsource.decode(yamlsource.encode(tree))
        assert back == tree, path.name
        assert yamlsource.encode(back) == yamlsource.encode(tree), path.name  # lines of every key and item


def test_the_store_keeps_bytes_exactly_and_only_what_the_last_build_used(tmp_path):
    data = bytes(range(256)) * 3 + "Straße „Süd“\r\n".encode()
    store = Store(tmp_path, "probe")
    store.put("a", data)
    store.put("b", b"x")
    store.save()
    again = Store(tmp_path, "probe")
    assert again.get("a") == data
    again.save()
    assert Store(tmp_path, "probe").get("b") is None and Store(tmp_path, "probe").get("a") == data


def test_a_damaged_store_is_empty(tmp_path):
    (tmp_path / "probe.json").write_text("{nicht json", encoding="utf-8")
    assert Store(tmp_path, "probe").get("a") is None
    assert Store(None, "probe").get("a") is None


def _change_an_event_and_a_page(project: Path) -> None:
    termine = project / "data" / "termine.yml"
    text = termine.read_text(encoding="utf-8")
    assert "    von: 9:00\n" in text
    termine.write_text(text.replace("    von: 9:00\n", "    von: 8:45\n", 1), encoding="utf-8")
    page = project / "content" / "pages" / "konzept.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nNoch ein Satz.\n", encoding="utf-8")


def test_a_warm_cache_gives_the_bytes_of_an_empty_one_before_and_after_a_change(project_copy, tmp_path):
    cache = tmp_path / "cache"
    warm, cold = tmp_path / "warm", tmp_path / "cold"
    assert build_project(project_copy, warm, WIR2_CACHE_PATH=str(cache)).ok
    stored = {"daten.json", "kalender.json", "faktenblatt.json", "jinja-theme", "jinja-pages-sandbox-binops"}
    assert {p.name for p in cache.iterdir()} >= stored
    assert build_project(project_copy, warm, WIR2_CACHE_PATH=str(cache)).ok
    assert build_project(project_copy, cold, WIR2_CACHE_PATH=str(tmp_path / "empty-1")).ok
    assert snapshot(warm) == snapshot(cold)
    _change_an_event_and_a_page(project_copy)
    assert build_project(project_copy, warm, WIR2_CACHE_PATH=str(cache)).ok
    assert build_project(project_copy, cold, WIR2_CACHE_PATH=str(tmp_path / "empty-2")).ok
    after = snapshot(warm)
    assert after == snapshot(cold)
    assert b"T084500" in after["termine/abo/alle.ics"]  # the change reached the calendar, not the cached old time


def test_a_damaged_cache_only_costs_time(project_copy, tmp_path):
    cache = tmp_path / "cache"
    assert build_project(project_copy, tmp_path / "first", WIR2_CACHE_PATH=str(cache)).ok
    damaged = [file for file in cache.rglob("*") if file.is_file()]
    assert len(damaged) >= 4  # the stores and Jinja's compiled templates
    for file in damaged:
        file.write_bytes(b"\x00kaputt")
    assert build_project(project_copy, tmp_path / "second", WIR2_CACHE_PATH=str(cache)).ok
    assert snapshot(tmp_path / "second") == snapshot(tmp_path / "first")


def test_a_refused_tree_is_not_kept_and_a_wrong_entry_is_a_miss(tmp_path):
    odd = tmp_path / "odd.yml"
    odd.write_text("paare: !!omap [{a: 1}, {b: 2}]\n", encoding="utf-8")
    store = Store(tmp_path, "probe")
    for _ in range(2):  # refused, and still refused: nothing was kept for it
        with pytest.raises(DataError):
            yamlsource.load(odd, "odd.yml", fast=True, store=store)
        assert store.names() == []
    good = tmp_path / "good.yml"
    good.write_text("a: [1, 2]\n", encoding="utf-8")
    yamlsource.load(good, "good.yml", fast=True, store=store)
    [name] = store.names()
    store.put(name, b'["x", 1, []]')  # valid JSON, but not an encoded tree
    assert yamlsource.load(good, "good.yml", fast=True, store=store) == {"a": [1, 2]}


def test_a_cache_that_cannot_be_written_only_costs_time(project_copy, tmp_path):
    """WIR2_CACHE_PATH where no folder can be made (a file is in the way – honest for root, who ignores
    permissions): the build works and gives the bytes of a build with a cache."""
    blocked = tmp_path / "blocked"
    blocked.write_text("not a folder", encoding="utf-8")
    with_cache, without = tmp_path / "with", tmp_path / "without"
    assert build_project(project_copy, with_cache, WIR2_CACHE_PATH=str(tmp_path / "cache")).ok
    result = build_project(project_copy, without, WIR2_CACHE_PATH=str(blocked / "cache"))
    assert result.ok, result.messages
    assert snapshot(without) == snapshot(with_cache)
