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

from workshop._checks import check_count

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
    distinct = {id(v): v for v in values}
    return sys.getsizeof(values) + sum(sys.getsizeof(v) for v in distinct.values())


def array_bytes(array: np.ndarray) -> int:
    """Memory of a NumPy array: its small header plus its data buffer."""
    return sys.getsizeof(array) if array.base is None else sys.getsizeof(array) + array.nbytes


def measure(size: int, operation: str = "scale_and_shift", repeats: int = 5, seed: int = 0) -> Measurement:
    """Time one operation on a list and on an array of ``size`` random floats.

    Each version is timed ``repeats`` times (each timing long enough to be
    above the clock's resolution) and the median per-call time is kept, so a
    single hiccup of a shared machine does not decide the result.
    """
    size = check_count(size, "size")
    repeats = check_count(repeats, "repeats")
    if operation not in OPERATIONS:
        raise ValueError(f"operation must be one of {sorted(OPERATIONS)}, got {operation!r}")
    on_list, on_array = OPERATIONS[operation]
    array = np.random.default_rng(seed).random(size)
    values = array.tolist()
    return Measurement(
        size=size,
        list_seconds=_median_seconds(lambda: on_list(values), repeats),
        array_seconds=_median_seconds(lambda: on_array(array), repeats),
        list_bytes=list_bytes(values),
        array_bytes=array_bytes(array),
    )


def compare(sizes=(10, 100, 1_000, 10_000, 100_000), operation="scale_and_shift", repeats=5, seed=0):
    """:func:`measure` at each size; returns a list of :class:`Measurement`."""
    return [measure(size, operation, repeats, seed) for size in sizes]


_MIN_TIMING_SECONDS = 0.02  # well above the clock's resolution, short enough to measure many sizes


def _median_seconds(call, repeats: int) -> float:
    timer = timeit.Timer(call)
    number = 1
    while timer.timeit(number) < _MIN_TIMING_SECONDS:  # calibrate: calls per timing
        number *= 2
    return float(np.median(timer.repeat(repeat=repeats, number=number)) / number)
