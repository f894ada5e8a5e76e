"""Test helpers: the real `python -m builder serve` in a subprocess, and an SSE client."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.conftest import REPO

WAIT = 30.0


class PreviewProcess:
    """``python -m builder --root SITE serve --port 0``, as a user runs it."""

    def __init__(self, root: Path, startup_timeout: float = WAIT) -> None:
        self.root = root
        self.log_path = root.parent / f"serve-{root.name}.log"
        self._log = open(self.log_path, "w+b")  # noqa: SIM115 (closed in stop())
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "builder", "--root", str(root), "serve", "--port", "0"],
            cwd=REPO, stdout=self._log, stderr=subprocess.STDOUT, env=env,
        )
        match = self._wait_for_log(r"serving at http://127\.0\.0\.1:(\d+)(/\S*)",
                                   startup_timeout)
        self.port = int(match.group(1))
        self.base = match.group(2)

    def _wait_for_log(self, pattern: str, timeout: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(pattern, self.log())
            if match:
                return match
            if self.process.poll() is not None:
                raise AssertionError(f"serve exited early:\n{self.log()}")
            time.sleep(0.05)
        raise AssertionError(f"serve did not start:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def request(self, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT)
        try:
            conn.request(method, path)
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, \
                response.read()
        finally:
            conn.close()

    def get(self, path: str) -> tuple[int, bytes]:
        status, _, body = self.request(path)
        return status, body

    def raw_request(self, target: bytes) -> bytes:
        """Send a request line exactly as given (no client-side normalising)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=WAIT) as sock:
            sock.sendall(b"GET " + target + b" HTTP/1.0\r\nHost: x\r\n\r\n")
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)

    def status(self) -> dict[str, Any]:
        code, body = self.get("/__status")
        assert code == 200
        result: dict[str, Any] = json.loads(body)
        return result

    def wait_for(self, condition: Callable[[dict[str, Any]], bool],
                 timeout: float = WAIT) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status()
            if not status["building"] and condition(status):
                return status
            time.sleep(0.05)
        raise AssertionError(f"condition not met; last status {self.status()}\n{self.log()}")

    def stop(self) -> int:
        """Ctrl-C, as a user stops it; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        return self.process.returncode


class SSEClient:
    """Reads /__livereload in a thread; events land in ``events`` as (name, data)."""

    def __init__(self, port: int) -> None:
        self.events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._conn = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT * 4)
        self._conn.request("GET", "/__livereload")
        self._response = self._conn.getresponse()
        assert self._response.status == 200
        assert self._response.getheader("Content-Type") == "text/event-stream"
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        name, data = "message", ""
        try:
            for raw in self._response:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("event: "):
                    name = line[len("event: "):]
                elif line.startswith("data: "):
                    data = line[len("data: "):]
                elif line == "" and data:
                    self.events.put((name, json.loads(data)))
                    name, data = "message", ""
        except (OSError, ValueError):
            return

    def next(self, timeout: float = WAIT) -> tuple[str, Any]:
        return self.events.get(timeout=timeout)

    def wait_for(self, name: str, timeout: float = WAIT) -> Any:
        """Data of the next event called ``name`` (other events are skipped)."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no {name!r} event within {timeout} s")
            try:
                event, data = self.events.get(timeout=remaining)
            except queue.Empty:
                raise AssertionError(f"no {name!r} event within {timeout} s") from None
            if event == name:
                return data

    def close(self) -> None:
        self._conn.close()


@contextmanager
def running_preview(root: Path) -> Iterator[PreviewProcess]:
    """The real preview server on ``root``; on exit it must stop cleanly, with no traceback."""
    server = PreviewProcess(root)
    try:
        yield server
    finally:
        code = server.stop()
        log = server.log()
        assert code == 0, log
        assert "Traceback" not in log, log
