"""Static scan of built pages: nothing in them can run script.

Checked on every page: no ``<script>`` except the site's own files under ``static/`` and
JSON-LD data blocks; no ``on*`` event-handler attributes; no URL attribute whose scheme (as
a browser reads it) is outside http/https/mailto/relative; no frames, objects, embeds,
``<base>`` or meta refresh; and the Content-Security-Policy meta tag with
``script-src 'self'``. The browser harness repeats the element checks on the live DOM.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from builder.safety import ALLOWED_SCHEMES, url_scheme

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background",
                  "cite", "longdesc", "usemap", "xlink:href", "manifest", "codebase",
                  "lowsrc", "dynsrc", "ping", "icon", "profile", "archive", "classid"}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base",
                  "portal", "fencedframe"}
DATA_SCRIPT_TYPES = {"application/ld+json"}


class PageScanner(HTMLParser):
    """Collects every problem of one page as a readable string."""

    def __init__(self, static_prefix: str) -> None:
        super().__init__(convert_charrefs=True)
        self.static_prefix = static_prefix
        self.problems: list[str] = []
        self.csp: list[str] = []
        self._data_script: list[str] | None = None
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            self._check_attribute(tag, name, value or "")
        if tag == "script":
            self._check_script(values)
        if tag == "meta":
            self._check_meta(values)

    handle_startendtag = handle_starttag

    def _check_attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith("on"):
            self.problems.append(f"<{tag} {name}=…> event handler")
        if name in URL_ATTRIBUTES:
            self._check_url(tag, name, value)
        elif name in ("srcset", "imagesrcset"):
            for candidate in value.split(","):
                self._check_url(tag, name, candidate.strip().split(" ")[0])
        elif name == "style" and ("javascript:" in value.lower() or "expression(" in value):
            self.problems.append(f"<{tag} style=…> with script")

    def _check_url(self, tag: str, name: str, value: str) -> None:
        scheme = url_scheme(value)
        if scheme is not None and scheme not in ALLOWED_SCHEMES:
            self.problems.append(f"<{tag} {name}={value[:60]!r}> scheme {scheme}:")

    def _check_script(self, values: dict[str, str]) -> None:
        self.scripts += 1
        if values.get("type", "").strip().lower() in DATA_SCRIPT_TYPES and "src" not in values:
            self._data_script = []
            return
        src = values.get("src", "")
        if not src or not src.startswith(self.static_prefix) or ".." in src:
            self.problems.append(f"<script src={src!r}> is not one of the site's own files")

    def _check_meta(self, values: dict[str, str]) -> None:
        equiv = values.get("http-equiv", "").strip().lower()
        if equiv == "content-security-policy":
            self.csp.append(values.get("content", ""))
        elif equiv:
            self.problems.append(f"<meta http-equiv={equiv!r}>")

    def handle_data(self, data: str) -> None:
        if self._data_script is not None:
            self._data_script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._data_script is not None:
            self._check_json_ld("".join(self._data_script))
            self._data_script = None

    def _check_json_ld(self, text: str) -> None:
        if "<!--" in text or "</script" in text.lower():
            self.problems.append("JSON-LD block could end early")
        try:
            json.loads(text)
        except ValueError:
            self.problems.append("JSON-LD block is not valid JSON")


def scan_page(html: str, static_prefix: str) -> list[str]:
    """Problems of one page; ``static_prefix`` is where the site's own files live."""
    scanner = PageScanner(static_prefix)
    scanner.feed(html)
    scanner.close()
    if not any("script-src 'self'" in c and "unsafe" not in c for c in scanner.csp):
        scanner.problems.append("no Content-Security-Policy meta with script-src 'self'")
    return scanner.problems


def scan_site(public: Path, base_path: str) -> dict[str, list[str]]:
    """Problems of every HTML page under ``public`` (pages without problems left out)."""
    found: dict[str, list[str]] = {}
    for page in sorted(public.rglob("*.html")):
        problems = scan_page(page.read_text(encoding="utf-8"), base_path + "static/")
        if problems:
            found[page.relative_to(public).as_posix()] = problems
    return found
