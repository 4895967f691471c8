"""One plotting style and the figures every page and example shares.

Colours are the Okabe-Ito palette, which stays distinguishable for the common
forms of colour blindness. Every helper draws onto an Axes (a new figure when
``ax`` is omitted) and returns the Axes it drew on, so a caller can add to it
and a test can inspect the artists.

Sizes are capped so that one figure stays quick to draw: at most 1,000 grid
points per axis behind a decision boundary (a million predictions), 36 panels
in a grid, 50 classes in a confusion matrix (2,500 written cells), 200 contour
levels and 64 neurons drawn per layer.
"""

from __future__ import annotations

import math
from contextlib import contextmanager

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from workshop._checks import (
    MAX_RESOLUTION,
    as_class_labels,
    as_float_array,
    check_choice,
    check_count,
    check_finite_result,
    check_flag,
    check_positive_number,
)

__all__ = [
    "PALETTE",
    "STYLE",
    "use_style",
    "style",
    "plot_history",
    "plot_decision_boundary",
    "decision_boundary_grid",
    "plot_activations",
    "plot_probability_bars",
    "plot_confusion_matrix",
    "plot_optimizer_paths",
    "plot_network",
]

MAX_PANELS = 36
"""Most panels of :func:`decision_boundary_grid`."""
MAX_CONFUSION_CLASSES = 50
"""Most classes of :func:`plot_confusion_matrix`: beyond that the written counts are unreadable."""
MAX_LEVELS = 200
"""Most contour levels of :func:`plot_optimizer_paths`."""
MAX_DRAWN_NEURONS = 64
"""Largest ``max_neurons`` of :func:`plot_network` (lines grow with its square)."""

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
"""Okabe-Ito colours: blue, orange, green, vermillion, purple, sky blue, yellow, black."""

STYLE = {
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": "medium",
    "axes.titleweight": "bold",
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "figure.constrained_layout.use": True,
    "savefig.dpi": 100,
    "legend.frameon": False,
    "image.cmap": "viridis",
    # Fixed metadata so that the same figure gives the same bytes on every build.
    "svg.hashsalt": "workshop",
    "path.simplify": True,
}
"""The rcParams of the house style."""


def use_style() -> None:
    """Apply the house style to every figure from now on."""
    mpl.rcParams.update(STYLE)


@contextmanager
def style():
    """The house style for the figures drawn inside a ``with`` block."""
    with mpl.rc_context(STYLE):
        yield


def _axes(ax, figsize=None):
    if ax is not None:
        if not isinstance(ax, mpl.axes.Axes):
            raise TypeError(f"ax must be a matplotlib Axes or None, got {ax!r}")
        return ax
    _, ax = plt.subplots(figsize=figsize)
    return ax


def _panels(axes, count, panel_width):
    """``count`` new Axes in a row, or the caller's ``axes`` checked."""
    if axes is None:
        _, grid = plt.subplots(1, count, figsize=(panel_width * count, 3.4), squeeze=False)
        return list(grid[0])
    if isinstance(axes, mpl.axes.Axes):
        axes = [axes]
    if not isinstance(axes, (list, tuple, np.ndarray)) or len(axes) != count or not all(
        isinstance(ax, mpl.axes.Axes) for ax in axes
    ):
        raise TypeError(f"axes must be {count} matplotlib Axes or None, got {axes!r}")
    return list(axes)


def _class_names(class_names):
    if isinstance(class_names, str) or not isinstance(class_names, (list, tuple, np.ndarray)):
        raise TypeError(f"class_names must be a list of names, got {class_names!r}")
    if not all(isinstance(name, str) for name in class_names):
        raise TypeError(f"class_names must be text, got {list(class_names)!r}")
    return list(class_names)


def plot_history(history, metric=None, axes=None):
    """Training curves: the loss (and optionally a metric), train vs validation, per epoch.

    Parameters
    ----------
    history : keras.callbacks.History or dict
        What ``model.fit`` returned (or its ``.history`` dict).
    metric : str, optional
        A metric to draw in a second panel, e.g. ``"accuracy"``.
    axes : sequence of Axes, optional
        One Axes (loss) or two (loss, metric).

    Returns
    -------
    list of matplotlib.axes.Axes
    """
    curves = getattr(history, "history", history)
    if not isinstance(curves, dict) or "loss" not in curves:
        raise ValueError("history must be a keras History or a dict with at least a 'loss' entry")
    if metric is not None and not isinstance(metric, str):
        raise TypeError(f"metric must be a name such as 'accuracy', or None, got {metric!r}")
    names = ["loss"] + ([metric] if metric else [])
    for name in names:
        if name not in curves:
            raise ValueError(f"history has no {name!r} entry for metric={name!r}; it has {sorted(map(str, curves))}")
    curves = {key: as_float_array(curves[key], f"history[{key!r}]", min_ndim=1)
              for key in [*names, *(f"val_{name}" for name in names)] if key in curves}
    axes = _panels(axes, len(names), panel_width=4.2)
    for ax, name in zip(axes, names):
        epochs = np.arange(1, len(curves[name]) + 1)
        ax.plot(epochs, curves[name], label="training", color=PALETTE[0])
        if f"val_{name}" in curves:
            ax.plot(epochs, curves[f"val_{name}"], label="validation", color=PALETTE[1], linestyle="--")
        ax.set_xlabel("epoch")
        ax.set_ylabel(name.replace("_", " "))
        ax.set_title(name.replace("_", " ").capitalize())
        ax.legend()
    return list(axes)


