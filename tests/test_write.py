"""A failed build leaves the previous public/ exactly as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.conftest import run_cli


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_build_failing_half_way_leaves_old_public_intact(site_dir: Path) -> None:
    assert run_cli("--root", site_dir, "build").returncode == 0
    before = tree_digest(site_dir / "public")
    # Reports are read and cleaned fine; rendering then fails on a broken template.
    (site_dir / "templates/report.html").write_text("{% extends 'base.html' %}{% block main %}"
                                                    "{{ report.meta.title }{% endblock %}")
    (site_dir / "content/reports/new.txt").write_text("A new report\nIt would add a page.\n")
    result = run_cli("--root", site_dir, "build")
    assert result.returncode == 1
    assert "templates/report.html:1: error: template syntax error" in result.stderr
    assert tree_digest(site_dir / "public") == before
    assert not list(site_dir.glob(".public.new-*"))


def test_rebuild_replaces_the_whole_tree(site_dir: Path) -> None:
    assert run_cli("--root", site_dir, "build").returncode == 0
    stray = site_dir / "public/stray.html"
    stray.write_text("old")
    (site_dir / "content/reports/new.txt").write_text("A new report\nIt adds a page.\n")
    assert run_cli("--root", site_dir, "build").returncode == 0
    assert not stray.exists()
    assert (site_dir / "public/reports/new/index.html").is_file()
