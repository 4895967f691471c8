"""Input checks shared by every module of :mod:`workshop`.

One place so that every public function refuses bad input the same way: a
``TypeError`` or ``ValueError`` that names the argument and says what was
expected, instead of a silent NaN or a NumPy broadcasting surprise later on.
"""

from __future__ import annotations

import numbers

import numpy as np


def as_float_array(value, name: str, *, min_ndim: int = 0, allow_empty: bool = False) -> np.ndarray:
    """Return ``value`` as a finite float64 array, or raise a clear error.

    Parameters
    ----------
    value : array_like
        Numbers (a scalar, list or array). Strings, booleans-as-text and
        objects are refused.
    name : str
        The argument name used in error messages.
    min_ndim : int
        The smallest number of dimensions accepted.
    allow_empty : bool
        Whether an array with no elements is accepted.
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be numbers, got text {value!r}")
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:  # ragged nested lists
        raise TypeError(f"{name} must be a rectangular array of numbers: {error}") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be numbers, got an array of dtype {array.dtype} ({_preview(value)})")
    array = array.astype(np.float64)
    if array.ndim < min_ndim:
        raise ValueError(f"{name} must have at least {min_ndim} dimension(s), got shape {array.shape}")
    if array.size == 0 and not allow_empty:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite numbers, got NaN or infinity in {_preview(value)}")
    return array


def check_same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """Raise ``ValueError`` unless ``a`` and ``b`` have exactly the same shape."""
    if a.shape != b.shape:
        raise ValueError(f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}")


def check_in_unit_interval(array: np.ndarray, name: str, what: str = "probabilities") -> None:
    """Raise ``ValueError`` unless every element lies in [0, 1]."""
    if np.any(array < 0.0) or np.any(array > 1.0):
        raise ValueError(
            f"{name} must be {what} in [0, 1], got values from {array.min():g} to {array.max():g}"
        )


def check_positive_number(value, name: str, *, allow_zero: bool = False) -> float:
    """Return ``value`` as a float, refusing text, NaN and values below (or at) zero."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r}")
    value = float(value)
    if not np.isfinite(value) or value < 0.0 or (value == 0.0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be a finite number {bound}, got {value!r}")
    return value


def check_fraction(value, name: str, *, inclusive_low: bool = True) -> float:
    """Return ``value`` as a float in [0, 1) (or (0, 1) with ``inclusive_low=False``)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r}")
    value = float(value)
    low_ok = value >= 0.0 if inclusive_low else value > 0.0
    if not (low_ok and value < 1.0):
        interval = "[0, 1)" if inclusive_low else "(0, 1)"
        raise ValueError(f"{name} must be in {interval}, got {value!r}")
    return value


def check_count(value, name: str, *, minimum: int = 1) -> int:
    """Return ``value`` as an int, refusing floats, text and values below ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def _preview(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
