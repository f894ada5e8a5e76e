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
from builder.link.text import cosine, idf, library_size, shared_terms
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


Filed = tuple[list[str], list[int], int]
"""A key's postings, their days and its weight, as they were before a change."""


class Index:
    """Key → slugs of the reports filed under it, by date; each key's weight (its inverse
    document frequency). Kept between builds: ``refile`` applies what changed.

    A key's weight is a whole number (``WEIGHT_UNITS`` per nat of IDF, IDF being rounded
    to quarters), so a report's candidate weights — sums of its keys' weights — are exact
    whatever the order they are added in, and a change can be applied to them as a
    difference (``shift``) with the very result a fresh sum gives.
    """

    def __init__(self) -> None:
        self.postings: dict[str, list[str]] = {}
        self.days: dict[str, list[int]] = {}
        self.units: dict[str, int] = {}
        self.idf: dict[str, float] = {}
        self.n = 0

    def refile(self, old: Mapping[str, Features | None], new: Mapping[str, Features | None],
               features: Mapping[str, Features], rank: Mapping[str, int],
               n: int) -> dict[str, Filed | None]:
        """File again the reports in ``old``/``new`` (their features before and after;
        None: absent). ``features``/``rank``: every report's, after.

        Returns the keys whose postings or weight changed (all weights, when the size of
        the library changed enough), each with how it was filed before (None: new key).
        """
        touched: set[str] = set()
        for slug in old.keys() | new.keys():
            before, after = old.get(slug), new.get(slug)
            was = set(before.keys) if before else set()
            now = set(after.keys) if after else set()
            touched |= was ^ now
            if before and after and (before.day, before.date) != (after.day, after.date):
                touched |= was & now  # moved in the date order of its keys
        changed: dict[str, Filed | None] = {key: self._filed(key) for key in touched}
        for slug in old.keys() | new.keys():
            before, after = old.get(slug), new.get(slug)
            was = set(before.keys) if before else set()
            now = set(after.keys) if after else set()
            for key in was - now:
                self.postings[key].remove(slug)
            for key in now - was:
                self.postings.setdefault(key, []).append(slug)
        for key in touched:
            posting = self.postings.get(key)
            if not posting:
                self.postings.pop(key, None)
                self.days.pop(key, None)
                continue
            posting.sort(key=lambda s: (features[s].sort_day, rank[s]))
            self.days[key] = [features[s].sort_day for s in posting]
        resized = library_size(n) != library_size(self.n)
        self.n = n
        for key in set(self.units) | touched if resized else touched:
            posting = self.postings.get(key)
            units = key_units(n, len(posting)) if posting else None
            if units != self.units.get(key):
                if key not in changed:  # weight changed, postings did not
                    changed[key] = self._filed(key)
                if units is None:
                    del self.units[key], self.idf[key]
                else:
                    self.units[key], self.idf[key] = units, units / WEIGHT_UNITS
        return changed

    def _filed(self, key: str) -> Filed | None:
        if key not in self.units:
            return None
        return list(self.postings[key]), list(self.days[key]), self.units[key]

    def filed_under(self, keys: Iterable[str]) -> set[str]:
        """Every report filed under any of ``keys``."""
        found: set[str] = set()
        for key in keys:
            found.update(self.postings.get(key, ()))
        return found

    def near(self, key: str, day: int) -> list[str]:
        """The postings of ``key``; for a very common key, only those nearest ``day``."""
        return window(self.postings[key], self.days[key], day)

    def weights(self, features: Features) -> tuple[dict[str, float], dict[str, float]]:
        """The IDF weights of a report's entities and of its origins, as unit vectors."""
        return (_unit_vector(features.mentions, self.idf),
                _unit_vector({f"src:{sid}": n for sid, n in features.origin_claims.items()},
                             self.idf))

    def candidate_weights(self, me: Features) -> dict[str, int]:
        """Reports sharing keys with ``me`` → the summed weight of the keys shared (for a
        very common key, only with the reports nearest in date)."""
        weight: dict[str, int] = {}
        day = me.sort_day
        for key in me.keys:
            w = self.units[key]
            for other in self.near(key, day):
                weight[other] = weight.get(other, 0) + w
        weight.pop(me.slug, None)
        return weight

    def shift(self, weight: dict[str, int], me: Features, key: str,
              before: Filed | None) -> tuple[set[str], set[str]]:
        """Apply to ``me``'s candidate weights the change of one of its keys since it
        was filed as ``before``: the reports it no longer adds, those it adds now.
        Returns the reports whose weight went up, and those whose weight went down."""
        day = me.sort_day
        was = set(window(before[0], before[1], day)) if before else set()
        now = set(self.near(key, day)) if key in self.units else set()
        was_units = before[2] if before else 0
        now_units = self.units.get(key, 0)
        # With the key's weight unchanged, only reports entering or leaving its window move.
        moved = was ^ now if was_units == now_units else was | now
        up: set[str] = set()
        down: set[str] = set()
        for other in moved:
            change = (now_units if other in now else 0) - (was_units if other in was else 0)
            if not change or other == me.slug:
                continue
            total = weight.get(other, 0) + change
            if total:
                weight[other] = total
            else:
                del weight[other]
            (up if change > 0 else down).add(other)
        return up, down


