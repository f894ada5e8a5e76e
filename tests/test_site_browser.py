"""What a reader does, in headless Chromium, with the site served under /repo/ the way
GitHub Pages serves a project site: home → report → a claim by keyboard → its source,
search, a crawl for broken links, and axe-core on every kind of page."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, expect

from tests.browser import chromium
from tests.site_server import ServedSite, served_site

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor/axe-core/axe.min.js"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    with served_site(tmp_path_factory.mktemp("served")) as served:
        yield served


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield pg
    context.close()
    assert not errors, f"errors in the browser console: {errors}"


def records(site: ServedSite) -> list[dict[str, object]]:
    return [json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((site.public / "data/reports").glob("*.json"))]


def reports_mentioning(site: ServedSite, word: str) -> set[str]:
    """Slugs of the reports whose text (or claim sources) mention ``word``."""
    found = set()
    for record in records(site):
        sources = " ".join(s["name"] for c in record["claims"] for s in c["sources"])  # type: ignore[attr-defined,index]
        if re.search(word, f"{record['body']} {sources}", re.IGNORECASE):
            found.add(str(record["slug"]))
    return found


def test_home_to_report_to_source(site: ServedSite, page: Page) -> None:
    page.goto(site.base_url)
    expect(page.locator("h1")).to_have_count(1)
    first = page.locator(".report-list a").first
    title = first.inner_text()
    first.click()
    assert urlsplit(page.url).path.startswith("/repo/reports/")
    expect(page.locator("h1")).to_have_text(title)
    # Back home through the navigation, by keyboard.
    page.locator(".site-nav a", has_text="Home").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(site.base_url)


def test_claim_popover_by_keyboard_then_its_source(site: ServedSite, page: Page) -> None:
    """The annotation stage's markup: ``a.claim-ref[data-claim=N]`` in the body opens a
    ``[role=dialog]`` popover (static/claims.js) copied from footnote ``#claim-note-N``."""
    with_sources = [r for r in records(site)
                    if any(c["sources"] for c in r["claims"])]  # type: ignore[attr-defined]
    if not with_sources:
        pytest.skip("no claim names a source yet (annotation stage not merged)")
    page.goto(f"{site.base_url}reports/{with_sources[0]['slug']}/")
    notes = page.locator(".claim-note[data-claim]:has(a[href*='/sources/'])")
    if notes.count() == 0:
        pytest.skip("no claim footnote links to a source page yet (annotation markup)")
    number = notes.first.get_attribute("data-claim")
    for _ in range(300):  # Tab from the top of the page to that claim's reference
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.report-body [data-claim]') && "
                         f"document.activeElement.dataset.claim === '{number}'"):
            break
    else:
        pytest.fail(f"claim {number} cannot be reached with the Tab key")
    page.keyboard.press("Enter")
    popover = page.locator("[role=dialog]")
    expect(popover).to_be_visible()
    source_link = popover.locator("a[href*='/sources/']").first
    href = source_link.get_attribute("href")
    assert href and href.startswith("/repo/sources/")
    page.keyboard.press("Escape")
    expect(popover).to_have_count(0)
    page.keyboard.press("Enter")  # focus went back to the reference: open it again
    expect(popover).to_be_visible()
    for _ in range(10):  # Tab inside the popover to the source link, then follow it
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches(\"[role=dialog] a[href*='/sources/']\")"):
            break
    else:
        pytest.fail("the source link in the popover cannot be reached with the Tab key")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/repo/sources/"))
    expect(page.locator("h1")).to_be_visible()


