"""What every reader returns, and the line splitting they share."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from builder.records import Line, Meta


@dataclass(slots=True)
class ReaderResult:
    """A reader's output: lines of the article, plus metadata found in the file itself."""

    lines: list[Line]
    extracted_meta: Meta = field(default_factory=Meta)
    front_matter: dict[str, Any] | None = None
    """Front matter mapping (markdown), handled like a sidecar."""
    front_matter_line: int = 1


def normalise(text: str) -> str:
    """NFC, and every kind of Unicode space folded to a plain space, trimmed."""
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def text_lines(text: str, first_line: int = 1) -> list[Line]:
    """Every non-empty line with its 1-based number (``first_line`` = number of line 0)."""
    lines = []
    # splitlines() would also split on \x0b, \x1c, U+2028…, shifting line numbers
    # away from what an editor's text editor shows; split on newlines only.
    for offset, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        stripped = normalise(line)
        if stripped:
            lines.append(Line(number=first_line + offset, text=stripped))
    return lines
