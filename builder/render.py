"""Stage 5, render: LinkedSite → {output path: bytes} through the Jinja2 templates.

Every page is planned as a Page (output path, template, context) and rendered with
autoescaping always on and undefined variables an error. Links are absolute paths under
base_url's path (``/repo/reports/x/``), so they hold on GitHub Pages project sites and on
the 404 page, which is served at any depth.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import orjson

from builder.claimview import STATUS_LABELS, claim_runs, claim_summary
from builder.config import SiteConfig
from builder.errors import Diagnostic, TemplateError
from builder.link import pages as link_pages
from builder.link.pages import SourceSummary
from builder.memo import Each
from builder.pages import (
    CitedSource,
    ReportCard,
    cards_by_slug,
    home_context,
    install_globals,
    rank_cited,
)
from builder.publish import feed_context, publish_files
from builder.records import LinkedReport, LinkedSite, report_record
from builder.safety import safe_url
from builder.webannotation import annotated_reports, annotation_collection, annotation_page

if TYPE_CHECKING:
    from builder.render_cache import PageMemo


@dataclass(slots=True)
class Page:
    """One output file to render from a template."""

    path: str
    """Output path inside public/, POSIX (e.g. ``reports/x/index.html``)."""
    template: str
    context: dict[str, Any] = field(default_factory=dict)


THEME_DIR = Path(__file__).resolve().parent / "theme"
"""The built-in theme: ``templates/`` and ``static/``, overridden file by file by the site's."""


