import numpy as np
import pytest

from keras_reference import FLOAT32_ATOL, FLOAT32_RTOL, keras, to_numpy
from workshop.neuron import dense, weighted_sum


def test_weighted_sum_of_one_sample_is_the_formula():
    # x = 0.5*1 + (-1)*2 + 2*3 + 0.5
    assert weighted_sum([1.0, 2.0, 3.0], [0.5, -1.0, 2.0], 0.5) == 5.0


def test_weighted_sum_of_a_batch_gives_one_value_per_sample():
    inputs = np.array([[1.0, 2.0], [3.0, 4.0], [0.0, 0.0]])
    np.testing.assert_allclose(weighted_sum(inputs, [1.0, -1.0], 2.0), [1.0, 1.0, 2.0])


def test_weighted_sum_equals_a_one_unit_keras_dense_layer():
    rng = np.random.default_rng(1)
    inputs = rng.normal(size=(5, 4)).astype(np.float32)
    weights, bias = rng.normal(size=4), 0.3
    layer = keras.layers.Dense(1)
    layer.build((None, 4))
    layer.set_weights([weights.reshape(4, 1).astype(np.float32), np.array([bias], np.float32)])
    expected = to_numpy(layer(inputs))[:, 0]
    np.testing.assert_allclose(weighted_sum(inputs, weights, bias), expected, rtol=FLOAT32_RTOL, atol=FLOAT32_ATOL)


@pytest.mark.parametrize("activation", [None, "linear", "relu", "sigmoid", "tanh", "softmax"])
def test_dense_equals_keras_dense_holding_the_same_weights(activation):
    rng = np.random.default_rng(2)
    inputs = rng.normal(size=(6, 3)).astype(np.float32)
    layer = keras.layers.Dense(4, activation=activation)
    layer.build((None, 3))
    kernel, bias = (w.numpy() for w in (layer.kernel, layer.bias))
    bias = rng.normal(size=4).astype(np.float32)
    layer.bias.assign(bias)
    expected = to_numpy(layer(inputs))
    np.testing.assert_allclose(dense(inputs, kernel, bias, activation), expected, rtol=FLOAT32_RTOL, atol=FLOAT32_ATOL)


def test_dense_without_bias_uses_zeros_and_accepts_one_sample():
    np.testing.assert_allclose(dense([1.0, 2.0], [[1.0], [1.0]]), [3.0])


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: weighted_sum([1.0, 2.0], [1.0, 2.0, 3.0]), ValueError, "same length, got 2 inputs and 3 weights"),
        (lambda: weighted_sum([1.0], [[1.0]]), ValueError, "weights must be one weight per input"),
        (lambda: weighted_sum([1.0], [1.0], bias=[1.0, 2.0]), ValueError, "bias must be a single number"),
        (lambda: weighted_sum("1,2", [1.0]), TypeError, "inputs must be numbers"),
        (lambda: weighted_sum([], []), ValueError, "must not be empty"),
        (lambda: dense([[1.0, 2.0]], [[1.0, 2.0]]), ValueError, "inputs have 2 features but kernel expects 1"),
        (lambda: dense([[1.0]], [1.0]), ValueError, "kernel must be 2-D"),
        (lambda: dense([[1.0]], [[1.0, 2.0]], [1.0]), ValueError, r"bias must have shape \(2,\)"),
        (lambda: dense([[1.0]], [[1.0]], activation="swish"), ValueError, "activation must be one of"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_a_weighted_sum_beyond_float64_is_refused_not_returned_as_infinity():
    with pytest.raises(ValueError, match="the weighted sum is beyond float64's range.*inputs times weights"):
        weighted_sum([1e200, 1.0], [1e200, 1.0])
    with pytest.raises(ValueError, match="a weighted sum is beyond float64's range.*inputs times kernel"):
        dense([[1e300]], [[1e300]])


@pytest.mark.parametrize("activation", [["relu"], 1, ("relu",)])
def test_dense_activation_must_be_a_name(activation):
    with pytest.raises(TypeError, match=r"activation must be one of .* or None \(a string\)"):
        dense([[1.0]], [[1.0]], activation=activation)
