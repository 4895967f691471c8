"""The checks behind every sentence on this site about how a library behaves.

Each ``check_<id>`` runs the library and fails (an assertion) when it no longer
behaves as the sentences marked ``{claim}`<id>``` say. The build runs them all
in one process (src/workshop_site/content/claims/) and lists them on docs/claims.md. A check
may return numbers that the pages quote (``{claim-value}`<id>.<key>```).
"""

import inspect
import math
import warnings

import keras
import numpy as np
import tensorflow as tf

from workshop.arrays import array_bytes, list_bytes
from workshop.seeding import fit_batch_order


def _loss(name, y_true, y_pred, **kwargs):
    """One sample's loss from Keras's loss function ``name``; ``y_pred`` is passed on as given (a tensor stays one)."""
    loss = keras.losses.get(name)(tf.constant(y_true, dtype="float32"), y_pred, **kwargs)
    return float(keras.ops.convert_to_numpy(loss).ravel()[0])


def _adam_steps(gradients, learning_rate=1.0, after_zeros=0):
    """Keras Adam's step sizes (in units of the learning rate) for a sequence of gradients of one weight.

    ``after_zeros`` zero gradients first: they leave both moving averages at 0
    and only advance the step count, so the count is set directly.
    """
    optimizer = keras.optimizers.Adam(learning_rate=learning_rate)
    weight = keras.Variable(np.zeros(1, dtype="float32"))
    optimizer.build([weight])
    optimizer.iterations.assign(after_zeros)
    steps = []
    for gradient in gradients:
        before = float(weight.numpy()[0])
        optimizer.apply_gradients([(np.array([gradient], dtype="float32"), weight)])
        steps.append(abs(float(weight.numpy()[0]) - before) / learning_rate)
    return np.array(steps)


# --- Optimizers ----------------------------------------------------------------


def check_adam_defaults():
    """Keras's Adam defaults to learning rate 0.001, beta_1 0.9, beta_2 0.999 and epsilon 1e-7."""
    adam = keras.optimizers.Adam()
    assert math.isclose(float(adam.learning_rate), 0.001, rel_tol=1e-6)
    assert (adam.beta_1, adam.beta_2, adam.epsilon) == (0.9, 0.999, 1e-7)


def check_adam_step_not_capped():
    """Kingma and Ba's eta (1 - beta_1) / sqrt(1 - beta_2) is not a cap: after zero gradients, gradients growing by
    0.999/0.9 per step make Keras's Adam step more than twice as far."""
    growth = 0.999 / 0.9
    steps = _adam_steps([1e-3 * growth**k for k in range(120)], after_zeros=10_000)
    paper = (1 - 0.9) / math.sqrt(1 - 0.999)
    assert steps.max() > 2 * paper, f"largest step {steps.max():.3f} eta, the paper's figure {paper:.3f} eta"
    return {"largest": steps.max(), "paper": paper}


def check_adam_steady_step():
    """Keras's Adam steps about eta for a gradient that is the same every step, whatever its size."""
    small, large = _adam_steps([1.0] * 20), _adam_steps([100.0] * 20)
    assert np.allclose(small, 1.0, atol=1e-3) and np.allclose(large, 1.0, atol=1e-3), (small, large)


def check_rmsprop_no_bias_correction():
    """Keras's RMSprop has no bias correction: its first step is eta / sqrt(1 - rho), 3.16 eta with rho = 0.9."""
    optimizer = keras.optimizers.RMSprop(learning_rate=1.0)
    weight = keras.Variable(np.zeros(1, dtype="float32"))
    optimizer.apply_gradients([(np.ones(1, dtype="float32"), weight)])
    step = abs(float(weight.numpy()[0]))
    assert optimizer.rho == 0.9 and math.isclose(step, 1 / math.sqrt(0.1), rel_tol=1e-4), step
    return {"first_step": step}


