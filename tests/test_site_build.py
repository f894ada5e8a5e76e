"""The seed site builds and every page is whole: links resolve, every report has its title."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from builder.config import load_config
from tests.conftest import REPO


def resolve(public: Path, base_path: str, href: str) -> Path | None:
    """The file an internal link points to, or None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("#"):
        return None
    path = unquote(parts.path)
    assert path.startswith(base_path), f"internal link outside the base path: {href}"
    target = public / path[len(base_path):]
    return target / "index.html" if path.endswith("/") else target


def test_every_internal_link_and_asset_resolves(built_site: Path) -> None:
    base = load_config(REPO).base_path
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for element in soup.find_all(tag):
                value = element.get(attr)
                if not isinstance(value, str):
                    continue
                target = resolve(built_site, base, value)
                if target is not None:
                    assert target.is_file(), f"{page}: broken link {value}"


def test_index_links_one_page_per_seed_report_with_its_title(built_site: Path) -> None:
    soup = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    report_links = [a["href"] for a in soup.select(".report-list a")]
    assert len(set(report_links)) == 5
    for record_file in sorted((built_site / "data/reports").glob("*.json")):
        record = json.loads(record_file.read_text(encoding="utf-8"))
        page = built_site / "reports" / record["slug"] / "index.html"
        h1 = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("h1")
        assert h1 is not None and record["meta"]["title"], page
        assert h1.get_text(" ", strip=True) == " ".join(record["meta"]["title"].split())


def test_report_pages_show_their_text(built_site: Path) -> None:
    page = next((built_site / "reports").glob("*icaro*/index.html"))
    text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ")
    assert "Newsweek cannot independently verify the report" in text


SEED_TITLES = {
    "2025-08-02-atesh-russian-paratroopers-fled-zaporizhia.txt":
        "Russian paratroopers fled en masse from Zaporizhia region",
    "2023-04-10-sputnik-ukraine-army-mass-desertions.txt":
        "Ukraine's Army Suffers Mass Desertions: Morale Sinks as 500 Troops Flee 'Offensive'",
    "mass-desertion-attempt-krasnodar.txt":
        "Mass Desertion Attempt Shakes Russian Military: Over 100 Soldiers Tried to Flee",
    "2022-03-23-llb-russian-soldiers-refuse-to-fight-sumy.txt":
        "Hundreds of Russian soldiers refuse to fight in northern Ukraine and "
        "‘abandoned the area of the operation’",
    "icaro-atesh-mass-desertions-kherson.txt":
        "Ukrainian Partisan Movement Reports Mass Desertions by Russian Forces in Southern "
        "Kherson Region",
}


def seed_pages(public: Path) -> dict[str, tuple[dict[str, object], BeautifulSoup]]:
    """Raw file name → (JSON record, parsed report page) of every seed report."""
    pages = {}
    for record_file in sorted((public / "data/reports").glob("*.json")):
        record = json.loads(record_file.read_text(encoding="utf-8"))
        html = (public / "reports" / str(record["slug"]) / "index.html").read_text("utf-8")
        pages[Path(str(record["source_file"])).name] = (record, BeautifulSoup(html, "html.parser"))
    return pages


def test_seed_reports_have_their_exact_titles(built_site: Path) -> None:
    pages = seed_pages(built_site)
    for name, title in SEED_TITLES.items():
        record, soup = pages[name]
        assert record["meta"]["title"] == title  # type: ignore[index]
        h1 = soup.find("h1")
        assert h1 is not None and h1.get_text(" ", strip=True) == title


def test_removed_lines_are_listed_in_a_collapsed_section(built_site: Path) -> None:
    pages = seed_pages(built_site)
    record, soup = pages["2022-03-23-llb-russian-soldiers-refuse-to-fight-sumy.txt"]
    details = soup.select_one("details.report-removed")
    assert details is not None and not details.has_attr("open")
    summary = details.find("summary")
    assert summary is not None and "Removed from the original" in summary.get_text()
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")]
            for tr in details.select("tbody tr")]
    assert len(rows) == len(record["removed"])  # type: ignore[arg-type]
    assert rows[-1][:2] == ["49", "[ms-form id=1]"]
    assert "Read more on Russia-Ukraine war:" in [row[1] for row in rows]
    body = soup.select_one(".report-body")
    assert body is not None and "[ms-form id=1]" not in body.get_text()
