"""What the cross-link pages show: LinkedSite → (output path, template, context) per page.

Source pages (profile, every claim credited to the source grouped by report, who relays
it), entity pages and their indexes, and the archive by date. ``render.py``'s planners
turn these into Pages.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from builder.link.model import ENTITY_KINDS, EntityPage, SiteLinks
from builder.memo import per_record
from builder.pages import ReportCard, paginate, report_card
from builder.records import Claim, LinkedReport, LinkedSite, SourceProfile, settled

PagePlan = tuple[str, str, dict[str, Any]]
SOURCE_PAGE_REPORTS = 20
"""Reports whose credited claims one page of a source lists (a source may be credited in
hundreds of reports: one page of them all would weigh megabytes)."""


@settled
@dataclass(slots=True)
class SourceCredit:
    """The claims of one report credited to a source, and the source's place in each chain."""

    report: ReportCard
    """The report as lists show it (its link, headline, outlet and date)."""
    claims: list[tuple[Claim, str]] = field(default_factory=list)
    """(claim, 'origin' | 'relay')."""


@settled
@dataclass(slots=True)
class SourceSummary:
    """Everything the site knows about one source."""

    profile: SourceProfile
    credits: list[SourceCredit] = field(default_factory=list)
    relayed_by: dict[str, int] = field(default_factory=dict)
    """Relays and publishers passing on this source's claims → how many claims."""
    relays_for: dict[str, int] = field(default_factory=dict)
    """Origins this source passes on → how many claims."""

    @property
    def claim_count(self) -> int:
        return _claim_count(self)


@per_record
def _claim_count(summary: SourceSummary) -> int:
    """Claims credited to the source (summed once per summary: they are reused)."""
    return sum(len(c.claims) for c in summary.credits)


@dataclass(frozen=True, slots=True)
class ReportCredits:
    """What one report gives each source it credits: the credit and relay counts."""

    credits: dict[str, SourceCredit]
    relayed_by: dict[str, Counter[str]]
    relays_for: dict[str, Counter[str]]


def site_links(site: LinkedSite) -> SiteLinks | None:
    links = site.extra.get("link")
    return links if isinstance(links, SiteLinks) else None


def source_summaries(site: LinkedSite) -> dict[str, SourceSummary]:
    """Per source id (sources by name): its profile, credited claims by report in the
    site's order, and who relays it."""
    return _LEDGER.summaries(site)


class SourceLedger:
    """Source summaries kept between calls: when only some reports' credits changed
    (the preview server's rebuilds), only the sources they credit are summed again.
    Unchanged summaries stay the same records, so the page memo does not digest them."""

    def __init__(self) -> None:
        self.profiles: dict[str, SourceProfile] = {}
        self.known: dict[str, str] = {}
        self.reports: list[LinkedReport] = []
        self.rank: dict[str, int] = {}
        self.gives: dict[str, ReportCredits] = {}
        self.last: dict[str, SourceSummary] = {}

    def summaries(self, site: LinkedSite) -> dict[str, SourceSummary]:
        reports = site.reports
        same_sources = self.profiles.keys() == site.sources.keys() and all(
            self.profiles[sid] is profile for sid, profile in site.sources.items())
        if same_sources and len(reports) == len(self.reports) and all(
                a is b or a.slug == b.slug for a, b in zip(reports, self.reports, strict=True)):
            gives, changed = dict(self.gives), []
            for report, before in zip(reports, self.reports, strict=True):
                if report is not before:
                    gives[report.slug] = report_credits(report,
                                                        publisher_of(report, self.known))
                    if gives[report.slug] is not self.gives[report.slug]:
                        changed.append(report.slug)
            found = self._update(changed, gives)
        else:
            self.known = {name.casefold(): sid for sid, p in site.sources.items()
                          for name in [p.name, *p.aliases]}
            self.rank = {report.slug: n for n, report in enumerate(reports)}
            gives = {report.slug: report_credits(report, publisher_of(report, self.known))
                     for report in reports}
            found = self._sum(site, [report.slug for report in reports], gives)
        self.profiles, self.reports, self.gives, self.last = (
            dict(site.sources), list(reports), gives, found)
        return found

    def _sum(self, site: LinkedSite, order: list[str], gives: dict[str, ReportCredits]
             ) -> dict[str, SourceSummary]:
        summaries = {sid: SourceSummary(p) for sid, p in sorted(
            site.sources.items(), key=lambda kv: kv[1].name.casefold())}
        for slug in order:
            report = gives[slug]
            for sid, credit in report.credits.items():
                summary = summaries.get(sid)
                if summary is not None:
                    summary.credits.append(credit)
                    _add(summary.relayed_by, report.relayed_by[sid])
                    _add(summary.relays_for, report.relays_for[sid])
        for sid, summary in summaries.items():
            summary.relayed_by = dict(sorted(summary.relayed_by.items()))
            summary.relays_for = dict(sorted(summary.relays_for.items()))
            known_summary = self.last.get(sid)
            if known_summary is not None and _same_summary(known_summary, summary):
                summaries[sid] = known_summary
        return summaries

    def _update(self, changed: list[str], gives: dict[str, ReportCredits]
                ) -> dict[str, SourceSummary]:
        summaries = dict(self.last)
        touched: set[str] = set()
        for slug in changed:
            touched |= self.gives[slug].credits.keys() | gives[slug].credits.keys()
        for sid in touched & summaries.keys():
            relayed_by, relays_for = dict(summaries[sid].relayed_by), dict(
                summaries[sid].relays_for)
            for slug in changed:
                before, after = self.gives[slug], gives[slug]
                if sid in before.credits:
                    _add(relayed_by, before.relayed_by[sid], -1)
                    _add(relays_for, before.relays_for[sid], -1)
                if sid in after.credits:
                    _add(relayed_by, after.relayed_by[sid])
                    _add(relays_for, after.relays_for[sid])
            summary = SourceSummary(
                summaries[sid].profile,
                self._credits(summaries[sid].credits, sid, changed, gives),
                dict(sorted((k, n) for k, n in relayed_by.items() if n)),
                dict(sorted((k, n) for k, n in relays_for.items() if n)))
            if not _same_summary(summaries[sid], summary):
                summaries[sid] = summary
        return summaries


    def _credits(self, credits: list[SourceCredit], sid: str, changed: list[str],
                 gives: dict[str, ReportCredits]) -> list[SourceCredit]:
        """A source's credits in the site's order, after the changed reports' credits
        were replaced, added or dropped (the others stay where they are)."""
        by_slug = {credit.report.slug: credit for credit in credits}
        for slug in changed:
            credit = gives[slug].credits.get(sid)
            if credit is None:
                by_slug.pop(slug, None)
            else:
                by_slug[slug] = credit
        return [by_slug[slug] for slug in sorted(by_slug, key=self.rank.__getitem__)]


