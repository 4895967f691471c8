"""The "Check yourself" questions, answered in Chromium against the built site.

Uses the shared session fixtures ``built_site`` and ``site_server``
(tests/conftest.py). Every request that leaves 127.0.0.1 is aborted and fails
the test (``guard``).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from site_harness.browser import guard
from site_harness.pages import concept_pages
from site_harness.serve import serve

pytestmark = [pytest.mark.browser, pytest.mark.build]

PAGE = "concepts/05-activation-functions.html"  # one question of each kind
KEY = "workshop-practice"
BUDGET_BYTES = 30_000  # a page's own resources may grow this much for its questions, uncompressed


@pytest.fixture(scope="module")
def site(request):
    """(html folder, base URL) of the shared build; PRACTICE_SITE=folder serves an existing build instead."""
    existing = os.environ.get("PRACTICE_SITE")
    if not existing:
        return Path(request.getfixturevalue("built_site").html_dir), request.getfixturevalue("site_server") + "/"
    served = serve(Path(existing))
    request.addfinalizer(lambda: served.__exit__(None, None, None))
    return Path(existing), served.__enter__() + "/"


@pytest.fixture
def context(browser):
    """A fresh browser profile (empty localStorage) per test; new_page(path) opens a guarded page."""
    contexts = []

    def _new(**options):
        options.setdefault("viewport", {"width": 1000, "height": 900})
        options.setdefault("accept_downloads", True)
        ctx = browser.new_context(**options)
        contexts.append(ctx)
        return ctx

    yield _new
    for ctx in contexts:
        ctx.close()


def open_page(ctx, url: str):
    page = ctx.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    watch = guard(page)
    page.goto(url)
    page.wait_for_selector(".practice-q.is-ready, .practice-progress__controls")
    return page, watch


def question(page, qid: str):
    return page.locator(f"#practice-{qid}")


def answer_choice(page, qid: str, indices: list[int]):
    q = question(page, qid)
    for i in indices:
        q.locator(".practice-choice input").nth(i).check()
    q.locator(".practice-form__check").click()
    return q.locator(".practice-feedback")


def answer_number(page, qid: str, text: str):
    q = question(page, qid)
    q.locator(".practice-form__number").fill(text)
    q.locator(".practice-form__check").click()
    return q.locator(".practice-feedback")


def data(page, qid: str, name: str) -> str:
    return question(page, qid).get_attribute(f"data-{name}")


def summary(page) -> str:
    return page.locator(".practice-summary__count").inner_text()


def test_each_kind_answered_right_and_wrong_gives_that_options_feedback(site, context):
    _, url = site
    page, watch = open_page(context(), url + PAGE)
    kinds = {el.get_attribute("id").removeprefix("practice-"): el.get_attribute("data-kind")
             for el in page.locator(".practice-q").all()}
    assert set(kinds.values()) == {"single", "several", "number", "fix"}
    for qid, kind in kinds.items():
        q = question(page, qid)
        assert q.locator(".pq-solution").is_hidden()  # the worked solution comes after an answer
        if kind == "number":
            answer, decimals = float(data(page, qid, "answer")), int(data(page, qid, "decimals"))
            feedback = answer_number(page, qid, f"{answer + 3 * 10 ** -decimals:.{decimals}f}")
            assert "Not yet" in feedback.inner_text() and "is-wrong" in feedback.get_attribute("class")
            assert "Close: check the rounding" in feedback.inner_text()
            assert "If it does not:" in feedback.inner_text()  # the explanation for a wrong number
            feedback = answer_number(page, qid, "not a number")
            assert "is not a number" in q.locator(".practice-form__error").inner_text()
            assert q.locator(".practice-form__number").get_attribute("aria-invalid") == "true"
            feedback = answer_number(page, qid, f"{answer:.{decimals}f}")
        else:
            correct = [int(i) for i in data(page, qid, "correct").split()]
            n_options = q.locator(".practice-choice input").count()
            wrong = next(i for i in range(n_options) if i not in correct)
            feedback = answer_choice(page, qid, [wrong])
            text = feedback.inner_text()
            assert "Not yet" in text and "is-wrong" in feedback.get_attribute("class")
            assert f"{'ABCDEFGHIJ'[wrong]}, wrong:" in text  # that option's own explanation
            assert feedback.locator("a[href^='#']").count() >= 1  # and a link to the section
            if kind == "fix":
                assert feedback.locator(".pq-outcome pre").inner_text().strip()  # what Keras did
            q.locator(".practice-choice input").nth(wrong).uncheck() if kind == "several" else None
            feedback = answer_choice(page, qid, correct)
        assert "\u2713 Right." in feedback.inner_text() and "is-right" in feedback.get_attribute("class")
        assert q.locator(".pq-solution").is_visible()
    assert summary(page) == f"{len(kinds)} of {len(kinds)} done on this page."
    assert watch.problems() == []


def test_a_several_answers_question_half_answered_is_wrong_and_says_what_is_missing(site, context):
    _, url = site
    page, _ = open_page(context(), url + PAGE)
    correct = [int(i) for i in data(page, "activation-facts", "correct").split()]
    feedback = answer_choice(page, "activation-facts", correct[:1])
    assert "Not yet" in feedback.inner_text() and "correct answer is not ticked" in feedback.inner_text()


def test_progress_survives_a_reload_and_shows_on_the_index(site, context):
    _, url = site
    ctx = context()
    page, _ = open_page(ctx, url + PAGE)
    assert summary(page) == "0 of 5 done on this page."
    answer_choice(page, "relu-input", [int(data(page, "relu-input", "correct"))])
    answer_number(page, "softmax-car", "12")  # wrong: not done
    page.reload()
    page.wait_for_selector(".practice-q.is-ready")
    assert summary(page) == "1 of 5 done on this page."
    assert "Your last answer, kept in this browser" in question(page, "relu-input").locator(".practice-feedback").inner_text()
    assert question(page, "softmax-car").locator(".practice-form__number").input_value() == "12"
    index, _ = open_page(ctx, url + "index.html")
    item = index.locator('li[data-practice-doc="concepts/05-activation-functions"]')
    assert item.locator(".practice-progress__count").inner_text() == "1 of 5 done"
    total = index.locator(".practice-progress__total").inner_text()
    assert re.fullmatch(r"Your progress over all pages: 1 of (\d+) questions done\.", total)
    assert int(re.search(r"of (\d+)", total)[1]) >= 55


def test_a_question_whose_content_changed_starts_fresh_and_the_others_keep_their_progress(site, context):
    _, url = site
    ctx = context()
    page, _ = open_page(ctx, url + PAGE)
    stored = {"format": KEY, "version": 1, "questions": {
        "relu-input": {"hash": data(page, "relu-input", "hash"), "done": True, "right": True, "last": [0]},
        "softmax-index": {"hash": "0ld0ld0ld0ld", "done": True, "right": True, "last": [0]},
    }}
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, json.dumps(stored)])
    page.reload()
    page.wait_for_selector(".practice-q.is-ready")
    assert summary(page) == "1 of 5 done on this page."
    assert question(page, "softmax-index").locator(".practice-feedback").inner_text() == ""


def test_export_then_reset_then_import_restores_progress(site, context, tmp_path):
    _, url = site
    ctx = context()
    page, _ = open_page(ctx, url + PAGE)
    answer_choice(page, "relu-input", [int(data(page, "relu-input", "correct"))])
    index, watch = open_page(ctx, url + "index.html")
    with index.expect_download() as download:
        index.get_by_role("button", name="Export progress to a file").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    assert download.value.suggested_filename == "workshop-practice-progress.json"
    assert "relu-input" in json.loads(exported.read_text())["questions"]
    index.get_by_role("button", name="Reset all progress").click()
    assert index.locator(".practice-progress__total").inner_text().startswith("Your progress over all pages: 0 of")
    index.locator(".practice-progress__file").set_input_files(str(exported))
    index.wait_for_function("() => document.querySelector('.practice-summary__message').textContent.startsWith('Imported')")
    assert index.locator(".practice-progress__total").inner_text().startswith("Your progress over all pages: 1 of")
    page.reload()
    page.wait_for_selector(".practice-q.is-ready")
    assert summary(page) == "1 of 5 done on this page."
    # A file that is not an export is refused with a message, and changes nothing.
    garbage = tmp_path / "notes.json"
    garbage.write_text('{"hello": 1}')
    index.locator(".practice-progress__file").set_input_files(str(garbage))
    index.wait_for_function("() => document.querySelector('.practice-summary__message').textContent.includes('not a progress file')")
    assert index.locator(".practice-progress__total").inner_text().startswith("Your progress over all pages: 1 of")
    assert watch.problems() == []


BROKEN = {
    "garbage": ("localStorage.setItem('workshop-practice', '{not json')", "could not be read"),
    "disabled": (
        "Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('denied', 'SecurityError'); }})",
        "does not let the page store anything",
    ),
    "full": (
        "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); }",
        "storage for this site is full",
    ),
}


@pytest.mark.parametrize("kind", BROKEN)
def test_broken_storage_gives_a_clear_message_and_the_questions_still_work(site, context, kind):
    _, url = site
    ctx = context()
    script, message = BROKEN[kind]
    ctx.add_init_script(f"try {{ {script} }} catch (e) {{}}")
    page, watch = open_page(ctx, url + PAGE)
    feedback = answer_choice(page, "relu-input", [int(data(page, "relu-input", "correct"))])
    assert "\u2713 Right." in feedback.inner_text()
    assert message in page.locator(".practice-summary__message").inner_text()
    # With storage disabled the theme's own script throws too (it keeps the colour scheme there).
    expected = ["page error: denied"] if kind == "disabled" else []
    assert [p for p in watch.problems() if p not in expected] == []


def tab_to(page, selector: str, limit: int = 600) -> None:
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_keyboard_alone_answers_every_kind(site, context):
    _, url = site
    page, _ = open_page(context(), url + PAGE)
    # Single choice and "fix the model": Tab to the group, arrow keys pick, Enter checks.
    for qid in ("relu-input", "softmax-sigmoid-vehicles"):
        correct = int(data(page, qid, "correct"))
        tab_to(page, f"#practice-{qid} .practice-choice input")
        page.keyboard.press("Space")
        for _ in range(correct):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        assert "\u2713 Right." in question(page, qid).locator(".practice-feedback").inner_text(), qid
    # Several answers: Tab between the boxes, Space ticks.
    qid = "activation-facts"
    correct = [int(i) for i in data(page, qid, "correct").split()]
    boxes = question(page, qid).locator(".practice-choice input").count()
    tab_to(page, f"#practice-{qid} .practice-choice input")
    for i in range(boxes):
        if i in correct:
            page.keyboard.press("Space")
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # focus is on Check
    assert "\u2713 Right." in question(page, qid).locator(".practice-feedback").inner_text()
    # A number: type it, Enter submits.
    qid = "softmax-car"
    tab_to(page, f"#practice-{qid} .practice-form__number")
    page.keyboard.type(f"{float(data(page, qid, 'answer')):.{int(data(page, qid, 'decimals'))}f}")
    page.keyboard.press("Enter")
    assert "\u2713 Right." in question(page, qid).locator(".practice-feedback").inner_text()
    assert summary(page) == "4 of 5 done on this page."


def test_feedback_is_announced_in_a_live_region(site, context):
    _, url = site
    page, _ = open_page(context(), url + PAGE)
    for feedback in page.locator(".practice-feedback").all():
        assert feedback.get_attribute("role") == "status"


def test_without_javascript_the_questions_show_with_hint_and_solution_in_disclosures(site, context):
    _, url = site
    page = context(java_script_enabled=False).new_page()
    page.goto(url + PAGE)
    q = question(page, "relu-input")
    assert q.locator(".pq-options > li").count() == 3 and q.locator(".pq-options > li").first.is_visible()
    for part in ("hint", "solution"):
        details = q.locator(f"details.pq-{part}")
        assert details.is_visible() and details.get_attribute("open") is None
    q.locator("details.pq-solution summary").click()
    assert "Answer: A." in q.locator(".pq-solution").inner_text()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations_with_answers_shown(site, context, scheme):
    from axe_playwright_python.sync_playwright import Axe

    _, url = site
    ctx = context(color_scheme=scheme, viewport={"width": 390, "height": 844})
    page, _ = open_page(ctx, url + PAGE)
    answer_choice(page, "relu-input", [1])
    answer_number(page, "softmax-car", "x")
    answer_choice(page, "softmax-sigmoid-vehicles", [0])
    axe = Axe()
    # The questions and the progress box; the rest of each page is the widget tests' business.
    checked = ((page, "#check-yourself"), (open_page(ctx, url + "index.html")[0], "#practice-progress"))
    for target, selector in checked:
        results = axe.run(target, context={"include": [[selector]]})
        serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], f"{target.url}: {serious}"


def _with_imports(files: list) -> set:
    """``files`` and every module their scripts import (relative ``from "./x.js"``), transitively."""
    seen, todo = set(), list(files)
    while todo:
        path = todo.pop().resolve()
        if path in seen:
            continue
        seen.add(path)
        if path.suffix == ".js":
            todo += [path.parent / name for name in re.findall(r"""from\s*["'](\.{1,2}/[^"']+)["']""", path.read_text(encoding="utf-8"))]
    return seen


def test_questions_need_no_inline_script_or_style_and_stay_within_the_page_budget(site):
    """Every concept page's questions, with the practice files it loads, weigh at most 30 kB as stored.

    The strict reading of the budget: uncompressed bytes (a server that
    compresses sends about a third of them), the files as the build wrote them.
    """
    html_dir, _ = site
    for name in concept_pages():
        page = html_dir / "concepts" / f"{name}.html"
        text = page.read_text(encoding="utf-8")
        start = text.find('<section id="check-yourself">')
        loaded = sorted(set(re.findall(r'_static/(practice/[\w.-]+\.(?:js|css))', text)))
        if name == "12-notes-on-the-notes":  # a commentary on the seed notes: no questions
            assert start < 0 and not loaded, page.name
            continue
        assert loaded == ["practice/practice.css", "practice/practice.js"], (page.name, loaded)
        section = text[start: text.find("</section>", start)]
        assert section.count('class="practice-q"') >= 5, page.name
        assert " style=" not in section and "<script" not in section, page.name
        files = _with_imports([html_dir / "_static" / name for name in loaded])
        assert (html_dir / "_static" / "shared" / "dom.js").resolve() in files, page.name  # the modules practice.js imports count too
        weight = len(section.encode("utf-8")) + sum(path.stat().st_size for path in files)
        assert weight <= BUDGET_BYTES, (page.name, weight)
