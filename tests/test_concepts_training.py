"""The concept pages on training and using models (06-12): built, with math, figures and honest numbers.

The ``build`` tests read the one build of the ``built_site`` fixture and check
that each number glued into a page's prose is the number ``workshop`` computes
(recomputed here). Every labelled equation on these pages is listed in
``EQUATION_CHECKS`` with the ``workshop`` function that implements it, and that
function is checked against the formula on a value (those checks need no build).
"""

from __future__ import annotations

import copy
import math
import re

import numpy as np
import pytest
from bs4 import BeautifulSoup

from site_harness import ROOT
from site_harness.pages import read_page
from workshop.activations import relu, sigmoid, softmax
from workshop.data import STUDY_HOURS_POINTS_PER_HOUR, make_moons, one_hot, study_hours
from workshop.losses import (
    binary_crossentropy,
    categorical_crossentropy,
    mean_squared_error,
    sparse_categorical_crossentropy,
)
from workshop.neuron import dense
from workshop.optimizers import SGD, Adam, RMSprop

CONCEPTS = ROOT / "docs" / "concepts"
PAGES = [
    "06-optimizers",
    "07-loss-functions",
    "backpropagation",
    "initialisation",
    "08-validation-data",
    "regularisation",
    "09-feedforward-networks",
    "10-regression",
    "11-visualising-with-matplotlib",
    "12-notes-on-the-notes",
]
PAGES_WITH_FIGURES = {
    "06-optimizers": 2,  # the step sizes over time, the paths on the valley
    "07-loss-functions": 1,
    "backpropagation": 1,  # gradient norms per layer, sigmoid against ReLU
    "initialisation": 1,  # the spread through ten layers
    "08-validation-data": 1,
    "09-feedforward-networks": 1,
    "10-regression": 1,
    "11-visualising-with-matplotlib": 3,
}
LABELLED_EQUATION = re.compile(r"^\$\$\s*\(([\w-]+)\)\s*$", re.MULTILINE)


def _source(page: str) -> str:
    return (CONCEPTS / f"{page}.md").read_text(encoding="utf-8")


def _has_math(page: str) -> bool:
    return "$" in _source(page)


def _page(built_site, page: str) -> BeautifulSoup:
    return read_page(built_site.html_dir / "concepts" / f"{page}.html")


def _glued(built_site, page: str) -> list[str]:
    """The texts that `{glue:text}` pasted into the page's prose."""
    return [span.get_text() for span in _page(built_site, page).select("span.pasted-text")]


def _assert_glued(built_site, page: str, value: float, fmt: str, what: str) -> None:
    expected = format(value, fmt)
    glued = _glued(built_site, page)
    assert expected in glued, f"{page}: {what} should read {expected!r}; the page's glued values are {glued}"


# --- The pages in the build --------------------------------------------------


@pytest.mark.build
@pytest.mark.parametrize("page", PAGES)
def test_page_is_built_with_rendered_math_and_no_error_output(built_site, page):
    soup = _page(built_site, page)
    article = copy.copy(soup.find("article") or soup)  # a copy: the parsed page is cached
    # The "fix the model" questions show Keras's real error messages on purpose (tests/test_practice.py).
    for question in article.select(".practice-q"):
        question.decompose()
    text = article.get_text(" ")
    if _has_math(page):
        assert article.find("math"), f"{page} has formulas but no <math> element"
        assert "$$" not in text, f"{page} shows unrendered $$ math"
    for marker in ("Traceback", "Error:", "Warning:", "RuntimeWarning", "UserWarning"):
        assert marker not in text, f"{page} shows {marker!r} in its text or cell output"
    assert not article.select(".output.stderr, .output.traceback, .output.error"), f"{page} has error output"
    assert "Where to go next" in text, f"{page} should end with 'Where to go next'"


@pytest.mark.build
@pytest.mark.parametrize("page", sorted(PAGES_WITH_FIGURES))
def test_page_figures_have_alt_text(built_site, page):
    images = (_page(built_site, page).find("article") or _page(built_site, page)).find_all("img")
    assert len(images) >= PAGES_WITH_FIGURES[page], f"{page} should have {PAGES_WITH_FIGURES[page]} figure(s)"
    for image in images:
        assert image.get("alt", "").strip(), f"{page}: an image without alt text ({image.get('src')})"


