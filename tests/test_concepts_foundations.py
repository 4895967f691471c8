"""The foundation concept pages (01-05): built, with MathML, figures with alt text,
no error output, and every glued number equal to what `workshop` computes.

Each labelled equation on these pages is implemented by a `workshop` function;
``EQUATION_CHECKS`` names it and checks it on a value, and a test makes sure no
labelled equation on the pages goes without a check.

The inputs below (the neuron's inputs and weights, the vehicle logits, the
layer sizes) are the ones the pages use; if a page changes them, the glued
numbers stop matching and the test says which.
"""

from __future__ import annotations

import re
import struct
import sys
from pathlib import Path

import numpy as np
import pytest
from bs4 import BeautifulSoup

from site_harness.pages import read_page
from workshop.activations import derivative, linear, relu, sigmoid, softmax, tanh
from workshop.arrays import array_bytes, list_bytes
from workshop.neuron import dense, weighted_sum
from workshop.units import TASKS, hidden_units_rule_of_thumb, input_units, output_layer

PAGES = (
    "01-numpy-arrays",
    "02-sequential",
    "03-neurons-dense",
    "04-number-of-units",
    "05-activation-functions",
)

# The examples the pages work through (kept equal to the pages' code cells).
NEURON_INPUTS = [0.5, -1.0, 2.0]
NEURON_WEIGHTS = [0.8, -0.2, 0.5]
NEURON_BIAS = 0.1
SEQUENTIAL_LAYER_SIZES = [2, 16, 16, 1]  # Input(2) -> Dense(16) -> Dense(16) -> Dense(1)
VEHICLES = ["car", "bus", "airplane", "bike", "cycle"]
VEHICLE_LOGITS = [2.0, 1.0, 0.1, 0.5, -1.0]
LARGEST_ARRAY_SIZE = 100_000  # the largest size page 01 measures


# --- Reading the build -------------------------------------------------------


def _page(html_dir: Path, page: str) -> BeautifulSoup:
    return read_page(html_dir / "concepts" / f"{page}.html")


def _pasted(built_site, page: str) -> list[str]:
    """The glued values as the page shows them, in page order."""
    return [span.get_text() for span in _page(built_site.html_dir, page).select("span.pasted-text")]


def _main_text(built_site, page: str) -> str:
    article = _page(built_site.html_dir, page).find("article") or _page(built_site.html_dir, page)
    return " ".join(article.get_text(" ").split())


def _equation_labels(built_site, page: str) -> set[str]:
    soup = _page(built_site.html_dir, page)
    return {tag["id"].removeprefix("equation-") for tag in soup.find_all(id=re.compile(r"^equation-"))}


def _assert_shown(values: list[str], expected: str, what: str) -> None:
    assert expected in values, f"{what}: expected the page to show {expected!r}; its glued values are {values}"


# --- Every page --------------------------------------------------------------


@pytest.mark.build
@pytest.mark.parametrize("page", PAGES)
def test_foundation_page_is_built_with_mathml_and_without_error_output(built_site, page):
    soup = _page(built_site.html_dir, page)
    assert soup.find("math"), f"{page}: no rendered <math> element"
    for formula in soup.select("div.math, span.math"):
        assert formula.find("math"), f"{page}: a formula left as LaTeX: {formula.get_text()[:80]}"
    bad_outputs = soup.select(".output.stderr, .output.traceback, .output.error")
    assert bad_outputs == [], f"{page}: error or stderr output cells: {[o.get_text()[:200] for o in bad_outputs]}"
    outputs = " ".join(cell.get_text() for cell in soup.select(".cell_output"))
    for marker in ("Traceback", "Warning:", "WARNING", "Error:"):
        assert marker not in outputs, f"{page}: {marker!r} in a cell's output"


@pytest.mark.build
@pytest.mark.parametrize("page", PAGES)
def test_foundation_page_figures_have_descriptive_alt_text(built_site, page):
    figures = _page(built_site.html_dir, page).select("figure img")
    assert figures, f"{page}: no figure"
    for img in figures:
        alt = (img.get("alt") or "").strip()
        assert len(alt.split()) >= 8, f"{page}: figure {img.get('src')} has no descriptive alt text: {alt!r}"
        assert img.find_parent("figure").find("figcaption"), f"{page}: figure {img.get('src')} has no caption"


