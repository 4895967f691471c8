"""workshop.plotting.plot_network: a Keras model drawn as neurons and weights."""

from __future__ import annotations

import matplotlib
import matplotlib.collections

matplotlib.use("Agg")

import keras
import matplotlib.pyplot as plt
import pytest

from workshop.plotting import plot_network


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _model(*units, n_inputs=3):
    layers = [keras.layers.Dense(n, activation="relu") for n in units[:-1]]
    layers.append(keras.layers.Dense(units[-1], activation="softmax"))
    return keras.Sequential([keras.Input(shape=(n_inputs,)), *layers])


def _circles_per_column(ax):
    """How many circles each column (by x position) has, left to right."""
    columns = {}
    for collection in ax.collections:
        if isinstance(collection, matplotlib.collections.PathCollection):  # the scatter of neurons
            for x, _ in collection.get_offsets():
                columns[float(x)] = columns.get(float(x), 0) + 1
    return [columns[x] for x in sorted(columns)]


def _weight_lines(ax):
    (lines,) = [c for c in ax.collections if isinstance(c, matplotlib.collections.LineCollection)]
    return lines.get_segments()


def test_plot_network_draws_one_circle_per_neuron_and_one_line_per_weight():
    ax = plot_network(_model(4, 2))
    assert _circles_per_column(ax) == [3, 4, 2]
    assert len(_weight_lines(ax)) == 3 * 4 + 4 * 2


def test_plot_network_labels_each_column_with_role_activation_and_size():
    ax = plot_network(_model(4, 2))
    labels = [text.get_text() for text in ax.texts]
    assert labels == ["input\n3 neurons", "hidden (relu)\n4 neurons", "output (softmax)\n2 neurons"]


def test_plot_network_shortens_wide_layers_but_keeps_their_true_size_in_the_label():
    ax = plot_network(_model(32, 10, n_inputs=64), max_neurons=8)
    assert _circles_per_column(ax) == [7, 7, 7]
    labels = [text.get_text() for text in ax.texts if "neuron" in text.get_text()]
    assert labels == ["input\n64 neurons", "hidden (relu)\n32 neurons", "output (softmax)\n10 neurons"]
    assert sum(text.get_text() == "\u22ee" for text in ax.texts) == 3


def test_plot_network_draws_on_the_given_axes_and_returns_it():
    _, ax = plt.subplots()
    assert plot_network(_model(2), ax=ax) is ax


def test_plot_network_refuses_a_model_without_a_known_input_size():
    with pytest.raises(ValueError, match="keras.Input"):
        plot_network(keras.Sequential([keras.layers.Dense(3)]))
