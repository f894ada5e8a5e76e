"""Stage 1, ingest: files in content/ → RawReport records (one per report file).

Finds report files (.txt, .md, .html), reads each with its reader, applies the editor's
metadata from a sidecar (``NAME.meta.yaml`` beside the raw file) or markdown front matter,
and gives every report a unique, safe slug. The raw files are only ever read.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from slugify import slugify

from builder.data import parse_yaml
from builder.errors import BuilderError, ContentError, Diagnostic
from builder.readers import READERS
from builder.readers.common import ReaderResult
from builder.records import ClaimOverride, Meta, RawReport
from builder.safety import WINDOWS_RESERVED

MAX_FILE_BYTES = 10 * 1024 * 1024
SIDECAR_SUFFIX = ".meta.yaml"
META_KEYS = {"title", "date", "publisher", "byline", "url", "slug", "claims"}
STATUSES = {"unverified", "corroborated", "unsourced"}


@dataclass(slots=True)
class IngestResult:
    """Reports read, and the diagnostics of files that could not be read."""

    reports: list[RawReport] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


Stamp = tuple[int, int, int, int]
"""What changes whenever a file's bytes change: inode, size, mtime and ctime (ns)."""


class Found(NamedTuple):
    """A report file as the folder scan found it (a tuple: a scan makes a thousand)."""

    path: str
    stamp: Stamp | None
    """Its stamp, when it is a regular file no larger than ``MAX_FILE_BYTES``; None for
    anything the reader must look at (and refuse) itself."""
    sidecar: bool
    """A ``NAME.meta.yaml`` sits beside it (or a symlink by that name)."""


