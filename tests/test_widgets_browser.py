"""The interactive widgets, driven in Chromium against the built site.

Every page is served from 127.0.0.1 and every other request is aborted and
counted as a failure. The numbers the widgets compute are evaluated in the
page (``window.workshopWidgets.math``) and compared with :mod:`workshop`.

Uses the shared session fixtures ``built_site`` and ``site_server``
(tests/conftest.py): the site is built once per test session.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from site_harness import ROOT
from site_harness.browser import guard
from site_harness.build import sphinx_build as build_site
from workshop import activations, losses
from workshop.neuron import weighted_sum
from workshop.optimizers import SGD, Adam, RMSprop
from workshop.surfaces import SUGGESTED_LEARNING_RATES, SUGGESTED_MOMENTUM, SURFACES, optimizer_path

pytestmark = [pytest.mark.browser, pytest.mark.build]

ARTIFACTS = ROOT / "test-artifacts" / "widgets"
WIDGETS = ["activation", "neuron", "softmax", "crossentropy", "optimizer"]
RTOL = 1e-9  # both sides compute in float64 with the same operations
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")
# Hide Furo's sticky headers so that they do not cover element screenshots.
# (through the CSSOM: the pages' Content-Security-Policy refuses an injected <style>).
NO_STICKY = """() => document.querySelectorAll(".mobile-header, .skip-to-content")
  .forEach((el) => el.style.setProperty("display", "none", "important"))"""


@dataclass
class Site:
    html_dir: Path
    url: str


@pytest.fixture(scope="session")
def site(built_site, site_server) -> Site:
    built, url = built_site, site_server
    # Whether the whole build passed is the site tests' business; these need the widgets' part clean.
    widget_warnings = [line for line in built.log.splitlines() if "widget" in line.lower() and ("WARNING" in line or "ERROR" in line)]
    assert widget_warnings == []
    return Site(Path(built.html_dir), url if url.endswith("/") else url + "/")


@pytest.fixture
def open_page(browser, site):
    """open_page(path, **context options) -> (page, watch); everything is closed after the test."""
    contexts = []

    def _open(path: str, **options):
        options.setdefault("viewport", {"width": 1000, "height": 900})
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        watch = guard(page)
        page.goto(site.url + path)
        page.wait_for_load_state("load")
        return page, watch

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def math_page(browser, site):
    """One widgets page for evaluating the widgets' math (read-only)."""
    context = browser.new_context()
    page = context.new_page()
    watch = guard(page)
    page.goto(site.url + "widgets.html")
    page.wait_for_function("() => window.workshopWidgets !== undefined")
    yield page
    context.close()
    assert watch.problems() == []


def numbers(text: str) -> list[float]:
    return [float(n) for n in NUMBER.findall(text.replace("\u2212", "-"))]


def widget(page, name):
    """The widget's root, scrolled into view: widgets are built when they come near the viewport."""
    root = page.locator(f'[data-widget="{name}"]')
    root.scroll_into_view_if_needed()
    root.and_(page.locator(".ww-mounted")).wait_for()
    return root


def assert_clean(page, watch):
    assert watch.problems() == []
    text = page.locator("body").inner_text()
    for bad in ("NaN", "Infinity", "undefined"):
        assert bad not in text


def html_pages(site: Site) -> list[str]:
    return sorted(p.relative_to(site.html_dir).as_posix() for p in site.html_dir.rglob("*.html"))


# --------------------------------------------------------------- every page


# Every page (offline, no error, math rendered, axe in light mode): tests/test_every_page.py.


def test_no_serious_accessibility_violations_on_the_widgets_in_dark_mode(site, open_page):
    from axe_playwright_python.sync_playwright import Axe

    page, watch = open_page("widgets.html", color_scheme="dark")
    for name in WIDGETS:
        widget(page, name)
    failures = []
    for violation in Axe().run(page).response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [node["target"] for node in violation["nodes"]][:5]
            failures.append(f"{violation['id']} ({violation['impact']}) at {targets}")
    assert watch.problems() == []
    assert failures == []


