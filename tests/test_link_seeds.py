"""Cross-linking of the real seed site, built by the real CLI (issue 5's seed checks):
ingest, clean, annotate (claims and source chains) and link, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ATESH = "2025-08-02-atesh-russian-paratroopers-fled-zaporizhia"
ICARO = "icaro-atesh-mass-desertions-kherson"
KRASNODAR = "mass-desertion-attempt-krasnodar"
LLB = "2022-03-23-llb-russian-soldiers-refuse-to-fight-sumy"
SPUTNIK = "2023-04-10-sputnik-ukraine-army-mass-desertions"


def record(public: Path, slug: str) -> dict[str, object]:
    data = json.loads((public / "data" / "reports" / f"{slug}.json").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def page(public: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((public / path / "index.html").read_text("utf-8"), "html.parser")


@pytest.fixture(scope="module")
def public(built_site: Path) -> Path:
    return built_site


def claims_of(public: Path, slug: str) -> list[dict[str, object]]:
    claims = record(public, slug)["claims"]
    assert isinstance(claims, list)
    return claims


def test_atesh_reports_link_to_each_other_with_the_atesh_reason(public: Path) -> None:
    for me, other in ((ATESH, ICARO), (ICARO, ATESH)):
        related = record(public, me)["related"]
        assert isinstance(related, list)
        match = [r for r in related if r["slug"] == other]
        assert match, f"{me} does not list {other}"
        assert "same origin source: ATESH" in match[0]["why"]
        shown = page(public, f"reports/{me}").select_one(".related-list")
        assert shown is not None and "same origin source: ATESH" in shown.get_text()


def test_shared_atesh_origin_is_an_echo_not_corroboration(public: Path) -> None:
    for me in (ATESH, ICARO):
        echo = page(public, f"reports/{me}").select_one(".echo-note")
        assert echo is not None and "all trace back to ATESH" in " ".join(echo.get_text().split())
        for claim in claims_of(public, me):
            sources = [s["name"] for s in claim["sources"]]  # type: ignore[attr-defined]
            if sources and sources[0] == "ATESH":
                assert claim["status"] == "unverified", claim["text"]


def credited(public: Path, source_id: str) -> str:
    soup = page(public, f"sources/{source_id}")
    return " ".join(q.get_text(" ") for q in soup.select(".credited-claims q"))


def test_source_pages_list_the_right_claims(public: Path) -> None:
    atesh = credited(public, "atesh")
    assert "247th Airborne Assault Regiment" in atesh
    assert "Russian soldiers are disappearing en masse in the Kherson region" in atesh
    sputnik = credited(public, "sputnik")
    assert "approximately 500 Ukrainian soldiers had fled the offensive" in sputnik
    assert "Baza" not in sputnik and "ATESH" not in sputnik
    # Sputnik Africa is Sputnik (an alias): it does not relay itself.
    relays = page(public, "sources/sputnik").select_one(".relayed-by")
    assert relays is None or "Sputnik Africa" not in relays.get_text()
    pravda = credited(public, "ukrainska-pravda")
    assert "Around 100 soldiers reportedly tried to desert" in pravda
    assert "247th" not in pravda


def test_place_pages_list_the_right_reports(public: Path) -> None:
    def listed(place: str) -> set[str]:
        soup = page(public, f"places/{place}")
        return {a["href"].rstrip("/").split("/")[-1] for a in soup.select(".report-list a")}

    assert listed("zaporizhia") == {ATESH, SPUTNIK}
    assert listed("sumy") == {LLB, KRASNODAR}