@pytest.mark.build
@pytest.mark.parametrize("page", PAGES)
def test_foundation_page_ends_with_where_to_go_next(built_site, page):
    headings = [h.get_text().rstrip("¶#").strip() for h in _page(built_site.html_dir, page).select("article h2")]
    assert headings and headings[-1] == "Where to go next", f"{page}: last section is {headings[-1:]}"


# --- The glued numbers --------------------------------------------------------


@pytest.mark.build
def test_numpy_page_glues_the_memory_of_a_list_and_an_array(built_site):
    values = _pasted(built_site, "01-numpy-arrays")
    per_number = struct.calcsize("P") + sys.getsizeof(1.0)
    _assert_shown(values, str(per_number), "bytes per number of a list")
    array = np.random.default_rng(0).random(LARGEST_ARRAY_SIZE)
    as_list = array.tolist()
    _assert_shown(values, f"{LARGEST_ARRAY_SIZE:,d}", "largest size")
    _assert_shown(values, f"{list_bytes(as_list) / array_bytes(array):.1f}", "memory ratio")
    _assert_shown(values, f"{list_bytes(as_list) / 1e6:.1f}", "list megabytes")
    _assert_shown(values, f"{array_bytes(array) / 1e6:.1f}", "array megabytes")
    # The speed-up is measured, so it differs per build; at this size the array must win.
    speedup = re.search(r"the array was (\S+) times faster", _main_text(built_site, "01-numpy-arrays"))
    assert speedup and float(speedup.group(1)) > 1, "page 01 does not show a speed-up above 1 for the largest size"


@pytest.mark.build
def test_sequential_page_glues_the_parameter_count_layer_by_layer(built_site):
    values = _pasted(built_site, "02-sequential")
    pairs = list(zip(SEQUENTIAL_LAYER_SIZES, SEQUENTIAL_LAYER_SIZES[1:], strict=False))
    _assert_shown(values, str(sum(n_in * n_out + n_out for n_in, n_out in pairs)), "model.count_params()")
    _assert_shown(values, str(len(pairs)), "number of layers (Input is not one)")
    text = _main_text(built_site, "02-sequential")
    n_in, n_out = pairs[0]
    _assert_shown(values, f"{np.sqrt(6 / (n_in + n_out)):.3f}", "Glorot uniform limit of the first layer")
    assert "a total of 0 parameters" in text, "page 02 should show summary()'s silent zero for an unbuilt model"
    for n_in, n_out in pairs:
        row = f"{n_in}·{n_out} + {n_out} = {n_in * n_out + n_out}"
        assert row in text, f"page 02 does not show the arithmetic {row!r}"


@pytest.mark.build
def test_neuron_page_glues_the_weighted_sum_from_numpy_and_keras(built_site):
    values = _pasted(built_site, "03-neurons-dense")
    x = weighted_sum(NEURON_INPUTS, NEURON_WEIGHTS, NEURON_BIAS)
    output = f"{float(sigmoid(x)):.4f}"
    assert values.count(f"{x:.4f}") >= 2, f"the weighted sum {x:.4f} from NumPy and Keras; glued values: {values}"
    assert values.count(output) >= 2, f"the sigmoid output {output} from NumPy and Keras; glued values: {values}"
    first_neuron = dense([NEURON_INPUTS], np.array(NEURON_WEIGHTS)[:, None], [NEURON_BIAS], "relu")[0, 0]
    _assert_shown(values, f"{first_neuron:.4f}", "the Dense layer's first neuron")
    _assert_shown(values, "(3, 4)", "the kernel's shape")
    difference = float(next(v for v in values if re.fullmatch(r"\d(\.\d+)?e-\d+", v)))
    assert difference < 1e-6, f"NumPy's and Keras's Dense layers differ by {difference}"


