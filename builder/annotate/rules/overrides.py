"""Rule 9, overrides: an editor's `claims:` entries (sidecar/front matter) win.

Each override quotes a sentence, or a unique start of it; it sets the status, the sources
(origin first) and a note readers see. An override matching no sentence, or several, is
an error naming the file and line of the override.
"""

from __future__ import annotations

from builder.annotate.rules.status import source_refs
from builder.annotate.state import AnnotationState, Sentence
from builder.errors import ContentError, Diagnostic
from builder.records import Claim, ClaimOverride


def _normal(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split()
                    ).casefold()


def matching_sentences(state: AnnotationState, override: ClaimOverride) -> list[Sentence]:
    """Sentences equal to the override's text, else those starting with it."""
    wanted = _normal(override.match)
    exact = [s for s in state.sentences if _normal(s.text) == wanted]
    return exact or [s for s in state.sentences if _normal(s.text).startswith(wanted)]


def claim_of(state: AnnotationState, sentence: Sentence) -> Claim:
    """The claim made from ``sentence``; an editor can make any sentence a claim."""
    for claim in state.claims:
        if claim.start == sentence.start:
            return claim
    claim = Claim(text=sentence.text, start=sentence.start, end=sentence.end,
                  status="unsourced", line=sentence.line)
    state.claims.append(claim)
    state.claims.sort(key=lambda c: c.start)
    return claim


def apply_overrides(state: AnnotationState) -> None:
    """Apply every override of the report; collect all errors before raising."""
    raw = state.clean.raw
    errors: list[Diagnostic] = []
    for override in raw.overrides:
        found = matching_sentences(state, override)
        where = raw.meta_file or raw.source_file
        if len(found) != 1:
            problem = "matches no sentence" if not found else \
                f"matches {len(found)} sentences; quote more of the one you mean"
            errors.append(Diagnostic(where, f"claim override {override.match[:60]!r} "
                                     f"{problem} of {raw.source_file}", line=override.line,
                                     hint="quote the sentence, or a unique start of it"))
            continue
        _apply(claim_of(state, found[0]), override, state)
    if errors:
        raise ContentError(errors)


def _apply(claim: Claim, override: ClaimOverride, state: AnnotationState) -> None:
    if override.status:
        claim.status = override.status
    if override.sources:
        claim.sources = source_refs(list(override.sources), 1, state)
    if override.note:
        claim.note = override.note
    claim.cues = [*claim.cues, "editor override"]