def check_sgd_step_is_rate_times_gradient():
    """Keras's plain SGD moves each weight by the learning rate times its gradient, so the learning rate scales the step
    and does not set its size."""
    optimizer = keras.optimizers.SGD(learning_rate=0.1)
    weight = keras.Variable(np.zeros(2, dtype="float32"))
    optimizer.apply_gradients([(np.array([1.0, 30.0], dtype="float32"), weight)])
    assert np.allclose(weight.numpy(), [-0.1, -3.0]), weight.numpy()


# --- Losses --------------------------------------------------------------------


def check_bce_clips_at_epsilon():
    """Keras's binary crossentropy clips a probability into [1e-7, 1 - 1e-7], so a true 1 predicted as 0 costs -log 1e-7."""
    assert keras.config.epsilon() == 1e-7
    worst = _loss("binary_crossentropy", [[1.0]], [[0.0]])
    assert math.isclose(worst, -math.log(1e-7), rel_tol=1e-5), worst
    return {"worst": worst}


def check_bce_evaluate_uses_logits():
    """A Dense(1, sigmoid) model that predicts exactly 0 for a true 1 (bias -200): evaluate reports 200, the loss of its
    logit, not the clipped -log 1e-7."""
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(loss="binary_crossentropy")
    model.set_weights([np.zeros((1, 1)), np.array([-200.0])])
    x, y = np.zeros((1, 1)), np.ones((1, 1))
    predicted = model.predict(x, verbose=0)
    reported = float(model.evaluate(x, y, verbose=0))
    from_probability = _loss("binary_crossentropy", y, predicted)
    assert float(predicted[0, 0]) == 0.0, predicted
    assert math.isclose(reported, 200.0, rel_tol=1e-4), reported
    assert math.isclose(from_probability, -math.log(1e-7), rel_tol=1e-5), from_probability
    return {"evaluate": reported, "from_probability": from_probability}


def check_loss_uses_activation_logits():
    """On TensorFlow, binary, categorical and sparse categorical crossentropy of a Keras sigmoid's or softmax's output use
    the logits it kept: no clip for a badly wrong logit."""
    assert keras.backend.backend() == "tensorflow"
    z = tf.constant([[-20.0]])
    via_layer = _loss("binary_crossentropy", [[1.0]], keras.activations.sigmoid(z))
    via_numbers = _loss("binary_crossentropy", [[1.0]], np.asarray(keras.activations.sigmoid(z)))  # the logits are lost
    assert math.isclose(via_layer, 20.0, rel_tol=1e-4), via_layer
    assert via_numbers < 16.2, via_numbers
    scores = tf.constant([[-30.0, 0.0]])  # class 0 is badly wrong: its true loss is about 30
    for name, label in [("categorical_crossentropy", [[1.0, 0.0]]), ("sparse_categorical_crossentropy", [[0.0]])]:
        loss = _loss(name, label, keras.activations.softmax(scores))
        assert math.isclose(loss, 30.0, rel_tol=1e-4), (name, loss)


def check_cce_divides_by_row_sum():
    """Keras's categorical crossentropy divides the scores by their row's sum before it clips them."""
    scores = np.array([[0.2, 0.2, 0.4]])  # rows that do not add up to 1
    loss = _loss("categorical_crossentropy", [[0.0, 0.0, 1.0]], scores)
    assert math.isclose(loss, -math.log(0.4 / 0.8), rel_tol=1e-5), loss
    # Raw scores summing to -0.5: divided, class 0 gets -4, which the clip then lifts to 1e-7.
    raw = _loss("categorical_crossentropy", [[1.0, 0.0, 0.0]], np.array([[2.0, -3.0, 0.5]]))
    assert math.isclose(raw, -math.log(1e-7), rel_tol=1e-5), raw
    one_unit = [_loss("categorical_crossentropy", [[label]], np.array([[0.3]])) for label in (0.0, 1.0)]
    assert max(abs(v) for v in one_unit) < 1e-6, one_unit  # one output divided by itself is 1


