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
