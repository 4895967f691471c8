"""The gallery's examples: each runs on its own with plain Python, and the built
pages print the quality their prose promises.

Two kinds of tests:

- ``slow``: every ``gallery/plot_*.py`` (found when the tests are collected, so a
  new example is covered without editing this file) runs as a reader would run
  it, ``python plot_XX.py`` in an empty folder (forked from a process that has
  imported TensorFlow: tests/standalone.py), and must finish cleanly and
  print no Keras progress bar.
- ``build``: the metric lines that examples print (``<metric name>: <value>``)
  are read back from the pages of the one site build (``built_site``), and
  each must meet its row of :data:`METRIC_THRESHOLDS`.
"""

from __future__ import annotations

import operator
import os
import re
from pathlib import Path
from typing import NamedTuple

import pytest

from site_harness import ROOT
from site_harness.pages import read_page
from site_harness.scripts import ONE_TENSORFLOW_THREAD, ScriptRunner, shared_runner

EXAMPLES = sorted((ROOT / "gallery").glob("plot_*.py"))
# The example a reader runs from its zip in a fresh environment (tests/test_downloads.py):
# that run checks what a standalone run checks, so this file runs the others.
READER_EXAMPLE = "plot_05_binary_classification"
STANDALONE_EXAMPLES = [path for path in EXAMPLES if path.stem != READER_EXAMPLE]
STANDALONE_TIMEOUT_SECONDS = 120
# Keras's progress bars redraw their line with backspaces or carriage returns.
PROGRESS_BAR_CHARACTERS = ("\x08", "\r")


class MetricThreshold(NamedTuple):
    """One promise of an example page: its printed ``metric`` compared with ``bound``."""

    example: str  # the script's stem, e.g. "plot_05_binary_classification"
    metric: str  # the text before ": <value>" in the printed line
    comparison: str  # one of COMPARISONS
    bound: float


COMPARISONS = {">=": operator.ge, "<=": operator.le, "==": operator.eq}

