"""Broken input gives one located line per problem, exit 1, no traceback, and no lost site.

Every case runs the real CLI on a copy of the seed site with one broken thing added.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.test_write import tree_digest

Breaker = Callable[[Path], None]
REPORTS = "content/reports"


def write(site: Path, rel: str, data: str | bytes) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


TITLE = "Hundreds of soldiers desert near Kherson, governor says"


def article(title: str) -> str:
    """A small but real-looking report: a title and a few full paragraphs."""
    return (f"{title}\n\n"
            "Soldiers of the brigade left their positions near the river on Monday, the "
            "regional governor said in a statement published on his channel.\n\n"
            "Officials did not confirm the number of soldiers involved, and the claim could "
            "not be independently verified by reporters working in the region.\n\n"
            "The ministry declined to comment on the report when asked on Tuesday.\n")


def fifo(site: Path) -> None:
    os.mkfifo(site / REPORTS / "pipe.txt")


def huge(site: Path) -> None:
    # a sparse 50 MB file: the size check must refuse it before reading it
    with open(site / REPORTS / "huge.txt", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)


def symlink_file_outside(site: Path) -> None:
    outside = site.parent / "secret.txt"
    outside.write_text("Secret title\nSecret text.\n")
    (site / REPORTS / "linked.txt").symlink_to(outside)


def symlink_dir_outside(site: Path) -> None:
    outside = site.parent / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret title\nSecret text.\n")
    (site / REPORTS / "more").symlink_to(outside, target_is_directory=True)


def symlink_sidecar_outside(site: Path) -> None:
    outside = site.parent / "secret.yaml"
    outside.write_text("title: secret\n")
    write(site, f"{REPORTS}/ok.txt", "A title\nSome text.\n")
    (site / REPORTS / "ok.meta.yaml").symlink_to(outside)


# (name, how to break the site, expected first diagnostic line as a regex)
CASES: list[tuple[str, Breaker, str]] = [
    ("invalid utf-8", lambda s: write(s, f"{REPORTS}/bad.txt", b"Title\nbad \xff byte\n"),
     r"content/reports/bad\.txt:2: error: not valid UTF-8"),
    ("utf-16 file", lambda s: write(s, f"{REPORTS}/u16.txt", "Title\n".encode("utf-16")),
     r"content/reports/u16\.txt:\d+: error: "),
    ("binary file", lambda s: write(s, f"{REPORTS}/bin.txt", b"PK\x03\x04\x00\x00\x01"),
     r"content/reports/bin\.txt:1: error: looks like a binary file"),
    ("empty file", lambda s: write(s, f"{REPORTS}/empty.txt", b""),
     r"content/reports/empty\.txt:1: error: no article text"),
    ("blank file", lambda s: write(s, f"{REPORTS}/blank.md", "\n \t\n\u00a0\n"),
     r"content/reports/blank\.md:1: error: no article text"),
    ("50 MB file", huge, r"content/reports/huge\.txt:1: error: file is 52\.4 MB"),
    ("fifo", fifo, r"content/reports/pipe\.txt: error: not a regular file"),
    ("unclosed front matter", lambda s: write(s, f"{REPORTS}/fm.md", "---\ntitle: x\n\nBody\n"),
     r"content/reports/fm\.md:1: error: front matter: opening '---' has no closing"),
    ("front matter yaml", lambda s: write(s, f"{REPORTS}/fm.md",
                                          "---\ntitle: ok\ndate: [1, 2\n---\nBody text\n"),
     r"content/reports/fm\.md:\d+: error: invalid YAML"),
    ("front matter list", lambda s: write(s, f"{REPORTS}/fm.md", "---\n- a\n---\nBody\n"),
     r"content/reports/fm\.md:2: error: front matter: must be a mapping"),
    ("sidecar syntax", lambda s: (write(s, f"{REPORTS}/a.txt", "T\nx\n"),
                                  write(s, f"{REPORTS}/a.meta.yaml", "title: ok\n  bad: [\n")),
     r"content/reports/a\.meta\.yaml:\d+: error: invalid YAML"),
    ("sidecar ValueError", lambda s: (write(s, f"{REPORTS}/a.txt", "T\nx\n"),
                                      write(s, f"{REPORTS}/a.meta.yaml", "date: 2020-13-45\n")),
     r"content/reports/a\.meta\.yaml:1: error: invalid YAML: month must be in 1\.\.12"),
    ("sidecar RecursionError", lambda s: (write(s, f"{REPORTS}/a.txt", "T\nx\n"),
                                          write(s, f"{REPORTS}/a.meta.yaml", "[" * 100_000)),
     r"content/reports/a\.meta\.yaml:1: error: invalid YAML"),
    ("sidecar AttributeError", lambda s: (
        write(s, f"{REPORTS}/a.txt", "T\nx\n"),
        write(s, f"{REPORTS}/a.meta.yaml", "date: !!timestamp 99999-01-01\n")),
     r"content/reports/a\.meta\.yaml:1: error: invalid YAML"),
    ("sidecar not a mapping", lambda s: (write(s, f"{REPORTS}/a.txt", "T\nx\n"),
                                         write(s, f"{REPORTS}/a.meta.yaml", "- 1\n")),
     r"content/reports/a\.meta\.yaml:1: error: sidecar must be a mapping"),
    ("sidecar bad value", lambda s: (write(s, f"{REPORTS}/a.txt", "T\nx\n"),
                                     write(s, f"{REPORTS}/a.meta.yaml",
                                           "publisher: x\ntitle: &r [*r]\n")),
     r"content/reports/a\.meta\.yaml:2: error: 'title' must be a non-empty string"),
    ("site.toml syntax", lambda s: write(s, "site.toml", 'title = "x"\nbase_url = \n'),
     r"site\.toml:2: error: invalid TOML"),
    ("site.toml utf-8", lambda s: write(s, "site.toml", b'title = "x"\n# \xff\n'),
     r"site\.toml:2: error: not valid UTF-8"),
    ("site.toml nesting", lambda s: write(s, "site.toml", "title = " + "[" * 100_000),
     r"site\.toml: error: invalid TOML: nested too deeply"),
    ("site.toml folder", lambda s: ((s / "site.toml").unlink(), (s / "site.toml").mkdir()),
     r"site\.toml: error: cannot read"),
    ("output inside content", lambda s: write(s, "site.toml", '[paths]\noutput = "content/out"\n'),
     r"site\.toml:2: error: 'paths\.content' and 'paths\.output' must not contain each other"),
    ("content inside output", lambda s: write(s, "site.toml",
                                              '[paths]\ncontent = "public/c"\noutput = "public"\n'),
     r"site\.toml:3: error: 'paths\.content' and 'paths\.output' must not contain each other"),
    ("same folder", lambda s: write(s, "site.toml", '[paths]\ncontent = "."\noutput = "."\n'),
     r"site\.toml:3: error: 'paths\.content' and 'paths\.output' must not contain each other"),
    ("template syntax", lambda s: write(s, "templates/partials/report_body.html",
                                        "<div>\n{% for p in report.clean.paragraphs %}\n"),
     r"templates/partials/report_body\.html:\d+: error: template syntax error"),
    ("undefined variable", lambda s: write(s, "templates/partials/report_body.html",
                                           "<div>\n{{ report.no_such_field }}\n</div>\n"),
     r"templates/partials/report_body\.html:2: error: undefined variable"),
    ("template TypeError", lambda s: write(s, "templates/partials/report_body.html",
                                           "<div>\n\n{{ 1 + report.slug }}\n</div>\n"),
     r"templates/partials/report_body\.html:3: error: error while rendering .*TypeError"),
    ("symlinked report", symlink_file_outside,
     r"content/reports/linked\.txt: error: symlink leads outside the site"),
    ("symlinked folder", symlink_dir_outside,
     r"content/reports/more: error: symlink leads outside the site"),
    ("symlinked sidecar", symlink_sidecar_outside,
     r"content/reports/ok\.meta\.yaml: error: symlink leads outside the site"),
]


@pytest.mark.parametrize(("breaker", "expected"), [(b, e) for _, b, e in CASES],
                         ids=[name for name, _, _ in CASES])
def test_broken_input_is_one_located_line_and_exit_1(
    site_dir: Path, breaker: Breaker, expected: str
) -> None:
    assert run_cli("--root", site_dir, "build", "-q").returncode == 0
    before = tree_digest(site_dir / "public")
    breaker(site_dir)
    result = run_cli("--root", site_dir, "build", "-q")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1, result.stderr
    assert re.match(expected, errors[0]), result.stderr
    assert "Secret" not in result.stderr + result.stdout
    assert tree_digest(site_dir / "public") == before, "a failed build changed public/"


@pytest.mark.parametrize(("value", "expected"), [
    ("id: ../../etc", r"content/sources\.yaml:4: warning: X: 'id' must be a slug"),
    ("link: javascript:alert(1)",
     r"content/sources\.yaml:4: warning: X: 'link' must be an http\(s\) URL"),
], ids=["source id escaping", "source javascript link"])
def test_a_hostile_source_id_or_link_is_a_located_warning_and_never_used(
    site_dir: Path, value: str, expected: str
) -> None:
    write(site_dir, "content/sources.yaml", f"sources:\n  - name: X\n    kind: blogger\n"
          f"    {value}\n")
    result = run_cli("--root", site_dir, "build", "-q")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert any(re.match(expected, line) for line in warnings), result.stderr
    assert not (site_dir / "etc").exists() and not (site_dir / "public/etc").exists()
    for page in (site_dir / "public").rglob("*.html"):
        assert "javascript:" not in page.read_text(encoding="utf-8"), page


def test_a_bom_is_dropped_not_an_error(site_dir: Path) -> None:
    write(site_dir, f"{REPORTS}/bom.txt", b"\xef\xbb\xbf" + article(TITLE).encode())
    write(site_dir, f"{REPORTS}/bom.meta.yaml", b"\xef\xbb\xbfpublisher: Paper\n")
    result = run_cli("--root", site_dir, "build", "-q")
    assert result.returncode == 0, result.stderr
    page = (site_dir / "public/reports/bom/index.html").read_text(encoding="utf-8")
    assert f"<h1>{TITLE}</h1>" in page and "\ufeff" not in page
    assert "Paper" in page


def test_keep_going_builds_the_rest_and_lists_every_failure(site_dir: Path) -> None:
    write(site_dir, f"{REPORTS}/bad.txt", b"Title\n\xff\n")
    write(site_dir, f"{REPORTS}/empty.md", b"")
    write(site_dir, f"{REPORTS}/good.txt", article("A good new report"))
    write(site_dir, f"{REPORTS}/good.meta.yaml", "date: 2025-13-01\n")
    stopped = run_cli("--root", site_dir, "build", "-q")
    assert stopped.returncode == 1
    assert not (site_dir / "public").exists(), "a failed build must not write anything"

    result = run_cli("--root", site_dir, "build", "-q", "--keep-going")
    assert result.returncode == 1, "failures are still an error exit"
    assert "Traceback" not in result.stderr
    errors = sorted(line.split(":")[0] for line in result.stderr.splitlines()
                    if ": error: " in line)
    assert errors == ["content/reports/bad.txt", "content/reports/empty.md",
                      "content/reports/good.meta.yaml"]
    built = sorted(p.name for p in (site_dir / "public/reports").iterdir())
    assert len(built) == 5 and "bad" not in built and "good" not in built
    assert "built 5 reports" in result.stderr


def test_colliding_slugs_get_numbered_in_file_order_with_a_warning(site_dir: Path) -> None:
    write(site_dir, f"{REPORTS}/same.txt", article("From txt"))
    write(site_dir, f"{REPORTS}/same.md", "---\ntitle: From md\n---\n" + article("Text two"))
    write(site_dir, f"{REPORTS}/other.txt", article("Asks for it"))
    write(site_dir, f"{REPORTS}/other.meta.yaml", "slug: SAME\n")
    result = run_cli("--root", site_dir, "build", "-q")
    assert result.returncode == 0, result.stderr
    public = site_dir / "public/reports"
    # file order: other.txt < same.md < same.txt
    assert "Asks for it" in (public / "same/index.html").read_text(encoding="utf-8")
    assert "From md" in (public / "same-2/index.html").read_text(encoding="utf-8")
    assert "From txt" in (public / "same-3/index.html").read_text(encoding="utf-8")
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert warnings == [
        "content/reports/same.md: warning: slug 'same' is already used by "
        "content/reports/other.txt; this report gets 'same-2'",
        "content/reports/same.txt: warning: slug 'same' is already used by "
        "content/reports/other.txt; this report gets 'same-3'",
    ]


def test_bad_overrides_in_two_reports_are_all_listed_and_keep_going_skips_them(
    site_dir: Path,
) -> None:
    for name in ("one", "two"):
        write(site_dir, f"{REPORTS}/{name}.txt", article(TITLE))
        write(site_dir, f"{REPORTS}/{name}.meta.yaml",
              "claims:\n  - match: A sentence that is not in the report\n")
    stopped = run_cli("--root", site_dir, "build", "-q")
    assert stopped.returncode == 1 and "Traceback" not in stopped.stderr
    errors = [line for line in stopped.stderr.splitlines() if ": error: " in line]
    assert [e.split(":")[0] for e in errors] == ["content/reports/one.meta.yaml",
                                                 "content/reports/two.meta.yaml"]
    assert all("matches no sentence" in e for e in errors)
    result = run_cli("--root", site_dir, "build", "-q", "--keep-going")
    assert result.returncode == 1 and "built 5 reports" in result.stderr
    assert not (site_dir / "public/reports/one").exists()


def test_a_source_registry_linking_outside_the_site_is_refused(site_dir: Path,
                                                              tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("sources:\n  - name: Secret\n    kind: blogger\n", encoding="utf-8")
    registry = site_dir / "content/sources.yaml"
    registry.unlink()
    registry.symlink_to(outside)
    result = run_cli("--root", site_dir, "build", "-q")
    assert result.returncode == 1
    assert result.stderr.startswith("content/sources.yaml: error: symlink leads outside the site")
    assert "Traceback" not in result.stderr and not (site_dir / "public").exists()
