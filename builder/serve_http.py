"""The preview server's HTTP side: request path → a file of public/, live-reload events.

    /__livereload.js, .css   the reload client (served as files: the site's CSP allows
                             only same-origin scripts, so nothing is inlined)
    /__livereload            server-sent events: hello, reload, builderror
    /__status                JSON: builds done, epoch, errors (for tests and tools)
    /                        redirects to base_url's path
    <base path>...           files of public/ only; HTML gets the reload script tag

Paths are checked before any file is touched: NUL bytes, backslashes, bad percent
encoding and ``.``/``..`` segments (after decoding) are refused with 400; a target whose
real path (symlinks resolved) leaves public/ is a 404. Requests wait while a build runs.
"""

from __future__ import annotations

import http.server
import json
import mimetypes
import re
import sys
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from builder.data import DEFAULTS_DIR

if TYPE_CHECKING:
    from builder.serve import LiveSite

CLIENT_DIR = DEFAULTS_DIR / "serve"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".ico": "image/x-icon",
    ".webmanifest": "application/manifest+json",
}
KEEPALIVE_SECONDS = 15.0
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Target:
    """What a request path leads to."""

    status: int
    file: Path | None = None
    location: str | None = None


def resolve_target(public: Path, base_path: str, request_path: str) -> Target:
    """Map a request path to a file inside ``public`` (or a redirect, 400 or 404)."""
    try:
        return _resolve(public, base_path, request_path)
    except (OSError, ValueError, RuntimeError):  # name too long, symlink loop, ...
        return Target(HTTPStatus.NOT_FOUND)


def _resolve(public: Path, base_path: str, request_path: str) -> Target:
    path = urlsplit(request_path).path
    if "\x00" in path or "%00" in path.lower() or "\\" in path:
        return Target(HTTPStatus.BAD_REQUEST)
    if path in ("", "/") or path == base_path.rstrip("/"):
        return Target(HTTPStatus.FOUND, location=base_path)
    if not path.startswith(base_path):
        return Target(HTTPStatus.NOT_FOUND)
    try:
        rel = unquote(path[len(base_path):], errors="strict")
    except UnicodeDecodeError:
        return Target(HTTPStatus.BAD_REQUEST)
    parts = rel.split("/")
    if "\x00" in rel or "\\" in rel or any(p in (".", "..") for p in parts):
        return Target(HTTPStatus.BAD_REQUEST)
    root = public.resolve()
    target = root.joinpath(*[p for p in parts if p])
    if target.is_dir() and not rel.endswith("/") and rel:
        return Target(HTTPStatus.MOVED_PERMANENTLY, location=path + "/")
    if rel == "" or rel.endswith("/"):
        target = target / "index.html"
    real = target.resolve()
    if not real.is_relative_to(root) or not real.is_file():
        return Target(HTTPStatus.NOT_FOUND)
    return Target(HTTPStatus.OK, file=real)


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def inject_client(html: bytes, epoch: int) -> bytes:
    """Add the reload script tag before ``</body>`` (or at the end)."""
    tag = f'<script src="/__livereload.js" data-epoch="{epoch}"></script>\n'.encode()
    matches = list(_BODY_END.finditer(html))
    if not matches:
        return html + tag
    at = matches[-1].start()
    return html[:at] + tag + html[at:]


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    """Serves one LiveSite; a class per server is made by ``handler_for``."""

    live: LiveSite
    server_version = "builder-preview"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, *, send_body: bool) -> None:
        path = urlsplit(self.path).path
        if path == "/__livereload":
            self._stream_events()
        elif path in ("/__livereload.js", "/__livereload.css"):
            file = CLIENT_DIR / path[len("/__"):]
            self._send(HTTPStatus.OK, content_type(file), file.read_bytes(), send_body)
        elif path == "/__status":
            body = (json.dumps(self.live.status(), indent=1) + "\n").encode()
            self._send(HTTPStatus.OK, "application/json", body, send_body)
        else:
            self._serve_site_file(send_body)

    def _serve_site_file(self, send_body: bool) -> None:
        with self.live.reading() as epoch:
            target = resolve_target(self.live.output_dir, self.live.base_path, self.path)
            if target.location is not None:
                self.send_response(target.status)
                self.send_header("Location", target.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if target.status == HTTPStatus.BAD_REQUEST:
                self._send(target.status, "text/plain; charset=utf-8", b"bad request\n",
                           send_body)
                return
            status, file = target.status, target.file
            if file is None:
                status, file = HTTPStatus.NOT_FOUND, self.live.output_dir / "404.html"
                if not file.is_file():
                    self._send(status, "text/plain; charset=utf-8", b"not found\n", send_body)
                    return
            body = file.read_bytes()
            kind = content_type(file)
        if kind.startswith("text/html"):
            body = inject_client(body, epoch)
        self._send(status, kind, body, send_body)

    def _send(self, status: int, kind: str, body: bytes, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _stream_events(self) -> None:
        """Server-sent events until the client goes away or the server stops."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state = self.live.snapshot()
        self._event("hello", {"epoch": state.epoch, "errors": state.errors_json()})
        while True:
            newer = self.live.wait_for_build(state.version, KEEPALIVE_SECONDS)
            if self.live.closing:
                return
            if newer is None:
                self.wfile.write(b": keepalive\n\n")
                self.wfile.flush()
                continue
            state = newer
            if state.errors:
                self._event("builderror", {"errors": state.errors_json()})
            else:
                self._event("reload", {"epoch": state.epoch})

    def _event(self, name: str, data: Any) -> None:
        self.wfile.write(f"event: {name}\ndata: {json.dumps(data)}\n\n".encode())
        self.wfile.flush()

    def log_message(self, format: str, *args: object) -> None:
        return


class PreviewServer(http.server.ThreadingHTTPServer):
    """One thread per request; closed connections are not worth a traceback."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError):
            return
        print(f"preview server: {type(exc).__name__}: {exc}", file=sys.stderr)


def make_server(live: LiveSite, host: str, port: int) -> PreviewServer:
    handler = type("BoundPreviewHandler", (PreviewHandler,), {"live": live})
    return PreviewServer((host, port), handler)