@pytest.mark.build
def test_units_page_glues_the_input_size_and_the_rule_of_thumb(built_site):
    from workshop.data import load_breast_cancer, load_digits, make_moons

    values = _pasted(built_site, "04-number-of-units")
    for name, loader, task, n_classes in [
        ("digits", load_digits, "multiclass", 10),
        ("breast cancer", load_breast_cancer, "binary", None),
        ("moons", make_moons, "binary", None),
    ]:
        n_in, n_out = input_units(loader()[0]), output_layer(task, n_classes).units
        for expected in (n_in, n_out, hidden_units_rule_of_thumb(n_in, n_out)):
            _assert_shown(values, str(expected), name)
    # "Start small", in numbers: the digits network's parameters at the smallest and largest width.
    n_in, n_out = input_units(load_digits()[0]), output_layer("multiclass", 10).units
    for width in (4, 256):
        _assert_shown(values, f"{n_in * width + width + width * n_out + n_out:,d}", f"parameters at width {width}")


@pytest.mark.build
def test_units_page_table_is_generated_from_output_layer(built_site):
    table = _page(built_site.html_dir, "04-number-of-units").find("table")
    assert table is not None, "page 04 has no output-layer table"
    rows = [" ".join(row.get_text(" ").split()) for row in table.find_all("tr")[1:]]
    expected = [output_layer(task, 5 if task == "multiclass" else None) for task in TASKS]
    expected.append(output_layer("multiclass", 5, one_hot=True))
    for head in expected:
        assert any(f" {head.units} {head.activation} {head.loss} " in f" {row} " for row in rows), (
            f"no row for {head} in {rows}"
        )


@pytest.mark.build
def test_activation_page_glues_the_vehicle_probabilities(built_site):
    values = _pasted(built_site, "05-activation-functions")
    probabilities = softmax(VEHICLE_LOGITS)
    _assert_shown(values, str(len(VEHICLES)), "K")
    for name, p in zip(VEHICLES, probabilities, strict=True):
        _assert_shown(values, f"{p:.3f}", f"P({name})")
    _assert_shown(values, f"{probabilities.sum():.4f}", "sum of the probabilities")
    _assert_shown(values, f"{np.exp(VEHICLE_LOGITS).sum():.4f}", "sum of the exponentials")
    _assert_shown(values, VEHICLES[int(np.argmax(probabilities))], "predicted class")


def _keras_float32_sigmoid_first_one() -> float:
    """The smallest float32 x whose ``keras.activations.sigmoid`` is exactly 1.0, by scanning every float32."""
    import keras

    start, stop = np.float32(12.0).view(np.int32), np.float32(24.0).view(np.int32)
    x = np.arange(start, stop, dtype=np.int32).view(np.float32)  # every float32 in [12, 24)
    is_one = keras.ops.convert_to_numpy(keras.activations.sigmoid(x)) == 1.0
    first = int(np.argmax(is_one))
    assert is_one[first] and is_one[first:].all(), "Keras's float32 sigmoid should stay at 1.0 once it reaches it"
    return float(x[first])


def test_keras_float32_sigmoid_reaches_one_before_float32_arithmetic_does():
    # The corrected claim of page 05: TensorFlow's float32 kernel rounds to 1.0 earlier than
    # 1 / (1 + exp(-x)) evaluated in float32, and far earlier than in float64 (53 ln 2).
    keras_one = _keras_float32_sigmoid_first_one()
    with np.errstate(over="ignore"):
        grid = np.arange(8, 40, dtype=np.float32)
        float32_arithmetic = grid[np.argmax(np.float32(1) / (np.float32(1) + np.exp(-grid)) == np.float32(1))]
    assert keras_one < float32_arithmetic < 53 * np.log(2)


