"""User-supplied URLs: only http, https, mailto and relative links reach an href.

The scheme is read the way a browser reads it; a differential test asks headless
Chromium's own URL parser about the same strings.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.safety import ALLOWED_SCHEMES, safe_url, url_scheme
from tests.conftest import run_cli
from tests.hostile.browser import CHROMIUM, CHROMIUM_ARGS
from tests.hostile.vectors import load_vectors

REFUSED = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
    "\x01\x02javascript:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)",
    "jav\r\nascript:alert(1)", "javascript\t:alert(1)", "\x00javascript:alert(1)",
    "javascript:alert(1)\x00 ", "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "file:///etc/passwd",
    "blob:https://x/1", "livescript:x", "ms-its:x", "jar:x", "about:blank",
]
ALLOWED = [
    ("https://example.org/a?b=1#c", "https://example.org/a?b=1#c"),
    ("  http://example.org/ \n", "http://example.org/"),
    ("HTTPS://EXAMPLE.ORG", "HTTPS://EXAMPLE.ORG"),
    ("mailto:desk@example.org", "mailto:desk@example.org"),
    ("/reports/x/", "/reports/x/"), ("x/y", "x/y"), ("#top", "#top"),
    ("//example.org/x", "//example.org/x"),
    ("jav&#x09;ascript:alert(1)", "jav&#x09;ascript:alert(1)"),  # literal '&': relative
    ("\u00a0javascript:alert(1)", "\u00a0javascript:alert(1)"),  # NBSP is not stripped
]


@pytest.mark.parametrize("url", REFUSED)
def test_dangerous_schemes_are_refused(url: str) -> None:
    assert safe_url(url) == ""


@pytest.mark.parametrize(("url", "cleaned"), ALLOWED)
def test_safe_links_pass_cleaned_as_a_browser_would(url: str, cleaned: str) -> None:
    assert safe_url(url) == cleaned


@pytest.mark.parametrize("value", [None, 1, ["https://x"], "", " \t\n"])
def test_no_url_means_no_link(value: object) -> None:
    assert safe_url(value) == ""


@given(st.text())
@settings(max_examples=500)
def test_whatever_passes_has_an_allowed_scheme_or_none(text: str) -> None:
    url = safe_url(text)
    assert url == "" or url_scheme(url) in ALLOWED_SCHEMES | {None}


def _browser_cases() -> list[str]:
    junk = ["", " ", "\t", "\n", "\x00", "\x01", "\x1f", "\x7f", "\u00a0", "\u2028", "\ufeff"]
    cases = [v for v in load_vectors() if ":" in v][:400]
    for index, scheme in enumerate(["javascript", "data", "vbscript", "https", "mailto"]):
        for left in junk:
            for right in junk[index:index + 4]:
                cases.append(f"{left}{scheme[:3]}{right}{scheme[3:]}:{right}x")
    return cases


@pytest.mark.browser
def test_chromium_agrees_every_passed_url_is_safe() -> None:
    """Whatever safe_url lets through, Chromium's parser resolves to an allowed scheme."""
    from playwright.sync_api import sync_playwright

    cases = _browser_cases()
    passed = [safe_url(c) for c in cases]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        schemes = page.evaluate(
            """urls => urls.map(u => { const a = document.createElement('a');
                 a.setAttribute('href', u); return a.protocol; })""",
            [u for u in passed if u])
        refused = page.evaluate(
            """urls => urls.map(u => { const a = document.createElement('a');
                 a.setAttribute('href', u); return a.protocol; })""",
            [c for c, u in zip(cases, passed, strict=True) if not u and c.strip()])
        browser.close()
    # about: is the blank page's own scheme, which relative links inherit here;
    # ':' is what an <a> reports for a URL it cannot parse (not followable)
    assert set(schemes) <= {"http:", "https:", "mailto:", "about:", ":"}
    assert "javascript:" in refused and "data:" in refused


def test_a_javascript_url_in_a_sidecar_is_not_linked(site_dir: object) -> None:
    from pathlib import Path

    assert isinstance(site_dir, Path)
    (site_dir / "content/reports/u.txt").write_text("Title\nText.\n")
    (site_dir / "content/reports/u.meta.yaml").write_text('url: "\\x01 JavaScript:alert(1)"\n')
    (site_dir / "content/reports/v.txt").write_text("Title two\nText.\n")
    (site_dir / "content/reports/v.meta.yaml").write_text("url: https://example.org/v\n")
    assert run_cli("--root", site_dir, "build", "-q").returncode == 0
    bad = (site_dir / "public/reports/u/index.html").read_text(encoding="utf-8")
    good = (site_dir / "public/reports/v/index.html").read_text(encoding="utf-8")
    assert "script:alert" not in bad and ">original</a>" not in bad
    assert 'href="https://example.org/v"' in good
