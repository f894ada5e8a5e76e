"""Rule 1, sentences: body paragraphs → Sentences with exact body offsets.

pysbd splits each paragraph (it measured best on our abbreviation, quote, number and
Cyrillic cases: see tests/bench/bench_annotate.py); two repairs follow, for splits it makes
after a short abbreviation before a lowercase word ("в пн. утром") and after a listed
abbreviation ("Regt. 247").
A paragraph is one raw line, so a sentence never spans raw lines.
"""

from __future__ import annotations

import re
from functools import cache

import pysbd
from pysbd.utils import TextSpan

from builder.annotate.lexicon import Lexicon
from builder.annotate.state import AnnotationState, Sentence

SPACE_RUN = re.compile(r"\s*")


class _Segmenter(pysbd.Segmenter):  # type: ignore[misc]
    r"""pysbd's segmenter, locating its sentences with ``str.find`` instead of a regex.

    pysbd 0.3.4 compiles ``re.escape(sentence) + r"\s*"`` for every sentence it returns
    (a new pattern each time, so Python's regex cache never helps): a fifth of annotation
    time. This finds the same spans: the first non-overlapping occurrence ending after
    the previous sentence, trailing whitespace included (``\s`` is ``str.isspace``).
    """

    def sentences_with_char_spans(self, sentences: list[str]) -> list[TextSpan]:
        text: str = self.original_text
        spans: list[TextSpan] = []
        prior_end = 0
        for sent in sentences:
            if not sent:  # pysbd's pattern is then just r"\s*"
                found = next((m for m in SPACE_RUN.finditer(text) if m.end() > prior_end), None)
                if found is not None:
                    spans.append(TextSpan(found.group(), found.start(), found.end()))
                    prior_end = found.end()
                continue
            pos = text.find(sent)
            while pos >= 0:
                end = pos + len(sent)
                while end < len(text) and text[end].isspace():
                    end += 1
                if end > prior_end:
                    spans.append(TextSpan(text[pos:end], pos, end))
                    prior_end = end
                    break
                pos = text.find(sent, end)
        return spans


@cache
def _segmenter() -> pysbd.Segmenter:
    return _Segmenter(language="en", clean=False)


INNER_END = re.compile(r"[.!?…]")


def split_text(text: str, lexicon: Lexicon) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of one paragraph, whitespace trimmed."""
    key = (text, id(lexicon))
    known = _SPLIT.get(key)
    if known is None or known[0] is not lexicon:
        if len(_SPLIT) >= SPLITS_KEPT:
            _SPLIT.clear()
        known = _SPLIT[key] = (lexicon, tuple(_split(text, lexicon)))
    return list(known[1])


_SPLIT: dict[tuple[str, int], tuple[Lexicon, tuple[tuple[int, int], ...]]] = {}
"""Paragraph → its sentence spans: a report edited again is mostly the paragraphs it had
(pysbd is half the time of annotating one)."""
SPLITS_KEPT = 100_000


def _split(text: str, lexicon: Lexicon) -> list[tuple[int, int]]:
    if not INNER_END.search(text.rstrip().rstrip(".!?…\"”’»)")):
        return _trimmed(text, [(0, len(text))])  # no inner stop: one sentence, no pysbd
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in _segmenter().segment(text):
        piece = piece.strip()
        if not piece:
            continue
        start = text.find(piece, pos)
        if start < 0:  # pysbd changed the text: fall back to one sentence for the rest
            spans.append((pos, len(text.rstrip())))
            return _trimmed(text, spans)
        spans.append((start, start + len(piece)))
        pos = start + len(piece)
    return _trimmed(text, _repaired(text, spans, lexicon))


def _repaired(text: str, spans: list[tuple[int, int]], lexicon: Lexicon) -> list[tuple[int, int]]:
    """Glue back a piece split off before a lowercase word or after an abbreviation."""
    abbreviations = lexicon.words_of("abbreviations")
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged:
            before = text[merged[-1][0]:merged[-1][1]]
            first = text[start:end][:1]
            last_word = before.rsplit(None, 1)[-1].casefold() if before.split() else ""
            # "в пн. утром", "the 247th Regt. was hit": only after a short or listed word
            short = len(last_word.rstrip(".")) <= 3 and last_word.endswith(".")
            if (first.islower() and short) or last_word in abbreviations:
                merged[-1] = (merged[-1][0], end)
                continue
        merged.append((start, end))
    return merged


def _trimmed(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out


def split_sentences(state: AnnotationState) -> None:
    """Fill ``state.sentences`` from the body paragraphs, in reading order."""
    offsets = state.clean.paragraph_offsets()
    for index, (paragraph, base) in enumerate(zip(state.clean.paragraphs, offsets, strict=True)):
        for start, end in split_text(paragraph.text, state.lexicon):
            state.sentences.append(Sentence(
                text=paragraph.text[start:end], start=base + start, end=base + end,
                line=paragraph.line, paragraph=index, kind=paragraph.kind,
            ))
