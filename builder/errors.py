"""Diagnostics and the small exception tree every stage raises.

    BuilderError            anything the user must fix; carries Diagnostics
    ├── ConfigError         site.toml is missing, malformed or has wrong keys/types
    ├── ContentError        a report, sidecar or data file cannot be read or is invalid
    └── TemplateError       a template fails to parse or render

The CLI prints each Diagnostic as ``path:line: error: message`` (plus an optional hint
line) and exits 1; a user never sees a traceback for any of these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem, located in a file (and a line where known)."""

    path: str
    """File the problem is in, relative to the site root where possible."""
    message: str
    """What is wrong, in one line."""
    line: int | None = None
    """1-based line number, when known."""
    hint: str | None = None
    """How to fix it, shown on a second line."""
    severity: str = "error"
    """``error`` stops the build; ``warning`` is reported and the build goes on."""

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class BuilderError(Exception):
    """A problem the user must fix; never shown as a traceback."""

    def __init__(self, diagnostics: Diagnostic | Iterable[Diagnostic]) -> None:
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics: list[Diagnostic] = list(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class ConfigError(BuilderError):
    """site.toml cannot be used."""


class ContentError(BuilderError):
    """A content file (report, sidecar, data file) cannot be used."""


class TemplateError(BuilderError):
    """A template cannot be parsed or rendered."""
