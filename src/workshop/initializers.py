r"""Initialisation: where the weights start, and the variance each scheme chooses.

A layer's weighted sum adds :math:`n_\text{in}` products :math:`w_i a_i` (its fan-in). With weights
of variance :math:`\sigma^2` and inputs of variance :math:`v`, it has variance
:math:`n_\text{in}\,\sigma^2 v`: choose :math:`\sigma^2 = 1/n_\text{in}`
and the spread neither grows nor shrinks from layer to layer. Glorot (Xavier)
averages the forward and backward fan, :math:`\sigma^2 = 2 / (n_\text{in} +
n_\text{out})`; He doubles the forward one, :math:`\sigma^2 = 2 /
n_\text{in}`, because ReLU zeroes half of its inputs.

The variances equal Keras's ``GlorotUniform``, ``GlorotNormal``, ``HeUniform``
and ``HeNormal`` initializers; the draws are NumPy's (same distribution, not
the same numbers).
"""

from __future__ import annotations

import numpy as np

from workshop._checks import MAX_UNITS, check_choice, check_count

__all__ = ["glorot_variance", "he_variance", "glorot_uniform_limit", "INITIALIZERS", "initial_kernel"]


def _fans(fan_in, fan_out=None) -> tuple[int, int]:
    fan_in = check_count(fan_in, "fan_in", maximum=MAX_UNITS * 10)
    fan_out = fan_in if fan_out is None else check_count(fan_out, "fan_out", maximum=MAX_UNITS * 10)
    return fan_in, fan_out


def glorot_variance(fan_in, fan_out) -> float:
    r"""Glorot's weight variance, :math:`\sigma^2 = \frac{2}{n_\text{in} + n_\text{out}}`.

    Examples
    --------
    >>> glorot_variance(2, 3)
    0.4
    """
    fan_in, fan_out = _fans(fan_in, fan_out)
    return 2.0 / (fan_in + fan_out)


def he_variance(fan_in) -> float:
    r"""He's weight variance for ReLU layers, :math:`\sigma^2 = \frac{2}{n_\text{in}}`.

    Examples
    --------
    >>> he_variance(8)
    0.25
    """
    fan_in, _ = _fans(fan_in)
    return 2.0 / fan_in


def glorot_uniform_limit(fan_in, fan_out) -> float:
    r"""The bound of Glorot uniform, :math:`\sqrt{6 / (n_\text{in} + n_\text{out})}`.

    A uniform draw on :math:`[-\ell, \ell]` has variance :math:`\ell^2 / 3`,
    so this limit gives exactly :func:`glorot_variance`.

    Examples
    --------
    >>> round(glorot_uniform_limit(2, 3), 4)
    1.0954
    """
    return float(np.sqrt(3.0 * glorot_variance(fan_in, fan_out)))


INITIALIZERS = ("zeros", "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "small_normal")
"""Kernel initializers by their Keras names (``small_normal``: a normal with standard deviation 0.01)."""


def initial_kernel(name: str, fan_in, fan_out, rng=None) -> np.ndarray:
    """A kernel of shape (fan_in, fan_out) drawn as the initializer ``name`` draws it.

    ``rng`` is a :class:`numpy.random.Generator` or a seed.

    Examples
    --------
    >>> kernel = initial_kernel("glorot_uniform", 2, 3, rng=0)
    >>> kernel.shape, bool(abs(kernel).max() <= glorot_uniform_limit(2, 3))
    ((2, 3), True)
    """
    check_choice(name, "name", INITIALIZERS)
    fan_in, fan_out = _fans(fan_in, fan_out)
    rng = np.random.default_rng(rng)
    shape = (fan_in, fan_out)
    if name == "zeros":
        return np.zeros(shape)
    if name == "small_normal":
        return rng.normal(0.0, 0.01, shape)
    variance = he_variance(fan_in) if name.startswith("he") else glorot_variance(fan_in, fan_out)
    if name.endswith("uniform"):
        limit = np.sqrt(3.0 * variance)
        return rng.uniform(-limit, limit, shape)
    # Keras draws a normal truncated at two standard deviations, widened so the variance stays the same.
    std = np.sqrt(variance) / 0.87962566103423978
    draws = rng.normal(0.0, std, shape)
    outside = np.abs(draws) > 2 * std
    while outside.any():
        draws[outside] = rng.normal(0.0, std, outside.sum())
        outside = np.abs(draws) > 2 * std
    return draws
