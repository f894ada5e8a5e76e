"""The five seed reports, read and cleaned as a build does: every chrome line is gone, every
body line is kept (seed 002's short sub-headings as headings), title/date/publisher right."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from builder.clean import clean_all
from builder.config import CleanConfig
from builder.ingest import ingest
from builder.records import CleanReport
from tests.conftest import REPO

LABELS: dict[str, dict[str, Any]] = yaml.safe_load(
    (REPO / "tests/fixtures/clean/seed_labels.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cleaned() -> dict[str, CleanReport]:
    result = ingest(REPO / "content", REPO)
    assert not result.errors
    reports = clean_all(result.reports, CleanConfig())
    return {Path(r.raw.source_file).name: r for r in reports}


def test_every_seed_is_labelled(cleaned: dict[str, CleanReport]) -> None:
    assert set(LABELS) == {name for name in cleaned if name.endswith(".txt")}


@pytest.mark.parametrize("name", sorted(LABELS))
def test_chrome_lines_are_removed_and_recorded(cleaned: dict[str, CleanReport], name: str) -> None:
    report, labels = cleaned[name], LABELS[name]
    removed = {r.line: r for r in report.removed}
    kept = {p.line for p in report.paragraphs}
    for line in labels["chrome"]:
        assert line in removed, f"{name}:{line} chrome line not removed"
        assert line not in kept
        assert removed[line].rule and removed[line].reason
        assert not removed[line].rule.startswith("meta:"), f"{name}:{line} taken as metadata"
    raw_lines = {line.number: line.text for line in report.raw.lines}
    for r in report.removed:
        assert r.text == raw_lines[r.line], "the audit shows the raw line as it was"
    body_text = report.body
    for line in labels["chrome"]:
        assert raw_lines[line] not in body_text.split("\n\n")


@pytest.mark.parametrize("name", sorted(LABELS))
def test_every_body_line_is_kept_verbatim(cleaned: dict[str, CleanReport], name: str) -> None:
    report, labels = cleaned[name], LABELS[name]
    kept = {p.line: p for p in report.paragraphs}
    raw_lines = {line.number: line.text for line in report.raw.lines}
    for line in labels["body"] + labels.get("headings", []):
        assert line in kept, f"{name}:{line} body line dropped: {raw_lines[line]!r}"
        assert kept[line].text == raw_lines[line]
    for line in labels.get("headings", []):
        assert kept[line].kind == "h", f"{name}:{line} should be a sub-heading"
    for line in labels.get("meta", []):
        assert line not in kept, f"{name}:{line} metadata line left in the body"


@pytest.mark.parametrize("name", sorted(LABELS))
def test_title_date_publisher(cleaned: dict[str, CleanReport], name: str) -> None:
    meta, labels = cleaned[name].meta, LABELS[name]
    assert meta.title == labels["title"]
    assert meta.date == labels["date"]
    assert meta.publisher == labels["publisher"]
    if "byline" in labels:
        assert meta.byline == labels["byline"]


def test_title_line_is_not_in_the_body(cleaned: dict[str, CleanReport]) -> None:
    for name, report in cleaned.items():
        assert report.title_line is not None, name
        assert report.title_line not in {p.line for p in report.paragraphs}
