"""Editorial data files: YAML loading with located diagnostics, and the package defaults.

Lexicons, chrome patterns and the gazetteer ship in ``builder/defaults/`` as YAML an editor
can read; a site's own data (``content/sources.yaml``, sidecars) is loaded the same way.
Every failure of the YAML parser — including the ValueError, RecursionError and
AttributeError that ``yaml.safe_load`` raises on some inputs — becomes a ContentError
naming the file and line.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from builder.errors import ContentError, Diagnostic

DEFAULTS_DIR = Path(__file__).parent / "defaults"


def parse_yaml(text: str, path: str, first_line: int = 1) -> Any:
    """Parse YAML text; ``first_line`` is the file line the text starts on."""
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise ContentError(Diagnostic(path, f"invalid YAML: {problem}", line=line)) from None
    except yaml.YAMLError as exc:
        raise ContentError(Diagnostic(path, f"invalid YAML: {exc}", line=first_line)) from None
    except (ValueError, RecursionError, AttributeError, TypeError, OverflowError) as exc:
        # safe_load raises these on e.g. huge dates or deeply nested flows.
        message = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise ContentError(
            Diagnostic(path, f"invalid YAML: {message}", line=first_line)
        ) from None


def read_yaml_file(path: Path, display: str) -> Any:
    """Read and parse a YAML file; errors name ``display`` (a site-relative path)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError(Diagnostic(display, f"cannot read: {exc.strerror}")) from None
    return parse_yaml(decode_text(raw, display), display)


def decode_text(raw: bytes, display: str) -> str:
    """Decode UTF-8 (a BOM is dropped); invalid bytes are an error naming the line."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ContentError(
            Diagnostic(
                display,
                f"not valid UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}",
                line=line,
                hint="save the file as UTF-8",
            )
        ) from None


@cache
def load_default(name: str) -> Any:
    """A YAML data file shipped in builder/defaults/ (cached: these never change in a run)."""
    return read_yaml_file(DEFAULTS_DIR / name, f"builder/defaults/{name}")
