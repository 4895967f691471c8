"""Plumbing shared by the gallery's training experiments.

The examples that compare several trained classifiers (optimizers, learning
rates, hidden sizes, activations) all end with the same figure: one decision
boundary per classifier, side by side, on the same points. That figure lives
here so that each example keeps only its Keras code and its lesson.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt

from workshop._checks import check_count
from workshop.plotting import plot_decision_boundary

__all__ = ["decision_boundary_grid"]


def decision_boundary_grid(classifiers, X, y, ncols=None, title=None, resolution=100, panel_size=(3.2, 3.0)):
    """Decision regions of several classifiers in a grid of panels sharing their axes.

    Each panel is :func:`workshop.plotting.plot_decision_boundary` of one
    classifier on the same points; the panel's title is the classifier's key.
    Only the first panel keeps its legend and only the outer panels their axis
    labels, so the grid reads as one figure.

    Parameters
    ----------
    classifiers : dict of str to keras.Model or callable
        Panel title -> classifier (anything ``plot_decision_boundary`` accepts),
        in the order the panels are filled, row by row.
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
        Width and height of one panel in inches.

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
    n_panels = len(classifiers)
    ncols = n_panels if ncols is None else min(check_count(ncols, "ncols"), n_panels)
    nrows = math.ceil(n_panels / ncols)
    fig, grid = plt.subplots(nrows, ncols, figsize=(panel_size[0] * ncols, panel_size[1] * nrows),
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