def test_widget_assets_load_only_on_pages_with_widgets_and_stay_small(site):
    for path in html_pages(site):
        source = (site.html_dir / path).read_text(encoding="utf-8")
        has_widget = "data-widget=" in source
        assert ("widgets/widgets.js" in source) == has_widget, path
        if has_widget:  # an ES module (deferred by nature); it imports the rest
            assert re.search(r'<script type="module" src="[^"]*widgets/widgets\.js', source), path
    static = site.html_dir / "_static" / "widgets"
    total = sum(f.stat().st_size for f in static.iterdir() if f.suffix in (".js", ".css"))
    # Every widget and all its math, unminified and uncompressed (about 67 kB: the
    # input checks of math.js and one module per widget; a page loads only its own).
    assert total < 75_000


def test_widget_data_blocks_are_what_workshop_says(site):
    from bs4 import BeautifulSoup

    # The fixture holds src/workshop_site/content/widgets.py's widget_data(), kept fresh by tests/test_widgets_js.py.
    fixture = json.loads((ROOT / "tests" / "js" / "fixtures" / "workshop.json").read_text(encoding="utf-8"))
    optimizer_pages = 0
    for path in html_pages(site):
        source = (site.html_dir / path).read_text(encoding="utf-8")
        if "data-widget=" not in source:
            continue
        for root in BeautifulSoup(source, "html.parser").select("[data-widget]"):
            blocks = root.select('script[type="application/json"][data-for="widget"]')
            if root["data-widget"] != "optimizer":  # only the optimizer needs anything from Python
                assert blocks == [], (path, root["data-widget"])
                continue
            optimizer_pages += 1
            assert len(blocks) == 1, path
            data = json.loads(blocks[0].string)
            assert data == fixture["widget_data"]
            assert data["suggested_learning_rates"] == SUGGESTED_LEARNING_RATES
    assert optimizer_pages >= 2  # widgets.html and the optimizers' concept page
    assert not (site.html_dir / "_static" / "widgets" / "data.json").exists()


def test_without_javascript_each_widget_shows_its_fallback(open_page):
    page, watch = open_page("widgets.html", java_script_enabled=False)
    for name in WIDGETS:
        fallback = page.locator(f'[data-widget="{name}"] .workshop-widget__fallback')
        assert fallback.is_visible()
        assert "needs JavaScript" in fallback.inner_text()
        assert fallback.locator("table").count() == 1
    assert watch.problems() == []


def test_unknown_widget_name_fails_the_build_naming_the_valid_ones(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        f"import sys\nsys.path[:0] = [{str(ROOT / 'src')!r}]\n"
        "extensions = ['workshop_site']\n"
    )
    (source / "index.rst").write_text("Title\n=====\n\n.. widget:: softmx\n")
    built = build_site(tmp_path / "out", src_dir=source, conf_dir=source)
    assert built.returncode != 0
    assert "unknown widget 'softmx': expected one of activation, crossentropy, neuron, optimizer, softmax" in built.log


# ------------------------------------------------- the numbers match workshop


def js(page, expression, *args):
    return page.evaluate(f"(args) => {{ const m = window.workshopWidgets.math; return {expression}; }}", list(args))


def test_js_activations_and_derivatives_equal_workshop(math_page):
    xs = [-1000.0, -30.0, -2.5, -1e-9, 0.0, 1e-9, 0.3, 1.0, 7.25, 40.0, 1000.0]
    for name in ("relu", "sigmoid", "tanh", "linear"):
        values = js(math_page, "args[1].map(x => m.activations[args[0]](x))", name, xs)
        slopes = js(math_page, "args[1].map(x => m.derivative(args[0], x))", name, xs)
        np.testing.assert_allclose(values, activations.ACTIVATIONS[name](xs), rtol=RTOL, atol=0, err_msg=name)
        np.testing.assert_allclose(slopes, activations.derivative(name, xs), rtol=RTOL, atol=1e-300, err_msg=name)