def theme_loader(templates_dir: Path) -> jinja2.BaseLoader:
    """The site's templates first, then the built-in theme's (file by file)."""
    return jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(templates_dir)),
                                jinja2.FileSystemLoader(str(THEME_DIR / "templates"))])


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """Jinja2 environment: autoescape for every template, whatever its name; every
    user-supplied URL goes through the ``safe_url`` filter (builder.safety)."""
    env = jinja2.Environment(
        loader=theme_loader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["safe_url"] = safe_url
    return env


def url_builder(config: SiteConfig) -> Callable[[str], str]:
    """``url('reports/x/')`` → ``/repo/reports/x/`` for the configured base_url."""
    base = config.base_path

    def url(target: str = "") -> str:
        return base + target.lstrip("/")

    return url


def plan_pages(site: LinkedSite, cards: dict[str, ReportCard]) -> Iterator[Page]:
    """Every HTML page of the site, in a stable order: one planner per area (``cards``:
    every report's card, by slug)."""
    summaries = link_pages.source_summaries(site)
    yield from plan_home_pages(site, summaries)
    yield from plan_report_pages(site)
    yield from plan_source_pages(summaries)
    yield from plan_entity_pages(site, cards)
    yield from plan_archive_pages(site, cards)


def plan_home_pages(site: LinkedSite, summaries: dict[str, SourceSummary]) -> Iterator[Page]:
    """Home, 404 and the other site-wide pages."""
    cited = rank_cited(CitedSource(sid, s.profile.name, s.claim_count, len(s.credits))
                       for sid, s in summaries.items() if s.credits)
    yield Page("index.html", "index.html", home_context(site, cited))
    yield Page("404.html", "404.html", {})
    yield Page("methodology/index.html", "methodology.html", {})
    yield Page("about/index.html", "about.html", {"report_count": len(site.reports)})
    yield Page("search/index.html", "search.html", {})
    yield Page("feed.xml", "feed.xml", feed_context(site))


def plan_report_pages(site: LinkedSite) -> Iterator[Page]:
    """One page per report."""
    for report, context in zip(site.reports, REPORT_CONTEXTS(site.reports), strict=True):
        yield Page(f"reports/{report.slug}/index.html", "report.html", context)


def _report_context(report: LinkedReport) -> dict[str, Any]:
    return {"report": report}


REPORT_CONTEXTS: Each[LinkedReport, dict[str, Any]] = Each(_report_context)
"""A report page's context: the same dict while the report is the same record (the page
memo then knows the page's context unchanged at a glance)."""


def plan_source_pages(summaries: dict[str, SourceSummary]) -> Iterator[Page]:
    """Pages per source (profile, relays, credited claims by report) and their index."""
    for path, template, context in link_pages.source_pages(summaries):
        yield Page(path, template, context)


def plan_entity_pages(site: LinkedSite, cards: dict[str, ReportCard]) -> Iterator[Page]:
    """Pages per place, unit, person and organisation, with an index of each kind."""
    for path, template, context in link_pages.entity_pages(site, cards):
        yield Page(path, template, context)


def plan_archive_pages(site: LinkedSite, cards: dict[str, ReportCard]) -> Iterator[Page]:
    """The archive: every report by month."""
    for path, template, context in link_pages.archive_pages(site, cards):
        yield Page(path, template, context)


def render_site(
    site: LinkedSite, config: SiteConfig, memo: PageMemo | None = None
) -> dict[str, bytes]:
    """Render every page, data file and static asset of the site into memory.

    With a ``memo`` (incremental rebuilds), a page whose inputs are unchanged since the
    previous build is not rendered again: its bytes are reused.
    """
    env = make_environment(config.templates_dir)
    if memo:
        env.bytecode_cache = memo.bytecode  # templates compiled once per source, not per build
    cards = cards_by_slug(site)
    pages = list(plan_pages(site, cards))
    install_globals(env, site, config, [page.path for page in pages])  # has_page, nav, …
    env.globals.update(site=config, url=url_builder(config), by_slug=site.by_slug(),
                       cards=cards, claim_runs=claim_runs,
                       claim_summary=claim_summary, status_labels=STATUS_LABELS)
    env.globals.update(site_links=link_pages.site_links(site))
    if memo is None:
        return render_files(env, site, config, pages, None)
    memo.start(env)
    try:
        files = render_files(env, site, config, pages, memo)
    except BaseException:
        memo.abandon()
        raise
    memo.finish()
    return files


def render_files(env: jinja2.Environment, site: LinkedSite, config: SiteConfig,
                 pages: list[Page], memo: PageMemo | None) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for page in pages:
        check_unclaimed(files, page)
        files[page.path] = (memo.render(env, page, config, render_page) if memo
                            else render_page(env, page, config))
    for report in site.reports:
        path = f"data/reports/{report.slug}.json"
        make = functools.partial(record_json, report)
        files[path] = memo.output(path, report, make) if memo else make()
    files.update(annotation_files(site, config, memo))
    files.update(static_files(THEME_DIR / "static"))
    files.update(static_files(config.templates_dir / "static"))  # the site's files win
    files.update(publish_files(site, config, files, memo.search if memo else None))
    return files


def check_unclaimed(files: dict[str, bytes], page: Page) -> None:
    """Two pages planned at one path would silently overwrite each other: refuse."""
    if page.path in files:
        raise TemplateError(Diagnostic(page.path, "two pages would be written to this file "
                                       f"(the second from {page.template}); page slugs "
                                       "must be unique"))


def render_page(env: jinja2.Environment, page: Page, config: SiteConfig) -> bytes:
    """Render one page; template problems become TemplateErrors naming file and line."""
    try:
        template = env.get_template(page.template)
        html = template.render(page=page, **page.context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            Diagnostic(_template_path(config, exc.filename or exc.name or page.template),
                       f"template syntax error: {exc.message}", line=exc.lineno)
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            Diagnostic(_template_path(config, page.template),
                       f"template not found: {exc.name}")
        ) from None
    except jinja2.UndefinedError as exc:
        name, line = _template_location(exc)
        raise TemplateError(
            Diagnostic(_template_path(config, name or page.template),
                       f"undefined variable while rendering {page.path}: {exc.message}",
                       line=line)
        ) from None
    except Exception as exc:  # e.g. {{ 1 + "a" }}: name the template line, not a traceback
        name, line = _template_location(exc)
        if name is None and not isinstance(exc, jinja2.TemplateError):
            raise  # not from a template: an internal error
        raise TemplateError(
            Diagnostic(_template_path(config, name or page.template),
                       f"error while rendering {page.path}: {type(exc).__name__}: "
                       f"{str(exc)[:200]}", line=line)
        ) from None
    return html.encode("utf-8")


def _template_path(config: SiteConfig, name: str) -> str:
    path = Path(name)
    if not path.is_absolute() and not path.is_file():  # a bare name, not a loader's path
        path = config.templates_dir / name
    try:
        return path.resolve().relative_to(config.root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _template_location(exc: BaseException) -> tuple[str | None, int | None]:
    """File and line of the innermost template frame of a rendering error.

    Jinja rewrites the traceback of an error raised while rendering so its frames name
    the template file and line (frames marked ``__jinja_exception__``).
    """
    name, line = None, None
    tb = exc.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if "__jinja_exception__" in frame.f_globals:
            name, line = frame.f_code.co_filename, tb.tb_lineno
        elif frame.f_globals.get("__jinja_template__") is not None:
            template = frame.f_globals["__jinja_template__"]
            name = template.filename or template.name
            line = template.get_corresponding_lineno(tb.tb_lineno)
        tb = tb.tb_next
    return name, line


def record_json(report: LinkedReport) -> bytes:
    return dump_json(report_record(report))


def annotation_files(site: LinkedSite, config: SiteConfig,
                     memo: PageMemo | None) -> dict[str, bytes]:
    """Every claim as Web Annotations: the collection, and a page per report with claims."""
    base, label = config.base_url.rstrip("/") + "/", f"Claims of {config.title}"
    files = {"data/annotations.jsonld": dump_json(annotation_collection(site, base, label))}
    pages = annotated_reports(site)
    slugs: list[str | None] = [None, *(r.slug for r in pages), None]
    for n, report in enumerate(pages, start=1):
        path = f"data/annotations/{report.slug}.jsonld"
        make = functools.partial(_annotation_page_json, report, base, slugs[n - 1],
                                 slugs[n + 1])
        files[path] = (memo.output(path, (report, base, slugs[n - 1], slugs[n + 1]), make)
                       if memo else make())
    return files


def _annotation_page_json(report: LinkedReport, base: str, previous: str | None,
                          following: str | None) -> bytes:
    return dump_json(annotation_page(report, base, previous, following))


def dump_json(data: Any) -> bytes:
    """Deterministic, readable JSON: sorted keys, two-space indent, UTF-8, a final newline
    (orjson: the standard library's encoder is pure Python once it indents, and a
    report's record and annotation page are encoded again on every save of it)."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def static_files(static_dir: Path) -> dict[str, bytes]:
    """The theme's static assets, copied as they are under static/."""
    files: dict[str, bytes] = {}
    if not static_dir.is_dir():
        return files
    for path in sorted(static_dir.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            files["static/" + path.relative_to(static_dir).as_posix()] = path.read_bytes()
    return files
