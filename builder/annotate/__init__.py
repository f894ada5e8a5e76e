"""Stage 3, annotate: CleanReport → AnnotatedReport (claims, status, source chains).

Walking-skeleton version: no claims are found yet; the rule pipeline (sentences, hedges,
attribution, chains, inheritance, overrides) fills this in.
"""

from __future__ import annotations

from builder.annotate.registry import SourceRegistry, load_registry
from builder.records import AnnotatedReport, CleanReport


def annotate(clean: CleanReport, registry: SourceRegistry) -> AnnotatedReport:
    """Find the claims of one report."""
    return AnnotatedReport(clean=clean)


__all__ = ["SourceRegistry", "annotate", "load_registry"]
