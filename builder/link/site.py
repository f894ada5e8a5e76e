"""Site-wide indexes from linked reports: coverage by side, stories, entity pages, echoes.

LinkedReports (with related filled) → the parts of SiteLinks the pages show.
"""

from __future__ import annotations

from builder.link.chains import origins
from builder.link.model import ENTITY_KINDS, Coverage, Echo, EntityPage, SiteLinks, Story
from builder.records import LinkedReport, SourceProfile
from builder.safety import page_slug

SIDE_NAMES = {"russian": "Russian", "ukrainian": "Ukrainian", "third party": "third party",
              "third-party": "third party", "international": "third party"}


def side_of(source_id: str, profiles: dict[str, SourceProfile]) -> str:
    """The side of a source from its profile: Russian, Ukrainian, third party or unknown."""
    profile = profiles.get(source_id)
    if profile is None or not profile.side:
        return "unknown"
    return SIDE_NAMES.get(profile.side.strip().lower(), "unknown")


def report_coverage(report: LinkedReport, profiles: dict[str, SourceProfile],
                    publisher: str | None) -> Coverage:
    """Claims counted by the side of their origin.

    A claim in the publisher's own voice (unsourced) originates with the publisher
    (``publisher``: its registry id, when the registry knows it); a hedge with nobody
    named ("reportedly") has no known origin and counts as unknown.
    """
    coverage = Coverage()
    for claim in report.claims:
        first = next(iter(origins(claim)), None)
        if first is None and claim.status == "unsourced":
            first = publisher
        coverage.counts[side_of(first, profiles) if first else "unknown"] += 1
    return coverage


def stories(reports: list[LinkedReport]) -> list[Story]:
    """Reports that list each other as related, joined transitively (union-find)."""
    parent = {r.slug: r.slug for r in reports}

    def find(slug: str) -> str:
        while parent[slug] != slug:
            parent[slug] = parent[parent[slug]]
            slug = parent[slug]
        return slug

    listed = {r.slug: {x.slug for x in r.related} for r in reports}
    for r in reports:
        for other in listed[r.slug]:
            if r.slug in listed.get(other, ()):
                parent[find(r.slug)] = find(other)
    members: dict[str, list[str]] = {}
    for r in reports:
        members.setdefault(find(r.slug), []).append(r.slug)
    return [Story(id=min(slugs), slugs=sorted(slugs)) for slugs in members.values()]


def entity_pages(reports: list[LinkedReport], links: SiteLinks) -> None:
    """One page per place, unit, person and organisation, listing the reports naming it."""
    for kind in ENTITY_KINDS:
        pages: dict[str, EntityPage] = {}
        for report in reports:
            for name in getattr(report.entities, kind):
                eid = links.entity_ids.setdefault((kind, name), page_slug(name, "entity"))
                pages.setdefault(eid, EntityPage(kind, name, eid)).slugs.append(report.slug)
        links.entities[kind] = dict(sorted(pages.items(), key=lambda kv: kv[1].name.lower()))


def echoes(reports: list[LinkedReport]) -> dict[str, Echo]:
    """For each report, the related reports relaying the same origins ("all trace back to")."""
    by_slug = {r.slug: r for r in reports}
    report_origins = {r.slug: _origins_of(r) for r in reports}
    found = {}
    for r in reports:
        mine = report_origins[r.slug]
        relays = [x.slug for x in r.related if report_origins[x.slug].keys() & mine.keys()]
        if not relays:
            continue
        common = set(mine)
        for slug in relays:
            common &= set(report_origins[slug])
        publishers = [by_slug[s].meta.publisher or f"“{by_slug[s].meta.title or s}”"
                      for s in relays]
        found[r.slug] = Echo(relays, publishers, [mine[sid] for sid in sorted(common)])
    return found


def _origins_of(report: LinkedReport) -> dict[str, str]:
    found: dict[str, str] = {}
    for claim in report.claims:
        found.update(origins(claim))
    return found
