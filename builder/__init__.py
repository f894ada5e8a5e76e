"""Static-site generator for annotated news reports.

The pipeline, one module per stage (see ``pipeline.build``)::

    ingest  → raw files in content/ become RawReport records (readers/)
    clean   → RawReport → CleanReport: metadata, body paragraphs, audit of removed lines
    annotate→ CleanReport → AnnotatedReport: claims with status and source chains
    link    → all reports → LinkedSite: entities, related reports, source/entity indexes
    render  → LinkedSite → {output path: bytes} through Jinja2 templates
    write   → the rendered tree swapped atomically into public/
"""

from builder.errors import BuilderError, Diagnostic

__all__ = ["BuilderError", "Diagnostic"]
