"""Raw copied text → lines: every non-empty line, trimmed, with its raw line number."""

from __future__ import annotations

from builder.readers.common import ReaderResult, text_lines


def read_txt(raw: bytes, display: str) -> ReaderResult:
    """Read a raw ``.txt`` report (no front matter: metadata comes from a sidecar)."""
    from builder.data import decode_text

    return ReaderResult(lines=text_lines(decode_text(raw, display)))
