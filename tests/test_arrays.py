import numpy as np
import pytest

from workshop import arrays


def test_operations_compute_the_same_numbers_on_lists_and_arrays():
    values = np.random.default_rng(0).random(1000)
    for on_list, on_array in arrays.OPERATIONS.values():
        np.testing.assert_allclose(on_list(values.tolist()), on_array(values), rtol=1e-12)


def test_a_list_of_floats_needs_about_four_times_the_memory_of_a_float64_array():
    values = np.random.default_rng(0).random(10_000)
    ratio = arrays.list_bytes(values.tolist()) / arrays.array_bytes(values)
    # 8-byte pointer + 24-byte float object per element, versus 8 bytes.
    assert 3.9 < ratio < 4.1


def test_measure_reports_positive_times_and_exact_memory():
    m = arrays.measure(1000, "sum_of_squares", repeats=3)
    assert m.size == 1000 and m.list_seconds > 0 and m.array_seconds > 0
    assert m.array_bytes == arrays.array_bytes(np.zeros(1000))
    assert m.speedup == m.list_seconds / m.array_seconds


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: arrays.measure(0), ValueError, "size must be >= 1"),
        (lambda: arrays.measure(10, "sort"), ValueError, "operation must be one of"),
        (lambda: arrays.measure(10, repeats=0), ValueError, "repeats must be >= 1"),
    ],
)
def test_bad_input_is_refused(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: arrays.measure(10**9), ValueError, "size must be <= 100,000"),
        (lambda: arrays.measure(10, ["sort"]), TypeError, r"operation must be one of .* \(a string\)"),
        (lambda: arrays.measure(10, repeats=10**6), ValueError, "repeats must be <= 100"),
        (lambda: arrays.compare("abc"), TypeError, "sizes must be a sequence"),
        (lambda: arrays.compare(range(1, 100)), ValueError, "sizes must hold 1 to 20 sizes"),
        (lambda: arrays.compare([10, 10**9]), ValueError, r"sizes\[1\] must be <= 100,000"),
        (lambda: arrays.list_bytes(np.zeros(3)), TypeError, "values must be a list"),
        (lambda: arrays.array_bytes([1.0]), TypeError, "array must be a numpy.ndarray"),
    ],
)
def test_hostile_input_is_refused_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()
