"""200 hostile vectors in every user-controlled field: nothing runs in a reader's browser.

The full run over all vectors is ``make test-hostile`` (tests/hostile/run.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.run import HostileRun, run_hostile

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> HostileRun:
    return run_hostile(tmp_path_factory.mktemp("hostile"), limit=200, wait_ms=100)


def test_the_hostile_site_builds_without_a_traceback(hostile_run: HostileRun) -> None:
    assert hostile_run.vectors == 200
    # the vectors reached the pages (as escaped text), so "nothing ran" means something
    assert hostile_run.shown >= 0.9 * hostile_run.vectors
    assert hostile_run.exit_code == 0, hostile_run.build_errors
    assert hostile_run.tracebacks == 0


def test_no_page_carries_script_handlers_or_bad_urls(hostile_run: HostileRun) -> None:
    assert hostile_run.static_problems == {}


def test_nothing_runs_in_the_browser(hostile_run: HostileRun) -> None:
    browser = hostile_run.browser
    assert browser.pages >= hostile_run.reports, "every report page was opened"
    assert browser.failed_loads == []
    assert browser.dialogs == []
    assert browser.executions == []
    assert browser.dom_problems == []


def test_the_positive_control_executes_vectors(hostile_run: HostileRun) -> None:
    """Same pages with escaping off and no CSP: the harness must see script run."""
    assert len(hostile_run.control.dialogs) > 0
    assert len(hostile_run.control.executions) > 0


def test_content_is_never_rendered_as_a_template(site_dir: Path) -> None:
    from tests.conftest import run_cli

    (site_dir / "content/reports/ssti.txt").write_text(
        "{{ 7*7 }} and {% raw %}x{% endraw %}\n{{ config.__class__ }} {{ site.title }}\n")
    (site_dir / "content/reports/ssti.meta.yaml").write_text("publisher: '{{ 6*7 }}'\n")
    assert run_cli("--root", site_dir, "build", "-q").returncode == 0
    page = (site_dir / "public/reports/ssti/index.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }} and {% raw %}x{% endraw %}" in page
    assert "{{ config.__class__ }} {{ site.title }}" in page and "{{ 6*7 }}" in page
    assert "49" not in page and "42" not in page
