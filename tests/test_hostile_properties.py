"""Arbitrary bytes into every reader, the YAML and TOML loaders, ingest and the cleaner:
the only exception that may come out is the project's own BuilderError."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.clean import clean_all
from builder.config import CleanConfig, load_config
from builder.data import parse_yaml
from builder.errors import BuilderError
from builder.ingest import ingest
from builder.readers import READERS
from builder.records import Line, Meta, RawReport

NAUGHTY = [b"\xef\xbb\xbf", b"\x00", b"\xff\xfe", b"---\n", b"\n---\n", b"<script>", b"]]>",
           b"\r", "\u2028".encode(), b"&#0;", b"{{", b"[" * 50,
           b"\xe2\x80\xae", b"\xed\xa0\x80", b"title: x\n", b"- a\n", b"!!python/object:x"]
raw_bytes = st.one_of(
    st.binary(max_size=2000),
    st.lists(st.sampled_from(NAUGHTY) | st.binary(max_size=20), max_size=30).map(b"".join),
    st.text(max_size=1000).map(lambda t: t.encode("utf-8", "surrogatepass")),
)
FAST = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def only_builder_errors(call: Callable[..., object], *args: object) -> None:
    """Run ``call``; a BuilderError is a fine answer, any other exception fails the test."""
    with contextlib.suppress(BuilderError):
        call(*args)


@given(raw_bytes)
@FAST
def test_txt_reader(raw: bytes) -> None:
    only_builder_errors(READERS[".txt"], raw, "x.txt")


@given(raw_bytes)
@FAST
def test_markdown_reader(raw: bytes) -> None:
    only_builder_errors(READERS[".md"], raw, "x.md")


@given(raw_bytes | st.text(max_size=500).map(lambda t: f"<html><body><p>{t}</p>".encode()))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_html_reader(raw: bytes) -> None:
    only_builder_errors(READERS[".html"], raw, "x.html")


@given(st.text(max_size=500) | st.sampled_from(["[" * 5000, "a: 2020-13-45",
                                                "a: !!timestamp 99999-01-01", "a: &x [*x]"]))
@FAST
def test_yaml_loader(text: str) -> None:
    only_builder_errors(parse_yaml, text, "x.yaml")


@given(raw_bytes)
@FAST
def test_site_toml(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "site.toml").write_bytes(raw)
        only_builder_errors(load_config, Path(tmp))


@given(raw_bytes, raw_bytes, st.sampled_from([".txt", ".md", ".html"]))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_ingest_report_and_sidecar(report: bytes, sidecar: bytes, suffix: str) -> None:
    """Ingest collects problems as diagnostics; it never raises at all."""
    with tempfile.TemporaryDirectory() as tmp:
        reports = Path(tmp) / "content"
        reports.mkdir()
        (reports / f"r{suffix}").write_bytes(report)
        (reports / "r.meta.yaml").write_bytes(sidecar)
        result = ingest(reports, Path(tmp))
        assert len(result.reports) + len(result.errors) >= 1


lines = st.lists(st.builds(Line, number=st.integers(1, 10_000),
                           text=st.text(min_size=1, max_size=200),
                           kind=st.sampled_from(["p", "h", "li", "quote"])), max_size=40)
metas = st.builds(Meta, title=st.none() | st.text(max_size=50),
                  publisher=st.none() | st.text(max_size=30),
                  url=st.none() | st.text(max_size=30))


@given(st.lists(st.tuples(lines, metas, metas), min_size=1, max_size=4))
@FAST
def test_cleaner(reports: list[tuple[list[Line], Meta, Meta]]) -> None:
    raws = [RawReport(source_file=f"r{i}.txt", kind="txt", lines=ls, editor_meta=editor,
                      extracted_meta=extracted, slug=f"r{i}")
            for i, (ls, editor, extracted) in enumerate(reports)]
    only_builder_errors(clean_all, raws, CleanConfig())
