"""What linking reads of each report: AnnotatedReport → Basics → Features.

``Basics`` are a pure function of one annotated report (its entity mentions, term counts,
claim origins and claim facts), so they are computed once per record and reused for as
long as the record is. ``Features`` add what depends on the corpus: unit display names
agreed across reports (``UnitNames``) and the TF-IDF vector, whose weights depend on how
many reports use each term. The link stage recomputes a report's Features only when its
Basics, the name of one of its units, or the document frequency of one of its terms
changed.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from builder.link.chains import Facts, claim_facts, origins
from builder.link.entities import UnitNames, mentions
from builder.link.text import Vector, term_counts, tfidf
from builder.records import AnnotatedReport, Entities

VECTOR_TERMS = 48
"""Strongest terms kept per report vector."""
TEXT_KEYS = 12
"""Strongest text terms of a report used as index keys."""
NO_DAY = 10**9


@dataclass(frozen=True, slots=True, eq=False)
class Basics:
    """What linking reads of one annotated report; never changed once made."""

    slug: str
    date: str
    """ISO date as the report gives it, "" when unknown (orders the site)."""
    day: int | None
    """The date as a day number, None when absent or not ISO."""
    title: str
    publisher: str | None
    units: tuple[tuple[str, str], ...]
    """(identity key, spelling) of every unit mention, in order."""
    places: tuple[str, ...]
    people: tuple[str, ...]
    orgs: tuple[str, ...]
    counts: Mapping[str, int]
    """Term → occurrences in title and body."""
    origins: dict[str, str]
    """Origin source id → name, over all claims."""
    origin_claims: dict[str, int]
    """Origin source id → how many claims it is the origin of."""
    refs: tuple[tuple[str, str], ...]
    """(source id, name) of every link of every claim's chain, in order."""
    facts: tuple[Facts, ...]
    """The checkable facts of each claim (same order as the claims)."""

    @property
    def order(self) -> tuple[str, str]:
        """Sort key of the site's report order (newest first is this, descending)."""
        return (self.date, self.slug)


def basics_of(report: AnnotatedReport, slug: str) -> Basics:
    meta = report.clean.meta
    text = f"{meta.title or ''}\n{report.clean.body}"
    units, (places, people, orgs) = mentions(text)
    found_origins: dict[str, str] = {}
    by_origin: Counter[str] = Counter()
    refs: list[tuple[str, str]] = []
    for claim in report.claims:
        mine = origins(claim)
        found_origins.update(mine)
        by_origin.update(mine.keys())
        refs.extend((ref.id, ref.name) for ref in claim.sources)
    return Basics(
        slug=slug, date=meta.date or "", day=day_number(meta.date), title=meta.title or "",
        publisher=meta.publisher, units=units, places=places, people=people, orgs=orgs,
        counts=term_counts(text), origins=found_origins, origin_claims=dict(by_origin),
        refs=tuple(refs), facts=tuple(claim_facts(c) for c in report.claims))


def day_number(value: str | None) -> int | None:
    """An ISO date as a day number (proleptic ordinal), None when absent or not ISO."""
    try:
        return date.fromisoformat((value or "")[:10]).toordinal()
    except ValueError:
        return None


def entities_of(basics: Basics, units: UnitNames) -> tuple[Entities, dict[str, int]]:
    """A report's entities (unit keys replaced by their corpus-wide names) and how often
    each is mentioned (``"places:Sumy"`` → 3): a report's subject is named again and again."""
    found = {"places": basics.places, "units": tuple(units.name(k) for k, _ in basics.units),
             "people": basics.people, "orgs": basics.orgs}
    counts = Counter(f"{kind}:{name}" for kind, names in found.items() for name in names)
    entities = Entities(**{kind: list(dict.fromkeys(names)) for kind, names in found.items()})
    return entities, dict(counts)


@dataclass(slots=True, eq=False)
class Features:
    """What one report is about, as the index and the scorer see it."""

    slug: str
    date: str
    day: int | None
    mentions: dict[str, int]
    """Entity key ('units:<name>', 'places:<name>', ...) → times mentioned."""
    origins: dict[str, str]
    """Origin source id → name, over all its claims."""
    origin_claims: dict[str, int]
    """Origin source id → how many claims it is the origin of."""
    vector: Vector
    keys: list[str] = field(default_factory=list)
    """Index keys: entities, origins ('src:<id>') and the strongest terms, no repeats."""
    entity_keys: frozenset[str] = frozenset()
    source_keys: frozenset[str] = frozenset()
    entity_weights: dict[str, float] = field(default_factory=dict)
    """Entity key → (1 + log mentions) · IDF, divided by the norm: a unit vector."""
    source_weights: dict[str, float] = field(default_factory=dict)
    """Source key → (1 + log claims) · IDF, as a unit vector: the main origin counts most."""

    def __post_init__(self) -> None:
        self.entity_keys = frozenset(self.mentions)
        self.source_keys = frozenset(f"src:{sid}" for sid in self.origins)
        strongest = sorted(self.vector.items(), key=lambda kv: -kv[1])[:TEXT_KEYS]
        self.keys = list(dict.fromkeys([*sorted(self.entity_keys), *sorted(self.source_keys),
                                        *(f"term:{t}" for t, _ in strongest)]))

    def reweighed(self) -> Features:
        """A copy, to be given other IDF weights (a record handed out is never changed)."""
        return copy.copy(self)

    @property
    def sort_day(self) -> int:
        return self.day if self.day is not None else NO_DAY

    def same_text(self, other: Features) -> bool:
        """Equal in everything but the IDF weights (which the index gives)."""
        return (self.date == other.date and self.day == other.day
                and self.mentions == other.mentions
                and self.origins == other.origins and self.origin_claims == other.origin_claims
                and self.vector == other.vector)

    def same_weights(self, other: Features) -> bool:
        return (self.entity_weights == other.entity_weights
                and self.source_weights == other.source_weights)

    def named(self, kind: str) -> list[str]:
        """Names of one kind of entity, most mentioned first."""
        prefix = kind + ":"
        keys = sorted((k for k in self.mentions if k.startswith(prefix)),
                      key=lambda k: -self.mentions[k])
        return [k[len(prefix):] for k in keys]


def features_of(basics: Basics, mentioned: dict[str, int], df: Mapping[str, int],
                n_docs: int) -> Features:
    """A report's Features before weighing (``Index.weights`` gives the IDF weights)."""
    return Features(basics.slug, basics.date, basics.day, mentioned, basics.origins,
                    basics.origin_claims, tfidf(basics.counts, df, n_docs, VECTOR_TERMS))
