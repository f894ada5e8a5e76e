"""A session of edits, as an editor makes them while the preview server runs: after every
rebuild with the session's cache, public/ is byte for byte what a build from scratch of
the same files writes."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from builder.cache import BuildCache
from builder.config import load_config
from builder.pipeline import build
from tests.conftest import REPO, copy_site, own_template
from tests.test_serve_cache import fresh_build, tree

FIXTURES = REPO / "tests" / "fixtures" / "annotate"


def library_site(root: Path) -> Path:
    """The seed site plus the labelled annotation fixtures: about forty reports."""
    copy_site(root)
    for path in sorted(FIXTURES.glob("*.txt")):
        shutil.copy(path, root / "content" / "reports" / path.name)
    return root


def edit(root: Path, rng: random.Random, step: int) -> str:
    """One editor's change, chosen at random; returns what it was (for the message)."""
    reports = sorted((root / "content" / "reports").glob("*.txt"))
    report = rng.choice(reports)
    kind = rng.randrange(8)
    if kind == 7:  # the lines naming a source cut out (claims and credits go)
        lines = report.read_text(encoding="utf-8").splitlines()
        named = [line for line in lines if "said" in line or "according to" in line]
        cut = set(rng.sample(named, min(2, len(named))))
        report.write_text("\n".join(line for line in lines if line not in cut) + "\n",
                          encoding="utf-8")
    elif kind == 0:  # a paragraph added, with a new claim
        with report.open("a", encoding="utf-8") as stream:
            stream.write(f"\nThe General Staff said {step * 7 + 3} soldiers deserted near "
                         f"Tokmak, according to ATESH.\n")
    elif kind == 1:  # a paragraph of another report pasted in
        donor = rng.choice(reports).read_text(encoding="utf-8").splitlines()
        lines = [line for line in donor if len(line.split()) > 12]
        with report.open("a", encoding="utf-8") as stream:
            stream.write("\n" + (rng.choice(lines) if lines else "A line.") + "\n")
    elif kind == 2:  # metadata from a sidecar: another date and publisher
        report.with_name(report.stem + ".meta.yaml").write_text(
            f"date: 2024-0{rng.randrange(1, 10)}-1{rng.randrange(10)}\n"
            f"publisher: {rng.choice(['Newsweek', 'TASS', 'Kyiv Herald'])}\n",
            encoding="utf-8")
    elif kind == 3 and len(reports) > 5:  # a report deleted
        report.unlink()
    elif kind == 4:  # a report added (a copy under a new name)
        shutil.copy(report, report.with_name(f"added-{step}.txt"))
    elif kind == 5:  # a source profile edited
        registry = root / "content" / "sources.yaml"
        text = registry.read_text(encoding="utf-8")
        registry.write_text(text.replace("side: Ukrainian", "side: third party", 1)
                            if "side: Ukrainian" in text else text + "\n", encoding="utf-8")
    else:  # a template edited
        template = own_template(root, "partials/report_related.html")
        template.write_text(template.read_text(encoding="utf-8")
                            + f"\n{{# edit {step} #}}<!-- {step} -->\n", encoding="utf-8")
    return f"step {step}: edit {kind} of {report.name}"


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_rebuild_of_an_editing_session_equals_a_build_from_scratch(
        tmp_path: Path, seed: int) -> None:
    root = library_site(tmp_path / "site")
    rng = random.Random(seed)
    cache = BuildCache()
    build(load_config(root), cache=cache)
    for step in range(8):
        done = edit(root, rng, step)
        build(load_config(root), cache=cache)
        assert tree(root / "public") == fresh_build(root, tmp_path / f"fresh-{step}"), done
