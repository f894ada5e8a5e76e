"""Rule 7, inheritance: a sentence that continues an attribution takes its chain.

"The group went on to claim …", "Seven of the soldiers managed …" after an attributed
sentence, a quote that goes on in the next paragraph: each takes the chain of the
attribution before it, until a topic break ("Separately, …", "Meanwhile, …"). A hedge
with nobody named opens a context of its own (unverified, no sources). A "Source: X"
line credits every sentence with no attribution of its own. An unnamed group speaking
inside a named source's account in the same paragraph nests in that chain ("The local
population speculates …" in a report by ATESH → local population, then ATESH).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.annotate.names import NATIONALITY, source_name
from builder.annotate.rules.attribution import NEGATED
from builder.annotate.state import AnnotationState, Sentence


@dataclass(slots=True)
class Context:
    """The attribution in force: its chain (empty for a bare hedge) and paragraph."""

    chain: list[str] = field(default_factory=list)
    paragraph: int = -1
    origins: int = 1


def inherit_attribution(state: AnnotationState) -> None:
    """Give continuing sentences the chain of the attribution before them."""
    credit = _report_credit(state)
    context: Context | None = Context(credit, -1) if credit else None
    for sentence in state.sentences:
        if not sentence.is_claim:
            continue
        if _breaks_topic(sentence, state):
            context = Context(credit, -1) if credit else None
        if sentence.chain:
            if context and len(context.chain) > len(sentence.chain) and \
                    context.chain[0] == sentence.chain[0] and len(sentence.chain) == 1:
                sentence.chain = list(context.chain)  # the same speaker goes on
            if sentence.unnamed_only and context and context.chain and (
                    context.paragraph in (sentence.paragraph, -1) or bool(credit) or
                    _inside_account(sentence, state)):
                sentence.chain = sentence.chain + [n for n in context.chain
                                                   if n not in sentence.chain]
            context = Context(list(sentence.chain), sentence.paragraph, sentence.origins)
        elif credit:
            _take(sentence, credit)
        elif sentence.hedged and not sentence.not_verified:
            context = Context([], sentence.paragraph)
        elif context is not None and (sentence.not_verified or continues(sentence, state)):
            _take(sentence, context.chain, context.origins)
            context.paragraph = sentence.paragraph
        else:
            context = None  # the publisher's own voice: later sentences do not inherit


def continues(sentence: Sentence, state: AnnotationState) -> bool:
    """Does the sentence go on with the account before it (not open a new matter)?"""
    text = sentence.text.lstrip()
    if state.lexicon.has("own_voice", text) or _negated_report(text, state):
        return False
    if text[:1] in "\"“«‘'„" or text[:1].isdigit():
        return True
    lexicon = state.lexicon
    words = text.split()
    if len(words) > 1 and words[0].casefold() == "the" and \
            (words[1][:1].isupper() or words[1][:1].isdigit()) and not NATIONALITY.match(words[1]):
        return False  # "The Dnipro River has formed …", "The 14th Brigade …": a new name
    return bool(lexicon.patterns["continuation_starters"].match(text) or
                lexicon.patterns["clause_openers"].match(text))


def _negated_report(text: str, state: AnnotationState) -> bool:
    """'The Russian side has not confirmed the incident': nobody is credited."""
    return any(NEGATED.search(text[:m.start()])
               for m in state.lexicon.find("reporting_verbs", text))


def _inside_account(sentence: Sentence, state: AnnotationState) -> bool:
    """'In the video, one of the men says …': speaking inside the account before."""
    opening = sentence.text.split(",")[0].casefold().split()
    return len(opening) <= 5 and opening[:1] == ["in"] and any(
        word in state.lexicon.words_of("account_documents") for word in opening)


def _take(sentence: Sentence, chain: list[str], origins: int = 1) -> None:
    sentence.chain = list(chain)
    sentence.origins = origins
    sentence.inherited = True


def _breaks_topic(sentence: Sentence, state: AnnotationState) -> bool:
    match = state.lexicon.patterns["topic_breaks"].match(sentence.text.lstrip("\"“ "))
    return match is not None


def _report_credit(state: AnnotationState) -> list[str]:
    names = []
    for phrase in state.report_credit:
        name = source_name(phrase, state.registry, state.lexicon)
        if name and name not in names:
            names.append(name)
    return names