def plot_decision_boundary(predict, X, y, ax=None, resolution=150, padding=0.5):
    """Colour the plane by a classifier's predicted probability and draw the data on top.

    Parameters
    ----------
    predict : callable or keras.Model
        Maps an (n, 2) array to probabilities of shape (n,), (n, 1) or (n, K).
        A Keras model is called directly (no progress bar).
    X : array_like, shape (n_samples, 2)
    y : array_like of int, shape (n_samples,)
    resolution : int
        Grid points per axis, from 10 to 1,000 (a million predictions).
    padding : float
        Margin around the points, in the units of ``X``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not callable(predict):
        raise TypeError(f"predict must be a callable or a keras.Model, got {predict!r}")
    X = as_float_array(X, "X")
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n_samples, 2) to draw a decision boundary, got {X.shape}")
    labels = as_class_labels(y, "y").ravel()
    if len(labels) != len(X):
        raise ValueError(f"X and y must have the same number of samples, got {len(X)} and {len(labels)}")
    resolution = check_count(resolution, "resolution", minimum=10, maximum=MAX_RESOLUTION)
    padding = check_positive_number(padding, "padding", allow_zero=True)
    (x0, y0), (x1, y1) = X.min(axis=0) - padding, X.max(axis=0) + padding
    with np.errstate(over="ignore"):
        corners = np.array([x0, y0, x1, y1], dtype=np.float32)
    check_finite_result(corners, "the plotted area", "X plus padding must fit in float32, which Keras models take")
    ax = _axes(ax)
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    grid = np.column_stack([gx.ravel(), gy.ravel()]).astype(np.float32)
    probabilities = _predict(predict, grid)
    n_classes = max(int(labels.max()) + 1, probabilities.shape[1] if probabilities.ndim == 2 else 2)
    if probabilities.ndim == 1 or probabilities.shape[1] == 1:
        surface = probabilities.reshape(gx.shape)
        cmap = mpl.colors.LinearSegmentedColormap.from_list("two", [PALETTE[0], "#FFFFFF", PALETTE[1]])
        ax.contourf(gx, gy, surface, levels=np.linspace(0, 1, 11), cmap=cmap, alpha=0.6)
        ax.contour(gx, gy, surface, levels=[0.5], colors="black", linewidths=1.2)
    else:
        winner = probabilities.argmax(axis=1).reshape(gx.shape)
        cmap = mpl.colors.ListedColormap(PALETTE[:n_classes])
        ax.contourf(gx, gy, winner, levels=np.arange(n_classes + 1) - 0.5, cmap=cmap, alpha=0.35)
    for label in range(n_classes):
        points = X[labels == label]
        ax.scatter(points[:, 0], points[:, 1], s=14, color=PALETTE[label % len(PALETTE)],
                   edgecolors="white", linewidths=0.4, label=f"class {label}")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="upper right", fontsize="small")
    return ax


def decision_boundary_grid(classifiers, X, y, ncols=None, title=None, resolution=100, panel_size=(3.2, 3.0)):
    """Decision regions of several classifiers in a grid of panels sharing their axes.

    The figure the examples that compare several trained classifiers
    (optimizers, learning rates, hidden sizes, activations) end with. Each
    panel is :func:`plot_decision_boundary` of one classifier on the same points; the panel's title is the classifier's key.
    Only the first panel keeps its legend and only the outer panels their axis
    labels, so the grid reads as one figure.

    Parameters
    ----------
    classifiers : dict of str to keras.Model or callable
        Panel title -> classifier (anything ``plot_decision_boundary`` accepts),
        in the order the panels are filled, row by row; 1 to 36 panels.
    X : array_like, shape (n_samples, 2)
        The points drawn on every panel (typically the validation set).
    y : array_like of int, shape (n_samples,)
    ncols : int, optional
        Panels per row; all in one row by default.
    title : str, optional
        The figure's title (``suptitle``).
    resolution : int
        Grid points per axis of each panel's background.
    panel_size : (float, float)
        Width and height of one panel in inches (each at most 20).

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : list of matplotlib.axes.Axes
        One per classifier, in the order of ``classifiers``; unused cells of
        the grid are hidden.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0, 0.0], [1.0, 1.0]]); y = np.array([0, 1])
    >>> fig, axes = decision_boundary_grid({"left": lambda g: g[:, 0] / 2, "right": lambda g: g[:, 1] / 2}, X, y)
    >>> [ax.get_title() for ax in axes]
    ['left', 'right']
    """
    if not isinstance(classifiers, dict) or not classifiers:
        raise ValueError(f"classifiers must be a non-empty dict of title -> classifier, got {classifiers!r}")
    for name, classifier in classifiers.items():
        if not callable(classifier):
            raise TypeError(f"classifiers[{name!r}] must be a keras.Model or a callable, got {classifier!r}")
    n_panels = check_count(len(classifiers), "the number of classifiers", maximum=MAX_PANELS)
    ncols = n_panels if ncols is None else min(check_count(ncols, "ncols"), n_panels)
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be text or None, got {title!r}")
    size = as_float_array(panel_size, "panel_size")
    if size.shape != (2,) or np.any(size <= 0) or np.any(size > 20):
        raise ValueError(f"panel_size must be (width, height), each in (0, 20] inches, got {panel_size!r}")
    width, height = size
    nrows = math.ceil(n_panels / ncols)
    fig, grid = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows),
                             sharex=True, sharey=True, squeeze=False)
    cells = list(grid.ravel())
    axes = cells[:n_panels]
    for ax, (label, classifier) in zip(axes, classifiers.items()):
        plot_decision_boundary(classifier, X, y, ax=ax, resolution=resolution)
        ax.set_title(label)
    for ax in cells[n_panels:]:
        ax.set_visible(False)
    for index, ax in enumerate(axes):
        row, col = divmod(index, ncols)
        if index > 0:
            ax.get_legend().remove()  # one legend is enough
        if col > 0:
            ax.set_ylabel("")
        if row < nrows - 1 and index + ncols < n_panels:  # a panel below shows the x label
            ax.set_xlabel("")
    if title is not None:
        fig.suptitle(title)
    return fig, axes

def _predict(predict, grid):
    try:
        if hasattr(predict, "predict") and hasattr(predict, "layers"):  # a Keras model
            out = np.asarray(predict(grid, training=False))
        else:
            out = predict(grid)
    except (TypeError, ValueError) as error:
        raise TypeError(f"predict must map an (n, 2) float32 array to probabilities; calling it failed: {error}") from error
    out = as_float_array(out, "the output of predict", min_ndim=1)
    if out.ndim > 2 or out.shape[0] != len(grid):
        raise ValueError(f"predict must return one row per input point, got shape {out.shape} for {len(grid)} points")
    return out.squeeze(axis=1) if out.ndim == 2 and out.shape[1] == 1 else out


def plot_activations(names=("relu", "sigmoid", "tanh", "linear"), x=None, derivatives=True, axes=None):
    """Each activation :math:`f(x)` and, beside it, its derivative :math:`f'(x)`.

    Returns
    -------
    list of matplotlib.axes.Axes
        One Axes for the functions, and one for the derivatives if asked for.
    """
    from workshop.activations import ACTIVATIONS, derivative

    x = np.linspace(-4, 4, 401) if x is None else as_float_array(x, "x", min_ndim=1)
    if isinstance(names, str) or not hasattr(names, "__iter__"):
        raise TypeError(f"names must be a sequence of activation names such as ('relu', 'tanh'), got {names!r}")
    names = [check_choice(name, f"names[{i}]", ACTIVATIONS) for i, name in enumerate(names)]
    if not names:
        raise ValueError(f"names must list at least one of {sorted(ACTIVATIONS)}")
    derivatives = check_flag(derivatives, "derivatives")
    panels = 2 if derivatives else 1
    axes = _panels(axes, panels, panel_width=4.4)
    for color, name in zip(PALETTE, names):
        axes[0].plot(x, ACTIVATIONS[name](x), label=name, color=color)
        if derivatives:
            axes[1].plot(x, derivative(name, x), label=name, color=color)
    axes[0].set_title("Activation $f(x)$")
    axes[0].set_ylim(-1.5, 2.5)
    if derivatives:
        axes[1].set_title("Derivative $f'(x)$")
        axes[1].set_ylim(-0.1, 1.2)
    for ax in axes:
        ax.set_xlabel("weighted sum $x$")
        ax.legend(fontsize="small")
    return list(axes)


def plot_probability_bars(probabilities, class_names, ax=None, highlight=None):
    """Bars of class probabilities with their values written on them.

    Parameters
    ----------
    probabilities : array_like, shape (K,)
    class_names : sequence of str, length K
    highlight : int, optional
        Index of a bar to colour differently (e.g. the true class).

    Returns
    -------
    matplotlib.axes.Axes
    """
    p = as_float_array(probabilities, "probabilities", min_ndim=1)
    class_names = _class_names(class_names)
    if p.ndim != 1 or len(p) != len(class_names):
        raise ValueError(
            f"probabilities must be one value per class, one for each of the {len(class_names)} class_names, "
            f"got shape {p.shape}"
        )
    if highlight is not None:
        highlight = check_count(highlight, "highlight", minimum=0, maximum=len(p) - 1)
    ax = _axes(ax)
    colors = [PALETTE[1] if i == highlight else PALETTE[0] for i in range(len(p))]
    bars = ax.bar(list(class_names), p, color=colors)
    ax.bar_label(bars, labels=[f"{v:.3f}" for v in p], padding=2, fontsize="small")
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("probability")
    return ax


def plot_confusion_matrix(y_true, y_pred, class_names=None, ax=None):
    """A confusion matrix: row = true class, column = predicted class, counts written in.

    The diagonal holds the correct predictions; every off-diagonal cell is a
    particular mistake (true class, predicted class). Labels are whole numbers
    from 0 to 49 (at most 50 classes, beyond which the counts are unreadable),
    or below ``len(class_names)``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    class_names = None if class_names is None else _class_names(class_names)
    n_names = None if class_names is None else len(class_names)
    if n_names is not None and not 1 <= n_names <= MAX_CONFUSION_CLASSES:
        raise ValueError(f"class_names must name 1 to {MAX_CONFUSION_CLASSES} classes, got {n_names}")
    limit = MAX_CONFUSION_CLASSES if n_names is None else n_names
    source = "at most 50 classes" if n_names is None else f"one of the {n_names} class_names"
    true = as_class_labels(y_true, "y_true", n_classes=limit, source=source).ravel()
    pred = as_class_labels(y_pred, "y_pred", n_classes=limit, source=source).ravel()
    if true.shape != pred.shape:
        raise ValueError(f"y_true and y_pred must be the same length, got {true.shape} and {pred.shape}")
    n_classes = n_names if n_names is not None else int(max(true.max(), pred.max())) + 1
    names = list(class_names) if class_names is not None else [str(i) for i in range(n_classes)]
    counts = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(counts, (true, pred), 1)
    ax = _axes(ax, figsize=(4.8, 4.2))
    ax.imshow(counts, cmap="Blues")
    ax.grid(False)
    threshold = counts.max() / 2
    for i in range(n_classes):
        for j in range(n_classes):
            ax.text(j, i, str(counts[i, j]), ha="center", va="center", fontsize="small",
                    color="white" if counts[i, j] > threshold else "black")
    ax.set_xticks(range(n_classes), names)
    ax.set_yticks(range(n_classes), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    return ax


def plot_optimizer_paths(surface, paths, ax=None, levels=30):
    """Contours of a 2-D loss surface with each optimizer's path drawn across it.

    Parameters
    ----------
    surface : workshop.surfaces.Surface or str
    paths : dict of str to array_like of shape (n_steps + 1, 2)
        The points each optimizer visited, by label.
    levels : int
        Contour lines, from 2 to 200.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from workshop.surfaces import SURFACES, Surface

    surface = surface if isinstance(surface, Surface) else SURFACES[check_choice(surface, "surface", SURFACES)]
    levels = check_count(levels, "levels", minimum=2, maximum=MAX_LEVELS)
    if not isinstance(paths, dict):
        raise TypeError(f"paths must be a dict of label -> points, got {type(paths).__name__}")
    paths = {label: as_float_array(path, f"paths[{label!r}]") for label, path in paths.items()}
    for label, path in paths.items():
        if path.ndim != 2 or path.shape[1] != 2:
            raise ValueError(f"paths[{label!r}] must have shape (n_points, 2), got {path.shape}")
    ax = _axes(ax, figsize=(6.0, 4.8))
    gx, gy = np.meshgrid(np.linspace(*surface.x_range, 200), np.linspace(*surface.y_range, 200))
    values = surface(gx, gy)
    shifted = values - values.min() + 1e-3  # log-spaced levels show both the rim and the floor
    ax.contour(gx, gy, shifted, levels=np.geomspace(shifted.min(), shifted.max(), levels),
               cmap="Greys_r", linewidths=0.6, alpha=0.7)
    for color, (label, path) in zip(PALETTE, paths.items()):
        ax.plot(path[:, 0], path[:, 1], "-o", markersize=2.5, linewidth=1.4, color=color, label=label)
    for minimum in surface.minima:
        ax.plot(*minimum, marker="*", markersize=14, color=PALETTE[6], markeredgecolor="black", linestyle="none")
    ax.plot(*surface.start, marker="s", color="black", linestyle="none", label="start")
    ax.set_xlim(*surface.x_range)
    ax.set_ylim(*surface.y_range)
    ax.set_xlabel("parameter $x$")
    ax.set_ylabel("parameter $y$")
    ax.set_title(surface.title)
    ax.legend(fontsize="small", loc="lower right")
    return ax


def plot_network(model, ax=None, max_neurons=8):
    """Draw a Keras model's Dense layers as circles (neurons) joined by lines (weights).

    Each column is a layer, input on the left: the input size comes from the
    model's input shape, each further column from a layer's ``units``. Every
    line is one weight; the biases are not drawn. A layer wider than
    ``max_neurons`` shows its first and last neurons with a gap between them,
    and its label still gives the full count.

    Parameters
    ----------
    model : keras.Model
        A built model (e.g. a ``keras.Sequential`` that starts with
        ``keras.Input``) whose layers with weights are Dense layers.
    ax : matplotlib.axes.Axes, optional
    max_neurons : int
        The most circles drawn in one column, from 3 to 64.

    Returns
    -------
    matplotlib.axes.Axes
    """
    max_neurons = check_count(max_neurons, "max_neurons", minimum=3, maximum=MAX_DRAWN_NEURONS)
    sizes, names = _layer_sizes(model)
    ax = _axes(ax)
    ax.grid(False)
    ax.set_axis_off()
    top = (min(max(sizes), max_neurons) - 1) / 2  # columns are centred on y = 0
    columns = []  # (x, y of each circle drawn, y of the gap or None)
    for column, size in enumerate(sizes):
        if size <= max_neurons:
            ys, gap = [(size - 1) / 2 - slot for slot in range(size)], None
        else:
            gap_slot = max_neurons // 2
            ys = [top - slot for slot in range(max_neurons) if slot != gap_slot]
            gap = top - gap_slot
        columns.append((column * 2.0, ys, gap))
    weights = [[(x0, y0), (x1, y1)] for (x0, ys0, _), (x1, ys1, _) in zip(columns, columns[1:])
               for y0 in ys0 for y1 in ys1]
    ax.add_collection(mpl.collections.LineCollection(weights, colors="0.6", linewidths=0.6, zorder=1))
    for index, ((x, ys, gap), size, name) in enumerate(zip(columns, sizes, names)):
        color = PALETTE[0] if index == 0 else PALETTE[2] if index < len(sizes) - 1 else PALETTE[1]
        ax.scatter([x] * len(ys), ys, s=260, color=color, edgecolors="black", linewidths=0.8, zorder=2)
        if gap is not None:
            ax.text(x, gap, "\u22ee", ha="center", va="center", fontsize="x-large", zorder=3)
        ax.text(x, -top - 0.6, f"{name}\n{size} neuron{'s' if size != 1 else ''}", ha="center", va="top",
                fontsize="small")
    ax.set_xlim(-1.0, columns[-1][0] + 1.0)
    ax.set_ylim(-top - 1.5, top + 0.6)
    return ax


def _layer_sizes(model):
    """Input size and each Dense layer's units, with a label per column."""
    inputs = getattr(model, "inputs", None)
    try:
        n_inputs = int(inputs[0].shape[-1])
    except (TypeError, IndexError, AttributeError, ValueError):
        raise ValueError(
            "model must be built with a known input size, e.g. keras.Sequential([keras.Input(shape=(3,)), ...])"
        ) from None
    sizes, names = [n_inputs], ["input"]
    layers = [layer for layer in model.layers if layer.weights]
    for position, layer in enumerate(layers):
        if not hasattr(layer, "units"):
            raise ValueError(f"plot_network draws Dense layers only, got {type(layer).__name__} {layer.name!r}")
        activation = getattr(layer.activation, "__name__", str(layer.activation))
        role = "output" if position == len(layers) - 1 else "hidden"
        sizes.append(int(layer.units))
        names.append(f"{role} ({activation})")
    if len(sizes) < 2:
        raise ValueError("model has no Dense layers to draw")
    return sizes, names
