"""The widgets' JavaScript math, checked with Node's own test runner against
numbers :mod:`workshop` computes (``node --test tests/js/*.test.mjs``), and the fixture
those tests read kept in step with workshop."""

from __future__ import annotations

import re
import subprocess

import make_js_fixture
from site_harness import ROOT
from site_harness.node import node

JS_TESTS = ROOT / "tests" / "js"


def test_js_fixture_matches_what_workshop_computes_now():
    committed = make_js_fixture.FIXTURE.read_text(encoding="utf-8")
    assert committed == make_js_fixture.render(make_js_fixture.build_fixture()), (
        "tests/js/fixtures/workshop.json is stale: run `python tests/make_js_fixture.py` and commit it"
    )


def test_node_tests_of_the_widgets_and_the_playground_pass():
    # Every *.test.mjs in tests/js/: the widgets' math and surfaces, the build's data, the playground.
    files = sorted(JS_TESTS.glob("*.test.mjs"))
    assert len(files) >= 4, files
    done = subprocess.run([node(), "--test", "--test-reporter=tap", *map(str, files)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    summary = "\n".join(line for line in done.stdout.splitlines() if line.startswith(("not ok", "# tests", "# fail")))
    assert done.returncode == 0, f"node --test tests/js/*.test.mjs failed:\n{summary}\n{done.stdout[-4000:]}{done.stderr[-2000:]}"
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
