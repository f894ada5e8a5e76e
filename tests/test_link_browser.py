"""What a reader sees of cross-linking in headless Chromium, JavaScript off.

A hand-built library (two outlets relaying ATESH) is linked and rendered by the real
stages, written with the real writer and served on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from builder.config import load_config
from builder.link import link
from builder.render import render_site
from builder.write import write_site
from tests.conftest import copy_site, serve_folder
from tests.link_helpers import registry, report
from tests.test_link_related import ATESH_CLAIM, RELAY_CLAIM

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = copy_site(tmp_path_factory.mktemp("browser") / "site")
    config = load_config(root)
    reports = [
        report("origin", [ATESH_CLAIM], date="2025-08-02", publisher="Front Dispatch",
               title="Paratroopers flee Zaporizhia",
               claims=[(ATESH_CLAIM, "unverified", ["ATESH"])]),
        report("relay", [RELAY_CLAIM], date="2025-08-04", publisher="Newsweek",
               title="Partisans say a regiment deserted",
               claims=[(RELAY_CLAIM, "unverified", ["ATESH", "Newsweek"])]),
    ]
    site = link(reports, registry(("ATESH", "Ukrainian"), ("Newsweek", "third party")),
                config.link)
    write_site(render_site(site, config), config.output_dir)
    # Serve public/ under the site's base path, as it will be published.
    with serve_folder(config.output_dir, config.base_path) as url:
        yield url


def test_reader_follows_related_link_by_keyboard_and_sees_echo_and_bar(served: str) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (tests/install_chromium.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_context(java_script_enabled=False).new_page()
        page.goto(served + "reports/origin/")
        echo = page.locator(".echo-note")
        assert "all trace back to ATESH" in echo.inner_text()
        # The stylesheet applies under the page's CSP: the echo note has its border.
        assert echo.evaluate("e => getComputedStyle(e).borderLeftWidth") == "4px"
        bar = page.locator(".coverage-bar rect").first
        assert bar.bounding_box() is not None and bar.bounding_box()["width"] > 100
        related = page.locator(".related-list a").first
        for _ in range(60):  # Tab through the page until the related link has focus
            page.keyboard.press("Tab")
            if related.evaluate("e => e === document.activeElement"):
                break
        else:
            pytest.fail("the related report link is not reachable with Tab")
        page.keyboard.press("Enter")
        page.wait_for_url(served + "reports/relay/")
        assert page.locator("h1").inner_text() == "Partisans say a regiment deserted"
        browser.close()
