"""Stage 4, link: all AnnotatedReports → LinkedSite (entities, related, echo, coverage).

A separate pass over the whole library once every report is read (Zola's
``fill_backlinks``), in this order:

1. entities of every report (gazetteers and unit shapes; unit names settled corpus-wide);
2. related reports through an inverted index (``related.py``);
3. claims of related reports grouped by event: echo or corroboration, hedge drift;
4. coverage by side, stories and the entity indexes the pages list.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from builder.annotate.registry import SourceRegistry, source_id
from builder.config import LinkConfig
from builder.link import chains, site
from builder.link.entities import UnitNames, extract_entities, name_units
from builder.link.model import ClaimGroup, ClaimRef, Drift, SiteLinks
from builder.link.related import Features, related_reports
from builder.link.text import document_frequencies, term_counts, tfidf
from builder.records import AnnotatedReport, Claim, LinkedReport, LinkedSite, SourceProfile

VECTOR_TERMS = 48
"""Strongest terms kept per report vector."""


def link(
    reports: list[AnnotatedReport], registry: SourceRegistry, config: LinkConfig
) -> LinkedSite:
    """Cross-link the whole library (a separate pass after every report is read)."""
    linked = [LinkedReport(slug=r.clean.raw.slug or "report", annotated=r) for r in reports]
    linked.sort(key=lambda r: (r.meta.date or "", r.slug), reverse=True)
    features = report_features(linked, fill_entities(linked))
    related, nearest = related_reports(features, config)
    for report, shown in zip(linked, related, strict=True):
        report.related = shown
    profiles = with_unknown_sources(linked, registry)
    links = SiteLinks()
    judge_claims(linked, dict(zip((r.slug for r in linked), nearest, strict=True)), links)
    for report in linked:
        publisher = registry.lookup(report.meta.publisher or "")
        links.coverage[report.slug] = site.report_coverage(
            report, profiles, publisher.id if publisher else None)
    for story in site.stories(linked):
        for slug in story.slugs:
            story.coverage.add(links.coverage[slug])
            links.story_of[slug] = story
    links.echoes = site.echoes(linked)
    site.entity_pages(linked, links)
    return LinkedSite(reports=linked, sources=profiles, extra={"link": links})


def fill_entities(reports: list[LinkedReport]) -> list[Counter[str]]:
    """Entities of each report's title and body; unit names agreed across the corpus.

    Returns how often each report mentions each entity (``"units:<name>"``).
    """
    units = UnitNames()
    counts: list[Counter[str]] = [Counter() for _ in reports]
    for report, count in zip(reports, counts, strict=True):
        report.entities = extract_entities(f"{report.meta.title or ''}\n{report.clean.body}",
                                           units, count)
    for report, count in zip(reports, counts, strict=True):
        name_units(report.entities, units, count)
    return counts


def report_day(report: LinkedReport) -> int | None:
    """The report's date as a day number, None when absent or not ISO."""
    try:
        return date.fromisoformat((report.meta.date or "")[:10]).toordinal()
    except ValueError:
        return None


def report_features(reports: list[LinkedReport],
                    mentions: list[Counter[str]]) -> list[Features]:
    """What the related-report index needs of each report: date, entity mentions, claim
    origins and a TF-IDF vector of title and body."""
    counts = [term_counts(f"{r.meta.title or ''}\n{r.clean.body}") for r in reports]
    df = document_frequencies(counts)
    features = []
    for report, count, mentioned in zip(reports, counts, mentions, strict=True):
        origins: dict[str, str] = {}
        claims_by_origin: Counter[str] = Counter()
        for claim in report.claims:
            mine = chains.origins(claim)
            origins.update(mine)
            claims_by_origin.update(mine.keys())
        features.append(Features(report.slug, report_day(report), dict(mentioned), origins,
                                 dict(claims_by_origin),
                                 tfidf(count, df, len(reports), VECTOR_TERMS)))
    return features


def with_unknown_sources(
    reports: list[LinkedReport], registry: SourceRegistry
) -> dict[str, SourceProfile]:
    """Registry profiles plus a bare profile for every source met with none, so each
    source a claim credits has its page."""
    profiles = dict(registry.profiles)
    for report in reports:
        for claim in report.claims:
            for ref in claim.sources:
                if ref.id not in profiles:
                    profiles[ref.id] = SourceProfile(id=ref.id or source_id(ref.name),
                                                     name=ref.name)
    return profiles


def judge_claims(reports: list[LinkedReport], nearest: dict[str, list[str]],
                 links: SiteLinks) -> None:
    """Match claims of nearby reports; mark corroboration and echoes; flag hedge drift."""
    by_slug = {r.slug: r for r in reports}

    def refs(report: LinkedReport) -> list[ClaimRef]:
        return [ClaimRef(report.slug, c, report.meta.publisher) for c in report.claims]

    claim_refs = {r.slug: refs(r) for r in reports}
    related_pairs = sorted({tuple(sorted((r.slug, other))) for r in reports
                            for other in nearest[r.slug] if other in by_slug})
    pairs = [(claim_refs[a], claim_refs[b]) for a, b in related_pairs]
    drifts: set[tuple[int, int]] = set()
    matched, facts = chains.match_claims(pairs)
    for claim, matches in matched:
        group = chains.judge([claim, *matches])
        if group is None:
            continue
        links.groups.setdefault(claim.slug, []).append(group)
        mark_claim(group)
        for drift in chains.find_drift(group, facts):
            key = (id(drift.hedged.claim), id(drift.flat.claim))
            if key in drifts:
                continue  # found again from the other claim's side
            drifts.add(key)
            for slug in (drift.hedged.slug, drift.flat.slug):
                links.drift.setdefault(slug, []).append(drift)
            _add_note(drift.flat.claim, drift_note(drift))
            _add_note(drift.hedged.claim, f"Hedge drift: "
                      f"{drift.flat.publisher or drift.flat.slug} states this flatly.")


def mark_claim(group: ClaimGroup) -> None:
    """An independent second chain makes the group's (first) claim corroborated."""
    member = group.members[0]
    others = sorted({m.publisher or m.slug for m in group.others(member.slug)})
    if group.verdict == "corroborated":
        if member.claim.status == "unverified":
            member.claim.status = "corroborated"
        _add_note(member.claim, f"Corroborated across the site: also reported by "
                  f"{', '.join(others)} from independent sources "
                  f"({'; '.join(group.origins)}).")
    else:
        _add_note(member.claim, f"Echo: also reported by {', '.join(others)}; all trace "
                  f"back to {', '.join(group.origins)}, so not independent confirmation.")


def drift_note(drift: Drift) -> str:
    origin = drift.hedged.publisher or drift.hedged.slug
    return (f"Hedge drift: {origin} reported this with “{', '.join(drift.hedges)}”; "
            "here it is stated flatly.")


def _add_note(claim: Claim, note: str) -> None:
    if claim.note and note in claim.note:
        return
    claim.note = f"{claim.note} {note}" if claim.note else note
