"""Every built page, opened once in Chromium and checked for everything a page owes its reader.

One walk instead of three (the policy, offline loading and math, accessibility)
because opening the page is most of the cost: each page is loaded once, under
its Content-Security-Policy, from 127.0.0.1 with every other request aborted,
with the URL parameters that Sphinx's highlighter and sphinx-gallery's tag
filter read (a reader's or a search result's link must never make a page throw).
It is then scrolled through, so that every widget is built (they are built as
they come near the viewport) and every lazy image loads, and checked:

- no policy violation, no script error, no console error, no request leaving the site;
- every widget started;
- every formula is MathML rendered at build time (no raw LaTeX left);
- axe finds no serious or critical violation.

The pages are split into shards, so that the test session's workers share the walk.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from site_harness.browser import guard

pytestmark = [pytest.mark.build, pytest.mark.browser, pytest.mark.slow]

SHARDS = 4
QUERY = "?highlight=x+next&sg-tags=foo"
VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""
# Scroll to the bottom a viewport at a time, waiting two frames at each stop:
# intersection observers report after a frame is drawn. Each step is instant: the
# theme scrolls smoothly, and a smooth scroll on a busy machine draws few frames,
# so it could jump past a widget between two of them and never bring it in view.
SCROLL_THROUGH = """async () => {
  const frame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  for (let y = 0; y < document.body.scrollHeight + innerHeight; y += innerHeight * 0.8) {
    scrollTo({ top: y, behavior: "instant" });
    await frame();
  }
  await frame();
}"""
WIDGETS_SETTLED = """() => [...document.querySelectorAll("[data-widget]")]
  .every((root) => root.classList.contains("ww-mounted") || root.classList.contains("ww-failed"))"""
FAILED_WIDGETS = """() => [...document.querySelectorAll("[data-widget].ww-failed")].map((root) => root.dataset.widget)"""
# Generous: the walk shares two cores with the rest of the test session (the widget pages
# build contour maps), and a page that never settles is reported by name.
WIDGETS_TIMEOUT_MS = 45_000
MATH_WITHOUT_MATHML = "() => [...document.querySelectorAll('.math')].filter((e) => !e.querySelector('math')).length"


def site_pages(html_dir: Path) -> list[str]:
    return sorted(p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html") if "_static" not in p.parts)


def test_the_walk_covers_the_whole_site(built_site):
    pages = site_pages(Path(built_site.html_dir))
    assert len(pages) > 30
    assert {"index.html", "widgets.html", "playground.html", "search.html", "404.html"} <= set(pages)


def _check_page(page, watch, axe, html_dir: Path, name: str, url: str) -> list[str]:
    """What is wrong with one page, as sentences naming it (empty when nothing is)."""
    source = (html_dir / name).read_text(encoding="utf-8")
    problems = [] if "Content-Security-Policy" in source else ["no Content-Security-Policy"]
    watch.console_errors.clear()
    watch.page_errors.clear()
    watch.offsite_requests.clear()
    page.goto(url + QUERY)
    page.wait_for_load_state("load")
    page.evaluate(SCROLL_THROUGH)
    try:
        page.wait_for_function(WIDGETS_SETTLED, timeout=WIDGETS_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        problems.append(f"widgets neither started nor failed within {WIDGETS_TIMEOUT_MS / 1000:g} s")
    problems += [f"widget failed to start: {widget}" for widget in page.evaluate(FAILED_WIDGETS)]
    if 'class="math' in source or "<math" in source:
        if missing := page.evaluate(MATH_WITHOUT_MATHML):
            problems.append(f"{missing} math element(s) without MathML")
        if page.locator("math").count() == 0:
            problems.append("math expected, none rendered")
    problems += [f"policy violation: {found}" for found in page.evaluate("window.__cspViolations")]
    problems += watch.problems()
    # Last, as it injects its own script (which the policy does not govern: it is not the page's).
    for violation in axe.run(page).response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [node["target"] for node in violation["nodes"]][:5]
            problems.append(f"axe: {violation['id']} ({violation['impact']}) at {targets}")
    return [f"{name}: {problem}" for problem in problems]


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_page_loads_offline_under_its_policy_with_widgets_math_and_no_serious_axe_violation(
        shard, built_site, site_server, browser):
    from axe_playwright_python.sync_playwright import Axe

    html_dir = Path(built_site.html_dir)
    axe = Axe()
    context = browser.new_context(viewport={"width": 1000, "height": 900}, color_scheme="light")
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    watch = guard(page)
    problems = []
    for name in site_pages(html_dir)[shard::SHARDS]:
        problems += _check_page(page, watch, axe, html_dir, name, f"{site_server}/{name}")
    context.close()
    assert problems == []