@pytest.mark.build
@pytest.mark.parametrize("page", PAGES)
def test_page_has_no_unresolved_glue(built_site, page):
    text = _page(built_site, page).get_text(" ")
    assert "glue:" not in text, f"{page} shows an unresolved glue role"


# --- Glued numbers are workshop's numbers ---------------------------------------


@pytest.mark.build
def test_backpropagation_page_glues_the_2_3_1_networks_output_and_its_p_minus_y(built_site):
    # The page's weights: x = (1, 2); hidden ReLU sums (1.0, 0.5, -0.5); output sum 0.7 - 0.25 + 0.05.
    hidden = relu(np.array([1.0, 2.0]) @ np.array([[0.5, -0.3, 0.8], [0.2, 0.4, -0.6]]) + np.array([0.1, 0.0, -0.1]))
    p = float(sigmoid(hidden @ np.array([0.7, -0.5, 0.3]) + 0.05))
    _assert_glued(built_site, "backpropagation", p, ".4f", "the output probability")
    _assert_glued(built_site, "backpropagation", p - 1.0, ".4f", "the output gradient p - y")
    _assert_glued(built_site, "backpropagation", hidden[0] * (p - 1.0), ".4f", "the first output weight's gradient")


@pytest.mark.build
def test_regularisation_page_glues_the_dropout_scale_and_adams_l2_step_near_the_learning_rate(built_site):
    _assert_glued(built_site, "regularisation", 1 / (1 - 0.5), ".0f", "dropout's scale at rate 0.5")
    glued = _glued(built_site, "regularisation")
    # Adam's first step is about the learning rate (0.001) whatever the gradient's size.
    assert "1.0e-03" in glued, glued


@pytest.mark.build
def test_optimizers_page_glues_rmsprop_and_adam_first_steps(built_site):
    gradient, start, eta = np.array([0.5, -20.0]), np.zeros(2), 0.001
    rmsprop = abs(RMSprop(eta, rho=0.9).step(start, gradient)[0]) / eta
    adam = abs(Adam(eta).step(start, gradient)[0]) / eta
    assert rmsprop == pytest.approx(1 / math.sqrt(1 - 0.9), rel=1e-4)  # no bias correction
    assert adam == pytest.approx(1.0, rel=1e-4)  # bias-corrected
    _assert_glued(built_site, "06-optimizers", rmsprop, ".3f", "RMSprop's first step / eta")
    _assert_glued(built_site, "06-optimizers", adam, ".3f", "Adam's first step / eta")
    _assert_glued(built_site, "06-optimizers", 1 / math.sqrt(1 - 0.9), ".2f", "1/sqrt(1 - rho)")


def _adam_step_after_zeros(n_zeros: int, eta: float = 0.001) -> float:
    adam, theta = Adam(eta), np.zeros(1)
    for _ in range(n_zeros):
        theta = adam.step(theta, np.zeros(1))
    return float(abs(adam.step(theta, np.ones(1)) - theta)[0]) / eta


def test_adam_step_exceeds_eta_after_zero_gradients_up_to_the_papers_bound():
    # Kingma & Ba 2.1: |step| <= eta (1 - beta_1) / sqrt(1 - beta_2) when (1 - beta_1) > sqrt(1 - beta_2).
    bound = (1 - 0.9) / math.sqrt(1 - 0.999)
    assert _adam_step_after_zeros(0) == pytest.approx(1.0, rel=1e-4)
    assert 1.0 < _adam_step_after_zeros(200) < bound
    assert _adam_step_after_zeros(10_000) == pytest.approx(bound, rel=1e-3)


