"""Echo versus corroboration, and hedge drift: claims of related reports → ClaimGroups.

Two claims of different reports are the same claim when their event facts agree: the
same kind of event (``related.yaml`` events) and a shared number or unit, with no
conflicting numbers, units or places. Only reports already related are compared, so the work stays
proportional to the number of related links. A group whose source chains all share an
origin is an *echo* (stays unverified); a group with two chains of disjoint origins is
*corroborated* across the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from builder.data import load_default
from builder.link.entities import QUOTES, place_names, unit_mentions
from builder.link.model import ClaimGroup, ClaimRef, Drift
from builder.records import Claim

NUMBER = re.compile(r"\b\d[\d,.]*\b")


@dataclass(frozen=True, slots=True)
class Facts:
    """The checkable facts of one claim."""

    events: frozenset[str]
    numbers: frozenset[str]
    units: frozenset[str]
    places: frozenset[str]
    hedges: tuple[str, ...] = ()
    """Hedge words of the claim ('allegedly', 'claimed'), for hedge drift."""
    flat: bool = False
    """Stated as settled (see ``is_flat``)."""

    @property
    def keys(self) -> frozenset[str]:
        """The facts that can make two claims one: numbers and units."""
        return self.numbers | self.units


@cache
def _lexicon() -> tuple[dict[str, re.Pattern[str]], re.Pattern[str], re.Pattern[str]]:
    data = load_default("related.yaml")
    events = {
        name: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)
        for name, words in data["events"].items()
    }

    def words(key: str) -> re.Pattern[str]:
        return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in data[key]) + r")\b", re.I)

    return events, words("hedges"), words("firm")


_FACTS: dict[tuple[str, tuple[str, ...], str], Facts] = {}
"""(text, cues, status) → facts: a rebuild finds most claims unchanged."""
FACTS_KEPT = 200_000


def claim_facts(claim: Claim) -> Facts:
    """``claim_facts_of`` the claim, remembered by what it reads of the claim."""
    key = (claim.text, tuple(claim.cues), claim.status)
    found = _FACTS.get(key)
    if found is None:
        if len(_FACTS) >= FACTS_KEPT:
            _FACTS.clear()
        found = _FACTS[key] = claim_facts_of(claim)
    return found


def claim_facts_of(claim: Claim) -> Facts:
    """Events, numbers (years left out: they date a claim, not tell it apart), units,
    places, and how firmly the claim is put."""
    text = claim.text.translate(QUOTES)
    events, _, _ = _lexicon()
    numbers = {n.rstrip(".,").replace(",", "") for n in NUMBER.findall(text)}
    numbers = {n for n in numbers if not (len(n) == 4 and n[:2] in ("19", "20"))}
    return Facts(frozenset(n for n, p in events.items() if p.search(text)),
                 frozenset(numbers),
                 frozenset(key for key, _ in unit_mentions(text)),
                 frozenset(place_names(text)),
                 tuple(hedges_in(claim)), is_flat(claim))


def same_event(a: Facts, b: Facts) -> bool:
    """Same kind of event and a shared number or unit, with no disagreeing numbers, units
    or places. A shared place alone is not enough: many events happen in one region, and
    wrongly calling a claim corroborated is worse than missing an echo."""
    if not (a.events & b.events):
        return False
    for mine, theirs in ((a.numbers, b.numbers), (a.units, b.units), (a.places, b.places)):
        if mine and theirs and not (mine & theirs):
            return False
    return bool((a.numbers & b.numbers) or (a.units & b.units))


def origins(claim: Claim) -> dict[str, str]:
    """Origin source id → name: the sources marked origin, else the first of the chain."""
    marked = {s.id: s.name for s in claim.sources if s.role == "origin"}
    if marked:
        return marked
    return {claim.sources[0].id: claim.sources[0].name} if claim.sources else {}


def match_claims(
    pairs: list[tuple[list[ClaimRef], list[ClaimRef]]]
) -> tuple[list[tuple[ClaimRef, list[ClaimRef]]], dict[int, Facts]]:
    """Each claim with the claims of its related reports that state the same event.

    Not closed transitively: a claim is judged against its own matches only, so one
    loose match cannot chain unrelated events into one group, and the work per claim
    stays bounded by the related reports' claims.
    """
    facts: dict[int, Facts] = {}
    matches: dict[int, tuple[ClaimRef, list[ClaimRef]]] = {}
    matchable: dict[int, list[tuple[ClaimRef, Facts, frozenset[str]]]] = {}
    indexes: dict[int, dict[str, list[tuple[ClaimRef, Facts]]]] = {}
    for mine, theirs in pairs:
        for refs in (mine, theirs):
            if id(refs) not in matchable:
                matchable[id(refs)] = _matchable(refs, facts)
        if id(theirs) not in indexes:  # a report is in many pairs: indexed once
            indexes[id(theirs)] = _by_fact(matchable[id(theirs)])
        for a, b in _same_event_pairs(matchable[id(mine)], indexes[id(theirs)]):
            matches.setdefault(id(a.claim), (a, []))[1].append(b)
            matches.setdefault(id(b.claim), (b, []))[1].append(a)
    return list(matches.values()), facts


def _matchable(refs: list[ClaimRef], facts: dict[int, Facts]
               ) -> list[tuple[ClaimRef, Facts, frozenset[str]]]:
    """The claims (with facts and keys) that can match any claim: with an event kind and
    a number or unit; ``facts`` receives every claim's facts."""
    found = []
    for ref in refs:
        if id(ref.claim) not in facts:
            facts[id(ref.claim)] = claim_facts(ref.claim)
        mine = facts[id(ref.claim)]
        keys = mine.keys
        if mine.events and keys:
            found.append((ref, mine, keys))
    return found


