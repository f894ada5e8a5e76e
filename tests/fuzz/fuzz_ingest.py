"""Coverage-guided fuzzing of the ingest path with atheris: ``make fuzz`` (60 s).

Each input is split into a report file (suffix chosen by the input), a sidecar and a
``site.toml``; ingest (discovery, readers, sidecar YAML, slugs), the cleaner and the
config loader run on them. Ingest must turn every problem into a diagnostic and the
loader into a BuilderError; anything else escaping is a crash atheris reports.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from builder.clean import clean_all
    from builder.config import CleanConfig, load_config
    from builder.errors import BuilderError
    from builder.ingest import ingest

SUFFIXES = [".txt", ".md", ".html"]
WORK = Path(tempfile.mkdtemp(prefix="fuzz-ingest-"))
REPO = Path(__file__).resolve().parent.parent.parent


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    suffix = SUFFIXES[fdp.ConsumeIntInRange(0, len(SUFFIXES) - 1)]
    sidecar = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 400))
    config = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 200))
    report = fdp.ConsumeBytes(fdp.remaining_bytes())
    content = WORK / "content"
    shutil.rmtree(content, ignore_errors=True)
    content.mkdir()
    (content / f"r{suffix}").write_bytes(report)
    if sidecar:
        (content / "r.meta.yaml").write_bytes(sidecar)
    result = ingest(content, WORK)
    clean_all(result.reports, CleanConfig())
    (WORK / "site.toml").write_bytes(config)
    with contextlib.suppress(BuilderError):
        load_config(WORK)


def seed_corpus() -> str:
    """A starting corpus from the seed reports, so the fuzzer begins from real articles."""
    corpus = Path(tempfile.mkdtemp(prefix="fuzz-corpus-"))
    for index, path in enumerate(sorted((REPO / "content" / "reports").glob("*"))):
        (corpus / f"seed{index}").write_bytes(b"\x00\x00\x00" + path.read_bytes()[:4000])
    return str(corpus)


def main() -> None:
    args = list(sys.argv)
    if not any(not a.startswith("-") for a in args[1:]):
        args.append(seed_corpus())
    atheris.Setup(args, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
