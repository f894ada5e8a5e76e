"""The build cache behind incremental rebuilds: reuse without ever changing the output."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from builder import pipeline
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


def test_a_stage_changing_shared_records_in_place_does_not_leak_into_the_next_build(
        site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_link = pipeline.link

    def link_that_edits_its_input(reports: list[Any], *args: Any) -> Any:
        for report in reports:  # a careless later stage: changes records it was given
            report.clean.meta.title = f"{report.clean.meta.title} [seen]"
        return real_link(reports, *args)

    monkeypatch.setattr(pipeline, "link", link_that_edits_its_input)
    config = load_config(site_dir)
    cache = BuildCache()
    build(config, cache=cache)
    for n in range(2):
        with (site_dir / REPORT).open("a", encoding="utf-8") as stream:
            stream.write(f"\nEdit {n}.\n")
        build(config, cache=cache)
        served = tree(site_dir / "public")
        assert served == fresh_build(site_dir, tmp_path / f"fresh-{n}")
        assert b"[seen] [seen]" not in served["index.html"]


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


def test_spliced_annotations_file_equals_encoding_it_whole(site_dir: Path) -> None:
    from builder.annotations_json import annotations_json
    from builder.pipeline import build_site
    from builder.render import dump_json
    from builder.webannotation import annotation_collection

    site = build_site(load_config(site_dir)).site
    assert sum(len(r.claims) for r in site.reports) > 10
    base, label = "https://example.org/repo/", "Claims of a test site"
    chunks: dict[tuple[str, str], bytes] = {}
    whole = dump_json(annotation_collection(site, base, label))
    assert annotations_json(site, base, label, chunks, lambda r: r.slug) == whole
    assert len(chunks) == sum(1 for r in site.reports if r.claims)
    # reused parts give the same bytes; a dropped report drops its part
    assert annotations_json(site, base, label, chunks, lambda r: r.slug) == whole
    fewer = type(site)(reports=site.reports[1:], sources=site.sources)
    assert annotations_json(fewer, base, label, chunks, lambda r: r.slug) == dump_json(
        annotation_collection(fewer, base, label))