def test_search_for_atesh_finds_the_reports_citing_it(site: ServedSite, page: Page) -> None:
    expected = reports_mentioning(site, "ATESH")
    assert expected, "the seed reports cite ATESH"
    page.goto(f"{site.base_url}search/")
    expect(page.locator("#search-nojs")).to_be_hidden()
    page.locator("#search-input").focus()
    page.keyboard.type("ATESH")
    page.keyboard.press("Enter")
    expect(page.locator("#search-status")).to_contain_text("result")
    hrefs = page.locator(".search-result.kind-report h2 a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    found = {h.removeprefix("/repo/reports/").rstrip("/") for h in hrefs}
    assert found == expected
    assert "q=ATESH" in page.url  # the results have an address a reader can share
    page.locator(".search-result h2 a").first.click()
    assert urlsplit(page.url).path.startswith("/repo/")
    expect(page.locator("h1")).to_be_visible()


def test_search_from_its_address_and_no_results(site: ServedSite, page: Page) -> None:
    page.goto(f"{site.base_url}search/?q=atesh")
    expect(page.locator(".search-result").first).to_be_visible()
    page.goto(f"{site.base_url}search/?q=zzzqxj")
    expect(page.locator("#search-status")).to_have_text(re.compile("No results"))


def test_without_javascript_search_says_so_and_pages_work(
        site: ServedSite, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site.base_url}search/")
    expect(page.locator("#search-nojs")).to_be_visible()
    page.goto(site.base_url)
    page.locator(".report-list a").first.click()
    assert urlsplit(page.url).path.startswith("/repo/reports/")
    context.close()


def crawl(site: ServedSite) -> tuple[set[str], list[str]]:
    """Every URL reachable from home, sitemap and feed under /repo/; and the broken ones."""
    origin = site.base_url[: -len("/repo/")]
    seen: set[str] = set()
    broken: list[str] = []
    queue = [site.base_url, site.base_url + "sitemap.xml", site.base_url + "feed.xml"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urlopen(url, timeout=10) as response:
                kind = response.headers.get_content_type()
                body = response.read()
        except HTTPError as exc:
            broken.append(f"{url} ({exc.code})")
            continue
        for link in links_in(body, kind, url):
            if link.startswith(origin):
                assert urlsplit(link).path.startswith("/repo/"), f"{url} links out: {link}"
                queue.append(link)
    return seen, broken


def links_in(body: bytes, kind: str, url: str) -> Iterator[str]:
    if kind == "text/html":
        soup = BeautifulSoup(body, "html.parser")
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
                          ("form", "action"), ("form", "data-index")):
            for element in soup.find_all(tag):
                value = element.get(attr)
                if isinstance(value, str):
                    yield urldefrag(urljoin(url, value))[0]
    elif kind in ("application/xml", "text/xml"):
        soup = BeautifulSoup(body, "xml")
        for loc in soup.find_all("loc"):
            yield loc.get_text(strip=True)
        for link in soup.find_all("link"):
            if link.get("href"):
                yield str(link["href"])


def test_crawl_under_repo_finds_no_broken_link_or_asset(site: ServedSite) -> None:
    seen, broken = crawl(site)
    assert broken == []
    pages = {p.relative_to(site.public).as_posix() for p in site.public.rglob("index.html")}
    reached = {urlsplit(u).path.removeprefix("/repo/") + "index.html" for u in seen
               if u.endswith("/")}
    assert pages <= reached, f"pages no link leads to: {sorted(pages - reached)}"


def page_types(site: ServedSite) -> list[str]:
    """One URL per kind of page the site has (a kind another stage adds is included)."""
    urls = [site.base_url, site.base_url + "about/", site.base_url + "search/?q=atesh",
            site.base_url + "no-such-page/"]
    first_report = records(site)[0]["slug"]
    urls.append(f"{site.base_url}reports/{first_report}/")
    for folder in sorted(p for p in site.public.iterdir() if p.is_dir()):
        if folder.name in ("reports", "search", "about", "static", "data"):
            continue
        if (folder / "index.html").is_file():
            urls.append(f"{site.base_url}{folder.name}/")
        inner = sorted(folder.glob("*/index.html"))
        if inner:
            urls.append(f"{site.base_url}{inner[0].parent.relative_to(site.public).as_posix()}/")
    return urls


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation_on_any_kind_of_page(
        site: ServedSite, browser: Browser, scheme: str) -> None:
    # bypass_csp lets the test inject axe; the pages themselves never run inline code.
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)  # type: ignore[arg-type]
    page = context.new_page()
    problems = []
    for url in page_types(site):
        page.goto(url)
        if "?q=" in url:
            page.locator(".search-result").first.wait_for()
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        assert result["passes"], "axe ran no check"
        for violation in result["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in violation["nodes"]][:3]
                problems.append(f"{url}: {violation['id']} ({violation['impact']}) {targets}")
    context.close()
    assert problems == []


def test_missing_address_at_any_depth_gets_the_styled_404(site: ServedSite,
                                                          browser: Browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(f"{site.base_url}no/such/page/here/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    assert page.evaluate("document.styleSheets.length") == 1
    assert page.evaluate("document.styleSheets[0].cssRules.length") > 10  # the theme loaded
    page.locator("main a", has_text="latest reports").click()
    page.wait_for_url(site.base_url)
    context.close()


def test_dark_mode_follows_the_system_setting(site: ServedSite, browser: Browser) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
        page = context.new_page()
        page.goto(site.base_url)
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        context.close()
    assert colours["light"] != colours["dark"]
    assert colours["dark"] == "rgb(22, 23, 26)"


def test_no_page_scrolls_sideways_on_a_phone(site: ServedSite, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    wide = []
    for url in page_types(site):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide.append(f"{url}: {width}px")
    context.close()
    assert wide == []
