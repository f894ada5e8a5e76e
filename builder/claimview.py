"""LinkedReport → what the report templates show of its claims: marked runs and a summary.

``claim_runs`` cuts each body paragraph into runs of plain text and claim text (claim
offsets index CleanReport.body), so a template can mark claims inline without parsing
HTML; ``claim_summary`` counts them for the line at the top of a report.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.records import Claim, LinkedReport

STATUS_LABELS = {"unverified": "Unverified", "corroborated": "Corroborated",
                 "unsourced": "Unsourced"}


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of one paragraph: plain text, or (part of) a claim."""

    text: str
    claim: Claim | None = None
    number: int = 0
    """1-based number of the claim in the report (0 for plain text)."""
    last: bool = True
    """The run ends its claim (where the footnote reference goes)."""


def claim_runs(report: LinkedReport) -> list[list[Run]]:
    """Runs of every paragraph, in order; claims never overlap and never cross paragraphs."""
    clean = report.clean
    body = clean.body
    numbered = sorted(enumerate(report.claims, 1), key=lambda pair: pair[1].start)
    out: list[list[Run]] = []
    first = 0  # claims ending before the paragraph are behind us (they are in order)
    for paragraph, base in zip(clean.paragraphs, clean.paragraph_offsets(), strict=True):
        end_of_paragraph = base + len(paragraph.text)
        runs: list[Run] = []
        pos = base
        while first < len(numbered) and numbered[first][1].end <= base:
            first += 1
        for number, claim in numbered[first:]:
            if claim.start >= end_of_paragraph:
                break
            start, end = max(claim.start, pos), min(claim.end, end_of_paragraph)
            if start >= end:
                continue
            if start > pos:
                runs.append(Run(body[pos:start]))
            runs.append(Run(body[start:end], claim, number, last=end == claim.end))
            pos = end
        if pos < end_of_paragraph:
            runs.append(Run(body[pos:end_of_paragraph]))
        out.append(runs)
    return out


def claim_summary(report: LinkedReport) -> dict[str, object]:
    """Counts per status, and how many distinct sources the unverified claims come from."""
    counts = {status: 0 for status in STATUS_LABELS}
    unverified_sources: set[str] = set()
    for claim in report.claims:
        counts[claim.status] += 1
        if claim.status == "unverified":
            unverified_sources.update(s.id for s in claim.sources if s.role == "origin")
    return {"total": len(report.claims), "counts": counts,
            "unverified_sources": len(unverified_sources)}
