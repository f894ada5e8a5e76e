"""Property tests: the cleaner never raises, never invents text, and accounts for every line."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.clean import clean, clean_all, normalise_line
from builder.config import CleanConfig
from builder.readers.common import text_lines
from builder.records import CleanReport, RawReport
from tests.conftest import REPO

SEED_LINES = sorted({
    line.strip()
    for path in (REPO / "content/reports").glob("*.txt")
    for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
})
CHROME_LIKE = ["Share", "Read more:", "You may also like", "© AFP 2023", "0", "Tags: war",
               "date 2025-08-02 Title here", "by staff reporter", "10.04.2023", "Source: X",
               "â€™ mojibake â€œ", "[ms-form id=1]", "Ð£ÐºÑ€Ð°Ñ—Ð½Ð°", "Related", "•", "—"]
realistic_line = st.one_of(st.sampled_from(SEED_LINES), st.sampled_from(CHROME_LIKE),
                           st.text(max_size=80))
any_line = st.text(max_size=200)


def report_of(lines: list[str], kind: str = "txt", name: str = "p.txt") -> RawReport:
    return RawReport(source_file=name, kind=kind, lines=text_lines("\n".join(lines)))  # type: ignore[arg-type]


def assert_accounts_for_every_line(raw: RawReport, report: CleanReport) -> None:
    by_number = {line.number: line.text for line in raw.lines}
    for paragraph in report.paragraphs:
        assert paragraph.text == normalise_line(by_number[paragraph.line]), \
            "a kept line is the raw line, only normalised"
    for removed in report.removed:
        assert removed.text == normalise_line(by_number[removed.line])
        assert removed.rule and removed.reason
    seen = [p.line for p in report.paragraphs] + [r.line for r in report.removed]
    if report.title_line is not None:
        seen.append(report.title_line)
    assert sorted(seen) == sorted(by_number), "every line is kept, removed or the title"
    assert report.meta.title


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(any_line, max_size=30), st.sampled_from(["txt", "md", "html"]))
def test_arbitrary_text_never_raises_and_keeps_only_input_lines(
    lines: list[str], kind: str
) -> None:
    raw = report_of(lines, kind)
    assert_accounts_for_every_line(raw, clean(raw))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(realistic_line, min_size=1, max_size=60))
def test_shuffled_article_and_chrome_lines(lines: list[str]) -> None:
    raw = report_of(lines)
    report = clean(raw)
    assert_accounts_for_every_line(raw, report)
    if report.meta.date is not None:
        assert len(report.meta.date) == 10 and report.meta.date[4] == "-"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(realistic_line, max_size=20), min_size=1, max_size=6),
       st.integers(min_value=1, max_value=4))
def test_corpus_wide_cleaning_never_raises(corpus: list[list[str]], min_reports: int) -> None:
    raws = [report_of(lines, name=f"{i}.txt") for i, lines in enumerate(corpus)]
    for raw, report in zip(raws, clean_all(raws, CleanConfig(template_min_reports=min_reports)),
                           strict=True):
        assert_accounts_for_every_line(raw, report)
