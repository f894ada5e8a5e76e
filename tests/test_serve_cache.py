"""The build cache behind incremental rebuilds: reuse without ever changing the output."""

from __future__ import annotations

import pickle
from pathlib import Path

from builder.cache import BuildCache
from builder.config import load_config
from builder.pipeline import build
from tests.conftest import copy_site, own_template

REPORT = "content/reports/mass-desertion-attempt-krasnodar.txt"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def fresh_build(root: Path, scratch: Path) -> dict[str, bytes]:
    """The same sources built with an empty cache, in another folder."""
    copy_site(scratch, root)
    build(load_config(scratch), cache=BuildCache())
    return tree(scratch / "public")


def test_no_stage_changes_a_record_it_was_handed(site_dir: Path, tmp_path: Path) -> None:
    """Records are shared between the builds of a session, and the page memo trusts an
    unchanged object to have unchanged content: both rest on this."""
    config = load_config(site_dir)
    cache = BuildCache()
    build(config, cache=cache)
    for n in range(2):
        with (site_dir / REPORT).open("a", encoding="utf-8") as stream:
            stream.write(f"\nEdit {n}: 40 soldiers reportedly deserted, ATESH said.\n")
        build(config, cache=cache)
        assert tree(site_dir / "public") == fresh_build(site_dir, tmp_path / f"fresh-{n}")
    shared = [key for key in cache.used if key in cache.live]
    assert len(shared) >= 3 * len(list((site_dir / "content/reports").glob("*.txt")))
    for key in shared:  # each as it was pickled when it was made
        assert pickle.dumps(cache.live[key], protocol=5) == cache.entries[key]


def test_second_build_reuses_everything_and_rewrites_nothing(site_dir: Path) -> None:
    config = load_config(site_dir)
    cache = BuildCache()
    build(config, cache=cache)
    before = {p: p.stat().st_mtime_ns for p in (site_dir / "public").rglob("*")
              if p.is_file()}
    build(config, cache=cache)
    assert cache.misses == 0 and cache.hits > 0
    assert cache.pages.rendered == 0
    after = {p: p.stat().st_mtime_ns for p in (site_dir / "public").rglob("*") if p.is_file()}
    assert after == before


def test_a_template_change_rerenders_only_the_pages_using_it(site_dir: Path) -> None:
    config = load_config(site_dir)
    cache = BuildCache()
    build(config, cache=cache)
    pages = cache.pages.rendered
    partial = own_template(site_dir, "report.html")
    partial.write_text(partial.read_text(encoding="utf-8").replace(
        "<article", "<article data-edited"), encoding="utf-8")
    build(config, cache=cache)
    reports = len(list((site_dir / "public/reports").iterdir()))
    assert cache.pages.rendered == reports < pages
    assert cache.misses == 0  # no report was read, cleaned or annotated again
    assert b"data-edited" in next((site_dir / "public/reports").glob("*/index.html"))\
        .read_bytes()
    assert b"data-edited" not in (site_dir / "public/index.html").read_bytes()


def test_a_damaged_cache_file_means_a_cold_build(site_dir: Path) -> None:
    config = load_config(site_dir)
    build(config)
    cache_file = next(config.cache_dir.iterdir())
    cache_file.write_bytes(b"not a pickle")
    build(config)
    assert (site_dir / "public/index.html").is_file()