def discover(content_dir: Path, site_root: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Report files under ``content_dir``, sorted; symlinks leading outside are refused."""
    found, errors = scan(content_dir, site_root)
    return [Path(f.path) for f in found], errors


def scan(content_dir: Path, site_root: Path) -> tuple[list[Found], list[Diagnostic]]:
    """Report files under ``content_dir`` in path order, with their stamps (one folder
    listing and one ``stat`` per report: a rebuild reads only the files that changed)."""
    found: list[Found] = []
    errors: list[Diagnostic] = []
    root = site_root.resolve()

    def walk(folder: str) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = sorted((e for e in listing if not e.name.startswith(".")),
                                 key=lambda e: e.name)
        except OSError:
            return
        names = {entry.name for entry in entries}
        folders = []
        for entry in entries:  # files first, then sub-folders (os.walk's order)
            if entry.is_dir():
                if not entry.is_symlink():
                    folders.append(entry.path)
                elif leads_outside(Path(entry.path), root):  # linked folders: not followed
                    errors.append(_outside(Path(entry.path), site_root))
                continue
            name = entry.name
            dot = name.rfind(".")
            if dot <= 0 or name[dot:].lower() not in READERS:
                continue
            stem = name[:dot]
            if entry.is_symlink() and leads_outside(Path(entry.path), root):
                errors.append(_outside(Path(entry.path), site_root))
                continue
            found.append(Found(entry.path, _stamp_of(entry), stem + SIDECAR_SUFFIX in names))
        for sub in folders:
            walk(sub)

    walk(str(content_dir))
    return found, errors


def _stamp_of(entry: os.DirEntry[str]) -> Stamp | None:
    try:
        info = entry.stat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def leads_outside(path: Path, root: Path) -> bool:
    """True for a symlink whose target is not inside ``root`` (or cannot be resolved)."""
    if not path.is_symlink():
        return False
    try:
        return not path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a symlink loop
        return True


def _outside(path: Path, site_root: Path) -> Diagnostic:
    return Diagnostic(display_path(path, site_root),
                      "symlink leads outside the site; refused",
                      hint="copy the file into the site instead of linking to it")


def display_path(path: Path, site_root: Path) -> str:
    """``path`` relative to the site root with POSIX separators (for messages and records)."""
    try:
        return path.relative_to(site_root).as_posix()
    except ValueError:
        return path.as_posix()


def ingest(
    content_dir: Path, site_root: Path,
    read: Callable[[Found, Path], RawReport] | None = None,
) -> IngestResult:
    """Read every report under ``content_dir``; unreadable files become diagnostics.

    ``read`` replaces ``read_report`` (the build cache passes one that skips unchanged files).
    """
    result = IngestResult()
    found, result.errors = scan(content_dir, site_root)
    for item in found:
        try:
            result.reports.append(read(item, site_root) if read
                                  else read_report(Path(item.path), site_root))
        except BuilderError as exc:
            result.errors.extend(exc.diagnostics)
    result.warnings.extend(assign_slugs(result.reports))
    return result


def read_report(path: Path, site_root: Path) -> RawReport:
    """Read one report file and its sidecar into a RawReport (slug not yet unique)."""
    display = display_path(path, site_root)
    raw = read_bounded(path, display)
    if b"\x00" in raw[:8192]:
        raise ContentError(Diagnostic(display, "looks like a binary file (NUL bytes); skipped",
                                      line=raw.count(b"\n", 0, raw.index(b"\x00")) + 1))
    reader = READERS[path.suffix.lower()]
    result: ReaderResult = reader(raw, display)
    if not result.lines:
        raise ContentError(Diagnostic(display, "no article text in this file; skipped",
                                      line=1, hint="an empty report would publish an "
                                      "empty page"))
    digest = hashlib.sha256(raw)
    settings: dict[str, Any] = {}
    meta_file: str | None = None
    sidecar = path.with_name(path.name[: -len(path.suffix)] + SIDECAR_SUFFIX)
    if result.front_matter is not None:
        settings, meta_file = result.front_matter, display
        source_text = raw.decode("utf-8", "replace")
        first_line = result.front_matter_line
    else:
        source_text, first_line = "", 1
    if sidecar.exists() or sidecar.is_symlink():
        sidecar_display = display_path(sidecar, site_root)
        if leads_outside(sidecar, site_root.resolve()):
            raise ContentError(_outside(sidecar, site_root))
        sidecar_raw = read_bounded(sidecar, sidecar_display)
        digest.update(b"\0sidecar\0" + sidecar_raw)
        from builder.data import decode_text

        source_text = decode_text(sidecar_raw, sidecar_display)
        data = parse_yaml(source_text, sidecar_display)
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ContentError(
                Diagnostic(sidecar_display, "sidecar must be a mapping of keys to values", line=1)
            )
        settings = {**settings, **data}
        meta_file, first_line = sidecar_display, 1
    report = RawReport(
        source_file=display,
        kind=_kind(path),
        lines=result.lines,
        extracted_meta=result.extracted_meta,
        meta_file=meta_file,
        digest=digest.hexdigest(),
    )
    if settings:
        assert meta_file is not None
        _apply_settings(report, settings, meta_file, source_text, first_line)
    return report


def read_bounded(path: Path, display: str) -> bytes:
    """Read a regular file, refusing ones too large to be an article (before reading)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # a FIFO or device named like a report would block or never end
            raise ContentError(Diagnostic(display, "not a regular file; skipped"))
        with path.open("rb") as handle:
            # read one byte past the limit: a file growing after stat() is caught too
            data = handle.read(MAX_FILE_BYTES + 1) if info.st_size <= MAX_FILE_BYTES else b""
    except OSError as exc:
        raise ContentError(Diagnostic(display, f"cannot read: {exc.strerror}")) from None
    size = max(info.st_size, len(data))
    if size > MAX_FILE_BYTES:
        raise ContentError(
            Diagnostic(display, f"file is {size / 1e6:.1f} MB; reports over "
                       f"{MAX_FILE_BYTES // (1024 * 1024)} MB are refused", line=1)
        )
    return data


def _kind(path: Path) -> Any:
    suffix = path.suffix.lower()
    return {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}.get(suffix, "txt")


def _key_line(text: str, key: str, first_line: int) -> int:
    for offset, line in enumerate(text.splitlines()[first_line - 1:]):
        if re.match(rf"\s*{re.escape(key)}\s*:", line):
            return first_line + offset
    return first_line


def _apply_settings(
    report: RawReport, settings: dict[str, Any], where: str, text: str, first_line: int
) -> None:
    """Interpret sidecar/front-matter keys; unknown keys and wrong types are errors."""
    errors: list[Diagnostic] = []
    meta = Meta()
    for key, value in settings.items():
        line = _key_line(text, str(key), first_line)
        if key not in META_KEYS:
            errors.append(Diagnostic(where, f"unknown key '{key}'", line=line,
                                     hint="known keys: " + ", ".join(sorted(META_KEYS))))
        elif key == "date":
            iso = _as_iso_date(value)
            if iso is None:
                errors.append(Diagnostic(where, f"'date' must be a date like 2025-08-02, "
                                         f"got {value!r}", line=line))
            meta.date = iso
        elif key == "claims":
            report.overrides = _parse_overrides(value, where, text, line, errors)
        elif not isinstance(value, str) or not value.strip():
            errors.append(Diagnostic(where, f"'{key}' must be a non-empty string", line=line))
        elif key == "slug":
            report.slug = value.strip()
        else:
            setattr(meta, key, " ".join(value.split()))
    if errors:
        raise ContentError(errors)
    report.editor_meta = meta


def _as_iso_date(value: Any) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError:
            return None
    return None


def _parse_overrides(
    value: Any, where: str, text: str, line: int, errors: list[Diagnostic]
) -> list[ClaimOverride]:
    if not isinstance(value, list):
        errors.append(Diagnostic(where, "'claims' must be a list of overrides", line=line))
        return []
    overrides = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("match"), str):
            errors.append(Diagnostic(where, "each entry of 'claims' needs 'match': the "
                                     "claim's sentence or a unique start of it", line=line))
            continue
        item_line = _key_line(text, "- match", line) if "- match" in text else line
        status = item.get("status")
        if status is not None and status not in STATUSES:
            errors.append(Diagnostic(where, f"claim status must be one of "
                                     f"{', '.join(sorted(STATUSES))}, got {status!r}",
                                     line=item_line))
            continue
        sources = item.get("sources") or []
        if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
            errors.append(Diagnostic(where, "claim 'sources' must be a list of names",
                                     line=item_line))
            continue
        note = item.get("note")
        overrides.append(ClaimOverride(match=" ".join(item["match"].split()), status=status,
                                       sources=list(sources),
                                       note=str(note) if note is not None else None,
                                       line=item_line))
    return overrides


@functools.lru_cache(maxsize=1 << 16)  # slugify is slow; rebuilds ask for the same slugs
def safe_slug(text: str) -> str:
    """A slug that can only ever name one folder inside public/ (no dots, slashes, NUL)."""
    text = unicodedata.normalize("NFKC", text)
    slug = slugify(text, max_length=80, word_boundary=True, save_order=True)
    if slug in WINDOWS_RESERVED:  # a folder named con/ or nul/ breaks a clone on Windows
        slug += "-report"
    return slug or "report"


def assign_slugs(reports: list[RawReport]) -> list[Diagnostic]:
    """Give every report a unique slug; collisions get -2, -3… in file order, with a warning."""
    warnings: list[Diagnostic] = []
    taken: dict[str, str] = {}
    for report in sorted(reports, key=lambda r: r.source_file):
        stem = os.path.basename(report.source_file).rsplit(".", 1)[0]
        base = safe_slug(report.slug or stem)
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        if slug != base:
            warnings.append(
                Diagnostic(report.source_file, f"slug '{base}' is already used by "
                           f"{taken[base]}; this report gets '{slug}'", severity="warning")
            )
        taken[slug] = report.source_file
        report.slug = slug
    return warnings
