import numpy as np
import pytest
import tensorflow as tf

from keras_reference import FLOAT32_ATOL, keras, to_numpy
from workshop import backprop
from workshop.activations import ACTIVATIONS, sigmoid, softmax
from workshop.data import one_hot

# (output activation, loss, how labels look): every loss the site teaches, with its usual output.
OUTPUTS = [
    ("sigmoid", "binary_crossentropy", "binary"),
    ("softmax", "categorical_crossentropy", "one_hot"),
    ("softmax", "sparse_categorical_crossentropy", "indices"),
    ("linear", "mean_squared_error", "real"),
    # Unusual pairs, through the general chain rule rather than p - y:
    ("sigmoid", "mean_squared_error", "binary"),
    ("tanh", "mean_squared_error", "real"),
    ("relu", "mean_squared_error", "real"),
    ("softmax", "mean_squared_error", "one_hot"),
]


def labels(kind, n, k, rng):
    if kind == "binary":
        return rng.integers(0, 2, (n, k)).astype(float)
    if kind == "real":
        return rng.normal(size=(n, k))
    classes = rng.integers(0, k, n)
    return one_hot(classes, k).astype(float) if kind == "one_hot" else classes


def keras_model(layers, dtype="float64"):
    model = keras.Sequential([keras.Input(shape=(layers[0].kernel.shape[0],), dtype=dtype)])
    for layer in layers:
        model.add(keras.layers.Dense(layer.kernel.shape[1], activation=layer.activation, dtype=dtype))
    for dense, layer in zip(model.layers, layers, strict=True):
        dense.set_weights([layer.kernel.astype(dtype), layer.bias.astype(dtype)])
    return model


def tape_gradients(layers, X, y, loss):
    model = keras_model(layers)
    loss_fn = keras.losses.get(loss)
    with tf.GradientTape() as tape:
        value = tf.reduce_mean(loss_fn(tf.constant(y), model(tf.constant(X))))
    grads = tape.gradient(value, model.trainable_weights)
    return float(value), [to_numpy(g) for g in grads]


def with_random_biases(layers, rng, scale):
    return [backprop.Layer(layer.kernel, rng.normal(scale=scale, size=layer.bias.shape), layer.activation)
            for layer in layers]


def network(hidden, output, sizes, seed):
    return backprop.random_layers(sizes, hidden, output, seed=seed)


@pytest.mark.parametrize("hidden", sorted(ACTIVATIONS))
@pytest.mark.parametrize(("output", "loss", "kind"), OUTPUTS)
def test_backward_equals_gradient_tape_for_every_activation_and_loss(hidden, output, loss, kind):
    rng = np.random.default_rng(7)
    k = 1 if kind in ("binary",) and output == "sigmoid" and loss == "binary_crossentropy" else 3
    sizes = [2, 4, 3, k]
    layers = network(hidden, output, sizes, seed=3)
    # Biases away from 0 so that no ReLU sits exactly at its kink.
    layers = with_random_biases(layers, rng, scale=0.3)
    X = rng.normal(size=(5, 2))
    y = labels(kind, 5, k, rng)
    run = backprop.forward(X, layers)
    ours = backprop.backward(run, layers, y, loss)
    keras_loss, theirs = tape_gradients(layers, X, y, loss)
    np.testing.assert_allclose(backprop.loss_value(y, run.prediction, loss), keras_loss, rtol=1e-6)
    for (dW, db), tape_dW, tape_db in zip(ours, theirs[0::2], theirs[1::2], strict=True):
        np.testing.assert_allclose(dW, tape_dW, rtol=1e-6, atol=1e-10)
        np.testing.assert_allclose(db, tape_db, rtol=1e-6, atol=1e-10)