def test_js_weighted_sum_equals_workshop(math_page):
    rng = np.random.default_rng(0)
    for _ in range(20):
        a, w, b = rng.uniform(-2, 2, 3), rng.uniform(-2, 2, 3), float(rng.uniform(-3, 3))
        value = js(math_page, "m.weightedSum(args[0], args[1], args[2])", a.tolist(), w.tolist(), b)
        assert value == pytest.approx(weighted_sum(a, w, b), rel=RTOL, abs=1e-15)


@pytest.mark.parametrize(
    "logits, temperature",
    [
        ([2.0, 1.0, 0.1, -1.0, 0.5], 1.0),
        ([2.0, 1.0, 0.1, -1.0, 0.5], 0.1),
        ([2.0, 1.0, 0.1, -1.0, 0.5], 7.5),
        ([1000.0, 0.0, -1000.0, 3.0, 3.0], 1.0),
        ([0.0, 0.0, 0.0, 0.0, 0.0], 1.0),
        ([-10.0, 10.0, 9.99, -3.3, 4.2], 0.3),
    ],
)
def test_js_softmax_equals_workshop_and_sums_to_one(math_page, logits, temperature):
    probabilities = js(math_page, "m.softmax(args[0], args[1])", logits, temperature)
    expected = activations.softmax(np.array(logits) / temperature)
    np.testing.assert_allclose(probabilities, expected, rtol=RTOL, atol=1e-300)
    assert sum(probabilities) == pytest.approx(1.0, abs=1e-12)


def test_js_clip_bounds_are_kerass_float32_epsilon(math_page):
    low, high = js(math_page, "[m.CLIP_LOW, m.CLIP_HIGH]")
    assert low == float(np.float32(1e-7))
    assert high == float(np.float32(1.0) - np.float32(1e-7))


@pytest.mark.parametrize(
    "y_true, y_pred",
    [
        ([1.0], [0.0]),
        ([1.0], [1.0]),
        ([0.0], [0.0]),
        ([0.0], [1.0]),
        ([1.0], [0.9]),
        ([0.0], [0.9]),
        ([1.0], [1e-9]),
        ([0.3], [0.7]),
        ([1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.25, 0.999999999]),
    ],
)
def test_js_binary_crossentropy_equals_workshop_including_0_and_1(math_page, y_true, y_pred):
    value = js(math_page, "m.binaryCrossentropy(args[0], args[1])", y_true, y_pred)
    assert value == pytest.approx(float(losses.binary_crossentropy(y_true, y_pred)), rel=RTOL)


CATEGORICAL_CASES = [
    (2, [0.1, 0.1, 0.6, 0.1, 0.1]),
    (0, [0.0, 0.2, 0.8, 0.0, 0.0]),
    (4, [0.0, 0.0, 0.0, 0.0, 1.0]),
    (1, [0.5, 0.0, 0.5, 0.0, 0.0]),
    (3, [0.3, 0.9, 1.0, 0.05, 0.0]),
    (2, [1.0, 1.0, 1.0, 1.0, 1.0]),
]


@pytest.mark.parametrize("label, y_pred", CATEGORICAL_CASES)
def test_js_categorical_and_sparse_crossentropy_equal_workshop(math_page, label, y_pred):
    one_hot = [1.0 if i == label else 0.0 for i in range(len(y_pred))]
    categorical = js(math_page, "m.categoricalCrossentropy(args[0], args[1])", one_hot, y_pred)
    sparse = js(math_page, "m.sparseCategoricalCrossentropy(args[0], args[1])", label, y_pred)
    assert categorical == pytest.approx(float(losses.categorical_crossentropy(one_hot, y_pred)), rel=RTOL)
    assert sparse == pytest.approx(float(losses.sparse_categorical_crossentropy(label, y_pred)), rel=RTOL)


