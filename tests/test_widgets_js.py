"""The widgets' JavaScript math, checked with Node's own test runner against
numbers :mod:`workshop` computes (``node --test tests/js/``), and the fixture
those tests read kept in step with workshop."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
JS_TESTS = ROOT / "tests" / "js"


def load_fixture_script():
    spec = importlib.util.spec_from_file_location("make_fixture", JS_TESTS / "make_fixture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_js_fixture_matches_what_workshop_computes_now():
    script = load_fixture_script()
    committed = script.FIXTURE.read_text(encoding="utf-8")
    assert committed == script.render(script.build_fixture()), (
        "tests/js/fixtures/workshop.json is stale: run `python tests/js/make_fixture.py` and commit it"
    )


def test_node_tests_of_the_widgets_and_the_playground_pass():
    # Every *.test.mjs in tests/js/: the widgets' math and surfaces, the build's data, the playground.
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the widgets' JavaScript tests (node --test tests/js/) need Node 20 or later")
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    if int(re.match(r"v(\d+)", version).group(1)) < 20:
        pytest.skip(f"node {version} is too old for the widgets' JavaScript tests: they need Node 20 or later")
    done = subprocess.run([node, "--test", str(JS_TESTS)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    summary = "\n".join(line for line in done.stdout.splitlines() if line.startswith(("not ok", "# tests", "# fail")))
    assert done.returncode == 0, f"node --test tests/js/ failed:\n{summary}\n{done.stdout[-4000:]}{done.stderr[-2000:]}"
    assert re.search(r"^# fail 0$", done.stdout, re.M) and not re.search(r"^# tests 0$", done.stdout, re.M), done.stdout[-2000:]


def test_suggested_learning_rates_bring_every_optimizer_down_each_surface_in_50_steps():
    from workshop.optimizers import SGD, Adam, RMSprop
    from workshop.surfaces import SUGGESTED_LEARNING_RATES, SUGGESTED_MOMENTUM, SURFACES, optimizer_path

    assert set(SUGGESTED_LEARNING_RATES) == set(SURFACES)
    make = {
        "sgd": lambda lr: SGD(lr),
        "momentum": lambda lr: SGD(lr, momentum=SUGGESTED_MOMENTUM),
        "rmsprop": lambda lr: RMSprop(lr),
        "adam": lambda lr: Adam(lr),
    }
    for name, rates in SUGGESTED_LEARNING_RATES.items():
        surface = SURFACES[name]
        assert set(rates) == set(make), name
        for key, rate in rates.items():
            end = optimizer_path(make[key](rate), surface, steps=50)[-1]
            assert surface(*end) < surface(*surface.start), f"{key} at {rate} on {name}"
