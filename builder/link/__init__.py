"""Stage 4, link: all AnnotatedReports → LinkedSite (entities, related, echo, coverage).

A separate pass over the whole library once every report is read (Zola's
``fill_backlinks``), in this order:

1. each report's Basics (mentions, term counts, claim origins and facts; ``features.py``);
2. unit names agreed across the corpus, document frequencies, each report's Features;
3. related reports through an inverted index (``related.py``);
4. claims of nearby reports matched by event: echo or corroboration, hedge drift
   (``chains.py``);
5. coverage by side, echoes, stories and the entity pages (``site.py``).

``link`` is a pure function of its inputs. The preview server keeps one ``Linker`` for
the session instead: it remembers every intermediate result and, on the next build,
recomputes only what the changed reports reach — their features, then the reports whose
candidates, scores, neighbours or claims read them — with the very functions a fresh
link runs, so its result is always the one ``link`` gives (tests/test_link_incremental.py).
Records are never changed in place: an unchanged report keeps the same LinkedReport, and
a claim linking marks is a copy.
"""

from __future__ import annotations

import pickle
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from builder.annotate.registry import SourceRegistry, source_id
from builder.config import LinkConfig
from builder.link.chains import (
    ClaimOutcome,
    Pairing,
    Side,
    judge_report,
    match_pair,
    matchable,
    pair_up,
)
from builder.link.entities import UnitNames, names_touched
from builder.link.features import Basics, Features, basics_of, entities_of, features_of
from builder.link.model import Coverage, Echo, EntityPage, SiteLinks, Story
from builder.link.related import Filed, Index, choose_related, score_pair, shortlist_after
from builder.link.related import shortlist as candidate_shortlist
from builder.link.site import echo_of, entity_pages, report_coverage, stories
from builder.link.text import idf, library_size
from builder.records import (
    AnnotatedReport,
    Entities,
    LinkedReport,
    LinkedSite,
    Related,
    SourceProfile,
)

__all__ = ["Linker", "link"]


def link(
    reports: list[AnnotatedReport], registry: SourceRegistry, config: LinkConfig
) -> LinkedSite:
    """Cross-link the whole library (a separate pass after every report is read)."""
    return Linker().link(reports, registry, config)


class Reverse:
    """Owner → targets relations seen from the other side: target → owners."""

    def __init__(self) -> None:
        self._owners: dict[str, set[str]] = {}

    def replace(self, owner: str, old: Iterable[str], new: Iterable[str]) -> None:
        was, now = set(old), set(new)
        for target in was - now:
            owners = self._owners[target]
            owners.discard(owner)
            if not owners:
                del self._owners[target]
        for target in now - was:
            self._owners.setdefault(target, set()).add(owner)

    def owners(self, target: str) -> set[str]:
        return self._owners.get(target, set())


@dataclass(slots=True)
class Changes:
    """What one link call found changed, stage by stage (slugs, or index keys)."""

    records: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    entities: set[str] = field(default_factory=set)
    features: set[str] = field(default_factory=set)
    refiled: set[str] = field(default_factory=set)
    """Reports whose index keys or date changed (or that are new)."""
    filed: dict[str, Filed | None] = field(default_factory=dict)
    """Index keys whose postings or weight changed, with how they were filed before."""
    related: set[str] = field(default_factory=set)
    relinked: set[str] = field(default_factory=set)
    """Reports whose related reports are other reports than before (not just rescored)."""
    partners: set[str] = field(default_factory=set)
    claims: set[str] = field(default_factory=set)
    linked: set[str] = field(default_factory=set)
    """Reports whose claim groups, drift, echo or coverage changed."""
    coverage: set[str] = field(default_factory=set)


