"""The playground's JavaScript on its own, with Node's test runner (tests/js/playground.test.mjs).

The engine's gradients against finite differences, the data generators, the
CSV reader, the URL state and the Keras export: no site build, no browser.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests" / "js" / "playground.test.mjs"
ASSETS = ROOT / "docs" / "_static" / "playground"
MAX_ASSET_BYTES = 80_000  # the playground's own scripts and styles, uncompressed


def test_node_tests_of_the_playground_pass():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the playground's JavaScript tests need Node 20 or later")
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    if int(re.match(r"v(\d+)", version).group(1)) < 20:
        pytest.skip(f"node {version} is too old for the playground's JavaScript tests: they need Node 20 or later")
    done = subprocess.run([node, "--test", str(TESTS)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    failed = "\n".join(line for line in done.stdout.splitlines() if line.startswith("not ok"))
    assert done.returncode == 0, f"node --test {TESTS.name} failed:\n{failed}\n{done.stdout[-4000:]}{done.stderr[-2000:]}"
    assert re.search(r"^# fail 0$", done.stdout, re.M) and not re.search(r"^# pass 0$", done.stdout, re.M), done.stdout[-2000:]


def test_the_playgrounds_scripts_and_styles_weigh_at_most_80_kb():
    files = sorted(ASSETS.glob("*.*"))
    assert {path.suffix for path in files} == {".js", ".css"}
    total = sum(path.stat().st_size for path in files)
    assert total <= MAX_ASSET_BYTES, f"{total} bytes: " + ", ".join(f"{p.name} {p.stat().st_size}" for p in files)


def test_the_playground_imports_the_widgets_math_instead_of_copying_it():
    engine = (ASSETS / "engine.js").read_text(encoding="utf-8")
    assert 'from "../widgets/math.js"' in engine
    for formula in ("Math.exp(", "Math.log1p(", "Math.sqrt(1 -"):  # softmax and sigmoid, crossentropy, Adam's step size
        assert formula not in engine, f"engine.js computes {formula} itself: import it from math.js"
