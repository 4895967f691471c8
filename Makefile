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
# tests/site_support.py reads this line: the test build uses the same options.
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

.PHONY: help install html html-noplot livehtml serve test test-fast bench clean

help:
	@echo "make html        build the site into _build/html (every example executed)"
	@echo "make html-noplot build the site fast, without running the examples"
	@echo "make livehtml    serve a live-reloading preview on http://127.0.0.1:8000"
	@echo "make serve       serve the built site on http://127.0.0.1:8000 (widgets need http)"
	@echo "make test        run the whole test suite (builds the site, and once more beside it)"
	@echo "make test-fast   the tests that need no site build and no browser"
	@echo "make bench       measure build and page performance (benchmarks/)"
	@echo "make clean       remove every generated file (keeps .venv)"

install: $(STAMP)

# uv (from the package index, pinned like everything else) installs the same
# pinned versions as pip, in about a third of the time on a fresh clone.
# --compile-bytecode: pip compiles what it installs, uv does not by default; where
# PYTHONDONTWRITEBYTECODE is set (as on these machines), no process then ever wrote
# the .pyc files, and every one of the build's and the tests' Python processes compiled
# TensorFlow's and Keras's sources anew. Measured on make test (2 cores): 784 CPU-s and
# 6 min 48 s without, 584 CPU-s and 5 min 9 s with; compiling takes about 15 s, once.
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

# Two pytest workers per core (pytest-xdist): many browser tests wait on their
# page, and the second worker fills those waits. On 2 cores, measured: 2 workers
# 8 min 10 s, 4 workers 6 min 7 s, 6 workers 8 min 8 s, and 4 workers with
# --dist worksteal 6 min 54 s (it left the slow tests in one worker's queue).
# Tests go out two at a time (--maxschedchunk): xdist's default hands each worker
# a quarter of its share up front, and a slow test queued behind others then ran
# last, alone (a 10-minute run whose last minute was one worker).
# The workers share one site build (tests/conftest.py), which starts as the
# session starts. test-fast stays in one process: there, a second worker's
# imports cost more than it saves.
TEST_WORKERS ?= $(shell echo $$(( 2 * $$(nproc 2>/dev/null || echo 1) )))
test: $(STAMP)
	cd $(ROOT) && $(BIN)/python -m pytest -n $(TEST_WORKERS) --maxschedchunk=2 --durations=20

test-fast: $(STAMP)
	cd $(ROOT) && $(BIN)/python -m pytest -m "$(FAST_TESTS)"

bench: $(STAMP)
	cd $(ROOT) && $(BIN)/python benchmarks/run.py

clean:
	cd $(ROOT) && rm -rf $(GENERATED)
	find $(ROOT) -type d \( -name .git -o -name node_modules -o -exec test -e {}/pyvenv.cfg \; \) -prune \
		-o -type d -name __pycache__ -prune -exec rm -rf {} +
