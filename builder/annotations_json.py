"""LinkedSite → the bytes of data/annotations.jsonld, from per-report pieces kept between builds.

The file is ``dump_json(annotation_collection(...))``: every claim of the site, pretty-
printed (so Python's slow pure-Python JSON encoder). Re-encoding all of it on each save of
one report cost most of a rebuild. Here the collection is encoded once with a placeholder
for its items, and each report's items are encoded apart, indented as they would be in
place, cached by the report's digest, and spliced in: byte for byte the same file
(tests/test_serve_cache.py compares it with ``dump_json`` on every build there).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from builder.records import LinkedReport, LinkedSite
from builder.webannotation import annotation_collection, claim_annotation

PLACEHOLDER = "\ue000annotation items\ue000"
"""A string no claim produces (Unicode private use area), marking where items go."""

Chunks = dict[tuple[str, str], bytes]
"""(report digest, base URL) → that report's encoded, indented items."""


def _encode(data: Any) -> str:
    # The settings of render.dump_json, whose output this must equal.
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)


def report_items(report: LinkedReport, base_url: str, indent: str) -> bytes:
    """One report's annotations, encoded and indented as inside the items list."""
    items = [claim_annotation(report, i, claim, base_url)
             for i, claim in enumerate(report.claims)]
    # Encoded JSON never holds a raw newline (strings escape it): "\n" splits lines.
    return (",\n").join(
        "\n".join(indent + line for line in _encode(item).split("\n")) for item in items
    ).encode()


def annotations_json(site: LinkedSite, base_url: str, label: str, chunks: Chunks,
                     digest_of: Callable[[LinkedReport], str]) -> bytes:
    """``dump_json(annotation_collection(site, base_url, label))``, reusing ``chunks``
    (updated in place to hold exactly this build's reports)."""
    total = sum(len(report.claims) for report in site.reports)
    if total == 0:
        return (_encode(annotation_collection(site, base_url, label)) + "\n").encode()
    skeleton = annotation_collection(LinkedSite(reports=[]), base_url, label)
    skeleton["total"] = total
    skeleton["first"]["items"] = [PLACEHOLDER]
    text = _encode(skeleton)
    marker = json.dumps(PLACEHOLDER, ensure_ascii=False)
    line_start = text.rindex("\n", 0, text.index(marker)) + 1
    indent = text[line_start:text.index(marker)]
    fresh: Chunks = {}
    pieces = []
    for report in site.reports:
        if not report.claims:
            continue
        key = (digest_of(report), base_url)
        fresh[key] = chunks.get(key) or report_items(report, base_url, indent)
        pieces.append(fresh[key])
    chunks.clear()
    chunks.update(fresh)
    before, after = text.split(indent + marker, 1)
    return before.encode() + b",\n".join(pieces) + after.encode() + b"\n"
