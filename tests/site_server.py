"""A built copy of the seed site served under /repo/, the way GitHub Pages serves a project
site: files under the base path, ``404.html`` (status 404) for anything else.

Used by the browser tests and by ``make screenshots``.
"""

from __future__ import annotations

import functools
import http.server
import io
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from tests.conftest import copy_site, run_cli

BASE_PATH = "/repo/"


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the output folder at BASE_PATH; every miss gets the site's 404 page."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".json": "application/json", ".xml": "application/xml", ".js": "text/javascript"}

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(BASE_PATH):
            return self._not_found()
        self.path = "/" + self.path[len(BASE_PATH):]
        local = Path(self.translate_path(self.path))
        if local.is_dir() and path.endswith("/") and not (local / "index.html").is_file():
            return self._not_found()
        if not local.exists():
            return self._not_found()
        return super().send_head()

    def _not_found(self):  # type: ignore[no-untyped-def]
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def list_directory(self, path):  # type: ignore[no-untyped-def]
        return self._not_found()

    def log_message(self, format: str, *args: object) -> None:
        return


@dataclass
class ServedSite:
    root: Path
    """The site folder (site.toml, content/, templates/)."""
    public: Path
    base_url: str
    """``http://127.0.0.1:PORT/repo/``."""


@contextmanager
def served_site(workdir: Path, prepare: Callable[[Path], None] | None = None
                ) -> Iterator[ServedSite]:
    """Copy the seed site into ``workdir``, build it for /repo/ on a free port, serve it.

    ``prepare(root)`` may change the copy before the build (benchmarks swap the content).
    """
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    port = server.server_address[1]
    base_url = f"http://127.0.0.1:{port}{BASE_PATH}"
    root = copy_site(workdir / "site")
    toml = root / "site.toml"
    toml.write_text(re.sub(r'(?m)^base_url = ".*"$', f'base_url = "{base_url}"',
                           toml.read_text(encoding="utf-8")), encoding="utf-8")
    if prepare is not None:
        prepare(root)
    result = run_cli("--root", root, "build", "-q")
    assert result.returncode == 0, result.stderr
    public = root / "public"
    server.RequestHandlerClass = functools.partial(PagesHandler, directory=str(public))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ServedSite(root, public, base_url)
    finally:
        server.shutdown()
        server.server_close()
