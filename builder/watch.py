"""Watching for edits: file events under the site's inputs → one coalesced rebuild call.

    Watcher     watchdog observer on content/, templates/, the theme and site.toml;
                calls ``on_change`` for every event that can change the site
    Rebuilder   a single build thread: waits until a burst of changes has been quiet for
                ``debounce`` seconds, then builds once; changes arriving during a build
                cause exactly one more build afterwards (MkDocs livereload's model)

An editor's atomic save (write a temporary file, rename it over the original) or a
``git checkout`` touching hundreds of files arrive as a burst of events; the debounce
turns each burst into one build.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

# Only events that change bytes or names. Opened/closed/attrib events are left out: the
# build itself opens every content file, and counting those would rebuild forever.
CHANGING_EVENTS = {EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED,
                   EVENT_TYPE_MOVED}
IGNORED_PARTS = {".git", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}


class _Relay(FileSystemEventHandler):
    """Passes the changing events of relevant paths on to a callback."""

    def __init__(self, accept: Callable[[str], bool], on_change: Callable[[str], None]):
        self._accept = accept
        self._on_change = on_change

    def dispatch(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGING_EVENTS:
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            path = raw.decode() if isinstance(raw, bytes) else raw
            if path and self._accept(path):
                self._on_change(path)
                return


class Watcher:
    """Watches folders (recursively) and single files; reports changes to ``on_change``."""

    def __init__(self, folders: Iterable[Path], files: Iterable[Path],
                 on_change: Callable[[str], None]) -> None:
        self._folders = [f.resolve() for f in folders if f.is_dir()]
        self._files = {f.resolve() for f in files}
        self._observer = Observer()
        relay = _Relay(self._is_relevant, on_change)
        for folder in self._folders:
            self._observer.schedule(relay, str(folder), recursive=True)
        # Single files are watched through their folder, without recursion.
        for parent in sorted({f.parent for f in self._files} - set(self._folders)):
            if parent.is_dir():
                self._observer.schedule(relay, str(parent), recursive=False)
        self._observer.daemon = True

    def _is_relevant(self, path: str) -> bool:
        candidate = Path(path)
        if IGNORED_PARTS.intersection(candidate.parts):
            return False
        if candidate in self._files:
            return True
        return any(candidate.is_relative_to(folder) for folder in self._folders)

    def start(self) -> None:
        self._observer.start()

    def stop(self) -> None:
        self._observer.stop()
        self._observer.join(timeout=5)


class Rebuilder:
    """One build thread; bursts of changes coalesce into one build."""

    def __init__(self, build: Callable[[], None], debounce: float = 0.01,
                 max_delay: float = 1.0) -> None:
        self._build = build
        self.debounce = debounce
        """Seconds without new changes before a build starts. An editor's save (a
        temporary file renamed over the report) arrives within a millisecond and a
        ``git checkout`` writes its files microseconds apart, so 10 ms of quiet marks a
        burst's end; every millisecond more is waited out by the reader on each save."""
        self.max_delay = max_delay
        """A never-ending stream of changes still gets a build this often."""
        # Guards _pending, _first_change, _last_change and _stopped; the build thread
        # waits on it for changes, change notifications wake it.
        self._cond = threading.Condition()
        self._pending = False
        self._first_change = 0.0
        self._last_change = 0.0
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="rebuilder", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        self._thread.join(timeout=10)

    def changed(self, _path: str = "") -> None:
        """Something changed: a build will follow once the burst is over."""
        now = time.monotonic()
        with self._cond:
            if not self._pending:
                self._first_change = now
            self._pending = True
            self._last_change = now
            self._cond.notify_all()

    def _wait_for_quiet_burst(self) -> bool:
        """Block until a burst of changes is over; False when stopping."""
        with self._cond:
            while not self._pending and not self._stopped:
                self._cond.wait()
            while not self._stopped:
                now = time.monotonic()
                quiet_at = self._last_change + self.debounce
                deadline = min(quiet_at, self._first_change + self.max_delay)
                if now >= deadline:
                    break
                self._cond.wait(deadline - now)
            # Changes from here on belong to the next build.
            self._pending = False
            return not self._stopped

    def _run(self) -> None:
        while self._wait_for_quiet_burst():
            self._build()