def test_papers_adam_and_the_efficient_form_agree_when_epsilon_hat_is_scaled():
    # Algorithm 1 adds epsilon to the corrected root; Section 2's form adds epsilon-hat to the
    # uncorrected one. They agree step for step when epsilon-hat = epsilon sqrt(1 - beta_2^t).
    eta, b1, b2, eps = 0.01, 0.9, 0.999, 1e-3  # a large epsilon, so that a mismatch would show
    paper = efficient = constant_hat = 1.0
    m = v = 0.0
    for t, g in enumerate((3.0, -0.5, 2.0, 0.01), start=1):
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g**2
        paper -= eta * (m / (1 - b1**t)) / (math.sqrt(v / (1 - b2**t)) + eps)
        eta_t = eta * math.sqrt(1 - b2**t) / (1 - b1**t)
        efficient -= eta_t * m / (math.sqrt(v) + eps * math.sqrt(1 - b2**t))
        constant_hat -= eta_t * m / (math.sqrt(v) + eps)
    assert efficient == pytest.approx(paper, rel=1e-12)
    assert abs(constant_hat - paper) > 1e-6  # Keras's constant epsilon-hat is not the paper's epsilon


@pytest.mark.build
def test_optimizers_page_glues_adams_bound_and_nesterovs_smaller_overshoot(built_site):
    from workshop.surfaces import SUGGESTED_LEARNING_RATES, SUGGESTED_MOMENTUM, get_surface, optimizer_path

    bound = (1 - 0.9) / math.sqrt(1 - 0.999)
    _assert_glued(built_site, "06-optimizers", bound, ".2f", "Kingma and Ba's step bound")
    _assert_glued(built_site, "06-optimizers", _adam_step_after_zeros(200), ".2f", "Adam's step after 200 zeros")
    valley = get_surface("valley")
    eta, mu = SUGGESTED_LEARNING_RATES["valley"]["momentum"], SUGGESTED_MOMENTUM
    heavy = optimizer_path(SGD(eta, momentum=mu), valley, steps=50)[:, 0].max()
    nesterov = optimizer_path(SGD(eta, momentum=mu, nesterov=True), valley, steps=50)[:, 0].max()
    assert nesterov < heavy
    _assert_glued(built_site, "06-optimizers", heavy, ".2f", "momentum's overshoot")
    _assert_glued(built_site, "06-optimizers", nesterov, ".2f", "Nesterov's overshoot")
    # Page 12 pastes the same numbers from page 06.
    _assert_glued(built_site, "12-notes-on-the-notes", bound, ".2f", "Adam's bound on page 12")
    _assert_glued(built_site, "12-notes-on-the-notes", 1 / math.sqrt(1 - 0.9), ".2f", "RMSprop's first step on page 12")


@pytest.mark.build
def test_notes_page_pastes_the_timings_page_01_measured(built_site):
    on_01 = _glued(built_site, "01-numpy-arrays")
    on_12 = _glued(built_site, "12-notes-on-the-notes")
    timings = on_12[:5]  # the NumPy section comes first: speed-up, two sizes, two timings
    assert len(timings) == 5, f"page 12 should paste page 01's sizes and timings, it shows {on_12}"
    for value in timings:
        assert value in on_01, f"page 12 shows {value!r}, which page 01 did not measure ({on_01})"


@pytest.mark.build
def test_loss_page_glues_binary_crossentropy_worked_values_and_clipped_extremes(built_site):
    for y, y_hat in [(1, 0.9), (1, 0.5), (1, 0.1), (0, 0.1), (0, 0.9)]:
        _assert_glued(built_site, "07-loss-functions", float(binary_crossentropy([y], [y_hat])), ".3f",
                      f"BCE(y={y}, y_hat={y_hat})")
    worst_yes = float(binary_crossentropy([1.0], [0.0]))
    worst_no = float(binary_crossentropy([0.0], [1.0]))
    assert math.isfinite(worst_yes) and math.isfinite(worst_no) and worst_no < worst_yes  # float32 upper clip
    _assert_glued(built_site, "07-loss-functions", worst_yes, ".3f", "BCE of true 1 predicted 0")
    _assert_glued(built_site, "07-loss-functions", worst_no, ".3f", "BCE of true 0 predicted 1")
    # The caps, derived from float32 itself rather than from workshop: -log(1e-7) and
    # -log(1 - float32(1 - 1e-7)), the 15.94 of a true 0 predicted as exactly 1.
    assert worst_yes == pytest.approx(-math.log(1e-7), rel=1e-6)
    cap_for_true_0 = -math.log(float(np.float32(1.0) - np.float32(1.0 - 1e-7)))
    assert worst_no == pytest.approx(cap_for_true_0, rel=1e-6)


