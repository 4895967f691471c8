"""One rule for the code cells of every executed concept page (01-11).

- The set-up cell at the top (house style, ``glue``, ``Markdown``) is plumbing:
  tagged ``remove-cell``, so the page shows nothing of it.
- Every ``glue(...)`` call lives in a ``remove-cell`` cell (with the asserts
  that check the prose against the run, unless checking is the lesson): a
  shown cell holds only the code a reader learns from.
- A cell whose code only draws a figure or a table (not the lesson) is tagged
  ``remove-input``: the reader sees the result.

These tests read the page sources; they need no build.
"""

from __future__ import annotations

import re

import pytest

from site_harness import ROOT

CONCEPTS = ROOT / "docs" / "concepts"
EXECUTED_PAGES = sorted(path for path in CONCEPTS.glob("*.md") if "file_format: mystnb" in path.read_text())
CELL = re.compile(r"^(?P<fence>`{3,4})\{code-cell\}[^\n]*\n(?P<body>.*?)^(?P=fence)\s*$", re.S | re.M)
PLUMBING = re.compile(r"^\s*(glue\(|use_style\(\)|from myst_nb import)", re.M)


def _cells(path):
    """(tags, code) of each code cell, in page order."""
    cells = []
    for match in CELL.finditer(path.read_text(encoding="utf-8")):
        body = match["body"]
        tags = set()
        for found in re.findall(r"^:?tags: \[([^\]]*)\]", body, re.M):
            tags.update(tag.strip() for tag in found.split(","))
        cells.append((tags, body))
    return cells


def test_the_executed_pages_are_found():
    assert len(EXECUTED_PAGES) >= 14, [path.name for path in EXECUTED_PAGES]


@pytest.mark.parametrize("page", EXECUTED_PAGES, ids=[path.stem for path in EXECUTED_PAGES])
def test_set_up_cell_is_removed(page):
    tags, body = _cells(page)[0]
    assert "remove-cell" in tags, f"{page.name}: the first code cell (set-up) must be tagged remove-cell"
    assert "use_style()" in body, f"{page.name}: the first code cell should set the house style"


@pytest.mark.parametrize("page", EXECUTED_PAGES, ids=[path.stem for path in EXECUTED_PAGES])
def test_no_shown_cell_holds_plumbing(page):
    for tags, body in _cells(page):
        if tags & {"remove-cell", "remove-input", "hide-input"}:
            continue
        found = PLUMBING.search(body)
        assert found is None, (
            f"{page.name}: a shown cell holds plumbing ({found.group(0).strip()!r}); "
            f"move it into a cell tagged remove-cell:\n{body[:400]}"
        )
