"""Page memo for incremental rendering: a page's inputs' digest → its rendered bytes.

A page is rendered again only when something it read changed (Lektor's rule):

- the source of its template and of every template that one extends, includes or imports
  (a template change re-renders exactly the pages using it);
- its own context (``Page.context``, e.g. its LinkedReport) and path;
- the globals its templates name (``site``, ``url``, …) and the custom filters/tests;
- for globals that are mappings (``by_slug``), only the entries it looked up — recorded
  while it rendered — so a report page listing three related reports depends on those
  three, not on the whole site. Iterating such a mapping makes the page depend on all of it.

Checking every page's inputs on every build would cost as much as a small site's build,
so the memo works from what changed instead (push, not pull): entries of the mapping
globals that are no longer the same objects, and pages whose context values are no
longer the same objects, are the only ones whose digests are compared; every other page
is reused at the cost of a look-up. That rests on the records being *settled*
(``records.SETTLED``): no stage changes a record once it has handed it out, so an
unchanged object means unchanged content. Digests of settled records are kept for as
long as the records are in use.

Anything that cannot be digested (an unpicklable value, a template that fails to parse)
means "render again": the memo may only ever cost time, never correctness.
"""

from __future__ import annotations

import copyreg
import dataclasses
import io
import os
import pickle
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import jinja2
import jinja2.bccache
from jinja2 import meta, nodes

from builder.config import SiteConfig
from builder.records import SETTLED
from builder.search import SearchIndex

ALL = object()
"""Key recorded when a page iterates a whole mapping global."""
MISSING = "missing"
_STOCK = jinja2.Environment()
"""Jinja's own filters and tests: only the ones a site adds are digested."""
RenderPage = Callable[[jinja2.Environment, Any, SiteConfig], bytes]
Read = tuple[str, Any]
"""(mapping global's name, key read)."""


def _digest(value: object) -> str:
    from builder.cache import digest

    try:
        return digest(value)
    except Exception:  # unpicklable: never equal to anything, so the page renders
        return _unique()


def _unique() -> str:
    return "unique:" + os.urandom(8).hex()


def _callable_digest(fn: Any) -> str:
    """A function is its name plus what it closes over (``url`` closes over the base)."""
    cells = tuple(c.cell_contents for c in (getattr(fn, "__closure__", None) or ()))
    return _digest((getattr(fn, "__module__", ""), getattr(fn, "__qualname__", repr(fn)),
                    cells, getattr(fn, "__defaults__", None)))


_PARSED: dict[tuple[Any, ...], tuple[frozenset[str], tuple[str | None, ...]]] = {}
_SYNTAX = ("block_start_string", "block_end_string", "variable_start_string",
           "variable_end_string", "comment_start_string", "comment_end_string",
           "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks")


def _template_uses(env: jinja2.Environment, source: str, name: str,
                   filename: str | None) -> tuple[frozenset[str], tuple[str | None, ...]]:
    """Variables a template's source names, and the templates it pulls in (parsed once
    per distinct source and syntax, not on every build)."""
    key = (source, name, filename, tuple(getattr(env, a) for a in _SYNTAX),
           tuple(sorted(env.extensions)))
    if key not in _PARSED:
        if len(_PARSED) > 512:
            _PARSED.clear()
        tree = env.parse(source, name, filename)
        # find_undeclared_variables leaves out the environment's globals, which are
        # exactly what globals_key must see: every name loaded is added (a local
        # shadowing a global only adds a dependency, which costs time, never correctness).
        loaded = {n.name for n in tree.find_all(nodes.Name) if n.ctx == "load"}
        _PARSED[key] = (frozenset(meta.find_undeclared_variables(tree)) | loaded,
                        tuple(meta.find_referenced_templates(tree)))
    return _PARSED[key]


KEPT_DIGESTS = 50_000
"""Digests of settled records kept before those of records no longer used are let go."""


def _by_digest(value_digest: str) -> None:
    """Stands for a record in digest pickles (which are never unpickled)."""


