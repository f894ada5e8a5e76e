"""Rule 8, status: sentences → Claims with status, source chain (+ relays) and cues.

corroborated: a confirmation by a source independent of the claims before it;
unverified: any source, hedge, inheritance or non-verification; otherwise unsourced.
Every credited claim's chain ends with the report's writers and then its publisher,
the last relays.
"""

from __future__ import annotations

from builder.annotate.registry import source_id
from builder.annotate.state import AnnotationState, Sentence
from builder.records import Claim, SourceRef, Status


def sentence_status(sentence: Sentence, earlier_origins: set[str]) -> Status:
    if sentence.confirms and sentence.chain and earlier_origins and \
            sentence.chain[0] not in earlier_origins:
        return "corroborated"
    if sentence.chain or sentence.hedged or sentence.not_verified or sentence.inherited:
        return "unverified"
    return "unsourced"


def full_chain(sentence: Sentence, state: AnnotationState) -> list[str]:
    """The sentence's chain followed by the writers and the publisher, no repeats."""
    if not sentence.chain:
        return []
    publisher = state.publisher
    names = [*sentence.chain, *state.writers, *([publisher] if publisher else [])]
    # "Fox News Digital could not verify" in a Fox News report: the publisher's own desk
    names = [publisher if publisher and _is_desk_of(n, publisher) else n for n in names]
    return [name for i, name in enumerate(names) if name not in names[:i]]


def _is_desk_of(name: str, publisher: str) -> bool:
    """ "Fox News Digital", "Kyiv Independent Online" for the publisher "Fox News" …: the
    publisher's name and one more word."""
    extra = name[len(publisher):].split() if name.startswith(publisher + " ") else []
    return len(extra) == 1 and extra[0][:1].isupper()


def source_refs(names: list[str], origins: int, state: AnnotationState) -> list[SourceRef]:
    refs = []
    for i, name in enumerate(names):
        profile = state.registry.lookup(name)
        refs.append(SourceRef(id=profile.id if profile else source_id(name),
                              name=profile.name if profile else name,
                              role="origin" if i < origins else "relay"))
    return refs


def ordered_cues(sentence: Sentence) -> list[str]:
    """Cues in the order they occur in the sentence."""
    text = sentence.text.casefold()

    def position(cue: str) -> int:
        found = text.find(cue.replace("as … ", "as ").split(" … ")[0])
        return found if found >= 0 else len(text)

    cues = list(dict.fromkeys(sentence.cues))
    # "claim" inside the hedge "reports claim" is the same cue
    cues = [c for c in cues if not any(c != o and f" {c} " in f" {o} " for o in cues)]
    return sorted(cues, key=position)


def make_claims(state: AnnotationState) -> None:
    """One Claim per claim sentence, in reading order."""
    earlier_origins: set[str] = set(state.report_credit)
    for sentence in state.sentences:
        if not sentence.is_claim:
            continue
        sentence.status = sentence_status(sentence, earlier_origins)
        names = full_chain(sentence, state)
        state.claims.append(Claim(
            text=sentence.text, start=sentence.start, end=sentence.end,
            status=sentence.status,
            sources=source_refs(names, min(sentence.origins, len(sentence.chain)), state),
            cues=ordered_cues(sentence), note=sentence.note, line=sentence.line,
        ))
        if sentence.chain and not sentence.inherited and sentence.status != "corroborated":
            earlier_origins.add(sentence.chain[0])
