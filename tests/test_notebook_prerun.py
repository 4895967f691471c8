"""src/workshop_site/steps/notebook_prerun.py on a small site of its own: which pages it runs, and how a failure shows."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from site_harness.build import sphinx_environment

pytestmark = pytest.mark.slow  # each build starts Jupyter kernels

CONF = """
extensions = ["myst_nb", "workshop_site"]
nb_execution_mode = "cache"
nb_execution_raise_on_error = True
exclude_patterns = ["_build"]
"""

HEADER = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
{extra}---
"""


def _page(title: str, code: str, extra: str = "") -> str:
    return HEADER.format(extra=extra) + f"\n# {title}\n\n```{{code-cell}} python\n{code}\n```\n"


def _site(folder: Path, pages: dict[str, str]) -> Path:
    source = folder / "source"
    source.mkdir()
    (source / "conf.py").write_text(CONF, encoding="utf-8")
    toctree = "\n".join(pages)
    (source / "index.md").write_text(f"# Site\n\n```{{toctree}}\n{toctree}\n```\n", encoding="utf-8")
    for name, text in pages.items():
        (source / f"{name}.md").write_text(text, encoding="utf-8")
    return source


def _build(source: Path, jobs: str = "2") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-j", jobs, str(source), str(source / "_build" / "html")],
        capture_output=True,
        text=True,
        timeout=300,
        env=sphinx_environment(),
    )


PAGES = {
    "squares": _page("Squares", "print(sum(n * n for n in range(10)))"),
    "cubes": _page("Cubes", "print(sum(n ** 3 for n in range(10)))"),
    # A page's own metadata wins, as in MyST-NB: this one is never executed.
    "manual": _page("Manual", "raise RuntimeError('executed although execution is off')",
                    extra='mystnb:\n  execution_mode: "off"\n'),
}


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    """The small site and its first build, shared: each test that changes it works on a copy."""
    source = _site(tmp_path_factory.mktemp("prerun"), PAGES)
    return source, _build(source)


@pytest.fixture
def built_copy(first_build, tmp_path) -> Path:
    """A copy of the built site, its jupyter-cache included (cached runs match by content, not path)."""
    source, first = first_build
    assert first.returncode == 0, first.stderr[-3000:]
    copy = tmp_path / "source"
    shutil.copytree(source, copy)
    return copy


def test_stale_pages_run_before_reading_and_are_read_from_the_cache(first_build):
    source, first = first_build

    assert first.returncode == 0, first.stderr[-3000:]
    log = first.stdout + first.stderr
    assert "executing 2 notebooks" in log
    for page in ("squares", "cubes"):
        assert f"{page}: executed in" in log
        assert f"{page}.md: Using cached notebook" in log
    assert "Executing notebook" not in log  # MyST-NB itself executed nothing
    assert "manual" not in " ".join(line for line in log.splitlines() if "executed in" in line)
    html = (source / "_build" / "html" / "squares.html").read_text(encoding="utf-8")
    assert "285" in html  # the output, from the cache
    assert "2025" in (source / "_build" / "html" / "cubes.html").read_text(encoding="utf-8")

    # Nothing changed: nothing to execute, and no message about it.
    again = _build(source)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "executing" not in (again.stdout + again.stderr).replace("Executing", "")


def test_edited_pages_alone_run_again(built_copy):
    source = built_copy

    (source / "cubes.md").write_text(_page("Cubes", "print(sum(n ** 3 for n in range(11)))"), encoding="utf-8")
    (source / "squares.md").write_text(_page("Squares", "print(sum(n * n for n in range(11)))"), encoding="utf-8")
    second = _build(source)

    log = second.stdout + second.stderr
    assert second.returncode == 0, log[-3000:]
    assert "executing 2 notebooks" in log
    assert "3025" in (source / "_build" / "html" / "cubes.html").read_text(encoding="utf-8")


def test_a_failing_page_is_reported_by_myst_nb_and_fails_the_build(tmp_path):
    pages = {**PAGES, "broken": _page("Broken", "1 / 0")}
    source = _site(tmp_path, pages)

    result = _build(source)

    log = result.stdout + result.stderr
    assert result.returncode != 0
    # The traceback, from the run ahead of reading (Sphinx drops a failing reader's log under -j) ...
    assert re.search(r"broken\.md: WARNING: executing the notebook failed \(CellExecutionError\)", log)
    assert "ZeroDivisionError" in log and "1 / 0" in log
    # ... and MyST-NB's own run stops the build, naming the page.
    assert "ExecutionError" in log and log.count("broken.md") >= 2


def test_a_serial_build_leaves_execution_to_myst_nb(tmp_path):
    source = _site(tmp_path, PAGES)

    result = _build(source, jobs="1")

    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert "executing 2 notebooks" not in log
    assert log.count("Executing notebook using local CWD") == 2


def test_the_kernels_beside_the_examples_start_with_the_lower_priority():
    from workshop_site.steps.notebook_prerun import BESIDE_EXAMPLES_NICENESS, _lower_this_threads_priority

    before = os.nice(0)
    seen = {}

    def start_a_process():
        _lower_this_threads_priority(BESIDE_EXAMPLES_NICENESS)
        seen["thread"] = os.nice(0)
        child = subprocess.run([sys.executable, "-c", "import os; print(os.nice(0))"], capture_output=True, text=True)
        seen["child"] = int(child.stdout)

    thread = threading.Thread(target=start_a_process)
    thread.start()
    thread.join()

    expected = min(before + BESIDE_EXAMPLES_NICENESS, 19)
    assert seen == {"thread": expected, "child": expected}
    assert os.nice(0) == before  # the rest of the build keeps its priority


def test_a_damaged_cache_is_repaired_and_the_build_passes(built_copy):
    # A damaged database is repaired the same way (tests/test_extensions.py); one rebuild is enough here.
    source = built_copy
    cache = source / "_build" / ".jupyter_cache"
    for notebook in (cache / "executed").rglob("base.ipynb"):
        notebook.write_text(notebook.read_text(encoding="utf-8")[:100], encoding="utf-8")  # truncated

    again = _build(source)

    log = again.stdout + again.stderr
    assert again.returncode == 0, log[-3000:]
    assert log.count("was damaged (NotJSONError): removed it; the page runs again") == 2
    assert "executing 2 notebooks" in log
    assert "285" in (source / "_build" / "html" / "squares.html").read_text(encoding="utf-8")
