"""The plain, typed records passed from one pipeline stage to the next.

    RawReport  --clean-->  CleanReport  --annotate-->  AnnotatedReport  --link-->  LinkedSite

Records hold only data read from content/ and derived from it, never the config or the
Jinja environment, so any stage can be tested alone and cached by content hash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

InputKind = Literal["txt", "md", "html"]
BlockKind = Literal["p", "h", "li", "quote"]
Status = Literal["unverified", "corroborated", "unsourced"]
Role = Literal["origin", "relay"]
T = TypeVar("T")

SETTLED: set[type] = set()
"""Record types whose objects no one changes once a stage has handed them out (a stage
that needs another value makes a new record). The page memo keeps the digest of such an
object for as long as the object is in use, instead of digesting it on every build."""


def settled(cls: type[T]) -> type[T]:
    """Class decorator: mark a record type as settled (see ``SETTLED``)."""
    SETTLED.add(cls)
    return cls


@dataclass(slots=True)
class Meta:
    """Article metadata: from the raw text, a sidecar, front matter or HTML metadata."""

    title: str | None = None
    date: str | None = None
    """ISO 8601 date (``YYYY-MM-DD``) or None when unknown."""
    publisher: str | None = None
    byline: str | None = None
    url: str | None = None

    def merged_over(self, base: Meta) -> Meta:
        """Self's non-empty fields win over ``base``'s (an editor's sidecar over the text)."""
        return Meta(
            title=self.title or base.title,
            date=self.date or base.date,
            publisher=self.publisher or base.publisher,
            byline=self.byline or base.byline,
            url=self.url or base.url,
        )


@dataclass(slots=True)
class Line:
    """One non-empty line of an input, as the reader found it."""

    number: int
    """1-based line number in the raw file (for HTML: in the extracted text)."""
    text: str
    """The line's text, whitespace-trimmed, never otherwise rewritten."""
    kind: BlockKind = "p"
    """Structure the reader knows (markdown/HTML headings, list items, quotes)."""


@dataclass(slots=True)
class ClaimOverride:
    """An editor's correction of one claim, from a sidecar or front matter."""

    match: str
    """The claim's sentence, or a unique start of it."""
    status: Status | None = None
    sources: list[str] = field(default_factory=list)
    """Source names, origin first."""
    note: str | None = None
    """Editor's note shown to readers."""
    line: int | None = None
    """Line of the override in the sidecar/front matter file, for error messages."""


@dataclass(slots=True)
class RawReport:
    """A content file as read from disk, before cleaning."""

    source_file: str
    """Path of the raw file relative to the site root (POSIX separators)."""
    kind: InputKind
    lines: list[Line]
    """The non-empty lines of the input (markdown: its blocks; HTML: extracted text)."""
    editor_meta: Meta = field(default_factory=Meta)
    """Metadata an editor supplied (sidecar or front matter); wins over the text."""
    extracted_meta: Meta = field(default_factory=Meta)
    """Metadata a reader found in the file itself (HTML metadata)."""
    slug: str | None = None
    """Slug asked for by the editor, if any; otherwise derived from the file name."""
    overrides: list[ClaimOverride] = field(default_factory=list)
    meta_file: str | None = None
    """The sidecar or front-matter file the editor metadata came from."""
    digest: str = ""
    """SHA-256 of the raw bytes plus sidecar bytes: the cache key of everything derived."""


@dataclass(slots=True)
class RemovedLine:
    """A raw line the cleaner dropped, kept for the editor's audit."""

    line: int
    text: str
    reason: str
    """Human-readable reason, e.g. 'share prompt'."""
    rule: str = ""
    """Id of the rule that removed it, e.g. 'pattern:share'."""


@dataclass(slots=True)
class Paragraph:
    """A kept block of the article body."""

    text: str
    line: int
    """Raw line number the paragraph came from."""
    kind: BlockKind = "p"


@dataclass(slots=True)
class CleanReport:
    """The article and only the article: metadata, body paragraphs and the audit."""

    raw: RawReport
    meta: Meta
    paragraphs: list[Paragraph]
    removed: list[RemovedLine] = field(default_factory=list)
    title_line: int | None = None
    """Raw line the title came from, when it came from the text."""

    @property
    def body(self) -> str:
        """The cleaned text, paragraphs separated by blank lines (claim offsets index this)."""
        return "\n\n".join(p.text for p in self.paragraphs)

    def paragraph_offsets(self) -> list[int]:
        """Start offset in ``body`` of each paragraph."""
        offsets, pos = [], 0
        for p in self.paragraphs:
            offsets.append(pos)
            pos += len(p.text) + 2
        return offsets


@dataclass(slots=True)
class SourceRef:
    """One link of a claim's source chain."""

    id: str
    """Registry id (slug of the canonical name)."""
    name: str
    """Canonical name."""
    role: Role = "origin"


@dataclass(slots=True)
class Claim:
    """A checkable statement of the body, with its status and source chain."""

    text: str
    """Exact substring of the report body."""
    start: int
    end: int
    status: Status
    sources: list[SourceRef] = field(default_factory=list)
    """Origin first, then relays outward."""
    cues: list[str] = field(default_factory=list)
    """Reporting cues and hedges found ('according to', 'reportedly', ...)."""
    note: str | None = None
    """Editor's note from an override, or an explanation added by linking."""
    line: int | None = None
    """Raw line the claim came from."""


@settled
@dataclass(slots=True)
class AnnotatedReport:
    """A cleaned report with its claims."""

    clean: CleanReport
    claims: list[Claim] = field(default_factory=list)
    unknown_sources: list[tuple[str, str]] = field(default_factory=list)
    """(source name, sentence) for sources with no registry profile."""


@settled
@dataclass(slots=True)
class Entities:
    """Named things a report mentions, spelling variants unified."""

    places: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)


