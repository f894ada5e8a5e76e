"""Headless Debian chromium through Playwright, for the browser tests and screenshots."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
INSTALLER = Path(__file__).resolve().parent / "install_chromium.sh"


def ensure_chromium() -> None:
    """Install Debian's chromium with the repo's own script when it is missing."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        subprocess.run(["bash", str(INSTALLER)], check=True)


@contextmanager
def chromium() -> Iterator[Browser]:
    ensure_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