_LEDGER = SourceLedger()


def _same_summary(a: SourceSummary, b: SourceSummary) -> bool:
    return (a.profile is b.profile and len(a.credits) == len(b.credits)
            and all(x is y for x, y in zip(a.credits, b.credits, strict=True))
            and a.relayed_by == b.relayed_by and a.relays_for == b.relays_for)


def _add(total: dict[str, int], counts: Counter[str], sign: int = 1) -> None:
    for name, n in counts.items():
        total[name] = total.get(name, 0) + sign * n


@per_record
def report_credits(report: LinkedReport,
                   publisher: tuple[str | None, str | None]) -> ReportCredits:
    """The credits and relay counts of one report, by source id (its publisher's id and
    name given, as the site's profiles know it)."""
    credits: dict[str, SourceCredit] = {}
    relayed_by: dict[str, Counter[str]] = {}
    relays_for: dict[str, Counter[str]] = {}
    for claim in report.claims:
        for position, ref in enumerate(claim.sources):
            credit = credits.setdefault(ref.id, SourceCredit(report_card(report)))
            credit.claims.append((claim, ref.role))
            _count_relays(relayed_by.setdefault(ref.id, Counter()),
                          relays_for.setdefault(ref.id, Counter()), claim, position, publisher)
    return ReportCredits(credits, relayed_by, relays_for)


def publisher_of(report: LinkedReport,
                 known: dict[str, str]) -> tuple[str | None, str | None]:
    """(registry id, name) of the report's publisher; the id is None when unprofiled."""
    name = report.meta.publisher
    return (known.get(name.casefold()) if name else None), name


