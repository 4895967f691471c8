# Every target runs inside the virtual environment at .venv, created on first
# use and re-synced whenever pyproject.toml or the pinned constraints change.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONSTRAINTS := requirements/constraints.txt
# -W --keep-going: every warning is an error, and all of them are reported.
# -n: nitpicky, so a broken cross-reference is a warning too.
# -j auto: one process per core for the examples and for reading (and so
# executing) the concept pages.
SPHINXOPTS ?= -W --keep-going -n -j auto
SPHINXBUILD = $(BIN)/sphinx-build -c . docs
# A fixed timestamp for everything the build stamps (figure metadata, zips),
# taken from the last commit so that the same commit builds the same bytes.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
# Quiet TensorFlow's start-up banner in build logs.
export TF_CPP_MIN_LOG_LEVEL ?= 2

.PHONY: help install html html-noplot livehtml test test-fast bench clean

help:
	@echo "make html        build the site into _build/html (every example executed)"
	@echo "make html-noplot build the site fast, without running the examples"
	@echo "make livehtml    serve a live-reloading preview on http://127.0.0.1:8000"
	@echo "make test        run the whole test suite (builds the site once)"
	@echo "make test-fast   the tests that need no site build and no browser"
	@echo "make bench       measure build and page performance (benchmarks/)"
	@echo "make clean       remove every generated file (keeps .venv)"

install: $(STAMP)

$(STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e '.[docs,test]'
	touch $(STAMP)

html: $(STAMP)
	$(SPHINXBUILD) _build/html -b html $(SPHINXOPTS)

html-noplot: $(STAMP)
	$(SPHINXBUILD) _build/html-noplot -b html -D plot_gallery=0 $(SPHINXOPTS)

livehtml: $(STAMP)
	$(BIN)/sphinx-autobuild -c . docs _build/livehtml -D plot_gallery=0 \
		--watch src --watch gallery --ignore docs/auto_examples --host 127.0.0.1 --port 8000

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not build and not browser and not slow"

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf _build docs/auto_examples docs/sg_execution_times.rst docs/jupyter_execute .jupyter_cache \
		test-artifacts .pytest_cache .hypothesis
	find . -path ./.venv -prune -o -name __pycache__ -type d -exec rm -rf {} +
