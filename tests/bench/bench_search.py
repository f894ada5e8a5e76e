"""Benchmark: the site's search index (search/index.json + search.js) against Pagefind.

    python -m tests.bench.bench_search [N ...]      (make bench-search)

For each corpus size N, a synthetic raw corpus (../shared/bench/make_raw_corpus.py) is
built for /repo/ and served on 127.0.0.1; then, in headless Chromium, it measures what a
reader pays: bytes fetched for the first query (gzip, as GitHub Pages serves them), the
first query's time (download + parse + search) and the median time of later queries.
Pagefind is measured the same way when its PyPI package is importable (the Makefile
installs it into .cache/ for the benchmark only). Prints a table; quotes medians.
"""

from __future__ import annotations

import gzip
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, Page

from tests.browser import chromium
from tests.conftest import REPO
from tests.site_server import served_site

QUERIES = ["atesh", "desert", "zaporizhia regiment", "mobilization", "kherson", "governor"]
SHARED = REPO.parent / "shared"


def make_corpus(root: Path, n: int) -> None:
    """Replace the seed reports of a site copy with N synthetic raw reports."""
    script = SHARED / "bench/make_raw_corpus.py"
    if not script.is_file():
        script = Path("/work/shared/bench/make_raw_corpus.py")
    reports = root / "content/reports"
    for old in reports.iterdir():
        old.unlink()
    subprocess.run([sys.executable, str(script), str(reports), str(n)], check=True,
                   capture_output=True)
    (reports / "MANIFEST.jsonl").unlink(missing_ok=True)


def gz_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


def time_own_search(page: Page, url: str) -> tuple[float, list[float]]:
    """(first query ms, later queries ms) through the real search page."""
    page.goto(url + "search/")
    timings = []
    for query in QUERIES * 3:
        elapsed = page.evaluate("""q => new Promise(done => {
            const status = document.getElementById('search-status');
            status.textContent = '';
            const started = performance.now();
            const obs = new MutationObserver(() => { if (status.textContent) {
                obs.disconnect(); done(performance.now() - started); } });
            obs.observe(status, {childList: true, characterData: true, subtree: true});
            const input = document.getElementById('search-input');
            input.value = q;
            input.form.requestSubmit();
        })""", query)
        timings.append(elapsed)
    return timings[0], timings[1:]


def time_pagefind(page: Page, url: str) -> tuple[float, list[float], int]:
    """(first query ms, later queries ms, gzip bytes fetched by the first query)."""
    fetched: list[int] = []
    first_bytes = 0
    page.goto(url)
    page.on("response", lambda r: fetched.append(len(gzip.compress(r.body(), 6)))
            if "/pagefind/" in r.url and r.ok else None)
    timings = []
    for query in QUERIES * 3:
        elapsed = page.evaluate("""async ([base, q]) => {
            const started = performance.now();
            window.pf = window.pf || await import(base + 'pagefind/pagefind.js');
            const r = await window.pf.search(q);
            await Promise.all(r.results.slice(0, 10).map(x => x.data()));
            return performance.now() - started;
        }""", [url, query])
        timings.append(elapsed)
        if len(timings) == 1:
            first_bytes = sum(fetched)
    return timings[0], timings[1:], first_bytes


def run_pagefind(public: Path) -> bool:
    try:
        import pagefind  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return False
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(public)], check=True,
                   capture_output=True)
    return True


def bench_one(browser: Browser, n: int) -> list[str]:
    with tempfile.TemporaryDirectory() as work, \
            served_site(Path(work), prepare=lambda root: make_corpus(root, n)) as site:
        context = browser.new_context(bypass_csp=True)  # Pagefind needs 'wasm-unsafe-eval'
        page = context.new_page()
        rows = [own_row(page, site.public, site.base_url, n)]
        started = time.perf_counter()
        if run_pagefind(site.public):
            rows.append(pagefind_row(page, site.public, site.base_url, n,
                                     time.perf_counter() - started))
        context.close()
    return rows


def own_row(page: Page, public: Path, url: str, n: int) -> str:
    index = public / "search/index.json"
    first, later = time_own_search(page, url)
    return (f"| {n} | index.json + search.js | {index.stat().st_size / 1024:.0f} KiB"
            f" | {gz_size(index) / 1024:.0f} KiB | {first:.0f} ms"
            f" | {statistics.median(later):.1f} ms |")


def pagefind_row(page: Page, public: Path, url: str, n: int, seconds: float) -> str:
    total = sum(p.stat().st_size for p in (public / "pagefind").rglob("*") if p.is_file())
    first, later, first_bytes = time_pagefind(page, url)
    return (f"| {n} | Pagefind 1.5.2 ({seconds:.1f} s to index) | {total / 1024:.0f} KiB"
            f" | {first_bytes / 1024:.0f} KiB | {first:.0f} ms"
            f" | {statistics.median(later):.1f} ms |")


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [100, 1000]
    print("| reports | search | index size | fetched by 1st query (gzip) | 1st query "
          "| later queries (median) |")
    print("| --- | --- | --- | --- | --- | --- |")
    with chromium() as browser:
        for n in sizes:
            for row in bench_one(browser, n):
                print(row, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
