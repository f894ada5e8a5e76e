"""Site-wide page data: LinkedSite + SiteConfig → template globals and home-page figures.

The reader's theme needs a few things no single record holds: absolute (canonical) URLs,
whether a page exists (so the navigation never links to a page that another stage did not
plan), the latest reports, claim counts by status and the most-cited sources, and each
report's description and JSON-LD. They are computed here, in plain functions, and handed
to Jinja as globals by ``install_globals``.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

import jinja2

from builder.config import SiteConfig
from builder.memo import Each, per_record
from builder.records import LinkedReport, LinkedSite, Meta, settled

STATUSES = ("unverified", "corroborated", "unsourced")
"""Claim statuses in the order the site shows them."""

NAV = (
    ("", "Home"),
    ("archive/", "Archive"),
    ("sources/", "Sources"),
    ("methodology/", "Methodology"),
    ("about/", "About"),
    ("search/", "Search"),
)
"""Site-wide navigation: (target under base_url, label); a missing page is left out."""

BROWSE = (
    ("places/", "Places"),
    ("units/", "Units"),
    ("people/", "People"),
    ("orgs/", "Organisations"),
)
"""Entity indexes, linked from the footer (and the 404 page) when the build made them."""

T = TypeVar("T")
DESCRIPTION_CHARS = 200
LEDE_MIN_WORDS = 12


@dataclass(slots=True)
class CitedSource:
    """A source and how many claims and reports of the site cite it."""

    id: str
    name: str
    claims: int
    reports: int


@settled
@dataclass(frozen=True, slots=True)
class ReportCard:
    """What a list of reports (archive, entity pages) shows of one: a link, headline,
    outlet and date. A list depends on its cards only, so a report's new claims or
    related reports do not render the lists naming it again."""

    slug: str
    meta: Meta


@per_record
def report_card(report: LinkedReport) -> ReportCard:
    """The report's card: the very card of last time while its link, headline, outlet
    and date are unchanged, so a list of cards is the same list (nothing to check)."""
    card = ReportCard(report.slug, report.meta)
    known = _CARDS.get(report.slug)
    if known is not None and known == card:
        return known
    if len(_CARDS) >= 100_000:
        _CARDS.clear()
    _CARDS[report.slug] = card
    return card


_CARDS: dict[str, ReportCard] = {}


def cards_by_slug(site: LinkedSite) -> dict[str, ReportCard]:
    """Every report's card by slug: what pages naming another report (a related report, a
    claim's match) show of it. A page reading a card depends on the card only, so an edit
    to a report that leaves its headline alone renders no page naming it again."""
    reports = site.reports
    last_reports, last_cards = _LAST_CARDS
    if len(reports) == len(last_reports) and all(
            a is b or a.slug == b.slug for a, b in zip(reports, last_reports, strict=True)):
        cards = dict(last_cards)
        for report, before in zip(reports, last_reports, strict=True):
            if report is not before:
                cards[report.slug] = report_card(report)
    else:
        cards = {report.slug: report_card(report) for report in reports}
    _LAST_CARDS[:] = [reports, cards]
    return cards


_LAST_CARDS: list[Any] = [[], {}]


@dataclass(frozen=True, slots=True)
class Pager:
    """Where one page of a list split over several pages stands."""

    number: int
    """1 for the first page."""
    count: int
    base: str
    """Target of the first page (``sources/x/``); page n is ``<base>page/<n>/``."""

    def target(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}page/{number}/"

    @property
    def path(self) -> str:
        return self.target(self.number) + "index.html"

    @property
    def previous(self) -> str | None:
        return self.target(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.target(self.number + 1) if self.number < self.count else None

    @property
    def window(self) -> tuple[int | None, ...]:
        """The page numbers to link: the first, the last and two either side of this one;
        ``None`` where numbers are left out (a list of 40 pages would wrap over lines)."""
        near = range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)
        numbers = sorted({1, self.count, *near})
        shown: list[int | None] = [numbers[0]]
        for last, n in itertools.pairwise(numbers):
            if n - last == 2:
                shown.append(n - 1)  # one page left out: its number is as short as "…"
            elif n - last > 2:
                shown.append(None)
            shown.append(n)
        return tuple(shown)


def paginate(base: str, items: list[T], per_page: int) -> list[tuple[Pager, list[T]]]:
    """``items`` in pages of ``per_page``, each with its Pager; one (empty) page at least."""
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
    return [(Pager(number, len(chunks), base), chunk)
            for number, chunk in enumerate(chunks, start=1)]


def page_target(path: str) -> str:
    """Output path → the URL target a reader uses: ``reports/x/index.html`` → ``reports/x/``."""
    if path == "index.html":
        return ""
    if path.endswith("/index.html"):
        return path[: -len("index.html")]
    return path


def absolute_url_builder(config: SiteConfig) -> Callable[[str], str]:
    """``abs_url('reports/x/')`` → ``https://host/repo/reports/x/`` (canonical, feeds)."""
    base = config.base_url if config.base_url.endswith("/") else config.base_url + "/"

    def abs_url(target: str = "") -> str:
        return base + target.lstrip("/")

    return abs_url


@per_record
def sort_key_latest(report: LinkedReport) -> tuple[int, str, str]:
    """Newest first; undated reports last; ties by title then slug (stable output)."""
    date = report.meta.date or ""
    return (0 if date else 1, _invert(date), (report.meta.title or report.slug).casefold())