@pytest.mark.build
def test_loss_page_shows_a_mostly_right_model_scoring_ln_2(built_site):
    _assert_glued(built_site, "07-loss-functions", math.log(2), ".3f", "ln 2")
    assert "90%" in _glued(built_site, "07-loss-functions"), "the ln 2 example should be 90 % accurate"
    _assert_glued(built_site, "07-loss-functions", 4.0**2, ".0f", "one miss of 4")
    _assert_glued(built_site, "07-loss-functions", 4 * 1.0**2, ".0f", "four misses of 1")


@pytest.mark.build
def test_loss_page_glues_equal_sparse_and_categorical_crossentropy(built_site):
    logits = np.array([0.1, -1.2, 0.3, 1.0, -0.5, 3.2, 0.0, -2.0, 0.8, 0.4])
    probabilities = softmax(logits)[None, :]
    sparse = float(sparse_categorical_crossentropy([5], probabilities)[0])
    categorical = float(categorical_crossentropy(one_hot([5], 10), probabilities)[0])
    assert sparse == pytest.approx(categorical, rel=1e-12)
    _assert_glued(built_site, "07-loss-functions", sparse, ".4f", "sparse categorical crossentropy")
    assert _glued(built_site, "07-loss-functions").count(format(sparse, ".4f")) >= 2, "both losses should be glued"


@pytest.mark.build
def test_loss_page_glues_logit_route_beyond_the_clip(built_site):
    via_probability = float(binary_crossentropy([1.0], [sigmoid(-20.0)]))
    via_logit = float(binary_crossentropy([1.0], [-20.0], from_logits=True))
    assert via_logit > via_probability
    _assert_glued(built_site, "07-loss-functions", via_probability, ".3f", "BCE from probability, z=-20")
    _assert_glued(built_site, "07-loss-functions", via_logit, ".3f", "BCE from logit, z=-20")


@pytest.mark.build
def test_validation_page_split_matches_keras_validation_split(built_site):
    from keras.src.trainers.data_adapters.array_slicing import train_validation_split

    x = np.arange(40, dtype="float32")[:, None]
    labels = np.repeat([0, 1], 20)
    (_, y_train), (_, y_val) = train_validation_split((x, labels), validation_split=0.2)
    assert np.array_equal(np.asarray(y_val), labels[32:]), "Keras should validate on the last rows"
    _assert_glued(built_site, "08-validation-data", len(y_train), "d", "Keras's split index")
    _assert_glued(built_site, "08-validation-data", float(np.mean(y_val)), ".0%", "share of class 1 in Keras's split")


@pytest.mark.build
def test_feedforward_page_glues_the_forward_pass_output(built_site):
    x = np.array([[1.0, 2.0]])
    W1, b1 = np.array([[0.5, -1.0, 0.8], [0.3, 0.3, 0.1]]), np.array([0.1, 0.2, 0.0])
    W2, b2 = np.array([[1.2], [-0.7], [0.9]]), np.array([-0.5])
    output = float(dense(dense(x, W1, b1, "relu"), W2, b2, "sigmoid")[0, 0])
    _assert_glued(built_site, "09-feedforward-networks", output, ".3f", "the 2-3-1 network's output")


@pytest.mark.build
def test_regression_page_glues_slope_intercept_and_prediction(built_site):
    X, scores = study_hours()
    slope, intercept = np.polyfit(X[:, 0].astype(float), scores.astype(float), deg=1)
    assert slope == pytest.approx(STUDY_HOURS_POINTS_PER_HOUR, abs=1.0)
    _assert_glued(built_site, "10-regression", float(slope), ".2f", "fitted slope")
    _assert_glued(built_site, "10-regression", float(intercept), ".2f", "fitted intercept")
    _assert_glued(built_site, "10-regression", float(intercept + 3.5 * slope), ".1f", "prediction for 3.5 hours")
    # The Keras model reaches the same line (glued from its own run), and "accuracy" reads 0.
    assert _glued(built_site, "10-regression").count(format(float(slope), ".2f")) >= 2, "Keras's slope"
    assert _glued(built_site, "10-regression").count(format(float(intercept), ".2f")) >= 2, "Keras's intercept"
    _assert_glued(built_site, "10-regression", 0.0, ".1f", "binary accuracy of a regression")


