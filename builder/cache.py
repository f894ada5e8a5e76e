"""Stage results by content hash: (inputs' digest → pickled output), in memory and .cache/.

A rebuild recomputes only what its inputs changed (Lektor's rule: an artifact is current
only when every input it read is unchanged):

    read      raw file bytes + sidecar bytes + path           → RawReport
              (files whose stat stamp is unchanged are not even read again)
    part      raw identity + [clean] config                   → the report's part in the
                                                                corpus-wide clean rule
    clean     raw identity + [clean] config + the slice of
              the corpus the report depends on (see below)    → CleanReport
    registry  sources.yaml bytes                              → SourceRegistry (a copy)
    annotate  clean key + source registry                     → AnnotatedReport
    pages     see render_cache.PageMemo                       → page bytes

Every key also holds ``code_digest()`` — the builder package's own files, lexicons and
defaults included — so editing the code or a lexicon never reuses a stale result.

The clean stage has corpus-wide rules (a line repeated across an outlet's reports is
chrome), so one report's cleaning can depend on the others. ``builder.clean`` splits
``clean_all`` in three: ``corpus_part(raw, config)`` (a report's contribution, cached per
report), ``report_contexts(parts, config)`` (what each report needs of the whole: its
outlet's template lines) and ``clean_one(raw, context, config)``, cached on the report and
the digest of its context — so an edit re-cleans the edited report and only those
reports whose outlet's template lines it changed. Without that split any change re-cleans
every report (correct first), while annotation stays per report.

Within a session (the preview server) results are shared, not copied: unpickling a
thousand reports on every save would cost more than the save. Sharing is safe because no
stage changes a record once it has been handed out (``records.SETTLED``; tested in
tests/test_serve_cache.py): a computation on a miss starts from fresh copies of its
cached inputs, and linking makes new records rather than marking the annotated ones.
The link stage keeps its own memory between builds (``link.Linker``), and the page memo
learns the digest of every annotated report from its key here.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import operator
import os
import pickle
import stat
import tempfile
import time
from collections.abc import Callable, Mapping
from functools import cache, partial
from pathlib import Path
from typing import Any, TypeVar

from builder.annotate.registry import SourceRegistry
from builder.config import CleanConfig, LinkConfig
from builder.ingest import MAX_FILE_BYTES, SIDECAR_SUFFIX, Found, read_report
from builder.link import Linker
from builder.records import AnnotatedReport, CleanReport, LinkedSite, RawReport
from builder.render_cache import PageMemo

T = TypeVar("T")
CACHE_FILE = "stages-v1.pickle"
PACKAGE_DIR = Path(__file__).resolve().parent


def digest(*parts: object) -> str:
    """A short, stable digest of strings, bytes and picklable values."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        if isinstance(part, bytes):
            data = part
        elif isinstance(part, str):
            data = part.encode("utf-8", "surrogatepass")
        else:
            data = pickle.dumps(part, protocol=5)
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@cache
def code_digest() -> str:
    """Digest of the builder package: its code, lexicons, defaults and theme."""
    h = hashlib.blake2b(digest_size=20)
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()


