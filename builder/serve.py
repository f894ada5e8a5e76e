"""Live preview: site folder → served public/, rebuilt on every save, open tabs reloaded.

    python -m builder serve [--host H] [--port N]

Builds once, then serves public/ under base_url's path (serve_http.py) while a watchdog
Watcher feeds a Rebuilder (watch.py). Every rebuild runs ``pipeline.build`` — the very
function ``build`` runs — with a BuildCache kept for the whole session, so unchanged
reports are not cleaned or annotated again and only changed files are rewritten.
A failed rebuild keeps the last good site served and sends its diagnostics to the
browser's overlay; the next good build clears it with a reload.
"""

from __future__ import annotations

import gc
import ipaddress
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.cache import BuildCache
from builder.config import CONFIG_NAME, SiteConfig, load_config
from builder.errors import BuilderError, Diagnostic
from builder.pipeline import build
from builder.serve_http import make_server
from builder.watch import Rebuilder, Watcher

READ_WAIT_SECONDS = 120.0
__all__ = ["LiveSite", "PreviewBuilder", "serve"]


@dataclass(frozen=True, slots=True)
class BuildState:
    """The outcome of the latest build, as browsers are told about it."""

    version: int = 0
    """Counts finished builds, good or failed (SSE clients wait for it to move)."""
    epoch: int = 0
    """Counts good builds: a page served at an older epoch is out of date."""
    errors: tuple[Diagnostic, ...] = ()
    seconds: float = 0.0
    work: tuple[tuple[str, int], ...] = ()
    """What the build computed and reused (stage results, pages), for /__status."""
    rendered: tuple[str, ...] = ()
    """The pages it rendered afresh (when there are at most 200)."""

    def errors_json(self) -> list[dict[str, Any]] | None:
        if not self.errors:
            return None
        return [{"path": d.path, "line": d.line, "message": d.message, "hint": d.hint}
                for d in self.errors]


@dataclass
class LiveSite:
    """The served output folder and what the browsers need to know about its builds."""

    output_dir: Path
    base_path: str
    state: BuildState = field(default_factory=BuildState)
    closing: bool = False
    # Guards state, closing, _building and _readers. Requests wait on it while a build
    # runs; a build waits on it until requests already reading files are done; SSE
    # clients wait on it for the next finished build.
    _cond: threading.Condition = field(default_factory=threading.Condition)
    _building: bool = False
    _readers: int = 0

    @contextmanager
    def reading(self) -> Iterator[int]:
        """Hold a request while a build runs; yields the epoch of the files it reads."""
        with self._cond:
            self._cond.wait_for(lambda: not self._building or self.closing, READ_WAIT_SECONDS)
            self._readers += 1
            epoch = self.state.epoch
        try:
            yield epoch
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    def begin_build(self) -> None:
        with self._cond:
            self._building = True
            self._cond.wait_for(lambda: self._readers == 0, READ_WAIT_SECONDS)

    def end_build(self, errors: list[Diagnostic], seconds: float,
                  work: dict[str, int], rendered: list[str]) -> BuildState:
        with self._cond:
            old = self.state
            self.state = BuildState(
                version=old.version + 1,
                epoch=old.epoch if errors else old.epoch + 1,
                errors=tuple(errors),
                seconds=seconds,
                work=tuple(work.items()),
                rendered=tuple(rendered),
            )
            self._building = False
            self._cond.notify_all()
            return self.state

    def snapshot(self) -> BuildState:
        with self._cond:
            return self.state

    def wait_for_build(self, seen_version: int, timeout: float) -> BuildState | None:
        """The state after the next finished build, or None after ``timeout`` seconds."""
        with self._cond:
            moved = self._cond.wait_for(
                lambda: self.state.version != seen_version or self.closing, timeout)
            return self.state if moved else None

    def status(self) -> dict[str, Any]:
        with self._cond:
            state, building = self.state, self._building
        return {"builds": state.version, "epoch": state.epoch, "building": building,
                "seconds": round(state.seconds, 4), "errors": state.errors_json(),
                "work": dict(state.work), "rendered": list(state.rendered)}

    def close(self) -> None:
        with self._cond:
            self.closing = True
            self._cond.notify_all()


