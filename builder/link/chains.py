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
from dataclasses import dataclass, replace
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


def matchable(facts: tuple[Facts, ...]) -> dict[str, list[int]]:
    """Claims that can match another (an event kind and a number or unit) by fact key."""
    by_fact: dict[str, list[int]] = {}
    for index, found in enumerate(facts):
        if found.events and found.keys:
            for fact in sorted(found.keys):
                by_fact.setdefault(fact, []).append(index)
    return by_fact


def match_pair(mine: tuple[Facts, ...], theirs: tuple[Facts, ...],
               theirs_by_fact: dict[str, list[int]]) -> tuple[tuple[int, int], ...]:
    """Claims of two reports stating the same event: (my claim, their claim) indexes,
    sorted. Only claims sharing a number or unit are compared."""
    found: set[tuple[int, int]] = set()
    for index, facts in enumerate(mine):
        if not (facts.events and facts.keys):
            continue
        for fact in facts.keys:
            for other in theirs_by_fact.get(fact, ()):
                if (index, other) not in found and same_event(facts, theirs[other]):
                    found.add((index, other))
    return tuple(sorted(found))


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


def drift_between(a: ClaimRef, a_facts: Facts, b: ClaimRef, b_facts: Facts) -> list[Drift]:
    """Hedge drift between two claims stating the same event: one hedged, the other flat.

    The flat claim must name the same origin as the hedged one, or none at all (a relay
    that dropped the attribution together with the hedge).
    """
    drift = []
    for (hedged, hedged_facts), (flat, flat_facts) in (((a, a_facts), (b, b_facts)),
                                                       ((b, b_facts), (a, a_facts))):
        if not hedged_facts.hedges or not flat_facts.flat:
            continue
        theirs = origins(flat.claim)
        if not theirs or theirs.keys() & origins(hedged.claim).keys():
            drift.append(Drift(hedged=hedged, flat=flat, hedges=list(hedged_facts.hedges)))
    return drift


@dataclass(frozen=True, slots=True)
class Side:
    """One report's claims as they are compared: slug, publisher, claims and their facts."""

    slug: str
    publisher: str | None
    claims: list[Claim]
    facts: tuple[Facts, ...]
    refs: tuple[ClaimRef, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "refs", tuple(
            ClaimRef(self.slug, claim, self.publisher) for claim in self.claims))

    def ref(self, index: int) -> ClaimRef:
        return self.refs[index]


Pairing = tuple[tuple[tuple[int, int], ...], tuple[tuple[int, Drift], ...]]
"""Between two reports: their matching claims (mine, theirs), and the hedge drift found
between matched claims (with my claim's index)."""


def pair_up(me: Side, other: Side, pairs: tuple[tuple[int, int], ...]) -> Pairing:
    """The drift between each matched pair of two reports' claims (``pairs``: mine,
    theirs), found once per pair of records."""
    drift = tuple((mine, found) for mine, theirs in pairs
                  for found in drift_between(me.ref(mine), me.facts[mine], other.ref(theirs),
                                             other.facts[theirs]))
    return pairs, drift


@dataclass(slots=True)
class ClaimOutcome:
    """What comparing a report's claims with its neighbours' found."""

    groups: list[ClaimGroup]
    """One group per claim matched elsewhere (claim order), its claim first."""
    drift: list[Drift]
    """Hedge drift between its claims and its neighbours' (either side hedging)."""
    claims: list[Claim]
    """Its claims as linking leaves them: corroborated across the site, with notes. The
    annotated claims themselves are never changed: a marked claim is a copy."""


def judge_report(me: Side, partners: list[tuple[Side, Pairing]]) -> ClaimOutcome:
    """Group each claim of ``me`` with the matching claims of its partners (each with the
    matched (my claim, their claim) pairs and their drift), judge echo or corroboration
    and note it and the hedge drift on the claims. Partners come in a stable order (the
    caller's)."""
    matches: dict[int, list[ClaimRef]] = {}
    drift: list[Drift] = []
    drift_notes: dict[int, list[str]] = {}
    for other, (pairs, drifted) in partners:
        for mine, theirs in pairs:
            matches.setdefault(mine, []).append(other.refs[theirs])
        for mine, found in drifted:
            drift.append(found)
            drift_notes.setdefault(mine, []).append(
                drift_note(found) if found.flat.slug == me.slug else
                f"Hedge drift: {found.flat.publisher or found.flat.slug} states this flatly.")
    groups: list[ClaimGroup] = []
    claims = list(me.claims)
    for mine in sorted(matches.keys() | drift_notes.keys()):
        claim = me.claims[mine]
        status, note = claim.status, claim.note
        group = judged([me.ref(mine), *matches[mine]]) if mine in matches else None
        if group is not None:
            groups.append(group)
            if group.verdict == "corroborated" and status == "unverified":
                status = "corroborated"
            note = _with_note(note, group_note(group))
        for text in drift_notes.get(mine, ()):
            note = _with_note(note, text)
        if (status, note) != (claim.status, claim.note):
            claims[mine] = replace(claim, status=status, note=note)
    return ClaimOutcome(groups, drift, claims)


_JUDGED: dict[tuple[tuple[str, str | None, int], ...],
              tuple[tuple[Claim, ...], ClaimGroup | None]] = {}
"""Groups judged before, by their members (claims are never changed once annotated, so
the same claim objects in the same reports are the same group): a rebuild judges only the
groups an edit touched."""
JUDGED_KEPT = 200_000


def judged(members: list[ClaimRef]) -> ClaimGroup | None:
    """``judge(members)``, remembered by the members' reports and claim objects."""
    key = tuple((m.slug, m.publisher, id(m.claim)) for m in members)
    known = _JUDGED.get(key)
    if known is not None and all(a is m.claim for a, m in zip(known[0], members, strict=True)):
        return known[1]
    if len(_JUDGED) >= JUDGED_KEPT:
        _JUDGED.clear()
    group = judge(members)
    _JUDGED[key] = (tuple(m.claim for m in members), group)
    return group


def group_note(group: ClaimGroup) -> str:
    """What a reader is told on a claim found in other reports."""
    member = group.members[0]
    others = sorted({m.publisher or m.slug for m in group.others(member.slug)})
    if group.verdict == "corroborated":
        return (f"Corroborated across the site: also reported by {', '.join(others)} from "
                f"independent sources ({'; '.join(group.origins)}).")
    return (f"Echo: also reported by {', '.join(others)}; all trace back to "
            f"{', '.join(group.origins)}, so not independent confirmation.")


def drift_note(drift: Drift) -> str:
    """The note on the flat claim of a hedge drift."""
    origin = drift.hedged.publisher or drift.hedged.slug
    return (f"Hedge drift: {origin} reported this with “{', '.join(drift.hedges)}”; "
            "here it is stated flatly.")


def _with_note(note: str | None, text: str) -> str:
    if note and text in note:
        return note
    return f"{note} {text}" if note else text