@pytest.mark.build
def test_visualising_page_glues_the_confusion_matrix_counts(built_site):
    X, y = make_moons(n_samples=400, noise=0.2, seed=0)
    predicted = (sigmoid(X @ np.array([1.5, -4.0]) + 1.0) > 0.5).astype(int)
    for true, pred in [(0, 0), (0, 1), (1, 0), (1, 1)]:
        count = int(np.sum((y == true) & (predicted == pred)))
        _assert_glued(built_site, "11-visualising-with-matplotlib", count, "d", f"confusion count ({true}, {pred})")


# --- Every labelled equation, and the workshop function that implements it ----------


def _check_sgd():
    return SGD(0.1).step([1.0], [2.0])[0], 1.0 - 0.1 * 2.0


def _check_momentum():
    opt, eta, mu, g1, g2 = SGD(0.1, momentum=0.9), 0.1, 0.9, 2.0, -1.0
    theta1 = opt.step([1.0], [g1])
    v1 = -eta * g1
    v2 = mu * v1 - eta * g2
    return opt.step(theta1, [g2])[0], 1.0 + v1 + v2


def _check_nesterov():
    opt, eta, mu, g1, g2 = SGD(0.1, momentum=0.9, nesterov=True), 0.1, 0.9, 2.0, -1.0
    v1 = -eta * g1
    theta1 = 1.0 + mu * v1 - eta * g1
    v2 = mu * v1 - eta * g2
    return opt.step(opt.step([1.0], [g1]), [g2])[0], theta1 + mu * v2 - eta * g2


def _check_rmsprop():
    opt, eta, rho, eps = RMSprop(0.01, rho=0.9), 0.01, 0.9, 1e-7
    theta, s = 1.0, 0.0
    params = np.array([theta])
    for g in (3.0, -0.5):
        params = opt.step(params, [g])
        s = rho * s + (1 - rho) * g**2
        theta = theta - eta * g / math.sqrt(s + eps)
    return params[0], theta


def _adam_by_hand(keras_form):
    eta, b1, b2, eps = 0.01, 0.9, 0.999, 1e-7
    opt, params = Adam(eta), np.array([1.0])
    theta, m, v = 1.0, 0.0, 0.0
    for t, g in enumerate((3.0, -0.5, 2.0), start=1):
        params = opt.step(params, [g])
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        if keras_form:
            eta_t = eta * math.sqrt(1 - b2**t) / (1 - b1**t)
            theta = theta - eta_t * m / (math.sqrt(v) + eps)
        else:
            m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
            theta = theta - eta * m_hat / (math.sqrt(v_hat) + eps)
    return params[0], theta


def _check_bce():
    y, p = np.array([1.0, 0.0, 1.0]), np.array([0.8, 0.3, 0.6])
    return float(binary_crossentropy(y, p)), float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


def _check_bce_logits():
    y, z = np.array([1.0, 0.0, 1.0]), np.array([2.0, -1.5, -30.0])
    formula = np.maximum(z, 0) - z * y + np.log(1 + np.exp(-np.abs(z)))
    return float(binary_crossentropy(y, z, from_logits=True)), float(formula.mean())


def _check_cce():
    y, p = np.array([0.0, 1.0, 0.0]), np.array([0.2, 0.7, 0.1])
    return float(categorical_crossentropy(y, p)), float(-np.sum(y * np.log(p)))


def _check_scce():
    return float(sparse_categorical_crossentropy(1, [0.2, 0.7, 0.1])), -math.log(0.7)


def _check_mse():
    return float(mean_squared_error([62.0, 75.0, 81.0], [60.0, 75.0, 87.0])), (4 + 0 + 36) / 3


