"""Rule 6, chains: source phrases of each sentence → canonical names, origin first.

Resolves what the phrases point to: a registry name or alias, "the group" / "he" back to
the last source named, a re-mention ("a US official", named before as reported by Reuters)
to the chain it came with; sources without a profile are listed for the editor.
"""

from __future__ import annotations

import re

from builder.annotate.names import (
    is_anaphor,
    is_unnamed,
    registry_match,
    source_name,
    strip_quotes,
    unnamed_name,
)
from builder.annotate.state import AnnotationState, Sentence


def resolve_chains(state: AnnotationState) -> None:
    """Fill ``sentence.chain`` with canonical names, origin first."""
    last_chain: list[str] = []  # the named source of the latest attribution comes first
    last_origin: str | None = None
    known_chains: dict[str, list[str]] = {}
    for sentence in state.sentences:
        if not sentence.is_claim or not sentence.speakers:
            continue
        chain = _names(sentence, state, last_chain, last_origin)
        if not chain:
            continue
        if len(chain) == 1 and len(known_chains.get(chain[0], [])) > 1:
            chain = list(known_chains[chain[0]])  # a re-mention keeps its chain
        sentence.chain = chain
        sentence.origins = _origin_count(sentence, chain, state)
        sentence.unnamed_only = len(chain) == 1 and is_anonymous(chain[0], state)
        for i, name in enumerate(chain):
            if len(chain) - i > len(known_chains.get(name, [])):
                known_chains[name] = chain[i:]
        last_origin = chain[0]
        named = _last_named(chain, state)
        last_chain = [named, *chain] if named and not is_anonymous(named, state) else \
            last_chain + chain


def is_anonymous(name: str, state: AnnotationState) -> bool:
    """An unnamed source ('local population', 'US official'), by profile or by its words."""
    profile = state.registry.lookup(name)
    return profile.kind == "anonymous" if profile else is_unnamed(name, state.lexicon)


def _last_named(chain: list[str], state: AnnotationState) -> str | None:
    """The source 'he' or 'the group' points back to: the first named one of a chain."""
    for name in chain:
        if not is_anonymous(name, state):
            return name
    return chain[0] if chain else None


def _pronoun_of_earlier_speaker(sentence: Sentence, phrase: str, state: AnnotationState) -> bool:
    """'Paul Mason posted a video where he outlined …': 'he' is the speaker named before."""
    if phrase.casefold() not in {"he", "she", "they", "it"}:
        return False
    found = re.search(rf"\b{re.escape(phrase)}\b", sentence.text)
    at = found.start() if found else -1
    return any(0 <= sentence.text.find(other) < at for other in sentence.speakers
               if not is_anaphor(strip_quotes(other), state.lexicon))


def _names(sentence: Sentence, state: AnnotationState, last_chain: list[str],
           last_origin: str | None) -> list[str]:
    names: list[str] = []
    for phrase in sentence.speakers:
        name: str | None
        if is_anaphor(strip_quotes(phrase), state.lexicon) and \
                state.registry.lookup(strip_quotes(phrase)) is None:
            if _pronoun_of_earlier_speaker(sentence, phrase, state):
                continue
            if strip_quotes(phrase).casefold() in {"he", "she", "him", "her"} and last_origin:
                name = last_origin  # a person speaking again: the origin of the last chain
            else:
                name = _same_unnamed(phrase, state) or _last_named(last_chain, state) or \
                    _named_in_sentence(sentence, state) or _descriptive(phrase)
        else:
            name = _introduced_earlier(phrase, sentence, state) or \
                source_name(phrase, state.registry, state.lexicon)
            if name and state.registry.lookup(name) is None:
                name = _earlier_full_name(name, state)
                _note_unknown(state, name, sentence.text)
        if name:
            name = _earlier_full_name(name, state)
        if name and name not in names:
            names.append(name)
            state.seen_names.append(name)
    return names


def _named_in_sentence(sentence: Sentence, state: AnnotationState) -> str | None:
    """'Agents of the Atesh movement …, the partisans said': the registry source named."""
    found = registry_match(sentence.text, state.registry)
    return found[1] if found else None


def _introduced_earlier(phrase: str, sentence: Sentence, state: AnnotationState
                        ) -> str | None:
    """'the soldier' after 'a Russian soldier' was introduced: that unnamed source."""
    words = strip_quotes(phrase).split()
    if len(words) != 2 or words[0].casefold() != "the" or \
            words[1].casefold() not in state.lexicon.words_of("unnamed_heads"):
        return None
    before = state.clean.body[:sentence.start]
    introduced = re.findall(rf"\b(?:a|an)\s+((?:[A-Za-z-]+\s+){{0,2}}?{re.escape(words[1])})\b",
                            before, re.IGNORECASE)
    return unnamed_name(introduced[-1], state.lexicon) if introduced else None


def _descriptive(phrase: str) -> str | None:
    """'the ministry' with nothing named before it: a descriptive name, 'ministry'."""
    words = strip_quotes(phrase).split()
    if len(words) < 2 or words[0].casefold() != "the":
        return None  # a bare pronoun names no one
    return " ".join(words[1:])


def _same_unnamed(phrase: str, state: AnnotationState) -> str | None:
    """'the sources' after 'two Russian security sources': the unnamed source named before."""
    words = strip_quotes(phrase).casefold().split()
    if not words or words[-1] not in state.lexicon.words_of("unnamed_heads"):
        return None
    stem = words[-1].rstrip("s")
    for earlier in reversed(state.seen_names):
        if is_anonymous(earlier, state) and re.search(rf"\b{re.escape(stem)}", earlier.casefold()):
            return earlier
    return None


def _earlier_full_name(name: str, state: AnnotationState) -> str:
    """'Gladkov' after 'Vyacheslav Gladkov', 'records' after 'court records': the same one."""
    if len(name.split()) != 1 or state.registry.lookup(name):
        return name
    for earlier in reversed(state.seen_names):
        if earlier != name and earlier.split()[-1].casefold() == name.casefold():
            return earlier
    return name


def _origin_count(sentence: Sentence, chain: list[str], state: AnnotationState) -> int:
    """Origins found by attribution, bounded by the names left after resolving."""
    return max(1, min(sentence.origins, len(chain)))


def _note_unknown(state: AnnotationState, name: str, sentence: str) -> None:
    if all(known != name for known, _ in state.unknown_sources):
        state.unknown_sources.append((name, sentence))