def check_from_logits_on_softmax_warns():
    """A softmax layer's output passed to a loss with from_logits=True gets a warning from Keras on TensorFlow."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        keras.losses.CategoricalCrossentropy(from_logits=True)(tf.constant([[0.0, 1.0]]),
                                                                keras.activations.softmax(tf.constant([[1.0, 2.0]])))
    assert any("from_logits=True" in str(w.message) for w in caught), [str(w.message) for w in caught]


def _fit_losses(loss, epochs=5):
    keras.utils.set_random_seed(0)
    x = np.linspace(-1, 1, 64)[:, None]
    y = 5 * x**2 + 3  # real-valued targets, as the playground's regression curve
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(8, activation="tanh"), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss=loss)
    return model.fit(x, y, epochs=epochs, verbose=0).history["loss"]


def check_crossentropy_on_regression_targets():
    """On real-valued targets Keras's binary crossentropy trains without an error, categorical crossentropy on one unit too
    (its loss stays near 0), and only the sparse one stops with an error."""
    binary = _fit_losses("binary_crossentropy")
    assert binary[-1] < binary[0], binary
    categorical = _fit_losses("categorical_crossentropy")
    assert max(categorical) < 1e-4, categorical
    try:
        _fit_losses("sparse_categorical_crossentropy", epochs=1)
    except Exception as error:  # TensorFlow's InvalidArgumentError: a label outside [0, 1)
        assert "label" in str(error).lower(), error
    else:
        raise AssertionError("sparse categorical crossentropy trained on real-valued targets")
    return {"binary_first": binary[0], "binary_last": binary[-1]}


def check_label_format_mismatch_fails():
    """Integer labels with categorical crossentropy, and one-hot labels with sparse categorical crossentropy, fail with a shape error."""
    x, integers = np.zeros((8, 4)), np.arange(8) % 5
    for loss, labels in [("categorical_crossentropy", integers), ("sparse_categorical_crossentropy", np.eye(5)[integers])]:
        model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(5, activation="softmax")])
        model.compile(optimizer="adam", loss=loss)
        try:
            model.fit(x, labels, epochs=1, verbose=0)
        except (ValueError, tf.errors.InvalidArgumentError) as error:
            assert "shape" in str(error).lower(), error
        else:
            raise AssertionError(f"{loss} trained on labels of shape {labels.shape}")


# --- fit, validation, early stopping, seeds ---------------------------------


def check_fit_shuffle_default():
    """Model.fit shuffles by default (shuffle=True)."""
    assert inspect.signature(keras.Model.fit).parameters["shuffle"].default is True


def check_seeded_fit_repeats_its_order():
    """After keras.utils.set_random_seed, fit(shuffle=True) visits the rows in one permutation, the same in every epoch."""
    order = fit_batch_order(n_samples=12, epochs=3, seed=0)
    assert len(order) == 3 and order[0] != sorted(order[0]), order
    assert order[0] == order[1] == order[2], order
    assert fit_batch_order(n_samples=12, epochs=1, seed=0)[0] == order[0]
    assert fit_batch_order(n_samples=12, epochs=1, seed=1)[0] != order[0]


def check_validation_split_takes_last_rows():
    """fit(validation_split=0.2) validates on the last 20 % of the rows, as given, before any shuffling."""
    seen = []

    class Recorder(keras.Sequential):
        def test_step(self, data):
            seen.extend(np.asarray(data[0])[:, 0].astype(int).tolist())
            return super().test_step(data)

    model = Recorder([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", run_eagerly=True)
    model.fit(np.arange(10, dtype="float32")[:, None], np.zeros(10), validation_split=0.2, epochs=1, verbose=0)
    assert sorted(seen) == [8, 9], seen


def check_early_stopping_defaults():
    """EarlyStopping watches val_loss, with patience 0, and keeps the last epoch's weights unless restore_best_weights=True."""
    stop = keras.callbacks.EarlyStopping()
    assert (stop.monitor, stop.patience, stop.restore_best_weights) == ("val_loss", 0, False)


