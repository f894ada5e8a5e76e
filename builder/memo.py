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
from typing import Any, Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")
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


class Each(Generic[R, T]):
    """``[fn(record) for record in records]``, remembered between calls: a call computes
    ``fn`` only where the list holds another record than last time at that place (the
    preview server's rebuilds hand out the same records for every unchanged report, in
    the same order, so a rebuild calls ``fn`` for the edited reports only)."""

    def __init__(self, fn: Callable[[R], T]) -> None:
        self._fn = fn
        self._records: list[R] = []
        self._values: list[T] = []

    def __call__(self, records: list[R]) -> list[T]:
        if len(records) == len(self._records):
            values = list(self._values)
            for index, (record, before) in enumerate(zip(records, self._records,
                                                         strict=True)):
                if record is not before:
                    values[index] = self._fn(record)
        else:
            values = [self._fn(record) for record in records]
        self._records, self._values = list(records), values
        return values