def _invert(text: str) -> str:
    """A string that sorts in the reverse order of ``text`` (for ISO dates: newest first)."""
    return "".join(chr(0x10FFFF - ord(ch)) for ch in text)


def latest_reports(reports: Iterable[LinkedReport], limit: int | None = None) -> list[LinkedReport]:
    ordered = sorted(reports, key=sort_key_latest)
    return ordered if limit is None else ordered[:limit]


def newest_reports(site: LinkedSite, limit: int) -> list[LinkedReport]:
    """``latest_reports(site.reports, limit)``, sorting only the reports as new as the
    ``limit``-th: the site's reports are in date order already (newest first)."""
    reports = site.reports
    end = min(limit, len(reports))
    if end:
        cutoff = reports[end - 1].meta.date or ""
        while end < len(reports) and (reports[end].meta.date or "") == cutoff:
            end += 1
    return latest_reports(reports[:end], limit)


def status_counts(reports: Iterable[LinkedReport]) -> dict[str, int]:
    """Claims of the whole site by status, every status present (zero when none)."""
    counts = dict.fromkeys(STATUSES, 0)
    for found in _STATUSES(list(reports)):
        for status, n in found:
            counts[status] = counts.get(status, 0) + n
    return counts


def _statuses(report: LinkedReport) -> tuple[tuple[str, int], ...]:
    return tuple(Counter(claim.status for claim in report.claims).items())


_STATUSES: Each[LinkedReport, tuple[tuple[str, int], ...]] = Each(_statuses)


def most_cited_sources(reports: Iterable[LinkedReport], limit: int = 10) -> list[CitedSource]:
    """Sources by the number of reports citing them, then claims, then name."""
    claims: Counter[str] = Counter()
    in_reports: Counter[str] = Counter()
    names: dict[str, str] = {}
    for report in reports:
        for sid, name, n in _cited(report):
            claims[sid] += n
            in_reports[sid] += 1
            names.setdefault(sid, name)
    return rank_cited([CitedSource(sid, names[sid], n, in_reports[sid])
                       for sid, n in claims.items()], limit)


def rank_cited(sources: Iterable[CitedSource], limit: int = 10) -> list[CitedSource]:
    """The ``limit`` sources cited by the most reports, then claims, then by name."""
    return sorted(sources, key=lambda s: (-s.reports, -s.claims, s.name.casefold()))[:limit]


@per_record
def _cited(report: LinkedReport) -> tuple[tuple[str, str, int], ...]:
    """(source id, its first name, claims citing it) of the sources one report cites."""
    claims: Counter[str] = Counter()
    names: dict[str, str] = {}
    for claim in report.claims:
        for ref in claim.sources:
            claims[ref.id] += 1
            names.setdefault(ref.id, ref.name)
    return tuple((sid, names[sid], n) for sid, n in claims.items())


def report_description(report: LinkedReport) -> str:
    """The lede, shortened, for meta description, Open Graph, the feed and search results.

    The lede is the first body paragraph that reads as a sentence (at least
    ``LEDE_MIN_WORDS`` words), so a kicker or a one-word section label is skipped.
    """
    paragraphs = [" ".join(p.text.split()) for p in report.clean.paragraphs if p.kind == "p"]
    paragraphs = [p for p in paragraphs if p]
    ledes = [p for p in paragraphs if len(p.split()) >= LEDE_MIN_WORDS]
    for text in ledes or paragraphs:
        return _shorten(text, DESCRIPTION_CHARS)
    return report.meta.title or report.slug


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def web_url(value: str | None) -> str | None:
    """An http(s) URL as it is, anything else (``javascript:``, relative, junk) as None."""
    if not value:
        return None
    cleaned = "".join(value.split())  # a browser drops tabs and newlines from URLs
    return value.strip() if urlsplit(cleaned).scheme.lower() in ("http", "https") else None


def news_article(report: LinkedReport, canonical: str) -> dict[str, Any]:
    """schema.org NewsArticle for the original article: its publisher and URL."""
    meta = report.meta
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": meta.title or report.slug,
        "description": report_description(report),
        "mainEntityOfPage": canonical,
    }
    if meta.date:
        data["datePublished"] = meta.date
    if meta.byline:
        data["author"] = {"@type": "Person", "name": meta.byline}
    if meta.publisher:
        data["publisher"] = {"@type": "Organization", "name": meta.publisher}
    original = web_url(meta.url)
    if original:
        data["url"] = original
        data["isBasedOn"] = original
    return data


def install_globals(
    env: jinja2.Environment, site: LinkedSite, config: SiteConfig, page_paths: Iterable[str]
) -> None:
    """Make the theme's helpers available to every template."""
    targets = {page_target(path) for path in page_paths}
    env.globals.update(
        abs_url=absolute_url_builder(config),
        page_target=page_target,
        has_page=lambda target: target in targets,
        nav=[(target, label) for target, label in NAV if target in targets],
        browse=[(target, label) for target, label in BROWSE if target in targets],
        statuses=STATUSES,
        report_description=report_description,
        news_article=news_article,
        web_url=web_url,
    )


def home_context(site: LinkedSite, cited: list[CitedSource] | None = None) -> dict[str, Any]:
    """What the home page shows besides the header: latest reports and site figures
    (``cited``: the most cited sources, when the caller has them already)."""
    return {
        "report_count": len(site.reports),
        "latest": newest_reports(site, 12),
        "status_counts": status_counts(site.reports),
        "cited_sources": most_cited_sources(site.reports) if cited is None else cited,
    }