def check_op_determinism_repeats_training():
    """With the seed set and op determinism on, training the same model twice in one process gives the same weights, bit for bit."""
    tf.config.experimental.enable_op_determinism()
    x = np.random.default_rng(0).normal(size=(64, 3)).astype("float32")
    y = (x.sum(axis=1) > 0).astype("float32")
    weights = []
    for _ in range(2):
        keras.utils.set_random_seed(0)
        model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4, activation="relu"),
                                  keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(x, y, epochs=3, batch_size=16, verbose=0)
        weights.append(model.get_weights())
    assert all(np.array_equal(a, b) for a, b in zip(*weights, strict=True))


# --- Layers and activations ------------------------------------------------------


def check_dense_initial_weights():
    """A Dense layer starts from Glorot-uniform kernel weights, of both signs and within sqrt(6 / (n_in + n_out)), and zero biases."""
    layer = keras.layers.Dense(16)
    layer.build((None, 2))
    assert isinstance(layer.kernel_initializer, keras.initializers.GlorotUniform)
    kernel, bias = (w.numpy() for w in layer.weights)
    assert kernel.min() < 0 < kernel.max() and np.abs(kernel).max() <= math.sqrt(6 / (2 + 16)) and not bias.any()


def check_dense_defaults():
    """Dense(units) without arguments has the linear activation f(x) = x and a bias (use_bias=True)."""
    layer = keras.layers.Dense(3)
    assert layer.activation is keras.activations.linear and layer.use_bias is True
    x = np.array([[-5.0, 0.5, 40.0]], dtype="float32")
    assert np.array_equal(keras.ops.convert_to_numpy(layer.activation(x)), x)


def check_keras_float32_default():
    """Keras computes in float32 by default: a layer's weights and outputs are float32."""
    layer = keras.layers.Dense(2)
    assert keras.config.floatx() == "float32" and layer(np.zeros((1, 3))).dtype == "float32"
    assert all(w.dtype == "float32" for w in layer.weights)


