"""What a reader sees of the claims, in headless Chromium: the popover opens from the
keyboard and names the sources; with JavaScript off the page still reads whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
REPORT = "reports/mass-desertion-attempt-krasnodar/"



@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (tests/install_chromium.sh)")
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def tab_to_claim(page: object, number: int) -> None:
    """Press Tab until the reference of claim ``number`` has the keyboard focus."""
    for _ in range(80):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        focused = page.evaluate(  # type: ignore[attr-defined]
            "document.activeElement && document.activeElement.dataset.claim")
        if focused == str(number):
            return
    raise AssertionError(f"claim {number} never took the keyboard focus")


def test_claim_popover_opens_by_keyboard_and_names_its_sources(
        browser: object, site_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(site_url + REPORT)
    tab_to_claim(page, 2)
    page.keyboard.press("Enter")
    popover = page.locator(".claim-popover[role=dialog]")
    popover.wait_for(state="visible", timeout=5000)
    text = popover.inner_text()
    for name in ("Baza", "Ostorozhno Novosti", "Ukrainska Pravda", "Unverified"):
        assert name in text
    assert page.evaluate("document.activeElement.classList.contains('claim-popover')")
    ref = page.locator("a.claim-ref[data-claim='2']")
    assert ref.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert popover.count() == 0
    assert page.evaluate("document.activeElement.dataset.claim") == "2"
    assert ref.get_attribute("aria-expanded") == "false"
    assert not errors
    page.close()


def test_page_reads_whole_with_javascript_disabled(browser: object, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(site_url + REPORT)
    summary = page.locator(".claim-summary").inner_text()
    assert "claims —" in summary and "unverified" in summary
    body = page.locator(".report-body").inner_text()
    assert "Seven of the soldiers managed to breach" in body
    notes = page.locator(".claim-notes")
    assert notes.is_visible()
    assert "Ostorozhno Novosti" in notes.inner_text()
    tab_to_claim(page, 2)
    page.keyboard.press("Enter")  # without the script the reference is a footnote link
    page.wait_for_url("**#claim-note-2")
    assert page.locator("#claim-note-2").is_visible()
    assert page.locator(".claim-popover").count() == 0
    labels = page.locator("mark.claim .visually-hidden").all_inner_texts()
    assert "Unverified claim:" in [label.strip() for label in labels]
    context.close()
