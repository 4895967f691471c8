"""The Content-Security-Policy (docs/_ext/csp.py): unit tests, then every built page under it in Chromium."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import csp  # noqa: E402

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
    markup = csp.SCRIPT.sub("", html.split("<body>", 1)[1])
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

VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


@pytest.mark.build
@pytest.mark.browser
def test_every_page_runs_under_its_policy_without_a_violation_or_an_exception(built_site, site_server, browser):
    # Each page is opened with the URL parameters that Sphinx's highlighter and sphinx-gallery's
    # tag filter read: a reader's (or a search result's) link must never make a page throw.
    from site_support import guard

    html_dir = Path(built_site.html_dir)
    pages = sorted(p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html") if "_static" not in p.parts)
    assert len(pages) > 30
    problems = {}
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    watch = guard(page)
    for name in pages:
        assert "Content-Security-Policy" in (html_dir / name).read_text(encoding="utf-8"), name
        watch.console_errors.clear()
        watch.page_errors.clear()
        page.goto(f"{site_server}/{name}?highlight=x+next&sg-tags=foo")
        page.wait_for_load_state("load")
        # Widgets are built as they come near the viewport: scroll through the page.
        height = page.evaluate("document.body.scrollHeight")
        for y in range(0, height + 900, 800):
            page.evaluate(f"window.scrollTo(0, {y})")
            page.wait_for_timeout(30)
        page.wait_for_timeout(200)
        found = page.evaluate("window.__cspViolations") + [m for m in watch.console_errors if "Content Security Policy" in m]
        if found or watch.page_errors:
            problems[name] = found + [f"page error: {error}" for error in watch.page_errors]
    # The reader's theme choice survives a reload (the theme's inline script is allowed by its hash)
    # and the theme's SVG sprite stays hidden (its style attribute became a class).
    page.goto(f"{site_server}/index.html")
    page.evaluate("localStorage.setItem('theme', 'dark')")
    page.reload()
    assert page.evaluate("document.body.dataset.theme") == "dark"
    assert page.evaluate("getComputedStyle(document.querySelector('body > svg')).display") == "none"
    context.close()
    assert problems == {}
