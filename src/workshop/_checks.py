"""Input checks and size limits shared by every module of :mod:`workshop`.

One place so that every public function refuses bad input the same way: a
``TypeError`` or ``ValueError`` that names the argument and says what was
expected, instead of a silent NaN, an infinity or a NumPy broadcasting
surprise later on.

The limits below keep one call of a teaching package small (at most tens of
megabytes and well under a second), and every function checks them before it
allocates anything. Each is far above what the site and its examples use.
"""

from __future__ import annotations

import numbers

import numpy as np

MAX_SAMPLES = 100_000
"""Most samples a generator makes or a timing measures: more than MNIST's 70,000 images."""
MAX_CLASSES = 1_000
"""Most classes: ImageNet's 1,000, far more than any example here uses (10)."""
MAX_ELEMENTS = 10_000_000
"""Most numbers one call creates from nothing (a one-hot matrix: 40 MB of float32)."""
MAX_STEPS = 10_000
"""Most optimizer steps in one path: a picture shows at most a few hundred."""
MAX_FEATURES = 100_000
"""Most input features of a model: a 32 x 32 colour image has 3,072."""
MAX_UNITS = 10_000
"""Most units in one layer: the examples use at most 64."""
MAX_LAYERS = 100
"""Most hidden layers of one model: the examples use at most 2."""
MAX_PARAMETERS = 10_000_000
"""Most weights of one model (40 MB of float32, 120 MB once Adam keeps two moments)."""
MAX_RESOLUTION = 1_000
"""Most grid points per axis of a decision-boundary plot (a million predictions)."""
MAX_SEED = 2**32 - 1
"""The largest seed NumPy's legacy generator (and so :func:`workshop.seed_everything`) accepts."""


def as_float_array(value, name: str, *, min_ndim: int = 0, allow_empty: bool = False) -> np.ndarray:
    """Return ``value`` as a finite float64 array, or raise a clear error.

    Parameters
    ----------
    value : array_like
        Numbers (a scalar, list or array). Text, objects (``None``, mixed
        lists) and masked arrays (whose mask NumPy would silently drop) are
        refused.
    name : str
        The argument name used in error messages.
    min_ndim : int
        The smallest number of dimensions accepted.
    allow_empty : bool
        Whether an array with no elements is accepted.
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be numbers, got text {value!r}")
    if isinstance(value, np.ma.MaskedArray):
        raise TypeError(
            f"{name} must be a plain array: a masked array's mask would be ignored; "
            f"pass {name}.compressed() or {name}.filled(value) instead"
        )
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


def as_class_labels(value, name: str, *, n_classes: int | None = None, source: str = "") -> np.ndarray:
    """Return ``value`` as an int64 array of class indices in ``[0, n_classes)``.

    Without ``n_classes`` the labels must lie below :data:`MAX_CLASSES`.
    ``source`` names where ``n_classes`` came from, for the error message.
    """
    labels = as_float_array(value, name, min_ndim=1)
    upper = MAX_CLASSES if n_classes is None else n_classes
    if np.any(labels != np.round(labels)) or labels.min() < 0 or labels.max() >= upper:
        where = f" ({source})" if source else ""
        raise ValueError(
            f"{name} must be whole-number class indices in [0, {upper - 1}]{where}, "
            f"got values from {labels.min():g} to {labels.max():g}"
        )
    return labels.astype(np.int64)


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


def check_positive_number(value, name: str, *, allow_zero: bool = False, maximum: float | None = None) -> float:
    """Return ``value`` as a float, refusing text, NaN, values below (or at) zero and above ``maximum``."""
    value = _as_float(value, name)
    if not np.isfinite(value) or value < 0.0 or (value == 0.0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be a finite number {bound}, got {value!r}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum:g}, got {value!r}")
    return value


def check_fraction(value, name: str, *, inclusive_low: bool = True) -> float:
    """Return ``value`` as a float in [0, 1) (or (0, 1) with ``inclusive_low=False``)."""
    value = _as_float(value, name)
    low_ok = value >= 0.0 if inclusive_low else value > 0.0
    if not (low_ok and value < 1.0):
        interval = "[0, 1)" if inclusive_low else "(0, 1)"
        raise ValueError(f"{name} must be in {interval}, got {value!r}")
    return value


def check_count(value, name: str, *, minimum: int = 1, maximum: int | None = None) -> int:
    """Return ``value`` as an int, refusing floats, text and values outside [minimum, maximum]."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum:,} (workshop's limit that keeps one call small), got {value:,}")
    return int(value)


def check_seed(value, name: str = "seed") -> int:
    """Return ``value`` as a seed in [0, :data:`MAX_SEED`]."""
    return check_count(value, name, minimum=0, maximum=MAX_SEED)


def check_flag(value, name: str) -> bool:
    """Return ``value`` as a bool, refusing anything that is not ``True`` or ``False``.

    ``bool("no")`` is True and ``bool(numpy.array([True, False]))`` raises deep
    inside; a flag must say yes or no itself.
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise TypeError(f"{name} must be True or False, got {_preview(value)}")


def check_choice(value, name: str, choices, *, allow_none: bool = False):
    """Return ``value`` if it is one of the strings ``choices`` (or None if allowed), else raise a clear error."""
    if value is None and allow_none:
        return None
    expected = f"one of {sorted(choices)}" + (" or None" if allow_none else "")
    if not isinstance(value, str):
        raise TypeError(f"{name} must be {expected} (a string), got {_preview(value)}")
    if value not in choices:
        raise ValueError(f"{name} must be {expected}, got {value!r}")
    return value


def check_axis(axis, ndim: int, name: str = "axis") -> int:
    """Return ``axis`` as an int in ``[-ndim, ndim - 1]``."""
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"{name} must be a whole number in [{-ndim}, {ndim - 1}], got {_preview(axis)}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"{name} must be in [{-ndim}, {ndim - 1}] for an array of {ndim} dimension(s), got {axis}")
    return int(axis)


def check_finite_result(result, what: str, cause: str) -> None:
    """Raise ``ValueError`` if ``result`` overflowed: ``what`` is the result, ``cause`` the arguments to blame."""
    result = np.asarray(result)
    if not np.all(np.isfinite(result)):
        largest = np.finfo(result.dtype).max
        raise ValueError(f"{what} is beyond {result.dtype}'s range (+-{largest:.2g}): {cause}")


def power_of_two_scale(array: np.ndarray, axis=None) -> np.ndarray:
    """A power of two at or above half of ``max |array|`` (1 for all zeros).

    Dividing by a power of two is exact, so scaled values keep every bit and
    a sum or a square of them cannot overflow; multiplying the result back is
    where a true overflow shows (and gets checked).
    """
    largest = np.max(np.abs(array), axis=axis, keepdims=axis is not None)
    _, exponent = np.frexp(largest)
    return np.where(largest > 0, np.ldexp(1.0, exponent - 1), 1.0)


def _as_float(value, name: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {_preview(value)}")
    try:
        return float(value)
    except OverflowError:  # a Python int beyond float64, such as 10**400
        raise ValueError(f"{name} must be a finite number, got {_preview(value)}") from None


def _preview(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
