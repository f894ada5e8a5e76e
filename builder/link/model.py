"""The site-wide results of linking, kept in ``LinkedSite.extra["link"]`` for the pages.

Plain data: claim groups (echo or corroboration), hedge drift, coverage by side, stories
and the entity indexes. Templates read them through ``SiteLinks``' small look-ups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from builder.records import Claim, settled

Verdict = Literal["echo", "corroborated"]
SIDES = ("Russian", "Ukrainian", "third party", "unknown")
ENTITY_KINDS = {"places": "Places", "units": "Units", "people": "People",
                "orgs": "Organisations"}


@settled
@dataclass(slots=True)
class ClaimRef:
    """One claim of one report."""

    slug: str
    claim: Claim
    publisher: str | None = None


@settled
@dataclass(slots=True)
class ClaimGroup:
    """The same claim (same event facts) carried by several reports."""

    members: list[ClaimRef]
    """The claim judged, then the claims of related reports matching it."""
    verdict: Verdict
    origins: list[str]
    """Echo: the origin names every chain traces back to. Corroborated: each chain's origin."""

    def others(self, slug: str) -> list[ClaimRef]:
        return [m for m in self.members if m.slug != slug]


@settled
@dataclass(slots=True)
class Drift:
    """A relay stating flatly what its origin hedged."""

    hedged: ClaimRef
    flat: ClaimRef
    hedges: list[str]
    """The hedge words the relay dropped ('allegedly', 'claimed')."""


@settled
@dataclass(slots=True)
class Echo:
    """Reports relaying the same origins as this one: one source repeated, not confirmation."""

    slugs: list[str]
    publishers: list[str]
    origins: list[str]


@settled
@dataclass(slots=True)
class Coverage:
    """How many claims of a report or story originate on each side."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SIDES, 0))

    def add(self, other: Coverage) -> None:
        for side, n in other.counts.items():
            self.counts[side] = self.counts.get(side, 0) + n

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def percent(self, side: str) -> float:
        return 100.0 * self.counts.get(side, 0) / self.total if self.total else 0.0

    @property
    def one_side(self) -> str | None:
        """The only side claims come from, when they all come from one known side."""
        known = [s for s in SIDES[:3] if self.counts.get(s)]
        return known[0] if len(known) == 1 else None


@settled
@dataclass(slots=True)
class Story:
    """Reports of one event: the connected reports that list each other as related."""

    id: str
    slugs: list[str]
    coverage: Coverage = field(default_factory=Coverage)


@settled
@dataclass(slots=True)
class EntityPage:
    """One place, unit, person or organisation and the reports naming it."""

    kind: str
    name: str
    id: str
    slugs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SiteLinks:
    """Everything the link stage found across the site, by report slug where per report."""

    groups: dict[str, list[ClaimGroup]] = field(default_factory=dict)
    drift: dict[str, list[Drift]] = field(default_factory=dict)
    echoes: dict[str, Echo] = field(default_factory=dict)
    coverage: dict[str, Coverage] = field(default_factory=dict)
    story_of: dict[str, Story] = field(default_factory=dict)
    entities: dict[str, dict[str, EntityPage]] = field(default_factory=dict)
    """kind → entity id → page."""
    entity_ids: dict[tuple[str, str], str] = field(default_factory=dict)
    """(kind, name) → entity id, for links from report pages."""

    def entity_id(self, kind: str, name: str) -> str:
        return self.entity_ids[(kind, name)]
