"""Related reports: report Features → for each report, its best related reports with reasons.

Sub-quadratic: every report is filed in an inverted index under its keys (entities, claim
origins, strongest text terms). Candidates for a report are the reports sharing its keys;
a key filed under too many reports (a "very common term") contributes only the postings
nearest in date, at most ``POSTING_CAP`` of them. Only the ``SHORTLIST`` best candidates
by shared-key weight are scored in full, so the work per report is bounded and linking n
reports costs O(n log n) (the sorts), not O(n²).

The index is kept between builds and re-filed only for the reports whose features
changed (``Index.refile``), so a rebuild knows which keys changed and which reports'
candidates must be sought again.
"""

from __future__ import annotations

import bisect
import heapq
import math
import statistics
from collections.abc import Callable, Iterable, Mapping

from builder.config import LinkConfig
from builder.link.features import NO_DAY, Features
from builder.link.text import cosine, shared_terms
from builder.records import Related

POSTING_CAP = 64
"""Most postings one key contributes to a report's candidates."""
SHORTLIST = 24
"""Candidates per report scored in full."""
NEAREST = 8
"""Reports nearest each report whose claims are compared for echo and corroboration:
wider than the related list, since a claim confirmed from another source may sit in a
report that shares little else."""
DATE_SCALE = 7.0
"""Days over which date proximity falls to 1/e: a week."""
ENTITY_KINDS = (("units", "same unit"), ("people", "same person"),
                ("orgs", "same organisation"), ("places", "same place"))
BACKGROUND_MARGIN = 0.3
"""Most a related report must stand above its report's background score."""


class Index:
    """Key → slugs of the reports filed under it, by date; each key's inverse document
    frequency. Kept between builds: ``refile`` applies what changed."""

    def __init__(self) -> None:
        self.postings: dict[str, list[str]] = {}
        self.days: dict[str, list[int]] = {}
        self.idf: dict[str, float] = {}
        self.n = 0

    def refile(self, old: Mapping[str, Features | None], new: Mapping[str, Features | None],
               features: Mapping[str, Features], rank: Mapping[str, int],
               n: int) -> tuple[set[str], set[str]]:
        """File again the reports in ``old``/``new`` (their features before and after;
        None: absent). ``features``/``rank``: every report's, after.

        Returns the keys whose postings changed and the keys whose IDF changed (all of
        them when the number of reports changed).
        """
        touched: set[str] = set()
        for slug in old.keys() | new.keys():
            before, after = old.get(slug), new.get(slug)
            was = set(before.keys) if before else set()
            now = set(after.keys) if after else set()
            for key in was - now:
                self.postings[key].remove(slug)
            for key in now - was:
                self.postings.setdefault(key, []).append(slug)
            touched |= was ^ now
            if before and after and (before.day, before.date) != (after.day, after.date):
                touched |= was & now  # moved in the date order of its keys
        for key in touched:
            posting = self.postings.get(key)
            if not posting:
                self.postings.pop(key, None)
                self.days.pop(key, None)
                continue
            posting.sort(key=lambda s: (features[s].sort_day, rank[s]))
            self.days[key] = [features[s].sort_day for s in posting]
        reweighed = set(self.idf) if n != self.n else set(touched)
        self.n = n
        idf_changed = set()
        for key in reweighed:
            posting = self.postings.get(key)
            if not posting:
                if self.idf.pop(key, None) is not None:
                    idf_changed.add(key)
                continue
            value = math.log((1 + n) / len(posting)) + 0.1
            if self.idf.get(key) != value:
                self.idf[key] = value
                idf_changed.add(key)
        for key in touched:
            if key in self.postings and key not in self.idf:
                self.idf[key] = math.log((1 + n) / len(self.postings[key])) + 0.1
                idf_changed.add(key)
        return touched, idf_changed

    def filed_under(self, keys: Iterable[str]) -> set[str]:
        """Every report filed under any of ``keys``."""
        found: set[str] = set()
        for key in keys:
            found.update(self.postings.get(key, ()))
        return found

    def near(self, key: str, day: int) -> list[str]:
        """The postings of ``key``; for a very common key, only those nearest ``day``."""
        posting = self.postings[key]
        if len(posting) <= POSTING_CAP:
            return posting
        if day == NO_DAY:
            return []
        middle = bisect.bisect_left(self.days[key], day)
        start = max(0, min(middle - POSTING_CAP // 2, len(posting) - POSTING_CAP))
        return posting[start:start + POSTING_CAP]

    def weights(self, features: Features) -> tuple[dict[str, float], dict[str, float]]:
        """The IDF weights of a report's entities and of its origins, as unit vectors."""
        return (_unit_vector(features.mentions, self.idf),
                _unit_vector({f"src:{sid}": n for sid, n in features.origin_claims.items()},
                             self.idf))


def candidates(index: Index, me: Features, rank: Mapping[str, int]) -> list[str]:
    """Reports sharing the most (weighted) keys with ``me``, best first (ties: the
    earlier in the site's order)."""
    weight: dict[str, float] = {}
    day = me.sort_day
    for key in me.keys:
        w = index.idf[key]
        for other in index.near(key, day):
            weight[other] = weight.get(other, 0.0) + w
    weight.pop(me.slug, None)
    best = heapq.nlargest(SHORTLIST, weight.items(), key=lambda kv: (kv[1], -rank[kv[0]]))
    return [slug for slug, _ in best]


def _unit_vector(counts: dict[str, int], idf: Mapping[str, float]) -> dict[str, float]:
    """(1 + log count) · IDF per key, scaled to length 1."""
    weights = {k: (1.0 + math.log(max(n, 1))) * idf[k] for k, n in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {k: w / norm for k, w in weights.items()}


def date_proximity(a: Features, b: Features) -> float:
    """1.0 the same day, 1/e a week apart, 0.5 (no opinion) when either date is unknown."""
    if a.day is None or b.day is None:
        return 0.5
    return math.exp(-abs(a.day - b.day) / DATE_SCALE)


def score_pair(a: Features, b: Features, config: LinkConfig) -> float:
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


def choose_related(
    me: Features, scores: Mapping[str, float], features: Callable[[str], Features],
    config: LinkConfig,
) -> tuple[list[Related], list[str]]:
    """A report's related reports (with reasons) and its nearest reports (up to
    ``NEAREST``, whatever their score) whose claims are compared, from the scores of its
    shortlist.

    A candidate is listed when it scores at least ``min_score`` and stands out from the
    report's background (the median score of its shortlist, reports not shortlisted
    counting as 0): twice the background, or ``BACKGROUND_MARGIN`` above it. In a
    library where many reports share a unit or place, that keeps the links to the ones
    about the same event; in a small, varied one the background is near 0.
    """
    scored = sorted(((score, slug) for slug, score in scores.items()),
                    key=lambda ss: (-ss[0], ss[1]))
    typical = background([s for s, _ in scored])
    floor = max(config.min_score, typical + min(typical, BACKGROUND_MARGIN))
    shown: list[Related] = []
    for score, slug in scored:
        if len(shown) == config.max_related:
            break
        why = reasons(me, features(slug)) if score >= floor else []
        if why:
            shown.append(Related(slug=slug, score=score, why=why))
    nearest = [slug for score, slug in scored[:NEAREST] if score > 0]
    return shown, nearest


def background(scores: list[float]) -> float:
    """Median score of a full shortlist, missing candidates counting as 0."""
    scores = sorted(scores, reverse=True)
    scores += [0.0] * (SHORTLIST - len(scores))
    return statistics.median(scores)