@settled
@dataclass(slots=True)
class Related:
    """A link to another report, with the reasons a reader sees."""

    slug: str
    score: float
    why: list[str] = field(default_factory=list)


@settled
@dataclass(slots=True)
class LinkedReport:
    """A report placed in the site: its slug, entities and related reports."""

    slug: str
    annotated: AnnotatedReport
    entities: Entities = field(default_factory=Entities)
    related: list[Related] = field(default_factory=list)
    linked_claims: list[Claim] | None = None
    """The claims as linking leaves them (corroborated across the site, notes on echoes
    and hedge drift); None when linking changed none. The annotated ones stay as they are."""

    @property
    def clean(self) -> CleanReport:
        return self.annotated.clean

    @property
    def meta(self) -> Meta:
        return self.annotated.clean.meta

    @property
    def claims(self) -> list[Claim]:
        return self.annotated.claims if self.linked_claims is None else self.linked_claims


@settled
@dataclass(slots=True)
class SourceProfile:
    """Who a source is: an entry of the source registry (content/sources.yaml)."""

    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    kind: str = "unknown"
    side: str | None = None
    """'Russian', 'Ukrainian', 'third party' or None when unknown."""
    state_affiliated: bool | None = None
    affiliation: str | None = None
    description: str = ""
    link: str | None = None


@dataclass(slots=True)
class LinkedSite:
    """Every report of the site, linked, plus the site-wide indexes built from them."""

    reports: list[LinkedReport]
    sources: dict[str, SourceProfile] = field(default_factory=dict)
    """Registry profiles by id (including sources first met during this build)."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Site-wide data later stages add (entity indexes, stories)."""

    def by_slug(self) -> dict[str, LinkedReport]:
        return {r.slug: r for r in self.reports}


def report_record(report: LinkedReport) -> dict[str, Any]:
    """The public JSON record of one report (schema: builder/defaults/report.schema.json)."""
    clean = report.clean
    meta = clean.meta
    return {
        "slug": report.slug,
        "source_file": clean.raw.source_file,
        "meta": {
            "title": meta.title,
            "date": meta.date,
            "publisher": meta.publisher,
            "byline": meta.byline,
            "url": meta.url,
        },
        "body": clean.body,
        "removed": [
            {"line": r.line, "text": r.text, "reason": r.reason, "rule": r.rule}
            for r in clean.removed
        ],
        "claims": [
            {
                "text": c.text,
                "start": c.start,
                "end": c.end,
                "status": c.status,
                "sources": [{"id": s.id, "name": s.name, "role": s.role} for s in c.sources],
                "cues": list(c.cues),
                "note": c.note,
            }
            for c in report.claims
        ],
        "entities": {
            "places": list(report.entities.places),
            "units": list(report.entities.units),
            "people": list(report.entities.people),
            "orgs": list(report.entities.orgs),
        },
        "related": [{"slug": r.slug, "score": r.score, "why": list(r.why)} for r in report.related],
    }