def _by_fact(refs: list[tuple[ClaimRef, Facts, frozenset[str]]]
             ) -> dict[str, list[tuple[ClaimRef, Facts]]]:
    by_fact: dict[str, list[tuple[ClaimRef, Facts]]] = {}
    for b, its_facts, keys in refs:
        for fact in keys:
            by_fact.setdefault(fact, []).append((b, its_facts))
    return by_fact


def _same_event_pairs(mine: list[tuple[ClaimRef, Facts, frozenset[str]]],
                      by_fact: dict[str, list[tuple[ClaimRef, Facts]]]
                      ) -> list[tuple[ClaimRef, ClaimRef]]:
    """Pairs stating the same event; only claims sharing a number or unit are compared."""
    found = []
    for a, a_facts, keys in mine:
        seen: set[int] = set()
        for fact in keys:
            for b, b_facts in by_fact.get(fact, ()):
                if id(b.claim) not in seen:
                    seen.add(id(b.claim))
                    if same_event(a_facts, b_facts):
                        found.append((a, b))
    return found


def chain_clusters(members: list[ClaimRef]) -> list[dict[str, str]]:
    """Origins of the group's chains, merged where chains share an origin."""
    clusters: list[dict[str, str]] = []
    for ref in members:
        mine = origins(ref.claim)
        if not mine:
            continue  # "reportedly", no one named: cannot show independence
        overlapping = [c for c in clusters if c.keys() & mine.keys()]
        merged = dict(mine)
        for c in overlapping:
            merged.update(c)
            clusters.remove(c)
        clusters.append(merged)
    return clusters


def judge(members: list[ClaimRef]) -> ClaimGroup | None:
    """Echo when every named chain shares an origin; corroborated when two are independent.

    ``members``: the claim judged first, then the claims matching it.
    """
    clusters = chain_clusters(members)
    if len(clusters) >= 2:
        names = [", ".join(c.values()) for c in clusters]
        return ClaimGroup(members, "corroborated", names)
    if clusters and len({r.slug for r in members}) > 1:
        shared = set.intersection(*(set(origins(r.claim)) for r in members
                                    if origins(r.claim)))
        names = [clusters[0][sid] for sid in sorted(shared)] or list(clusters[0].values())
        return ClaimGroup(members, "echo", names)
    return None


def hedges_in(claim: Claim) -> list[str]:
    _, hedges, _ = _lexicon()
    found = [m.group(0).lower() for m in hedges.finditer(claim.text)]
    found += [c.lower() for c in claim.cues if hedges.fullmatch(c)]
    return list(dict.fromkeys(found))


def is_flat(claim: Claim) -> bool:
    """Stated as settled: in the publisher's own voice, or with a word like 'confirmed'."""
    _, hedges, firm = _lexicon()
    if hedges.search(claim.text):
        return False
    return claim.status == "unsourced" or bool(firm.search(claim.text))


def find_drift(group: ClaimGroup, facts: dict[int, Facts]) -> list[Drift]:
    """Hedge drift between the group's claim (its first member) and its matches.

    The flat claim must name the same origin as the hedged one, or none at all (a relay
    that dropped the attribution together with the hedge). ``facts``: by claim id.
    """
    mine, others = group.members[0], group.members[1:]
    drift = []
    for other in others:
        for hedged, flat in ((mine, other), (other, mine)):
            dropped = facts[id(hedged.claim)].hedges
            if not dropped or not facts[id(flat.claim)].flat:
                continue
            theirs = origins(flat.claim)
            if not theirs or theirs.keys() & origins(hedged.claim).keys():
                drift.append(Drift(hedged=hedged, flat=flat, hedges=list(dropped)))
    return drift
