r"""Regularisation: penalties on the weights and dropout, as Keras computes them.

An L2 penalty adds :math:`\lambda \sum w^2` to the loss (L1 adds
:math:`\lambda \sum |w|`); Keras's ``kernel_regularizer`` adds it to the loss
``fit`` reports. Dropout zeroes each unit with probability ``rate`` while
training and scales the survivors by :math:`1 / (1 - \text{rate})`, so each
unit's expected output is the same in training and inference, where dropout
does nothing.
"""

from __future__ import annotations

import numpy as np

from workshop._checks import as_float_array, check_fraction, check_positive_number

__all__ = ["l2_penalty", "l1_penalty", "l2_gradient", "dropout_scale", "dropout"]


def _kernels(kernels) -> list[np.ndarray]:
    if isinstance(kernels, np.ndarray) or not isinstance(kernels, (list, tuple)):
        kernels = [kernels]
    return [as_float_array(kernel, f"kernels[{index}]") for index, kernel in enumerate(kernels)]


def l2_penalty(kernels, factor=0.01) -> float:
    r"""The L2 penalty :math:`\lambda \sum w^2` over one kernel or a list of them, as ``keras.regularizers.L2(factor)``.

    Examples
    --------
    >>> l2_penalty([[1.0, -2.0]], factor=0.01)
    0.05
    """
    factor = check_positive_number(factor, "factor", allow_zero=True)
    return float(sum(factor * np.sum(kernel**2) for kernel in _kernels(kernels)))


def l1_penalty(kernels, factor=0.01) -> float:
    r"""The L1 penalty :math:`\lambda \sum |w|`, as ``keras.regularizers.L1(factor)``.

    Examples
    --------
    >>> l1_penalty([[1.0, -2.0]], factor=0.01)
    0.03
    """
    factor = check_positive_number(factor, "factor", allow_zero=True)
    return float(sum(factor * np.sum(np.abs(kernel)) for kernel in _kernels(kernels)))


def l2_gradient(kernel, factor=0.01) -> np.ndarray:
    r"""The L2 penalty's gradient :math:`2 \lambda w`: every step pulls each weight towards 0 in proportion to its size.

    Examples
    --------
    >>> l2_gradient([[1.0, -2.0]], factor=0.01)
    array([[ 0.02, -0.04]])
    """
    factor = check_positive_number(factor, "factor", allow_zero=True)
    return 2.0 * factor * as_float_array(kernel, "kernel")


def dropout_scale(rate) -> float:
    r"""The factor :math:`1 / (1 - \text{rate})` by which dropout scales the units it keeps while training.

    Examples
    --------
    >>> dropout_scale(0.5)
    2.0
    """
    rate = check_fraction(rate, "rate")
    return 1.0 / (1.0 - rate)


def dropout(inputs, rate, keep_mask) -> np.ndarray:
    """Inverted dropout in training: ``inputs`` where ``keep_mask`` is True, times :func:`dropout_scale`, else 0.

    The mask is an argument, not drawn here, so a page can show one mask on
    numbers and a test can replay the one Keras drew.

    Examples
    --------
    >>> dropout([1.0, 2.0, 3.0, 4.0], 0.5, [True, False, True, False])
    array([2., 0., 6., 0.])
    """
    x = as_float_array(inputs, "inputs")
    mask = np.asarray(keep_mask)
    if mask.dtype != bool or mask.shape != x.shape:
        raise ValueError(f"keep_mask must be booleans of the inputs' shape {x.shape}, got {mask.dtype} {mask.shape}")
    return np.where(mask, x * dropout_scale(rate), 0.0)
