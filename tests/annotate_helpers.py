"""Helpers for the annotation tests: annotate a seed or a text the way the build does."""

from __future__ import annotations

from pathlib import Path

from builder.annotate import annotate, load_registry
from builder.annotate.registry import SourceRegistry
from builder.clean import clean_all
from builder.config import load_config
from builder.ingest import read_report
from builder.records import AnnotatedReport, Claim, CleanReport, Line, Meta, Paragraph, RawReport
from tests.conftest import REPO


def seed_registry() -> SourceRegistry:
    return load_registry(REPO / "content" / "sources.yaml", "content/sources.yaml")


def annotate_seed(name_part: str, publisher: str | None) -> AnnotatedReport:
    """Ingest, clean and annotate one seed report; ``publisher`` is set as its metadata."""
    path = next((REPO / "content" / "reports").glob(f"*{name_part}*.txt"))
    raw = read_report(path, REPO)
    raw.slug = path.stem
    clean = clean_all([raw], load_config(REPO).clean)[0]
    clean.meta.publisher = publisher
    return annotate(clean, seed_registry())


def annotate_text(text: str, publisher: str | None = None,
                  registry: SourceRegistry | None = None) -> AnnotatedReport:
    """Annotate paragraphs given one per line (the first line is the title)."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    raw = RawReport(source_file="content/reports/t.txt", kind="txt",
                    lines=[Line(number=n, text=t) for n, t in enumerate(lines, 1)])
    clean = CleanReport(raw=raw, meta=Meta(title=lines[0], publisher=publisher),
                        paragraphs=[Paragraph(text=t, line=n)
                                    for n, t in enumerate(lines[1:], 2)])
    return annotate(clean, registry or seed_registry())


def claim_starting(report: AnnotatedReport, start: str) -> Claim:
    found = [c for c in report.claims if c.text.startswith(start)]
    assert len(found) == 1, f"{len(found)} claims start with {start!r}: " + \
        "; ".join(c.text[:50] for c in report.claims)
    return found[0]


def chain(claim: Claim) -> list[tuple[str, str]]:
    return [(s.name, s.role) for s in claim.sources]


def seed_path(name_part: str) -> Path:
    return next((REPO / "content" / "reports").glob(f"*{name_part}*.txt"))
