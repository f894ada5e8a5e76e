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
    anchors: frozenset[str]
    """Units and places."""


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


def claim_facts(text: str) -> Facts:
    """Events, numbers (years left out: they date a claim, not tell it apart) and anchors."""
    text = text.translate(QUOTES)
    events, _, _ = _lexicon()
    numbers = {n.rstrip(".,").replace(",", "") for n in NUMBER.findall(text)}
    numbers = {n for n in numbers if not (len(n) == 4 and n[:2] in ("19", "20"))}
    anchors = {f"unit:{key}" for key, _ in unit_mentions(text)}
    anchors |= {f"place:{name}" for name in place_names(text)}
    return Facts(frozenset(n for n, p in events.items() if p.search(text)),
                 frozenset(numbers), frozenset(anchors))


def same_event(a: Facts, b: Facts) -> bool:
    """Same kind of event and a shared number or unit, with no disagreeing numbers, units
    or places. A shared place alone is not enough: many events happen in one region, and
    wrongly calling a claim corroborated is worse than missing an echo."""
    if not (a.events & b.events):
        return False
    for mine, theirs in ((a.numbers, b.numbers), (_units(a), _units(b)),
                         (_places(a), _places(b))):
        if mine and theirs and not (mine & theirs):
            return False
    return bool((a.numbers & b.numbers) or (_units(a) & _units(b)))


def _keys(facts: Facts) -> frozenset[str]:
    """The facts that can make two claims one: numbers and units."""
    return facts.numbers | _units(facts)


def _units(facts: Facts) -> frozenset[str]:
    return frozenset(x for x in facts.anchors if x.startswith("unit:"))


def _places(facts: Facts) -> frozenset[str]:
    return frozenset(x for x in facts.anchors if x.startswith("place:"))


def origins(claim: Claim) -> dict[str, str]:
    """Origin source id → name: the sources marked origin, else the first of the chain."""
    marked = {s.id: s.name for s in claim.sources if s.role == "origin"}
    if marked:
        return marked
    return {claim.sources[0].id: claim.sources[0].name} if claim.sources else {}


class _Groups:
    """Union-find over claim references."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.refs: dict[int, ClaimRef] = {}

    def find(self, key: int) -> int:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: ClaimRef, b: ClaimRef) -> None:
        for ref in (a, b):
            if id(ref.claim) not in self.parent:
                self.parent[id(ref.claim)] = id(ref.claim)
                self.refs[id(ref.claim)] = ref
        self.parent[self.find(id(a.claim))] = self.find(id(b.claim))

    def groups(self) -> list[list[ClaimRef]]:
        out: dict[int, list[ClaimRef]] = {}
        for key, ref in self.refs.items():
            out.setdefault(self.find(key), []).append(ref)
        return list(out.values())


def match_claims(pairs: list[tuple[list[ClaimRef], list[ClaimRef]]]) -> list[list[ClaimRef]]:
    """Claims of related reports (each pair: two reports' claims) grouped by same event."""
    groups = _Groups()
    facts: dict[int, Facts] = {}
    for mine, theirs in pairs:
        for ref in [*mine, *theirs]:
            if id(ref.claim) not in facts:
                facts[id(ref.claim)] = claim_facts(ref.claim.text)
        # Only claims sharing a number or unit can be the same event: index theirs by both.
        by_fact: dict[str, list[ClaimRef]] = {}
        for b in theirs:
            for fact in _keys(facts[id(b.claim)]):
                by_fact.setdefault(fact, []).append(b)
        for a in mine:
            mine_facts = facts[id(a.claim)]
            seen: set[int] = set()
            for fact in _keys(mine_facts):
                for b in by_fact.get(fact, ()):
                    if id(b.claim) not in seen:
                        seen.add(id(b.claim))
                        if same_event(mine_facts, facts[id(b.claim)]):
                            groups.union(a, b)
    return [g for g in groups.groups() if len({r.slug for r in g}) > 1]


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
    """Echo when every named chain shares an origin; corroborated when two are independent."""
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


def find_drift(group: ClaimGroup) -> list[Drift]:
    """Pairs of one chain where the relay states flatly what the hedged report hedged.

    The flat claim must name the same origin, or none at all (a relay that dropped the
    attribution together with the hedge).
    """
    drift = []
    for a in group.members:
        dropped = hedges_in(a.claim)
        if not dropped:
            continue
        for b in group.members:
            theirs = origins(b.claim)
            same_chain = not theirs or bool(theirs.keys() & origins(a.claim).keys())
            if b.slug != a.slug and same_chain and is_flat(b.claim):
                drift.append(Drift(hedged=a, flat=b, hedges=dropped))
    return drift
