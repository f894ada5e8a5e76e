"""Rule 3, hedges: "reportedly", "allegedly", "reports claim", "is said to" → unverified.

A hedge rests the claim on someone's word without naming anyone; the sentence is
unverified even when no source is found.
"""

from __future__ import annotations

from builder.annotate.state import AnnotationState


def find_hedges(state: AnnotationState) -> None:
    """Record the hedges of every sentence as cues."""
    for sentence in state.sentences:
        for match in state.lexicon.find("hedges", sentence.text):
            sentence.hedged = True
            cue = " ".join(match.group().casefold().split())
            if cue not in sentence.cues:
                sentence.cues.append(cue)
