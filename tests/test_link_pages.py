"""The cross-link pages a reader sees: sources, entities, archive and the report's section.

Reports are built by hand with the claims the annotator gives, linked by the real link
stage and rendered by the real renderer and templates of this repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builder.config import load_config
from builder.link import link
from builder.pages import Pager
from builder.render import render_site
from tests.conftest import copy_site
from tests.link_helpers import registry, report
from tests.test_link_related import ATESH_CLAIM, GS_CLAIM, OTHER, RELAY_CLAIM

HEDGED = ("Reportedly, 12 soldiers of the 1437th Motorized Rifle Regiment fled from "
          "Pokrovsk, ATESH claimed.")
FLAT = "12 soldiers of the 1437th motorized rifle regiment fled from Pokrovsk."


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BeautifulSoup]:
    root = copy_site(tmp_path_factory.mktemp("pages") / "site")
    config = load_config(root)
    reports = [
        report("atesh-zaporizhia", [ATESH_CLAIM, HEDGED], date="2025-08-02",
               publisher="Front Dispatch", title="Paratroopers flee Zaporizhia",
               claims=[(ATESH_CLAIM, "unverified", ["ATESH"]),
                       (HEDGED, "unverified", ["ATESH"])]),
        report("newsweek-relay", [RELAY_CLAIM, FLAT], date="2025-08-04", publisher="Newsweek",
               title="Partisans say a regiment deserted",
               claims=[(RELAY_CLAIM, "unverified", ["ATESH", "Newsweek"]),
                       (FLAT, "unsourced", [])]),
        report("odesa", [OTHER], date="2024-01-10", publisher="Odesa Daily",
               title="Strike on Odesa", claims=[(OTHER, "unverified", ["regional governor"])]),
    ]
    reg = registry(("ATESH", "Ukrainian"), ("Newsweek", "third party"))
    site = link(reports, reg, config.link)
    files = render_site(site, config)
    return {path: BeautifulSoup(data, "html.parser") for path, data in files.items()
            if path.endswith(".html")}


def text(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ").split())


def test_source_page_lists_its_claims_by_report_and_who_relays_it(
        pages: dict[str, BeautifulSoup]) -> None:
    page = pages["sources/atesh/index.html"]
    sections = page.select(".source-report")
    assert [s.h3.get_text(strip=True) for s in sections] == [
        "Partisans say a regiment deserted", "Paratroopers flee Zaporizhia"]
    quoted = [q.get_text() for q in page.select(".credited-claims q")]
    assert sorted(quoted) == sorted([RELAY_CLAIM, ATESH_CLAIM, HEDGED])
    relays = text(page.select_one(".relayed-by"))
    assert "Newsweek" in relays and "Front Dispatch" in relays
    assert "Ukrainian" in text(page.select_one(".profile"))


def test_unprofiled_source_still_has_a_page_and_an_index_entry(
        pages: dict[str, BeautifulSoup]) -> None:
    page = pages["sources/regional-governor/index.html"]
    assert OTHER in text(page)
    names = [a.get_text() for a in pages["sources/index.html"].select(".entity-list a")]
    assert names == ["ATESH", "Newsweek", "regional governor"]


def test_place_and_unit_pages_list_the_reports_naming_them(
        pages: dict[str, BeautifulSoup]) -> None:
    zap = [a.get_text() for a in pages["places/zaporizhia/index.html"].select(".report-list a")]
    assert zap == ["Partisans say a regiment deserted", "Paratroopers flee Zaporizhia"]
    unit = pages["units/1437th-motorized-rifle-regiment/index.html"]
    assert len(unit.select(".report-list a")) == 2
    index = [a.get_text() for a in pages["places/index.html"].select(".entity-list a")]
    assert index == ["Odesa", "Pokrovsk", "Tokmak", "Zaporizhia"]


def test_report_shows_related_reasons_echo_drift_and_coverage(
        pages: dict[str, BeautifulSoup]) -> None:
    page = pages["reports/atesh-zaporizhia/index.html"]
    section = page.select_one(".crosslinks")
    assert section is not None
    related = section.select(".related-list > li")
    assert [li.a.get_text() for li in related] == ["Partisans say a regiment deserted"]
    assert "same origin source: ATESH" in text(related[0])
    echo = text(section.select_one(".echo-note"))
    assert "Echo, not corroboration" in echo and "all trace back to ATESH" in echo
    assert "Newsweek" in echo
    assert "states it flatly" in text(section.select_one(".drift"))
    coverage = text(section.select_one(".coverage"))
    assert "Ukrainian 2" in coverage and "One-sided" in coverage
    bar = section.select_one(".coverage-bar rect")
    assert bar is not None and bar["width"] == "100.00"


def test_corroboration_shows_on_the_report(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "site")
    config = load_config(root)
    reports = [
        report("a", [ATESH_CLAIM], date="2025-08-02", publisher="Front Dispatch",
               claims=[(ATESH_CLAIM, "unverified", ["ATESH"])]),
        report("g", [GS_CLAIM], date="2025-08-03", publisher="Kyiv Herald",
               claims=[(GS_CLAIM, "unverified", ["General Staff"])]),
    ]
    files = render_site(link(reports, registry(), config.link), config)
    page = BeautifulSoup(files["reports/a/index.html"], "html.parser")
    group = page.select_one(".claim-group-corroborated")
    assert group is not None
    assert "Corroborated" in text(group) and "Kyiv Herald" in text(group)


def test_archive_groups_reports_by_month(pages: dict[str, BeautifulSoup]) -> None:
    months = [h.get_text(strip=True) for h in pages["archive/index.html"].select("h2")]
    assert months == ["2025-08", "2024-01"]


def test_a_big_source_is_split_into_linked_pages_that_list_each_report_once(
        tmp_path: Path) -> None:
    root = copy_site(tmp_path / "site")
    config = load_config(root)
    places = ["Pokrovsk", "Kupiansk", "Avdiivka", "Bakhmut", "Vuhledar", "Toretsk"]
    reports = []
    for n in range(47):  # 20 a page: 3 pages
        claim = f"{n + 3} soldiers fled from {places[n % len(places)]}, ATESH said."
        date = f"2025-{1 + n // 28:02d}-{1 + n % 28:02d}"
        reports.append(report(f"r{n:02d}", [claim], date=date, publisher="Front Dispatch",
                              title=f"Report {n:02d}", claims=[(claim, "unverified", ["ATESH"])]))
    files = render_site(link(reports, registry(("ATESH", "Ukrainian")), config.link), config)
    paths = ["sources/atesh/index.html", "sources/atesh/page/2/index.html",
             "sources/atesh/page/3/index.html"]
    assert "sources/atesh/page/4/index.html" not in files
    listed: list[str] = []
    for number, path in enumerate(paths, start=1):
        page = BeautifulSoup(files[path], "html.parser")
        listed += [s.h3.get_text(strip=True) for s in page.select(".source-report")]
        pager = page.select_one("nav.pager")
        assert pager is not None and f"Page {number} of 3" in text(pager)
        assert pager.select_one("[aria-current=page]").get_text() == str(number)
        for link_ in pager.select("a[href]"):  # every page link leads to a page built
            target = link_["href"].removeprefix(config.base_path).lstrip("/")
            assert target + "index.html" in files, link_["href"]
        assert (pager.select_one("a[rel=prev]") is None) == (number == 1)
        assert (pager.select_one("a[rel=next]") is None) == (number == 3)
    # newest first, each report on exactly one page
    assert listed == [f"Report {n:02d}" for n in reversed(range(47))]
    first = BeautifulSoup(files[paths[0]], "html.parser")
    assert "47 claims in 47 reports" in text(first)


def test_the_pager_of_a_long_list_shows_the_ends_and_the_pages_near() -> None:
    assert Pager(5, 21, "s/").window == (1, 2, 3, 4, 5, 6, 7, None, 21)
    assert Pager(11, 21, "s/").window == (1, None, 9, 10, 11, 12, 13, None, 21)
    assert Pager(21, 21, "s/").window == (1, None, 19, 20, 21)
    assert Pager(4, 7, "s/").window == tuple(range(1, 8))  # no "…" standing for one page
    assert Pager(1, 1, "s/").window == (1,)
    assert Pager(3, 9, "s/").target(3) == "s/page/3/" and Pager(1, 9, "s/").target(1) == "s/"