# One row per promise. To add an example's metrics, add rows here: the example
# prints ``f"{metric}: {value}"`` on a line of its own.
METRIC_THRESHOLDS = [
    # Memory is exact (8-byte floats vs pointer + float object); time is measured
    # on the build machine, so its bound is far below what any machine gives.
    MetricThreshold("plot_01_numpy_vs_lists", "list/array memory ratio at 100000 elements", ">=", 3.9),
    MetricThreshold("plot_01_numpy_vs_lists", "numpy speed-up at 100000 elements", ">=", 10),
    # Keras and workshop agree to float32 rounding (about 1e-7).
    MetricThreshold("plot_02_activation_functions", "keras vs workshop activations max difference", "<=", 1e-6),
    MetricThreshold("plot_02_activation_functions", "keras vs workshop derivatives max difference", "<=", 1e-6),
    MetricThreshold("plot_03_softmax_vehicles", "keras vs workshop softmax max difference", "<=", 1e-6),
    MetricThreshold("plot_03_softmax_vehicles", "softmax(z + 100) vs softmax(z) max difference", "<=", 1e-6),
    MetricThreshold("plot_04_neuron_and_dense", "dense layer keras vs workshop max difference", "<=", 1e-6),
    MetricThreshold("plot_04_neuron_and_dense", "model.count_params()", "==", 26),
    MetricThreshold("plot_04_neuron_and_dense", "counted by hand", "==", 26),
    # Trained models: the accuracy each page's prose talks about.
    MetricThreshold("plot_05_binary_classification", "moons validation accuracy", ">=", 0.95),
    MetricThreshold("plot_05_binary_classification", "breast cancer validation accuracy", ">=", 0.93),
    # "The two curves staying close": the last epoch's training and validation accuracies.
    MetricThreshold("plot_05_binary_classification", "moons training vs validation accuracy gap", "<=", 0.05),
    MetricThreshold("plot_06_digits_multiclass", "digits test accuracy", ">=", 0.93),
    MetricThreshold("plot_06_digits_multiclass", "highest probability given to a misread test digit", ">=", 0.9),
    # Same loss, two label formats: equal up to float32 rounding.
    MetricThreshold("plot_07_sparse_vs_categorical", "one batch sparse vs categorical max difference", "<=", 1e-6),
    MetricThreshold("plot_07_sparse_vs_categorical", "sparse vs categorical loss curve max difference", "<=", 1e-5),
    MetricThreshold("plot_07_sparse_vs_categorical", "sparse vs categorical trained weights max difference", "<=", 1e-5),
    # Sam's line: a good fit, and the learned slope and intercept near the data's 10 points/hour and 40.
    MetricThreshold("plot_08_regression_study_hours", "sam regression R^2", ">=", 0.9),
    MetricThreshold("plot_08_regression_study_hours", "sam regression weight (points per hour)", ">=", 9.0),
    MetricThreshold("plot_08_regression_study_hours", "sam regression weight (points per hour)", "<=", 11.0),
    MetricThreshold("plot_08_regression_study_hours", "sam regression bias (points)", ">=", 37.0),
    MetricThreshold("plot_08_regression_study_hours", "sam regression bias (points)", "<=", 43.0),
    # Keras's optimizers and workshop's NumPy rules draw the same paths; all four reach the floor.
    MetricThreshold("plot_09_optimizer_paths", "keras vs numpy optimizer path max abs difference", "<=", 0.0001),
    MetricThreshold("plot_09_optimizer_paths", "valley SGD final loss", "<=", 0.05),
    MetricThreshold("plot_09_optimizer_paths", "valley SGD + momentum 0.9 final loss", "<=", 0.05),
    MetricThreshold("plot_09_optimizer_paths", "valley RMSprop final loss", "<=", 0.05),
    MetricThreshold("plot_09_optimizer_paths", "valley Adam final loss", "<=", 0.05),
    # ... and on the saddle every one escapes (the saddle point's loss is 0, the valleys' -0.25).
    MetricThreshold("plot_09_optimizer_paths", "saddle SGD final loss", "<=", -0.2),
    MetricThreshold("plot_09_optimizer_paths", "saddle SGD + momentum 0.9 final loss", "<=", -0.2),
    MetricThreshold("plot_09_optimizer_paths", "saddle RMSprop final loss", "<=", -0.2),
    MetricThreshold("plot_09_optimizer_paths", "saddle Adam final loss", "<=", -0.2),
    MetricThreshold("plot_10_optimizers_training", "optimizer comparison SGD validation accuracy", ">=", 0.8),
    MetricThreshold("plot_10_optimizers_training", "optimizer comparison RMSprop validation accuracy", ">=", 0.95),
    MetricThreshold("plot_10_optimizers_training", "optimizer comparison Adam validation accuracy", ">=", 0.95),
    # The lesson is the contrast: too small and too large both fail, about right learns.
    MetricThreshold("plot_11_learning_rate", "learning rate 0.001 validation accuracy", "<=", 0.7),
    MetricThreshold("plot_11_learning_rate", "learning rate 0.5 validation accuracy", ">=", 0.93),
    MetricThreshold("plot_11_learning_rate", "learning rate 5 validation accuracy", "<=", 0.7),
    # One unit cannot bend the boundary; from about eight units the problem is solved.
    MetricThreshold("plot_12_hidden_units", "hidden units 1 validation accuracy", "<=", 0.75),
    MetricThreshold("plot_12_hidden_units", "hidden units 2 validation accuracy", "<=", 0.85),  # the rule of thumb underfits
    MetricThreshold("plot_12_hidden_units", "hidden units 8 validation accuracy", ">=", 0.93),
    MetricThreshold("plot_12_hidden_units", "hidden units 16 validation accuracy", ">=", 0.93),
    MetricThreshold("plot_12_hidden_units", "hidden units 64 validation accuracy", ">=", 0.93),
    MetricThreshold("plot_12_hidden_units", "hidden units 256 validation accuracy", ">=", 0.95),
    # Early stopping keeps a good epoch (and one better than the last: see the test below).
    MetricThreshold("plot_13_validation_early_stopping", "early stopping validation loss at best epoch", "<=", 0.4),
    MetricThreshold("plot_13_validation_early_stopping", "early stopping test accuracy", ">=", 0.8),
    # A linear hidden layer is still a straight line; any non-linearity solves the problem.
    MetricThreshold("plot_14_hidden_activations", "hidden activation linear validation accuracy", "<=", 0.7),
    MetricThreshold("plot_14_hidden_activations", "hidden activation sigmoid validation accuracy", ">=", 0.93),
    MetricThreshold("plot_14_hidden_activations", "hidden activation tanh validation accuracy", ">=", 0.93),
    MetricThreshold("plot_14_hidden_activations", "hidden activation relu validation accuracy", ">=", 0.93),
    MetricThreshold("plot_14_hidden_activations", "linear hidden layer collapse max abs logit difference", "<=", 0.0001),
    # Backpropagation by hand: the tape's gradients to float64 rounding, fit's run to float32's.
    MetricThreshold("plot_15_backpropagation_by_hand", "by hand vs GradientTape max gradient difference", "<=", 1e-12),
    MetricThreshold("plot_15_backpropagation_by_hand", "by hand vs GradientTape max gradient difference over training", "<=", 1e-12),
    MetricThreshold("plot_15_backpropagation_by_hand", "by hand vs fit loss curve max difference", "<=", 1e-6),
    MetricThreshold("plot_15_backpropagation_by_hand", "by hand vs fit trained weights max difference", "<=", 1e-6),
    # The plain network overfits; each regularisation ends lower on the validation set.
    MetricThreshold("plot_16_regularisation_compared", "plain final validation loss", ">=", 0.45),
    MetricThreshold("plot_16_regularisation_compared", "L2 (0.003) final validation loss", "<=", 0.4),
    MetricThreshold("plot_16_regularisation_compared", "dropout (0.4) final validation loss", "<=", 0.5),
    MetricThreshold("plot_16_regularisation_compared", "early stopping final validation loss", "<=", 0.4),
]