class BuildCache:
    """Stage results of earlier builds; a fresh instance remembers nothing."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}
        """Digest of a stage's inputs → its pickled output."""
        self.live: dict[str, Any] = {}
        """Key → the output object itself, shared between the builds of a session."""
        self.used: set[str] = set()
        """Keys read or written by the latest build (the rest is pruned on save)."""
        self.pages = PageMemo()
        self.written: dict[Path, dict[str, bytes]] = {}
        """Output folder → the files the latest build wrote there."""
        self.hits = 0
        self.misses = 0
        self.linker = Linker()
        """The link stage's memory of the previous build (see builder.link)."""
        self._clean_keys: dict[int, str] = {}
        """id() of a CleanReport of the current build → the key it was stored under."""
        self._stamps: dict[str, tuple[tuple[Stamp, Stamp], str]] = {}
        """Report file → (stat stamps of it and its sidecar, read key) of the last read."""
        self._joined: dict[tuple[str, ...], str] = {}
        self._joined_before: dict[tuple[str, ...], str] = {}
        """Keys made by ``joined`` in this build and the one before it."""
        self._contexts: tuple[list[Any], list[Any]] = ([], [])
        """The clean parts of the last build and the contexts made from them."""
        self._handed: dict[str, tuple[str, RawReport, str | None]] = {}
        """Report file → (read key, the RawReport handed out for it, its slug as read)."""
        self._now = time.time_ns()
        self._registry: SourceRegistry | None = None
        self._registry_key = ""
        """The source registry handed out last, and its key."""

    # -- persistence ---------------------------------------------------------------

    def load(self, cache_dir: Path) -> None:
        """Read a cache saved by an earlier run; a missing or damaged one is ignored."""
        try:
            with open(cache_dir / CACHE_FILE, "rb") as stream:
                entries = pickle.load(stream)
        except Exception:  # any damage just means starting cold
            return
        if isinstance(entries, dict):
            self.entries.update(entries)

    def save(self, cache_dir: Path) -> None:
        """Write the entries of the latest build to ``cache_dir`` (atomically)."""
        kept = {k: v for k, v in self.entries.items() if k in self.used}
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".stages-", dir=cache_dir)
            with os.fdopen(fd, "wb") as stream:
                pickle.dump(kept, stream, protocol=5)
            os.replace(tmp, cache_dir / CACHE_FILE)
        except OSError:
            return  # a cache that cannot be written only costs time

    def start_build(self) -> None:
        self.used = set()
        self._joined_before, self._joined = self._joined, {}
        self._now = time.time_ns()
        self.hits = self.misses = 0
        self._clean_keys = {}

    # -- the memo ------------------------------------------------------------------

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """The output stored under ``key``, or ``compute()`` stored there."""
        self.used.add(key)
        if key in self.live:
            self.hits += 1
            shared: T = self.live[key]
            return shared
        if key in self.entries:
            self.hits += 1
            value: T = pickle.loads(self.entries[key])
        else:
            self.misses += 1
            value = compute()
            try:
                self.entries[key] = pickle.dumps(value, protocol=5)
            except Exception:  # unpicklable: computed again next time
                return value
        self.live[key] = value
        return value

    @staticmethod
    def fresh(value: T) -> T:
        """A private deep copy (for computing on a shared input without changing it)."""
        copied: T = pickle.loads(pickle.dumps(value, protocol=5))
        return copied

    # -- stages --------------------------------------------------------------------

    def read_report(self, found: Found, site_root: Path) -> RawReport:
        """``ingest.read_report``, skipped when the file and its sidecar are unchanged
        (their stamps, from the folder scan, say so)."""
        path = found.path
        sidecar = os.path.splitext(path)[0] + SIDECAR_SUFFIX if found.sidecar else None
        try:
            side_stamp = _stamp(sidecar) if sidecar else None
            if found.stamp is None or (sidecar and side_stamp is None):
                return read_report(Path(path), site_root)  # the reader refuses it, its words
            stamp = (found.stamp, side_stamp)
            key = self._stamps.get(path)
            if key is None or key[0] != stamp or _is_racy(stamp, self._now):
                with open(path, "rb") as stream:
                    raw = stream.read()
                side = None
                if sidecar:
                    with open(sidecar, "rb") as stream:
                        side = stream.read()
                key = (stamp, digest("read", code_digest(), path, str(site_root), raw,
                                     side or b"-"))
                self._stamps[path] = key
        except OSError:
            return read_report(Path(path), site_root)  # let the reader word the error
        handed = self._handed.get(path)
        if handed is not None and handed[0] == key[1]:
            self.used.add(key[1])
            self.hits += 1
            handed[1].slug = handed[2]  # as read: ingest assigns the unique slug again
            return handed[1]
        # A copy: ingest assigns slugs by setting ``slug`` on the records it gets. The same
        # copy is handed out while the file is unchanged (its slug is all that changes).
        copied = copy.copy(self.memo(key[1], lambda: read_report(Path(path), site_root)))
        self._handed[path] = (key[1], copied, copied.slug)
        return copied

    def cleaned(self, raws: list[RawReport], config: CleanConfig) -> list[CleanReport]:
        """``clean.clean_all(raws, config)``, reusing the results of unchanged reports: each
        report's part in the corpus-wide rule, and its cleaning given its outlet's
        template lines, are cached apart (see the module's docstring)."""
        from builder.clean import clean_one, corpus_part, report_contexts

        config_key = digest(code_digest(), config)
        identities = [raw_identity(raw) for raw in raws]
        parts = [self.memo(self.joined("part", config_key, identity),
                           partial(_on_copy, corpus_part, raw, config))
                 for raw, identity in zip(raws, identities, strict=True)]
        last_parts, last_contexts = self._contexts
        if len(parts) == len(last_parts) and all(map(operator.is_, parts, last_parts)):
            contexts = last_contexts  # no report's part changed: nor did any context
        else:
            contexts = report_contexts(parts, config)
            self._contexts = (parts, contexts)
        context_keys: dict[int, str] = {}  # reports of one outlet share a context
        keys = [self.joined("clean", config_key,
                            context_keys.get(id(context))
                            or context_keys.setdefault(id(context), digest(context)), identity)
                for identity, context in zip(identities, contexts, strict=True)]
        results = [self.memo(key, partial(_on_copy, clean_one, raw, context, config))
                   for key, raw, context in zip(keys, raws, contexts, strict=True)]
        self._clean_keys.update((id(r), k) for r, k in zip(results, keys, strict=True))
        return results

    def joined(self, *parts: str) -> str:
        """``digest(*parts)`` of strings, remembered (a rebuild asks for the same keys)."""
        known = self._joined.get(parts) or self._joined_before.get(parts)
        if known is None:
            known = digest(*parts)
        self._joined[parts] = known
        return known

    def annotated(
        self,
        cleaned: list[CleanReport],
        registry: SourceRegistry,
        annotate: Callable[[CleanReport, SourceRegistry], AnnotatedReport],
    ) -> list[AnnotatedReport]:
        """``annotate`` of every report, reusing unchanged reports' results."""
        registry_key = self._registry_key if registry is self._registry else None
        if registry_key is None:
            try:
                registry_key = digest(code_digest(), registry)
            except Exception:  # unpicklable registry: nothing can be reused safely
                registry_key = os.urandom(16).hex()
        results = []
        for report in cleaned:
            key = self.joined("annotate", registry_key, self._clean_identity(report))
            result = self.memo(key, partial(self._annotate_fresh, annotate, report, registry))
            self.pages.know_digest(result, key)
            results.append(result)
        return results

    def _annotate_fresh(
        self,
        annotate: Callable[[CleanReport, SourceRegistry], AnnotatedReport],
        report: CleanReport, registry: SourceRegistry,
    ) -> AnnotatedReport:
        """Annotate a private copy, so the shared CleanReport is never changed."""
        return annotate(self.fresh(report), registry)

    def registry(
        self, path: Path, display: str, load: Callable[[Path, str], SourceRegistry]
    ) -> SourceRegistry:
        """``load(path, display)`` (YAML parsing is slow), skipped when the file's bytes
        are unchanged: then the very same registry as last time (no stage changes it)."""
        try:
            data = path.read_bytes() if path.exists() else b"\0missing"
        except OSError:
            return load(path, display)  # let the loader word the error
        key = digest("registry", code_digest(), display, data)
        self.used.add(key)
        if key not in self.entries:
            self.entries[key] = pickle.dumps(load(path, display), protocol=5)
        if key != self._registry_key or self._registry is None:
            self._registry = pickle.loads(self.entries[key])
            self._registry_key = key
        return self._registry

    def link(self, reports: list[AnnotatedReport], registry: SourceRegistry,
             config: LinkConfig) -> LinkedSite:
        """The link stage, recomputing only what the changes since the last build reach;
        after a failure it starts afresh (its memory may be half updated)."""
        try:
            return self.linker.link(reports, registry, config)
        except BaseException:
            self.linker = Linker()
            raise

    def _clean_identity(self, report: CleanReport) -> str:
        """The key a cleaned report was made under, else a digest of its content."""
        return self._clean_keys.get(id(report)) or digest(report)

    # -- output --------------------------------------------------------------------

    def take_previous_output(self, output_dir: Path) -> Mapping[str, bytes] | None:
        """What the last build wrote to ``output_dir``; forgotten until the next write
        succeeds (a failed write leaves the folder unknown: the next one rewrites it all)."""
        return self.written.pop(output_dir.absolute(), None)

    def remember_output(self, output_dir: Path, files: dict[str, bytes]) -> None:
        self.written[output_dir.absolute()] = files


@functools.lru_cache(maxsize=1 << 16)
def _identity_of(raw_digest: str, source_file: str, slug: str, kind: str) -> str:
    return digest(raw_digest, source_file, slug, kind)


def raw_identity(raw: RawReport) -> str:
    """Everything about a raw report its cleaning can depend on."""
    return _identity_of(raw.digest, raw.source_file, raw.slug or "", raw.kind)


Stamp = tuple[int, int, int, int] | None


def _stamp(path: str) -> Stamp:
    """What changes whenever a file's bytes change: inode, size, mtime and ctime; None
    unless it is a regular file small enough to read whole (never a FIFO, which blocks)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _is_racy(stamp: tuple[Stamp, Stamp], now: int) -> bool:
    """A file changed within the last seconds could change again within the same
    timestamp tick unseen (git's "racily clean" case): its bytes are hashed instead."""
    recent = now - 2_000_000_000
    return any(s is not None and s[3] >= recent for s in stamp)


def _on_copy(function: Callable[..., T], record: object, *args: object) -> T:
    """``function`` applied to a private copy of a shared ``record``."""
    return function(BuildCache.fresh(record), *args)
