"""The live preview, run for real: `serve` in a subprocess on a free port, files edited on
disk, the result observed over HTTP and server-sent events."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import copy_site, own_template, run_cli
from tests.preview_server import PreviewProcess, SSEClient, running_preview

FIXTURES = Path(__file__).parent / "fixtures_serve"
REPORT = "content/reports/mass-desertion-attempt-krasnodar.txt"


@pytest.fixture
def preview(site_dir: Path) -> Iterator[PreviewProcess]:
    with running_preview(site_dir) as server:
        yield server


def report_url(server: PreviewProcess, slug: str = "mass-desertion-attempt-krasnodar") -> str:
    return f"{server.base}reports/{slug}/"


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as stream:
        stream.write(text)


def test_save_sends_reload_and_the_page_shows_the_new_text(preview: PreviewProcess) -> None:
    events = SSEClient(preview.port)
    assert events.wait_for("hello")["errors"] is None
    append(preview.root / REPORT, "\nA freshly saved paragraph about the Krasnodar unit.\n")
    reload = events.wait_for("reload")
    status, body = preview.get(report_url(preview))
    assert status == 200
    assert b"A freshly saved paragraph about the Krasnodar unit." in body
    assert f'data-epoch="{reload["epoch"]}"'.encode() in body
    events.close()


def test_reload_script_is_injected_when_serving_and_never_published(
        preview: PreviewProcess) -> None:
    status, headers, body = preview.request(report_url(preview))
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert body.count(b'<script src="/__livereload.js"') == 1
    assert body.index(b"/__livereload.js") < body.rindex(b"</body>")
    assert int(headers["content-length"]) == len(body)
    for page in (preview.root / "public").rglob("*"):
        if page.is_file():
            assert b"livereload" not in page.read_bytes(), page
    code, headers, script = preview.request("/__livereload.js")
    assert code == 200 and headers["content-type"].startswith("text/javascript")
    assert b"EventSource" in script


def test_a_burst_of_100_new_files_causes_at_most_two_rebuilds(
        preview: PreviewProcess) -> None:
    before = preview.status()["builds"]
    reports = preview.root / "content/reports"
    for n in range(100):
        (reports / f"burst-{n:03}.txt").write_text(
            f"Burst report number {n}\nSoldiers left their unit, officials said.\n",
            encoding="utf-8")
    # the archive lists every report (the home page only the latest)
    preview.wait_for(lambda s: preview.get(preview.base + "archive/")[1]
                     .count(b"Burst report number") == 100)
    time.sleep(1.0)  # a trailing rebuild, if any, has started by now
    rebuilds = preview.wait_for(lambda s: True)["builds"] - before
    assert 1 <= rebuilds <= 2, preview.log()


def test_template_error_shows_overlay_keeps_old_site_and_recovers(
        preview: PreviewProcess) -> None:
    template = own_template(preview.root, "report.html")
    good = template.read_text(encoding="utf-8")
    line = next(n for n, text in enumerate(good.splitlines(), 1) if "{% block main %}" in text)
    events = SSEClient(preview.port)
    events.wait_for("hello")
    template.write_text(good.replace("{% block main %}", "{% block main %}\n{% if %}"),
                        encoding="utf-8")
    error = events.wait_for("builderror")["errors"][0]
    assert error["path"] == "templates/report.html"
    assert error["line"] == line + 1
    assert "syntax error" in error["message"]
    status, body = preview.get(report_url(preview))
    assert status == 200 and b"Krasnodar" in body  # the last good page stays served
    assert preview.status()["errors"][0]["path"] == "templates/report.html"
    late = SSEClient(preview.port)  # a page opened meanwhile gets the overlay at once
    assert late.wait_for("hello")["errors"][0]["line"] == line + 1
    template.write_text(good, encoding="utf-8")
    events.wait_for("reload")
    assert preview.status()["errors"] is None
    events.close()
    late.close()


def test_broken_yaml_sidecar_is_reported_with_file_and_line(preview: PreviewProcess) -> None:
    events = SSEClient(preview.port)
    events.wait_for("hello")
    sidecar = preview.root / REPORT.replace(".txt", ".meta.yaml")
    sidecar.write_text("title: Fine\ndate: [2025-08-02\n", encoding="utf-8")
    error = events.wait_for("builderror")["errors"][0]
    assert error["path"] == REPORT.replace(".txt", ".meta.yaml")
    assert error["line"] in (2, 3)
    sidecar.write_text("title: A title from the sidecar\n", encoding="utf-8")
    events.wait_for("reload")
    assert b"A title from the sidecar" in preview.get(report_url(preview))[1]
    events.close()


def traversal_vectors() -> list[bytes]:
    lines = (FIXTURES / "traversal_sample.txt").read_text(encoding="utf-8").splitlines()
    vectors = [line.replace("{FILE}", "site.toml") for line in lines
               if line and not line.startswith("#")]
    vectors += ["/../site.toml", "/%2e%2e/site.toml", "/%2E%2E%2Fsite.toml",
                "/..%2fsite.toml", "/%252e%252e/site.toml", "/.%2e/site.toml",
                "/..\\site.toml", "/%c0%ae%c0%ae/site.toml", "/%00", "/index.html%00.css",
                "//site.toml", "/./../site.toml"]
    return [v.encode("utf-8") for v in vectors]


def test_traversal_attempts_are_refused(preview: PreviewProcess) -> None:
    secret = b"base_url"  # in site.toml, one folder above public/
    base = preview.base.encode()
    answered = set()
    for vector in traversal_vectors():
        for target in (vector, base + vector.lstrip(b"/"), base + b"x/" + vector):
            target = target if target.startswith(b"/") else b"/" + target
            reply = preview.raw_request(target.replace(b" ", b"%20"))
            status_line = reply.split(b"\r\n", 1)[0]
            assert secret not in reply, target
            assert status_line.split()[1] in (b"400", b"404", b"301"), (target, status_line)
            answered.add(status_line.split()[1])
    assert preview.process.poll() is None
    assert "Traceback" not in preview.log()
    assert b"404" in answered and b"400" in answered


def test_symlink_leading_out_of_public_is_not_followed(preview: PreviewProcess) -> None:
    (preview.root / "public/leak.toml").symlink_to(preview.root / "site.toml")
    (preview.root / "public/leakdir").symlink_to(preview.root / "content")
    status, body = preview.get(f"{preview.base}leak.toml")
    assert status == 404 and b"base_url" not in body
    status, _ = preview.get(f"{preview.base}leakdir/reports/{Path(REPORT).name}")
    assert status == 404


def test_content_types_redirect_and_the_sites_404_page(preview: PreviewProcess) -> None:
    status, headers, _ = preview.request("/")
    assert status == 302 and headers["location"] == preview.base
    status, headers, _ = preview.request(f"{preview.base}static/style.css")
    assert status == 200 and headers["content-type"].startswith("text/css")
    slug = "mass-desertion-attempt-krasnodar"
    status, headers, _ = preview.request(f"{preview.base}data/reports/{slug}.json")
    assert status == 200 and headers["content-type"] == "application/json"
    status, headers, _ = preview.request(f"{preview.base}reports")
    assert status == 301 and headers["location"] == f"{preview.base}reports/"
    status, headers, body = preview.request(f"{preview.base}no/such/page/")
    assert status == 404 and b"Page not found" in body
    assert b"/__livereload.js" in body
    status, headers, body = preview.request(f"{preview.base}static/style.css", "HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0


def test_many_concurrent_clients(preview: PreviewProcess) -> None:
    from concurrent.futures import ThreadPoolExecutor

    streams = [SSEClient(preview.port) for _ in range(10)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda _: preview.get(report_url(preview))[0], range(200)))
    assert results == [200] * 200
    append(preview.root / REPORT, "\nOne more line for everyone.\n")
    for stream in streams:
        stream.wait_for("reload")
        stream.close()


def test_an_edit_recomputes_only_the_edited_report(preview: PreviewProcess) -> None:
    before = preview.status()["builds"]
    append(preview.root / REPORT, "\nOnly this report changed.\n")
    status = preview.wait_for(lambda s: s["builds"] > before)
    work, rendered = status["work"], status["rendered"]
    # read, corpus part, clean and annotate of one report; the four others are reused
    assert work["stage_results_computed"] == 4, work
    assert work["stage_results_reused"] == 4 * 4, work
    # its page and record, and pages built from it (indexes, its sources and places);
    # no other report's page or record
    slug = "mass-desertion-attempt-krasnodar"
    assert f"reports/{slug}/index.html" in rendered and f"data/reports/{slug}.json" in rendered
    for path in rendered:
        assert not path.startswith(("reports/", "data/reports/")) or slug in path, path
    assert work["pages_reused"] > len(rendered), work


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def full_build_of(root: Path, scratch: Path) -> dict[str, bytes]:
    """Build a copy of ``root``'s sources from scratch with the real CLI."""
    if scratch.exists():
        shutil.rmtree(scratch)
    copy_site(scratch, root)
    result = run_cli("--root", scratch, "build", "-q")
    assert result.returncode == 0, result.stderr
    return tree(scratch / "public")