def test_js_surfaces_equal_workshop(math_page):
    for name, surface in SURFACES.items():
        spec = js(math_page, "(({x_range, y_range, start, minima}) => ({x_range, y_range, start, minima}))(m.surfaces[args[0]])", name)
        assert spec == {
            "x_range": list(surface.x_range), "y_range": list(surface.y_range),
            "start": list(surface.start), "minima": [list(p) for p in surface.minima],
        }
        points = [[x, y] for x in np.linspace(*surface.x_range, 7) for y in np.linspace(*surface.y_range, 5)]
        result = js(math_page, "args[1].map(([x, y]) => [m.surfaces[args[0]].loss(x, y), ...m.surfaces[args[0]].gradient(x, y)])",
                    name, points)
        expected = [[float(surface(x, y)), *surface.grad([x, y])] for x, y in points]
        np.testing.assert_allclose(result, expected, rtol=RTOL, atol=1e-12, err_msg=name)


OPTIMIZERS = {
    "sgd": (lambda lr: SGD(lr), "sgd", {}),
    "momentum": (lambda lr: SGD(lr, momentum=0.9), "sgd", {"momentum": 0.9}),
    "nesterov": (lambda lr: SGD(lr, momentum=0.9, nesterov=True), "sgd", {"momentum": 0.9, "nesterov": True}),
    "rmsprop": (lambda lr: RMSprop(lr), "rmsprop", {}),
    "rmsprop-centered": (lambda lr: RMSprop(lr, centered=True), "rmsprop", {"centered": True}),
    "rmsprop-momentum": (lambda lr: RMSprop(lr, rho=0.8, momentum=0.5), "rmsprop", {"rho": 0.8, "momentum": 0.5}),
    "adam": (lambda lr: Adam(lr), "adam", {}),
    "adam-betas": (lambda lr: Adam(lr, beta_1=0.5, beta_2=0.9, epsilon=1e-3), "adam", {"beta_1": 0.5, "beta_2": 0.9, "epsilon": 1e-3}),
}
RATES = {"bowl": 0.1, "valley": 0.2, "saddle": 0.05, "rosenbrock": 0.002}


@pytest.mark.parametrize("surface", sorted(SURFACES))
@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
def test_js_optimizer_path_equals_workshop(math_page, optimizer, surface):
    make, js_name, options = OPTIMIZERS[optimizer]
    rate, steps = RATES[surface], 40
    expected = optimizer_path(make(rate), surface, steps=steps)
    path = js(
        math_page,
        "m.optimizerPath(m.makeOptimizer(args[0], {...args[1], learning_rate: args[2]}), m.surfaces[args[3]], null, args[4])",
        js_name, options, rate, surface, steps,
    )
    assert len(path) == steps + 1
    np.testing.assert_allclose(path, expected, rtol=RTOL, atol=1e-12)


def test_js_optimizer_path_diverges_at_the_same_step_as_workshop(math_page):
    with pytest.raises(ValueError, match=r"at step (\d+)") as raised:
        optimizer_path(SGD(2.0), "bowl", steps=100)
    step = re.search(r"at step (\d+)", str(raised.value)).group(1)
    message = js(math_page, "(() => { try { m.optimizerPath(m.makeOptimizer('sgd', {learning_rate: 2}), m.surfaces.bowl, null, 100); "
                            "return ''; } catch (e) { return e.message; } })()")
    assert f"at step {step}:" in message


def test_js_optimizer_defaults_are_kerass(math_page):
    defaults = js(math_page, "['sgd', 'rmsprop', 'adam'].map(n => { const o = m.makeOptimizer(n); return [o.learning_rate, "
                             "o.momentum ?? null, o.rho ?? null, o.epsilon ?? null, o.beta_1 ?? null, o.beta_2 ?? null]; })")
    assert defaults == [
        [SGD().learning_rate, SGD().momentum, None, None, None, None],
        [RMSprop().learning_rate, RMSprop().momentum, RMSprop().rho, RMSprop().epsilon, None, None],
        [Adam().learning_rate, None, None, Adam().epsilon, Adam().beta_1, Adam().beta_2],
    ]


# ------------------------------------------------------ the widgets react


def press(page, locator, key, times=1):
    locator.focus()
    for _ in range(times):
        page.keyboard.press(key)