WEIGHT_UNITS = 20
"""Candidate weight units per nat of IDF (a key weighs its IDF plus 0.1: whole units)."""


def key_units(n_docs: int, postings: int) -> int:
    """A key's weight in whole units: (IDF + 0.1) · ``WEIGHT_UNITS``."""
    return round((idf(n_docs, postings - 1) + 0.1) * WEIGHT_UNITS)


def window(posting: list[str], days: list[int], day: int) -> list[str]:
    """A posting list, or for a very common key only the ``POSTING_CAP`` nearest ``day``."""
    if len(posting) <= POSTING_CAP:
        return posting
    if day == NO_DAY:
        return []
    middle = bisect.bisect_left(days, day)
    start = max(0, min(middle - POSTING_CAP // 2, len(posting) - POSTING_CAP))
    return posting[start:start + POSTING_CAP]


def shortlist(weight: dict[str, int], rank: Mapping[str, int]) -> list[str]:
    """The ``SHORTLIST`` candidates of most weight, best first (ties: the earlier in the
    site's order)."""
    # (weight, -rank) as one whole number: heapq then compares in C, without a key.
    scale = len(rank) + 1
    order = {w * scale - rank[slug]: slug for slug, w in weight.items()}  # all distinct
    return [order[value] for value in heapq.nlargest(SHORTLIST, order)]


def shortlist_after(before: list[str], weight: dict[str, int], up: set[str],
                    down: set[str], rank: Mapping[str, int]) -> list[str]:
    """``shortlist(weight, rank)`` after the weights of ``up`` rose and those of ``down``
    fell, from the shortlist ``before``: when none of its members fell, every report
    outside it and ``up`` still ranks below it, so only those are compared."""
    if down.intersection(before):
        return shortlist(weight, rank)
    pool = {slug: weight[slug] for slug in (*before, *up) if slug in weight}
    return shortlist(pool, rank)


def candidates(index: Index, me: Features, rank: Mapping[str, int]) -> list[str]:
    """Reports sharing the most (weighted) keys with ``me``, best first."""
    return shortlist(index.candidate_weights(me), rank)


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
        if why:  # shown to two places: a change in the fourth is no change to a reader
            shown.append(Related(slug=slug, score=round(score, 2), why=why))
    nearest = [slug for score, slug in scored[:NEAREST] if score > 0]
    return shown, nearest


def background(scores: list[float]) -> float:
    """Median score of a full shortlist, missing candidates counting as 0."""
    scores = sorted(scores, reverse=True)
    scores += [0.0] * (SHORTLIST - len(scores))
    return statistics.median(scores)
