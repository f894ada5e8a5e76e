"""Annotation through the real CLI: editor overrides, the source registry, unknown sources,
the JSON records against their schema, and the Web Annotation export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from tests.conftest import REPO, run_cli

SCHEMA = json.loads((REPO / "builder/defaults/report.schema.json").read_text(encoding="utf-8"))
KRASNODAR = "content/reports/mass-desertion-attempt-krasnodar"


def record_of(site: Path, stem: str) -> dict[str, object]:
    result = run_cli("--root", site, "inspect", site / f"{stem}.txt", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_every_built_record_validates_against_the_schema(built_site: Path) -> None:
    records = sorted((built_site / "data/reports").glob("*.json"))
    assert len(records) == 5
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for path in records:
        record = json.loads(path.read_text(encoding="utf-8"))
        errors = sorted(validator.iter_errors(record), key=str)
        assert not errors, f"{path.name}: {errors[0].message} at {list(errors[0].path)}"
        assert record["claims"], path.name
        for claim in record["claims"]:
            assert record["body"][claim["start"]:claim["end"]] == claim["text"]


def test_schema_rejects_a_record_with_a_wrong_status() -> None:
    record = {"slug": "x", "source_file": "content/reports/x.txt",
              "meta": {"title": "T", "date": None, "publisher": None, "byline": None,
                       "url": None},
              "body": "A b c.", "removed": [], "entities": {"places": [], "units": [],
                                                          "people": [], "orgs": []},
              "related": [],
              "claims": [{"text": "A b c.", "start": 0, "end": 6, "status": "true",
                          "sources": [], "cues": [], "note": None}]}
    assert not jsonschema.Draft202012Validator(SCHEMA).is_valid(record)
    record["claims"][0]["status"] = "unsourced"  # type: ignore[index]
    assert jsonschema.Draft202012Validator(SCHEMA).is_valid(record)


def annotation_items(built_site: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The collection, and the items of its pages followed from ``first`` by ``next``."""
    def load(url: str) -> dict[str, Any]:
        path = url.split("/data/", 1)[1]
        data: dict[str, Any] = json.loads((built_site / "data" / path).read_text("utf-8"))
        assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
        return data

    collection = load("https://x/data/annotations.jsonld")
    items, url, previous = [], collection.get("first"), None
    while url is not None:
        page = load(url)
        assert page["type"] == "AnnotationPage" and page["id"] == url
        assert page["partOf"] == collection["id"] and page.get("prev") == previous
        items += page["items"]
        previous, url = url, page.get("next")
    assert previous == collection.get("last")
    return collection, items