def test_activation_widget_follows_the_keyboard(open_page):
    page, watch = open_page("widgets.html")
    root = widget(page, "activation")
    result = root.locator(".ww-result")
    slider, field = root.locator("input[type=range]"), root.locator("input[type=number]")
    before = result.inner_text()
    press(page, slider, "ArrowRight", 3)
    assert float(field.input_value()) == pytest.approx(1.3)
    assert result.inner_text() != before
    x, fx, _, slope = numbers(result.inner_text())
    assert (x, fx, slope) == pytest.approx((1.3, float(activations.sigmoid(1.3)), float(activations.derivative("sigmoid", 1.3))), rel=5e-4)
    select = root.locator("select")
    select.focus()
    page.keyboard.press("ArrowDown")  # sigmoid -> tanh
    assert select.input_value() == "tanh"
    x, fx, _, slope = numbers(result.inner_text())
    assert (fx, slope) == pytest.approx((float(np.tanh(1.3)), float(activations.derivative("tanh", 1.3))), rel=5e-4)
    assert_clean(page, watch)


def test_neuron_widget_fills_in_the_formula_live(open_page):
    page, watch = open_page("widgets.html")
    root = widget(page, "neuron")
    sliders = root.locator("input[type=range]")
    press(page, sliders.nth(6), "ArrowLeft", 5)  # bias 0.1 -> -0.4
    press(page, sliders.nth(0), "ArrowRight", 2)  # a1 1 -> 1.2
    root.locator("select").select_option("sigmoid")
    x_expected = weighted_sum([1.2, 0.5, -1.0], [0.8, -0.4, 0.3], -0.4)
    x, y = numbers(root.locator(".ww-result").inner_text())
    assert x == pytest.approx(x_expected, rel=5e-4)
    assert y == pytest.approx(float(activations.sigmoid(x_expected)), rel=5e-4)
    assert "= (0.8)(1.2) + (−0.4)(0.5) + (0.3)(−1) + (−0.4)" in root.locator(".ww-formula").inner_text()
    assert_clean(page, watch)


def test_softmax_widget_bars_and_table_show_workshop_probabilities(open_page):
    page, watch = open_page("widgets.html")
    root = widget(page, "softmax")
    sliders = root.locator("input[type=range]")
    press(page, sliders.nth(2), "ArrowRight", 25)  # airplane 0.1 -> 2.6
    press(page, sliders.nth(5), "ArrowRight", 4)  # temperature 1 -> 1.4 (slider min 0.1, step 0.1)
    temperature = float(root.locator("input[type=number]").nth(5).input_value())
    assert temperature == pytest.approx(1.4)
    expected = activations.softmax(np.array([2.0, 1.0, 2.6, 0.5, -1.0]) / temperature)
    cells = root.locator("tbody tr td:last-child").all_inner_texts()
    shown = [numbers(c)[0] for c in cells]
    np.testing.assert_allclose(shown[:5], expected, rtol=5e-4)
    assert shown[5] == 1.0  # the sum row
    bars = root.locator(".ww-bar__value").all_inner_texts()
    np.testing.assert_allclose([numbers(b)[0] for b in bars], 100 * expected, rtol=5e-3)
    assert "airplane" in root.locator(".ww-result").inner_text()
    assert_clean(page, watch)


@pytest.mark.parametrize("typed, y_true_1, y_true_0", [("0", 1.0, 0.0), ("1", 1.0, 0.0), ("0.25", 1.0, 0.0)])
def test_crossentropy_widget_shows_clipped_binary_loss(open_page, typed, y_true_1, y_true_0):
    page, watch = open_page("widgets.html")
    root = widget(page, "crossentropy")
    field = root.locator("input[type=number]").first
    field.fill(typed)
    field.press("Enter")
    text = root.locator(".ww-result").first.inner_text()
    p, loss_1, _, loss_0, _ = numbers(text)[:5]
    assert p == float(typed)
    assert loss_1 == pytest.approx(float(losses.binary_crossentropy([y_true_1], [float(typed)])), rel=5e-4)
    assert loss_0 == pytest.approx(float(losses.binary_crossentropy([y_true_0], [float(typed)])), rel=5e-4)
    assert_clean(page, watch)


