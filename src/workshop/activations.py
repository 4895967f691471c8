r"""Activation functions: what a neuron does with its weighted sum.

Each function takes the weighted sum :math:`x` (any shape) and returns an array
of the same shape, with the same values as :mod:`keras.activations` (to float32
precision) :claim:`workshop-activations-match-keras`. Each has a derivative alongside it, :func:`derivative`, which the
concept pages and widgets plot.
"""

from __future__ import annotations

import numpy as np

from workshop._checks import as_float_array, check_axis, check_choice

__all__ = ["relu", "sigmoid", "tanh", "linear", "softmax", "derivative", "ACTIVATIONS"]


def relu(x):
    r"""Rectified linear unit, :math:`f(x) = \max(0, x)`.

    Output range :math:`[0, \infty)`. Negative inputs become 0; positive inputs
    pass unchanged.

    Examples
    --------
    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    """
    x = as_float_array(x, "x")
    return np.maximum(x, 0.0)


def sigmoid(x):
    r"""Logistic sigmoid, :math:`\sigma(x) = \frac{1}{1 + e^{-x}}`.

    Output range :math:`(0, 1)` (exactly 0 or 1 once float64 rounds). Computed
    from :math:`e^{-|x|}` so that ``sigmoid(-1000)`` is 0 without an overflow
    warning.

    Examples
    --------
    >>> sigmoid([-1000.0, 0.0, 2.0]).round(4)
    array([0.    , 0.5   , 0.8808])
    """
    x = as_float_array(x, "x")
    # e^{-|x|} never overflows; pick the algebraically equal form per sign.
    exp_neg_abs = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + exp_neg_abs), exp_neg_abs / (1.0 + exp_neg_abs))


def tanh(x):
    r"""Hyperbolic tangent, :math:`\tanh(x) = \frac{e^x - e^{-x}}{e^x + e^{-x}}`.

    Output range :math:`(-1, 1)`, centred on 0; equal to :math:`2\sigma(2x) - 1`.

    Examples
    --------
    >>> tanh([-1.0, 0.0, 1.0]).round(4)
    array([-0.7616,  0.    ,  0.7616])
    """
    x = as_float_array(x, "x")
    return np.tanh(x)


def linear(x):
    r"""Identity, :math:`f(x) = x`: no non-linearity at all.

    Output range :math:`(-\infty, \infty)`. The usual output of a regression
    model.

    Examples
    --------
    >>> linear([-2.0, 3.5])
    array([-2. ,  3.5])
    """
    return as_float_array(x, "x").copy()


def softmax(z, axis=-1):
    r"""Softmax, :math:`\sigma(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}}`.

    Turns K logits into K probabilities that are positive and sum to 1 along
    ``axis``. The maximum logit is subtracted first: this changes nothing
    mathematically (the factor :math:`e^{-\max z}` cancels) but keeps every
    exponent at or below 0, so ``[1000, 0, -1000]`` gives ``[1, 0, 0]`` with no
    overflow.

    Parameters
    ----------
    z : array_like
        Logits, at least one dimension.
    axis : int
        The axis holding the K classes (a whole number in ``[-z.ndim, z.ndim - 1]``).

    Examples
    --------
    >>> softmax([2.0, 1.0, 0.1]).round(3)
    array([0.659, 0.242, 0.099])
    """
    z = as_float_array(z, "z", min_ndim=1)
    axis = check_axis(axis, z.ndim)
    with np.errstate(over="ignore"):  # a gap beyond 1.8e308 gives -inf, and e^-inf = 0 is right
        shifted = z - np.max(z, axis=axis, keepdims=True)
    exp = np.exp(shifted)
    return exp / np.sum(exp, axis=axis, keepdims=True)


ACTIVATIONS = {"relu": relu, "sigmoid": sigmoid, "tanh": tanh, "linear": linear}
"""The element-wise activations by their Keras names."""


def derivative(name: str, x):
    r"""Derivative :math:`f'(x)` of the element-wise activation called ``name``.

    ReLU: 1 for :math:`x > 0`, else 0 (at exactly 0 we use 0, as TensorFlow's
    gradient does :claim:`relu-slope-at-zero`). Sigmoid: :math:`\sigma(x)(1 - \sigma(x))`. Tanh:
    :math:`1 - \tanh^2(x)`. Linear: 1.

    Examples
    --------
    >>> derivative("sigmoid", [0.0])
    array([0.25])
    """
    name = check_choice(name, "name", ACTIVATIONS)
    x = as_float_array(x, "x")
    if name == "relu":
        return (x > 0).astype(np.float64)
    if name == "sigmoid":
        s = sigmoid(x)
        return s * (1.0 - s)
    if name == "tanh":
        return 1.0 - np.tanh(x) ** 2
    return np.ones_like(x)