def test_incremental_rebuilds_equal_a_full_build(preview: PreviewProcess,
                                                 tmp_path: Path) -> None:
    root = preview.root
    reports = root / "content/reports"
    edits = [
        lambda: append(reports / Path(REPORT).name, "\nA new closing paragraph.\n"),
        lambda: (reports / "2023-04-10-sputnik-ukraine-army-mass-desertions.meta.yaml")
        .write_text("title: Retitled by an editor\ndate: 2023-04-11\n", encoding="utf-8"),
        lambda: (reports / "new-report.txt").write_text(
            "A brand new report\nTroops fled, a local official said.\n", encoding="utf-8"),
        lambda: own_template(root, "index.html").write_text(
            own_template(root, "index.html").read_text(encoding="utf-8")
            .replace("Latest reports</h2>", "All reports</h2>"), encoding="utf-8"),
        lambda: (reports / "icaro-atesh-mass-desertions-kherson.txt").unlink(),
        lambda: (root / "content/sources.yaml").write_text(
            (root / "content/sources.yaml").read_text(encoding="utf-8").replace(
                "description: London-based business and news website (LLB).",
                "description: A business news site based in London."), encoding="utf-8"),
    ]
    for step, edit in enumerate(edits):
        before = preview.status()["builds"]
        edit()
        status = preview.wait_for(lambda s, b=before: s["builds"] > b)
        assert status["errors"] is None, status
        served = tree(root / "public")
        full = full_build_of(root, tmp_path / f"full-{step}")
        assert sorted(served) == sorted(full), step
        different = [p for p in full if served[p] != full[p]]
        assert not different, (step, different)
    assert b"All reports" in (root / "public/index.html").read_bytes()
    assert not (root / "public/reports/icaro-atesh-mass-desertions-kherson").exists()


def test_build_cache_is_reused_by_the_cli_and_gives_the_same_site(site_dir: Path,
                                                                  tmp_path: Path) -> None:
    first = run_cli("--root", site_dir, "build", "-q")
    assert first.returncode == 0, first.stderr
    assert (site_dir / ".cache").is_dir()
    cold = tree(site_dir / "public")
    append(site_dir / REPORT, "\nEdited between two builds.\n")
    second = run_cli("--root", site_dir, "build", "-q")
    assert second.returncode == 0, second.stderr
    assert tree(site_dir / "public") == full_build_of(site_dir, tmp_path / "full")
    assert tree(site_dir / "public") != cold
