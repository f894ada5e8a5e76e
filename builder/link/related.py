"""Related reports: report features → for each report, its best related reports with reasons.

Sub-quadratic: every report is filed in an inverted index under its keys (entities, claim
origins, strongest text terms). Candidates for a report are the reports sharing its keys;
a key filed under too many reports (a "very common term") contributes only the postings
nearest in date, at most ``POSTING_CAP`` of them. Only the ``SHORTLIST`` best candidates
by shared-key weight are scored in full, so the work per report is bounded and linking n
reports costs O(n log n) (the sorts), not O(n²).
"""

from __future__ import annotations

import bisect
import heapq
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from builder.config import LinkConfig
from builder.link.text import Vector, cosine, shared_terms
from builder.records import Related

POSTING_CAP = 64
"""Most postings one key contributes to a report's candidates."""
SHORTLIST = 24
"""Candidates per report scored in full."""
NEAREST = 8
"""Reports nearest each report whose claims are compared for echo and corroboration:
wider than the related list, since a claim confirmed from another source may sit in a
report that shares little else."""
TEXT_KEYS = 12
"""Strongest text terms of a report used as index keys."""
DATE_SCALE = 7.0
"""Days over which date proximity falls to 1/e: a week."""
ENTITY_KINDS = (("units", "same unit"), ("people", "same person"),
                ("orgs", "same organisation"), ("places", "same place"))
NO_DAY = 10**9
BACKGROUND_MARGIN = 0.3
"""Most a related report must stand above its report's background score."""


@dataclass(slots=True)
class Features:
    """What one report is about, as the index and the scorer see it."""

    slug: str
    day: int | None
    """Date as a day number (proleptic ordinal), None when unknown."""
    mentions: dict[str, int]
    """Entity key ('units:<name>', 'places:<name>', ...) → times mentioned."""
    origins: dict[str, str]
    """Origin source id → name, over all its claims."""
    origin_claims: dict[str, int]
    """Origin source id → how many claims it is the origin of."""
    vector: Vector
    keys: list[str] = field(default_factory=list)
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
        self.keys = [*sorted(self.entity_keys), *sorted(self.source_keys),
                     *(f"term:{t}" for t, _ in strongest)]

    def weigh(self, idf: dict[str, float]) -> None:
        self.entity_weights = _unit_vector(self.mentions, idf)
        self.source_weights = _unit_vector(
            {f"src:{sid}": n for sid, n in self.origin_claims.items()}, idf)

    def named(self, kind: str) -> list[str]:
        """Names of one kind of entity, most mentioned first."""
        prefix = kind + ":"
        keys = sorted((k for k in self.mentions if k.startswith(prefix)),
                      key=lambda k: -self.mentions[k])
        return [k[len(prefix):] for k in keys]


