"""A build killed with SIGKILL at any point leaves public/ exactly as it was (10 of 10)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_site
from tests.test_hostile_reproducible import manifest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]
KILLS_BY_CLOCK = 5
KILLS_WHILE_WRITING = 5


def add_corpus(reports: Path, count: int, tag: str) -> None:
    """``count`` synthetic reports, long enough that a build takes a while."""
    words = ["troops", "soldiers", "deserted", "unit", "region", "officials", "reported",
             "according"]
    for index in range(count):
        lines = [f"Report {tag} {index}: soldiers left their posts"]
        for para in range(12):
            lines.append(" ".join(words[(index + para + k) % len(words)] for k in range(40)))
        (reports / f"{tag}-{index:05d}.txt").write_text("\n".join(lines) + "\n")


def start_build(root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "builder", "--root", str(root), "build",
                             "-q"], cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def staged_files(root: Path) -> int:
    return sum(len(files) for stage in root.glob(".public.new-*")
               for _, _, files in os.walk(stage))


def kill(process: subprocess.Popen[bytes]) -> bool:
    """SIGKILL the build; False when it had already finished."""
    if process.poll() is not None:
        return False
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return True


def test_sigkill_at_any_point_leaves_public_as_it_was(tmp_path: Path) -> None:
    root = copy_site(tmp_path / "site")
    add_corpus(root / "content" / "reports", 120, "old")
    started = time.perf_counter()
    assert subprocess.run([sys.executable, "-m", "builder", "--root", str(root), "build",
                           "-q"], cwd=REPO).returncode == 0
    duration = time.perf_counter() - started
    before = manifest(root / "public")
    add_corpus(root / "content" / "reports", 80, "new")  # the killed builds would add these
    rng = random.Random(8)
    outcomes = []
    for attempt in range(KILLS_BY_CLOCK + KILLS_WHILE_WRITING):
        if attempt < KILLS_BY_CLOCK:
            # cold, like the timed build (a warm cache would finish before the kill)
            shutil.rmtree(root / ".cache", ignore_errors=True)
        process = start_build(root)
        if attempt < KILLS_BY_CLOCK:
            time.sleep(rng.uniform(0.05, 0.7) * duration)
        else:  # half-way through writing the new tree beside public/
            threshold = rng.randint(10, len(before))
            while process.poll() is None and staged_files(root) < threshold:
                time.sleep(0.002)
        assert kill(process), f"attempt {attempt}: the build finished before the kill"
        outcomes.append(manifest(root / "public") == before)
    assert outcomes == [True] * len(outcomes)
    # the next build cleans up what the killed ones left and publishes the new reports
    assert subprocess.run([sys.executable, "-m", "builder", "--root", str(root), "build",
                           "-q"], cwd=REPO).returncode == 0
    assert not list(root.glob(".public.new-*"))
    after = manifest(root / "public")
    assert "reports/new-00079/index.html" in after and after != before
