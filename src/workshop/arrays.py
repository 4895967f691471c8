"""Why NumPy arrays and not Python lists: the same work, measured.

A Python list of floats stores pointers to separate float objects (about 24
bytes each plus an 8-byte pointer), and a loop over it runs the interpreter
once per element. A NumPy float64 array stores the raw 8-byte numbers side by
side and runs one compiled loop over them. These helpers measure both on the
machine that runs them; nothing here is a hard-coded number.
"""

from __future__ import annotations

import sys
import timeit
from typing import NamedTuple

import numpy as np

from workshop._checks import MAX_SAMPLES, check_choice, check_count, check_seed

__all__ = ["OPERATIONS", "Measurement", "list_bytes", "array_bytes", "measure", "compare"]

OPERATIONS = {
    "scale_and_shift": (lambda values: [2.0 * v + 1.0 for v in values], lambda array: 2.0 * array + 1.0),
    "sum_of_squares": (lambda values: sum(v * v for v in values), lambda array: float(np.dot(array, array))),
}
"""Each operation as (list version, array version): ``2x + 1`` element-wise, and :math:`\\sum x_i^2`."""


class Measurement(NamedTuple):
    """One size's timings (median seconds per call) and memory (bytes)."""

    size: int
    list_seconds: float
    array_seconds: float
    list_bytes: int
    array_bytes: int

    @property
    def speedup(self) -> float:
        """How many times faster the array version ran."""
        return self.list_seconds / self.array_seconds

    @property
    def memory_ratio(self) -> float:
        """How many times more memory the list used."""
        return self.list_bytes / self.array_bytes


def list_bytes(values: list) -> int:
    """Memory of a list of numbers: the list's pointer table plus every distinct number object."""
    if not isinstance(values, list):
        raise TypeError(f"values must be a list, got {type(values).__name__}")
    distinct = {id(v): v for v in values}
    return sys.getsizeof(values) + sum(sys.getsizeof(v) for v in distinct.values())


def array_bytes(array: np.ndarray) -> int:
    """Memory of a NumPy array: its small header plus its data buffer."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"array must be a numpy.ndarray, got {type(array).__name__}")
    return sys.getsizeof(array) if array.base is None else sys.getsizeof(array) + array.nbytes


def measure(size: int, operation: str = "scale_and_shift", repeats: int = 5, seed: int = 0) -> Measurement:
    """Time one operation on a list and on an array of ``size`` random floats.

    Each version is timed ``repeats`` times (each timing long enough to be
    above the clock's resolution) and the median per-call time is kept, so a
    single hiccup of a shared machine does not decide the result. ``size`` is
    at most 100,000 (a list of that many floats already takes 3 MB) and
    ``repeats`` at most 100, so one call takes seconds, not minutes.
    """
    size = check_count(size, "size", maximum=MAX_SAMPLES)
    repeats = check_count(repeats, "repeats", maximum=_MAX_REPEATS)
    operation = check_choice(operation, "operation", OPERATIONS)
    on_list, on_array = OPERATIONS[operation]
    array = np.random.default_rng(check_seed(seed)).random(size)
    values = array.tolist()
    return Measurement(
        size=size,
        list_seconds=_median_seconds(lambda: on_list(values), repeats),
        array_seconds=_median_seconds(lambda: on_array(array), repeats),
        list_bytes=list_bytes(values),
        array_bytes=array_bytes(array),
    )


def compare(sizes=(10, 100, 1_000, 10_000, 100_000), operation="scale_and_shift", repeats=5, seed=0):
    """:func:`measure` at each size (at most 20 sizes); returns a list of :class:`Measurement`."""
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__iter__"):
        raise TypeError(f"sizes must be a sequence of whole numbers such as (10, 1_000), got {sizes!r}")
    sizes = list(sizes)
    if not 1 <= len(sizes) <= _MAX_SIZES:
        raise ValueError(f"sizes must hold 1 to {_MAX_SIZES} sizes, got {len(sizes)}")
    sizes = [check_count(size, f"sizes[{i}]", maximum=MAX_SAMPLES) for i, size in enumerate(sizes)]
    return [measure(size, operation, repeats, seed) for size in sizes]


_MAX_REPEATS = 100
_MAX_SIZES = 20
_MIN_TIMING_SECONDS = 0.02  # well above the clock's resolution, short enough to measure many sizes


def _median_seconds(call, repeats: int) -> float:
    timer = timeit.Timer(call)
    number = 1
    while timer.timeit(number) < _MIN_TIMING_SECONDS:  # calibrate: calls per timing
        number *= 2
    return float(np.median(timer.repeat(repeat=repeats, number=number)) / number)
