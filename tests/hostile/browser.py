"""Open built pages in headless Chromium and count what ran: dialogs and scripts.

A script "ran" when Chromium compiled it in the page's own JavaScript world (CDP
``Debugger.scriptParsed``, default context): inline scripts, event handlers that fired,
``javascript:`` URLs. The site's own files under ``static/`` and the harness's own DOM
check (marked with a sourceURL) are not counted. Dialogs (alert/confirm/prompt) are
counted and dismissed. After load, the live DOM is checked as the browser parsed it.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCAN_MARKER = "__hostile_dom_scan__"
DOM_SCAN = """((own) => {
  const problems = [];
  const allowed = new Set(["http:", "https:", "mailto:"]);
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith("on"))
        problems.push(`<${el.localName} ${attr.name}> ${el.outerHTML.slice(0, 80)}`);
      if (["href", "src", "action", "formaction", "data", "poster", "xlink:href"]
          .includes(attr.name)) {
        let scheme;
        try { scheme = new URL(attr.value, document.baseURI).protocol; }
        catch (e) { scheme = "invalid:"; }
        if (!allowed.has(scheme) && scheme !== "invalid:")
          problems.push(`<${el.localName} ${attr.name}> ${scheme} ${el.outerHTML.slice(0, 80)}`);
      }
    }
    if (["iframe", "frame", "object", "embed", "base", "applet"].includes(el.localName))
      problems.push(`<${el.localName}>`);
    if (el.localName === "script" && el.type !== "application/ld+json"
        && !(el.src && el.src.startsWith(own))) problems.push("<script> not the site's own");
  }
  return problems;
})(OWN)
//# sourceURL=""" + SCAN_MARKER


@dataclass(slots=True)
class BrowserReport:
    """What happened while the pages were open."""

    pages: int = 0
    dialogs: list[str] = field(default_factory=list)
    executions: list[str] = field(default_factory=list)
    """Scripts compiled in the page's world, by page URL and script URL."""
    dom_problems: list[str] = field(default_factory=list)
    failed_loads: list[str] = field(default_factory=list)


def page_urls(public: Path, site_url: str) -> list[str]:
    """URL of every HTML page under ``public``."""
    urls = []
    for page in sorted(public.rglob("*.html")):
        rel = page.relative_to(public).as_posix()
        urls.append(site_url + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return urls


def open_pages(urls: list[str], static_url: str, wait_ms: int = 150) -> BrowserReport:
    """Load every URL in one headless Chromium tab, recording dialogs and scripts."""
    from playwright.sync_api import sync_playwright

    report = BrowserReport()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            current = {"url": ""}
            page.on("dialog", lambda d: _record_dialog(d, current, report))
            cdp = page.context.new_cdp_session(page)
            cdp.on("Debugger.scriptParsed", lambda e: _record_script(e, current, static_url,
                                                                     report))
            cdp.send("Debugger.enable")
            for url in urls:
                current["url"] = url
                _visit(page, cdp, url, static_url, wait_ms, report)
        finally:
            browser.close()
    return report


def _visit(page: Any, cdp: Any, url: str, static_url: str, wait_ms: int,
           report: BrowserReport) -> None:
    try:
        response = page.goto(url, wait_until="load", timeout=30_000)
    except Exception as exc:  # a page that cannot load is a finding, not a crash
        report.failed_loads.append(f"{url}: {str(exc).splitlines()[0]}")
        return
    if response is None or response.status != 200:
        report.failed_loads.append(f"{url}: HTTP {response.status if response else '?'}")
    page.wait_for_timeout(wait_ms)
    report.pages += 1
    scan = DOM_SCAN.replace("(OWN)", f"({json.dumps(static_url)})")
    result = cdp.send("Runtime.evaluate", {"expression": scan, "returnByValue": True})
    for problem in result.get("result", {}).get("value") or []:
        report.dom_problems.append(f"{url}: {problem}")


def _record_dialog(dialog: Any, current: dict[str, str], report: BrowserReport) -> None:
    report.dialogs.append(f"{current['url']}: {dialog.type}({dialog.message[:60]!r})")
    with contextlib.suppress(Exception):  # the page navigated away, taking the dialog
        dialog.dismiss()


def _record_script(event: dict[str, Any], current: dict[str, str], static_url: str,
                   report: BrowserReport) -> None:
    context = event.get("executionContextAuxData") or {}
    if not context.get("isDefault"):
        return  # Playwright's own isolated worlds
    script_url = event.get("url") or ""
    if script_url.startswith(static_url) or script_url == SCAN_MARKER:
        return
    report.executions.append(f"{current['url']}: script {script_url or '(no url)'} "
                             f"line {event.get('startLine')}")
