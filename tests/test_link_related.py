"""Related reports, echo versus corroboration, hedge drift and coverage by side."""

from __future__ import annotations

from builder.config import LinkConfig
from builder.link import link
from builder.link.model import SiteLinks
from builder.records import LinkedSite
from tests.link_helpers import registry, report

ATESH_CLAIM = ("According to ATESH, 300 soldiers of the 247th Airborne Assault Regiment "
               "deserted in the Zaporizhia region.")
RELAY_CLAIM = ("Newsweek reported, citing ATESH, that 300 soldiers of the 247th Air Assault "
               "Regiment deserted near Tokmak in the Zaporizhzhia region.")
GS_CLAIM = ("The General Staff said 300 servicemen of the 247th Airborne Assault Regiment "
            "deserted their positions in Zaporizhia.")
OTHER = "A missile strike on Odesa killed four people, the regional governor said."


def links_of(site: LinkedSite) -> SiteLinks:
    links = site.extra["link"]
    assert isinstance(links, SiteLinks)
    return links


def build(*reports: object, sides: tuple[tuple[str, str | None], ...] = ()) -> LinkedSite:
    reg = registry(("ATESH", "Ukrainian"), ("General Staff", "Ukrainian"),
                   ("Newsweek", "third party"), ("Baza", "Russian"), *sides)
    return link(list(reports), reg, LinkConfig())  # type: ignore[arg-type]


def test_same_event_reports_link_both_ways_with_reasons_and_unrelated_do_not() -> None:
    site = build(
        report("a", [ATESH_CLAIM], date="2025-08-02", publisher="Front Dispatch",
               claims=[(ATESH_CLAIM, "unverified", ["ATESH"])]),
        report("b", [RELAY_CLAIM], date="2025-08-04", publisher="Newsweek",
               claims=[(RELAY_CLAIM, "unverified", ["ATESH", "Newsweek"])]),
        report("c", [OTHER], date="2025-08-03", publisher="Odesa Daily"),
    )
    by = site.by_slug()
    assert [r.slug for r in by["a"].related] == ["b"]
    assert [r.slug for r in by["b"].related] == ["a"]
    assert by["c"].related == []
    why = by["a"].related[0].why
    assert "same unit: 247th Airborne Assault Regiment" in why
    assert "same origin source: ATESH" in why
    assert "same place and week: Zaporizhia" in why


def test_shared_origin_is_an_echo_and_stays_unverified() -> None:
    site = build(
        report("a", [ATESH_CLAIM], date="2025-08-02", publisher="Front Dispatch",
               claims=[(ATESH_CLAIM, "unverified", ["ATESH"])]),
        report("b", [RELAY_CLAIM], date="2025-08-04", publisher="Newsweek",
               claims=[(RELAY_CLAIM, "unverified", ["ATESH", "Newsweek"])]),
    )
    links = links_of(site)
    for r in site.reports:
        (claim,) = r.claims
        assert claim.status == "unverified"
        assert claim.note is not None and "all trace back to ATESH" in claim.note
        (group,) = links.groups[r.slug]
        assert group.verdict == "echo" and group.origins == ["ATESH"]
    assert links.echoes["a"].origins == ["ATESH"]
    assert links.echoes["a"].publishers == ["Newsweek"]


def test_independent_second_chain_corroborates_across_the_site() -> None:
    site = build(
        report("a", [ATESH_CLAIM], date="2025-08-02", publisher="Front Dispatch",
               claims=[(ATESH_CLAIM, "unverified", ["ATESH"])]),
        report("b", [RELAY_CLAIM], date="2025-08-04", publisher="Newsweek",
               claims=[(RELAY_CLAIM, "unverified", ["ATESH", "Newsweek"])]),
        report("g", [GS_CLAIM], date="2025-08-03", publisher="Kyiv Herald",
               claims=[(GS_CLAIM, "unverified", ["General Staff"])]),
    )
    for r in site.reports:
        (claim,) = r.claims
        assert claim.status == "corroborated", r.slug
        assert claim.note is not None and "independent" in claim.note
    (group,) = links_of(site).groups["g"]
    assert group.verdict == "corroborated"
    assert sorted(group.origins) == ["ATESH", "General Staff"]


def test_claims_about_different_numbers_are_not_the_same_claim() -> None:
    other = ("The General Staff said 40 servicemen of the 247th Airborne Assault Regiment "
             "deserted in Zaporizhia.")
    site = build(
        report("a", [ATESH_CLAIM], date="2025-08-02", claims=[(ATESH_CLAIM, "unverified",
                                                              ["ATESH"])]),
        report("g", [other], date="2025-08-03", claims=[(other, "unverified",
                                                        ["General Staff"])]),
    )
    assert all(r.claims[0].status == "unverified" for r in site.reports)
    assert links_of(site).groups == {}


