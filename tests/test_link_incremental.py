"""The preview server's Linker remembers its last link and recomputes only what changed;
whatever the edits, its result must be exactly what a fresh ``link`` gives."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.annotate import annotate, load_registry
from builder.clean import clean_all
from builder.config import CleanConfig, LinkConfig
from builder.ingest import ingest
from builder.link import Linker, link, pages, related
from builder.records import AnnotatedReport, LinkedSite, Paragraph, report_record
from tests.link_helpers import report

REPO = Path(__file__).resolve().parent.parent


UNITS = ["247th Airborne Assault Regiment", "1437th Motor Rifle Regiment",
         "155th Naval Infantry Brigade", "36th Army"]
PLACES = ["Zaporizhia", "Kursk", "Sumy", "Donetsk"]


def event_family(n: int) -> list[AnnotatedReport]:
    """Four reports of one desertion: a hedged origin, a flat relay citing it, an
    independent source and the publisher's own voice (echo, drift and corroboration)."""
    unit, place, count = UNITS[n % 4], PLACES[n // 2 % 4], 100 + 50 * n
    day = f"2025-0{1 + n % 9}-1{n % 10}"
    hedged = f"{count} soldiers of the {unit} allegedly deserted in {place}, ATESH claimed."
    relay = f"Newsweek reported, citing ATESH, that {count} soldiers of the {unit} deserted."
    staff = f"The General Staff said {count} servicemen of the {unit} deserted in {place}."
    own = f"{count} soldiers of the {unit} deserted in {place}."
    return [
        report(f"e{n}a", [hedged], date=day, publisher="Front Dispatch",
               claims=[(hedged, "unverified", ["ATESH"])]),
        report(f"e{n}b", [relay], date=day, publisher="Newsweek",
               claims=[(relay, "unverified", ["ATESH", "Newsweek"])]),
        report(f"e{n}c", [staff], date=day, publisher="Kyiv Herald",
               claims=[(staff, "unverified", ["General Staff"])]),
        report(f"e{n}d", [own], date=day, publisher="Daily Herald",
               claims=[(own, "unsourced", [])]),
    ]


@pytest.fixture(scope="module")
def library() -> list[AnnotatedReport]:
    """Event families made by hand, and the labelled annotation fixtures and the seeds
    through the real stages, interleaved."""
    raws = ingest(REPO / "tests" / "fixtures" / "annotate", REPO).reports
    raws += ingest(REPO / "content", REPO).reports
    for n, raw in enumerate(raws):
        raw.slug = f"r{n:02d}"
    real = [annotate(report, registry()) for report in clean_all(raws, CleanConfig())]
    made = [r for n in range(6) for r in event_family(n)]
    return [r for pair in zip(made, real, strict=False) for r in pair] + real[len(made):]


def registry() -> Any:
    return load_registry(REPO / "content" / "sources.yaml", "content/sources.yaml")


def snapshot(site: LinkedSite) -> Any:
    """Everything linking decides, as plain data."""
    return ([report_record(r) for r in site.reports],
            dataclasses.asdict(site.extra["link"]),
            {sid: dataclasses.asdict(p) for sid, p in site.sources.items()})


def variant(report: AnnotatedReport, kind: int, other: AnnotatedReport) -> AnnotatedReport:
    """An edited copy of ``report`` (the original is never touched)."""
    edited: AnnotatedReport = pickle.loads(pickle.dumps(report))
    meta, donor = edited.clean.meta, other.clean
    if kind == 0:
        meta.date = donor.meta.date
    elif kind == 1:
        meta.publisher = donor.meta.publisher
    elif kind == 2:
        start = len(edited.clean.body) + 2
        extra = donor.paragraphs[0]
        edited.clean.paragraphs.append(Paragraph(extra.text, line=10_000, kind=extra.kind))
        edited.claims += [dataclasses.replace(c, start=start + c.start, end=start + c.end)
                          for c in copy.deepcopy(other.claims)
                          if c.end <= len(extra.text)]
    elif kind == 3:
        edited.claims = edited.claims[: len(edited.claims) // 2]
    elif kind == 4:
        for mine, theirs in zip(edited.claims, other.claims, strict=False):
            mine.sources = copy.deepcopy(theirs.sources)
            mine.status = theirs.status
    elif kind == 5:
        meta.title = f"{meta.title} — {donor.meta.title}"
    # kind 6: the same content in a new record (what a re-read unchanged file gives)
    return edited


Step = tuple[int, int, int, int]


@pytest.fixture(params=["as shipped", "tight"])
def bounds(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index's bounds as shipped, or so tight that a library of fifty reports has
    windowed postings and shortlists that change with every edit."""
    if request.param == "tight":
        monkeypatch.setattr(related, "POSTING_CAP", 3)
        monkeypatch.setattr(related, "SHORTLIST", 5)
        monkeypatch.setattr(related, "NEAREST", 3)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 99), st.integers(0, 6),
                          st.integers(0, 99)), min_size=1, max_size=6))
def test_incremental_link_equals_a_fresh_link_after_any_edits(
        library: list[AnnotatedReport], bounds: None, steps: list[Step]) -> None:
    """Edits: a report removed, one added, one changed (date, publisher, text, claims,
    sources, title, or a new record of the same content); or the registry edited."""
    reg = registry()
    config = LinkConfig()
    current = {r.clean.raw.slug or "": r for r in library[:30]}
    spare = list(library[30:])
    linker = Linker()
    linker.link(list(current.values()), reg, config)
    for action, which, kind, donor in steps:
        slugs = sorted(current)
        if action == 0 and len(current) > 2:
            spare.append(current.pop(slugs[which % len(slugs)]))
        elif action == 1 and spare:
            added = spare.pop(which % len(spare))
            current[added.clean.raw.slug or ""] = added
        elif action == 3:  # the registry edited: a profile's side, or a profile dropped
            reg = copy.deepcopy(reg)
            profile = sorted(reg.profiles.values(), key=lambda p: p.id)[which % len(
                reg.profiles)]
            if kind % 2:
                profile.side = ["Russian", "Ukrainian", None][kind % 3]
            else:
                del reg.profiles[profile.id]
        else:
            slug = slugs[which % len(slugs)]
            current[slug] = variant(current[slug], kind, library[donor % len(library)])
        reports = list(current.values())
        assert snapshot(linker.link(reports, reg, config)) == snapshot(link(reports, reg, config))


def test_an_unchanged_library_is_linked_again_without_recomputing_anything(
        library: list[AnnotatedReport]) -> None:
    reg, config = registry(), LinkConfig()
    linker = Linker()
    first = linker.link(library, reg, config)
    second = linker.link(library, reg, config)
    assert all(a is b for a, b in zip(first.reports, second.reports, strict=True))
    assert linker.last.features == linker.last.related == linker.last.claims == set()


def test_linking_never_changes_the_records_it_is_given(library: list[AnnotatedReport]) -> None:
    before = pickle.dumps(library)
    site = link(library, registry(), LinkConfig())
    assert any(r.linked_claims is not None for r in site.reports)  # it did mark claims
    assert pickle.dumps(library) == before


def test_an_edit_recomputes_the_edited_report_and_its_neighbourhood_only(
        library: list[AnnotatedReport]) -> None:
    reg, config = registry(), LinkConfig()
    linker = Linker()
    linker.link(library, reg, config)
    edited = list(library)
    edited[3] = variant(library[3], 3, library[0])
    site = linker.link(edited, reg, config)
    assert linker.last.records == {library[3].clean.raw.slug}
    assert len(linker.last.related) < len(library) // 2
    assert snapshot(site) == snapshot(link(edited, reg, config))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.integers(0, 40), st.integers(1, 9), min_size=20, max_size=40),
       st.dictionaries(st.integers(0, 40), st.integers(-9, 9), min_size=1, max_size=12))
def test_a_shortlist_updated_from_the_weights_that_moved_is_the_one_made_anew(
        weights: dict[int, int], moves: dict[int, int]) -> None:
    rank = {f"r{n}": n for n in range(41)}
    weight = {f"r{n}": w for n, w in weights.items()}
    before = related.shortlist(weight, rank)
    up: set[str] = set()
    down: set[str] = set()
    for n, change in moves.items():
        slug = f"r{n}"
        total = max(0, weight.get(slug, 0) + change)
        if total == weight.get(slug, 0):
            continue
        (up if total > weight.get(slug, 0) else down).add(slug)
        if total:
            weight[slug] = total
        else:
            weight.pop(slug, None)
    assert related.shortlist_after(before, weight, up, down, rank) == related.shortlist(
        weight, rank)


def summaries_as_data(summaries: dict[str, pages.SourceSummary]) -> Any:
    return {sid: (s.profile, [(c.report, c.claims) for c in s.credits], s.relayed_by,
                  s.relays_for, s.claim_count) for sid, s in summaries.items()}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 99), st.integers(0, 6), st.integers(0, 99)),
                min_size=1, max_size=6))
def test_source_summaries_kept_between_builds_equal_ones_summed_anew(
        library: list[AnnotatedReport], steps: list[tuple[int, int, int]]) -> None:
    """The ledger re-sums only the sources an edited report credited or credits now."""
    reg, config = registry(), LinkConfig()
    current = {r.clean.raw.slug or "": r for r in library}
    linker, ledger = Linker(), pages.SourceLedger()
    ledger.summaries(linker.link(list(current.values()), reg, config))
    for which, kind, donor in steps:
        slug = sorted(current)[which % len(current)]
        current[slug] = variant(current[slug], kind, library[donor % len(library)])
        site = linker.link(list(current.values()), reg, config)
        assert summaries_as_data(ledger.summaries(site)) == summaries_as_data(
            pages.SourceLedger().summaries(site))


def test_a_source_a_report_no_longer_credits_loses_that_report(
        library: list[AnnotatedReport]) -> None:
    reg = registry()
    made = event_family(7)
    site = link(made, reg, LinkConfig())
    ledger = pages.SourceLedger()
    ledger.summaries(site)
    origin = site.reports.index(site.by_slug()["e7a"])
    edited = dataclasses.replace(site.reports[origin], linked_claims=[])  # ATESH's claim cut
    after = LinkedSite(reports=[edited if n == origin else r
                                for n, r in enumerate(site.reports)],
                       sources=site.sources, extra=site.extra)
    kept = ledger.summaries(after)
    assert "e7a" not in [c.report.slug for c in kept["atesh"].credits]
    assert summaries_as_data(kept) == summaries_as_data(pages.SourceLedger().summaries(after))
