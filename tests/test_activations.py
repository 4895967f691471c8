import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from keras_reference import FLOAT32_ATOL, FLOAT32_RTOL, keras, to_numpy
from workshop import activations

ELEMENTWISE = ["relu", "sigmoid", "tanh", "linear"]
finite_floats = st.floats(-50, 50, allow_nan=False, width=32)


@pytest.mark.parametrize("name", ELEMENTWISE)
@settings(max_examples=25, deadline=None)
@given(x=arrays(np.float32, st.integers(1, 20), elements=finite_floats))
def test_elementwise_activation_equals_keras(name, x):
    ours = getattr(activations, name)(x)
    theirs = to_numpy(getattr(keras.activations, name)(x))
    np.testing.assert_allclose(ours, theirs, rtol=FLOAT32_RTOL, atol=FLOAT32_ATOL)


@settings(max_examples=25, deadline=None)
@given(z=arrays(np.float32, st.tuples(st.integers(1, 6), st.integers(2, 8)), elements=finite_floats))
def test_softmax_equals_keras_and_rows_sum_to_one(z):
    ours = activations.softmax(z)
    np.testing.assert_allclose(ours, to_numpy(keras.activations.softmax(z)), rtol=FLOAT32_RTOL, atol=FLOAT32_ATOL)
    np.testing.assert_allclose(ours.sum(axis=-1), 1.0, rtol=1e-12)


def test_softmax_along_another_axis_equals_keras():
    z = np.random.default_rng(0).normal(size=(3, 4)).astype(np.float32)
    expected = to_numpy(keras.activations.softmax(z, axis=0))
    np.testing.assert_allclose(activations.softmax(z, axis=0), expected, rtol=FLOAT32_RTOL)


def test_softmax_is_stable_for_huge_logits():
    # pytest turns RuntimeWarnings (overflow) into errors, so this also proves "no warning".
    np.testing.assert_array_equal(activations.softmax([1000.0, 0.0, -1000.0]), [1.0, 0.0, 0.0])


def test_softmax_of_equal_logits_is_uniform():
    np.testing.assert_allclose(activations.softmax(np.full(5, 7.0)), np.full(5, 0.2))


def test_softmax_ignores_a_constant_shift():
    z = np.array([2.0, 1.0, 0.1])
    np.testing.assert_allclose(activations.softmax(z), activations.softmax(z + 100.0), rtol=1e-12)


def test_sigmoid_saturates_without_overflow():
    np.testing.assert_array_equal(activations.sigmoid([-1000.0, 1000.0]), [0.0, 1.0])


def test_sigmoid_of_zero_is_one_half_and_tanh_relation_holds():
    x = np.linspace(-5, 5, 11)
    assert activations.sigmoid(0.0) == 0.5
    np.testing.assert_allclose(activations.tanh(x), 2 * activations.sigmoid(2 * x) - 1, atol=1e-12)


def test_relu_zeroes_negatives_and_keeps_positives():
    np.testing.assert_array_equal(activations.relu([-3.0, -0.0, 0.0, 2.5]), [0.0, 0.0, 0.0, 2.5])


def test_activations_keep_the_input_shape():
    x = np.zeros((2, 3, 4))
    for name in ELEMENTWISE:
        assert getattr(activations, name)(x).shape == (2, 3, 4)
    assert activations.softmax(x).shape == (2, 3, 4)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_equals_tensorflow_gradient(name):
    x = tf.constant(np.linspace(-4, 4, 41, dtype=np.float32) + 0.05)  # avoid ReLU's kink at exactly 0
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = getattr(keras.activations, name)(x)
    expected = to_numpy(tape.gradient(y, x))
    np.testing.assert_allclose(activations.derivative(name, x.numpy()), expected, rtol=1e-5, atol=1e-6)


def test_relu_derivative_at_zero_is_zero_like_tensorflow():
    x = tf.constant([0.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = keras.activations.relu(x)
    assert to_numpy(tape.gradient(y, x))[0] == activations.derivative("relu", [0.0])[0] == 0.0


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: activations.relu("abc"), TypeError, "x must be numbers"),
        (lambda: activations.sigmoid([1.0, float("nan")]), ValueError, "finite"),
        (lambda: activations.softmax([]), ValueError, "must not be empty"),
        (lambda: activations.softmax(3.0), ValueError, "at least 1 dimension"),
        (lambda: activations.softmax([1.0, 2.0], axis=1), ValueError, "axis must be in"),
        (lambda: activations.tanh([[1.0], [2.0, 3.0]]), TypeError, "rectangular"),
        (lambda: activations.derivative("swish", [1.0]), ValueError, "name must be one of"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(("axis", "error"), [(0.5, TypeError), ("0", TypeError), (True, TypeError), (None, TypeError), (2, ValueError)])
def test_softmax_axis_must_be_a_whole_number_in_range(axis, error):
    with pytest.raises(error, match="axis must be"):
        activations.softmax([[1.0, 2.0]], axis=axis)


def test_softmax_accepts_a_numpy_integer_axis():
    np.testing.assert_allclose(activations.softmax([[1.0, 1.0]], axis=np.int64(0)), [[1.0, 1.0]])


def test_softmax_of_logits_further_apart_than_float64_holds_is_one_and_zero():
    np.testing.assert_array_equal(activations.softmax([-1e308, 1e308]), [0.0, 1.0])


@pytest.mark.parametrize("name", [["relu"], None, 3, b"relu"])
def test_derivative_name_must_be_a_string(name):
    with pytest.raises(TypeError, match="name must be one of .* \\(a string\\)"):
        activations.derivative(name, [1.0])


def test_masked_input_is_refused():
    with pytest.raises(TypeError, match="x must be a plain array"):
        activations.relu(np.ma.array([1.0, -1.0], mask=[True, False]))
