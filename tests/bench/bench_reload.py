#!/usr/bin/env python3
"""Benchmark: time from saving one report to the live-reload event, 1,000-report site.

    python tests/bench/bench_reload.py [--reports N] [--saves K]

Generates a synthetic raw corpus (../shared/bench/make_raw_corpus.py, beside the repo),
starts the real `python -m builder serve` on a free port, connects an SSE client like a
browser tab, then K times appends a paragraph to one report and measures until the
`reload` event arrives. Prints a table with the median (goal: ≤ 200 ms), and what the
server reports doing per rebuild.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.preview_server import PreviewProcess, SSEClient  # noqa: E402

# ../shared beside the repo (CI, /work/main); from a worktree deeper down, the nearest one.
CORPUS_SCRIPT = next(
    (p / "shared" / "bench" / "make_raw_corpus.py" for p in REPO.parents
     if (p / "shared" / "bench" / "make_raw_corpus.py").exists()),
    REPO.parent / "shared" / "bench" / "make_raw_corpus.py")
GOAL_MS = 200.0


def make_site(root: Path, reports: int) -> None:
    shutil.copy(REPO / "site.toml", root / "site.toml")
    shutil.copytree(REPO / "templates", root / "templates")
    corpus = root / "corpus"
    subprocess.run([sys.executable, str(CORPUS_SCRIPT), str(corpus), str(reports)],
                   check=True, capture_output=True)
    (root / "content").mkdir()
    (corpus / "MANIFEST.jsonl").unlink(missing_ok=True)
    corpus.rename(root / "content" / "reports")


def measure(server: PreviewProcess, report: Path, saves: int) -> tuple[list[float], list[dict]]:
    events = SSEClient(server.port)
    events.wait_for("hello")
    latencies, work = [], []
    for n in range(saves):
        time.sleep(0.4)  # let the previous reload settle, as between real saves
        before = server.status()["builds"]
        started = time.perf_counter()
        with report.open("a", encoding="utf-8") as stream:
            stream.write(f"\nEdit number {n}: soldiers reportedly left their positions.\n")
        name, data = events.next(timeout=600)
        while name not in ("reload", "builderror"):
            name, data = events.next(timeout=600)
        if name == "builderror":
            raise SystemExit(f"the rebuild failed: {data}")
        latencies.append((time.perf_counter() - started) * 1000)
        status = server.wait_for(lambda s, b=before: s["builds"] > b, timeout=600)
        work.append({"build_ms": status["seconds"] * 1000, **status["work"]})
    events.close()
    return latencies, work


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=15)
    args = parser.parse_args()
    if not CORPUS_SCRIPT.exists():
        print(f"needs {CORPUS_SCRIPT} (the shared bench folder beside the repo)")
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-reload-") as tmp:
        root = Path(tmp) / "site"
        root.mkdir()
        make_site(root, args.reports)
        started = time.perf_counter()
        server = PreviewProcess(root, startup_timeout=1800)
        startup = time.perf_counter() - started
        try:
            report = sorted((root / "content" / "reports").glob("*.txt"))[args.reports // 2]
            latencies, work = measure(server, report, args.saves)
        finally:
            server.stop()
    median = statistics.median(latencies)
    build = statistics.median(w["build_ms"] for w in work)
    cpu = statistics.median(w["cpu_ms"] for w in work)
    print(f"\nsave → reload event, {args.reports}-report site, {args.saves} saves")
    print("| measure | ms |")
    print("| --- | ---: |")
    print(f"| first build + server start | {startup * 1000:.0f} |")
    print(f"| **median save → reload** | **{median:.0f}** |")
    print(f"| min / max | {min(latencies):.0f} / {max(latencies):.0f} |")
    print(f"| median rebuild (server's own timing) | {build:.0f} |")
    print(f"| median rebuild CPU time (build thread; independent of machine load) "
          f"| {cpu:.0f} |")
    last = work[-1]
    print(f"\nper rebuild: {last['stage_results_computed']} stage results computed, "
          f"{last['stage_results_reused']} reused; {last['pages_rendered']} pages/records "
          f"rendered, {last['pages_reused']} reused")
    verdict = "meets" if median <= GOAL_MS else "misses"
    load = os.getloadavg()[0]
    print(f"goal: median ≤ {GOAL_MS:.0f} ms — {verdict} it "
          f"(load average {load:.1f} on {os.cpu_count()} CPUs while measuring)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