def test_output_gradient_is_p_minus_y_for_sigmoid_with_binary_crossentropy():
    z = np.array([[0.3], [-1.2], [2.0], [0.0]])
    y = np.array([[1.0], [0.0], [0.0], [1.0]])
    delta = backprop.output_gradient(y, z, "sigmoid", "binary_crossentropy")
    np.testing.assert_allclose(delta, (sigmoid(z) - y) / 4)
    layer = backprop.Layer(np.eye(1), np.zeros(1), "sigmoid")
    _, (dW, db) = tape_gradients([layer], z, y, "binary_crossentropy")
    # With an identity kernel and inputs z, the kernel gradient is z^T delta and the bias gradient sum(delta).
    np.testing.assert_allclose(db, delta.sum(axis=0), rtol=1e-6)
    np.testing.assert_allclose(dW, z.T @ delta, rtol=1e-6)


def test_output_gradient_is_p_minus_y_for_softmax_with_categorical_crossentropy():
    z = np.array([[2.0, 1.0, 0.1], [-0.5, 0.5, 3.0]])
    y = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    general = softmax(z) * (-y / softmax(z) / 2 - np.sum(-y / 2, axis=1, keepdims=True))
    delta = backprop.output_gradient(y, z, "softmax", "categorical_crossentropy")
    np.testing.assert_allclose(delta, (softmax(z) - y) / 2)
    np.testing.assert_allclose(delta, general)
    np.testing.assert_allclose(backprop.output_gradient([0, 1], z, "softmax", "sparse_categorical_crossentropy"), delta)


def test_one_sgd_step_by_hand_equals_model_fit_on_one_batch():
    rng = np.random.default_rng(0)
    layers = network("relu", "sigmoid", [2, 3, 1], seed=1)
    layers = with_random_biases(layers, rng, scale=0.2)
    X = rng.normal(size=(8, 2)).astype(np.float32)
    y = rng.integers(0, 2, (8, 1)).astype(np.float32)
    model = keras_model(layers, dtype="float32")
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5), loss="binary_crossentropy")
    model.fit(X, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    run = backprop.forward(X, layers)
    stepped = backprop.sgd_step(layers, backprop.backward(run, layers, y, "binary_crossentropy"), 0.5)
    for dense, layer in zip(model.layers, stepped, strict=True):
        kernel, bias = dense.get_weights()
        np.testing.assert_allclose(kernel, layer.kernel, rtol=1e-5, atol=FLOAT32_ATOL)
        np.testing.assert_allclose(bias, layer.bias, rtol=1e-5, atol=FLOAT32_ATOL)
    # The step moved the weights: the comparison is not of two unchanged copies.
    assert not np.allclose(stepped[0].kernel, layers[0].kernel)


def test_sigmoid_gradients_vanish_with_depth_and_relu_ones_do_not():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(64, 16)), rng.integers(0, 2, (64, 1)).astype(float)
    sizes = [16] * 11 + [1]
    sigmoid_norms = backprop.gradient_norms(X, network("sigmoid", "sigmoid", sizes, 0), y, "binary_crossentropy")
    relu_layers = backprop.random_layers(sizes, "relu", "sigmoid", initializer="he_normal", seed=0)
    relu_norms = backprop.gradient_norms(X, relu_layers, y, "binary_crossentropy")
    assert sigmoid_norms[0] < sigmoid_norms[-2] / 100
    assert relu_norms[0] > relu_norms[-2] / 10


def test_bad_layers_and_labels_get_clear_errors():
    layers = network("relu", "sigmoid", [2, 3, 1], seed=0)
    with pytest.raises(ValueError, match=r"inputs must have shape \(n_samples, 2\)"):
        backprop.forward([[1.0, 2.0, 3.0]], layers)
    with pytest.raises(ValueError, match="expects 4 inputs but layer 0 has 3 units"):
        backprop.forward([[1.0, 2.0]], [layers[0], backprop.Layer(np.ones((4, 1)), np.zeros(1), "linear")])
    with pytest.raises(ValueError, match="softmax is supported on the last layer only"):
        backprop.forward([[1.0, 2.0]], [backprop.Layer(np.ones((2, 3)), np.zeros(3), "softmax"), layers[1]])
    with pytest.raises(ValueError, match="y_true must have the prediction's shape"):
        backprop.backward(backprop.forward([[1.0, 2.0]], layers), layers, [1.0, 0.0], "binary_crossentropy")
    with pytest.raises(ValueError, match="loss must be one of"):
        backprop.loss_value([[1.0]], [[0.5]], "hinge")
