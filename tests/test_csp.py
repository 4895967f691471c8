"""The Content-Security-Policy (src/workshop_site/finishing/csp.py): unit tests, then the built site under it in Chromium.

Every page is opened under its policy in tests/test_every_page.py."""

from __future__ import annotations

import re

import pytest

from workshop_site.finishing import csp

PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<style>body { color: red; }</style></head>
<body><script>document.body.dataset.theme = "auto";</script>
<svg xmlns="http://www.w3.org/2000/svg" style="display: none;"><symbol id="a"></symbol></svg>
<table class="indextable" style="width: 100%"><tr><td style='width: 33%; vertical-align: top;'>x</td></tr></table>
<script type="application/json" id="data">{"a": "<b style=\\"x\\">"}</script>
<script src="_static/a.js"></script>
<pre>&lt;div style="kept as text"&gt;</pre>
</body></html>
"""


def _meta_policy(html: str) -> dict[str, list[str]]:
    content = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)[1]
    return {part.split()[0]: part.split()[1:] for part in content.split("; ")}


def test_inline_script_and_style_are_allowed_by_their_hash_only():
    policy = _meta_policy(csp.secure_page(PAGE))
    assert csp.source_hash('document.body.dataset.theme = "auto";') in policy["script-src"]
    assert csp.source_hash("body { color: red; }") in policy["style-src"]
    # The JSON block is data, never executed: no hash for it, and no unsafe keyword anywhere.
    assert len([s for s in policy["script-src"] if s.startswith("'sha256-")]) == 1
    assert not any("unsafe" in source for sources in policy.values() for source in sources)
    assert policy["object-src"] == ["'none'"]
    assert policy["default-src"][0] == "'self'"


def test_the_hash_is_the_one_browsers_compute():
    # CSP's sha256 of "alert('Hello, world.');", as given in the CSP Level 3 specification.
    assert csp.source_hash("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"


def test_style_attributes_become_classes_with_the_same_rules():
    html = csp.secure_page(PAGE)
    markup = re.sub(r"<script\b.*?</script>", "", html.split("<body>", 1)[1], flags=re.S)  # scripts hold code, not markup
    assert not re.search(r"<[a-z]+[^>]*\sstyle=", markup), "a style attribute is left"
    hidden = csp.CLASS_PREFIX + re.search(r'<svg xmlns="http://www.w3.org/2000/svg" class="csp-style-(\w+)"', html)[1]
    block = re.search(r'<style id="csp-attribute-styles">\n(.*?)\n</style>', html, re.S)[1]
    assert f".{hidden} {{ display: none !important }}" in block
    assert "width: 33% !important; vertical-align: top !important" in block
    assert 'class="indextable csp-style-' in html  # merged into the existing class attribute
    # Text inside <pre>, and strings inside scripts, are not markup.
    assert '&lt;div style="kept as text"&gt;' in html
    assert '{"a": "<b style=\\"x\\">"}' in html
    # The new block is itself allowed by its hash.
    assert csp.source_hash("\n" + block + "\n") in _meta_policy(html)["style-src"]


def test_securing_twice_changes_nothing():
    once = csp.secure_page(PAGE)
    assert csp.secure_page(once) == once
    assert once.count("Content-Security-Policy") == 1


def test_the_policy_comes_before_anything_it_governs():
    html = csp.secure_page(PAGE)
    assert html.index("Content-Security-Policy") < html.index("<style") < html.index("<script")


@pytest.mark.parametrize(
    "markup", ['<button onclick="go()">x</button>', '<a href="javascript:go()">x</a>', "<img src=a.png onerror=go()>"]
)
def test_inline_javascript_fails_the_build_naming_the_page(markup):
    with pytest.raises(csp.UnsafeMarkupError, match=r"concepts/x\.html.*attach the handler from a script file"):
        csp.secure_page(PAGE.replace("</body>", markup + "</body>"), "concepts/x.html")


# --- The built site under its policy, in Chromium ---------------------------

@pytest.mark.build
@pytest.mark.browser
def test_the_readers_theme_survives_a_reload_and_the_sprite_stays_hidden(built_site, site_server, browser):
    # Every page under its policy: tests/test_every_page.py. Here, what the policy must still let through:
    # the theme's inline script (allowed by its hash) keeps the reader's choice, and the theme's
    # SVG sprite stays hidden (its style attribute became a class).
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_server}/index.html")
    page.evaluate("localStorage.setItem('theme', 'dark')")
    page.reload()
    assert page.evaluate("document.body.dataset.theme") == "dark"
    assert page.evaluate("getComputedStyle(document.querySelector('body > svg')).display") == "none"
    context.close()