def _check_forward():
    x = np.array([[1.0, -2.0]])
    W1, b1 = np.array([[0.5, -1.0, 0.8], [0.3, 0.3, 0.1]]), np.array([0.1, 0.2, 0.0])
    W2, b2 = np.array([[1.2], [-0.7], [0.9]]), np.array([-0.5])
    by_hand = 1 / (1 + np.exp(-(np.maximum(x @ W1 + b1, 0) @ W2 + b2)))
    assert np.allclose(relu(x @ W1 + b1), np.maximum(x @ W1 + b1, 0))
    return float(dense(dense(x, W1, b1, "relu"), W2, b2, "sigmoid")[0, 0]), float(by_hand[0, 0])


def _check_line():
    return float(dense([[3.5]], [[9.9]], [40.6])[0, 0]), 9.9 * 3.5 + 40.6


EQUATION_CHECKS = {
    # label: (page, workshop function implementing it, check returning (workshop value, formula value), rel tol)
    "opt-sgd": ("06-optimizers", "workshop.optimizers.SGD", _check_sgd, 1e-12),
    "opt-momentum": ("06-optimizers", "workshop.optimizers.SGD(momentum=...)", _check_momentum, 1e-12),
    "opt-nesterov": ("06-optimizers", "workshop.optimizers.SGD(nesterov=True)", _check_nesterov, 1e-12),
    "opt-rmsprop": ("06-optimizers", "workshop.optimizers.RMSprop", _check_rmsprop, 1e-12),
    "opt-adam-moments": ("06-optimizers", "workshop.optimizers.Adam", lambda: _adam_by_hand(True), 1e-12),
    # The paper's Algorithm 1 puts epsilon against the corrected sqrt(v-hat): equal up to epsilon's effect.
    "opt-adam": ("06-optimizers", "workshop.optimizers.Adam", lambda: _adam_by_hand(False), 1e-6),
    "opt-adam-keras": ("06-optimizers", "workshop.optimizers.Adam", lambda: _adam_by_hand(True), 1e-12),
    "loss-bce": ("07-loss-functions", "workshop.losses.binary_crossentropy", _check_bce, 1e-12),
    "loss-cce": ("07-loss-functions", "workshop.losses.categorical_crossentropy", _check_cce, 1e-12),
    "loss-scce": ("07-loss-functions", "workshop.losses.sparse_categorical_crossentropy", _check_scce, 1e-12),
    "loss-mse": ("07-loss-functions", "workshop.losses.mean_squared_error", _check_mse, 1e-12),
    "loss-bce-logits": ("07-loss-functions", "workshop.losses.binary_crossentropy(from_logits=True)",
                        _check_bce_logits, 1e-12),
    "ff-forward": ("09-feedforward-networks", "workshop.neuron.dense", _check_forward, 1e-12),
    "reg-line": ("10-regression", "workshop.neuron.dense", _check_line, 1e-12),
}


def test_every_labelled_equation_on_these_pages_has_a_workshop_check():
    on_pages = {label: page for page in PAGES for label in LABELLED_EQUATION.findall(_source(page))}
    assert set(on_pages) == set(EQUATION_CHECKS), "labelled equations and EQUATION_CHECKS must list the same labels"
    for label, page in on_pages.items():
        assert EQUATION_CHECKS[label][0] == page, f"{label} is on {page}, not {EQUATION_CHECKS[label][0]}"


@pytest.mark.parametrize("label", sorted(EQUATION_CHECKS))
def test_labelled_equation_matches_its_workshop_implementation(label):
    _, function, check, rel = EQUATION_CHECKS[label]
    implemented, formula = check()
    assert implemented == pytest.approx(formula, rel=rel), f"{function} disagrees with equation ({label})"


@pytest.mark.build
@pytest.mark.parametrize("label", sorted(EQUATION_CHECKS))
def test_labelled_equation_is_rendered_as_mathml_with_its_anchor(built_site, label):
    page = EQUATION_CHECKS[label][0]
    anchor = _page(built_site, page).find(id=f"equation-{label}")
    assert anchor is not None, f"{page} has no anchor for equation ({label})"
    block = anchor if anchor.find("math") else anchor.find_parent()
    assert block.find("math") is not None, f"equation ({label}) on {page} is not MathML"
