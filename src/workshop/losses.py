r"""Loss functions: how far the predictions are from the truth.

Each function returns one loss per sample (the mean over the last axis, as
the :mod:`keras.losses` functions of the same names do), with the same values
and shapes as Keras.

Keras computes in float32 and, for probabilities, clips predictions to
:math:`[\epsilon, 1 - \epsilon]` with :math:`\epsilon = 10^{-7}` so that a
prediction of exactly 0 or 1 gives a large but finite loss instead of
:math:`\log 0 = -\infty`. In float32, :math:`1 - 10^{-7}` rounds to
:math:`1 - 1.19 \times 10^{-7}`; the bounds below are those float32 numbers, so
the clipped losses agree with Keras to float32 precision
:claim:`workshop-losses-match-keras`.
"""

from __future__ import annotations

import numpy as np

from workshop._checks import (
    as_float_array,
    check_finite_result,
    check_flag,
    check_in_unit_interval,
    check_same_shape,
    power_of_two_scale,
)

__all__ = [
    "EPSILON",
    "binary_crossentropy",
    "categorical_crossentropy",
    "sparse_categorical_crossentropy",
    "mean_squared_error",
]

EPSILON = 1e-7
"""Keras's fuzz factor, ``keras.config.epsilon()``."""

_LOW = float(np.float32(EPSILON))
_HIGH = float(np.float32(1.0) - np.float32(EPSILON))


def _clip(probabilities: np.ndarray) -> np.ndarray:
    return np.clip(probabilities, _LOW, _HIGH)


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):  # a gap beyond 1.8e308 is -inf: probability 0, checked by the caller
        shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _mean_last_axis(values: np.ndarray) -> np.ndarray:
    """The mean over the last axis, without overflowing in the sum on the way.

    Each row is divided by a power of two near its largest value first (exact,
    so the bits are those of a plain mean) and multiplied back at the end.
    """
    scale = power_of_two_scale(values, axis=-1)
    with np.errstate(over="ignore"):
        return (values / scale).mean(axis=-1) * scale[..., 0]


def _checked(loss: np.ndarray, cause: str) -> np.ndarray:
    check_finite_result(loss, "the loss", cause)
    return loss


def binary_crossentropy(y_true, y_pred, from_logits=False):
    r"""Binary crossentropy, averaged over the last axis.

    .. math:: L(y, \hat{y}) = -\bigl(y \log \hat{y} + (1 - y) \log(1 - \hat{y})\bigr)

    The first term is the penalty when the truth is 1 and grows without bound
    as :math:`\hat{y} \to 0`; the second is the penalty when the truth is 0 and
    grows as :math:`\hat{y} \to 1`.

    Parameters
    ----------
    y_true : array_like
        Labels in [0, 1] (usually exactly 0 or 1).
    y_pred : array_like, same shape as ``y_true``
        Predicted probabilities of class 1, or raw scores with ``from_logits``.
    from_logits : bool
        ``True`` or ``False`` only (a string such as ``"no"`` is refused). If
        True, ``y_pred`` are logits :math:`z` and :math:`\hat{y} = \sigma(z)`
        is applied inside, in the numerically stable form
        :math:`\max(z, 0) - z y + \log(1 + e^{-|z|})`.

    Returns
    -------
    numpy.ndarray
        Shape of ``y_true`` without its last axis.

    Examples
    --------
    >>> float(binary_crossentropy([1.0], [0.9]).round(4))
    0.1054
    """
    from_logits = check_flag(from_logits, "from_logits")
    y, p = _pair(y_true, y_pred)
    check_in_unit_interval(y, "y_true", "labels")
    if from_logits:
        per_element = np.maximum(p, 0.0) - p * y + np.log1p(np.exp(-np.abs(p)))
    else:
        check_in_unit_interval(p, "y_pred")
        p = _clip(p)
        per_element = -(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))
    return _checked(_mean_last_axis(per_element), "y_pred logits are too large")


