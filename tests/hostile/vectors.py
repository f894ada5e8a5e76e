"""The hostile vectors (tests/fixtures/hostile): XSS lists and the Big List of Naughty Strings."""

from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "hostile"


def load_vectors(limit: int | None = None) -> list[str]:
    """Every distinct non-blank vector, XSS lists first; ``limit`` picks an even spread.

    Vectors that cannot be written as UTF-8 (lone surrogates) are left out; NUL bytes are
    kept here and handled by the site writer.
    """
    vectors: list[str] = []
    for path in sorted((FIXTURES / "xss").glob("*.txt")):
        vectors.extend(path.read_text(encoding="utf-8", errors="replace").splitlines())
    vectors.extend(json.loads((FIXTURES / "blns" / "blns.json").read_text(encoding="utf-8")))
    seen: set[str] = set()
    usable = []
    for vector in vectors:
        if vector.strip() and vector not in seen and _encodable(vector):
            seen.add(vector)
            usable.append(vector)
    if limit is None or limit >= len(usable):
        return usable
    step = len(usable) / limit
    return [usable[int(i * step)] for i in range(limit)]


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def traversal_strings() -> list[str]:
    """Path traversal requests (``{FILE}`` filled in), for slug and output-path tests."""
    lines: list[str] = []
    for path in sorted((FIXTURES / "traversal").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        lines.extend(line.replace("{FILE}", "etc/passwd") for line in text.splitlines())
    return [line for line in dict.fromkeys(lines) if line]