def test_a_shared_region_alone_does_not_make_claims_the_same() -> None:
    first = "According to ATESH, Russian soldiers deserted in the Zaporizhia region."
    second = "Governor Balitsky said Ukrainian soldiers fled on the Zaporozhye front."
    site = build(
        report("a", [first, ATESH_CLAIM], date="2025-08-02",
               claims=[(first, "unverified", ["ATESH"]),
                       (ATESH_CLAIM, "unverified", ["ATESH"])]),
        report("b", [second, GS_CLAIM], date="2025-08-03",
               claims=[(second, "unverified", ["Yevgeny Balitsky"]),
                       (GS_CLAIM, "unverified", ["General Staff"])]),
    )
    by = site.by_slug()
    assert [r.slug for r in by["a"].related] == ["b"]
    assert by["a"].claims[0].status == "unverified"
    assert by["b"].claims[0].status == "unverified"
    assert by["a"].claims[1].status == "corroborated"  # the 247th claim is the same event


def test_hedge_dropped_by_a_relay_is_flagged_on_both_reports() -> None:
    hedged = ("300 soldiers of the 247th Airborne Assault Regiment allegedly deserted in "
              "Zaporizhia, ATESH claimed.")
    flat = "300 soldiers of the 247th Airborne Assault Regiment deserted in Zaporizhia."
    site = build(
        report("origin", [hedged], date="2025-08-02", publisher="Front Dispatch",
               claims=[(hedged, "unverified", ["ATESH"])]),
        report("relay", [flat], date="2025-08-03", publisher="Daily Herald",
               claims=[(flat, "unsourced", [])]),
    )
    links = links_of(site)
    for slug in ("origin", "relay"):
        (drift,) = links.drift[slug]
        assert drift.hedged.slug == "origin" and drift.flat.slug == "relay"
        assert "allegedly" in drift.hedges
    relay = site.by_slug()["relay"].claims[0]
    assert relay.note is not None and "Hedge drift" in relay.note


def test_coverage_counts_claims_by_origin_side_and_marks_one_sided_stories() -> None:
    baza = ("The Telegram channel Baza said 300 soldiers of the 247th Airborne Assault "
            "Regiment deserted in Zaporizhia.")
    site = build(
        report("a", [ATESH_CLAIM, OTHER], date="2025-08-02",
               claims=[(ATESH_CLAIM, "unverified", ["ATESH"]),
                       (OTHER, "unverified", ["regional governor"])]),
        report("b", [RELAY_CLAIM], date="2025-08-04",
               claims=[(RELAY_CLAIM, "unverified", ["ATESH", "Newsweek"])]),
        report("z", [baza], date="2025-12-30",
               claims=[(baza, "unverified", ["Baza"])]),
    )
    links = links_of(site)
    assert links.coverage["a"].counts == {"Russian": 0, "Ukrainian": 1, "third party": 0,
                                          "unknown": 1}
    story = links.story_of["a"]
    assert story.slugs == ["a", "b"] and story.coverage.one_side == "Ukrainian"
    assert links.coverage["z"].one_side == "Russian"
    assert links.coverage["b"].counts["Ukrainian"] == 1
    assert "regional-governor" in site.sources  # a source with no profile still gets a page


def test_own_voice_claims_count_for_the_publishers_side() -> None:
    own = "Ukraine's army is suffering mass desertions near Zaporozhye."
    site = build(
        report("s", [own, OTHER], date="2023-04-10", publisher="Sputnik Africa",
               claims=[(own, "unsourced", []), (OTHER, "unverified", [])]),
        sides=(("Sputnik Africa", "Russian"),),
    )
    assert links_of(site).coverage["s"].counts == {"Russian": 1, "Ukrainian": 0,
                                                   "third party": 0, "unknown": 1}


def test_a_place_common_to_hundreds_of_reports_does_not_hide_the_same_event() -> None:
    filler = [report(f"f{n:03d}", [f"Shelling hit {n} homes in the Zaporizhia region, "
                                   f"officials said after talks on grain {n}."],
                     date=f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}") for n in range(300)]
    site = build(
        *filler,
        report("a", [ATESH_CLAIM], date="2025-08-02",
               claims=[(ATESH_CLAIM, "unverified", ["ATESH"])]),
        report("b", [RELAY_CLAIM], date="2025-08-04",
               claims=[(RELAY_CLAIM, "unverified", ["ATESH", "Newsweek"])]),
    )
    by = site.by_slug()
    assert by["a"].related[0].slug == "b"
    assert by["b"].related[0].slug == "a"
