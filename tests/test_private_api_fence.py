"""Every private name of another package, and every undocumented file name, is used in internals.py alone.

src/workshop_site/internals.py is the fence: each thing another package does
not promise to keep is reached through one function there, which checks it is
still where it was. This test reads every other Python source of the
repository (src/, conf.py, tests/, benchmarks/), without importing them, and
fails naming the file, the line and what it used.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from site_harness import ROOT

FENCE = ROOT / "src" / "workshop_site" / "internals.py"
# Top-level modules that are ours: everything else is another package.
OURS = {
    *(path.name for path in (ROOT / "src").iterdir() if (path / "__init__.py").is_file()),  # workshop, workshop_site, site_harness
    *(path.stem for path in (ROOT / "tests").glob("*.py")),  # conftest and the tests' helper modules
    "benchmarks", *(path.stem for path in (ROOT / "benchmarks").glob("*.py")),
}
# Names without a leading underscore that their packages do not document (fenced all the same).
UNDOCUMENTED_NAMES = {
    "CacheBundleIn", "single_nb_execution",  # jupyter-cache's executor internals
    "NbParserConfig", "nb_node_to_dict", "create_nb_reader", "create_mystnb_config",  # MyST-NB's
    "create_myst_config",  # MyST-Parser's
    "HLIST_HEADER", "HLIST_IMAGE_MATPLOTLIB",  # sphinx-gallery's templates
    "Project",  # sphinx.project.Project
}
# Settings MyST-NB and MyST-Parser keep on Sphinx's environment, undocumented.
UNDOCUMENTED_ATTRIBUTES = {"mystnb_config", "myst_config"}
# File names another package makes up and does not document.
UNDOCUMENTED_FILE_NAMING = {
    "sphx_glr_": "sphinx-gallery's names for generated images and files",
    "_2_00x": "sphinx-gallery's name for a 2x figure",
    "backreferences_all": "sphinx-gallery's backreferences index",
    "[0-9a-f]{16": "a content-hashed file name (MyST-NB's mystnb.<sha256>.css)",
}


def _sources() -> list[Path]:
    files = [ROOT / "conf.py", *(ROOT / "src").rglob("*.py"), *(ROOT / "tests").rglob("*.py"),
             *(ROOT / "benchmarks").rglob("*.py")]
    # This file names what it looks for.
    return sorted(path for path in files if path not in (FENCE, Path(__file__).resolve()) and "node_modules" not in path.parts)


def _is_private(name: str) -> bool:
    # "_" alone is gettext's documented translation function (sphinx.locale._).
    return name.startswith("_") and name != "_" and not (name.startswith("__") and name.endswith("__"))


def _is_other_package(module: str | None) -> bool:
    top = (module or "").split(".")[0]
    return bool(top) and top not in OURS and not top.startswith("test_") and top not in sys.stdlib_module_names


def fence_breaches(source: str, filename: str = "<source>") -> list[str]:
    """Every use of a private or undocumented name of another package in ``source``, as 'line: what'."""
    tree = ast.parse(source, filename)
    found = []
    modules = set()  # local names bound to another package's modules
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _is_other_package(alias.name):
                    if any(_is_private(part) for part in alias.name.split(".")):
                        found.append(f"{node.lineno}: import {alias.name}")
                    modules.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _is_other_package(node.module):
            if any(_is_private(part) for part in node.module.split(".")):
                found.append(f"{node.lineno}: from {node.module} import ...")
            for alias in node.names:
                if _is_private(alias.name) or alias.name in UNDOCUMENTED_NAMES:
                    found.append(f"{node.lineno}: from {node.module} import {alias.name}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if node.attr in UNDOCUMENTED_ATTRIBUTES:
                found.append(f"{node.lineno}: .{node.attr}")
            root = node.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in modules and _is_private(node.attr):
                found.append(f"{node.lineno}: {root.id}....{node.attr}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            for naming, what in UNDOCUMENTED_FILE_NAMING.items():
                if naming in node.value:
                    found.append(f"{node.lineno}: {node.value[:60]!r} ({what})")
    return found


def test_no_source_outside_the_fence_uses_a_private_name_of_another_package():
    breaches = {}
    for path in _sources():
        if found := fence_breaches(path.read_text(encoding="utf-8"), str(path)):
            breaches[str(path.relative_to(ROOT))] = found
    assert breaches == {}, "use src/workshop_site/internals.py for these"


@pytest.mark.parametrize("source, expected", [
    ("from sphinx_gallery.scrapers import _matplotlib_fig_titles", "from sphinx_gallery.scrapers import _matplotlib_fig_titles"),
    ("import joblib\njoblib.externals.loky.reusable_executor._executor", "joblib...._executor"),
    ("from jupyter_cache.base import CacheBundleIn", "import CacheBundleIn"),
    ("from sphinx.project import Project", "import Project"),
    ("from myst_nb._private import x", "from myst_nb._private import"),
    ("config = app.env.mystnb_config", ".mystnb_config"),
    ("name = f'{stem}_2_00x.png'", "a 2x figure"),
    ("path = 'images/sphx_glr_plot_01_001.png'", "sphinx-gallery's names"),
    ("HASHED = re.compile(r'mystnb\\.[0-9a-f]{16,}\\.css')", "content-hashed"),
])
def test_each_kind_of_breach_is_found(source, expected):
    found = fence_breaches(source)
    assert len(found) == 1 and expected in found[0], found


@pytest.mark.parametrize("source", [
    "from workshop_site.internals import loky_executor",
    "import os\nos._exit",  # the standard library's own underscore API
    "class A:\n    def _own(self):\n        return self._own",
    "from sphinx.util import logging\nlogging.getLogger(__name__)",
])
def test_our_own_and_public_names_pass(source):
    assert fence_breaches(source) == []


def test_the_fence_itself_holds_what_it_fences():
    text = FENCE.read_text(encoding="utf-8")
    for name in UNDOCUMENTED_NAMES | {"_matplotlib_fig_titles", "_executor", "_2_00x", "backreferences_all"}:
        assert re.search(re.escape(name), text), f"internals.py no longer fences {name}"