@pytest.mark.build
def test_activation_page_glues_saturation_and_the_stable_softmax(built_site):
    values = _pasted(built_site, "05-activation-functions")
    # float64: 1 + e^-x rounds to 1 once e^-x is at most half an ulp of 1, 2^-53.
    _assert_shown(values, f"{53 * np.log(2):.2f}", "sigmoid == 1 in float64")
    _assert_shown(values, f"{_keras_float32_sigmoid_first_one():.2f}", "keras sigmoid == 1 in float32")
    _assert_shown(values, f"{float(derivative('sigmoid', 0.0)):.2f}", "sigmoid'(0)")
    _assert_shown(values, str(softmax([1000.0, 0.0, -1000.0])), "stable softmax of huge logits")
    assert any("nan" in v for v in values), "page 05 does not show the naive softmax overflowing to nan"


# --- Each labelled equation and the workshop function that implements it -------


def _finite_difference(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


def _check_list_array_memory():
    values = np.random.default_rng(1).random(1_000)
    n = len(values)
    assert abs(list_bytes(values.tolist()) - n * (struct.calcsize("P") + sys.getsizeof(1.0))) < 200
    assert abs(array_bytes(values) - 8 * n) < 200


def _check_sequential_composition():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 2))
    (w1, b1), (w2, b2) = [(rng.normal(size=(m, n)), rng.normal(size=n)) for m, n in [(2, 3), (3, 1)]]
    composed = dense(dense(x, w1, b1, "relu"), w2, b2, "sigmoid")
    by_hand = 1 / (1 + np.exp(-(np.maximum(x @ w1 + b1, 0) @ w2 + b2)))
    np.testing.assert_allclose(composed, by_hand)


def _check_parameter_count():
    n_in, n_out = 3, 4
    kernel, bias = np.ones((n_in, n_out)), np.ones(n_out)
    assert dense(np.ones((1, n_in)), kernel, bias).shape == (1, n_out)
    assert kernel.size + bias.size == n_in * n_out + n_out
    with pytest.raises(ValueError, match="one per unit"):
        dense(np.ones((1, n_in)), kernel, np.ones(n_out + 1))


def _check_weighted_sum():
    assert weighted_sum([1.0, 2.0, 3.0], [0.5, -1.0, 2.0], bias=0.5) == pytest.approx(0.5 - 2.0 + 6.0 + 0.5)
    x = weighted_sum(NEURON_INPUTS, NEURON_WEIGHTS, NEURON_BIAS)
    assert x == pytest.approx(sum(w * a for w, a in zip(NEURON_WEIGHTS, NEURON_INPUTS, strict=True)) + NEURON_BIAS)


def _check_neuron_output():
    y = sigmoid(weighted_sum(NEURON_INPUTS, NEURON_WEIGHTS, NEURON_BIAS))
    one_unit = dense(NEURON_INPUTS, np.array(NEURON_WEIGHTS)[:, None], [NEURON_BIAS], "sigmoid")
    assert one_unit[0] == pytest.approx(float(y))


def _check_dense_layer():
    rng = np.random.default_rng(2)
    A, W, b = rng.normal(size=(5, 3)), rng.normal(size=(3, 4)), rng.normal(size=4)
    out = dense(A, W, b)
    for s in range(5):
        for j in range(4):
            assert out[s, j] == pytest.approx(weighted_sum(A[s], W[:, j], b[j]))


def _check_hidden_rule_of_thumb():
    assert hidden_units_rule_of_thumb(64, 10) == 26
    for n_in, n_out in [(2, 1), (30, 1), (64, 10), (10, 64), (7, 7)]:
        hidden = hidden_units_rule_of_thumb(n_in, n_out)
        assert hidden == int(np.ceil(np.sqrt(n_in * n_out)))
        assert min(n_in, n_out) <= hidden <= max(n_in, n_out)


def _check_relu():
    np.testing.assert_array_equal(relu([-2.0, 0.0, 3.0]), [0.0, 0.0, 3.0])


def _check_relu_derivative():
    np.testing.assert_array_equal(derivative("relu", [-1.0, 0.0, 2.0]), [0.0, 0.0, 1.0])  # 0 at the corner


def _check_sigmoid():
    x = np.array([-3.0, 0.0, 2.0])
    np.testing.assert_allclose(sigmoid(x), 1 / (1 + np.exp(-x)))
    assert 0.0 < sigmoid(-30.0) and sigmoid(30.0) < 1.0  # the open interval (0, 1)


