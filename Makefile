# Every target sets up .venv on first use (Python 3.11+), so a fresh clone needs only make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: build test lint serve bench bench-clean bench-annotate bench-link bench-reload bench-search check browser clean-venv test-hostile fuzz screenshots deploy

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/python -m builder build

check: $(STAMP)
	$(BIN)/python -m builder check

serve: $(STAMP)
	$(BIN)/python -m builder serve

lint: $(STAMP)
	$(BIN)/ruff check builder tests
	$(BIN)/mypy

# Browser tests need Debian's chromium (and the HTML checker Java); tests/install_chromium.sh installs what is missing.
browser:
	bash tests/install_chromium.sh

test: $(STAMP) lint browser
	$(BIN)/python -m pytest -q

bench: bench-clean bench-annotate bench-link bench-reload bench-search

# Every hostile vector (XSS lists, naughty strings) through a real build and Chromium.
test-hostile: $(STAMP) browser
	$(BIN)/python -m tests.hostile.run

# 60 s of coverage-guided fuzzing of the ingest path (atheris, installed on first use).
fuzz: $(STAMP)
	$(BIN)/pip install --quiet -e '.[fuzz]'
	$(BIN)/python tests/fuzz/fuzz_ingest.py -max_total_time=60 -rss_limit_mb=4096

# Cleaning: chrome P/R/F1 and body recall on text, extraction F1 on saved HTML (issue 3).
bench-clean: $(STAMP)
	$(BIN)/python -m tests.bench.bench_clean

# Annotation quality on tests/fixtures/annotate (status P/R/F1, source sets, splitters).
bench-annotate: $(STAMP)
	$(BIN)/python tests/bench/bench_annotate.py

# Related-report quality (P@3, R@3 per story) and link time at 1,000 and 10,000 reports.
bench-link: $(STAMP)
	$(BIN)/python tests/bench/bench_link.py

# Save one report → live-reload event, 1,000-report synthetic site (goal: median ≤ 200 ms).
bench-reload: $(STAMP)
	$(BIN)/python tests/bench/bench_reload.py

# Search index vs Pagefind (installed into .cache/ for this benchmark only).
bench-search: $(STAMP) browser
	@test -d .cache/bench-pagefind || $(BIN)/pip install --quiet --target .cache/bench-pagefind 'pagefind[bin]==1.5.2'
	PYTHONPATH=.cache/bench-pagefind $(BIN)/python -m tests.bench.bench_search 100 1000

# PNGs of home, a report, a source page and search results (desktop, phone; light, dark).
screenshots: $(STAMP) browser
	$(BIN)/python -m tests.screenshots

# Build, then commit public/ to the gh-pages branch and push it (see README).
deploy: $(STAMP)
	$(BIN)/python -m builder deploy

clean-venv:
	rm -rf $(VENV)