def categorical_crossentropy(y_true, y_pred, from_logits=False):
    r"""Categorical crossentropy for one-hot (or soft) labels.

    .. math:: L(y, \hat{y}) = -\sum_{i=1}^{K} y_i \log \hat{y}_i

    With a one-hot :math:`y` only the term of the true class survives:
    :math:`L = -\log \hat{y}_{\text{true}}`. As Keras does, each row of
    probabilities is first divided by its sum, then clipped.

    Parameters
    ----------
    y_true : array_like, shape (..., K)
        One-hot labels, e.g. ``[0, 0, 0, 0, 0, 1, 0, 0, 0, 0]`` for class 5 of 10.
    y_pred : array_like, shape (..., K)
        Predicted probabilities (or logits with ``from_logits``).
    from_logits : bool
        If True, softmax is applied inside (as a stable log-softmax).

    Returns
    -------
    numpy.ndarray, shape (...)

    Examples
    --------
    >>> float(categorical_crossentropy([0.0, 1.0, 0.0], [0.1, 0.8, 0.1]).round(4))
    0.2231
    """
    from_logits = check_flag(from_logits, "from_logits")
    y, p = _pair(y_true, y_pred, min_ndim=1)
    check_in_unit_interval(y, "y_true", "one-hot labels")
    if from_logits:
        # 0 * log 0 counts as 0: a class with label 0 costs nothing, however unlikely.
        with np.errstate(over="ignore", invalid="ignore"):
            terms = np.where(y > 0, y * _log_softmax(p), 0.0)
            return _checked(-terms.sum(axis=-1), "y_pred logits differ by more than float64 can hold")
    check_in_unit_interval(p, "y_pred")
    p = _clip(p / _row_sums(p))
    return -(y * np.log(p)).sum(axis=-1)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False):
    r"""Categorical crossentropy for integer labels.

    .. math:: L(c, \hat{y}) = -\log \hat{y}_c

    The same loss as :func:`categorical_crossentropy` with the one-hot vector
    of class :math:`c`; only the label format differs (``5`` instead of
    ``[0, 0, 0, 0, 0, 1, 0, 0, 0, 0]``). As Keras does, probabilities are
    clipped first, then each row is divided by its sum.

    Parameters
    ----------
    y_true : array_like of int, shape (...) or (..., 1)
        Class indices in ``0 .. K-1``.
    y_pred : array_like, shape (..., K)
        Predicted probabilities (or logits with ``from_logits``).
    from_logits : bool
        If True, softmax is applied inside (as a stable log-softmax).

    Returns
    -------
    numpy.ndarray, shape (...)

    Examples
    --------
    >>> float(sparse_categorical_crossentropy(1, [0.1, 0.8, 0.1]).round(4))
    0.2231
    """
    from_logits = check_flag(from_logits, "from_logits")
    p = as_float_array(y_pred, "y_pred", min_ndim=1)
    labels = as_float_array(y_true, "y_true")
    if labels.ndim == p.ndim and labels.shape[-1:] == (1,):
        labels = labels[..., 0]
    if labels.shape != p.shape[:-1]:
        raise ValueError(
            f"y_true must hold one class index per row of y_pred: y_pred has shape {p.shape}, "
            f"so y_true needs shape {p.shape[:-1]}, got {labels.shape}"
        )
    n_classes = p.shape[-1]
    if np.any(labels != np.round(labels)):
        raise ValueError("y_true must be whole-number class indices, got fractional values")
    if np.any(labels < 0) or np.any(labels >= n_classes):
        raise ValueError(
            f"y_true class indices must be in [0, {n_classes - 1}] for {n_classes} classes, "
            f"got values from {labels.min():g} to {labels.max():g}"
        )
    index = labels.astype(np.intp)[..., np.newaxis]
    if from_logits:
        loss = -np.take_along_axis(_log_softmax(p), index, axis=-1)[..., 0]
        return _checked(loss, "y_pred logits differ by more than float64 can hold")
    check_in_unit_interval(p, "y_pred")
    p = _clip(p)
    return -np.log(np.take_along_axis(p, index, axis=-1)[..., 0] / p.sum(axis=-1))


def mean_squared_error(y_true, y_pred):
    r"""Mean squared error over the last axis.

    .. math:: L(y, \hat{y}) = \frac{1}{n} \sum_{i=1}^{n} (y_i - \hat{y}_i)^2

    Squaring makes every miss positive and punishes large misses much more than
    small ones; the unit is the square of the target's unit. Each row of misses
    is scaled by a power of two before squaring (exact, as Keras's norms scale
    first), so misses up to about 1e154 or larger do not overflow on the way;
    a mean beyond float64's range raises ``ValueError``.

    Examples
    --------
    >>> float(mean_squared_error([3.0, 5.0], [2.0, 5.0]))
    0.5
    """
    y, p = _pair(y_true, y_pred)
    cause = "y_true and y_pred are too far apart"
    with np.errstate(over="ignore", invalid="ignore"):
        miss = y - p
        check_finite_result(miss, "y_true - y_pred", cause)
        scale = power_of_two_scale(miss, axis=-1)
        loss = ((miss / scale) ** 2).mean(axis=-1) * scale[..., 0] * scale[..., 0]
    return _checked(loss, cause)


def _pair(y_true, y_pred, min_ndim=0):
    y = as_float_array(y_true, "y_true", min_ndim=min_ndim)
    p = as_float_array(y_pred, "y_pred", min_ndim=min_ndim)
    if y.ndim == 0:  # a single number is one sample with one output
        y, p = y.reshape(1), p.reshape(-1) if p.ndim == 0 else p
    check_same_shape(y, p, "y_true", "y_pred")
    return y, p


def _row_sums(p: np.ndarray) -> np.ndarray:
    sums = p.sum(axis=-1, keepdims=True)
    if np.any(sums <= 0):
        raise ValueError("every row of y_pred must have a positive sum, got a row of zeros")
    return sums
