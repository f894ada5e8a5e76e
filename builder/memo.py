"""Results remembered per record object: ``per_record(fn)(record, *extra)`` computes ``fn``
once for as long as the very same record (and equal ``extra`` values) are passed.

Sound only for settled records (``records.SETTLED``: no one changes them once handed
out) and for results no caller changes. The preview server's rebuilds hand the same
record objects to the render stage for every unchanged report, so what a page planner
derives from one report (its credits to sources, its list card) is derived once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

KEPT = 100_000
"""Entries per function before it starts afresh (each holds its record alive)."""


def per_record(fn: Callable[P, T]) -> Callable[P, T]:
    """``fn`` remembered by the identity of its first argument (and the values of the
    others, which must be hashable)."""
    known: dict[int, tuple[Any, Any, Any]] = {}

    @functools.wraps(fn)
    def remembered(*args: P.args, **kwargs: P.kwargs) -> T:
        record, extra = args[0], (args[1:], tuple(sorted(kwargs.items())))
        hit = known.get(id(record))
        if hit is not None and hit[0] is record and hit[1] == extra:
            result: T = hit[2]
            return result
        if len(known) >= KEPT:
            known.clear()
        value = fn(*args, **kwargs)
        known[id(record)] = (record, extra, value)
        return value

    return remembered
