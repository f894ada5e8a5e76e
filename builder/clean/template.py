"""Layer 4 across the corpus: lines an outlet prints on many of its reports → template keys.

Reports are grouped by publisher (editor's, page's or found in the text); a short, non-prose
line found in at least ``template_min_reports`` reports of one group is that outlet's
template (menus, kickers, footers it prints everywhere). Reports of unknown outlets form one
group, where only short labels count.
"""

from __future__ import annotations

from collections import defaultdict

from builder.clean.decisions import Page, key

UNKNOWN = ""
MAX_UNKNOWN_WORDS = 8


def outlet_of(page: Page, publisher: str | None) -> str:
    """The group a report belongs to: its publisher's key, or UNKNOWN."""
    return key(publisher) if publisher else UNKNOWN


def template_keys(pages: list[tuple[str, Page]], min_reports: int) -> dict[str, frozenset[str]]:
    """Per outlet, the keys of lines repeated in at least ``min_reports`` of its reports."""
    return templates_from([(outlet, candidate_keys(outlet, page)) for outlet, page in pages],
                          min_reports)


def candidate_keys(outlet: str, page: Page) -> frozenset[str]:
    """Keys of one report's lines that could be its outlet's template (what the report
    contributes to the corpus-wide rule; the build cache keeps it per report)."""
    keys = set()
    for i, text in enumerate(page.texts):
        decision, feats = page.decisions[i], page.feats[i]
        if decision is not None and decision.label in ("title", "meta"):
            continue
        if feats.prose and feats.n_words >= 6:
            continue
        if outlet == UNKNOWN and feats.n_words > MAX_UNKNOWN_WORDS:
            continue
        keys.add(key(text))
    return frozenset(keys)


def templates_from(
    candidates: list[tuple[str, frozenset[str]]], min_reports: int
) -> dict[str, frozenset[str]]:
    """Per outlet, the candidate keys found in at least ``min_reports`` of its reports."""
    seen: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    sizes: dict[str, int] = defaultdict(int)
    for index, (outlet, keys) in enumerate(candidates):
        sizes[outlet] += 1
        for k in keys:
            seen[outlet][k].add(index)
    result: dict[str, frozenset[str]] = {}
    for outlet, lines in seen.items():
        if sizes[outlet] >= min_reports:
            result[outlet] = frozenset(k for k, where in lines.items()
                                       if k and len(where) >= max(2, min_reports))
    return result
