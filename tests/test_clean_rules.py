"""The cleaner's rules one by one: metadata forms, site patterns, sidecar precedence, outlet
templates, blocks, mojibake repair and the HTML residue pass — through the public API and the
real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builder.clean import clean, clean_all
from builder.clean.metadata import date_line, glued_title
from builder.config import CleanConfig
from builder.readers.common import text_lines
from builder.readers.html import read_html
from builder.records import Meta, RawReport
from tests.conftest import run_cli

ARTICLE = [
    "Troops abandon positions near Tokmak, partisans say",
    "Published August 2, 2025",
    "Partisans said on Friday that about thirty soldiers had left their positions overnight.",
    "The claim could not be independently verified by this outlet.",
    "Local residents said military police were searching houses in the town.",
]


def raw(lines: list[str], *, name: str = "r.txt", editor: Meta | None = None,
        kind: str = "txt") -> RawReport:
    return RawReport(source_file=name, kind=kind, lines=text_lines("\n\n".join(lines)),  # type: ignore[arg-type]
                     editor_meta=editor or Meta())


@pytest.mark.parametrize(("line", "iso"), [
    ("date 2025-08-02", "2025-08-02"),
    ("23rd Mar 22 11:42 am", "2022-03-23"),
    ("10.04.2023", "2023-04-10"),
    ("August 2, 2025", "2025-08-02"),
    ("Published August 2, 2025", "2025-08-02"),
    ("Published: 14:52, 3 Nov 2024", "2024-11-03"),
    ("Tue 20 Aug 2024 10.45 BST", "2024-08-20"),
    ("June 14, 2025 6:12 AM GMT+3", "2025-06-14"),
    ("2 октября 2024, 12:15", "2024-10-02"),
    ("Updated: 2 серпня 2025", "2025-08-02"),
    ("2025-08-02T10:15:00+03:00", "2025-08-02"),
])
def test_date_lines_become_iso(line: str, iso: str) -> None:
    assert date_line(line) == iso


@pytest.mark.parametrize("line", [
    "The war began on 24 February 2022 and has not ended.",
    "2 hours ago",
    "31.02.2024",
    "Around 500 soldiers fled",
])
def test_lines_that_are_not_date_lines(line: str) -> None:
    assert date_line(line) is None


def test_title_glued_to_its_date() -> None:
    assert glued_title("date 2025-08-02 Russian paratroopers fled en masse") == (
        "2025-08-02", "Russian paratroopers fled en masse")
    assert glued_title("Russian Offensive Campaign Assessment, January 9, 2024") is None


def test_header_gives_title_date_and_keeps_the_article() -> None:
    report = clean(raw(["Home", "News", *ARTICLE, "Share this article", "Tags: war, Tokmak"]))
    assert report.meta.title == ARTICLE[0]
    assert report.meta.date == "2025-08-02"
    assert [p.text for p in report.paragraphs] == ARTICLE[2:]
    rules = {r.text: r.rule for r in report.removed}
    assert rules["Share this article"] == "pattern:share"
    assert rules["Tags: war, Tokmak"] == "pattern:tags"
    assert rules["Published August 2, 2025"] == "meta:date"


def test_the_editors_sidecar_wins_over_the_text() -> None:
    editor = Meta(title="Editor's title", date="2025-08-03", publisher="Front Dispatch")
    report = clean(raw(ARTICLE, editor=editor))
    assert (report.meta.title, report.meta.date, report.meta.publisher) == (
        "Editor's title", "2025-08-03", "Front Dispatch")
    assert [p.text for p in report.paragraphs] == ARTICLE[2:]


def test_read_more_block_drops_teasers_until_prose_resumes() -> None:
    lines = [*ARTICLE[:3], "Read more:", "Kherson: soldiers refuse orders again",
             "Belgorod shelled overnight, governor says", *ARTICLE[3:]]
    report = clean(raw(lines))
    removed = {r.text: r.rule for r in report.removed}
    assert removed["Read more:"] == removed["Kherson: soldiers refuse orders again"] == \
        "block:read-more"
    assert [p.text for p in report.paragraphs] == ARTICLE[2:]


def test_site_patterns_from_config_drop_lines() -> None:
    house = "Front Dispatch reporters work in twelve countries across the region."
    lines = [*ARTICLE[:3], house, *ARTICLE[3:]]
    assert house in clean(raw(lines)).body
    report = clean(raw(lines), CleanConfig(patterns=[r"front dispatch reporters .*"]))
    assert house not in report.body
    assert {r.text: r.rule for r in report.removed}[house] == "pattern:site-1"


def test_lines_an_outlet_prints_on_many_reports_are_template_chrome() -> None:
    banner = "Exclusive stories every morning"
    reports = [raw([f"Story {i}: soldiers flee base in region {i}", "Published August 2, 2025",
                    banner, *ARTICLE[2:]], name=f"{i}.txt",
                   editor=Meta(publisher="Front Dispatch")) for i in range(3)]
    cleaned = clean_all(reports, CleanConfig(template_min_reports=3))
    for report in cleaned:
        assert {r.text: r.rule for r in report.removed}[banner] == "template:outlet"
    single = clean_all(reports[:2], CleanConfig(template_min_reports=3))
    assert all(banner not in {r.text for r in report.removed} or
               {r.text: r.rule for r in report.removed}[banner] != "template:outlet"
               for report in single)


def test_mojibake_is_repaired_and_nothing_else_is_rewritten() -> None:
    broken = "The governorâ€™s office said “500 soldiers” had fled."
    report = clean(raw([*ARTICLE[:3], broken]))
    assert report.paragraphs[-1].text == "The governor’s office said “500 soldiers” had fled."


def test_short_sub_headings_stay_and_menus_go() -> None:
    menu = ["World", "Politics", "Sport", "Culture", "Weather", "Video"]
    lines = [*menu, ARTICLE[0], ARTICLE[1], ARTICLE[2], "Some Escaped — Others Caught",
             ARTICLE[3], ARTICLE[4], *menu]
    report = clean(raw(lines))
    assert [(p.text, p.kind) for p in report.paragraphs] == [
        (ARTICLE[2], "p"), ("Some Escaped — Others Caught", "h"), (ARTICLE[3], "p"),
        (ARTICLE[4], "p")]
    assert len(report.removed) == 2 * len(menu) + 1


def test_html_residue_is_removed_after_trafilatura() -> None:
    paragraphs = "".join(f"<p>{t}</p>" for t in ARTICLE[2:] * 3)
    html = (f"<html><head><title>{ARTICLE[0]}</title></head><body><article>"
            f"<h1>{ARTICLE[0]}</h1>{paragraphs}<p>Subscribe to our newsletter</p>"
            f"<p>{ARTICLE[3]}</p></article></body></html>")
    result = read_html(html.encode(), "page.html")
    report = clean(RawReport(source_file="page.html", kind="html", lines=result.lines,
                             extracted_meta=result.extracted_meta))
    assert "Subscribe to our newsletter" not in report.body
    assert {r.rule for r in report.removed} >= {"pattern:subscribe"}
    assert ARTICLE[2] in report.body


def test_site_toml_patterns_reach_the_built_records(site_dir: Path) -> None:
    toml = site_dir / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        "patterns = []", 'patterns = ["He said: .*"]'), encoding="utf-8")
    result = run_cli("--root", site_dir, "build")
    assert result.returncode == 0, result.stderr
    record = json.loads(next((site_dir / "public/data/reports").glob("*llb*.json"))
                        .read_text(encoding="utf-8"))
    removed = {r["text"]: r for r in record["removed"]}
    assert removed["He said: “The third big thing is mass desertions."]["rule"] == \
        "pattern:site-1"
    assert removed["[ms-form id=1]"]["line"] == 49
    assert "He said:" not in record["body"]


def test_lines_broken_mid_sentence_stay_as_text() -> None:
    lines = [*ARTICLE[:2], "Partisans said on Friday that about thirty soldiers",
             "had left their positions overnight.", "It failed.", ARTICLE[4]]
    report = clean(raw(lines))
    assert [(p.text, p.kind) for p in report.paragraphs] == [
        (text, "p") for text in lines[2:]]
