"""The playground's JavaScript files: their weight, and math imported rather than copied.

Node's test runner runs tests/js/playground.test.mjs (the engine's gradients
against finite differences, the data generators, the CSV reader, the URL state
and the Keras export) with every other file in tests/js/, from
tests/test_widgets_js.py.
"""

from __future__ import annotations

from site_harness import ROOT

ASSETS = ROOT / "docs" / "_static" / "playground"
MAX_ASSET_BYTES = 80_000  # the playground's own scripts and styles, uncompressed


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
