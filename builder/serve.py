"""Preview server: serves public/ under base_url's path on 127.0.0.1.

Walking-skeleton version: a plain static server; the live-preview issue adds watching,
rebuilds and reload.
"""

from __future__ import annotations

import functools
import http.server
import sys
from pathlib import Path


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the output folder mounted at the site's base path."""

    base_path = "/"

    def translate_path(self, path: str) -> str:
        if path.startswith(self.base_path):
            path = "/" + path[len(self.base_path):]
        return super().translate_path(path)

    def log_message(self, format: str, *args: object) -> None:
        return


def serve(output_dir: Path, base_path: str, host: str, port: int) -> None:
    """Serve until interrupted."""
    handler = functools.partial(SiteHandler, directory=str(output_dir))
    SiteHandler.base_path = base_path
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        print(f"serving {output_dir} at http://{host}:{port}{base_path}", file=sys.stderr)
        server.serve_forever()