class PreviewBuilder:
    """Runs the site's builds for the session, reporting each to the LiveSite."""

    def __init__(self, root: Path, live: LiveSite) -> None:
        self.root = root
        self.live = live
        self.cache = BuildCache()
        self.cache.load(load_config(root).cache_dir)

    def rebuild(self) -> None:
        # The cyclic garbage collector would walk every cached record several times per
        # build (a large share of a rebuild's time): it runs after the browsers are told.
        gc.disable()
        try:
            self._rebuild()
        finally:
            gc.enable()

    def _rebuild(self) -> None:
        self.live.begin_build()
        started, cpu_started = time.perf_counter(), time.thread_time()
        errors: list[Diagnostic] = []
        warnings: list[Diagnostic] = []
        try:
            config = load_config(self.root)
            self._check_unmoved(config)
            result = build(config, cache=self.cache)
            warnings = result.warnings + result.skipped
        except BuilderError as exc:
            errors = exc.diagnostics
        except Exception as exc:  # a bug must not kill the preview: show it instead
            errors = [Diagnostic("(builder)", f"internal error: {type(exc).__name__}: {exc}")]
        work = {"stage_results_reused": self.cache.hits,
                "stage_results_computed": self.cache.misses,
                "pages_reused": self.cache.pages.reused,
                "pages_rendered": self.cache.pages.rendered,
                "cpu_ms": round((time.thread_time() - cpu_started) * 1000)}
        rendered = self.cache.pages.rendered_paths
        state = self.live.end_build(errors, time.perf_counter() - started, work,
                                    rendered[:200] if len(rendered) <= 200 else [])
        self._log(state, warnings)

    def _check_unmoved(self, config: SiteConfig) -> None:
        if (config.output_dir.resolve() != self.live.output_dir.resolve()
                or config.base_path != self.live.base_path):
            raise BuilderError(Diagnostic(
                CONFIG_NAME, "base_url's path or paths.output changed while serving",
                hint="restart `serve` to use them"))

    def _log(self, state: BuildState, warnings: list[Diagnostic]) -> None:
        for diagnostic in [*warnings, *state.errors]:
            print(diagnostic.format(), file=sys.stderr)
        verdict = "failed" if state.errors else "ok"
        print(f"build {state.version} {verdict} in {state.seconds * 1000:.0f} ms",
              file=sys.stderr, flush=True)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(config: SiteConfig, host: str, port: int) -> int:
    """Build, then serve and rebuild on changes until Ctrl-C; returns the exit code."""
    live = LiveSite(config.output_dir.absolute(), config.base_path)
    builder = PreviewBuilder(config.root, live)
    builder.rebuild()
    server = make_server(live, host, port)
    rebuilder = Rebuilder(builder.rebuild)
    watcher = Watcher(watched_folders(config), [config.root / CONFIG_NAME], rebuilder.changed)
    rebuilder.start()
    watcher.start()
    bound_host, bound_port = str(server.server_address[0]), int(server.server_address[1])
    if not is_loopback(host):
        print(f"warning: serving on {host}, reachable from other machines; the preview "
              "server is for local use only", file=sys.stderr)
    print(f"serving at http://{bound_host}:{bound_port}{config.base_path} "
          "(Ctrl-C to stop)", file=sys.stderr, flush=True)
    stop_on_signals()
    thread = threading.Thread(target=server.serve_forever, name="http", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.5)
    except KeyboardInterrupt:
        print("stopping", file=sys.stderr)
    finally:
        watcher.stop()
        rebuilder.stop()
        live.close()
        server.shutdown()
        server.server_close()
        builder.cache.save(config.cache_dir)
    return 0


def stop_on_signals() -> None:
    """Ctrl-C and SIGTERM both stop the server cleanly (even when SIGINT was ignored,
    as for a background job)."""

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, interrupt)
        signal.signal(signal.SIGTERM, interrupt)


def watched_folders(config: SiteConfig) -> list[Path]:
    """Inputs of the build: content (reports and data files), templates, the theme."""
    from builder import render

    folders = [config.content_dir, config.templates_dir]
    theme = getattr(render, "THEME_DIR", None)
    if isinstance(theme, Path):
        folders.append(theme)
    return folders
