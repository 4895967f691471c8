"""The site's JavaScript in one style: ES modules that share one DOM and number
helper, small files, and no window globals between modules.

Static checks of the sources in docs/_static; what the scripts do is tested in
Node (tests/js/) and in Chromium (tests/test_*_browser.py).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "docs" / "_static"
SHARED = STATIC / "shared" / "dom.js"
# Classic scripts on purpose: they also run on pages opened from disk (file://), where
# browsers refuse module scripts; they import nothing and export nothing.
CLASSIC = {STATIC / "copy-code.js", STATIC / "late-css.js"}
MAX_LINES = 400
# The only globals: hooks for the browser tests and the benchmark, never read by another module.
TEST_HOOKS = {"workshopWidgets", "workshopPlayground"}


def scripts() -> list[Path]:
    return sorted(STATIC.rglob("*.js"))


def test_every_script_but_the_two_classic_ones_is_an_es_module():
    modules = [path for path in scripts() if path not in CLASSIC]
    assert len(modules) > 20
    for path in modules:
        text = path.read_text(encoding="utf-8")
        assert re.search(r"^(import|export) ", text, re.M), f"{path.relative_to(ROOT)} is not an ES module"
        assert "(function ()" not in text and "var " not in text, f"{path.relative_to(ROOT)}: an old-style script"
    for path in CLASSIC:
        assert not re.search(r"^(import|export) ", path.read_text(encoding="utf-8"), re.M), path


def test_no_script_is_longer_than_400_lines():
    lengths = {path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines()) for path in scripts()}
    long = {name: n for name, n in lengths.items() if n > MAX_LINES}
    assert long == {}


def test_elements_and_numbers_come_from_the_one_shared_helper():
    for path in scripts():
        if path == SHARED or path in CLASSIC:
            continue
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        assert "document.createElement" not in text, f"{name} builds elements itself: use el() from shared/dom.js"
        assert not re.search(r"\b(function|const|let)\s+(fmt|h|el|make)\b", text), f"{name} defines its own element or number helper"
    helper = SHARED.read_text(encoding="utf-8")
    assert "export function el(" in helper and "export function fmt(" in helper and "export function buildData(" in helper


def code(path: Path) -> str:
    """The script without its comments."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"^\s*//.*$", "", text, flags=re.M)


def test_modules_talk_through_imports_not_window_globals():
    for path in scripts():
        text = code(path)
        assigned = set(re.findall(r"window\.(\w+)\s*=", text))
        assert assigned <= TEST_HOOKS, f"{path.relative_to(ROOT)} sets window.{assigned - TEST_HOOKS}"
        read = set(re.findall(r"window\.(workshop\w+)", text)) - assigned
        assert read == set(), f"{path.relative_to(ROOT)} reads another module's global {read}"


def test_build_data_reaches_scripts_one_way_a_json_data_block():
    sources = "\n".join(path.read_text(encoding="utf-8") for path in scripts())
    assert "fetch(" not in sources and "data.json" not in sources  # no second request for the build's data
    assert "dataset.outputLayers" not in sources and "JSON.parse(root.dataset" not in sources  # no JSON in attributes
    content = ROOT / "src" / "workshop_site" / "content"
    emitters = {name: (content / name).read_text(encoding="utf-8")
                for name in ("widgets.py", "playground.py", "practice/directives.py", "copy_code.py")}
    for name, text in emitters.items():
        assert "data_block(" in text, f"{name} hands its data to JavaScript another way"
        assert 'type="application/json"' not in text or name == "data_block.py", f"{name} writes its own data block"
