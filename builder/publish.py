"""Files for readers' tools and hosts: rendered pages → Atom feed, sitemap, robots.txt,
search index and ``.nojekyll``.

The Atom feed is a template (``feed.xml`` in the theme) rather than a feed library's
output: the site controls every byte, a user's theme can override it, and nothing in it
depends on the clock, so two builds of the same content are identical.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from builder.config import SiteConfig
from builder.pages import absolute_url_builder, newest_reports, page_target
from builder.records import LinkedSite
from builder.search import SearchIndex

FEED_ENTRIES = 50
EPOCH = "1970-01-01"


def publish_files(
    site: LinkedSite, config: SiteConfig, rendered: dict[str, bytes],
    index: SearchIndex | None = None,
) -> dict[str, bytes]:
    """Every file derived from the rendered site, by output path (``index``: the search
    index of the previous build, to update rather than make anew). The Atom feed is a
    page of its own (``feed_context``)."""
    html_pages = sorted(path for path in rendered if path.endswith(".html"))
    return {
        "sitemap.xml": sitemap(config, site, html_pages),
        "robots.txt": robots_txt(config),
        ".nojekyll": b"",
        "search/index.json": (index or SearchIndex()).build(rendered, html_pages,
                                                            config.description),
    }


def atom_date(date: str | None, fallback: str) -> str:
    """ISO date → the RFC 3339 timestamp Atom requires (midnight UTC)."""
    return f"{date or fallback}T00:00:00Z"


def feed_context(site: LinkedSite) -> dict[str, Any]:
    """What the Atom feed (the theme's ``feed.xml``) lists: the newest reports, each with
    its timestamp; ``updated`` is the newest report's."""
    entries = newest_reports(site, FEED_ENTRIES)
    newest = next((r.meta.date for r in site.reports if r.meta.date), None) or EPOCH
    return {"entries": entries, "updated": atom_date(newest, EPOCH),
            "entry_dates": {r.slug: atom_date(r.meta.date, newest) for r in entries}}


def sitemap(config: SiteConfig, site: LinkedSite, html_pages: list[str]) -> bytes:
    """sitemap.xml listing every page but the 404; report pages carry their date."""
    dated = {f"reports/{r.slug}/index.html": r.meta.date for r in site.reports if r.meta.date}
    key = (config.base_url, html_pages, dated)
    if _LAST_SITEMAP[0] == key:  # most saves add no page and move no date
        known: bytes = _LAST_SITEMAP[1]
        return known
    abs_url = absolute_url_builder(config)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path in html_pages:
        if path == "404.html":
            continue
        lastmod = f"<lastmod>{dated[path]}</lastmod>" if path in dated else ""
        lines.append(f"  <url><loc>{escape(abs_url(page_target(path)))}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    _LAST_SITEMAP[:] = [key, data]
    return data


_LAST_SITEMAP: list[Any] = [None, b""]


def robots_txt(config: SiteConfig) -> bytes:
    """Allow everything and name the sitemap (crawlers read it only at a host's root)."""
    abs_url = absolute_url_builder(config)
    return f"User-agent: *\nAllow: /\n\nSitemap: {abs_url('sitemap.xml')}\n".encode()
