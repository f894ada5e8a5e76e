"""Labelled raw reports → line-level scores of the cleaner (shared by bench_clean and tests).

A report's lines are labelled title / meta / body / chrome. The cleaner's verdict for a line
is read off its CleanReport: a body paragraph, the title line, a removed line whose rule is
``meta:…`` (metadata), or any other removed line (chrome).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from builder.records import CleanReport

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "clean"


def predicted_labels(report: CleanReport) -> dict[int, str]:
    """Raw line number → the label the cleaner gave it."""
    labels = {p.line: "body" for p in report.paragraphs}
    for r in report.removed:
        labels[r.line] = "meta" if r.rule.startswith("meta:") else "chrome"
    if report.title_line is not None:
        labels[report.title_line] = "title"
    return labels


@dataclass
class Score:
    """Counts over many reports: chrome precision/recall and body recall."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    body: int = 0
    body_kept: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, truth: dict[int, str], predicted: dict[int, str], name: str,
            texts: dict[int, str]) -> None:
        for line, label in truth.items():
            guess = predicted.get(line, "body")
            if label == "chrome" and guess == "chrome":
                self.tp += 1
            elif guess == "chrome":
                self.fp += 1
                self.misses.append(f"{name}:{line}: {label} dropped as chrome: {texts[line][:70]}")
            elif label == "chrome":
                self.fn += 1
                self.misses.append(f"{name}:{line}: chrome kept as {guess}: {texts[line][:70]}")
            if label == "body":
                self.body += 1
                self.body_kept += guess == "body"
                if guess != "body" and guess != "chrome":
                    self.misses.append(f"{name}:{line}: body taken as {guess}: {texts[line][:70]}")

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def body_recall(self) -> float:
        return self.body_kept / self.body if self.body else 1.0


def _expand(spec: Any) -> list[int]:
    """[3, "10-12"] → [3, 10, 11, 12]."""
    out: list[int] = []
    for item in spec or []:
        match = re.fullmatch(r"(\d+)\s*-\s*(\d+)", str(item))
        out.extend(range(int(match[1]), int(match[2]) + 1) if match else [int(item)])
    return out


def fixture_truth(path: Path, entry: dict[str, Any]) -> dict[int, str]:
    """Every non-empty line of a fixture → its label (body unless the label file says)."""
    truth: dict[int, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if line.strip():
            truth[number] = "body"
    for label in ("chrome", "meta"):
        for number in _expand(entry.get(label)):
            assert number in truth, f"{path.name}:{number} is labelled {label} but is empty"
            truth[number] = label
    if entry.get("title_line"):
        truth[int(entry["title_line"])] = "title"
    return truth


def load_labels() -> dict[str, dict[str, Any]]:
    """tests/fixtures/clean/labels.yaml: file name → its labels and expected metadata."""
    data = yaml.safe_load((FIXTURES / "labels.yaml").read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}
