"""The playground page, driven in Chromium against the built site.

It trains from the buttons and the keyboard, follows Keras step for step
through ``window.workshopPlayground.trainExactly``, refuses a bad CSV by line,
turns a malformed address into defaults with a notice, adds points by click,
explains mismatched losses, and passes axe in light and dark mode, on a phone
and under a strict Content-Security-Policy. Every request leaving 127.0.0.1
is aborted and counted as a failure.
"""

from __future__ import annotations

import os

import pytest

from playground_reference import assert_same_weights, keras_runs
from site_harness.browser import guard
from site_harness.scripts import ONE_TENSORFLOW_THREAD

pytestmark = [pytest.mark.browser, pytest.mark.build]

PAGE = "playground.html"
# A function, not an expression: under the pages' CSP (no eval) Playwright can poll only a function.
READY = "() => window.workshopPlayground !== undefined"
STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:"


@pytest.fixture
def open_playground(browser, site_server):
    """open_playground(hash="", **context options) -> (page, watch); closed after the test."""
    contexts = []

    def _open(hash_: str = "", csp: str | None = None, **options):
        options.setdefault("viewport", {"width": 1100, "height": 1000})
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        watch = guard(page)
        if csp:
            def with_csp(route):
                response = route.fetch()
                route.fulfill(response=response, headers={**response.headers, "content-security-policy": csp})

            page.route(f"{site_server}/{PAGE}*", with_csp)
            page.add_init_script(
                "window.__violations = []; document.addEventListener('securitypolicyviolation',"
                " (e) => window.__violations.push([e.violatedDirective, e.sourceFile, e.blockedURI]));"
            )
        page.goto(f"{site_server}/{PAGE}{hash_}")
        page.wait_for_function(READY, timeout=15000)
        return page, watch

    yield _open
    for context in contexts:
        context.close()


def status(page) -> dict:
    return page.evaluate("window.workshopPlayground.status()")


def test_play_trains_and_pause_stops(open_playground):
    page, watch = open_playground()
    assert status(page)["epoch"] == 0
    page.get_by_role("button", name="Play").click()
    page.wait_for_function("() => window.workshopPlayground.status().epoch >= 5", timeout=30000)
    page.get_by_role("button", name="Pause").click()
    stopped = status(page)
    page.wait_for_timeout(300)
    assert status(page)["epoch"] == stopped["epoch"]
    summary = page.locator(".pg-summary").text_content()
    assert f"Epoch {stopped['epoch']}" in summary and "validation accuracy" in summary
    assert stopped["history"][-1]["loss"] < stopped["history"][0]["loss"]
    assert watch.problems() == []


def test_step_epoch_and_reset_with_the_keyboard(open_playground):
    page, watch = open_playground()
    page.get_by_role("button", name="One step").focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused button shows no outline"
    page.keyboard.press("Enter")
    assert status(page)["steps"] == 1
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert status(page)["epoch"] == 1
    first = status(page)["history"][0]
    page.get_by_role("button", name="Reset").click()
    assert status(page)["steps"] == 0
    page.get_by_role("button", name="One epoch").click()
    assert status(page)["history"][0] == first, "the same seed must give the same first epoch"
    assert watch.problems() == []


@pytest.mark.slow
@pytest.mark.reference("playground-keras-runs")
@pytest.mark.filterwarnings("ignore:In loss categorical_crossentropy:SyntaxWarning")
def test_the_page_trains_as_keras_fit(open_playground, reference):
    page, watch = open_playground()
    setups, keras_weights = keras_runs(reference)
    results = page.evaluate("setups => setups.map((s) => window.workshopPlayground.trainExactly(s))", setups)
    assert_same_weights(setups, keras_weights, results)
    assert watch.problems() == []


def test_output_layer_comes_from_the_build_table(open_playground):
    from workshop.units import output_layer

    for hash_, task, classes in (("", "multiclass", 3), ("#data=moons", "binary", None), ("#data=curve", "regression", None)):
        page, _ = open_playground(hash_)
        got = status(page)
        expected = output_layer(task, classes)
        assert (got["task"], got["output"]["units"], got["output"]["activation"], got["loss"]) == (task, *expected)


def test_a_malformed_address_gives_defaults_and_a_notice(open_playground):
    page, watch = open_playground("#noise=banana&units=3,999&optimizer=magic&learning_rate=-1&data=moons&%zz")
    state = status(page)["state"]
    defaults = page.evaluate("window.workshopPlayground.defaults()")
    assert state["data"] == "moons"
    for name in ("noise", "units", "optimizer", "learning_rate"):
        assert state[name] == defaults[name], name
    notice = page.locator(".pg-notice")
    assert notice.is_visible()
    for text in ("noise=banana", "units=3,999", "optimizer=magic", "learning_rate=-1"):
        assert text in notice.text_content()
    assert watch.problems() == []


def test_the_state_travels_in_the_address(open_playground):
    page, _ = open_playground("#data=blobs&classes=4&units=5,6,7&activations=tanh,relu,sigmoid&optimizer=sgd&momentum=0.9&nesterov=true")
    page.get_by_role("button", name="One epoch").click()
    first = status(page)
    url = page.url
    again, _ = open_playground(url[url.index("#"):])
    again.get_by_role("button", name="One epoch").click()
    assert status(again)["history"] == first["history"]
    assert status(again)["output"]["units"] == 4


