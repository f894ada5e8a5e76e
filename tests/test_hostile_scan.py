"""The static scan: the seed site is clean, and the scan does catch every kind of problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.config import load_config
from builder.render import make_environment
from tests.conftest import REPO
from tests.hostile.scan import scan_page, scan_site

CSP = "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self'\">"
BAD = [
    "<script>alert(1)</script>",
    "<script src='https://evil.example/x.js'></script>",
    "<script src='/static/../evil.js'></script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<a href=' JaVa\tScRiPt:alert(1)'>x</a>",
    "<form action='javascript:alert(1)'></form>",
    "<iframe src='https://example.org'></iframe>",
    "<object data='x.swf'></object>",
    "<base href='https://evil.example/'>",
    "<meta http-equiv='refresh' content='0;url=javascript:alert(1)'>",
    "<img srcset='ok.png 1x, javascript:alert(1) 2x'>",
    "<div style='background:url(javascript:alert(1))'>x</div>",
    "<script type='application/ld+json'>{\"a\": \"</script><script>alert(1)</script>\"}"
    "</script>",
]


def test_every_page_of_the_seed_site_passes_the_scan(built_site: Path) -> None:
    assert scan_site(built_site, load_config(REPO).base_path) == {}


@pytest.mark.parametrize("snippet", BAD)
def test_the_scan_catches(snippet: str) -> None:
    assert scan_page(f"<html><head>{CSP}</head><body>{snippet}</body></html>", "/static/")


def test_the_scan_allows_own_scripts_and_json_ld() -> None:
    page = (f"<html><head>{CSP}<script src='/static/site.js' defer></script>"
            "<script type='application/ld+json'>{\"@type\": \"NewsArticle\"}</script>"
            "</head><body><a href='https://example.org/'>x</a><a href='mailto:a@b.c'>m</a>"
            "<a href='/reports/x/'>r</a></body></html>")
    assert scan_page(page, "/static/") == []


def test_a_page_without_the_csp_meta_fails() -> None:
    assert scan_page("<html><head></head><body>x</body></html>", "/static/")


@pytest.mark.parametrize("name", ["page.html", "feed.xml", "x.j2", "notes.txt", "noext"])
def test_every_template_is_autoescaped_whatever_its_name(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("{{ value }}")
    html = make_environment(tmp_path).get_template(name).render(value="<script>x</script>")
    assert html == "&lt;script&gt;x&lt;/script&gt;"


def test_two_pages_planned_at_one_path_are_refused_not_overwritten() -> None:
    from builder.errors import BuilderError
    from builder.render import Page, check_unclaimed

    files = {"reports/x/index.html": b"first"}
    check_unclaimed(files, Page("reports/y/index.html", "report.html"))
    with pytest.raises(BuilderError, match="two pages would be written"):
        check_unclaimed(files, Page("reports/x/index.html", "report.html"))