# A whole line "<name>: <number>"; the name has no colon, so "a: 1, b: 2" is not one.
METRIC_LINE = re.compile(r"^(?P<metric>[^\n:]+?): (?P<value>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)$", re.MULTILINE)


def parse_metrics(text: str) -> dict[str, float]:
    """Every ``<metric name>: <number>`` line of ``text``, by name (a later line wins)."""
    return {match["metric"].strip(): float(match["value"]) for match in METRIC_LINE.finditer(text)}


def test_parse_metrics_reads_only_whole_metric_lines():
    text = (
        "epoch 3\nmoons validation accuracy: 0.975\nkernel shape (3, 3): oops\n"
        "training points: 320, validation points: 80\nmax difference: 2.38e-07\n"
    )
    assert parse_metrics(text) == {"moons validation accuracy": 0.975, "max difference": 2.38e-07}


def test_every_threshold_names_an_existing_example_and_a_known_comparison():
    stems = {path.stem for path in EXAMPLES}
    for row in METRIC_THRESHOLDS:
        assert row.comparison in COMPARISONS, row
        assert row.example in stems, f"{row.example} is not in gallery/ (rows: {row})"


# --- Standalone runs -----------------------------------------------------------


def _standalone_env() -> dict[str, str]:
    env = dict(os.environ)
    env["MPLBACKEND"] = "Agg"
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    env |= ONE_TENSORFLOW_THREAD  # the reader's zip test compares the numbers
    return env


@pytest.fixture(scope="session")
def script_runner(shared_dir) -> ScriptRunner:
    """Runs a script as ``python script.py`` does, in a process forked after TensorFlow's import (site_harness.scripts).

    One server for every worker of the session, started by the first that needs it;
    it ends with the session's main process (pytest-xdist's, the workers' parent).
    """
    session = os.getppid() if os.environ.get("PYTEST_XDIST_WORKER") else os.getpid()
    return shared_runner(shared_dir / "script-server.sock", _standalone_env(), session)


@pytest.mark.slow
@pytest.mark.parametrize("script", STANDALONE_EXAMPLES, ids=[path.stem for path in STANDALONE_EXAMPLES])
def test_example_runs_standalone_without_progress_bars(script, tmp_path, script_runner):
    folder = tmp_path / "run"
    folder.mkdir()
    result = script_runner.run(script, cwd=folder, timeout=STANDALONE_TIMEOUT_SECONDS)
    assert result.returncode == 0, f"{script.name} failed; end of stderr:\n{result.stderr[-4000:]}"
    for character in PROGRESS_BAR_CHARACTERS:
        assert character not in result.stdout, f"{script.name} printed a progress bar ({character!r}); pass verbose=0"
    assert not list(folder.iterdir()), f"{script.name} wrote files into its working folder: {list(folder.iterdir())}"


# --- Metrics on the built pages ------------------------------------------------


def _page_output(html_dir: Path, example: str) -> str:
    """The text an example printed, as its built page shows it (all output blocks)."""
    page = html_dir / "auto_examples" / f"{example}.html"
    assert page.exists(), f"no page {page.relative_to(html_dir)} in the build"
    soup = read_page(page)
    blocks = soup.select(".sphx-glr-script-out pre")
    return "\n".join(block.get_text() for block in blocks)


@pytest.mark.build
@pytest.mark.parametrize(
    "row", METRIC_THRESHOLDS, ids=[f"{row.example}: {row.metric}" for row in METRIC_THRESHOLDS]
)
def test_example_page_prints_metric_within_threshold(built_site, row):
    metrics = parse_metrics(_page_output(built_site.html_dir, row.example))
    assert row.metric in metrics, f"{row.example}'s page prints no line '{row.metric}: <value>'; it prints {sorted(metrics)}"
    value = metrics[row.metric]
    assert COMPARISONS[row.comparison](value, row.bound), f"{row.example}: {row.metric} = {value}, expected {row.comparison} {row.bound}"


@pytest.mark.build
def test_early_stopping_restores_an_epoch_better_than_the_last(built_site):
    metrics = parse_metrics(_page_output(built_site.html_dir, "plot_13_validation_early_stopping"))
    assert metrics["early stopping validation loss at best epoch"] < metrics["early stopping validation loss at last epoch"]
