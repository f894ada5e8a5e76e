"""Each reader (txt, md with front matter, html) yields the same kind of record."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.errors import ContentError
from builder.ingest import ingest, read_report


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_txt_keeps_every_non_empty_line_with_its_raw_number(tmp_path: Path) -> None:
    path = write(tmp_path / "content/a.txt", "Title here\n\n  Body line one.  \n\nSecond.\n")
    report = read_report(path, tmp_path)
    assert report.kind == "txt"
    assert [(ln.number, ln.text) for ln in report.lines] == [
        (1, "Title here"), (3, "Body line one."), (5, "Second.")]
    assert report.source_file == "content/a.txt"


def test_txt_sidecar_supplies_editor_metadata(tmp_path: Path) -> None:
    path = write(tmp_path / "content/a.txt", "Title\nBody.\n")
    write(tmp_path / "content/a.meta.yaml",
          "publisher: Example News\nurl: https://example.org/a\ndate: 2024-05-01\n")
    report = read_report(path, tmp_path)
    assert report.editor_meta.publisher == "Example News"
    assert report.editor_meta.url == "https://example.org/a"
    assert report.editor_meta.date == "2024-05-01"


def test_markdown_front_matter_and_blocks(tmp_path: Path) -> None:
    path = write(tmp_path / "content/b.md", (
        "---\ntitle: A *markdown* report\ndate: 2023-01-02\npublisher: Wire\n---\n"
        "# Heading\n\nFirst **bold** paragraph\ncontinues here.\n\n- an item\n\n"
        "> a quote\n\n<script>alert(1)</script>\n"
    ))
    report = read_report(path, tmp_path)
    assert report.kind == "md"
    assert report.editor_meta.title == "A *markdown* report"
    assert report.editor_meta.date == "2023-01-02"
    kinds = [(ln.kind, ln.text, ln.number) for ln in report.lines]
    assert ("h", "Heading", 6) in kinds
    assert ("p", "First bold paragraph continues here.", 8) in kinds
    assert ("li", "an item", 11) in kinds
    assert ("quote", "a quote", 13) in kinds
    # raw HTML is not HTML: it is kept as text, escaped later by the templates
    assert any("<script>" in ln.text for ln in report.lines)


def test_markdown_broken_front_matter_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "content/c.md", "---\ntitle: ok\nbad: [unclosed\n---\nBody\n")
    with pytest.raises(ContentError) as info:
        read_report(path, tmp_path)
    diagnostic = info.value.diagnostics[0]
    assert diagnostic.path == "content/c.md"
    assert diagnostic.line is not None and diagnostic.line >= 3


def test_html_extracts_main_text_and_page_metadata(tmp_path: Path) -> None:
    body = " ".join(["Soldiers left their positions near the river, officials said."] * 3)
    html = f"""<!doctype html><html><head><title>Troops flee | Example Wire</title>
    <meta property="og:site_name" content="Example Wire">
    <meta name="author" content="Jane Doe">
    <meta property="article:published_time" content="2024-02-03T10:00:00Z"></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Troops flee</h1><p>{body}</p>
    <p>A second paragraph of the article with more detail about the events.</p></article>
    <footer>Subscribe to our newsletter</footer></body></html>"""
    path = write(tmp_path / "content/d.html", html)
    report = read_report(path, tmp_path)
    assert report.kind == "html"
    text = "\n".join(ln.text for ln in report.lines)
    assert "Soldiers left their positions" in text
    assert "second paragraph" in text
    assert "Home" not in text.split("\n")
    assert report.extracted_meta.publisher == "Example Wire"
    assert report.extracted_meta.date == "2024-02-03"
    assert report.extracted_meta.byline == "Jane Doe"


def test_invalid_utf8_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "content/e.txt", b"ok line\nbad \xff byte\n")
    with pytest.raises(ContentError) as info:
        read_report(path, tmp_path)
    assert info.value.diagnostics[0].format().startswith("content/e.txt:2: error: not valid UTF-8")


def test_colliding_slugs_are_disambiguated_with_a_warning(tmp_path: Path) -> None:
    write(tmp_path / "content/x/report.txt", "One\nBody.\n")
    write(tmp_path / "content/y/report.txt", "Two\nBody.\n")
    result = ingest(tmp_path / "content", tmp_path)
    assert sorted(r.slug or "" for r in result.reports) == ["report", "report-2"]
    assert len(result.warnings) == 1 and "report-2" in result.warnings[0].message
