"""The front page and the habits readers expect: reading path, cards, copy buttons, examples under the API.

``reading_minutes`` needs no build; the rest reads the one build of ``built_site``.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from site_harness.pages import concept_pages, read_page
from workshop_site.content.start_here import CODE_LINES_PER_MINUTE, WORDS_PER_MINUTE, pages_on_path, reading_minutes

CONCEPT_PAGES = concept_pages()  # the reading path's order


def test_reading_time_counts_prose_and_code_and_rounds_up():
    assert reading_minutes(WORDS_PER_MINUTE, 0) == 1
    assert reading_minutes(WORDS_PER_MINUTE + 1, 0) == 2
    assert reading_minutes(WORDS_PER_MINUTE, CODE_LINES_PER_MINUTE) == 2
    assert reading_minutes(0, 0) == 1  # a page is never "0 min"


def test_a_reading_path_follows_a_toctree_in_its_order_or_a_glob_in_name_order():
    env = SimpleNamespace(found_docs={"c/index", "c/01-a", "c/b", "c/02-c"},
                          toctree_includes={"c/index": ["c/01-a", "c/b", "c/02-c"]})
    assert pages_on_path(env, "c/index") == ["c/01-a", "c/b", "c/02-c"]
    assert pages_on_path(env, "c/0*") == ["c/01-a", "c/02-c"]


def test_reading_time_rejects_negative_counts():
    with pytest.raises(ValueError, match="words and code_lines must be >= 0, got -1 and 0"):
        reading_minutes(-1, 0)


@pytest.mark.build
def test_the_start_here_path_lists_every_concept_page_in_order_with_its_minutes(built_site):
    index = read_page(built_site.html_dir / "index.html")
    steps = index.select("ol.start-here > li")
    minutes = [int(re.fullmatch(r" · (\d+) min", step.select_one(".reading-time").get_text())[1]) for step in steps]
    total = re.search(r"About (\d+) h (\d+) min in all", index.select_one(".reading-time-note").get_text())

    assert [step.a["href"] for step in steps] == [f"concepts/{page}.html" for page in CONCEPT_PAGES]
    assert all(minute >= 1 for minute in minutes)
    assert int(total[1]) * 60 + int(total[2]) == sum(minutes)


@pytest.mark.build
def test_the_front_page_shows_examples_with_their_thumbnails_and_a_card_per_widget(built_site):
    index = read_page(built_site.html_dir / "index.html")
    thumbnails = index.select(".sphx-glr-thumbcontainer img")
    widget_cards = index.select("div.cards div.card a[href]")

    assert len(thumbnails) >= 4 and all("_thumb" in img["src"] and img.get("loading") == "lazy" for img in thumbnails)
    assert len(widget_cards) >= 5
    assert not index.find("math")  # the front page does not pay for the math font


@pytest.mark.build
def test_api_functions_list_the_examples_that_use_them(built_site):
    api = read_page(built_site.html_dir / "api.html")
    entry = api.find(id="workshop.plotting.plot_history").find_parent("dl")
    linked = {a["href"] for a in entry.select(".sphx-glr-thumbcontainer a[href]")}

    assert any(href.startswith("auto_examples/plot_") for href in linked)


@pytest.mark.build
@pytest.mark.browser
def test_code_gets_a_copy_button_and_outputs_do_not(built_site, site_server, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_server}/auto_examples/plot_05_binary_classification.html")
    page.wait_for_load_state("load")
    page.wait_for_selector("button.copybtn", state="attached")
    counts = page.evaluate(
        """() => ({
            code: document.querySelectorAll('div[class*="highlight-"]:not(.sphx-glr-script-out) > div.highlight').length,
            buttons: document.querySelectorAll('button.copybtn').length,
            onOutputs: document.querySelectorAll('.sphx-glr-script-out button.copybtn, .output button.copybtn').length,
        })"""
    )
    first = page.locator("button.copybtn").first
    first.focus()
    page.wait_for_timeout(500)  # the fade-in
    opacity = first.evaluate("(button) => getComputedStyle(button).opacity")
    context.close()

    assert counts["buttons"] == counts["code"] > 0
    assert counts["onOutputs"] == 0
    assert opacity == "1"  # visible when reached with the keyboard, not only on hover
