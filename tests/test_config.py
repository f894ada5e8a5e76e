"""site.toml errors: one line naming the key and the file, exit 1, no traceback."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli


def test_wrong_type_is_one_line_naming_key_and_file(site_dir: Path) -> None:
    config = site_dir / "site.toml"
    config.write_text(config.read_text().replace('language = "en"', "language = 42"))
    result = run_cli("--root", site_dir, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("site.toml:")
    assert "'language' must be a string, got an integer" in lines[0]
    assert not (site_dir / "public").exists()


def test_unknown_key_suggests_the_right_one(site_dir: Path) -> None:
    config = site_dir / "site.toml"
    config.write_text(config.read_text().replace("max_related", "max_relatd"))
    result = run_cli("--root", site_dir, "check")
    assert result.returncode == 1
    assert "unknown key 'link.max_relatd'" in result.stderr
    assert "did you mean 'link.max_related'" in result.stderr


def test_invalid_toml_gives_file_and_line(site_dir: Path) -> None:
    (site_dir / "site.toml").write_text('title = "x"\nbase_url = \n')
    result = run_cli("--root", site_dir, "check")
    assert result.returncode == 1
    assert result.stderr.startswith("site.toml:2: error: invalid TOML")
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2(site_dir: Path) -> None:
    assert run_cli("--root", site_dir, "frobnicate").returncode == 2


def test_inspect_prints_the_json_record(site_dir: Path) -> None:
    import json

    raw = next((site_dir / "content/reports").glob("*icaro*.txt"))
    result = run_cli("--root", site_dir, "inspect", raw, "--json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["source_file"] == "content/reports/" + raw.name
    assert "Atesh" in record["body"]
