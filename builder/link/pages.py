"""What the cross-link pages show: LinkedSite → (output path, template, context) per page.

Source pages (profile, every claim credited to the source grouped by report, who relays
it), entity pages and their indexes, and the archive by date. ``render.py``'s planners
turn these into Pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from builder.link.model import ENTITY_KINDS, SiteLinks
from builder.records import Claim, LinkedReport, LinkedSite, SourceProfile

PagePlan = tuple[str, str, dict[str, Any]]


@dataclass(slots=True)
class SourceCredit:
    """The claims of one report credited to a source, and the source's place in each chain."""

    report: LinkedReport
    claims: list[tuple[Claim, str]] = field(default_factory=list)
    """(claim, 'origin' | 'relay')."""


@dataclass(slots=True)
class SourceSummary:
    """Everything the site knows about one source."""

    profile: SourceProfile
    credits: list[SourceCredit] = field(default_factory=list)
    relayed_by: dict[str, int] = field(default_factory=dict)
    """Relays and publishers passing on this source's claims → how many claims."""
    relays_for: dict[str, int] = field(default_factory=dict)
    """Origins this source passes on → how many claims."""

    @property
    def claim_count(self) -> int:
        return sum(len(c.claims) for c in self.credits)


def site_links(site: LinkedSite) -> SiteLinks | None:
    links = site.extra.get("link")
    return links if isinstance(links, SiteLinks) else None


def source_summaries(site: LinkedSite) -> dict[str, SourceSummary]:
    """Per source id: its profile, credited claims by report, and who relays it."""
    summaries = {sid: SourceSummary(p) for sid, p in sorted(
        site.sources.items(), key=lambda kv: kv[1].name.casefold())}
    known = {name.casefold(): sid for sid, p in site.sources.items()
             for name in [p.name, *p.aliases]}
    for report in site.reports:
        credits: dict[str, SourceCredit] = {}
        for claim in report.claims:
            for position, ref in enumerate(claim.sources):
                summary = summaries.get(ref.id)
                if summary is None:
                    continue
                credit = credits.setdefault(ref.id, SourceCredit(report))
                credit.claims.append((claim, ref.role))
                _count_relays(summary, claim, position, publisher_of(report, known))
        for sid, credit in credits.items():
            summaries[sid].credits.append(credit)
    return summaries


def publisher_of(report: LinkedReport,
                 known: dict[str, str]) -> tuple[str | None, str | None]:
    """(registry id, name) of the report's publisher; the id is None when unprofiled."""
    name = report.meta.publisher
    return (known.get(name.casefold()) if name else None), name


def _count_relays(summary: SourceSummary, claim: Claim, position: int,
                  publisher: tuple[str | None, str | None]) -> None:
    """Sources after this one in the chain (and the publisher) relay it; those before it
    are what it relays. A publisher already in the chain (by any alias) is not counted
    twice."""
    for ref in claim.sources[position + 1:]:
        summary.relayed_by[ref.name] = summary.relayed_by.get(ref.name, 0) + 1
    publisher_id, name = publisher
    in_chain = {ref.id for ref in claim.sources} | {ref.name for ref in claim.sources}
    if name and publisher_id not in in_chain and name not in in_chain:
        summary.relayed_by[name] = summary.relayed_by.get(name, 0) + 1
    for ref in claim.sources[:position]:
        summary.relays_for[ref.name] = summary.relays_for.get(ref.name, 0) + 1


def source_pages(site: LinkedSite) -> Iterator[PagePlan]:
    summaries = source_summaries(site)
    yield "sources/index.html", "sources.html", {"summaries": list(summaries.values())}
    for sid, summary in summaries.items():
        yield f"sources/{sid}/index.html", "source.html", {"summary": summary}


def entity_pages(site: LinkedSite) -> Iterator[PagePlan]:
    """Per kind: an index page and one page per entity listing its reports, newest first."""
    links = site_links(site)
    if links is None:
        return
    by_slug = site.by_slug()
    for kind, title in ENTITY_KINDS.items():
        pages = links.entities.get(kind, {})
        yield f"{kind}/index.html", "entities.html", {
            "kind": kind, "kind_title": title, "entities": list(pages.values())}
        for eid, page in pages.items():
            reports = sorted((by_slug[s] for s in page.slugs),
                             key=lambda r: (r.meta.date or "", r.slug), reverse=True)
            yield f"{kind}/{eid}/index.html", "entity.html", {
                "kind": kind, "kind_title": title, "entity": page, "reports": reports}


def archive_pages(site: LinkedSite) -> Iterator[PagePlan]:
    """One archive page: reports by month, newest first; undated ones last."""
    months: dict[str, list[LinkedReport]] = {}
    for report in site.reports:
        date = report.meta.date or ""
        months.setdefault(date[:7] if len(date) >= 7 else "", []).append(report)
    ordered = sorted(((m, sorted(r, key=lambda x: (x.meta.date or "", x.slug), reverse=True))
                      for m, r in months.items() if m), reverse=True)
    if "" in months:
        ordered.append(("", months[""]))
    yield "archive/index.html", "archive.html", {"months": ordered}