def test_crossentropy_widget_sparse_and_one_hot_losses_equal_workshop(open_page):
    page, watch = open_page("widgets.html")
    root = widget(page, "crossentropy")
    root.locator("select").select_option("0")
    sliders = root.locator("input[type=range]")
    press(page, sliders.nth(1), "End")  # car -> 1
    press(page, sliders.nth(3), "Home")  # airplane -> 0
    scores = [1.0, 0.1, 0.0, 0.1, 0.1]
    sparse, categorical = numbers(root.locator(".ww-result").nth(1).inner_text())
    assert sparse == pytest.approx(float(losses.sparse_categorical_crossentropy(0, scores)), rel=1e-5)
    assert categorical == pytest.approx(float(losses.categorical_crossentropy([1, 0, 0, 0, 0], scores)), rel=1e-5)
    assert "[1, 0, 0, 0, 0]" in root.locator(".ww-formula").inner_text()
    assert_clean(page, watch)


def optimizer_rows(root):
    rows = {}
    for row in root.locator("tbody tr").all():
        name = row.locator("th").inner_text().strip()
        steps, position, loss = row.locator("td").all_inner_texts()
        rows[name] = (int(steps), numbers(position), loss)
    return rows


def test_optimizer_widget_steps_match_workshop_paths(open_page):
    page, watch = open_page("widgets.html")
    root = widget(page, "optimizer")
    root.locator("select").select_option("saddle")
    step = root.get_by_role("button", name="Step")
    step.focus()
    for _ in range(12):
        page.keyboard.press("Enter")
    for _ in range(13):
        page.keyboard.press("Space")
    rates = [float(v) for v in root.locator(".ww-racer input[type=number]").evaluate_all("els => els.map(e => e.value)")]
    makers = [SGD(rates[0]), SGD(rates[1], momentum=SUGGESTED_MOMENTUM), RMSprop(rates[2]), Adam(rates[3])]
    rows = optimizer_rows(root)
    assert len(rows) == 4
    for (name, (steps, position, _)), optimizer in zip(rows.items(), makers, strict=True):
        assert steps == 25, name
        expected = optimizer_path(optimizer, "saddle", steps=25)[-1]
        np.testing.assert_allclose(position, expected, rtol=5e-4, atol=5e-5, err_msg=name)
    assert "Step 25" in root.locator(".ww-result").inner_text()
    assert_clean(page, watch)


def test_optimizer_widget_play_reset_drag_and_learning_rate_keys(open_page):
    page, watch = open_page("widgets.html")
    root = widget(page, "optimizer")
    play = root.get_by_role("button", name="Play")
    play.click()
    page.wait_for_timeout(400)
    root.get_by_role("button", name="Pause").click()
    assert optimizer_rows(root)["SGD"][0] > 0
    root.get_by_role("button", name="Reset").click()
    assert all(steps == 0 for steps, _, _ in optimizer_rows(root).values())

    lr_slider = root.locator(".ww-racer input[type=range]").first
    lr_field = root.locator(".ww-racer input[type=number]").first
    press(page, lr_slider, "ArrowRight")
    assert float(lr_field.input_value()) == 0.7  # the stop after 0.45

    box = root.locator("svg.ww-surface").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.25)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.75, steps=4)
    page.mouse.up()
    inputs = root.locator(".ww-controls input[type=number]")
    start_x, start_y = (float(v) for v in inputs.evaluate_all("els => els.slice(0, 2).map(e => e.value)"))
    assert (start_x, start_y) == pytest.approx((-2.0, -1.0), abs=0.05)  # valley: x in [-4, 4], y in [-2, 2]
    assert optimizer_rows(root)["SGD"][1] == pytest.approx([start_x, start_y])
    assert_clean(page, watch)


def test_optimizer_widget_reports_divergence_instead_of_nan(open_page):
    page, watch = open_page("widgets.html")
    root = widget(page, "optimizer")
    field = root.locator(".ww-racer input[type=number]").first
    field.fill("2")
    field.press("Enter")
    press(page, root.get_by_role("button", name="Step"), "Enter", 30)
    assert "diverged" in optimizer_rows(root)["SGD"][2]
    assert "SGD diverged" in root.locator(".ww-result").inner_text()
    assert_clean(page, watch)


