"""Markdown with YAML front matter → lines, one per block (heading, paragraph, item, quote).

Parsed with markdown-it-py's CommonMark preset with raw HTML off, so markup in a report
can never reach a reader's page as HTML; inline markup is reduced to its text.
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from builder.data import decode_text, parse_yaml
from builder.errors import ContentError, Diagnostic
from builder.readers.common import ReaderResult, normalise
from builder.records import BlockKind, Line

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_MD = MarkdownIt("commonmark", {"html": False})


def split_front_matter(text: str, display: str) -> tuple[dict[str, Any] | None, str, int]:
    """Return (front matter mapping or None, markdown body, line number the body starts on)."""
    if not text.startswith("---"):
        return None, text, 1
    match = _FRONT_MATTER.match(text)
    if not match:
        raise ContentError(
            Diagnostic(display, "front matter: opening '---' has no closing '---'", line=1)
        )
    data = parse_yaml(match.group(1) or "", display, first_line=2)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(
            Diagnostic(display, "front matter: must be a mapping of keys to values", line=2)
        )
    body_start = text.count("\n", 0, match.end()) + 1
    return data, text[match.end():], body_start


def read_markdown(raw: bytes, display: str) -> ReaderResult:
    """Read a markdown report; its front matter is returned for ingest to interpret."""
    text = decode_text(raw, display)
    front, body, first_line = split_front_matter(text, display)
    return ReaderResult(
        lines=markdown_lines(body, first_line), front_matter=front, front_matter_line=2
    )


def markdown_lines(body: str, first_line: int = 1) -> list[Line]:
    """One Line per text block, numbered by the block's first line in the file."""
    lines: list[Line] = []
    context: list[str] = []
    tokens = _MD.parse(body)
    for index, token in enumerate(tokens):
        if token.nesting == 1:
            context.append(token.type)
        elif token.nesting == -1 and context:
            context.pop()
        if token.type == "inline":
            parent = tokens[index - 1]
            kind = _block_kind(parent.type, context)
            text = normalise(_inline_text(token))
            if text and parent.map is not None:
                lines.append(Line(number=first_line + parent.map[0], text=text, kind=kind))
        elif token.type in ("fence", "code_block") and token.map is not None:
            text = normalise(token.content)
            if text:
                lines.append(Line(number=first_line + token.map[0], text=text))
    return lines


def _block_kind(parent_type: str, context: list[str]) -> BlockKind:
    if parent_type == "heading_open":
        return "h"
    if "blockquote_open" in context:
        return "quote"
    if "list_item_open" in context:
        return "li"
    return "p"


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)