def check_dead_relu_layer_still_passes_gradient_to_output_bias():
    """When every unit of a ReLU layer outputs 0, its own weights get zero gradients, but the output layer's bias still gets one."""
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(4, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    kernel, _, out_kernel, out_bias = model.get_weights()
    model.set_weights([kernel, np.full(4, -100.0, dtype="float32"), out_kernel, out_bias])
    x = np.random.default_rng(0).normal(size=(32, 2)).astype("float32")
    y = (x[:, :1] > 0).astype("float32")
    with tf.GradientTape() as tape:
        loss = keras.losses.binary_crossentropy(y, model(x))
    gradients = [g.numpy() for g in tape.gradient(loss, model.trainable_variables)]
    assert not gradients[0].any() and not gradients[1].any() and not gradients[2].any()
    assert abs(gradients[3]).max() > 0, gradients[3]


def check_sigmoid_derivative_at_most_quarter():
    """The derivative of Keras's sigmoid is at most 0.25 (at 0), so each sigmoid layer passes back at most a quarter of the
    gradient, times its weights."""
    x = tf.constant(np.linspace(-10, 10, 2001, dtype="float32"))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = keras.activations.sigmoid(x)
    slope = tape.gradient(y, x).numpy()
    assert slope.max() <= 0.25 + 1e-7 and math.isclose(float(slope[1000]), 0.25, rel_tol=1e-6)


# --- NumPy ------------------------------------------------------------------------


def check_array_memory_smaller_from():
    """A NumPy array of float64 takes more memory than a list of the same floats for one number, and less from a handful (at most 8) on."""
    sizes = range(1, 33)
    # tolist() builds the list at its exact size, as workshop.arrays.measure does (appending over-allocates).
    smaller = [n for n in sizes if array_bytes(np.arange(n, dtype=float)) < list_bytes(np.arange(n, dtype=float).tolist())]
    first = min(smaller)
    assert 1 < first <= 8 and smaller == list(range(first, 33)), smaller
    return {"from": first, "list_1": list_bytes([0.0]), "array_1": array_bytes(np.zeros(1))}


# --- fit, continued ------------------------------------------------------------------


def check_validation_data_wins():
    """When fit gets both validation_data and validation_split, it validates on validation_data."""
    seen = []

    class Recorder(keras.Sequential):
        def test_step(self, data):
            seen.extend(np.asarray(data[0])[:, 0].astype(int).tolist())
            return super().test_step(data)

    model = Recorder([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", run_eagerly=True)
    given = (np.array([[100.0], [101.0]], dtype="float32"), np.zeros(2))
    model.fit(np.arange(10, dtype="float32")[:, None], np.zeros(10), validation_data=given,
              validation_split=0.2, epochs=1, verbose=0)
    assert sorted(seen) == [100, 101], seen


def check_validation_freq():
    """fit validates after every epoch by default, and with validation_freq=5 every fifth epoch only."""
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x = np.arange(10, dtype="float32")[:, None]
    history = model.fit(x, np.zeros(10), validation_split=0.2, validation_freq=5, epochs=10, verbose=0)
    assert len(history.history["loss"]) == 10 and len(history.history["val_loss"]) == 2, history.history
    every_epoch = model.fit(x, np.zeros(10), validation_split=0.2, epochs=3, verbose=0)  # the default: 1
    assert len(every_epoch.history["val_loss"]) == 3, every_epoch.history


def check_set_random_seed_seeds_all_three():
    """keras.utils.set_random_seed seeds Python's random, NumPy's global generator and TensorFlow's in one call."""
    import random

    draws = []
    for _ in range(2):
        keras.utils.set_random_seed(7)
        draws.append((random.random(), float(np.random.rand()), float(tf.random.uniform(()))))
    assert draws[0] == draws[1], draws


def check_unseeded_fit_reshuffles_each_epoch():
    """Without any seed, fit(shuffle=True) in a fresh Python process visits the rows in a new order each epoch."""
    import subprocess
    import sys

    program = "from workshop.seeding import fit_batch_order; print(fit_batch_order(n_samples=12, epochs=3, seed=None))"
    output = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=300).stdout
    orders = eval(output.strip().splitlines()[-1])  # a list of lists printed by our own program
    assert len(orders) == 3 and len({tuple(o) for o in orders}) > 1, orders


def check_fit_batch_size_default():
    """fit without batch_size cuts the data into batches of 32."""
    sizes = []

    class Recorder(keras.Sequential):
        def train_step(self, data):
            sizes.append(int(np.asarray(data[0]).shape[0]))
            return super().train_step(data)

    model = Recorder([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", run_eagerly=True)
    model.fit(np.zeros((100, 1), dtype="float32"), np.zeros(100), epochs=1, verbose=0)
    assert sizes == [32, 32, 32, 4], sizes


def check_optimizer_default_learning_rates():
    """Keras's default learning rates: 0.01 for SGD, 0.001 for RMSprop and Adam, also when named by a string."""
    for name, rate in [("sgd", 0.01), ("rmsprop", 0.001), ("adam", 0.001)]:
        assert math.isclose(float(keras.optimizers.get(name).learning_rate), rate, rel_tol=1e-6), name


def check_optimizer_state_in_variable_dtype():
    """A Keras optimizer keeps its moving averages in the dtype of the variable it updates, and its learning rate as a float32 variable."""
    weight = keras.Variable(np.zeros(2), dtype="float64")
    optimizer = keras.optimizers.Adam(learning_rate=0.1)
    optimizer.apply_gradients([(np.ones(2), weight)])
    states = [v for v in optimizer.variables if v.shape == (2,)]
    assert len(states) == 2 and all(v.dtype == "float64" for v in states), [v.dtype for v in states]
    assert optimizer.learning_rate.dtype == "float32"


def check_evaluate_changes_no_weight():
    """evaluate measures the loss and metrics and changes no weight."""
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    before = model.get_weights()
    model.evaluate(np.random.default_rng(0).normal(size=(16, 3)), np.arange(16) % 2, verbose=0)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights(), strict=True))


# --- workshop does what Keras does ------------------------------------------------


def check_workshop_activations_match_keras():
    """workshop.activations gives the values of keras.activations, to float32 precision."""
    from workshop import activations

    x = np.linspace(-12, 12, 240, dtype="float32").reshape(-1, 5)
    for name in ("relu", "sigmoid", "tanh", "linear", "softmax"):
        ours = getattr(activations, name)(x)
        theirs = keras.ops.convert_to_numpy(getattr(keras.activations, name)(x))
        assert np.allclose(ours, theirs, rtol=1e-6, atol=1e-7), name


def check_workshop_losses_match_keras():
    """workshop.losses gives keras.losses' values and shapes, clipped probabilities included, to float32 precision."""
    from workshop import losses

    rng = np.random.default_rng(0)
    logits = rng.normal(size=(6, 4)).astype("float32")
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    probabilities[0] = [1.0, 0.0, 0.0, 0.0]  # exactly 0 and 1: the clip decides
    labels = rng.integers(0, 4, size=6)
    one_hot = np.eye(4, dtype="float32")[labels]
    binary = rng.integers(0, 2, size=(6, 1)).astype("float32")
    cases = [
        ("binary_crossentropy", binary, probabilities[:, :1], {}),
        ("binary_crossentropy", binary, logits[:, :1], {"from_logits": True}),
        ("categorical_crossentropy", one_hot, probabilities, {}),
        ("categorical_crossentropy", one_hot, logits, {"from_logits": True}),
        ("sparse_categorical_crossentropy", labels, probabilities, {}),
        ("sparse_categorical_crossentropy", labels, logits, {"from_logits": True}),
        ("mean_squared_error", binary, logits[:, :1], {}),
    ]
    for name, y_true, y_pred, options in cases:
        ours = getattr(losses, name)(y_true, y_pred, **options)
        theirs = keras.ops.convert_to_numpy(getattr(keras.losses, name)(y_true, y_pred, **options))
        assert ours.shape == theirs.shape and np.allclose(ours, theirs, rtol=1e-5, atol=1e-6), (name, options, ours, theirs)


def check_workshop_optimizers_match_keras():
    """workshop.optimizers' SGD (with momentum and Nesterov), RMSprop and Adam follow Keras's optimizers step for step."""
    from workshop import optimizers

    gradients = np.random.default_rng(0).normal(size=(30, 3))
    pairs = [
        (optimizers.SGD(0.1), keras.optimizers.SGD(0.1)),
        (optimizers.SGD(0.1, momentum=0.9, nesterov=True), keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True)),
        (optimizers.RMSprop(0.01), keras.optimizers.RMSprop(0.01)),
        (optimizers.Adam(0.01), keras.optimizers.Adam(0.01)),
    ]
    for ours, theirs in pairs:
        theta, weight = np.zeros(3), keras.Variable(np.zeros(3), dtype="float64")
        for gradient in gradients:
            theta = ours.step(theta, gradient)
            theirs.apply_gradients([(gradient, weight)])
        assert np.allclose(theta, weight.numpy(), rtol=1e-5, atol=1e-7), (type(ours).__name__, theta, weight.numpy())


def check_bce_on_softmax_uses_logits():
    """On TensorFlow, binary crossentropy of a Keras softmax's output takes the logits under the softmax, each through its own sigmoid."""
    logits = tf.constant([[1.5, -0.5, 0.2]])
    labels = tf.constant([[1.0, 0.0, 0.0]])
    via_softmax = float(keras.losses.binary_crossentropy(labels, keras.activations.softmax(logits))[0])
    via_sigmoids = float(keras.losses.binary_crossentropy(labels, logits, from_logits=True)[0])
    assert math.isclose(via_softmax, via_sigmoids, rel_tol=1e-6), (via_softmax, via_sigmoids)


def check_history_loss_averages_batches_before_steps():
    """fit's history reports an epoch's training loss as the mean of its batches' losses, each computed before that batch's step."""
    x = np.array([[1.0], [2.0], [3.0], [4.0]], dtype="float32")
    y = np.array([[2.0], [1.0], [5.0], [3.0]], dtype="float32")
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    model.set_weights([np.array([[0.5]]), np.array([0.1])])
    w, b, rate, losses = 0.5, 0.1, 0.01, []
    for batch in (slice(0, 2), slice(2, 4)):  # the same two batches, in NumPy
        error = w * x[batch] + b - y[batch]
        losses.append(float(np.mean(error**2)))
        w, b = w - rate * float(np.mean(2 * error * x[batch])), b - rate * float(np.mean(2 * error))
    model.compile(optimizer=keras.optimizers.SGD(rate), loss="mse")
    reported = model.fit(x, y, batch_size=2, epochs=1, shuffle=False, verbose=0).history["loss"][0]
    assert math.isclose(reported, np.mean(losses), rel_tol=1e-5), (reported, losses)


def check_relu_slope_at_zero():
    """TensorFlow's gradient of Keras's ReLU is 0 at exactly x = 0 (1 above, 0 below)."""
    x = tf.constant([-1.0, 0.0, 1.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = keras.activations.relu(x)
    assert tape.gradient(y, x).numpy().tolist() == [0.0, 0.0, 1.0]


def check_fit_before_compile_fails():
    """fit on a model that was never compiled raises an error."""
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
    try:
        model.fit(np.zeros((4, 2)), np.zeros(4), verbose=0)
    except (RuntimeError, ValueError) as error:
        assert "compile" in str(error), error
    else:
        raise AssertionError("fit ran on a model that was never compiled")


def check_validation_split_count():
    """fit(validation_split=0.2) on 150 rows validates on the 30 rows after the cut at floor(150 * 0.8)."""
    seen = []

    class Recorder(keras.Sequential):
        def test_step(self, data):
            seen.extend(np.asarray(data[0])[:, 0].astype(int).tolist())
            return super().test_step(data)

    model = Recorder([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", run_eagerly=True)
    model.fit(np.arange(150, dtype="float32")[:, None], np.zeros(150), validation_split=0.2, epochs=1, verbose=0)
    assert sorted(seen) == list(range(math.floor(150 * 0.8), 150)), seen
    return {"rows": len(seen)}


def check_count_params_formula():
    """A Sequential model's count_params() is the sum over its Dense layers of inputs x units weights plus one bias per unit."""
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    assert model.count_params() == (4 * 8 + 8) + (8 * 3 + 3)
    return {"params": model.count_params()}


def check_history_one_list_per_quantity():
    """fit returns a History whose .history dict holds one list per quantity (loss, the metrics, and their val_ twins), one
    value per epoch."""
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    x = np.random.default_rng(0).normal(size=(20, 2))
    history = model.fit(x, (x[:, 0] > 0).astype("float32"), validation_split=0.2, epochs=3, verbose=0)
    assert isinstance(history, keras.callbacks.History)
    assert sorted(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"], sorted(history.history)
    assert all(len(values) == 3 for values in history.history.values())


# --- Matplotlib -----------------------------------------------------------------


def check_matplotlib_sharey():
    """plt.subplots(..., sharey=True) gives every panel the same y-axis limits, whatever each panel draws."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, sharey=True)
    left.plot([0, 1], [0, 1])
    right.plot([0, 1], [0, 100])
    fig.canvas.draw()
    assert left.get_ylim() == right.get_ylim() and right.get_ylim()[1] >= 100, (left.get_ylim(), right.get_ylim())
    plt.close(fig)
