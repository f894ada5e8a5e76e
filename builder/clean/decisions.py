"""The per-line verdict every cleaning layer writes, and the shared state the layers share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from builder.clean.features import LineFeatures
from builder.clean.rules import ChromeRules, Rule
from builder.records import BlockKind, Meta

Label = Literal["title", "meta", "body", "chrome"]
Mode = Literal["txt", "md", "html"]


@dataclass(frozen=True, slots=True)
class Decision:
    """What the cleaner made of one line, and which rule said so (shown in the audit)."""

    label: Label
    rule: str
    reason: str
    kind: BlockKind = "p"


@dataclass(slots=True)
class Page:
    """One report's lines while the layers classify them; ``decisions[i]`` None = undecided."""

    texts: list[str]
    numbers: list[int]
    """Raw line numbers (a gap is a blank line)."""
    kinds: list[BlockKind]
    feats: list[LineFeatures]
    rules: ChromeRules
    mode: Mode
    hits: list[tuple[Rule, re.Match[str]] | None]
    """The first chrome pattern matching each line (computed once)."""
    decisions: list[Decision | None] = field(default_factory=list)
    meta: Meta = field(default_factory=Meta)
    source: str | None = None
    title_index: int | None = None
    body_start: int = 0

    def __post_init__(self) -> None:
        if not self.decisions:
            self.decisions = [None] * len(self.texts)

    def decide(self, index: int, decision: Decision) -> None:
        """Record a decision unless an earlier layer already decided the line."""
        if self.decisions[index] is None:
            self.decisions[index] = decision

    def undecided(self) -> list[int]:
        return [i for i, d in enumerate(self.decisions) if d is None]

    def is_chrome(self, index: int) -> bool:
        decision = self.decisions[index]
        return decision is not None and decision.label == "chrome"


@lru_cache(maxsize=1 << 16)
def key(text: str) -> str:
    """A line's identity for repeats: case-folded letters and digits only."""
    return _NOT_WORD.sub(" ", text.casefold()).strip()


_NOT_WORD = re.compile(r"[\W_]+")
