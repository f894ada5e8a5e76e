"""Command line: ``python -m builder build | serve | check | inspect``.

Exit codes: 0 success, 1 content or configuration errors, 2 usage errors.
Every expected problem is printed as ``path:line: error: message``, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from builder.config import SiteConfig, load_config
from builder.errors import BuilderError, Diagnostic
from builder.pipeline import BuildResult, build, build_site, stderr_progress
from builder.records import report_record

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m builder",
        description="Build a static site of annotated news reports from content/.",
        epilog="Exit codes: 0 ok, 1 content or config errors, 2 usage.",
    )
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="site folder holding site.toml (default: current folder)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p_build = sub.add_parser("build", help="build the site into public/")
    p_build.add_argument("--keep-going", action="store_true",
                         help="build the reports that can be built and list the failures")
    p_build.add_argument("--quiet", "-q", action="store_true", help="no progress messages")

    p_serve = sub.add_parser("serve", help="build, then serve the site on 127.0.0.1")
    p_serve.add_argument("--host", default=None, help="address to bind (default 127.0.0.1)")
    p_serve.add_argument("--port", type=int, default=None,
                         help="port (default 8000; 0 picks a free one)")

    sub.add_parser("check", help="validate config and content without writing anything")

    p_deploy = sub.add_parser("deploy", help="build, then commit public/ to the gh-pages branch")
    p_deploy.add_argument("--branch", default="gh-pages", help="branch to write (gh-pages)")
    p_deploy.add_argument("--remote", default="origin", help="remote to push to (origin)")
    p_deploy.add_argument("--no-push", action="store_true", help="commit only, do not push")
    p_deploy.add_argument("--message", "-m", default="Publish the site", help="commit message")

    p_inspect = sub.add_parser("inspect", help="print one report's record")
    p_inspect.add_argument("path", type=Path, help="the report's raw file")
    p_inspect.add_argument("--json", action="store_true", help="print the JSON record")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        return run(args)
    except BuilderError as exc:
        print_diagnostics(exc.diagnostics)
        return EXIT_ERRORS
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # an internal bug: one line, the traceback only on request
        if args.debug:
            traceback.print_exc()
        print(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
              file=sys.stderr)
        return EXIT_ERRORS


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    config = load_config(args.root)
    if args.command == "build":
        progress = (lambda _m: None) if args.quiet else stderr_progress
        result = build(config, keep_going=args.keep_going, progress=progress)
        print_diagnostics(result.warnings + result.skipped)
        pages = sum(1 for p in result.files if p.endswith(".html"))
        print(f"built {len(result.site.reports)} reports, {pages} pages into "
              f"{config.paths.output}/", file=sys.stderr)
        return EXIT_ERRORS if result.skipped else EXIT_OK
    if args.command == "check":
        result = build_site(config)
        print_diagnostics(result.warnings + unknown_source_warnings(result, config))
        print(f"ok: {len(result.site.reports)} reports, no errors", file=sys.stderr)
        return EXIT_OK
    if args.command == "inspect":
        return inspect(config, args.path, as_json=args.json)
    if args.command == "deploy":
        from builder.deploy import DeployOptions, deploy

        build(config, progress=stderr_progress)
        deploy(config, DeployOptions(branch=args.branch, remote=args.remote,
                                     push=not args.no_push, message=args.message))
        print(f"committed {config.paths.output}/ to branch {args.branch}"
              + ("" if args.no_push else f" and pushed it to {args.remote}"), file=sys.stderr)
        return EXIT_OK
    if args.command == "serve":
        from builder.serve import serve

        return serve(config, args.host or config.serve.host,
                     config.serve.port if args.port is None else args.port)
    raise AssertionError(args.command)


def unknown_source_warnings(result: BuildResult, config: SiteConfig) -> list[Diagnostic]:
    """Sources met in reports with no profile in the registry, with where they came from."""
    registry = f"{config.paths.content}/{config.annotate.sources}"
    warnings = []
    for report in result.site.reports:
        lines = {c.text: c.line for c in report.claims}
        for name, sentence in report.annotated.unknown_sources:
            warnings.append(Diagnostic(
                report.clean.raw.source_file, f"source '{name}' has no profile in {registry}",
                line=lines.get(sentence), severity="warning",
                hint=f"from: {sentence[:160]}"))
    return warnings


def inspect(config: object, path: Path, *, as_json: bool) -> int:
    from builder.config import SiteConfig

    assert isinstance(config, SiteConfig)
    result = build_site(config)
    wanted = path.resolve()
    for report in result.site.reports:
        if (config.root / report.clean.raw.source_file).resolve() == wanted:
            record = report_record(report)
            if as_json:
                print(json.dumps(record, ensure_ascii=False, indent=2))
            else:
                print(f"{record['meta']['title']}\n  slug: {record['slug']}\n"
                      f"  claims: {len(record['claims'])}\n  removed lines: "
                      f"{len(record['removed'])}")
            return EXIT_OK
    raise BuilderError(Diagnostic(str(path), "not a report of this site"))
