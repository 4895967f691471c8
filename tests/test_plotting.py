import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection

from workshop import plotting
from workshop.optimizers import SGD, Adam
from workshop.surfaces import optimizer_path


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_history_draws_training_and_validation_curves_per_metric():
    history = {"loss": [1.0, 0.5, 0.3], "val_loss": [1.1, 0.7, 0.6], "accuracy": [0.5, 0.7, 0.9], "val_accuracy": [0.5, 0.6, 0.8]}
    loss_ax, accuracy_ax = plotting.plot_history(history, metric="accuracy")
    assert [line.get_label() for line in loss_ax.get_lines()] == ["training", "validation"]
    np.testing.assert_array_equal(loss_ax.get_lines()[1].get_ydata(), [1.1, 0.7, 0.6])
    np.testing.assert_array_equal(accuracy_ax.get_lines()[0].get_xdata(), [1, 2, 3])
    assert accuracy_ax.get_xlabel() == "epoch" and accuracy_ax.get_ylabel() == "accuracy"


def test_history_names_a_missing_metric():
    with pytest.raises(ValueError, match="history has no 'accuracy' entry"):
        plotting.plot_history({"loss": [1.0]}, metric="accuracy")


def test_decision_boundary_draws_the_half_probability_line_and_every_point():
    X = np.array([[-1.0, 0.0], [1.0, 0.0], [0.5, 0.5]], np.float32)
    y = np.array([0, 1, 1])
    ax = plotting.plot_decision_boundary(lambda grid: 1 / (1 + np.exp(-4 * grid[:, 0])), X, y, resolution=30)
    scatters = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert sum(len(c.get_offsets()) for c in scatters) == 3
    assert ax.get_legend() is not None


def test_decision_boundary_of_a_multiclass_model_colours_by_winning_class():
    X = np.array([[-1.0, -1.0], [1.0, 1.0], [1.0, -1.0]], np.float32)

    def probabilities(grid):
        return np.eye(3)[(grid[:, 0] > 0).astype(int) + (grid[:, 1] < 0) * (grid[:, 0] > 0)]

    ax = plotting.plot_decision_boundary(probabilities, X, np.array([0, 1, 2]), resolution=20)
    assert len([c for c in ax.collections if isinstance(c, PathCollection)]) == 3


def test_decision_boundary_needs_two_features():
    with pytest.raises(ValueError, match=r"X must have shape \(n_samples, 2\)"):
        plotting.plot_decision_boundary(lambda g: g[:, 0], np.zeros((3, 3)), np.zeros(3))


def test_activation_curves_have_one_line_per_function_and_derivative():
    f_ax, d_ax = plotting.plot_activations(["relu", "tanh"])
    assert [line.get_label() for line in f_ax.get_lines()] == ["relu", "tanh"]
    np.testing.assert_allclose(d_ax.get_lines()[1].get_ydata(), 1 - np.tanh(d_ax.get_lines()[1].get_xdata()) ** 2)


def test_probability_bars_are_labelled_with_their_values():
    ax = plotting.plot_probability_bars([0.7, 0.2, 0.1], ["car", "bus", "bike"], highlight=0)
    assert [round(p.get_height(), 3) for p in ax.patches] == [0.7, 0.2, 0.1]
    assert [t.get_text() for t in ax.texts] == ["0.700", "0.200", "0.100"]


def test_probability_bars_need_one_value_per_class():
    with pytest.raises(ValueError, match="one value per class"):
        plotting.plot_probability_bars([0.5, 0.5], ["a", "b", "c"])


def test_confusion_matrix_counts_each_true_predicted_pair():
    ax = plotting.plot_confusion_matrix([0, 0, 1, 1, 1], [0, 1, 1, 1, 0], class_names=["cat", "dog"])
    counts = ax.images[0].get_array()
    np.testing.assert_array_equal(counts, [[1, 1], [1, 2]])
    assert [t.get_text() for t in ax.texts] == ["1", "1", "1", "2"]
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"


def test_optimizer_paths_draw_each_path_over_contours():
    paths = {"SGD": optimizer_path(SGD(0.1), "bowl", steps=10), "Adam": optimizer_path(Adam(0.1), "bowl", steps=10)}
    ax = plotting.plot_optimizer_paths("bowl", paths)
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert {"SGD", "Adam", "start"} <= set(lines)
    np.testing.assert_allclose(lines["Adam"].get_xydata(), paths["Adam"])
    assert ax.get_title() == "Round bowl"


def test_style_uses_the_colour_blind_safe_palette():
    with plotting.style():
        _, ax = plt.subplots()
        line, = ax.plot([0, 1])
    assert line.get_color() == plotting.PALETTE[0]


# decision_boundary_grid: one panel per classifier

GRID_X = np.array([[-1.0, -1.0], [1.0, 1.0], [0.5, -0.5]], np.float32)
GRID_Y = np.array([0, 1, 1])


def by_x(grid):
    return 1 / (1 + np.exp(-4 * grid[:, 0]))