class SettledDigests:
    """Digests of settled records by identity, kept between builds while they are used
    (the record is held, so its id cannot be given to another object meanwhile)."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[Any, str]] = {}
        self._used: dict[int, tuple[Any, str]] = {}

    def get(self, value: Any) -> str | None:
        known = self._known.get(id(value)) or self._used.get(id(value))
        if known is None or known[0] is not value:
            return None
        self._used[id(value)] = known
        return known[1]

    def put(self, value: Any, value_digest: str) -> None:
        self._used[id(value)] = (value, value_digest)

    def end_build(self) -> None:
        """Keep what the latest build used; forget the rest only when there is much of it
        (a list page digested rarely still finds its records' digests here)."""
        if len(self._known) > max(KEPT_DIGESTS, 4 * len(self._used)):
            self._known = self._used
        else:
            self._known.update(self._used)
        self._used = {}


class RecordingDict(dict[Any, Any]):
    """A mapping global that tells the memo which entries the current page reads."""

    def __init__(self, name: str, data: dict[Any, Any], view: BuildView) -> None:
        super().__init__(data)
        self._name = name
        self._view = view

    def __getitem__(self, key: Any) -> Any:
        self._view.record(self._name, key)
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self._view.record(self._name, key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self._view.record(self._name, key)
        return super().__contains__(key)

    def __iter__(self) -> Iterator[Any]:
        self._view.record(self._name, ALL)
        return super().__iter__()

    def __len__(self) -> int:
        self._view.record(self._name, ALL)
        return super().__len__()

    def keys(self) -> Any:
        self._view.record(self._name, ALL)
        return super().keys()

    def values(self) -> Any:
        self._view.record(self._name, ALL)
        return super().values()

    def items(self) -> Any:
        self._view.record(self._name, ALL)
        return super().items()


class RecordingObject:
    """A record global (``site_links``) whose dict fields are recording mappings, so a
    page depends on the entries it looks up, not on the whole record."""

    def __init__(self, name: str, target: Any, mappings: dict[str, RecordingDict]) -> None:
        self._name = name
        self._target = target
        self._mappings = mappings
        """Field name → its recording mapping."""

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__") or attr in ("_name", "_target", "_mappings"):
            raise AttributeError(attr)
        if attr in self._mappings:
            return self._mappings[attr]
        value = getattr(self._target, attr)
        if isinstance(value, types.MethodType) and value.__self__ is self._target:
            return types.MethodType(value.__func__, self)  # its reads go through us too
        raise AttributeError(f"{self._name}.{attr} is not a recorded mapping or method")

    def __bool__(self) -> bool:
        return bool(self._target)


def _recordable(value: Any) -> list[str] | None:
    """The fields of a dataclass global whose fields are all plain dicts, else None."""
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return None
    names = [f.name for f in dataclasses.fields(value)]
    if not names or any(type(getattr(value, n)) is not dict for n in names):
        return None
    return names


class BuildView:
    """Digests of one build's templates and globals (each computed at most once)."""

    def __init__(self, env: jinja2.Environment, settled_digests: SettledDigests) -> None:
        self.env = env
        self.reads: dict[Read, str] = {}
        self.mappings: dict[str, dict[Any, Any]] = {}
        self.settled = settled_digests
        # id() → (value, digest) of this build; the value is kept so its id stays its own.
        self._values: dict[int, tuple[Any, str]] = {}
        self._templates: dict[str, tuple[str, frozenset[str]]] = {}
        self._globals_keys: dict[frozenset[str], str] = {}
        self._page_keys: dict[str, str] = {}
        self._records: set[str] = set()
        """Record globals (wrapped in RecordingObject): digested by their reads only."""
        for name, value in list(env.globals.items()):
            if type(value) is dict:  # wrapped so lookups are recorded
                self.mappings[name] = value
                env.globals[name] = RecordingDict(name, value, self)
            elif (fields := _recordable(value)) is not None:
                wrapped = {}
                for attr in fields:
                    self.mappings[f"{name}.{attr}"] = getattr(value, attr)
                    wrapped[attr] = RecordingDict(f"{name}.{attr}", getattr(value, attr), self)
                self._records.add(name)
                env.globals[name] = RecordingObject(name, value, wrapped)
        custom = [(k, f) for k, f in sorted(env.filters.items())
                  if _STOCK.filters.get(k) is not f]
        custom += [(k, t) for k, t in sorted(env.tests.items()) if _STOCK.tests.get(k) is not t]
        self.extensions = _digest([(k, _callable_digest(f)) for k, f in custom])

    def record(self, name: str, key: Any) -> None:
        self.reads[(name, key)] = self.read_digest(name, key)

    def read_digest(self, name: str, key: Any) -> str:
        data = self.mappings.get(name)
        if data is None:
            return MISSING
        if key is ALL:
            return self.value_digest(data)
        try:
            return self.value_digest(data[key]) if key in data else MISSING
        except TypeError:  # unhashable key
            return _unique()

    def value_digest(self, value: Any) -> str:
        """Digest of a value; containers by their items' digests and settled records by
        the digest they were given once, so no record is pickled twice."""
        known = self._values.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if type(value) in SETTLED:
            result = self.settled.get(value)
            if result is None:
                result = self._pickled_digest(value)
                self.settled.put(value, result)
        elif type(value) is dict:
            result = _digest([(k, self.value_digest(v)) for k, v in value.items()])
        elif type(value) in (list, tuple):
            result = _digest([self.value_digest(v) for v in value])
        else:
            result = self._pickled_digest(value)
        self._values[id(value)] = (value, result)
        return result

    def _pickled_digest(self, value: Any) -> str:
        """Digest of a value's pickle, settled records in it standing by their digests.

        Fast mode (no memo) makes the bytes independent of which equal objects happen to
        be shared — records from the cache share less than freshly made ones — and a
        cyclic value fails, which means "render again".
        """
        from builder.cache import digest

        table = copyreg.dispatch_table.copy()
        outer = id(value)

        def by_digest(record: Any) -> Any:
            if id(record) == outer:
                return record.__reduce_ex__(5)
            # Always by digest (made now if need be), so a record's digest never depends
            # on which of the records inside it happened to be digested before.
            return (_by_digest, (self.value_digest(record),))

        for kind in SETTLED:
            table[kind] = by_digest
        stream = io.BytesIO()
        pickler = pickle.Pickler(stream, protocol=5)
        pickler.dispatch_table = table
        pickler.fast = True
        try:
            pickler.dump(value)
        except Exception:
            return _unique()
        return digest(stream.getvalue())

    def template_key(self, name: str) -> tuple[str, frozenset[str]]:
        """Digest of a template and all it pulls in, and the variable names they use."""
        if name not in self._templates:
            try:
                self._templates[name] = self._closure_key(name)
            except Exception:  # missing or broken: rendering will report it
                self._templates[name] = (_unique(), frozenset())
        return self._templates[name]

    def _closure_key(self, name: str) -> tuple[str, frozenset[str]]:
        loader = self.env.loader
        assert loader is not None
        todo: list[str] = [name]
        seen: set[str] = set()
        sources: list[tuple[str, str, str]] = []
        names: set[str] = set()
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            source, filename, _ = loader.get_source(self.env, current)
            sources.append((current, filename or "", source))
            used, refs = _template_uses(self.env, source, current, filename)
            names |= used
            if None in refs:  # a computed name: depend on every template
                refs = tuple(self.env.list_templates())
            todo.extend(r for r in refs if r is not None)
        return _digest(sorted(sources)), frozenset(names)

    def page_template_key(self, name: str) -> str:
        """Digest of a page template with every global and filter it can use."""
        if name not in self._page_keys:
            template, names = self.template_key(name)
            self._page_keys[name] = _digest((template, self.globals_key(names),
                                             self.extensions, name))
        return self._page_keys[name]

    def globals_key(self, names: frozenset[str]) -> str:
        """Digest of the non-mapping globals among ``names`` (once per build and set)."""
        if names not in self._globals_keys:
            self._globals_keys[names] = self._globals_key(names)
        return self._globals_keys[names]

    def _globals_key(self, names: frozenset[str]) -> str:
        parts = []
        for name in sorted(names):
            if name in self.mappings or name in self._records or name not in self.env.globals:
                continue
            value = self.env.globals[name]
            parts.append((name, _callable_digest(value) if callable(value)
                          else self.value_digest(value)))
        return _digest(parts)


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept between builds (Jinja checks each against its source)."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


@dataclass(slots=True)
class _Entry:
    template: str
    """Digest of the page's template and the globals and filters it uses."""
    context: dict[str, Any]
    """The context it was rendered with (held, so an unchanged one is the same; planners
    hand out the same context for an unchanged page, and no one changes one)."""
    context_digest: str
    reads: dict[Read, str]
    output: bytes


@dataclass
class PageMemo:
    """Rendered pages of the previous build and what each one read."""

    entries: dict[str, _Entry] = field(default_factory=dict)
    rendered: int = 0
    reused: int = 0
    rendered_paths: list[str] = field(default_factory=list)
    """Pages and files made afresh by the current build."""
    bytecode: MemoryBytecodeCache = field(default_factory=MemoryBytecodeCache)
    search: SearchIndex = field(default_factory=SearchIndex)
    """The search index of the previous build (updated, not made anew)."""
    settled: SettledDigests = field(default_factory=SettledDigests)
    _view: BuildView | None = None
    _readers: dict[Read, set[str]] = field(default_factory=dict)
    """Each (mapping, key) read → the pages that read it."""
    _mappings: dict[str, dict[Any, Any]] = field(default_factory=dict)
    """The mapping globals of the previous build."""
    _suspects: set[str] = field(default_factory=set)
    """Pages of the current build that read a mapping entry that is no longer the same."""
    _seen: set[str] = field(default_factory=set)
    """Paths the current build made or reused."""

    def know_digest(self, value: Any, value_digest: str) -> None:
        """Tell the memo a settled record's digest (the build cache knows many)."""
        self.settled.put(value, value_digest)

    def start(self, env: jinja2.Environment) -> None:
        """Begin a build's rendering with ``env`` (whose globals are all installed)."""
        self._view = view = BuildView(env, self.settled)
        self.rendered = self.reused = 0
        self.rendered_paths = []
        self._seen = set()
        self._suspects = set()
        for name, data in view.mappings.items():
            before = self._mappings.get(name)
            changed = (set(data) ^ set(before)) if before is not None else set(data)
            if before is not None:
                changed.update(k for k, v in data.items() if k in before and before[k] is not v)
            if changed or before is None:
                self._suspects |= self._readers.get((name, ALL), set())
                for key in changed:
                    self._suspects |= self._readers.get((name, key), set())
        gone = self._mappings.keys() - view.mappings.keys()
        if gone:
            for (name, _key), readers in self._readers.items():
                if name in gone:
                    self._suspects |= readers
        self._mappings = dict(view.mappings)

    def abandon(self) -> None:
        """A build failed half-way: some pages were not checked against what changed,
        so the next build compares every mapping entry afresh."""
        self._mappings = {}
        self._view = None

    def finish(self) -> None:
        """End a build: forget pages it did not make and records it did not use."""
        self.settled.end_build()
        for path in self.entries.keys() - self._seen:
            self._forget_reads(path, self.entries.pop(path))
        self._view = None

    def output(self, path: str, inputs: Any, make: Callable[[], bytes]) -> bytes:
        """An output file made from ``inputs`` alone (a report's JSON record)."""
        self._seen.add(path)
        entry = self.entries.get(path)
        if entry is not None and _same(entry.context.get("inputs"), inputs):
            self.reused += 1
            return entry.output
        view = self._view
        key = view.value_digest(inputs) if view else None
        if key is not None and entry is not None and entry.context_digest == key:
            entry.context = {"inputs": inputs}
            self.reused += 1
            return entry.output
        data = make()
        if key is not None:
            self.entries[path] = _Entry("", {"inputs": inputs}, key, {}, data)
        self.rendered += 1
        self.rendered_paths.append(path)
        return data

    def render(self, env: jinja2.Environment, page: Any, config: SiteConfig,
               render_page: RenderPage) -> bytes:
        """``render_page(env, page, config)``, or its output of last time if still current."""
        if self._view is None or self._view.env is not env:
            self.start(env)
        view = self._view
        assert view is not None
        self._seen.add(page.path)
        template_key = view.page_template_key(page.template)
        entry = self.entries.get(page.path)
        if entry is not None and entry.template == template_key:
            if page.path not in self._suspects and (
                    entry.context is page.context or _same_values(entry.context, page.context)):
                self.reused += 1
                return entry.output
            if (entry.context_digest == view.value_digest(page.context)
                    and all(view.read_digest(name, key) == seen
                            for (name, key), seen in entry.reads.items())):
                entry.context = page.context
                self.reused += 1
                return entry.output
        view.reads = {}
        output = render_page(env, page, config)
        self._forget_reads(page.path, entry)
        self.entries[page.path] = _Entry(template_key, page.context,
                                         view.value_digest(page.context), dict(view.reads),
                                         output)
        for read in view.reads:
            self._readers.setdefault(read, set()).add(page.path)
        self.rendered += 1
        self.rendered_paths.append(page.path)
        return output

    def _forget_reads(self, path: str, entry: _Entry | None) -> None:
        if entry is None:
            return
        for read in entry.reads:
            readers = self._readers.get(read)
            if readers is not None:
                readers.discard(path)
                if not readers:
                    del self._readers[read]


def _same_values(before: dict[str, Any], now: dict[str, Any]) -> bool:
    """The same context: the very same records, in lists and tuples of the same length,
    and equal plain values (numbers, strings, frozen records of them)."""
    return before.keys() == now.keys() and all(_same(before[k], v) for k, v in now.items())


PLAIN = (int, str, bool, float, type(None))


def _same(old: Any, new: Any) -> bool:
    if old is new:
        return True
    kind = type(new)
    if kind is not type(old):
        return False
    if kind in (list, tuple):
        return len(old) == len(new) and all(map(_same, old, new))
    if kind is dict:
        return old.keys() == new.keys() and all(_same(old[k], v) for k, v in new.items())
    if kind in PLAIN:
        return bool(old == new)
    params = getattr(kind, "__dataclass_params__", None)
    if params is not None and params.frozen and kind not in SETTLED:
        return all(_same(getattr(old, f.name), getattr(new, f.name))
                   for f in dataclasses.fields(new))
    return False
