"""Properties that hold for any body text: annotation never fails, every claim is an exact,
non-overlapping substring of one paragraph, statuses and roles are from the guide.
Includes the Big List of Naughty Strings (tests/fixtures/hostile/blns.json, MIT)."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from builder.records import AnnotatedReport
from tests.annotate_helpers import annotate_text

BLNS = Path(__file__).parent / "fixtures" / "hostile" / "blns.json"
WORDS = st.sampled_from([
    "according to", "Reuters", "said", "reportedly", "“", "”", '"', ",", ".", "the group",
    "citing", "Baza", "and", "he", "soldiers", "fled", "Mar.", "U.S.", "cannot independently "
    "verify", "also confirmed", "a US official", "Балицкий", "сообщил", "?", "Source:",
    "The", "in", "Krasnodar", "as", "was able to find out", "'s", "(HUR)", "—", "1,070",
])
PARAGRAPH = st.lists(WORDS, min_size=1, max_size=30).map(" ".join)


def check(report: AnnotatedReport) -> None:
    body = report.clean.body
    paragraphs = [p.text for p in report.clean.paragraphs]
    last_end = -1
    for claim in report.claims:
        assert body[claim.start:claim.end] == claim.text
        assert claim.start >= last_end
        last_end = claim.end
        assert any(claim.text in p for p in paragraphs)
        assert claim.status in {"unverified", "corroborated", "unsourced"}
        assert all(s.role in {"origin", "relay"} and s.id and s.name for s in claim.sources)
        if claim.sources:
            assert claim.sources[0].role == "origin"


@settings(max_examples=100, deadline=None)
@given(st.lists(PARAGRAPH, min_size=1, max_size=6))
def test_any_text_annotates_to_exact_claims(paragraphs: list[str]) -> None:
    check(annotate_text("Title\n" + "\n".join(paragraphs), publisher="Example News"))


def test_naughty_strings_annotate_without_failing() -> None:
    strings = [s for s in json.loads(BLNS.read_text(encoding="utf-8")) if s.strip()]
    for start in range(0, len(strings), 40):
        chunk = [" ".join(s.split()) for s in strings[start:start + 40]]
        text = "\n".join(f"{s} reportedly said, according to {s}." for s in chunk if s)
        check(annotate_text("Title\n" + text))