def by_y(grid):
    return 1 / (1 + np.exp(-4 * grid[:, 1]))


def test_grid_titles_each_panel_with_its_key_in_order():
    fig, axes = plotting.decision_boundary_grid({"by x": by_x, "by y": by_y, "by x again": by_x}, GRID_X, GRID_Y, resolution=20)
    assert [ax.get_title() for ax in axes] == ["by x", "by y", "by x again"]
    assert fig.get_size_inches()[0] == pytest.approx(3 * 3.2)


def test_grid_keeps_one_legend_and_outer_axis_labels_only():
    _, axes = plotting.decision_boundary_grid({"a": by_x, "b": by_y, "c": by_x, "d": by_y}, GRID_X, GRID_Y, ncols=2, resolution=20)
    assert [ax.get_legend() is not None for ax in axes] == [True, False, False, False]
    assert [ax.get_ylabel() for ax in axes] == ["$x_2$", "", "$x_2$", ""]
    assert [ax.get_xlabel() for ax in axes] == ["", "", "$x_1$", "$x_1$"]


def test_grid_hides_the_cells_it_does_not_need():
    fig, axes = plotting.decision_boundary_grid({"a": by_x, "b": by_y, "c": by_x}, GRID_X, GRID_Y, ncols=2, resolution=20)
    assert len(axes) == 3
    assert [ax.get_visible() for ax in fig.axes] == [True, True, True, False]
    assert axes[1].get_xlabel() == "$x_1$"  # nothing below it, so it keeps its label


def test_grid_draws_the_half_probability_line_where_the_classifier_switches():
    _, (ax,) = plotting.decision_boundary_grid({"by x": by_x}, GRID_X, GRID_Y, resolution=41)
    (boundary,) = [c for c in ax.collections if hasattr(c, "get_paths") and len(c.get_paths()) and
                   type(c).__name__ in ("QuadContourSet", "ContourSet") and c.levels.tolist() == [0.5]]
    vertices = np.concatenate([path.vertices for path in boundary.get_paths()])
    np.testing.assert_allclose(vertices[:, 0], 0.0, atol=1e-6)


@pytest.mark.parametrize("classifiers", [{}, [by_x], None])
def test_grid_refuses_anything_but_a_non_empty_dict(classifiers):
    with pytest.raises(ValueError, match="non-empty dict of title -> classifier"):
        plotting.decision_boundary_grid(classifiers, GRID_X, GRID_Y)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: plotting.plot_decision_boundary(by_x, GRID_X, GRID_Y, resolution=10**5), ValueError,
         "resolution must be <= 1,000"),
        (lambda: plotting.plot_decision_boundary(by_x, GRID_X, np.array([0, None, 1], dtype=object)), TypeError,
         "y must be numbers"),
        (lambda: plotting.plot_decision_boundary(by_x, GRID_X, [0, 1, 1.5]), ValueError, "y must be whole-number class"),
        (lambda: plotting.plot_decision_boundary(by_x, GRID_X.astype(float) * 1e39, GRID_Y), ValueError, "must fit in float32"),
        (lambda: plotting.plot_decision_boundary(lambda g: g[:, 0] * np.nan, GRID_X, GRID_Y), ValueError,
         "the output of predict must be finite"),
        (lambda: plotting.plot_decision_boundary("model", GRID_X, GRID_Y), TypeError, "predict must be a callable"),
        (lambda: plotting.plot_confusion_matrix([0, 10**9], [0, 1]), ValueError, r"y_true must be whole-number class indices in \[0, 49\]"),
        (lambda: plotting.plot_confusion_matrix([0, 2], [0, 1], class_names=["a", "b"]), ValueError, r"in \[0, 1\]"),
        (lambda: plotting.plot_optimizer_paths("bowl", {}, levels=10**6), ValueError, "levels must be <= 200"),
        (lambda: plotting.plot_optimizer_paths("bowl", [[0.0, 0.0]]), TypeError, "paths must be a dict"),
        (lambda: plotting.plot_activations("relu"), TypeError, "names must be a sequence"),
        (lambda: plotting.plot_activations(["swish"]), ValueError, r"names\[0\] must be one of"),
        (lambda: plotting.plot_activations(derivatives="no"), TypeError, "derivatives must be True or False"),
        (lambda: plotting.plot_probability_bars([0.5, 0.5], ["a", "b"], highlight=5), ValueError, "highlight must be <= 1"),
        (lambda: plotting.plot_history({"loss": [1.0, float("nan")]}), ValueError, r"history\['loss'\] must be finite"),
        (lambda: plotting.decision_boundary_grid({str(i): by_x for i in range(40)}, GRID_X, GRID_Y), ValueError,
         "the number of classifiers must be <= 36"),
        (lambda: plotting.decision_boundary_grid({"a": by_x}, GRID_X, GRID_Y, panel_size=(1e9, 3)), ValueError,
         r"panel_size must be \(width, height\)"),
    ],
)
def test_hostile_input_is_refused_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()
