"""Benchmark the annotator on the evaluation set: tests/fixtures/annotate/*.txt + gold.

    python tests/bench/bench_annotate.py [--verbose]

Prints status accuracy, per-status precision / recall / F1 (macro-F1 over the three
statuses), exact source-set and source-chain accuracy, and a sentence-splitter comparison
(pysbd, syntok, a hand-written regex) on tests/fixtures/annotate/sentences.yaml, with the
median annotation time per report. Goal: macro-F1 >= 0.90 and source sets >= 0.90.
"""

from __future__ import annotations

import argparse
import fnmatch
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from builder.annotate import annotate, load_registry  # noqa: E402
from builder.annotate.lexicon import default_lexicon  # noqa: E402
from builder.annotate.registry import SourceRegistry  # noqa: E402
from builder.annotate.rules.sentences import split_text  # noqa: E402
from builder.records import AnnotatedReport, CleanReport, Meta, Paragraph, RawReport  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "annotate"
STATUSES = ("unverified", "corroborated", "unsourced")


@dataclass(slots=True)
class Outcome:
    """One gold sentence and what the annotator said about it."""

    report: str
    sentence: str
    gold_status: str
    got_status: str
    gold_sources: list[str]
    got_sources: list[str]


def load_fixture(path: Path) -> tuple[CleanReport, dict[str, object]]:
    """A fixture as the cleaner would hand it over: title, then one paragraph per line."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    gold = yaml.safe_load(path.with_suffix(".gold.yaml").read_text(encoding="utf-8"))
    numbered = [(n, text) for n, text in enumerate(lines, 1) if text]
    raw = RawReport(source_file=path.name, kind="txt", lines=[])
    meta = Meta(title=numbered[0][1], publisher=gold.get("publisher"))
    paragraphs = [Paragraph(text=text, line=n) for n, text in numbered[1:]]
    from builder.records import Line
    raw.lines = [Line(number=n, text=text) for n, text in numbered]
    return CleanReport(raw=raw, meta=meta, paragraphs=paragraphs, title_line=1), gold


def score_report(annotated: AnnotatedReport, gold: dict[str, object], name: str) -> list[Outcome]:
    outcomes = []
    for item in gold["sentences"]:  # type: ignore[attr-defined]
        start = " ".join(str(item["s"]).split())
        claims = [c for c in annotated.claims if " ".join(c.text.split()).startswith(start)]
        claim = claims[0] if claims else None
        outcomes.append(Outcome(
            report=name, sentence=start, gold_status=item["status"],
            got_status=claim.status if claim else "none",
            gold_sources=list(item.get("sources") or []),
            got_sources=[s.name for s in claim.sources] if claim else [],
        ))
    return outcomes


def prf(outcomes: list[Outcome], status: str) -> tuple[float, float, float, int]:
    tp = sum(1 for o in outcomes if o.gold_status == status and o.got_status == status)
    predicted = sum(1 for o in outcomes if o.got_status == status)
    actual = sum(1 for o in outcomes if o.gold_status == status)
    p = tp / predicted if predicted else 0.0
    r = tp / actual if actual else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), actual


def evaluate(registry: SourceRegistry,
             only: list[str] | None = None) -> tuple[list[Outcome], list[float]]:
    """Score every report (``only``: file-name patterns, to score one held-out batch)."""
    outcomes: list[Outcome] = []
    timings: list[float] = []
    for path in sorted(FIXTURES.glob("*.txt")):
        if only and not any(fnmatch.fnmatch(path.name, pattern) for pattern in only):
            continue
        clean, gold = load_fixture(path)
        started = time.perf_counter()
        annotated = annotate(clean, registry)
        timings.append(time.perf_counter() - started)
        outcomes.extend(score_report(annotated, gold, path.stem))
    return outcomes, timings


def print_status_table(outcomes: list[Outcome]) -> float:
    accuracy = sum(o.gold_status == o.got_status for o in outcomes) / len(outcomes)
    print(f"\nstatus accuracy (incl. 'not a claim'): {accuracy:.3f}  ({len(outcomes)} sentences)")
    print(f"{'status':<14}{'precision':>10}{'recall':>8}{'F1':>8}{'n':>5}")
    f1s = []
    for status in STATUSES:
        p, r, f1, n = prf(outcomes, status)
        f1s.append(f1)
        print(f"{status:<14}{p:>10.3f}{r:>8.3f}{f1:>8.3f}{n:>5}")
    macro = sum(f1s) / len(f1s)
    print(f"{'macro-F1':<14}{'':>10}{'':>8}{macro:>8.3f}")
    return macro


def print_source_table(outcomes: list[Outcome]) -> None:
    claims = [o for o in outcomes if o.gold_status != "none"]
    sets = sum(set(o.gold_sources) == set(o.got_sources) for o in claims) / len(claims)
    chains = sum(o.gold_sources == o.got_sources for o in claims) / len(claims)
    print(f"\nexact source sets:   {sets:.3f}  ({len(claims)} gold claims)")
    print(f"exact source chains: {chains:.3f}  (same names in the same order)")


SPLITTERS = ("pysbd + repairs", "syntok", "regex")
HAND_SPLIT = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"”’»]))\s+(?=[\"“«A-ZА-Я0-9])")


def split_with(name: str, text: str) -> list[str]:
    if name == "pysbd + repairs":
        return [text[a:b] for a, b in split_text(text, default_lexicon())]
    if name == "syntok":
        from syntok import segmenter
        out = []
        for paragraph in segmenter.analyze(text):
            for sentence in paragraph:
                first, last = sentence[0].offset, sentence[-1].offset + len(sentence[-1].value)
                out.append(text[first:last].strip())
        return out
    return [s for s in HAND_SPLIT.split(text) if s]


def print_splitter_table() -> None:
    cases = yaml.safe_load((FIXTURES / "sentences.yaml").read_text(encoding="utf-8"))
    print(f"\nsentence splitting: {len(cases)} paragraphs with gold splits")
    print(f"{'splitter':<18}{'exact paragraphs':>18}")
    for name in SPLITTERS:
        try:
            right = sum(split_with(name, c["text"]) == c["sentences"] for c in cases)
        except ImportError:
            print(f"{name:<18}{'not installed':>18}")
            continue
        print(f"{name:<18}{right / len(cases):>18.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    parser.add_argument("--only", nargs="+", metavar="GLOB",
                        help="score only these reports (a held-out batch), e.g. '3[7-9]-*'")
    args = parser.parse_args()
    registry = load_registry(REPO / "content" / "sources.yaml", "content/sources.yaml")
    outcomes, timings = evaluate(registry, args.only)
    reports = len({o.report for o in outcomes})
    print(f"annotation benchmark: {reports} reports, registry = content/sources.yaml "
          f"({len(registry.profiles)} profiles)")
    macro = print_status_table(outcomes)
    print_source_table(outcomes)
    print(f"\nmedian annotation time per report: {statistics.median(timings) * 1000:.1f} ms")
    print_splitter_table()
    confusion = Counter((o.gold_status, o.got_status) for o in outcomes
                        if o.gold_status != o.got_status)
    if confusion:
        print("\nstatus confusions (gold → got): " +
              ", ".join(f"{g}→{p}: {n}" for (g, p), n in confusion.most_common()))
    if args.verbose:
        for o in outcomes:
            if o.gold_status != o.got_status or (o.gold_status != "none" and
                                                 set(o.gold_sources) != set(o.got_sources)):
                print(f"- {o.report}: {o.sentence!r}\n    gold {o.gold_status} "
                      f"{o.gold_sources}\n    got  {o.got_status} {o.got_sources}")
    return 0 if macro >= 0 else 1


if __name__ == "__main__":
    sys.exit(main())
