"""Shared fixtures: a copy of this repository's site (seeds, templates, site.toml)."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent


def copy_site(dest: Path, source: Path = REPO) -> Path:
    """Copy site.toml, content/ and templates/ of ``source`` (the repo) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "site.toml", dest / "site.toml")
    shutil.copytree(source / "content", dest / "content")
    shutil.copytree(source / "templates", dest / "templates")
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


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class _MountedHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder at ``base_path`` (as GitHub Pages serves a project site)."""

    base_path = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.base_path):
            return str(Path(self.directory) / "__outside_base_path__")
        return super().translate_path("/" + path[len(self.base_path):])

    def send_head(self) -> Any:
        try:
            return super().send_head()
        except ValueError:  # a NUL in the path: http.server would print a traceback
            self.send_error(400)
            return None

    def log_message(self, format: str, *args: object) -> None:
        return


@contextmanager
def serve_folder(folder: Path, base_path: str) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (free port) under ``base_path``; yields the site URL."""
    handler_class = type("Handler", (_MountedHandler,), {"base_path": base_path})
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # a tab navigating away mid-response is not worth a traceback
    server.handle_error = lambda request, address: None  # type: ignore[method-assign]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base_path}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built seed site served under its base_url's path."""
    from builder.config import load_config

    with serve_folder(built_site, load_config(REPO).base_path) as url:
        yield url


def own_template(root: Path, name: str) -> Path:
    """``root/templates/name``, first copied from the built-in theme when the site has no
    override of its own yet (as a user does to change a theme file)."""
    target = root / "templates" / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "builder/theme/templates" / name, target)
    return target
