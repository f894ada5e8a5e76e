"""Reader safety: user-supplied URL → a link a browser can only follow to http(s)/mailto.

Reports come from the open web, so every URL an editor or a scraped page supplies (a
report's original URL, a source profile's link) goes through ``safe_url`` before it
reaches an ``href``. The check parses the scheme the way a browser does (WHATWG URL
standard): leading and trailing C0 controls and spaces are stripped, ASCII tabs and
newlines anywhere are removed, and only then is the scheme read — so ``" java\\tscript:"``
is seen as ``javascript:`` and refused, as a browser would have run it.

``page_slug`` makes the id of a page folder (a source, an entity) from a name found in
a report: plain ``[a-z0-9-]``, bounded in length so no file name exceeds the file
system's limit, and a long name keeps a hash of itself so two never share a folder.

Also here: ``build_time``, the one clock a build may stamp into its output, which
honours ``SOURCE_DATE_EPOCH`` so two builds of the same input are byte-identical.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from datetime import UTC, datetime

from slugify import slugify

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
_C0_OR_SPACE = "".join(chr(c) for c in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
MAX_SLUG = 80
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                              *(f"lpt{i}" for i in range(10))})


def browser_url(value: str) -> str:
    """``value`` as a browser's URL parser sees it before reading the scheme."""
    return _TAB_OR_NEWLINE.sub("", value.strip(_C0_OR_SPACE))


def url_scheme(value: str) -> str | None:
    """The scheme a browser would read from ``value`` (lower case), None if relative."""
    match = _SCHEME.match(browser_url(value))
    return match.group(1).lower() if match else None


def safe_url(value: object) -> str:
    """``value`` cleaned as a browser would, if its scheme is http, https, mailto or none
    (a relative link); otherwise ``""`` so the template leaves the link out."""
    if not isinstance(value, str):
        return ""
    url = browser_url(value)
    if not url:
        return ""
    scheme = url_scheme(url)
    if scheme is not None and scheme not in ALLOWED_SCHEMES:
        return ""
    return url


def page_slug(name: str, fallback: str) -> str:
    """Folder-safe id for ``name``: NFKC-folded slug, at most MAX_SLUG characters (a longer
    one is cut and ends in a hash of the whole), ``fallback`` when nothing is left."""
    slug = slugify(unicodedata.normalize("NFKC", name), save_order=True)
    if len(slug) > MAX_SLUG:
        digest = hashlib.sha256(slug.encode()).hexdigest()[:8]
        slug = slug[: MAX_SLUG - 9].rstrip("-") + "-" + digest
    if slug in WINDOWS_RESERVED:  # a folder named con/ or nul/ breaks a clone on Windows
        slug += "-" + fallback
    return slug or fallback


def build_time() -> datetime:
    """Time to stamp into the output: ``SOURCE_DATE_EPOCH`` when set (reproducible builds,
    reproducible-builds.org), else now; always UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (OverflowError, ValueError, OSError):
            pass  # out of range: not a usable timestamp, so fall back to the clock
    return datetime.now(tz=UTC)
