"""Benchmark of the cleaning stage: line-level chrome precision/recall/F1 and body recall.

    python -m tests.bench.bench_clean [--n 300] [--html-limit N] [--misses]

(a) the synthetic raw corpus of ../shared/bench/make_raw_corpus.py (its MANIFEST labels
    every line), generated into a temporary folder;
(b) the hand-labelled raw reports in tests/fixtures/clean/ (labels.yaml);
(c) saved HTML: the article-extraction benchmark (../shared/data/article-extraction-benchmark)
    scored with its own metric (4-token shingles), trafilatura alone and with our line pass.
Goals (issue 3): chrome F1 ≥ 0.97 and body recall ≥ 0.995 on text; HTML F1 ≥ 0.96.
"""

from __future__ import annotations

import argparse
import fnmatch
import gzip
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from builder.clean import clean, clean_all
from builder.config import CleanConfig
from builder.readers.html import read_html
from builder.readers.txt import read_txt
from builder.records import RawReport
from tests.bench.clean_metrics import (
    FIXTURES,
    Score,
    fixture_truth,
    load_labels,
    predicted_labels,
)

REPO = Path(__file__).resolve().parents[2]
# ../shared beside the clone (CI, the main checkout); a worktree sits one level deeper.
SHARED = next((p / "shared" for p in (REPO.parent, REPO.parent.parent) if (p / "shared").is_dir()),
              REPO.parent / "shared")
RAW_CORPUS = SHARED / "bench" / "make_raw_corpus.py"
AEB = SHARED / "data" / "article-extraction-benchmark"
LABELS = {"boilerplate": "chrome", "title": "title", "meta": "meta", "body": "body"}


def raw_txt(path: Path) -> RawReport:
    result = read_txt(path.read_bytes(), path.name)
    return RawReport(source_file=path.name, kind="txt", lines=result.lines)


def texts_of(path: Path) -> dict[int, str]:
    return dict(enumerate(path.read_text(encoding="utf-8").split("\n"), start=1))


def bench_synthetic(n: int) -> tuple[Score, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        subprocess.run([sys.executable, str(RAW_CORPUS), str(out), str(n)], check=True)
        manifest = [json.loads(line) for line in (out / "MANIFEST.jsonl").open(encoding="utf-8")]
        raws = [raw_txt(out / m["file"]) for m in manifest]
        started = time.perf_counter()
        reports = clean_all(raws, CleanConfig())
        seconds = time.perf_counter() - started
        score = Score()
        for m, report in zip(manifest, reports, strict=True):
            truth = {item["n"]: LABELS[item["label"]] for item in m["lines"]}
            score.add(truth, predicted_labels(report), m["file"], texts_of(out / m["file"]))
    return score, seconds


def bench_fixtures(only: list[str] | None = None) -> tuple[Score, int]:
    """The labelled fixtures (``only``: file-name patterns, to score one held-out batch)."""
    labels = load_labels()
    names = [n for n in sorted(labels)
             if not only or any(fnmatch.fnmatch(n, pattern) for pattern in only)]
    paths = [FIXTURES / name for name in names]
    reports = clean_all([raw_txt(p) for p in paths], CleanConfig())
    score = Score()
    for path, report in zip(paths, reports, strict=True):
        score.add(fixture_truth(path, labels[path.name]), predicted_labels(report), path.name,
                  texts_of(path))
    return score, len(paths)


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """The benchmark's metric: multiset of 4-token shingles of \\w+ tokens."""
    tokens = re.findall(r"\w+", text)
    if len(tokens) < 4:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i:i + 4]) for i in range(len(tokens) - 3))


def page_scores(predicted: str, truth: str) -> tuple[float | None, float | None]:
    p, t = shingles(predicted), shingles(truth)
    tp = sum((p & t).values())
    fp, fn = sum((p - t).values()), sum((t - p).values())
    precision = (1.0 if fp == fn == 0 else tp / (tp + fp)) if p else None
    recall = (1.0 if fp == fn == 0 else tp / (tp + fn)) if t else None
    return precision, recall


def f1_of(results: list[tuple[float | None, float | None]]) -> float:
    precisions = [p for p, _ in results if p is not None]
    recalls = [r for _, r in results if r is not None]
    p, r = statistics.fmean(precisions), statistics.fmean(recalls)
    return 2 * p * r / (p + r)


def bench_html(limit: int | None) -> tuple[float, float, int, float]:
    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    alone, ours, times = [], [], []
    for page_id in ids:
        html = gzip.decompress((AEB / "html" / f"{page_id}.html.gz").read_bytes())
        started = time.perf_counter()
        result = read_html(html, page_id)
        raw = RawReport(source_file=page_id, kind="html", lines=result.lines,
                        extracted_meta=result.extracted_meta)
        report = clean(raw)
        times.append(time.perf_counter() - started)
        expected = truth[page_id]["articleBody"]
        alone.append(page_scores("\n".join(line.text for line in result.lines), expected))
        ours.append(page_scores(report.body, expected))
    return f1_of(alone), f1_of(ours), len(ids), statistics.median(times)


def row(name: str, score: Score, extra: str) -> str:
    return (f"| {name:<36} | {score.precision:9.4f} | {score.recall:6.4f} | {score.f1:6.4f} "
            f"| {score.body_recall:11.4f} | {extra:<22} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="synthetic reports (default 300)")
    parser.add_argument("--html-limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--misses", action="store_true", help="list every wrong line")
    parser.add_argument("--only", nargs="+", metavar="GLOB",
                        help="score only these fixtures (a held-out batch) and stop")
    args = parser.parse_args()
    if args.only:
        fixtures, count = bench_fixtures(args.only)
        print(row(f"fixtures {' '.join(args.only)[:20]}, {count} files", fixtures, ""))
        print("\n".join(fixtures.misses))
        return
    print("| corpus                               | chrome  P | R      | F1     | body recall "
          "| notes                  |")
    print("|" + "|".join("-" * w for w in (38, 11, 8, 8, 13, 24)) + "|")
    synthetic, seconds = bench_synthetic(args.n)
    print(row(f"(a) synthetic raw corpus, {args.n} files", synthetic,
              f"mean {1000 * seconds / args.n:.1f} ms/report"), flush=True)
    fixtures, count = bench_fixtures()
    print(row(f"(b) labelled fixtures, {count} files", fixtures, "goal F1≥.97 body≥.995"),
          flush=True)
    alone, ours, pages, median = bench_html(args.html_limit)
    print(f"\n(c) article-extraction benchmark, {pages} pages (shingle F1, goal ≥ 0.96):")
    print(f"    trafilatura alone        F1 {alone:.4f}")
    print(f"    trafilatura + line pass  F1 {ours:.4f}   (median {1000 * median:.0f} ms/page)")
    if args.misses:
        for line in synthetic.misses[:100] + fixtures.misses:
            print("  ", line)


if __name__ == "__main__":
    main()