def _check_sigmoid_derivative():
    x = np.linspace(-4, 4, 9)
    np.testing.assert_allclose(derivative("sigmoid", x), sigmoid(x) * (1 - sigmoid(x)))
    np.testing.assert_allclose(derivative("sigmoid", x), _finite_difference(sigmoid, x), atol=1e-8)


def _check_tanh():
    x = np.array([-2.0, 0.0, 1.0])
    np.testing.assert_allclose(tanh(x), (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x)))


def _check_tanh_sigmoid():
    x = np.linspace(-5, 5, 101)
    np.testing.assert_allclose(tanh(x), 2 * sigmoid(2 * x) - 1, atol=1e-12)


def _check_tanh_derivative():
    x = np.linspace(-3, 3, 7)
    np.testing.assert_allclose(derivative("tanh", x), 1 - tanh(x) ** 2)
    np.testing.assert_allclose(derivative("tanh", x), _finite_difference(tanh, x), atol=1e-8)


def _check_linear():
    x = np.array([-2.0, 3.5])
    np.testing.assert_array_equal(linear(x), x)
    np.testing.assert_array_equal(derivative("linear", x), [1.0, 1.0])


def _check_softmax():
    z = np.array(VEHICLE_LOGITS)
    np.testing.assert_allclose(softmax(z), np.exp(z) / np.exp(z).sum())
    assert softmax(z).sum() == pytest.approx(1.0)


def _check_softmax_stable():
    np.testing.assert_array_equal(softmax([1000.0, 0.0, -1000.0]), [1.0, 0.0, 0.0])  # no overflow warning either
    z = np.array(VEHICLE_LOGITS)
    np.testing.assert_allclose(softmax(z), softmax(z - z.max()))


EQUATION_CHECKS = {
    # page 01
    "list-array-memory": ("workshop.arrays.list_bytes / array_bytes", _check_list_array_memory),
    # page 02
    "sequential-composition": ("workshop.neuron.dense, chained", _check_sequential_composition),
    "parameter-count": ("workshop.neuron.dense (kernel and bias shapes)", _check_parameter_count),
    # page 03
    "weighted-sum": ("workshop.neuron.weighted_sum", _check_weighted_sum),
    "neuron-output": ("workshop.activations.sigmoid of weighted_sum", _check_neuron_output),
    "dense-layer": ("workshop.neuron.dense", _check_dense_layer),
    # page 04
    "hidden-rule-of-thumb": ("workshop.units.hidden_units_rule_of_thumb", _check_hidden_rule_of_thumb),
    # page 05
    "relu": ("workshop.activations.relu", _check_relu),
    "relu-derivative": ("workshop.activations.derivative('relu')", _check_relu_derivative),
    "sigmoid": ("workshop.activations.sigmoid", _check_sigmoid),
    "sigmoid-derivative": ("workshop.activations.derivative('sigmoid')", _check_sigmoid_derivative),
    "tanh": ("workshop.activations.tanh", _check_tanh),
    "tanh-sigmoid": ("workshop.activations.tanh and sigmoid", _check_tanh_sigmoid),
    "tanh-derivative": ("workshop.activations.derivative('tanh')", _check_tanh_derivative),
    "linear": ("workshop.activations.linear, derivative('linear')", _check_linear),
    "softmax": ("workshop.activations.softmax", _check_softmax),
    "softmax-stable": ("workshop.activations.softmax", _check_softmax_stable),
}


@pytest.mark.parametrize("label", sorted(EQUATION_CHECKS))
def test_labelled_equation_matches_its_workshop_function(label):
    _, check = EQUATION_CHECKS[label]
    check()


@pytest.mark.build
def test_every_labelled_equation_on_the_foundation_pages_has_a_check(built_site):
    labels = set().union(*(_equation_labels(built_site, page) for page in PAGES))
    assert labels == set(EQUATION_CHECKS), (
        f"equations without a check: {sorted(labels - set(EQUATION_CHECKS))}; "
        f"checks without an equation: {sorted(set(EQUATION_CHECKS) - labels)}"
    )
