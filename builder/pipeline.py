"""The build, top to bottom: ingest → clean → annotate → link → render → write.

All data from all files is gathered first, so every page sees a consistent site
(MkDocs' rule). ``build`` and ``serve`` run this very same function; the BuildCache
(cache.py) lets each stage skip the reports whose inputs did not change, so the output of
a rebuild is byte-identical to that of a build from scratch.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from builder.annotate import SourceRegistry, annotate, load_registry
from builder.cache import BuildCache
from builder.config import SiteConfig
from builder.errors import BuilderError, ContentError, Diagnostic
from builder.ingest import ingest, leads_outside
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
    config: SiteConfig, *, keep_going: bool = False, progress: Progress = quiet,
    cache: BuildCache | None = None,
) -> BuildResult:
    """Run every stage up to render; nothing is written (``check`` stops here)."""
    started = time.perf_counter()
    cache = cache or BuildCache()  # an empty cache: everything is computed
    cache.start_build()
    ingested = ingest(config.content_dir, config.root, read=cache.read_report)
    if ingested.errors and not keep_going:
        raise ContentError(ingested.errors)
    progress(f"read {len(ingested.reports)} reports")
    cleaned = cache.cleaned(ingested.reports, config.clean)
    registry_path = config.content_dir / config.annotate.sources
    registry_display = f"{config.paths.content}/{config.annotate.sources}"
    if leads_outside(registry_path, config.root.resolve()):
        raise ContentError(Diagnostic(registry_display, "symlink leads outside the site; refused"))
    registry = cache.registry(registry_path, registry_display, load_registry)
    annotated, failed = annotate_each(cleaned, registry, cache)
    if failed and not keep_going:
        raise ContentError(failed)
    progress(f"annotated {sum(len(a.claims) for a in annotated)} claims")
    site = cache.link(annotated, registry, config.link)
    files = render_site(site, config, cache.pages)
    progress(f"rendered {len(files)} files")
    return BuildResult(
        site=site,
        files=files,
        warnings=ingested.warnings + registry.warnings,
        skipped=ingested.errors + failed,
        seconds=time.perf_counter() - started,
    )


def annotate_each(
    cleaned: list[CleanReport], registry: SourceRegistry, cache: BuildCache
) -> tuple[list[AnnotatedReport], list[Diagnostic]]:
    """Annotate every report; one report's errors (a bad override) do not hide the others',
    and under --keep-going that report is left out."""
    try:
        return cache.annotated(cleaned, registry, annotate), []
    except BuilderError:
        pass  # go report by report to find every failure, not just the first
    annotated: list[AnnotatedReport] = []
    failed: list[Diagnostic] = []
    for report in cleaned:
        try:
            annotated.extend(cache.annotated([report], registry, annotate))
        except BuilderError as exc:
            failed.extend(exc.diagnostics)
    return annotated, failed


def build(
    config: SiteConfig, *, keep_going: bool = False, progress: Progress = quiet,
    cache: BuildCache | None = None,
) -> BuildResult:
    """Build the site and swap it into the output folder; on any error, nothing changes.

    Without a ``cache`` the one saved in .cache/ by the previous build is used (and
    updated); the preview server passes the cache it keeps for its whole session.
    """
    started = time.perf_counter()
    saved = cache is None
    if cache is None:
        cache = BuildCache()
        cache.load(config.cache_dir)
    result = build_site(config, keep_going=keep_going, progress=progress, cache=cache)
    previous = cache.take_previous_output(config.output_dir)
    write_site(result.files, config.output_dir, previous=previous)
    cache.remember_output(config.output_dir, result.files)
    if saved:
        cache.save(config.cache_dir)
    result.seconds = time.perf_counter() - started
    return result
