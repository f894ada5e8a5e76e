"""Rule 2, claims: decide which sentences assert a checkable fact.

Not claims: headings, questions, calls to share, "Source: X" credit lines, and fragments
with no finite verb (a line the scrape broke mid-sentence is judged piece by piece).
"""

from __future__ import annotations

import re

from builder.annotate.lexicon import Lexicon
from builder.annotate.state import AnnotationState, Sentence

TERMINAL = re.compile(r"[.!?…:;\"”’»)]\s*$")
WORD = re.compile(r"[^\W\d_][\w'’-]*")
CYRILLIC = re.compile(r"[А-Яа-яЁёЇїІіЄєҐґ]")


def credit_line(text: str, lexicon: Lexicon) -> str | None:
    """The credited name of a 'Source: X' line, or None."""
    label, sep, rest = text.partition(":")
    if sep and label.strip().casefold() in lexicon.words_of("credit_labels") and rest.strip():
        return rest.strip()
    return None


def looks_like_heading(sentence: Sentence) -> bool:
    """A short title-cased line without closing punctuation ('100 Soldiers Try to Flee')."""
    if TERMINAL.search(sentence.text):
        return False
    words = WORD.findall(sentence.text)
    long_words = [w for w in words if len(w) > 3]
    if not long_words or len(words) > 16:
        return False
    capitalised = sum(1 for w in long_words if w[0].isupper())
    return capitalised / len(long_words) >= 0.6


def has_finite_verb(text: str, lexicon: Lexicon) -> bool:
    """A rough test for a clause: a listed verb, a reporting verb or an -ed word."""
    if CYRILLIC.search(text):
        return len(text.split()) >= 3
    if lexicon.has("finite_verbs", text) or lexicon.has("reporting_verbs", text):
        return True
    return any(len(w) > 4 and w.casefold().endswith("ed") for w in WORD.findall(text))


def is_claim(sentence: Sentence, lexicon: Lexicon) -> bool:
    text = sentence.text
    if sentence.kind == "h" or credit_line(text, lexicon) is not None:
        return False
    if text.rstrip(" \"”’»)").endswith("?") or lexicon.has("not_claims", text):
        return False
    words = WORD.findall(text)
    if len(words) < 3 or looks_like_heading(sentence):
        return False
    if re.search(r"[.!…][\"”’»)]*\s*$", text) and len(words) >= 4:
        return True  # a whole sentence; only fragments need the finite-verb test
    return has_finite_verb(text, lexicon)


def find_claims(state: AnnotationState) -> None:
    """Mark which sentences are claims; collect 'Source: X' lines crediting the report."""
    for sentence in state.sentences:
        sentence.is_claim = is_claim(sentence, state.lexicon)
    for text in credit_lines(state):
        credited = credit_line(text, state.lexicon)
        if credited and credited not in state.report_credit:
            state.report_credit.append(credited)


def credit_lines(state: AnnotationState) -> list[str]:
    """'Source: X' lines that credit the report: the ones the cleaner took as metadata,
    those in the header before the body, and those left standing as a paragraph of their
    own — never one the cleaner dropped as a photo credit or caption."""
    clean = state.clean
    removed = {r.line: r for r in clean.removed}
    first_body = min((p.line for p in clean.paragraphs), default=0)
    kept = {p.line for p in clean.paragraphs}
    lines = []
    for line in clean.raw.lines:
        rule = removed[line.number].rule if line.number in removed else ""
        if "caption" in rule or "credit" in rule or "photo" in rule:
            continue
        if rule.startswith("meta:source") or line.number < first_body or line.number in kept:
            lines.append(line.text)
    return lines
