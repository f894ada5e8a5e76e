"""A page open in headless Chromium follows the files on disk: it reloads by itself after
a save, shows a failed build in an overlay, and recovers on the next good save."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import own_template
from tests.preview_server import PreviewProcess, running_preview

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
REPORT = "content/reports/mass-desertion-attempt-krasnodar.txt"


@pytest.fixture
def preview(site_dir: Path) -> Iterator[PreviewProcess]:
    with running_preview(site_dir) as server:
        yield server


@pytest.fixture
def page(preview: PreviewProcess) -> Iterator[object]:
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian chromium is not installed (tests/install_chromium.sh)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        tab = browser.new_page()
        tab.set_default_timeout(30_000)
        problems: list[str] = []
        # Chromium asks for /favicon.ico on its own; any other failed request is a problem.
        tab.on("console", lambda m: problems.append(m.text) if m.type == "error"
               and not m.text.startswith("Failed to load resource") else None)
        tab.on("response", lambda r: problems.append(f"{r.status} {r.url}")
               if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
        tab.on("pageerror", lambda e: problems.append(str(e)))
        tab.problems = problems  # type: ignore[attr-defined]
        yield tab
        browser.close()


def open_report(page: object, preview: PreviewProcess) -> None:
    url = f"http://127.0.0.1:{preview.port}{preview.base}reports/mass-desertion-attempt-krasnodar/"
    page.goto(url)  # type: ignore[attr-defined]
    # The reload script is loaded and connected once the stylesheet it adds is there.
    page.wait_for_selector('link[href="/__livereload.css"]', state="attached")  # type: ignore[attr-defined]
    page.evaluate("window.__notReloaded = true")  # type: ignore[attr-defined]


def test_open_page_reloads_by_itself_after_a_save(page: object,
                                                  preview: PreviewProcess) -> None:
    open_report(page, preview)
    with (preview.root / REPORT).open("a", encoding="utf-8") as stream:
        stream.write("\nSeen in the browser without pressing reload.\n")
    page.wait_for_function("() => window.__notReloaded === undefined")  # type: ignore[attr-defined]
    page.get_by_text("Seen in the browser without pressing reload.").wait_for()  # type: ignore[attr-defined]
    assert not page.problems, page.problems  # type: ignore[attr-defined]


def test_failed_build_shows_an_overlay_until_the_next_good_save(
        page: object, preview: PreviewProcess) -> None:
    open_report(page, preview)
    template = own_template(preview.root, "report.html")
    good = template.read_text(encoding="utf-8")
    line = next(n for n, text in enumerate(good.splitlines(), 1) if "{% block main %}" in text)
    template.write_text(good.replace("{% block main %}", "{% block main %}\n{% if %}"),
                        encoding="utf-8")
    overlay = page.get_by_role("alert")  # type: ignore[attr-defined]
    overlay.wait_for()
    assert f"templates/report.html:{line + 1}" in overlay.inner_text()
    assert "Build failed" in overlay.inner_text()
    assert page.get_by_role("heading", level=1).count() == 1  # type: ignore[attr-defined]
    template.write_text(good, encoding="utf-8")
    page.wait_for_function("() => window.__notReloaded === undefined")  # type: ignore[attr-defined]
    assert page.locator("#livereload-overlay").count() == 0  # type: ignore[attr-defined]
    assert not page.problems, page.problems  # type: ignore[attr-defined]