def test_a_bad_csv_names_its_line_and_changes_nothing(open_playground, tmp_path):
    page, watch = open_playground()
    before = status(page)["state"]
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y,label\n0,0,0\n1,1,1\n2,two,0\n3,3,1\n")
    page.locator("input[type=file]").set_input_files(str(bad))
    page.wait_for_function("() => document.querySelector('.pg-message').textContent.includes('line 4')")
    assert "y must be a number" in page.locator(".pg-message").text_content()
    assert status(page)["state"] == before
    good = tmp_path / "good.csv"
    good.write_text("0,0,0\n1,1,1\n0,1,2\n1,0,1\n0.5,0.5,2\n")
    page.locator("input[type=file]").set_input_files(str(good))
    page.wait_for_function("() => window.workshopPlayground.status().state.data === 'own'")
    got = status(page)
    assert len(got["state"]["added"]) == 5 and got["task"] == "multiclass"
    assert watch.problems() == []


def test_clicking_the_plot_adds_a_point_of_the_chosen_class(open_playground):
    page, watch = open_playground("#data=moons")
    page.locator(".pg-add select").select_option("1")
    box = page.locator("canvas.pg-plot").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    added = status(page)["state"]["added"]
    assert len(added) == 1 and added[0][2] == 1
    assert "added=" in page.url
    assert watch.problems() == []


def test_mismatched_losses_are_explained(open_playground):
    page, _ = open_playground("#data=moons&loss=sparse_categorical_crossentropy")
    assert status(page)["blocked"]
    assert "out of range" in page.locator(".pg-mismatch").text_content()
    page.get_by_role("button", name="One epoch").click()
    assert status(page)["epoch"] == 0
    page, _ = open_playground("#loss=binary_crossentropy")
    assert not status(page)["blocked"]
    assert "logits under the softmax" in page.locator(".pg-mismatch").text_content()
    page.get_by_role("button", name="One epoch").click()
    assert status(page)["epoch"] == 1


def test_axe_finds_nothing_serious_in_light_dark_and_on_a_phone(open_playground):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    failures = []
    desktop, phone = {"width": 1100, "height": 1000}, {"width": 375, "height": 800}
    for scheme, viewport in (("light", desktop), ("dark", desktop), ("light", phone)):
        page, watch = open_playground(color_scheme=scheme, viewport=viewport, has_touch=viewport["width"] < 500)
        page.get_by_role("button", name="One epoch").click()
        page.locator(".pg-export summary").click()
        for violation in axe.run(page, context=".workshop-playground").response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                failures.append(f"{scheme} {viewport['width']}px: {violation['id']} {[n['target'] for n in violation['nodes']][:3]}")
        overflow = page.evaluate("(p => p.scrollWidth - p.clientWidth)(document.querySelector('.workshop-playground'))")
        if overflow > 1:
            failures.append(f"{viewport['width']}px: the playground is {overflow}px wider than its box")
        failures += watch.problems()
    assert failures == []


def test_dark_mode_draws_with_the_themes_colours(open_playground):
    light, _ = open_playground(color_scheme="light")
    dark, _ = open_playground(color_scheme="dark")
    text = "getComputedStyle(document.querySelector('.workshop-playground')).getPropertyValue('--pg-text').trim()"
    assert light.evaluate(text) != dark.evaluate(text)


def test_no_csp_violation_from_the_playground(open_playground):
    page, _ = open_playground(csp=STRICT_CSP)
    page.get_by_role("button", name="One epoch").click()
    page.locator(".pg-export summary").click()
    assert status(page)["epoch"] == 1
    violations = page.evaluate("window.__violations")
    assert violations, "the policy was not applied (the theme's inline styles should be refused)"
    ours = [v for v in violations if "_static/playground/" in (v[1] or "") + (v[2] or "")]
    assert ours == []


@pytest.mark.slow
def test_the_exported_keras_code_runs_and_learns(open_playground, tmp_path):
    import subprocess
    import sys

    page, _ = open_playground("#data=moons&optimizer=sgd&momentum=0.9&learning_rate=0.1")
    for _ in range(5):
        page.get_by_role("button", name="One epoch").click()
    page.locator(".pg-export summary").click()
    # The page writes the export after the epochs' redraw: wait for it rather than read it half-done.
    page.wait_for_function("() => document.querySelector('.pg-export code').textContent.includes('.fit(')")
    script = tmp_path / "exported.py"
    script.write_text(
        page.locator(".pg-export code").text_content()
        + "print(history.history['val_accuracy'][-1], len(history.history['loss']))\n"
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", **ONE_TENSORFLOW_THREAD})
    assert done.returncode == 0, done.stderr[-3000:]
    val_accuracy, epochs = done.stdout.split()[-2:]
    assert int(epochs) == 5
    page_accuracy = status(page)["history"][-1]["val_accuracy"]
    assert abs(float(val_accuracy) - page_accuracy) < 0.15, (val_accuracy, page_accuracy)
