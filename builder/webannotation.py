"""LinkedSite → W3C Web Annotation JSON-LD: one AnnotationCollection
(public/data/annotations.jsonld) whose pages are the reports
(public/data/annotations/<slug>.jsonld), in the site's order.

Every claim becomes one Annotation (motivation ``assessing``) whose body gives its status
and sources and whose target is the report page, located by a TextQuoteSelector (the
claim's exact text with some context) and a TextPositionSelector (offsets into the
report's cleaned body, the ``body`` of its JSON record), so the claims open in standard
annotation tools. See https://www.w3.org/TR/annotation-model/.

A page per report keeps each file small (one file of every claim weighed tens of
megabytes at a thousand reports) and lets a tool fetch the claims of the report it
shows. Pages carry no ``startIndex`` (a SHOULD of the model): with it, one claim added
to an early report would change every later page.
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


def collection_id(base_url: str) -> str:
    return f"{base_url}data/annotations.jsonld"


def page_id(base_url: str, slug: str) -> str:
    return f"{base_url}data/annotations/{slug}.jsonld"


def annotated_reports(site: LinkedSite) -> list[LinkedReport]:
    """The reports with claims, in the site's order: the collection's pages."""
    return [report for report in site.reports if report.claims]


def annotation_collection(site: LinkedSite, base_url: str, label: str) -> dict[str, Any]:
    """The collection of every claim of the site: its size and its first and last page."""
    pages = annotated_reports(site)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "id": collection_id(base_url),
        "type": "AnnotationCollection",
        "label": label,
        "total": sum(len(report.claims) for report in pages),
    }
    if pages:
        data["first"] = page_id(base_url, pages[0].slug)
        data["last"] = page_id(base_url, pages[-1].slug)
    return data


def annotation_page(report: LinkedReport, base_url: str, previous: str | None,
                    following: str | None) -> dict[str, Any]:
    """One report's claims as a page of the collection (``previous``/``following``: the
    slugs of the pages before and after it)."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "id": page_id(base_url, report.slug),
        "type": "AnnotationPage",
        "partOf": collection_id(base_url),
    }
    if previous is not None:
        data["prev"] = page_id(base_url, previous)
    if following is not None:
        data["next"] = page_id(base_url, following)
    data["items"] = [claim_annotation(report, i, claim, base_url)
                     for i, claim in enumerate(report.claims)]
    return data
