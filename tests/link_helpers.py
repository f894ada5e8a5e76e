"""Build AnnotatedReports by hand for the link stage's tests (claims as the annotator gives)."""

from __future__ import annotations

from builder.annotate.registry import SourceRegistry
from builder.records import (
    AnnotatedReport,
    Claim,
    CleanReport,
    Meta,
    Paragraph,
    RawReport,
    SourceProfile,
    SourceRef,
    Status,
)

ClaimSpec = tuple[str, Status, list[str]]
"""(sentence, status, source names origin first; the last of several is a relay)."""


def source_ref(name: str, role: str) -> SourceRef:
    return SourceRef(id=name.lower().replace(" ", "-"), name=name,
                     role="origin" if role == "origin" else "relay")


def report(slug: str, sentences: list[str], *, date: str | None = None,
           publisher: str | None = None, claims: list[ClaimSpec] | None = None,
           title: str | None = None) -> AnnotatedReport:
    """A report whose body is ``sentences`` (one paragraph each) and whose claims are
    the given sentences, credited to the given chains."""
    raw = RawReport(source_file=f"content/reports/{slug}.txt", kind="txt", lines=[], slug=slug)
    paragraphs = [Paragraph(text=s, line=2 * n + 1) for n, s in enumerate(sentences)]
    clean = CleanReport(raw=raw, meta=Meta(title=title or slug, date=date, publisher=publisher),
                        paragraphs=paragraphs)
    body = clean.body
    found = []
    for text, status, names in claims or []:
        start = body.index(text)
        chain = [source_ref(n, "origin" if i == 0 or i < len(names) - 1 else "relay")
                 for i, n in enumerate(names)]
        found.append(Claim(text=text, start=start, end=start + len(text), status=status,
                           sources=chain))
    return AnnotatedReport(clean=clean, claims=found)


def registry(*profiles: tuple[str, str | None]) -> SourceRegistry:
    """A registry of (name, side) profiles."""
    reg = SourceRegistry()
    for name, side in profiles:
        reg.add(SourceProfile(id=name.lower().replace(" ", "-"), name=name, side=side))
    return reg
