"""``make test-hostile``: the full hostile run, printed as a table; exit 1 on any finding.

Builds a site from every vector in tests/fixtures/hostile (XSS lists and the Big List of
Naughty Strings) with the real CLI, scans every page statically, opens every page in
headless Chromium, then repeats the browser run on the positive control (same site,
escaping off, no CSP), which must execute vectors.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from unicodedata import normalize
from urllib.parse import quote

from bs4 import BeautifulSoup

from tests.conftest import serve_folder
from tests.hostile.browser import BrowserReport, open_pages, page_urls
from tests.hostile.control import build_unescaped
from tests.hostile.scan import scan_site
from tests.hostile.site import BASE_PATH, make_hostile_site, text_of
from tests.hostile.vectors import load_vectors


@dataclass(slots=True)
class HostileRun:
    """Every number the run reports."""

    vectors: int
    shown: int
    """Vectors found verbatim (as text or attribute value) on the built pages."""
    reports: int
    exit_code: int
    tracebacks: int
    build_errors: list[str]
    static_problems: dict[str, list[str]]
    browser: BrowserReport
    control: BrowserReport

    def failures(self) -> list[str]:
        found = []
        if self.exit_code != 0:
            found.append(f"build exited {self.exit_code}: {self.build_errors[:5]}")
        if self.tracebacks:
            found.append(f"{self.tracebacks} tracebacks")
        found += [f"static: {page}: {p}" for page, ps in self.static_problems.items()
                  for p in ps]
        found += self.browser.dialogs + self.browser.executions + self.browser.dom_problems
        found += [f"load: {f}" for f in self.browser.failed_loads]
        if not (self.control.dialogs or self.control.executions):
            found.append("positive control executed nothing: the harness cannot see script")
        return found


def run_hostile(workdir: Path, limit: int | None = None, control_pages: int | None = None,
                wait_ms: int = 150) -> HostileRun:
    """Build, scan and open the hostile site under ``workdir``; nothing is asserted here."""
    vectors = load_vectors(limit)
    site = make_hostile_site(workdir / "site", vectors)
    build = subprocess.run(
        [sys.executable, "-m", "builder", "--root", str(site.root), "build", "--keep-going"],
        capture_output=True, text=True, timeout=600)
    output = build.stdout + build.stderr
    public = site.root / "public"
    with serve_folder(public, BASE_PATH) as url:
        browser = open_pages(page_urls(public, url) + search_urls(public, url, vectors),
                             url + "static/", wait_ms)
    control_public = workdir / "control" / "public"
    build_unescaped(site.root, control_public)
    with serve_folder(control_public, BASE_PATH) as url:
        urls = page_urls(control_public, url)[:control_pages]
        control = open_pages(urls, url + "static/", wait_ms)
    return HostileRun(
        vectors=len(vectors), shown=vectors_shown(public, vectors), reports=site.reports,
        exit_code=build.returncode,
        tracebacks=output.count("Traceback") + output.count("internal error"),
        build_errors=[line for line in output.splitlines() if ": error: " in line],
        static_problems=scan_site(public, BASE_PATH), browser=browser, control=control)


def search_urls(public: Path, site_url: str, vectors: list[str]) -> list[str]:
    """The search page asked for vectors (it reads ``?q=``): results carry hostile titles."""
    if not (public / "search" / "index.html").is_file():
        return []
    return [f"{site_url}search/?q={quote(v)}" for v in vectors[:: max(1, len(vectors) // 25)]]


def vectors_shown(public: Path, vectors: list[str]) -> int:
    """How many vectors a reader can see on some page, as text or in an attribute: proof
    they went through the whole pipeline rather than being dropped on the way."""
    seen = []
    for page in sorted(public.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        seen.append(" ".join(soup.get_text(" ").split()))
        for tag in soup.find_all(True):
            seen.extend(" ".join(v.split()) for v in tag.attrs.values() if isinstance(v, str))
    text = "\n".join(seen)
    return sum(1 for v in vectors if " ".join(normalize("NFC", text_of(v)).split()) in text)


def main() -> int:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        run = run_hostile(Path(tmp))
    rows = [
        ("vectors tried", run.vectors),
        ("vectors shown verbatim on pages", run.shown),
        ("reports built from them", run.reports),
        ("pages opened in Chromium", run.browser.pages),
        ("dialogs (must be 0)", len(run.browser.dialogs)),
        ("script executions (must be 0)", len(run.browser.executions)),
        ("live-DOM problems (must be 0)", len(run.browser.dom_problems)),
        ("static-scan problems (must be 0)", sum(map(len, run.static_problems.values()))),
        ("tracebacks (must be 0)", run.tracebacks),
        ("build exit code (must be 0)", run.exit_code),
        ("control: pages opened", run.control.pages),
        ("control: pages that navigated away", len(run.control.failed_loads)),
        ("control: dialogs (must be > 0)", len(run.control.dialogs)),
        ("control: script executions", len(run.control.executions)),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:>6}")
    print(f"{'seconds':<{width}}  {time.perf_counter() - started:>6.0f}")
    failures = run.failures()
    for failure in failures[:50]:
        print("FAIL", failure)
    print("hostile: " + ("FAILED" if failures else "ok"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