BAD_INPUTS = ["abc", "1e", "", "1e309", "-1e309", "99999"]
BAD_INPUTS_SHORT = ["1e", "", "1e309"]  # for every further field, to keep the test quick


@pytest.mark.parametrize("name", WIDGETS)
def test_bad_input_in_number_fields_shows_a_message_not_nan(open_page, name):
    page, watch = open_page("widgets.html")
    fields = widget(page, name).locator("input[type=number]")
    assert fields.count() >= 1
    for i in range(fields.count()):
        field = fields.nth(i)
        error = page.locator(f"#{field.get_attribute('aria-describedby')}")
        for typed in BAD_INPUTS if i == 0 else BAD_INPUTS_SHORT:
            field.focus()
            page.keyboard.press("Control+a")
            page.keyboard.press("Delete")
            page.keyboard.type(typed)
            page.keyboard.press("Tab")
            label = field.get_attribute("aria-label")
            assert error.inner_text().strip() != "", f"{label}: no message after typing {typed!r}"
            value = field.input_value()
            assert value == "" or np.isfinite(float(value)), f"{label}: {value!r} after typing {typed!r}"
    assert_clean(page, watch)


@pytest.mark.parametrize("scheme, width", [("light", 1000), ("dark", 1000), ("light", 360)])
def test_screenshot_each_widget(open_page, scheme, width):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page, watch = open_page("widgets.html", color_scheme=scheme, viewport={"width": width, "height": 800})
    page.evaluate(NO_STICKY)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    optimizer_step = widget(page, "optimizer").get_by_role("button", name="Step")
    optimizer_step.focus()
    for _ in range(40):  # a race in progress shows more than four markers on the start
        page.keyboard.press("Enter")
    for name in WIDGETS:
        target = ARTIFACTS / f"{name}-{scheme}-{width}.png"
        widget(page, name).screenshot(path=str(target))
        assert target.stat().st_size > 1000
    assert_clean(page, watch)


# ------------------------------------------- hostile input, and the look


def set_from_script(page, locator, value):
    """Set a control's value the way a script (or a tampered page) would, then fire its events."""
    locator.evaluate(
        "(el, value) => { el.value = value; el.dispatchEvent(new Event('input', {bubbles: true}));"
        " el.dispatchEvent(new Event('change', {bubbles: true})); }",
        value,
    )


@pytest.mark.parametrize("name", ["activation", "neuron", "crossentropy", "optimizer"])
def test_a_select_set_to_a_value_that_is_not_an_option_keeps_a_valid_one_with_a_notice(open_page, name):
    page, watch = open_page("widgets.html")
    root = widget(page, name)
    select = root.locator("select").first
    before = select.input_value()
    error = page.locator(f"#{select.get_attribute('aria-describedby')}")
    set_from_script(page, select, "not-an-option")
    assert select.input_value() == before
    assert "No choice" in error.inner_text()
    # An option added to the page is no option of the widget either.
    select.evaluate("el => { const o = document.createElement('option'); o.value = 'injected'; o.textContent = 'injected'; el.append(o); }")
    select.select_option("injected")
    assert select.input_value() == before
    assert 'No choice "injected"' in error.inner_text()
    assert_clean(page, watch)


@pytest.mark.parametrize("name", WIDGETS)
def test_no_control_throws_on_values_set_from_a_script(open_page, name):
    page, watch = open_page("widgets.html")
    root = widget(page, name)
    for control in root.locator("input[type=number], input[type=range]").all():
        for value in ("1e400", "-1e400", "NaN", "abc", ""):
            set_from_script(page, control, value)
    for control in root.locator("select").all():
        set_from_script(page, control, "")
    assert root.locator(".ww-notice").inner_text() == ""  # nothing reached the widget's error line
    assert_clean(page, watch)


def start_fields(root):
    return root.locator(".ww-controls").first.locator("input[type=number]")


def type_into(field, text):
    field.fill(text)
    field.press("Enter")


