import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from workshop.experiments import decision_boundary_grid  # noqa: E402

X = np.array([[-1.0, -1.0], [1.0, 1.0], [0.5, -0.5]], np.float32)
y = np.array([0, 1, 1])


def by_x(grid):
    return 1 / (1 + np.exp(-4 * grid[:, 0]))


def by_y(grid):
    return 1 / (1 + np.exp(-4 * grid[:, 1]))


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_grid_titles_each_panel_with_its_key_in_order():
    fig, axes = decision_boundary_grid({"by x": by_x, "by y": by_y, "by x again": by_x}, X, y, resolution=20)
    assert [ax.get_title() for ax in axes] == ["by x", "by y", "by x again"]
    assert fig.get_size_inches()[0] == pytest.approx(3 * 3.2)


def test_grid_keeps_one_legend_and_outer_axis_labels_only():
    _, axes = decision_boundary_grid({"a": by_x, "b": by_y, "c": by_x, "d": by_y}, X, y, ncols=2, resolution=20)
    assert [ax.get_legend() is not None for ax in axes] == [True, False, False, False]
    assert [ax.get_ylabel() for ax in axes] == ["$x_2$", "", "$x_2$", ""]
    assert [ax.get_xlabel() for ax in axes] == ["", "", "$x_1$", "$x_1$"]


def test_grid_hides_the_cells_it_does_not_need():
    fig, axes = decision_boundary_grid({"a": by_x, "b": by_y, "c": by_x}, X, y, ncols=2, resolution=20)
    assert len(axes) == 3
    assert [ax.get_visible() for ax in fig.axes] == [True, True, True, False]
    assert axes[1].get_xlabel() == "$x_1$"  # nothing below it, so it keeps its label


def test_grid_draws_the_half_probability_line_where_the_classifier_switches():
    _, (ax,) = decision_boundary_grid({"by x": by_x}, X, y, resolution=41)
    (boundary,) = [c for c in ax.collections if hasattr(c, "get_paths") and len(c.get_paths()) and
                   type(c).__name__ in ("QuadContourSet", "ContourSet") and c.levels.tolist() == [0.5]]
    vertices = np.concatenate([path.vertices for path in boundary.get_paths()])
    np.testing.assert_allclose(vertices[:, 0], 0.0, atol=1e-6)


@pytest.mark.parametrize("classifiers", [{}, [by_x], None])
def test_grid_refuses_anything_but_a_non_empty_dict(classifiers):
    with pytest.raises(ValueError, match="non-empty dict of title -> classifier"):
        decision_boundary_grid(classifiers, X, y)
