"""Rule 5, verification: explicit non-verification and in-text corroboration.

"Newsweek cannot independently verify the report" marks the sentence unverified and names
Newsweek as a writer of the report: a relay of every claim credited in it. "A US official
who corroborates the claims", "also confirmed" mark a confirmation, which the status rule
turns into *corroborated* when the confirming source is independent of the claim's origin.
"""

from __future__ import annotations

import re

from builder.annotate.names import source_name
from builder.annotate.state import AnnotationState

PRONOUNS = {"we", "i", "it", "they", "he", "she", "this", "that"}
NOT_WRITERS = {"neither", "none", "no", "this", "that", "these", "those", "the", "such", "it",
               "each", "both", "either", "any", "all"}


def find_verification(state: AnnotationState) -> None:
    """Mark non-verification and confirmation cues; collect the report's writers."""
    for sentence in state.sentences:
        for match in state.lexicon.find("non_verification", sentence.text):
            sentence.not_verified = True
            sentence.cues.append(" ".join(match.group().casefold().split()))
            writer = _as_publisher(_writer_before(sentence.text[:match.start()], state), state)
            if writer and writer not in state.writers:
                state.writers.append(writer)
        for match in state.lexicon.find("confirmation", sentence.text):
            if sentence.not_verified or state.lexicon.has("same_origin_cues", sentence.text):
                break  # "neither claim could be independently verified"; an echo
            sentence.confirms = True
            sentence.cues.append(" ".join(match.group().casefold().split()))


def _writer_before(text: str, state: AnnotationState) -> str | None:
    """'However, Newsweek' → 'Newsweek': the outlet saying it could not verify."""
    part = re.split(r"[,;:]", text)[-1].strip()
    if not part or part.casefold() in PRONOUNS or len(part.split()) > 5:
        return None
    if part.split()[-1].casefold() in {"claims", "report", "reports", "this", "it"} or \
            part.split()[0].casefold() in NOT_WRITERS - {"the"}:
        return None
    return source_name(part, state.registry, state.lexicon)


def _as_publisher(writer: str | None, state: AnnotationState) -> str | None:
    """'ISW' or 'The Kyiv Independent' writing for the publisher is the publisher."""
    publisher = state.publisher
    if writer is None or publisher is None:
        return writer
    initials = "".join(w[0] for w in publisher.split() if w[:1].isupper())
    if writer.casefold() in {publisher.casefold(), initials.casefold()} or \
            writer.casefold().removeprefix("the ") == publisher.casefold().removeprefix("the "):
        return publisher
    return writer
