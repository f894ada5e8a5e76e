"""Two builds of the same input in different folders are byte-identical."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from builder.safety import build_time
from tests.conftest import REPO, copy_site
from tests.hostile.site import make_hostile_site
from tests.hostile.vectors import load_vectors


def manifest(public: Path) -> dict[str, str]:
    """SHA-256 of every file under ``public``, by relative path."""
    return {p.relative_to(public).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(public.rglob("*")) if p.is_file()}


def build(root: Path, hash_seed: str, epoch: str | None) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONHASHSEED"] = hash_seed  # set iteration order differs between the builds
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    result = subprocess.run([sys.executable, "-m", "builder", "--root", str(root), "build",
                             "-q", "--keep-going"], cwd=REPO, env=env, capture_output=True,
                            text=True, timeout=300)
    assert "Traceback" not in result.stderr and result.returncode == 0, result.stderr


def make_site(folder: Path) -> Path:
    root = copy_site(folder / "site")
    hostile = make_hostile_site(folder / "hostile", load_vectors(60))
    for path in sorted((hostile.root / "content" / "reports").iterdir()):
        (root / "content" / "reports" / path.name).write_bytes(path.read_bytes())
    return root


def test_builds_in_two_folders_have_the_same_sha256_manifest(tmp_path: Path) -> None:
    first = make_site(tmp_path / "one")
    second = make_site(tmp_path / "elsewhere" / "two")
    build(first, "1", "1700000000")
    build(second, "2", "1700000000")
    one, two = manifest(first / "public"), manifest(second / "public")
    assert len(one) > 20
    assert one == two


def test_a_rebuild_with_another_clock_is_identical_when_the_epoch_is_set(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    build(root, "3", "1600000000")
    first = manifest(root / "public")
    time.sleep(1.1)  # a build stamping the wall clock (to the second) would now differ
    build(root, "4", "1600000000")
    assert manifest(root / "public") == first


def test_build_time_honours_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_time() == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999999999")
    assert build_time().year >= 2025  # out of range: the clock, not a crash
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert abs((build_time() - datetime.now(tz=UTC)).total_seconds()) < 60
