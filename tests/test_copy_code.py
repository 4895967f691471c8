"""The copy button (src/workshop_site/content/copy_code.py, docs/_static/copy-code.js) and
the minifier (src/workshop_site/finishing/minify.py).

No site build: the browser tests serve a small page and the script from the
repository through Playwright's routing; the minifier is tested on strings
and on the site's own files.
"""

from __future__ import annotations

import subprocess

import pytest

from site_harness import ROOT
from site_harness.node import node
from workshop_site.content import copy_code
from workshop_site.content.data_block import data_block
from workshop_site.finishing.minify import minify_css, minify_js

STATIC = ROOT / "docs" / "_static"
ORIGIN = "http://127.0.0.1:9"  # never contacted: Playwright answers every request


# --- The copy button, in Chromium -------------------------------------------------------


def _data_block() -> str:
    import conf  # the site's settings, one place

    return data_block("copy-code", copy_code.settings(conf))


PAGE = """<!doctype html><html lang="en"><head><title>t</title></head><body>
<div class="highlight-python"><div class="highlight"><pre id="session"><span class="gp">&gt;&gt;&gt; </span>x = 1
<span class="gp">&gt;&gt;&gt; </span>x + 1
<span class="go">2</span>

<span class="gp">... </span>pass
</pre></div></div>
<div class="highlight-python"><div class="highlight"><pre id="numbered"><span class="linenos">1</span>import keras
<span class="linenos">2</span>print("a $ b")
</pre></div></div>
<div class="output"><div class="highlight"><pre id="output">2</pre></div></div>
{data}
<script defer src="copy-code.js"></script>
</body></html>"""


@pytest.fixture
def page(browser):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=ORIGIN)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    body = PAGE.replace("{data}", _data_block())
    tab.route(f"{ORIGIN}/", lambda route: route.fulfill(body=body, content_type="text/html"))
    tab.route(f"{ORIGIN}/copy-code.js", lambda route: route.fulfill(path=STATIC / "copy-code.js", content_type="text/javascript"))
    tab.goto(f"{ORIGIN}/")
    tab.wait_for_selector("button.copybtn", state="attached")
    yield tab
    context.close()
    assert errors == []


def _copied(page, block: str) -> str:
    page.locator(f"#{block} + button.copybtn").click()
    page.wait_for_selector(f"#{block} + button.copybtn.success")
    return page.evaluate("navigator.clipboard.readText()")


@pytest.mark.browser
def test_code_blocks_get_a_named_button_and_outputs_none(page):
    assert page.locator("button.copybtn").count() == 2
    assert page.locator("#output + button").count() == 0
    button = page.locator("#session + button.copybtn")
    assert button.get_attribute("aria-label") == "Copy the code" and button.get_attribute("type") == "button"


@pytest.mark.browser
def test_a_session_copies_its_prompted_lines_without_prompts_or_outputs(page):
    # The output line is left empty, as sphinx-copybutton left it; blank lines are kept.
    assert _copied(page, "session") == "x = 1\nx + 1\n\n\npass"
    assert page.locator("#session + button").get_attribute("data-tooltip") == "Copied!"


@pytest.mark.browser
def test_code_without_prompts_copies_whole_without_line_numbers(page):
    assert _copied(page, "numbered") == 'import keras\nprint("a $ b")'


# --- Settings ------------------------------------------------------------------------


class _Config(dict):
    __getattr__ = dict.__getitem__


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("copy_code_prompt", "(", "copy_code_prompt must be a regular expression"),
        ("copy_code_selector", " ", "copy_code_selector must select"),
        ("copy_code_exclude", None, "copy_code_exclude must be a string"),
    ],
)
def test_bad_settings_are_named(name, value, message):
    config = _Config(copy_code_selector="pre", copy_code_prompt=">>> ", copy_code_exclude="")
    config[name] = value
    with pytest.raises(ValueError, match=message):
        copy_code.check_settings(None, config)


# --- The minifier --------------------------------------------------------------------


def test_minified_javascript_keeps_template_literals_and_licences():
    source = "/*! licence */\n// a `comment`\nconst a = `x  ${ {b: 1}.b }\n  y`;\nexport  function f ( ) { return a ; }\n"
    small = minify_js(source)
    assert len(small) < len(source)
    assert "/*! licence */" in small and "`x  ${ {b: 1}.b }\n  y`" in small and "comment" not in small


def test_a_nested_template_literal_leaves_the_script_as_it_was():
    source = 'const a = `x ${b ? `y  z` : ""} w`;\n// c\n'
    assert minify_js(source) == source


def test_minified_css_is_smaller_and_a_file_that_cannot_shrink_is_kept():
    assert minify_css("a {\n  color: red;  /* why */\n}\n") == "a{color:red}"
    assert minify_css("a{color:red}") == "a{color:red}"


def test_every_script_of_the_site_still_parses_once_minified(tmp_path):
    """Node parses each minified script as an ES module (the strictest of the two goals)."""
    scripts = sorted(STATIC.rglob("*.js"))
    assert len(scripts) > 10
    for script in scripts:
        target = tmp_path / (script.relative_to(STATIC).as_posix().replace("/", "__") + ".mjs")
        target.write_text(minify_js(script.read_text(encoding="utf-8")), encoding="utf-8")
        result = subprocess.run([node(), "--check", str(target)], capture_output=True, text=True)
        assert result.returncode == 0, f"{script}: {result.stderr[-800:]}"
