"""A saved web page → lines of its main text, plus the page's own metadata.

Main-content extraction is trafilatura's (measured on the article-extraction benchmark:
F1 0.964 with include_comments=False, favor_precision=True; see README). Only the text
leaves this module: no markup from a saved page ever reaches a rendered page.
"""

from __future__ import annotations

import logging
from typing import Any

import trafilatura

from builder.readers.common import ReaderResult, text_lines
from builder.records import Meta

# trafilatura logs every page it finds too short at WARNING; the cleaner reports instead.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def extract_main_text(html: str | bytes) -> tuple[str, dict[str, Any]]:
    """Main text (paragraphs on lines) and metadata dict of a page, both possibly empty."""
    result = trafilatura.bare_extraction(
        html,
        include_comments=False,
        favor_precision=True,
        with_metadata=True,
    )
    if result is None:
        return "", {}
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    return data.get("text") or "", data


def read_html(raw: bytes, display: str) -> ReaderResult:
    """Read a saved page; line numbers refer to lines of the extracted text."""
    text, data = extract_main_text(raw)
    meta = Meta(
        title=_clean(data.get("title")),
        date=_clean(data.get("date")),
        publisher=_clean(data.get("sitename")),
        byline=_clean(data.get("author")),
        url=_clean(data.get("url")),
    )
    return ReaderResult(lines=text_lines(text), extracted_meta=meta)


def _clean(value: object) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None
