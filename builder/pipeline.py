"""The build, top to bottom: ingest → clean → annotate → link → render → write.

All data from all files is gathered first, so every page sees a consistent site
(MkDocs' rule). ``build`` and ``serve`` run this very same function.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from builder.annotate import SourceRegistry, annotate, load_registry
from builder.clean import clean_all
from builder.config import SiteConfig
from builder.errors import BuilderError, ContentError, Diagnostic
from builder.ingest import ingest
from builder.link import link
from builder.records import AnnotatedReport, CleanReport, LinkedSite
from builder.render import render_site
from builder.write import write_site

Progress = Callable[[str], None]


@dataclass(slots=True)
class BuildResult:
    """What a build did: the linked site, the files written, and what went wrong."""

    site: LinkedSite
    files: dict[str, bytes]
    warnings: list[Diagnostic] = field(default_factory=list)
    skipped: list[Diagnostic] = field(default_factory=list)
    """Errors of files left out under --keep-going."""
    seconds: float = 0.0


def quiet(_message: str) -> None:
    """A progress callback that says nothing."""


def stderr_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build_site(
    config: SiteConfig, *, keep_going: bool = False, progress: Progress = quiet
) -> BuildResult:
    """Run every stage up to render; nothing is written (``check`` stops here)."""
    started = time.perf_counter()
    ingested = ingest(config.content_dir, config.root)
    if ingested.errors and not keep_going:
        raise ContentError(ingested.errors)
    progress(f"read {len(ingested.reports)} reports")
    cleaned = clean_all(ingested.reports, config.clean)
    registry = load_registry(config.content_dir / config.annotate.sources,
                             f"{config.paths.content}/{config.annotate.sources}")
    annotated, failed = annotate_each(cleaned, registry)
    if failed and not keep_going:
        raise ContentError(failed)
    progress(f"annotated {sum(len(a.claims) for a in annotated)} claims")
    site = link(annotated, registry, config.link)
    files = render_site(site, config)
    progress(f"rendered {len(files)} files")
    return BuildResult(
        site=site,
        files=files,
        warnings=ingested.warnings,
        skipped=ingested.errors + failed,
        seconds=time.perf_counter() - started,
    )


def annotate_each(
    cleaned: list[CleanReport], registry: SourceRegistry
) -> tuple[list[AnnotatedReport], list[Diagnostic]]:
    """Annotate every report; one report's errors (a bad override) do not hide the others',
    and under --keep-going that report is left out."""
    annotated: list[AnnotatedReport] = []
    failed: list[Diagnostic] = []
    for report in cleaned:
        try:
            annotated.append(annotate(report, registry))
        except BuilderError as exc:
            failed.extend(exc.diagnostics)
    return annotated, failed


def build(
    config: SiteConfig, *, keep_going: bool = False, progress: Progress = quiet
) -> BuildResult:
    """Build the site and swap it into the output folder; on any error, nothing changes."""
    started = time.perf_counter()
    result = build_site(config, keep_going=keep_going, progress=progress)
    write_site(result.files, config.output_dir)
    result.seconds = time.perf_counter() - started
    return result
