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