def _count_relays(relayed_by: Counter[str], relays_for: Counter[str], claim: Claim,
                  position: int, publisher: tuple[str | None, str | None]) -> None:
    """Sources after this one in the chain (and the publisher) relay it; those before it
    are what it relays. A publisher already in the chain (by any alias) is not counted
    twice."""
    for ref in claim.sources[position + 1:]:
        relayed_by[ref.name] += 1
    publisher_id, name = publisher
    in_chain = {ref.id for ref in claim.sources} | {ref.name for ref in claim.sources}
    if name and publisher_id not in in_chain and name not in in_chain:
        relayed_by[name] += 1
    for ref in claim.sources[:position]:
        relays_for[ref.name] += 1


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A source as the index of sources lists it."""

    id: str
    name: str
    kind: str
    side: str | None
    claims: int
    reports: int


def source_pages(summaries: dict[str, SourceSummary]) -> Iterator[PagePlan]:
    """The index of sources, and per source its pages: the profile and relays with the
    first reports crediting it, then ``SOURCE_PAGE_REPORTS`` more reports a page.

    Pages get what they show, not whole summaries: a report's edit then changes the
    page listing it and the first page's counts, and nothing needs digesting the rest.
    """
    rows = [source_row(s, sid) for sid, s in summaries.items()]
    yield "sources/index.html", "sources.html", {"sources": rows}
    for sid, summary in summaries.items():
        yield from source_plans(summary, sid)


@per_record
def source_row(summary: SourceSummary, sid: str) -> SourceRow:
    s = summary
    return SourceRow(sid, s.profile.name, s.profile.kind, s.profile.side, s.claim_count,
                     len(s.credits))


@per_record
def source_plans(summary: SourceSummary, sid: str) -> list[PagePlan]:
    """A source's pages (the same contexts while the summary is the same record; when it
    is not, each page whose reports, place and counts are unchanged keeps its context)."""
    before = {plan[0]: plan for plan in _LAST_PLANS.get(sid, ())}
    plans: list[PagePlan] = []
    for pager, credits in paginate(f"sources/{sid}/", summary.credits, SOURCE_PAGE_REPORTS):
        context: dict[str, Any] = {"profile": summary.profile, "credits": credits,
                                   "pager": pager}
        if pager.number == 1:  # later pages do not show the counts: a count changing
            context.update(    # renders one page again, not all of them
                relayed_by=summary.relayed_by, relays_for=summary.relays_for,
                claim_count=summary.claim_count, report_count=len(summary.credits))
        known = before.get(pager.path)
        if known is not None and _same_page(known[2], context):
            plans.append(known)
        else:
            plans.append((pager.path, "source.html", context))
    _LAST_PLANS[sid] = plans
    return plans


_LAST_PLANS: dict[str, list[PagePlan]] = {}


def _same_page(before: dict[str, Any], now: dict[str, Any]) -> bool:
    """The same profile, the very same credits, and equal pager and counts."""
    if before.keys() != now.keys() or before["profile"] is not now["profile"]:
        return False
    old, new = before["credits"], now["credits"]
    return (len(old) == len(new) and all(map(operator.is_, old, new))
            and all(before[k] == now[k] for k in now if k not in ("profile", "credits")))


def entity_pages(site: LinkedSite, cards: dict[str, ReportCard]) -> Iterator[PagePlan]:
    """Per kind: an index page and one page per entity listing its reports, newest first."""
    links = site_links(site)
    if links is None:
        return
    for kind, title in ENTITY_KINDS.items():
        pages = links.entities.get(kind, {})
        yield f"{kind}/index.html", "entities.html", {
            "kind": kind, "kind_title": title, "entities": list(pages.values())}
        for eid, page in pages.items():  # its slugs are in the site's order
            listed = report_cards(page, tuple(cards[s] for s in page.slugs))
            yield f"{kind}/{eid}/index.html", "entity.html", entity_context(page, title, listed)


@per_record
def entity_context(page: EntityPage, title: str, cards: list[ReportCard]) -> dict[str, Any]:
    """An entity page's context (the same dict while its page and cards are the same)."""
    return {"kind": page.kind, "kind_title": title, "entity": page, "reports": cards}


@per_record
def report_cards(_owner: object, cards: tuple[ReportCard, ...]) -> list[ReportCard]:
    """``cards`` as one list, the same list while they are the same cards."""
    return list(cards)


def archive_pages(site: LinkedSite, cards: dict[str, ReportCard]) -> Iterator[PagePlan]:
    """One archive page: reports by month, newest first; undated ones last."""
    ordered = tuple(cards[report.slug] for report in site.reports)
    yield "archive/index.html", "archive.html", {"months": archive_months(ordered)}


def archive_months(cards: tuple[ReportCard, ...]) -> list[tuple[str, list[ReportCard]]]:
    """Report cards by month, newest first (``cards`` are in the site's order); undated
    last. The same list as last time while the cards are the same."""
    if _LAST_ARCHIVE[0] == cards:
        known: list[tuple[str, list[ReportCard]]] = _LAST_ARCHIVE[1]
        return known
    months: dict[str, list[ReportCard]] = {}
    for card in cards:
        date = card.meta.date or ""
        months.setdefault(date[:7] if len(date) >= 7 else "", []).append(card)
    ordered = sorted(((m, r) for m, r in months.items() if m), reverse=True)
    if "" in months:
        ordered.append(("", months[""]))
    _LAST_ARCHIVE[:] = [cards, ordered]
    return ordered


_LAST_ARCHIVE: list[Any] = [(), []]
