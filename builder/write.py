"""Stage 6, write: the rendered tree → public/, swapped in atomically.

The whole site is written into a fresh folder beside the output folder, then exchanged
with it in one ``renameat2(RENAME_EXCHANGE)`` call (Linux), so at every instant public/ is
either the complete old site or the complete new one — even if the build is killed.
Where the exchange is unavailable, two renames are used (a tiny window without public/).

Incremental rebuilds (the preview server) pass what the previous build wrote: then only
files whose bytes changed are rewritten (each through a temporary file and a rename) and
files no longer built are removed; the preview server holds requests meanwhile.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from builder.errors import BuilderError, Diagnostic

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def write_site(
    files: dict[str, bytes], output_dir: Path, previous: Mapping[str, bytes] | None = None
) -> None:
    """Replace ``output_dir`` with exactly ``files`` (paths relative to it).

    ``previous``: the files the last build wrote into ``output_dir``; when given (and the
    folder is there), only the difference is written.
    """
    output_dir = output_dir.absolute()
    if previous is not None and output_dir.is_dir():
        update_site(files, output_dir, previous)
        return
    parent = output_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(output_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.new-", dir=parent))
    try:
        for rel, data in sorted(files.items()):
            write_one(staging, rel, data)
        os.chmod(staging, 0o755)
        swap_into_place(staging, output_dir)
    except OSError as exc:  # disk full, permissions: the old site stays in place
        raise BuilderError(Diagnostic(str(output_dir), f"cannot write the site: "
                                      f"{exc.strerror or exc}")) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def update_site(
    files: Mapping[str, bytes], output_dir: Path, previous: Mapping[str, bytes]
) -> list[str]:
    """Rewrite the changed files of ``output_dir``, remove stale ones; returns changed paths."""
    for rel in files:  # every path checked before anything is written
        if not _is_safe_relative(rel):
            safe_relative(rel)  # says which, in its words
    changed = sorted(rel for rel, data in files.items()
                     if (old := previous.get(rel)) is None or (old is not data and old != data))
    for rel in changed:
        replace_file(output_dir / rel, files[rel])
    for rel in sorted(previous.keys() - files.keys()):
        stale = output_dir / safe_relative(rel)
        stale.unlink(missing_ok=True)
        remove_empty_parents(stale.parent, output_dir)
        changed.append(rel)
    return changed


def replace_file(target: Path, data: bytes) -> None:
    """Write ``target`` through a temporary file and a rename: readers see old or new."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_empty_parents(folder: Path, output_dir: Path) -> None:
    while folder != output_dir and folder.is_relative_to(output_dir):
        try:
            folder.rmdir()
        except OSError:  # not empty
            return
        folder = folder.parent


def write_one(staging: Path, rel: str, data: bytes) -> None:
    """Write one file of the new tree; a failure names the file (e.g. a name too long)."""
    target = staging / safe_relative(rel)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:
        raise BuilderError(Diagnostic(rel, f"cannot write: {exc.strerror or exc}")) from None


def safe_relative(rel: str) -> PurePosixPath:
    """An output path that can only name a file inside the output folder.

    Refused: absolute paths, ``.``/``..`` parts (also as Unicode look-alikes such as
    fullwidth dots, which NFKC folds to ``.``), backslashes, empty parts, NUL and other
    control characters. Slugs are made safe earlier (ingest.safe_slug); this is the last
    line of defence for every file the build writes.
    """
    if not _is_safe_relative(rel):
        raise BuilderError(Diagnostic(rel.replace("\x00", "\\0"),
                                      "refusing to write outside the output folder"))
    return PurePosixPath(rel)


@functools.lru_cache(maxsize=1 << 16)
def _is_safe_relative(rel: str) -> bool:
    """Safe as written and as any server would percent-decode it (``%2e%2e``, ``%252f``)."""
    seen = set()
    while rel not in seen:
        if not _is_safe_literal(rel):
            return False
        seen.add(rel)
        rel = unquote(rel)
    return True


def _is_safe_literal(rel: str) -> bool:
    if not rel or rel.startswith("/") or "\\" in rel or _CONTROL.search(rel):
        return False
    # an empty part, '.', '..' (or a look-alike folding to dots) never names a new file
    return all(unicodedata.normalize("NFKC", part).strip(".") for part in rel.split("/"))


def remove_stale_temporaries(output_dir: Path) -> None:
    """Folders left by a build that was killed before it could clean up."""
    for stale in output_dir.parent.glob(f".{output_dir.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)


def swap_into_place(staging: Path, output_dir: Path) -> None:
    """Put ``staging`` at ``output_dir``; the old tree ends up at ``staging`` (then removed)."""
    if not output_dir.exists():
        os.rename(staging, output_dir)
        return
    if _exchange(staging, output_dir):
        return
    old = staging.with_name(staging.name + ".old")
    os.rename(output_dir, old)
    os.rename(staging, output_dir)
    os.rename(old, staging)


def _exchange(a: Path, b: Path) -> bool:
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)
