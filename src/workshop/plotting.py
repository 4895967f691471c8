"""One plotting style and the figures every page and example shares.

Colours are the Okabe-Ito palette, which stays distinguishable for the common
forms of colour blindness. Every helper draws onto an Axes (a new figure when
``ax`` is omitted) and returns the Axes it drew on, so a caller can add to it
and a test can inspect the artists.
"""

from __future__ import annotations

from contextlib import contextmanager

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from workshop._checks import as_float_array, check_count

__all__ = [
    "PALETTE",
    "STYLE",
    "use_style",
    "style",
    "plot_history",
    "plot_decision_boundary",
    "plot_activations",
    "plot_probability_bars",
    "plot_confusion_matrix",
    "plot_optimizer_paths",
    "plot_network",
]

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
        return ax
    _, ax = plt.subplots(figsize=figsize)
    return ax


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
    names = ["loss"] + ([metric] if metric else [])
    for name in names:
        if name not in curves:
            raise ValueError(f"history has no {name!r} entry; it has {sorted(curves)}")
    if axes is None:
        _, axes = plt.subplots(1, len(names), figsize=(4.2 * len(names), 3.4), squeeze=False)
        axes = list(axes[0])
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
        Grid points per axis.

    Returns
    -------
    matplotlib.axes.Axes
    """
    X = as_float_array(X, "X")
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n_samples, 2) to draw a decision boundary, got {X.shape}")
    labels = np.asarray(y).astype(int).ravel()
    if len(labels) != len(X):
        raise ValueError(f"X and y must have the same number of samples, got {len(X)} and {len(labels)}")
    resolution = check_count(resolution, "resolution", minimum=10)
    ax = _axes(ax)
    (x0, y0), (x1, y1) = X.min(axis=0) - padding, X.max(axis=0) + padding
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


def _predict(predict, grid):
    if hasattr(predict, "predict") and hasattr(predict, "layers"):  # a Keras model
        out = np.asarray(predict(grid, training=False))
    else:
        out = np.asarray(predict(grid))
    if out.shape[0] != len(grid):
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
    for name in names:
        if name not in ACTIVATIONS:
            raise ValueError(f"names must be among {sorted(ACTIVATIONS)}, got {name!r}")
    panels = 2 if derivatives else 1
    if axes is None:
        _, axes = plt.subplots(1, panels, figsize=(4.4 * panels, 3.4), squeeze=False)
        axes = list(axes[0])
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
    if p.ndim != 1 or len(p) != len(class_names):
        raise ValueError(f"probabilities must be one value per class ({len(class_names)}), got shape {p.shape}")
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
    particular mistake (true class, predicted class).

    Returns
    -------
    matplotlib.axes.Axes
    """
    true = np.asarray(y_true).astype(int).ravel()
    pred = np.asarray(y_pred).astype(int).ravel()
    if true.shape != pred.shape or true.size == 0:
        raise ValueError(f"y_true and y_pred must be non-empty and the same length, got {true.shape} and {pred.shape}")
    n_classes = len(class_names) if class_names is not None else int(max(true.max(), pred.max())) + 1
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

    Returns
    -------
    matplotlib.axes.Axes
    """
    from workshop.surfaces import get_surface

    surface = get_surface(surface) if isinstance(surface, str) else surface
    ax = _axes(ax, figsize=(6.0, 4.8))
    gx, gy = np.meshgrid(np.linspace(*surface.x_range, 200), np.linspace(*surface.y_range, 200))
    values = surface(gx, gy)
    shifted = values - values.min() + 1e-3  # log-spaced levels show both the rim and the floor
    ax.contour(gx, gy, shifted, levels=np.geomspace(shifted.min(), shifted.max(), levels),
               cmap="Greys_r", linewidths=0.6, alpha=0.7)
    for color, (label, path) in zip(PALETTE, paths.items()):
        path = as_float_array(path, f"paths[{label!r}]")
        if path.ndim != 2 or path.shape[1] != 2:
            raise ValueError(f"paths[{label!r}] must have shape (n_points, 2), got {path.shape}")
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
        The most circles drawn in one column.

    Returns
    -------
    matplotlib.axes.Axes
    """
    max_neurons = check_count(max_neurons, "max_neurons", minimum=3)
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