def test_optimizer_start_fields_check_the_range_of_the_surface_shown(open_page):
    page, watch = open_page("widgets.html")
    root = widget(page, "optimizer")
    x_field, y_field = start_fields(root).nth(0), start_fields(root).nth(1)
    x_error = page.locator(f"#{x_field.get_attribute('aria-describedby')}")
    y_error = page.locator(f"#{y_field.get_attribute('aria-describedby')}")
    root.locator("select").select_option("bowl")  # valley x spans -4 to 4; the bowl -2 to 2
    type_into(x_field, "3.5")
    assert float(x_field.input_value()) == SURFACES["bowl"].x_range[1]
    assert "Allowed −2 to 2" in x_error.inner_text()
    root.locator("select").select_option("rosenbrock")  # y spans -1 to 3
    type_into(y_field, "2.6")
    assert y_error.inner_text().strip() == ""
    assert optimizer_rows(root)["SGD"][1] == pytest.approx([SURFACES["rosenbrock"].start[0], 2.6])
    assert_clean(page, watch)


def test_crossentropy_clip_note_shows_the_float32_cap_only_when_clipping_happened(open_page):
    page, watch = open_page("widgets.html")
    root = widget(page, "crossentropy")
    field = root.locator("input[type=number]").first
    note = root.locator(".ww-clip-note")
    type_into(field, "0.9997")  # a loss above 8 for y = 0, but nothing clipped
    assert not note.is_visible()
    type_into(field, "1")
    cap = -math.log(1.0 - float(np.float32(1.0) - np.float32(losses.EPSILON)))  # Keras's clip, float32
    assert note.is_visible()
    assert "caps the loss for a true 0 at" in note.inner_text()
    assert f"{cap:.4g}" in note.inner_text()  # 15.94
    assert f"{cap:.4g}" == f"{float(losses.binary_crossentropy([0.0], [1.0])):.4g}"
    assert_clean(page, watch)


def test_widgets_on_a_phone_have_44px_targets_and_no_sideways_scrolling(open_page):
    page, watch = open_page("widgets.html", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    for name in WIDGETS:
        widget(page, name)
    # A long message in the optimizer's table: SGD diverges.
    root = widget(page, "optimizer")
    type_into(root.locator(".ww-racer input[type=number]").first, "2")
    for _ in range(30):
        root.get_by_role("button", name="Step").click()
    assert "diverged" in optimizer_rows(root)["SGD"][2]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    small = page.evaluate(
        """() => [...document.querySelectorAll('.ww input, .ww select, .ww button')].map(e => {
            const target = e.type === 'checkbox' ? e.closest('label') : e;  // the whole label is the target
            const r = target.getBoundingClientRect();
            return [e.id || e.getAttribute('aria-label') || e.textContent, r.width, r.height];
        }).filter(([, w, h]) => w < 44 || h < 44)"""
    )
    assert small == []
    assert_clean(page, watch)


def test_widgets_work_under_a_strict_content_security_policy(browser, site):
    """No inline styles or scripts from the widgets: under style-src/script-src 'self' they draw as usual."""
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    watch = guard(page)
    policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:"

    def with_policy(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": policy})

    page.route("**/widgets.html", with_policy)
    page.add_init_script(
        "window.__violations = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__violations.push([e.violatedDirective, e.sourceFile, e.blockedURI]));"
    )
    page.goto(site.url + "widgets.html")
    for name in WIDGETS:
        widget(page, name)
    widths = widget(page, "softmax").locator(".ww-bar__fill").evaluate_all("els => els.map(e => e.getBoundingClientRect().width)")
    assert len(set(round(w) for w in widths)) == 5  # five different probabilities, not five full bars
    # The page's own markup (the theme's inline script and styles) is refused under this policy:
    # that is the site's CSP work. Anything refused that a script did (a style attribute set from
    # JavaScript reports the script's URL, or none) would be the widgets'.
    violations = page.evaluate("window.__violations")
    from_scripts = [v for v in violations if not (v[1] or "").split("?")[0].endswith(".html")]
    assert from_scripts == []
    context.close()
    assert [p for p in watch.problems() if "_static/widgets" in p] == []
