"""``make screenshots``: PNGs of home, a report, a source page and search results, at
desktop and phone widths, light and dark, into screenshots/ (git-ignored).

The site is the seed site built for /repo/ and served the way GitHub Pages serves it.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from tests.browser import chromium
from tests.site_server import ServedSite, served_site

OUT = Path(__file__).resolve().parent.parent / "screenshots"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def targets(site: ServedSite) -> dict[str, str]:
    """Name → URL of each page to photograph; a page kind the site lacks is left out."""
    records = [json.loads(p.read_text(encoding="utf-8"))
               for p in sorted((site.public / "data/reports").glob("*.json"))]
    citing = [r for r in records if "atesh" in r["body"].lower()] or records
    pages = {"home": site.base_url, "report": f"{site.base_url}reports/{citing[0]['slug']}/",
             "search": f"{site.base_url}search/?q=ATESH"}
    sources = sorted((site.public / "sources").glob("*/index.html"))
    if sources:
        pages["source"] = f"{site.base_url}sources/{sources[0].parent.name}/"
    else:
        print("no source pages in this build: source screenshot skipped", file=sys.stderr)
    return pages


def main() -> int:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as work, served_site(Path(work)) as site, \
            chromium() as browser:
        for scheme in ("light", "dark"):
            for width_name, (width, height) in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": height},
                                              color_scheme=scheme)
                page = context.new_page()
                for name, url in targets(site).items():
                    page.goto(url)
                    if name == "search":
                        page.locator(".search-result").first.wait_for()
                    path = OUT / f"{name}-{width_name}-{scheme}.png"
                    page.screenshot(path=str(path), full_page=True)
                    print(path.relative_to(OUT.parent))
                context.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
