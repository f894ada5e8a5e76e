"""Text similarity: report bodies → sparse TF-IDF vectors (term → weight, unit length).

Words are lower-cased, stop words (``builder/defaults/related.yaml``) dropped and plural
endings folded ("desertions" → "desertion"); numbers are kept, since "500 soldiers" is
what tells one event from another. Each vector keeps only its strongest terms, so
comparing two reports costs a bounded number of look-ups however long they are.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping
from functools import cache

from builder.data import load_default

WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
Vector = dict[str, float]


@cache
def stopwords() -> frozenset[str]:
    return frozenset(str(load_default("related.yaml")["stopwords"]).lower().split())


def fold(word: str) -> str:
    """A crude, predictable plural fold: enough to match 'desertions' with 'desertion'."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str) -> list[str]:
    """The content words of ``text``, folded; numbers with separators are unified."""
    stop = stopwords()
    found = []
    for word in WORD.findall(text.replace(",000", "000")):
        lower = word.lower().replace("'s", "")
        if lower in stop or (len(lower) < 3 and not lower.isdigit()):
            continue
        found.append(fold(lower))
    return found


_COUNTS: dict[str, Counter[str]] = {}
"""Text → its term counts (never changed by callers): most reports are unchanged."""
COUNTS_KEPT = 50_000


def term_counts(text: str) -> Counter[str]:
    """How often each term occurs in ``text``; callers must not change the result."""
    found = _COUNTS.get(text)
    if found is None:
        if len(_COUNTS) >= COUNTS_KEPT:
            _COUNTS.clear()
        found = _COUNTS[text] = Counter(terms(text))
    return found


def document_frequencies(counts: list[Counter[str]]) -> Counter[str]:
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    return df


IDF_STEP = 0.25
"""IDF weights are rounded to this step (in nats)."""
LIBRARY_STEP = 1.1
"""The library size IDF is computed against is rounded up to a power of this."""


def library_size(n_docs: int) -> float:
    """``n_docs`` rounded up to a power of ``LIBRARY_STEP`` (at least ``n_docs``)."""
    if n_docs <= 1:
        return float(n_docs)
    size = LIBRARY_STEP ** math.ceil(math.log(n_docs) / math.log(LIBRARY_STEP) - 1e-9)
    return max(size, float(n_docs))


@cache
def idf(n_docs: int, df: int) -> float:
    """Inverse document frequency, rounded to ``IDF_STEP`` against the rounded library
    size: ranking reports needs no finer weights, and rounded ones seldom move when one
    report changes — so an edit changes the vectors of the few reports sharing a word
    whose weight crossed a step, not of every report sharing any of its words. A word in
    every document still weighs (about) nothing."""
    exact = math.log((1 + library_size(n_docs)) / (1 + df))
    return round(exact / IDF_STEP) * IDF_STEP


def tfidf(counts: Mapping[str, int], df: Mapping[str, int], n_docs: int,
          keep: int) -> Vector:
    """Unit-length TF-IDF vector of one document, its ``keep`` strongest terms only.

    A term in every document carries no weight; sublinear TF keeps one repeated word
    from dominating.
    """
    weights = {
        term: (1.0 + math.log(tf)) * idf(n_docs, df.get(term, 0))
        for term, tf in counts.items()
    }
    strongest = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]
    norm = math.sqrt(sum(w * w for _, w in strongest)) or 1.0
    return {term: w / norm for term, w in strongest if w > 0}


def cosine(a: Vector, b: Vector) -> float:
    """Dot product of two unit vectors, over their shared terms only (set intersection
    runs in C; most pairs share few terms)."""
    return sum(a[t] * b[t] for t in a.keys() & b.keys())


def shared_terms(a: Vector, b: Vector, limit: int = 3) -> list[str]:
    """The terms contributing most to the similarity of two vectors, strongest first."""
    common = [(a[t] * b[t], t) for t in a.keys() & b.keys()]
    return [t for _, t in sorted(common, reverse=True)[:limit]]
