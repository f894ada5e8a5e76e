"""What a reader sees in headless Chromium: the removed-lines audit is collapsed, opens from
the keyboard, and works with JavaScript off."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]



def test_removed_lines_are_hidden_until_opened_with_the_keyboard(site_url: str) -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed (tests/install_chromium.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = browser.new_context(java_script_enabled=False)
            page = context.new_page()
            page.goto(site_url)
            page.click("text=Hundreds of Russian soldiers refuse to fight")
            removed_row = page.locator(".report-removed td", has_text="[ms-form id=1]")
            assert not removed_row.is_visible()
            assert page.locator(".report-body", has_text="Paul Mason").is_visible()
            summary = page.locator(".report-removed summary")
            assert "Removed from the original" in summary.inner_text()
            summary.focus()
            page.keyboard.press("Enter")
            assert removed_row.is_visible()
            assert page.locator(".report-removed td",
                                has_text="Read more on Russia-Ukraine war:").is_visible()
        finally:
            browser.close()
