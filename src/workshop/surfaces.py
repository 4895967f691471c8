r"""Two-dimensional loss surfaces for watching optimizers move.

A real network has thousands of parameters; with two we can draw the loss as a
contour map and each optimizer's steps as a path across it: the notes' treasure
hunt, seen from above. Each surface has a closed-form gradient, so the paths
show the optimizers' rules and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from workshop._checks import MAX_STEPS, as_float_array, check_choice, check_count, check_finite_result
from workshop.optimizers import _Optimizer

_DIVERGED = 1e6  # beyond this the path has clearly left every surface's view

__all__ = ["Surface", "SURFACES", "SUGGESTED_LEARNING_RATES", "SUGGESTED_MOMENTUM", "get_surface", "optimizer_path"]


@dataclass(frozen=True)
class Surface:
    """A loss surface :math:`f(x, y)` with its gradient and a sensible view."""

    name: str
    title: str
    formula: str
    loss: Callable[[np.ndarray, np.ndarray], np.ndarray]
    gradient: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    start: tuple[float, float]
    minima: tuple[tuple[float, float], ...]

    def __call__(self, x, y):
        """The loss :math:`f(x, y)` (``x`` and ``y`` broadcast together, e.g. a grid)."""
        x, y = as_float_array(x, "x"), as_float_array(y, "y")
        with np.errstate(over="ignore", invalid="ignore"):
            loss = self.loss(x, y)
        check_finite_result(loss, f"the {self.name!r} loss", "x or y is too far from the surface's view")
        return loss

    def grad(self, point) -> np.ndarray:
        """The gradient :math:`(\\partial f/\\partial x, \\partial f/\\partial y)` at ``point``."""
        p = as_float_array(point, "point", min_ndim=1)
        if p.shape != (2,):
            raise ValueError(f"point must be (x, y), got shape {p.shape}")
        with np.errstate(over="ignore", invalid="ignore"):
            gradient = np.array(self.gradient(p[0], p[1]), dtype=float)
        check_finite_result(gradient, f"the {self.name!r} gradient", "point is too far from the surface's view")
        return gradient


SURFACES = {
    "bowl": Surface(
        name="bowl",
        title="Round bowl",
        formula=r"f(x, y) = x^2 + y^2",
        loss=lambda x, y: x**2 + y**2,
        gradient=lambda x, y: (2 * x, 2 * y),
        x_range=(-2.0, 2.0),
        y_range=(-2.0, 2.0),
        start=(-1.5, 1.6),
        minima=((0.0, 0.0),),
    ),
    "valley": Surface(
        name="valley",
        title="Elongated valley",
        formula=r"f(x, y) = 0.1\,x^2 + 2\,y^2",
        loss=lambda x, y: 0.1 * x**2 + 2 * y**2,
        gradient=lambda x, y: (0.2 * x, 4 * y),
        x_range=(-4.0, 4.0),
        y_range=(-2.0, 2.0),
        start=(-3.5, 1.5),
        minima=((0.0, 0.0),),
    ),
    "saddle": Surface(
        name="saddle",
        title="Saddle between two valleys",
        formula=r"f(x, y) = \tfrac{1}{4}x^4 - \tfrac{1}{2}x^2 + \tfrac{1}{2}y^2",
        loss=lambda x, y: 0.25 * x**4 - 0.5 * x**2 + 0.5 * y**2,
        gradient=lambda x, y: (x**3 - x, y),
        x_range=(-2.0, 2.0),
        y_range=(-2.0, 2.0),
        start=(0.01, 1.8),
        minima=((-1.0, 0.0), (1.0, 0.0)),
    ),
    "rosenbrock": Surface(
        name="rosenbrock",
        title="Rosenbrock's banana",
        formula=r"f(x, y) = (1 - x)^2 + 10\,(y - x^2)^2",
        loss=lambda x, y: (1 - x) ** 2 + 10 * (y - x**2) ** 2,
        gradient=lambda x, y: (-2 * (1 - x) - 40 * x * (y - x**2), 20 * (y - x**2)),
        x_range=(-2.0, 2.0),
        y_range=(-1.0, 3.0),
        start=(-1.5, 2.5),
        minima=((1.0, 1.0),),
    ),
}
"""The surfaces by name: ``bowl``, ``valley``, ``saddle`` and ``rosenbrock``."""

SUGGESTED_MOMENTUM = 0.9
"""The momentum of the ``"momentum"`` optimizer in :data:`SUGGESTED_LEARNING_RATES`."""

SUGGESTED_LEARNING_RATES = {
    "bowl": {"sgd": 0.1, "momentum": 0.02, "rmsprop": 0.05, "adam": 0.1},
    "valley": {"sgd": 0.4, "momentum": 0.05, "rmsprop": 0.1, "adam": 0.3},
    "saddle": {"sgd": 0.4, "momentum": 0.05, "rmsprop": 0.1, "adam": 0.3},
    "rosenbrock": {"sgd": 0.005, "momentum": 0.001, "rmsprop": 0.02, "adam": 0.05},
}
r"""A learning rate per surface that suits each optimizer for about 50 steps.

Keys: ``"sgd"`` (plain SGD), ``"momentum"`` (SGD with
``momentum=SUGGESTED_MOMENTUM``), ``"rmsprop"`` and ``"adam"``. SGD's rate is
capped by the steepest direction (each step multiplies a coordinate on a
slope of curvature :math:`c` by :math:`1 - c\eta`); RMSprop's and Adam's rate
is roughly the length of each step, whatever the slope. The figures of
``plot_09``, concept page 06 and the optimizer widget all start from these.
"""


def get_surface(name: str) -> Surface:
    """Return the surface called ``name`` (one of :data:`SURFACES`)."""
    return SURFACES[check_choice(name, "name", SURFACES)]


def optimizer_path(optimizer, surface, start=None, steps=100):
    """Run a :mod:`workshop.optimizers` optimizer on a surface.

    Parameters
    ----------
    optimizer : workshop.optimizers.SGD or RMSprop or Adam
        A fresh optimizer (it keeps state for the one (x, y) point).
    surface : Surface or str
    start : (float, float), optional
        Where to start; the surface's own ``start`` by default.
    steps : int
        From 0 to 10,000: a picture shows a few hundred at most, and the
        path stays small (160 kB) and quick (well under a second).

    Returns
    -------
    numpy.ndarray, shape (steps + 1, 2)
        The points visited, the start included.
    """
    if not isinstance(optimizer, _Optimizer):
        raise TypeError(f"optimizer must be a workshop.optimizers SGD, RMSprop or Adam, got {optimizer!r}")
    surface = surface if isinstance(surface, Surface) else SURFACES[check_choice(surface, "surface", SURFACES)]
    steps = check_count(steps, "steps", minimum=0, maximum=MAX_STEPS)
    point = as_float_array(surface.start if start is None else start, "start", min_ndim=1)
    if point.shape != (2,):
        raise ValueError(f"start must be (x, y), got shape {point.shape}")
    path = [point]
    for step in range(1, steps + 1):
        if not np.all(np.abs(point) < _DIVERGED):
            raise ValueError(
                f"{type(optimizer).__name__} diverged on the {surface.name!r} surface at step {step} "
                f"(reached {path[-1]}): lower learning_rate (got {optimizer.learning_rate})"
            )
        point = optimizer.step(point, surface.grad(point))
        path.append(point)
    return np.array(path)
