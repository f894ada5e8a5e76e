"""Site-wide indexes from linked reports: coverage by side, echoes, stories, entity pages.

Per report: its coverage by side (from its claims) and its echo (the related reports
relaying its origins). Across the site: stories (reports listing each other as related,
joined) and the pages of places, units, people and organisations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from builder.link.chains import origins
from builder.link.features import Basics
from builder.link.model import ENTITY_KINDS, Coverage, Echo, EntityPage, Story
from builder.records import Claim, Entities, Related, SourceProfile
from builder.safety import page_slug

SIDE_NAMES = {"russian": "Russian", "ukrainian": "Ukrainian", "third party": "third party",
              "third-party": "third party", "international": "third party"}


def side_of(source_id: str, profiles: Mapping[str, SourceProfile]) -> str:
    """The side of a source from its profile: Russian, Ukrainian, third party or unknown."""
    profile = profiles.get(source_id)
    if profile is None or not profile.side:
        return "unknown"
    return SIDE_NAMES.get(profile.side.strip().lower(), "unknown")


def report_coverage(claims: Sequence[Claim], profiles: Mapping[str, SourceProfile],
                    publisher: str | None) -> Coverage:
    """Claims counted by the side of their origin.

    A claim in the publisher's own voice (unsourced) originates with the publisher
    (``publisher``: its registry id, when the registry knows it); a hedge with nobody
    named ("reportedly") has no known origin and counts as unknown.
    """
    coverage = Coverage()
    for claim in claims:
        first = next(iter(origins(claim)), None)
        if first is None and claim.status == "unsourced":
            first = publisher
        coverage.counts[side_of(first, profiles) if first else "unknown"] += 1
    return coverage


def echo_of(me: Basics, related: Sequence[Related], basics: Mapping[str, Basics]) -> Echo | None:
    """The related reports relaying the same origins as ``me`` ("all trace back to")."""
    relays = [x.slug for x in related if basics[x.slug].origins.keys() & me.origins.keys()]
    if not relays:
        return None
    common = set(me.origins)
    for slug in relays:
        common &= set(basics[slug].origins)
    publishers = [basics[s].publisher or f"“{basics[s].title or s}”" for s in relays]
    return Echo(relays, publishers, [me.origins[sid] for sid in sorted(common)])


def stories(order: Sequence[str], related: Mapping[str, Sequence[Related]]) -> list[Story]:
    """Reports that list each other as related, joined transitively (union-find); in the
    site's order, each story's slugs sorted."""
    parent = {slug: slug for slug in order}

    def find(slug: str) -> str:
        while parent[slug] != slug:
            parent[slug] = parent[parent[slug]]
            slug = parent[slug]
        return slug

    listed = {slug: {x.slug for x in related[slug]} for slug in order}
    for slug in order:
        for other in listed[slug]:
            if slug in listed.get(other, ()):
                parent[find(slug)] = find(other)
    members: dict[str, list[str]] = {}
    for slug in order:
        members.setdefault(find(slug), []).append(slug)
    return [Story(id=min(slugs), slugs=sorted(slugs)) for slugs in members.values()]


@lru_cache(maxsize=1 << 16)
def entity_id(name: str) -> str:
    """The page slug of an entity's name (slugifying is slow; names repeat)."""
    return page_slug(name, "entity")


def entity_pages(order: Sequence[str], entities: Mapping[str, Entities]
                 ) -> tuple[dict[str, dict[str, EntityPage]], dict[tuple[str, str], str]]:
    """One page per place, unit, person and organisation, listing the reports naming it
    (in the site's order); and each (kind, name)'s page id."""
    ids: dict[tuple[str, str], str] = {}
    by_kind: dict[str, dict[str, EntityPage]] = {}
    for kind in ENTITY_KINDS:
        pages: dict[str, EntityPage] = {}
        for slug in order:
            for name in getattr(entities[slug], kind):
                eid = ids.setdefault((kind, name), entity_id(name))
                pages.setdefault(eid, EntityPage(kind, name, eid)).slugs.append(slug)
        by_kind[kind] = dict(sorted(pages.items(), key=lambda kv: kv[1].name.lower()))
    return by_kind, ids