class Linker:
    """The link stage with a memory of its last call (see the module's docstring)."""

    def __init__(self) -> None:
        self._forget(None)
        self.last = Changes()
        """What the latest call recomputed."""

    def _forget(self, config: LinkConfig | None) -> None:
        self.config = config
        self.registry_key: bytes | None = None
        self.covered_by: SourceRegistry | None = None
        """The registry the coverage was counted with, and its content."""
        self.records: dict[str, AnnotatedReport] = {}
        self.basics: dict[str, Basics] = {}
        self.units = UnitNames()
        self.unit_names: dict[str, str] = {}
        self.df: Counter[str] = Counter()
        self.n = 0
        self.entities: dict[str, tuple[Entities, dict[str, int]]] = {}
        self.features: dict[str, Features] = {}
        self.index = Index()
        self.candidates: dict[str, dict[str, int]] = {}
        """Per report, every report sharing keys with it → the weight of the keys shared."""
        self.shortlist: dict[str, list[str]] = {}
        self.shortlisted_by = Reverse()
        self.scores: dict[str, dict[str, float]] = {}
        self.related: dict[str, list[Related]] = {}
        self.listed_by = Reverse()
        self.nearest: dict[str, list[str]] = {}
        self.nearest_of = Reverse()
        self.partners: dict[str, list[str]] = {}
        self.by_fact: dict[str, tuple[Basics, dict[str, list[int]]]] = {}
        self.sides: dict[str, Side] = {}
        self.pairs: dict[tuple[str, str], tuple[Basics, Basics, Pairing, Pairing]] = {}
        self.outcomes: dict[str, ClaimOutcome] = {}
        self.coverage: dict[str, Coverage] = {}
        self.echoes: dict[str, Echo | None] = {}
        self.linked: dict[str, LinkedReport] = {}
        self.bare_profiles: dict[tuple[str, str], SourceProfile] = {}
        self.order: list[str] = []
        """The slugs in the site's order, as of the last call."""
        self.rank: dict[str, int] = {}
        """Each slug's place in that order."""
        self.registry: SourceRegistry | None = None
        self.profiles: dict[str, SourceProfile] = {}
        self.unprofiled: dict[str, tuple[Basics, tuple[tuple[str, str], ...]]] = {}
        """Per report, the (id, name) of the sources it credits that have no profile."""
        self.links: SiteLinks | None = None
        """The site links of the last call (each build gets new mappings)."""
        self.story_list: list[Story] = []
        self.stories: dict[tuple[str, ...], tuple[Story, list[Coverage]]] = {}
        self.entity_pages: dict[tuple[str, str], EntityPage] = {}
        self.pages_by_kind: dict[str, dict[str, EntityPage]] = {}
        self.entity_ids: dict[tuple[str, str], str] = {}

    def link(self, reports: list[AnnotatedReport], registry: SourceRegistry,
             config: LinkConfig) -> LinkedSite:
        """``link(reports, registry, config)``, recomputing only what changed since the
        previous call."""
        if config != self.config:
            self._forget(config)
        records = records_by_slug(reports)
        changes = Changes(records={s for s, r in records.items() if self.records.get(s) is not r},
                          removed=set(self.records) - set(records))
        self.records = records
        old_basics = {s: self.basics.pop(s) for s in changes.records | changes.removed
                      if s in self.basics}
        new_basics = {s: basics_of(records[s], s) for s in changes.records}
        self.basics.update(new_basics)
        if changes.removed or any(s not in old_basics or old_basics[s].order != b.order
                                  for s, b in new_basics.items()):
            order = sorted(records, key=lambda s: self.basics[s].order, reverse=True)
            self.rank = {slug: i for i, slug in enumerate(order)}
        else:  # the same reports at the same dates: the same order as last time
            order = list(self.order)
        rank = self.rank

        renamed = self._count_units(old_basics, new_basics)
        changes.entities = self._find_entities(changes, renamed)
        new_terms = self._count_terms(old_basics, new_basics)
        self._find_features(changes, new_terms, rank)
        self._find_related(changes, rank, config)
        self._find_partners(changes)
        self._judge_claims(changes)
        profiles = self._profiles(order, registry, changes)
        self._find_coverage(changes, registry)
        self._find_echoes(changes)
        self.last = changes
        return LinkedSite(reports=[self._linked(s, changes) for s in order], sources=profiles,
                          extra={"link": self._site_links(order, changes)})

    # -- 1-2: entities, terms and features ----------------------------------------------

    def _count_units(self, old: Mapping[str, Basics], new: Mapping[str, Basics]) -> set[str]:
        """Apply the unit mentions of changed reports; returns unit keys whose name changed."""
        touched: set[str] = set()
        for basics in old.values():
            for key, spelling in basics.units:
                self.units.remove(key, spelling)
                touched.add(key)
        for basics in new.values():
            for key, spelling in basics.units:
                self.units.add(key, spelling)
                touched.add(key)
        renamed = set()
        for key in names_touched(touched):
            try:
                name: str | None = self.units.name(key)
            except KeyError:  # no longer mentioned
                name = None
            if self.unit_names.get(key) != name:
                renamed.add(key)
                if name is None:
                    del self.unit_names[key]
                else:
                    self.unit_names[key] = name
        return renamed

    def _find_entities(self, changes: Changes, renamed: set[str]) -> set[str]:
        for slug in changes.removed:
            self.entities.pop(slug, None)
        redo = set(changes.records)
        if renamed:
            redo |= {s for s, b in self.basics.items() if any(k in renamed for k, _ in b.units)}
        found = set()
        for slug in redo:
            entities = entities_of(self.basics[slug], self.units)
            if self.entities.get(slug) != entities:
                self.entities[slug] = entities
                found.add(slug)
        return found

    def _count_terms(self, old: Mapping[str, Basics], new: Mapping[str, Basics]
                     ) -> dict[str, int]:
        """Apply the term counts of changed reports to the document frequencies; returns
        the terms whose document frequency changed, with the frequency they had."""
        changed: dict[str, int] = {}
        nothing: dict[str, int] = {}
        for slug in old.keys() | new.keys():
            was = (old[slug].counts if slug in old else nothing).keys()
            now = (new[slug].counts if slug in new else nothing).keys()
            for term in was ^ now:
                changed.setdefault(term, self.df.get(term, 0))
            for term in now - was:
                self.df[term] += 1
            for term in was - now:
                self.df[term] -= 1
                if not self.df[term]:
                    del self.df[term]
        return changed

    def _find_features(self, changes: Changes, new_terms: dict[str, int],
                       rank: Mapping[str, int]) -> None:
        """Features of the reports whose basics, entities or term weights changed; the
        index re-filed; IDF weights of the reports whose keys' IDF changed."""
        n = len(self.records)
        if library_size(n) != library_size(self.n):
            redo = set(self.records)  # every IDF changes with the size of the library
        else:
            redo = changes.records | changes.entities
            # Other reports' vectors move only where a word's (rounded) weight moved.
            new_terms = {t: df for t, df in new_terms.items()
                         if idf(n, df) != idf(n, self.df.get(t, 0))}
            if new_terms:
                redo |= {s for s, b in self.basics.items()
                         if s not in redo and not b.counts.keys().isdisjoint(new_terms)}
        self.n = n
        before: dict[str, Features | None] = {
            s: self.features.pop(s) for s in changes.removed if s in self.features}
        after: dict[str, Features | None] = {s: None for s in before}
        for slug in redo:
            fresh = features_of(self.basics[slug], self.entities[slug][1], self.df, n)
            old = self.features.get(slug)
            if old is None or not fresh.same_text(old):
                before[slug], after[slug] = old, fresh
                self.features[slug] = fresh
        changes.filed = self.index.refile(before, after, self.features, rank, n)
        changes.features = {s for s, f in after.items() if f is not None}
        changes.refiled = {s for s in changes.features if before[s] is None or _refiled(
            before[s], self.features[s])}
        weigh = changes.features | self.index.filed_under(
            k for k in changes.filed if not k.startswith("term:"))
        for slug in weigh:
            features = self.features[slug]
            entity, source = self.index.weights(features)
            if slug not in changes.features:
                if (entity, source) == (features.entity_weights, features.source_weights):
                    continue
                features = self.features[slug] = features.reweighed()
                changes.features.add(slug)
            features.entity_weights, features.source_weights = entity, source

    # -- 3: related reports --------------------------------------------------------------

    def _find_related(self, changes: Changes, rank: Mapping[str, int],
                      config: LinkConfig) -> None:
        for slug in changes.removed:
            self.shortlisted_by.replace(slug, self.shortlist.pop(slug, ()), ())
            self.listed_by.replace(slug, [r.slug for r in self.related.pop(slug, ())], ())
            self.nearest_of.replace(slug, self.nearest.pop(slug, ()), ())
            self.scores.pop(slug, None)
            self.candidates.pop(slug, None)
        present = self.records.keys()
        rescan = changes.refiled & present  # their own keys or date changed
        for slug in rescan:
            self.candidates[slug] = self.index.candidate_weights(self.features[slug])
        moved: dict[str, tuple[set[str], set[str]]] = {}  # the others: what each key moved
        for key, before in changes.filed.items():
            owners = set(self.index.postings.get(key, ()))
            if before is not None:
                owners.update(before[0])
            for slug in (owners & present) - rescan:
                up, down = self.index.shift(self.candidates[slug], self.features[slug], key,
                                            before)
                ups, downs = moved.setdefault(slug, (set(), set()))
                ups |= up
                downs |= down
        rescore = set(changes.features)
        for slug in rescan | moved.keys():
            if slug in rescan or slug not in self.shortlist:
                shortlist = candidate_shortlist(self.candidates[slug], rank)
            else:
                shortlist = shortlist_after(self.shortlist[slug], self.candidates[slug],
                                            *moved[slug], rank)
            if shortlist != self.shortlist.get(slug):
                self.shortlisted_by.replace(slug, self.shortlist.get(slug, ()), shortlist)
                self.shortlist[slug] = shortlist
                rescore.add(slug)
        for other in changes.features:
            rescore |= self.shortlisted_by.owners(other)
        for slug in rescore & present:
            me = self.features[slug]
            old = self.scores.get(slug, {})
            fresh = slug in changes.features
            scores = {other: old[other] if not fresh and other in old
                      and other not in changes.features
                      else score_pair(me, self.features[other], config)
                      for other in self.shortlist[slug]}
            self.scores[slug] = scores
            if (slug in self.related and not fresh and scores == old
                    and changes.features.isdisjoint(scores)):
                continue  # same scores of the same reports: same choice, same reasons
            related, nearest = choose_related(me, scores, self.features.__getitem__, config)
            if related != self.related.get(slug):
                was = [r.slug for r in self.related.get(slug, ())]
                now = [r.slug for r in related]
                self.listed_by.replace(slug, was, now)
                self.related[slug] = related
                changes.related.add(slug)
                if set(was) != set(now):
                    changes.relinked.add(slug)
            if nearest != self.nearest.get(slug):
                was = self.nearest.get(slug, [])
                self.nearest_of.replace(slug, was, nearest)
                self.nearest[slug] = nearest
                changes.partners |= {slug, *was, *nearest}

    # -- 4: claims of nearby reports -----------------------------------------------------

    def _find_partners(self, changes: Changes) -> None:
        """Reports whose claims are compared with each report's: its nearest reports and
        the reports it is nearest to; ``changes.partners`` ends as those that changed."""
        for slug in changes.removed:
            changes.partners |= set(self.partners.pop(slug, ()))
        touched, changes.partners = changes.partners & self.records.keys(), set()
        for slug in touched:
            partners = sorted(set(self.nearest[slug]) | self.nearest_of.owners(slug))
            if partners != self.partners.get(slug):
                self.partners[slug] = partners
                changes.partners.add(slug)

    def _judge_claims(self, changes: Changes) -> None:
        judge = (changes.records | changes.partners) & self.records.keys()
        for slug in changes.records:
            judge.update(self.partners[slug])
        for slug in changes.removed:
            self.outcomes.pop(slug, None)
            self.by_fact.pop(slug, None)
            self.sides.pop(slug, None)
        for slug in judge:
            me = self._side(slug)
            outcome = judge_report(me, [(self._side(other), self._pairs(slug, other))
                                        for other in self.partners[slug]])
            old = self.outcomes.get(slug)
            if old is None or outcome != old:
                self.outcomes[slug] = outcome
                changes.linked.add(slug)
                if old is None or outcome.claims != old.claims:
                    changes.claims.add(slug)

    def _side(self, slug: str) -> Side:
        """The report's claims as compared (one Side per record: its refs are reused)."""
        basics = self.basics[slug]
        known = self.sides.get(slug)
        if known is None or known.facts is not basics.facts:
            known = self.sides[slug] = Side(slug, basics.publisher, self.records[slug].claims,
                                            basics.facts)
        return known

    def _pairs(self, mine: str, theirs: str) -> Pairing:
        """Matching claims of two reports (mine, theirs) and the drift between them,
        remembered per pair of records."""
        a, b = sorted((mine, theirs))
        basics_a, basics_b = self.basics[a], self.basics[b]
        known = self.pairs.get((a, b))
        if known is None or known[0] is not basics_a or known[1] is not basics_b:
            matched = match_pair(basics_a.facts, basics_b.facts, self._by_fact(b))
            flipped = tuple(sorted((y, x) for x, y in matched))
            known = self.pairs[(a, b)] = (
                basics_a, basics_b, pair_up(self._side(a), self._side(b), matched),
                pair_up(self._side(b), self._side(a), flipped))
        return known[2] if a == mine else known[3]

    def _by_fact(self, slug: str) -> dict[str, list[int]]:
        basics = self.basics[slug]
        known = self.by_fact.get(slug)
        if known is None or known[0] is not basics:
            known = self.by_fact[slug] = (basics, matchable(basics.facts))
        return known[1]

    # -- 5: sources, coverage, echoes, stories, entities -----------------------------------

    def _profiles(self, order: list[str], registry: SourceRegistry,
                  changes: Changes) -> dict[str, SourceProfile]:
        """Registry profiles plus a bare profile for every source met with none, so each
        source a claim credits has its page."""
        if registry is not self.registry:
            self.unprofiled = {}
        same = order == self.order and registry is self.registry and bool(self.profiles)
        for slug in changes.records:
            basics = self.basics[slug]
            was = self.unprofiled.get(slug)
            now = tuple((sid, name) for sid, name in basics.refs
                        if sid not in registry.profiles)
            self.unprofiled[slug] = (basics, now)
            same = same and was is not None and was[1] == now
        for slug in changes.removed:
            self.unprofiled.pop(slug, None)
        if same:  # no report credits another unprofiled source than before
            return dict(self.profiles)
        profiles = dict(registry.profiles)
        for slug in order:
            basics = self.basics[slug]
            known = self.unprofiled.get(slug)
            if known is None or known[0] is not basics:
                known = self.unprofiled[slug] = (basics, tuple(
                    (sid, name) for sid, name in basics.refs if sid not in registry.profiles))
            for sid, name in known[1]:
                if sid not in profiles:
                    bare = self.bare_profiles.get((sid, name))
                    if bare is None:
                        bare = self.bare_profiles[(sid, name)] = SourceProfile(
                            id=sid or source_id(name), name=name)
                    profiles[sid] = bare
        self.registry, self.profiles = registry, profiles
        return dict(profiles)

    def _find_coverage(self, changes: Changes, registry: SourceRegistry) -> None:
        key = self.registry_key if registry is self.covered_by else pickle.dumps(
            (registry.profiles, registry.by_alias), protocol=5)
        redo = set(self.records) if key != self.registry_key else changes.records
        self.registry_key, self.covered_by = key, registry
        for slug in changes.removed:
            self.coverage.pop(slug, None)
        for slug in redo:
            publisher = registry.lookup(self.basics[slug].publisher or "")
            coverage = report_coverage(self.records[slug].claims, registry.profiles,
                                       publisher.id if publisher else None)
            if slug not in self.coverage or self.coverage[slug] != coverage:
                self.coverage[slug] = coverage
                changes.coverage.add(slug)
                changes.linked.add(slug)

    def _find_echoes(self, changes: Changes) -> None:
        redo = changes.records | changes.related
        for slug in changes.records:
            redo |= self.listed_by.owners(slug)
        for slug in changes.removed:
            self.echoes.pop(slug, None)
        for slug in redo & self.records.keys():
            echo = echo_of(self.basics[slug], self.related[slug], self.basics)
            if slug not in self.echoes or self.echoes[slug] != echo:
                self.echoes[slug] = echo
                changes.linked.add(slug)

    def _linked(self, slug: str, changes: Changes) -> LinkedReport:
        """The slug's LinkedReport: the same record as last time unless it changed."""
        old = self.linked.get(slug)
        if old is not None and slug not in changes.records and slug not in changes.entities \
                and slug not in changes.related and slug not in changes.claims:
            return old
        outcome = self.outcomes[slug]
        annotated = self.records[slug]
        claims = outcome.claims if outcome.claims != annotated.claims else None
        new = LinkedReport(slug=slug, annotated=annotated, entities=self.entities[slug][0],
                           related=self.related[slug], linked_claims=claims)
        self.linked[slug] = new
        return new

    def _site_links(self, order: list[str], changes: Changes) -> SiteLinks:
        for slug in set(self.linked) - self.records.keys():
            del self.linked[slug]
        reordered = order != self.order or self.links is None
        links = SiteLinks()
        before = self.links or SiteLinks()
        entries: list[tuple[dict[str, Any], dict[str, Any], Callable[[str], Any]]] = [
            (links.groups, before.groups, lambda s: self.outcomes[s].groups or None),
            (links.drift, before.drift, lambda s: self.outcomes[s].drift or None),
            (links.echoes, before.echoes, self.echoes.__getitem__),
            (links.coverage, before.coverage, self.coverage.__getitem__)]
        for mapping, known, value in entries:
            if reordered or not _patched(mapping, known, changes.linked | changes.removed,
                                         value, self.records.keys()):
                mapping.clear()
                for slug in order:
                    found = value(slug)
                    if found is not None:
                        mapping[slug] = found
        self._find_stories(order, reordered, changes, links)
        if reordered or changes.entities or not self.entity_ids:
            self._find_entity_pages(order)
        links.entities, links.entity_ids = self.pages_by_kind, self.entity_ids
        self.order, self.links = order, links
        return links

    def _find_stories(self, order: list[str], reordered: bool, changes: Changes,
                      links: SiteLinks) -> None:
        """Stories (reports listing each other, joined), each with its coverage summed;
        only the stories of reports whose coverage changed are summed again."""
        before = self.links.story_of if self.links else {}
        if reordered or changes.relinked or changes.removed or not self.story_list:
            self.story_list = stories(order, self.related)
            redo = self.story_list
        else:
            links.story_of.update(before)
            redo = list({id(before[s]): before[s] for s in changes.coverage}.values())
        for story in redo:
            members = [self.coverage[s] for s in story.slugs]
            known = self.stories.get(tuple(story.slugs))
            if known is not None and all(a is b for a, b in zip(known[1], members, strict=True)):
                story = known[0]
            else:
                story = Story(story.id, story.slugs)
                for coverage in members:
                    story.coverage.add(coverage)
            self.stories[tuple(story.slugs)] = (story, members)
            for slug in story.slugs:
                links.story_of[slug] = story
        if redo is self.story_list:  # forget stories that no longer are
            current = {tuple(story.slugs) for story in self.story_list}
            self.stories = {k: v for k, v in self.stories.items() if k in current}

    def _find_entity_pages(self, order: list[str]) -> None:
        pages, self.entity_ids = entity_pages(
            order, {slug: self.entities[slug][0] for slug in order})
        for kind, by_id in pages.items():
            for eid, page in by_id.items():
                known_page = self.entity_pages.get((kind, eid))
                if known_page is not None and (known_page.name, known_page.slugs) == (
                        page.name, page.slugs):
                    by_id[eid] = known_page
                else:
                    self.entity_pages[(kind, eid)] = page
        self.pages_by_kind = pages


def _patched(mapping: dict[str, Any], known: dict[str, Any], slugs: set[str],
             value: Callable[[str], Any], present: Iterable[str]) -> bool:
    """``mapping`` made ``known`` with the entries of ``slugs`` looked up again; False
    when a slug gains an entry, which must go in at its place in the site's order."""
    mapping.update(known)
    for slug in slugs:
        found = value(slug) if slug in present else None
        if found is None:
            mapping.pop(slug, None)
        elif slug in mapping:
            mapping[slug] = found
        else:
            return False
    return True


def _refiled(before: Features | None, after: Features) -> bool:
    """Filed under other keys, or at another place in the date order."""
    return before is None or (before.keys, before.day, before.date) != (
        after.keys, after.day, after.date)


def records_by_slug(reports: list[AnnotatedReport]) -> dict[str, AnnotatedReport]:
    """Reports by slug (ingest makes slugs unique; two alike would be one page)."""
    found: dict[str, AnnotatedReport] = {}
    for report in reports:
        slug = report.clean.raw.slug or "report"
        if slug in found:
            raise ValueError(f"two reports have the slug {slug!r}")
        found[slug] = report
    return found
