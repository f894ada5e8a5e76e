"""Stage 2, clean: RawReport → CleanReport (metadata, body paragraphs, removed-line audit).

Walking-skeleton version: the title is the editor's, the page's, or the first line; every
other line is kept as body. The layered cleaner (header, patterns, blocks, templates,
scored fallback) replaces this.
"""

from __future__ import annotations

from builder.config import CleanConfig
from builder.records import CleanReport, Meta, Paragraph, RawReport


def clean_all(raws: list[RawReport], config: CleanConfig) -> list[CleanReport]:
    """Clean every report; corpus-wide rules (template lines per outlet) see them all."""
    state = corpus_state(raws, config)
    return [clean_one(raw, state, config) for raw in raws]


# The build cache (cache.py) re-cleans only the changed reports when cleaning is split in
# two: what the corpus-wide rules learn from all reports (``corpus_state``: plain,
# picklable data, digested into every report's cache key), and one report's cleaning
# given that state (``clean_one``: reads nothing else). Without the pair, any change
# re-cleans every report.
CorpusState = tuple[()]


def corpus_state(raws: list[RawReport], config: CleanConfig) -> CorpusState:
    """What corpus-wide rules learn from all reports (nothing yet in the skeleton)."""
    return ()


def clean_one(raw: RawReport, state: CorpusState, config: CleanConfig) -> CleanReport:
    """Clean one report given the corpus state."""
    return clean(raw)


def clean(raw: RawReport) -> CleanReport:
    """Split a raw report into metadata and body; nothing is dropped yet."""
    lines = list(raw.lines)
    text_meta = Meta()
    title_line = None
    if not (raw.editor_meta.title or raw.extracted_meta.title) and lines:
        first = lines.pop(0)
        text_meta.title, title_line = first.text, first.number
    meta = raw.editor_meta.merged_over(raw.extracted_meta.merged_over(text_meta))
    if not meta.title:
        meta.title = raw.slug or raw.source_file
    paragraphs = [Paragraph(text=line.text, line=line.number, kind=line.kind) for line in lines]
    return CleanReport(raw=raw, meta=meta, paragraphs=paragraphs, title_line=title_line)