def test_web_annotations_select_each_claim_by_quote_and_position(built_site: Path) -> None:
    data, items = annotation_items(built_site)
    assert data["type"] == "AnnotationCollection"
    bodies = {}
    for path in (built_site / "data/reports").glob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        bodies[f"reports/{record['slug']}/"] = record["body"]
    assert data["total"] == len(items) == sum(
        len(json.loads(p.read_text(encoding="utf-8"))["claims"])
        for p in (built_site / "data/reports").glob("*.json"))
    for item in items:
        assert item["type"] == "Annotation" and item["motivation"] == "assessing"
        body = next(text for page, text in bodies.items() if item["target"]["source"]
                    .endswith(page))
        quote, position = item["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector"
        assert position["type"] == "TextPositionSelector"
        assert body[position["start"]:position["end"]] == quote["exact"]
        assert body[:position["start"]].endswith(quote["prefix"])
        assert item["body"][0]["value"] in {"unverified", "corroborated", "unsourced"}


def test_sidecar_override_sets_status_sources_and_note(site_dir: Path) -> None:
    (site_dir / f"{KRASNODAR}.meta.yaml").write_text(
        "claims:\n"
        "  - match: Seven of the soldiers managed\n"
        "    status: corroborated\n"
        "    sources: [Reuters]\n"
        "    note: Confirmed by Reuters on 3 May.\n", encoding="utf-8")
    record = record_of(site_dir, KRASNODAR)
    claim = next(c for c in record["claims"]  # type: ignore[attr-defined]
                 if c["text"].startswith("Seven of the soldiers"))
    assert claim["status"] == "corroborated"
    assert [s["name"] for s in claim["sources"]] == ["Reuters"]
    assert claim["note"] == "Confirmed by Reuters on 3 May."
    result = run_cli("--root", site_dir, "build", "-q")
    assert result.returncode == 0, result.stderr
    page = (site_dir / "public/reports/mass-desertion-attempt-krasnodar/index.html").read_text(
        encoding="utf-8")
    assert "Confirmed by Reuters on 3 May." in page


def test_override_matching_no_sentence_is_an_error_naming_the_file(site_dir: Path) -> None:
    sidecar = site_dir / f"{KRASNODAR}.meta.yaml"
    sidecar.write_text("title: Mass desertion attempt\nclaims:\n"
                       "  - match: Nothing like this sentence exists\n"
                       "    status: unsourced\n", encoding="utf-8")
    result = run_cli("--root", site_dir, "check")
    assert result.returncode == 1
    assert f"{KRASNODAR}.meta.yaml:3: error: claim override" in result.stderr
    assert "matches no sentence" in result.stderr
    assert "Traceback" not in result.stderr


def test_registry_errors_name_file_and_line(site_dir: Path) -> None:
    registry = site_dir / "content/sources.yaml"
    registry.write_text(
        "sources:\n"
        "  - name: Baza\n"
        "    kind: Telegram channel\n"
        "    side: Russian\n"
        "  - name: Astra\n"
        "    kind: Telegram channel\n"
        "    state_affiliated: maybe\n"
        "    colour: red\n", encoding="utf-8")
    result = run_cli("--root", site_dir, "check")
    assert result.returncode == 1
    err = result.stderr
    assert "content/sources.yaml:7: error: Astra: 'state_affiliated' must be true or false" in err
    assert "content/sources.yaml:8: error: unknown key 'colour'" in err
    assert "Traceback" not in err


def test_registry_values_outside_the_vocabulary_are_dropped_with_a_warning(
        site_dir: Path) -> None:
    registry = site_dir / "content/sources.yaml"
    registry.write_text(
        "sources:\n"
        "  - name: Baza\n"
        "    kind: Telegram channel\n"
        "  - name: Astra\n"
        "    kind: telegram\n"
        "    side: neutral\n"
        "    link: javascript:alert(1)\n"
        "    id: ../../etc\n"
        "  - name: Baza News\n"
        "    aliases: [Baza]\n"
        "    kind: news outlet\n", encoding="utf-8")
    result = run_cli("--root", site_dir, "check")
    assert result.returncode == 0, result.stderr
    err = result.stderr
    assert "content/sources.yaml:5: warning: Astra: 'kind' must be one of" in err
    assert "content/sources.yaml:6: warning: Astra: 'side' must be one of" in err
    assert "content/sources.yaml:7: warning: Astra: 'link' must be an http(s) URL" in err
    assert "content/sources.yaml:8: warning: Astra: 'id' must be a slug" in err
    assert "content/sources.yaml:10: warning: 'Baza' names both Baza and Baza News" in err


def test_check_lists_sources_without_profile_with_their_sentence(site_dir: Path) -> None:
    (site_dir / "content/reports/extra.txt").write_text(
        "Deserters detained in Belgorod\n\n"
        "Three deserters were detained, the Telegram channel Astra reported on Monday.\n",
        encoding="utf-8")
    result = run_cli("--root", site_dir, "check")
    assert result.returncode == 0, result.stderr
    assert "content/reports/extra.txt:3: warning: source 'Astra' has no profile in " \
        "content/sources.yaml" in result.stderr
    assert "from: Three deserters were detained" in result.stderr
