r"""A neuron and a Dense layer, written out in NumPy.

A neuron adds up its inputs :math:`a_i`, each multiplied by the weight
:math:`w_i` of its connection, plus a bias :math:`b`:

.. math:: x = \sum_i w_i a_i + b

and passes :math:`x` through an activation. A Dense layer is many neurons side
by side reading the same inputs: their weights form the columns of a kernel
matrix :math:`W`, so a whole batch is :math:`f(A W + b)`.
"""

from __future__ import annotations

import numpy as np

from workshop._checks import as_float_array, check_choice, check_finite_result
from workshop.activations import ACTIVATIONS, softmax

__all__ = ["weighted_sum", "dense"]


def weighted_sum(inputs, weights, bias=0.0):
    r"""The weighted sum :math:`x = \sum_i w_i a_i + b` of one neuron.

    Parameters
    ----------
    inputs : array_like, shape (n_inputs,) or (n_samples, n_inputs)
        The inputs :math:`a_i`: one sample, or a batch of samples in rows.
    weights : array_like, shape (n_inputs,)
        The weights :math:`w_i`, one per input.
    bias : float
        The bias :math:`b`.

    Returns
    -------
    float or numpy.ndarray
        :math:`x` for one sample (a float), or one value per sample.

    Examples
    --------
    >>> weighted_sum([1.0, 2.0, 3.0], [0.5, -1.0, 2.0], bias=0.5)
    5.0
    """
    a = as_float_array(inputs, "inputs", min_ndim=1)
    w = as_float_array(weights, "weights", min_ndim=1)
    b = as_float_array(bias, "bias")
    if w.ndim != 1:
        raise ValueError(f"weights must be one weight per input (1-D), got shape {w.shape}")
    if a.ndim > 2:
        raise ValueError(f"inputs must be one sample (1-D) or a batch (2-D), got shape {a.shape}")
    if a.shape[-1] != w.shape[0]:
        raise ValueError(
            f"inputs and weights must have the same length, got {a.shape[-1]} inputs and {w.shape[0]} weights"
        )
    if b.ndim != 0:
        raise ValueError(f"bias must be a single number for one neuron, got shape {b.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        x = a @ w + b  # beyond float64's range gives infinity: checked below
    check_finite_result(x, "the weighted sum", "inputs times weights (plus bias) is too large")
    return float(x) if a.ndim == 1 else x


def dense(inputs, kernel, bias=None, activation=None):
    r"""A Dense layer: :math:`f(A W + b)`, equal to :class:`keras.layers.Dense`.

    Parameters
    ----------
    inputs : array_like, shape (n_samples, n_inputs) or (n_inputs,)
        A batch of samples in rows (or one sample).
    kernel : array_like, shape (n_inputs, units)
        Column :math:`j` holds the weights of neuron :math:`j`, as in
        ``layer.kernel`` of a Keras Dense layer.
    bias : array_like, shape (units,), optional
        One bias per neuron; zeros when omitted.
    activation : {None, "linear", "relu", "sigmoid", "tanh", "softmax"}
        Applied to the weighted sums; ``None`` means linear, as in Keras.

    Raises
    ------
    ValueError
        If a weighted sum is beyond float64's range (about 1.8e308).

    Returns
    -------
    numpy.ndarray, shape (n_samples, units) or (units,)

    Examples
    --------
    >>> dense([[1.0, 2.0]], [[1.0, 0.0, -1.0], [0.5, 1.0, 1.0]], [0.0, 0.0, 1.0], "relu")
    array([[2., 2., 2.]])
    """
    a = as_float_array(inputs, "inputs", min_ndim=1)
    w = as_float_array(kernel, "kernel")
    if w.ndim != 2:
        raise ValueError(f"kernel must be 2-D with shape (n_inputs, units), got shape {w.shape}")
    if a.ndim > 2:
        raise ValueError(f"inputs must be one sample (1-D) or a batch (2-D), got shape {a.shape}")
    if a.shape[-1] != w.shape[0]:
        raise ValueError(
            f"inputs have {a.shape[-1]} features but kernel expects {w.shape[0]} (kernel shape {w.shape})"
        )
    b = np.zeros(w.shape[1]) if bias is None else as_float_array(bias, "bias", min_ndim=1)
    if b.shape != (w.shape[1],):
        raise ValueError(f"bias must have shape ({w.shape[1]},), one per unit, got {b.shape}")
    check_choice(activation, "activation", [*ACTIVATIONS, "softmax"], allow_none=True)
    with np.errstate(over="ignore", invalid="ignore"):
        x = a @ w + b  # beyond float64's range gives infinity: checked below
    check_finite_result(x, "a weighted sum", "inputs times kernel (plus bias) is too large")
    if activation is None or activation == "linear":
        return x
    if activation == "softmax":
        return softmax(x)
    return ACTIVATIONS[activation](x)


