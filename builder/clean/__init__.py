"""Stage 2, clean: RawReport → CleanReport (metadata, body paragraphs, removed-line audit).

Every non-empty line of a report is decided once, in layers, each decision naming its rule:

    1 header     title (also glued to its date), date, byline, publisher, "Source:" lines;
                 furniture above the headline                      builder.clean.header
    2 patterns   exact chrome patterns (defaults/chrome.yaml, site.toml [clean] patterns)
    3 blocks     "Read more" / "Related" triggers and the teasers after them
    4 templates  lines repeated across an outlet's reports, or inside one report
    5 scoring    jusText-like fallback for outlets never seen    builder.clean.layers

Metadata: the editor's sidecar wins, then the page's own metadata (HTML), then the text.
Kept lines are raw lines after ``normalise_line`` (mojibake repair, NFC, spaces): the cleaner
never invents or rewrites text. Removed lines (chrome and metadata lines; the title line is
``title_line``) go to ``CleanReport.removed`` with their raw line number, rule and reason.
"""

from __future__ import annotations

import re
from functools import lru_cache

from builder.clean import boxes, layers
from builder.clean.decisions import Decision, Page
from builder.clean.features import choose_language, features, normalise_line
from builder.clean.header import classify_header
from builder.clean.rules import ChromeRules, Rule, load_rules
from builder.clean.template import candidate_keys, outlet_of, templates_from
from builder.config import CleanConfig
from builder.records import CleanReport, Meta, Paragraph, RawReport, RemovedLine

LANGUAGES = ("English", "Russian", "Ukrainian", "German", "French", "Spanish", "Polish")
"""jusText stop-word lists tried for a report's language (its best cover wins)."""

__all__ = ["Decision", "classify", "clean", "clean_all", "clean_one", "corpus_part",
           "normalise_line", "report_contexts"]


def clean_all(raws: list[RawReport], config: CleanConfig) -> list[CleanReport]:
    """Clean every report; template lines are learnt from the whole corpus first."""
    parts = [corpus_part(raw, config) for raw in raws]
    contexts = report_contexts(parts, config)
    return [clean_one(raw, context, config)
            for raw, context in zip(raws, contexts, strict=True)]


# clean_all in three steps, so the build cache (builder/cache.py) re-cleans only what a
# change affects: each report's contribution to the corpus-wide rule (cached per report),
# the slice of the learnt corpus each report depends on (its outlet's template lines: the
# key of its cached result), and the cleaning of one report given that slice.
Part = tuple[str, frozenset[str]]
"""A report's outlet and its candidate template lines."""
Context = tuple[str, ...]
"""The template lines of a report's outlet, sorted."""


def corpus_part(raw: RawReport, config: CleanConfig) -> Part:
    """What one report contributes to the corpus-wide template rule."""
    page = classify(raw, load_rules(tuple(config.patterns)))
    outlet = outlet_of(page, _meta(raw, page).publisher)
    return outlet, candidate_keys(outlet, page)


def report_contexts(parts: list[Part], config: CleanConfig) -> list[Context]:
    """For each report, its outlet's template lines learnt from all the parts."""
    learnt = templates_from(parts, config.template_min_reports)
    contexts = {outlet: tuple(sorted(lines)) for outlet, lines in learnt.items()}
    return [contexts.get(outlet, ()) for outlet, _keys in parts]


def clean_one(raw: RawReport, context: Context, config: CleanConfig) -> CleanReport:
    """Clean one report given its outlet's template lines."""
    return clean(raw, config, rules=load_rules(tuple(config.patterns)),
                 template=frozenset(context))


def clean(
    raw: RawReport,
    config: CleanConfig | None = None,
    *,
    rules: ChromeRules | None = None,
    template: frozenset[str] = frozenset(),
) -> CleanReport:
    """Clean one report (``template``: its outlet's template lines, from ``clean_all``)."""
    if rules is None:
        rules = load_rules(tuple(config.patterns) if config else ())
    page = classify(raw, rules, template)
    meta = _meta(raw, page)
    paragraphs: list[Paragraph] = []
    removed: list[RemovedLine] = []
    for line, text, decision in zip(raw.lines, page.texts, page.decisions, strict=True):
        assert decision is not None
        if decision.label == "body":
            paragraphs.append(Paragraph(text=text, line=line.number, kind=decision.kind))
        elif decision.label != "title":
            removed.append(RemovedLine(line=line.number, text=text, reason=decision.reason,
                                       rule=decision.rule))
    title_line = raw.lines[page.title_index].number if page.title_index is not None else None
    return CleanReport(raw=raw, meta=meta, paragraphs=paragraphs, removed=removed,
                       title_line=title_line)


def _meta(raw: RawReport, page: Page) -> Meta:
    meta = raw.editor_meta.merged_over(raw.extracted_meta.merged_over(page.meta))
    if not meta.title:
        meta.title = raw.slug or raw.source_file
    return meta


@lru_cache(maxsize=1 << 16)
def _pattern_hit(rules: ChromeRules, text: str, html: bool) -> tuple[Rule, re.Match[str]] | None:
    """Pattern matching is most of the cost; reports of one outlet repeat their chrome."""
    return rules.pattern_for(text, html=html)


def classify(raw: RawReport, rules: ChromeRules, template: frozenset[str] = frozenset()) -> Page:
    """Decide every line of a report (the layers in order); returns the decided page."""
    texts = [normalise_line(line.text) for line in raw.lines]
    stops = choose_language(texts, list(LANGUAGES))
    html = raw.kind == "html"
    page = Page(
        texts=texts,
        numbers=[line.number for line in raw.lines],
        kinds=[line.kind for line in raw.lines],
        feats=[features(text, stops) for text in texts],
        rules=rules,
        mode=raw.kind,
        hits=[_pattern_hit(rules, text, html) for text in texts],
    )
    known_title = raw.editor_meta.title or raw.extracted_meta.title
    layers.apply_date_lines(page) if page.mode != "txt" else None
    classify_header(page, known_title, template)
    layers.apply_triggers(page)  # a date inside a teaser list is the teaser's
    layers.apply_date_lines(page)
    layers.apply_patterns(page)
    if page.mode == "txt":  # extracted HTML keeps its structure (recipes repeat labels)
        layers.apply_repeats(page)
    layers.apply_templates(page, template)
    layers.apply_captions(page)
    if page.mode == "txt":
        layers.apply_pull_quotes(page)
        boxes.apply_dateline_captions(page)
        boxes.apply_comment_section(page)
        boxes.apply_appeal_boxes(page)
        boxes.apply_video_titles(page)
        boxes.apply_labelled_byline(page)
        boxes.apply_author_box(page)
        boxes.apply_box_headings(page)
        layers.apply_scoring(page)
    else:
        layers.keep_rest(page)
    return page
