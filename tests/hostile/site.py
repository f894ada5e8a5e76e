"""A site whose every user-controlled field carries hostile vectors.

Reports (.txt with sidecar, .md with front matter, saved .html pages), their titles,
bodies, publishers, bylines, URLs, requested slugs and file names, the source registry
(names, aliases, descriptions, links, ids) and the site's own title all carry vectors.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent.parent
BASE_PATH = "/hostile/"
PER_REPORT = 12


@dataclass(slots=True)
class HostileSite:
    """Where the site is and which vectors went into it."""

    root: Path
    vectors: list[str]
    reports: int = 0
    file_names: list[str] = field(default_factory=list)


def make_hostile_site(dest: Path, vectors: list[str]) -> HostileSite:
    """Write site.toml, templates (the repo's), content/ and sources.yaml under ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "templates", dest / "templates")
    reports = dest / "content" / "reports"
    reports.mkdir(parents=True)
    site = HostileSite(root=dest, vectors=vectors)
    (dest / "site.toml").write_text(
        'title = "<script>alert(\'site\')</script> Site"\n'
        'description = "\\"><img src=x onerror=alert(2)>"\n'
        f'base_url = "http://127.0.0.1:8000{BASE_PATH}"\n', encoding="utf-8")
    sources = []
    for index in range(0, len(vectors), PER_REPORT):
        chunk = [text_of(v) for v in vectors[index:index + PER_REPORT]]
        chunk += [text_of(v) for v in vectors[: max(0, PER_REPORT - len(chunk))]]
        number = index // PER_REPORT
        name = _file_name(chunk[5], number, reports)
        site.file_names.append(name)
        if number % 2 == 0:
            _write_txt(reports / f"{name}.txt", reports / f"{name}.meta.yaml", chunk, number)
        else:
            _write_md(reports / f"{name}.md", chunk, number)
        if number % 4 == 0:
            _write_html(reports / f"{name}-saved.html", chunk)
        sources.append(_profile(chunk, number))
        site.reports += 1 + (number % 4 == 0)
    _dump(dest / "content" / "sources.yaml", {"sources": sources})
    return site


def text_of(vector: str) -> str:
    """A NUL in a text file makes it binary (refused); show it as the symbol for NUL."""
    return vector.replace("\x00", "\u2400")


def _meta(value: str) -> str:
    """Metadata keys must be non-empty strings; a blank vector gets a visible stand-in."""
    return value if value.strip() else f"[blank {value!r}]"


def _file_name(vector: str, number: int, folder: Path) -> str:
    """The vector as a file name: no '/', no leading dot, at most 150 bytes."""
    name = vector.replace("/", "_").replace("\x00", "").replace("\u2400", "")
    name = name.encode("utf-8")[:150].decode("utf-8", "ignore").strip()
    if not name or name.startswith(".") or any(folder.glob(_glob_escape(name) + ".*")):
        name = f"_{number}{name}"[:150]
    return name


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[]" else c for c in name)


def _settings(chunk: list[str], number: int) -> dict[str, object]:
    settings: dict[str, object] = {
        "title": _meta(chunk[0]), "publisher": _meta(chunk[1]), "byline": _meta(chunk[2]),
        "url": _meta(chunk[3]), "date": f"2024-{number % 12 + 1:02d}-{number % 28 + 1:02d}",
    }
    if number % 3 == 0:
        settings["slug"] = _meta(chunk[4])
    if number % 2:  # markdown reports: their blocks are explicit, the sentence stays body
        settings["claims"] = [{"match": _claim(number), "status": "unverified",
                               "note": _meta(chunk[10]), "sources": [_meta(chunk[11])]}]
    return settings


def _claim(number: int) -> str:
    """A sentence the editor's override (with a hostile note and source) can match."""
    return f"Officials said on Monday that report {number} was confirmed by the ministry."


def _write_txt(path: Path, sidecar: Path, chunk: list[str], number: int) -> None:
    path.write_text("\n".join([chunk[0], _claim(number), *chunk]) + "\n", encoding="utf-8")
    _dump(sidecar, _settings(chunk, number))


def _write_md(path: Path, chunk: list[str], number: int) -> None:
    front = yaml.safe_dump(_settings(chunk, number), allow_unicode=True, sort_keys=True)
    body = "\n\n".join(chunk)
    path.write_text(f"---\n{front}---\n# {chunk[0]}\n\n{_claim(number)}\n\n{body}\n",
                    encoding="utf-8")


def _write_html(path: Path, chunk: list[str]) -> None:
    """A saved page: vectors as live markup (as a hostile page has them) and as text."""
    paragraphs = "\n".join(
        f"<p>{escape(v)} This sentence keeps the paragraph long enough to count as text "
        f"of the article for the extractor.</p>\n{v}" for v in chunk)
    path.write_text(
        f"<!doctype html><html><head><title>{escape(chunk[0])}</title>"
        f'<meta name="author" content="{escape(chunk[2])}">'
        f'<meta property="og:url" content="{escape(chunk[3])}">'
        f'<meta property="og:site_name" content="{escape(chunk[1])}">'
        f"<script>alert('saved page')</script></head>"
        f"<body onload=\"alert('body')\"><article><h1>{escape(chunk[0])}</h1>"
        f"{paragraphs}</article></body></html>\n", encoding="utf-8")


def _profile(chunk: list[str], number: int) -> dict[str, object]:
    """A valid profile (the registry refuses bad kinds, non-http links and bad ids)
    whose free text carries vectors; the number keeps names and ids unique."""
    return {
        "name": f"{_meta(chunk[6])} {number}", "aliases": [f"{_meta(chunk[7])} {number}"],
        "description": chunk[8], "affiliation": chunk[9], "kind": "news outlet",
        "link": f"https://example.org/{chunk[3]}", "id": f"source-{number}",
    }


def _dump(path: Path, data: object) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=True), encoding="utf-8")
