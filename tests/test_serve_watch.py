"""The Rebuilder's promise: a burst is one build; changes during a build make one more."""

from __future__ import annotations

import threading
import time

from builder.serve import is_loopback
from builder.watch import Rebuilder


class SlowBuild:
    """A build that takes ``seconds`` and counts how often it ran."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.runs = 0
        self.started = threading.Event()

    def __call__(self) -> None:
        self.runs += 1
        self.started.set()
        time.sleep(self.seconds)


def settle(rebuilder: Rebuilder, build: SlowBuild, seconds: float = 1.0) -> None:
    time.sleep(seconds)
    rebuilder.stop()


def test_a_burst_of_changes_is_one_build() -> None:
    build = SlowBuild(0.05)
    rebuilder = Rebuilder(build, debounce=0.1)
    rebuilder.start()
    for _ in range(300):
        rebuilder.changed()
    settle(rebuilder, build)
    assert build.runs == 1


def test_changes_during_a_build_cause_exactly_one_more() -> None:
    build = SlowBuild(0.5)
    rebuilder = Rebuilder(build, debounce=0.05)
    rebuilder.start()
    rebuilder.changed()
    assert build.started.wait(5)
    for _ in range(50):  # all while the first build runs
        rebuilder.changed()
        time.sleep(0.002)
    settle(rebuilder, build, 1.5)
    assert build.runs == 2


def test_no_change_no_build() -> None:
    build = SlowBuild(0.0)
    rebuilder = Rebuilder(build, debounce=0.01)
    rebuilder.start()
    settle(rebuilder, build, 0.3)
    assert build.runs == 0


def test_only_loopback_addresses_count_as_local() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")
    assert not is_loopback("example.org")
