"""The annotator keeps its measured quality on the evaluation set (tests/fixtures/annotate):
status macro-F1 and exact source sets both at least 0.90 (`make bench-annotate` prints the
full table)."""

from __future__ import annotations

from tests.annotate_helpers import seed_registry
from tests.bench.bench_annotate import STATUSES, evaluate, prf


def test_evaluation_set_meets_the_quality_goals() -> None:
    outcomes, _timings = evaluate(seed_registry())
    reports = {o.report for o in outcomes}
    assert len(reports) >= 15
    macro_f1 = sum(prf(outcomes, status)[2] for status in STATUSES) / len(STATUSES)
    claims = [o for o in outcomes if o.gold_status != "none"]
    source_sets = sum(set(o.gold_sources) == set(o.got_sources) for o in claims) / len(claims)
    assert macro_f1 >= 0.90, f"status macro-F1 {macro_f1:.3f}"
    assert source_sets >= 0.90, f"exact source sets {source_sets:.3f}"
