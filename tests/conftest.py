"""Shared fixtures: a copy of this repository's site (seeds, templates, site.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def copy_site(dest: Path) -> Path:
    """Copy site.toml, content/ and templates/ of the repo into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "site.toml", dest / "site.toml")
    shutil.copytree(REPO / "content", dest / "content")
    shutil.copytree(REPO / "templates", dest / "templates")
    return dest


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m builder`` for real, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "builder", *map(str, args)],
        cwd=cwd or REPO, capture_output=True, text=True, timeout=300,
    )


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    """A fresh copy of the seed site."""
    return copy_site(tmp_path / "site")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed site built once per test session; returns its public/ folder."""
    root = copy_site(tmp_path_factory.mktemp("built") / "site")
    result = run_cli("--root", root, "build")
    assert result.returncode == 0, result.stderr
    return root / "public"
