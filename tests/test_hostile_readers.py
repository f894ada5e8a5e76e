"""Only text leaves the readers: markup in a saved page or a markdown file never becomes
markup on a page (it is either dropped or kept as plain text, which the templates escape)."""

from __future__ import annotations

from builder.readers import read_html, read_markdown

SAVED_PAGE = b"""<!doctype html><html><head><title>Saved title</title>
<script>alert('head')</script><meta property="og:url" content="javascript:alert(1)">
</head><body onload="alert('body')"><article><h1>Saved title</h1>
<p>Soldiers left their posts near the river, the regional governor said on Monday.
<img src=x onerror="alert('img')"><iframe src="javascript:alert('frame')"></iframe></p>
<p>Officials did not confirm <b onclick="alert('b')">the numbers</b> given in the report,
which could not be independently verified by reporters on the ground.</p>
<script>document.write('<p>injected paragraph</p>')</script><noscript><p>noscript</p></noscript>
<svg><script>alert('svg')</script></svg><style>p{}</style></article></body></html>"""


def test_a_saved_page_gives_only_its_text() -> None:
    result = read_html(SAVED_PAGE, "saved.html")
    text = "\n".join(line.text for line in result.lines)
    assert "Soldiers left their posts" in text and "the numbers given" in text
    for markup in ("alert", "<", "onerror", "onclick", "injected paragraph", "p{}"):
        assert markup not in text
    assert result.extracted_meta.title == "Saved title"


def test_markdown_html_and_links_become_text() -> None:
    raw = (b"---\ntitle: T\n---\n<script>alert(1)</script>\n\n"
           b"Click [here](https://evil.example/x) or ![pic](https://evil.example/p.png) "
           b"[js](javascript:alert(2)) "
           b"<img src=x onerror=alert(4)> <https://example.org/auto>\n\n"
           b"<div onclick=\"alert(5)\">\nblock html\n</div>\n")
    result = read_markdown(raw, "x.md")
    texts = [line.text for line in result.lines]
    # raw HTML stays literal text (escaped on output); link targets are dropped, and a
    # javascript: link is not even parsed as a link (markdown-it refuses it): plain text
    assert "<script>alert(1)</script>" in texts
    joined = " ".join(texts)
    assert "Click here or pic [js](javascript:alert(2)) <img src=x onerror=alert(4)>" in joined
    assert "evil.example" not in joined
