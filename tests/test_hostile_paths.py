"""Slugs and output paths from titles, file names and front matter never leave public/."""

from __future__ import annotations

import re
import shutil
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.errors import BuilderError
from builder.ingest import safe_slug
from builder.safety import page_slug
from builder.write import safe_relative
from tests.conftest import REPO, run_cli
from tests.hostile.vectors import load_vectors, traversal_strings

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
LOOK_ALIKES = ["．．／x", "\uff0e\uff0e\\x", "‥/x", "…/x", "%2e%2e/x", "%252e%252e%252f",
               "..%c0%af", "..%5c..%5c", "/etc/passwd", "C:\\Windows", "\\\\host\\share",
               "a\x00b", "..\u2215x", "\u202e../x", "con", "NUL", "lpt1"]


def assert_inside(rel: str) -> None:
    """safe_relative either refuses ``rel`` or returns a path inside any root."""
    root = Path("/srv/public")
    try:
        path = safe_relative(rel)
    except BuilderError:
        return
    assert isinstance(path, PurePosixPath) and not path.is_absolute()
    resolved = (root / path).resolve()
    assert resolved.is_relative_to(root) and resolved != root


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_give_plain_slugs(text: str) -> None:
    slug = safe_slug(text)
    assert SLUG.fullmatch(slug) and slug not in {"con", "nul", "lpt1"}


def test_every_traversal_and_naughty_string_gives_a_plain_slug() -> None:
    strings = traversal_strings() + load_vectors() + LOOK_ALIKES
    for text in strings:
        slug = safe_slug(text)
        assert SLUG.fullmatch(slug) and len(slug) <= 80, (text, slug)
        safe_relative(f"reports/{slug}/index.html")


def test_traversal_strings_never_name_a_path_outside() -> None:
    for text in traversal_strings() + LOOK_ALIKES:
        assert_inside(text)
        assert_inside(f"reports/{text}/index.html")


@pytest.mark.parametrize("rel", ["../x", "a/../../x", "/etc/x", "a\\..\\x", "a\x00", "",
                                 "a//b", "./a", "．．/x", "%2e%2e/x", "%252e%252e/x", "a%00b",
                                 "a/\x1b[2J"])
def test_unsafe_output_paths_are_refused(rel: str) -> None:
    with pytest.raises(BuilderError):
        safe_relative(rel)


@given(st.text())
@settings(max_examples=2000)
def test_any_text_gives_a_plain_slug(text: str) -> None:
    slug = safe_slug(text)
    assert SLUG.fullmatch(slug) and len(slug) <= 80


@given(st.lists(st.sampled_from(["..", ".", "", "a", "%2e", "%2f", "\\", "．", "\x00", "b.c",
                                 "%25", "/"]), max_size=8).map("".join))
@settings(max_examples=2000)
def test_any_path_is_refused_or_inside(rel: str) -> None:
    assert_inside(rel)


def test_hostile_names_and_slugs_stay_inside_public(tmp_path: Path) -> None:
    site = tmp_path / "site"
    reports = site / "content" / "reports"
    reports.mkdir(parents=True)
    (site / "site.toml").write_text('base_url = "https://example.org/"\n')
    shutil.copytree(REPO / "templates", site / "templates")
    names = ["%2e%2e", "．．", "‥", "x..\\..\\evil", "~", "-", "con", "NUL", "\u202e"]
    (reports / "..txt").write_text("Hidden files (leading dot) are not reports\nText.\n")
    for index, name in enumerate(names):
        (reports / f"{name}.txt").write_text(f"Report {index}\nText {index}.\n")
    slugs = ["../../escaped", "/etc/escaped", "..\\..\\escaped", "%2e%2e%2fescaped",
             "．．／escaped", "\u0000escaped", "reports/../../escaped"]
    for index, slug in enumerate(slugs):
        (reports / f"s{index}.md").write_text(
            f"---\nslug: {slug!r}\n---\nText of slug report {index}.\n".replace("'", '"'))
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = run_cli("--root", site, "build", "-q")
    assert result.returncode == 0, result.stderr
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    new = [p for p in after if p not in before]
    # only the output folder and the build cache (paths.cache) are written
    assert new and all(p.parts[:2] in {("site", "public"), ("site", ".cache")} for p in new), new
    built = sorted(p.name for p in (site / "public/reports").iterdir())
    assert len(built) == len(names) + len(slugs)
    assert all(SLUG.fullmatch(name) for name in built), built
    assert (site / "public/reports/escaped/index.html").is_file()  # the slug, made plain


@given(st.text(min_size=0, max_size=400))
@settings(max_examples=1000)
def test_page_ids_are_plain_and_short(name: str) -> None:
    slug = page_slug(name, "entity")
    assert SLUG.fullmatch(slug) and len(slug) <= 80


def test_long_names_keep_distinct_page_ids() -> None:
    stem = "<script>alert('a very long source name that repeats') " * 4
    first, second = page_slug(stem + "one", "source"), page_slug(stem + "two", "source")
    assert first != second and len(first) == len(second) == 80


def test_a_file_name_too_long_is_named_not_a_traceback(tmp_path: Path) -> None:
    from builder.write import write_site

    with pytest.raises(BuilderError) as caught:
        write_site({"sources/" + "a" * 300 + "/index.html": b"x"}, tmp_path / "public")
    assert caught.value.diagnostics[0].message.startswith("cannot write: File name too long")
    assert caught.value.diagnostics[0].path.startswith("sources/aaa")
    assert not (tmp_path / "public").exists() and not list(tmp_path.glob(".public.new-*"))


def test_source_ids_from_long_hostile_names_fit_a_file_name() -> None:
    """A source named in a claim override gets a page folder named by its id."""
    from builder.annotate.registry import source_id

    name = "<div id=54><script>alert(1)</script></div> " * 30
    assert SLUG.fullmatch(source_id(name)) and len(source_id(name)) <= 80
