"""Stage 3, annotate: CleanReport → AnnotatedReport (claims, status, source chains).

An ordered list of small rules over one explicit AnnotationState, as markdown-it-py's core
ruler runs its rules; each rule is a module of ``builder/annotate/rules`` and can be run
and tested alone. The words the rules look for are data (builder/defaults/annotate.yaml).
"""

from __future__ import annotations

from collections.abc import Callable

from builder.annotate.lexicon import Lexicon, default_lexicon
from builder.annotate.registry import SourceRegistry, load_registry
from builder.annotate.rules.attribution import attribute
from builder.annotate.rules.chains import resolve_chains
from builder.annotate.rules.claims import find_claims
from builder.annotate.rules.hedges import find_hedges
from builder.annotate.rules.inheritance import inherit_attribution
from builder.annotate.rules.overrides import apply_overrides
from builder.annotate.rules.sentences import split_sentences
from builder.annotate.rules.status import make_claims
from builder.annotate.rules.verification import find_verification
from builder.annotate.state import AnnotationState
from builder.records import AnnotatedReport, CleanReport

Rule = Callable[[AnnotationState], None]

RULES: list[tuple[str, Rule]] = [
    ("sentences", split_sentences),
    ("claims", find_claims),
    ("hedges", find_hedges),
    ("attribution", attribute),
    ("verification", find_verification),
    ("chains", resolve_chains),
    ("inheritance", inherit_attribution),
    ("status", make_claims),
    ("overrides", apply_overrides),
]
"""The rules, in the order they run (each reads what the ones before it wrote)."""


def new_state(clean: CleanReport, registry: SourceRegistry,
              lexicon: Lexicon | None = None) -> AnnotationState:
    """A fresh state for one report; the publisher is resolved to its canonical name."""
    state = AnnotationState(clean=clean, registry=registry, lexicon=lexicon or default_lexicon())
    publisher = clean.meta.publisher
    if publisher:
        profile = registry.lookup(publisher)
        state.publisher = profile.name if profile else publisher
    return state


def annotate(clean: CleanReport, registry: SourceRegistry) -> AnnotatedReport:
    """Find the claims of one report, with status and sources."""
    state = new_state(clean, registry)
    for _name, rule in RULES:
        rule(state)
    if state.publisher and registry.lookup(state.publisher) is None:
        state.unknown_sources.append((state.publisher, "publisher of the report"))
    return AnnotatedReport(clean=clean, claims=state.claims,
                           unknown_sources=state.unknown_sources)


__all__ = ["RULES", "SourceRegistry", "annotate", "load_registry"]
