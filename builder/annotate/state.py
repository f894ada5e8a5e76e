"""The explicit state the annotation rules work on: one report's sentences and what is known.

Each rule (``builder/annotate/rules``) reads and fills this state in order, like
markdown-it-py's core rules over its StateCore. A Sentence carries the raw line it came
from, so every claim can be traced back to the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.annotate.lexicon import Lexicon
from builder.annotate.registry import SourceRegistry
from builder.records import Claim, CleanReport, Status


@dataclass(slots=True)
class Sentence:
    """One sentence (or line fragment) of the body, and what the rules found in it."""

    text: str
    """Exact substring of the report body."""
    start: int
    """Offset of ``text`` in the body."""
    end: int
    line: int
    """Raw line number of the paragraph it belongs to."""
    paragraph: int
    """Index of its paragraph in CleanReport.paragraphs."""
    kind: str = "p"
    """The paragraph's block kind (p, h, li, quote)."""
    is_claim: bool = True
    """False for headings, questions, calls to share, fragments with no finite verb."""
    cues: list[str] = field(default_factory=list)
    """Reporting cues and hedges found, in the order they occur."""
    hedged: bool = False
    """A hedge with nobody named ('reportedly')."""
    speakers: list[str] = field(default_factory=list)
    """Source phrases named by the sentence itself, origin first, as written."""
    chain: list[str] = field(default_factory=list)
    """Canonical source names, origin first, before writer/publisher relays."""
    origins: int = 1
    """How many names at the head of ``chain`` are origins ('Baza and Ostorozhno': 2)."""
    unnamed_only: bool = False
    """Its one speaker is an unnamed group ('local residents'), which nests in context."""
    inherited: bool = False
    """The attribution was inherited from the sentences before (a continuation)."""
    not_verified: bool = False
    """The writer says it could not verify the claim."""
    confirms: bool = False
    """The sentence reports a confirmation by its source."""
    status: Status = "unsourced"
    note: str | None = None


@dataclass(slots=True)
class AnnotationState:
    """Everything the rules share while annotating one report."""

    clean: CleanReport
    registry: SourceRegistry
    lexicon: Lexicon
    sentences: list[Sentence] = field(default_factory=list)
    report_credit: list[str] = field(default_factory=list)
    """Chain crediting the whole report ("Source: X" lines), origin first."""
    writers: list[str] = field(default_factory=list)
    """Outlets that call themselves the report's writer ("Newsweek cannot verify")."""
    publisher: str | None = None
    """Canonical name of the page's publisher: the last relay of every credited claim."""
    seen_names: list[str] = field(default_factory=list)
    """Source names met so far, in order (a surname alone refers back to a full name)."""
    claims: list[Claim] = field(default_factory=list)
    unknown_sources: list[tuple[str, str]] = field(default_factory=list)
    """(source name, sentence) for sources with no registry profile."""
