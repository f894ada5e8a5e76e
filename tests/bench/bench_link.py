#!/usr/bin/env python3
"""Benchmark of the link stage: quality and speed of related reports on a synthetic corpus.

    python tests/bench/bench_link.py [--sizes 1000 10000] [--runs 3]

Makes the corpus with ``../shared/bench/make_raw_corpus.py OUT N`` (cached under
``.cache/bench-link/``), runs the real ingest → clean → annotate stages once, then times
``link()`` alone. Quality: precision@3 (of the related links shown first, up to three per
report, how many join reports of the same story, per MANIFEST.jsonl) and recall@3 (of
the up-to-three same-story reports each report could show, how many it does). Speed: the
median of ``--runs`` timings per size, and time / (n·log n) relative to the smallest
size — a ratio staying near 1 means growth no faster than n·log n.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from builder.annotate import annotate, load_registry  # noqa: E402
from builder.clean import clean_all  # noqa: E402
from builder.config import load_config  # noqa: E402
from builder.ingest import ingest  # noqa: E402
from builder.link import link  # noqa: E402
from builder.records import AnnotatedReport, LinkedSite  # noqa: E402

# ../shared beside the clone; one level further up from a git worktree (wt/<name>).
GENERATOR = next((p / "shared" / "bench" / "make_raw_corpus.py" for p in REPO.parents[:2]
                  if (p / "shared" / "bench" / "make_raw_corpus.py").exists()),
                 REPO.parent / "shared" / "bench" / "make_raw_corpus.py")
CACHE = REPO / ".cache" / "bench-link"


def corpus(n: int) -> Path:
    """The synthetic corpus of ``n`` raw reports, made once and cached."""
    root = CACHE / f"raw-{n}"
    reports = root / "content" / "reports"
    if not (reports / "MANIFEST.jsonl").exists():
        if not GENERATOR.exists():
            sys.exit(f"bench-link: {GENERATOR} not found (the shared folder sits beside the repo)")
        reports.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(GENERATOR), str(reports), str(n)], check=True)
    return root


def stories(root: Path) -> dict[str, int]:
    """File name → story id, from the generator's manifest."""
    manifest = root / "content" / "reports" / "MANIFEST.jsonl"
    rows = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    return {row["file"]: int(row["story"]) for row in rows}


def annotated(root: Path, ideal: bool) -> list[AnnotatedReport]:
    """The real stages before link, run once per corpus.

    ``ideal`` cleans as the manifest says (its dates, its body lines only): it measures
    linking alone, as if the cleaner were perfect.
    """
    config = load_config(REPO)
    raws = ingest(root / "content", root).reports
    cleaned = clean_all(raws, config.clean)
    if ideal:
        manifest = root / "content" / "reports" / "MANIFEST.jsonl"
        rows = {row["file"]: row for row in map(json.loads, manifest.open())}
        for report in cleaned:
            row = rows[Path(report.raw.source_file).name]
            body = {line["n"] for line in row["lines"] if line["label"] == "body"}
            report.meta.date = row["date"]
            report.meta.title = row["title"]
            report.paragraphs = [p for p in report.paragraphs if p.line in body]
    registry = load_registry(REPO / "content" / config.annotate.sources, "content/sources.yaml")
    return [annotate(report, registry) for report in cleaned]


def quality(site: LinkedSite, story_of: dict[str, int]) -> tuple[float, float]:
    """Micro-averaged precision@3 and recall@3 of same-story links."""
    story = {r.slug: story_of[Path(r.clean.raw.source_file).name] for r in site.reports}
    size: dict[int, int] = {}
    for s in story.values():
        size[s] = size.get(s, 0) + 1
    shown = correct = possible = 0
    for report in site.reports:
        top = report.related[:3]
        hits = sum(story[x.slug] == story[report.slug] for x in top)
        shown += len(top)
        correct += hits
        possible += min(3, size[story[report.slug]] - 1)
    return (correct / shown if shown else 0.0), (correct / possible if possible else 1.0)


def time_link(reports: list[AnnotatedReport], runs: int) -> tuple[float, LinkedSite]:
    config = load_config(REPO)
    registry = load_registry(REPO / "content" / config.annotate.sources, "content/sources.yaml")
    timings, site = [], None
    for _ in range(runs):
        started = time.perf_counter()
        site = link(reports, registry, config.link)
        timings.append(time.perf_counter() - started)
    assert site is not None
    return statistics.median(timings), site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ideal-clean", action="store_true",
                        help="clean as the manifest says (dates, body lines): linking alone")
    args = parser.parse_args()
    print(f"{'reports':>8} {'dated':>6} {'P@3':>6} {'R@3':>6} {'link s':>8} "
          f"{'s/(n log n) vs first':>21}")
    base = None
    for n in args.sizes:
        root = corpus(n)
        reports = annotated(root, False)
        dated = sum(1 for r in reports if r.clean.meta.date) / n
        if args.ideal_clean:
            reports = annotated(root, True)
        seconds, site = time_link(reports, args.runs)
        precision, recall = quality(site, stories(root))
        per = seconds / (n * math.log(n))
        base = base or per
        print(f"{n:>8} {dated:>6.0%} {precision:>6.3f} {recall:>6.3f} {seconds:>8.2f} "
              f"{per / base:>21.2f}")


if __name__ == "__main__":
    main()
