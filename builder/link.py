"""Stage 4, link: all AnnotatedReports → LinkedSite (entities, related reports, indexes).

Walking-skeleton version: places every report in the site under its slug; entity
extraction, related reports and echo detection fill this in.
"""

from __future__ import annotations

from builder.annotate.registry import SourceRegistry
from builder.config import LinkConfig
from builder.records import AnnotatedReport, LinkedReport, LinkedSite


def link(
    reports: list[AnnotatedReport], registry: SourceRegistry, config: LinkConfig
) -> LinkedSite:
    """Cross-link the whole library (a separate pass after every report is read)."""
    linked = [LinkedReport(slug=r.clean.raw.slug or "report", annotated=r) for r in reports]
    linked.sort(key=lambda r: (r.meta.date or "", r.slug), reverse=True)
    return LinkedSite(reports=linked, sources=dict(registry.profiles))