@dataclass(slots=True)
class Index:
    """Key → report numbers sorted by date, plus each key's inverse document frequency."""

    postings: dict[str, list[int]]
    days: dict[str, list[int]]
    idf: dict[str, float]

    @classmethod
    def build(cls, features: list[Features]) -> Index:
        """File every report under each of its keys; postings sorted by date."""
        postings: dict[str, list[int]] = defaultdict(list)
        for i, f in enumerate(features):
            for key in set(f.keys):
                postings[key].append(i)
        days: dict[str, list[int]] = {}
        for key, posting in postings.items():
            posting.sort(key=lambda i: _day(features[i]))
            days[key] = [_day(features[i]) for i in posting]
        n = len(features)
        idf = {k: math.log((1 + n) / len(p)) + 0.1 for k, p in postings.items()}
        for f in features:
            f.weigh(idf)
        return cls(dict(postings), days, idf)

    def near(self, key: str, day: int | None) -> list[int]:
        """The postings of ``key``; for a very common key, only those nearest ``day``."""
        posting = self.postings[key]
        if len(posting) <= POSTING_CAP:
            return posting
        if day is None:
            return []
        middle = bisect.bisect_left(self.days[key], day)
        start = max(0, min(middle - POSTING_CAP // 2, len(posting) - POSTING_CAP))
        return posting[start:start + POSTING_CAP]


def _day(f: Features) -> int:
    return f.day if f.day is not None else NO_DAY


def candidates(index: Index, features: list[Features], i: int) -> list[int]:
    """Reports sharing the most (weighted) keys with report ``i``, best first."""
    weight: dict[int, float] = defaultdict(float)
    me = features[i]
    for key in set(me.keys):
        w = index.idf[key]
        for j in index.near(key, me.day):
            weight[j] += w
    weight.pop(i, None)
    best = heapq.nlargest(SHORTLIST, weight.items(), key=lambda kv: (kv[1], -kv[0]))
    return [j for j, _ in best]


def _unit_vector(counts: dict[str, int], idf: dict[str, float]) -> dict[str, float]:
    """(1 + log count) · IDF per key, scaled to length 1."""
    weights = {k: (1.0 + math.log(max(n, 1))) * idf[k] for k, n in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {k: w / norm for k, w in weights.items()}


def date_proximity(a: Features, b: Features) -> float:
    """1.0 the same day, 1/e a week apart, 0.5 (no opinion) when either date is unknown."""
    if a.day is None or b.day is None:
        return 0.5
    return math.exp(-abs(a.day - b.day) / DATE_SCALE)


def score_pair(a: Features, b: Features, idf: dict[str, float], config: LinkConfig) -> float:
    """Score in [0, 1] of how related two reports are.

    Shared entities, origins and wording are weighted evidence of one subject; distance
    in time then discounts it — by up to ``weight_date`` (0.5: to half) for reports far
    apart — since one event is reported within days, while the same unit a year later is
    another event.
    """
    entities = cosine(a.entity_weights, b.entity_weights)
    sources = cosine(a.source_weights, b.source_weights)
    text = cosine(a.vector, b.vector)
    # Evidence counts only where both reports have some: two reports with no named
    # origin do not disagree about their sources.
    parts = [(config.weight_entities, entities, bool(a.entity_keys and b.entity_keys)),
             (config.weight_sources, sources, bool(a.source_keys and b.source_keys)),
             (config.weight_text, text, True)]
    total = sum(w for w, _, known in parts if known)
    topical = sum(w * value for w, value, known in parts if known) / (total or 1.0)
    discount = min(1.0, max(0.0, config.weight_date)) * (1.0 - date_proximity(a, b))
    return round(topical * (1.0 - discount), 4)


def reasons(a: Features, b: Features) -> list[str]:
    """Reader-facing reasons: shared units, origins, people, organisations, place, wording."""
    why = []
    text = cosine(a.vector, b.vector)
    for kind, label in ENTITY_KINDS[:1]:
        shared = [n for n in a.named(kind) if n in b.named(kind)]
        if shared:
            why.append(f"{label}: {', '.join(shared[:2])}")
    origins = [name for sid, name in a.origins.items() if sid in b.origins]
    if origins:
        why.append(f"same origin source: {', '.join(origins[:2])}")
    for kind, label in ENTITY_KINDS[1:3]:
        shared = [n for n in a.named(kind) if n in b.named(kind)]
        if shared:
            why.append(f"{label}: {', '.join(shared[:2])}")
    places = [n for n in a.named("places") if n in b.named("places")]
    same_week = a.day is not None and b.day is not None and abs(a.day - b.day) <= 7
    if places:
        label = "same place and week" if same_week else "same place"
        why.append(f"{label}: {', '.join(places[:2])}")
    elif same_week:
        why.append("same week")
    if text >= 0.2:
        why.append(f"similar wording: {', '.join(shared_terms(a.vector, b.vector))}")
    return why


def related_reports(
    features: list[Features], config: LinkConfig
) -> tuple[list[list[Related]], list[list[str]]]:
    """For each report (same order as ``features``), its best related reports, and its
    nearest reports (up to ``NEAREST``, whatever their score) whose claims are compared.

    A candidate is listed when it scores at least ``min_score`` and stands out from the
    report's background (the median score of its shortlist, reports not shortlisted
    counting as 0): twice the background, or ``BACKGROUND_MARGIN`` above it. In a
    library where many reports share a unit or place, that keeps the links to the ones
    about the same event; in a small, varied one the background is near 0.
    """
    index = Index.build(features)
    related, nearest = [], []
    for i, me in enumerate(features):
        scored = sorted(((score_pair(me, features[j], index.idf, config), j)
                         for j in candidates(index, features, i)),
                        key=lambda sj: (-sj[0], features[sj[1]].slug))
        typical = background([s for s, _ in scored])
        floor = max(config.min_score, typical + min(typical, BACKGROUND_MARGIN))
        shown = []
        for score, j in scored:
            why = reasons(me, features[j]) if score >= floor else []
            if why:
                shown.append(Related(slug=features[j].slug, score=score, why=why))
            if len(shown) == config.max_related:
                break
        related.append(shown)
        nearest.append([features[j].slug for score, j in scored[:NEAREST] if score > 0])
    return related, nearest


def background(scores: list[float]) -> float:
    """Median score of a full shortlist, missing candidates counting as 0."""
    scores = sorted(scores, reverse=True)
    scores += [0.0] * (SHORTLIST - len(scores))
    return statistics.median(scores)
