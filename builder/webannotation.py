"""LinkedSite → W3C Web Annotation JSON-LD (public/data/annotations.jsonld).

Every claim becomes one Annotation (motivation ``assessing``) whose body gives its status
and sources and whose target is the report page, located by a TextQuoteSelector (the
claim's exact text with some context) and a TextPositionSelector (offsets into the
report's cleaned body, the ``body`` of its JSON record), so the claims open in standard
annotation tools. See https://www.w3.org/TR/annotation-model/.
"""

from __future__ import annotations

from typing import Any

from builder.records import Claim, LinkedReport, LinkedSite

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
QUOTE_CONTEXT = 32
"""Characters of prefix and suffix kept in a TextQuoteSelector."""


def claim_annotation(report: LinkedReport, index: int, claim: Claim, base_url: str
                     ) -> dict[str, Any]:
    """One claim as a Web Annotation."""
    page = f"{base_url}reports/{report.slug}/"
    body_text = report.clean.body
    sources = ", ".join(f"{s.name} ({s.role})" for s in claim.sources) or "no source named"
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "tagging", "value": claim.status},
        {"type": "TextualBody", "purpose": "describing", "format": "text/plain",
         "value": f"{claim.status}; sources, origin first: {sources}"},
    ]
    bodies += [{"id": f"{base_url}sources/{s.id}/", "type": "SpecificResource",
                "purpose": "identifying"} for s in claim.sources]
    if claim.note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": claim.note})
    return {
        "id": f"{page}#claim-{index + 1}",
        "type": "Annotation",
        "motivation": "assessing",
        "body": bodies,
        "target": {
            "source": page,
            "selector": [
                {"type": "TextQuoteSelector", "exact": claim.text,
                 "prefix": body_text[max(0, claim.start - QUOTE_CONTEXT):claim.start],
                 "suffix": body_text[claim.end:claim.end + QUOTE_CONTEXT]},
                {"type": "TextPositionSelector", "start": claim.start, "end": claim.end},
            ],
        },
    }


def annotation_collection(site: LinkedSite, base_url: str, label: str) -> dict[str, Any]:
    """All claims of the site as one AnnotationCollection with a single page."""
    items = [claim_annotation(report, i, claim, base_url)
             for report in site.reports for i, claim in enumerate(report.claims)]
    return {
        "@context": CONTEXT,
        "id": f"{base_url}data/annotations.jsonld",
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"id": f"{base_url}data/annotations.jsonld#page-1", "type": "AnnotationPage",
                  "startIndex": 0, "items": items},
    }
