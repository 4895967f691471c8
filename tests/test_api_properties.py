"""Property-based tests over the whole public API of ``workshop``.

Three promises, each checked on inputs that hypothesis generates:

1. **Finite in, finite out, equal to Keras.** Finite inputs within the
   documented limits give finite outputs, equal to Keras's wherever Keras has
   the same function (activations, losses, Dense, the optimizers, one-hot), or
   a ``ValueError`` naming the arguments when the true result is beyond float64.
2. **Bad input, clear error.** Replacing any one argument of any public
   function with a hostile value (text, None, objects, NaN, infinities, huge or
   negative counts, NumPy bool arrays, masked arrays, ...) either still gives a
   finite result or raises ``TypeError``/``ValueError`` whose message names
   that argument. :data:`VALID_CALLS` must cover every public callable.
3. **Nothing allocates past the limits.** Sizes beyond a limit are refused
   before anything is allocated (traced with :mod:`tracemalloc`); sizes at the
   limit stay within a small memory budget.
"""

from __future__ import annotations

import functools
import inspect
import math
import tracemalloc

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
import tensorflow as tf
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import workshop
from keras_reference import FLOAT32_ATOL, keras, to_numpy
from workshop import (
    activations,
    data,
    losses,
    models,
    neuron,
    optimizers,
    plotting,
    seeding,
    surfaces,
    units,
)
from workshop import (
    arrays as arrays_module,
)
from workshop._checks import (
    MAX_CLASSES,
    MAX_ELEMENTS,
    MAX_FEATURES,
    MAX_SAMPLES,
    MAX_STEPS,
    MAX_UNITS,
)

PUBLIC_MODULES = [activations, arrays_module, data, losses, models, neuron, optimizers, plotting, seeding, surfaces, units]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RTOL = 1e-5  # float32 agreement, as the per-module tests use


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# --- strategies --------------------------------------------------------------

any_finite = st.floats(allow_nan=False, allow_infinity=False)  # the whole float64 range
float32_values = st.floats(-1e4, 1e4, allow_nan=False, width=32)  # where float32 Keras is exact enough
small_shapes = array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=5)


def finite_arrays(elements=any_finite, shape=small_shapes):
    return arrays(np.float64, shape, elements=elements)


def assert_finite(result):
    """Every number in ``result`` (arrays, floats, tuples of them) is finite."""
    if isinstance(result, np.ndarray) and result.dtype.kind in "biuf":
        assert np.all(np.isfinite(result)), result
    elif isinstance(result, (float, np.floating)):
        assert math.isfinite(result), result
    elif isinstance(result, (tuple, list)):
        for item in result:
            assert_finite(item)


def finite_or_named_error(call, *names):
    """Call; a result must be finite, an error must be ValueError naming one of ``names``."""
    try:
        result = call()
    except ValueError as error:
        assert any(name in str(error) for name in names), f"{error!r} names none of {names}"
        return None
    assert_finite(result)
    return result


# --- 1. finite in, finite out, equal to Keras --------------------------------


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "linear"])
@FAST
@given(x=finite_arrays())
def test_elementwise_activations_and_derivatives_are_finite_on_all_of_float64(name, x):
    assert_finite(getattr(activations, name)(x))
    assert_finite(activations.derivative(name, x))


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "linear"])
@FAST
@given(x=arrays(np.float32, small_shapes, elements=st.floats(allow_nan=False, allow_infinity=False, width=32)))
def test_elementwise_activations_equal_keras_on_all_of_float32(name, x):
    np.testing.assert_allclose(getattr(activations, name)(x), to_numpy(getattr(keras.activations, name)(x)),
                               rtol=RTOL, atol=FLOAT32_ATOL)


@FAST
@given(z=finite_arrays(), data_=st.data())
def test_softmax_is_a_distribution_on_all_of_float64(z, data_):
    axis = data_.draw(st.integers(-z.ndim, z.ndim - 1), label="axis")
    p = activations.softmax(z, axis=axis)
    assert_finite(p)
    assert np.all(p >= 0)
    np.testing.assert_allclose(p.sum(axis=axis), 1.0, rtol=1e-12)


@FAST
@given(z=arrays(np.float32, st.tuples(st.integers(1, 4), st.integers(2, 6)), elements=float32_values))
def test_softmax_equals_keras(z):
    np.testing.assert_allclose(activations.softmax(z), to_numpy(keras.activations.softmax(z)), rtol=RTOL, atol=FLOAT32_ATOL)


def label_and_prediction_pairs(elements, min_classes=1):
    return st.integers(1, 4).flatmap(
        lambda n: st.integers(min_classes, 5).flatmap(
            lambda k: st.tuples(
                arrays(np.float32, (n, k), elements=st.sampled_from([0.0, 1.0])),
                arrays(np.float32, (n, k), elements=elements),
            )
        )
    )


probabilities = st.floats(0, 1, width=32)


@FAST
@given(pair=label_and_prediction_pairs(probabilities), from_logits=st.booleans())
def test_binary_crossentropy_equals_keras(pair, from_logits):
    y, p = pair
    if from_logits:
        p = (p - 0.5) * 40  # logits in [-20, 20]
    ours = losses.binary_crossentropy(y, p, from_logits=from_logits)
    theirs = to_numpy(keras.losses.binary_crossentropy(y, p, from_logits=from_logits))
    np.testing.assert_allclose(ours, theirs, rtol=RTOL, atol=1e-5)


@FAST
@given(pair=label_and_prediction_pairs(probabilities, min_classes=2), from_logits=st.booleans())
def test_categorical_and_sparse_crossentropy_equal_keras(pair, from_logits):
    one_hot_rows, p = pair
    assume(p.sum(axis=-1).min() > 1e-3 or from_logits)
    labels = np.argmax(np.random.default_rng(int(p.sum() * 1000)).random(p.shape), axis=-1)
    y = np.eye(p.shape[-1], dtype=np.float32)[labels]
    if from_logits:
        p = (p - 0.5) * 40
    for ours, theirs in [
        (losses.categorical_crossentropy(y, p, from_logits=from_logits),
         keras.losses.categorical_crossentropy(y, p, from_logits=from_logits)),
        (losses.sparse_categorical_crossentropy(labels, p, from_logits=from_logits),
         keras.losses.sparse_categorical_crossentropy(labels, p, from_logits=from_logits)),
    ]:
        np.testing.assert_allclose(ours, to_numpy(theirs), rtol=RTOL, atol=1e-5)
    del one_hot_rows


@FAST
@given(pair=label_and_prediction_pairs(float32_values))
def test_mean_squared_error_equals_keras(pair):
    y, p = pair
    y = y * 100.0
    np.testing.assert_allclose(losses.mean_squared_error(y, p), to_numpy(keras.losses.mean_squared_error(y, p)),
                               rtol=RTOL, atol=1e-4)


@FAST
@given(y=finite_arrays(shape=st.just((3, 2))), p=finite_arrays(shape=st.just((3, 2))))
def test_mean_squared_error_is_finite_or_refused_naming_both_arguments(y, p):
    finite_or_named_error(lambda: losses.mean_squared_error(y, p), "y_true and y_pred")


@FAST
@given(logits=finite_arrays(shape=st.just((2, 3))), labels=st.lists(st.integers(0, 2), min_size=2, max_size=2),
       from_logits=st.just(True))
def test_crossentropy_from_any_finite_logits_is_finite_or_refused_naming_y_pred(logits, labels, from_logits):
    y = np.eye(3)[labels]
    for call in (lambda: losses.categorical_crossentropy(y, logits, from_logits=from_logits),
                 lambda: losses.sparse_categorical_crossentropy(labels, logits, from_logits=from_logits),
                 lambda: losses.binary_crossentropy(np.round(y), logits, from_logits=from_logits)):
        result = finite_or_named_error(call, "y_pred")
        if result is not None:
            assert np.all(result >= 0)


@FAST
@given(data_=st.data(), n_inputs=st.integers(1, 4), units_=st.integers(1, 4),
       activation=st.sampled_from([None, "linear", "relu", "sigmoid", "tanh", "softmax"]))
def test_dense_equals_keras_dense(data_, n_inputs, units_, activation):
    assume(activation != "softmax" or units_ > 1)  # Keras warns that a softmax of one unit is always 1
    inputs = data_.draw(arrays(np.float32, (3, n_inputs), elements=st.floats(-10, 10, width=32)))
    kernel = data_.draw(arrays(np.float32, (n_inputs, units_), elements=st.floats(-10, 10, width=32)))
    bias = data_.draw(arrays(np.float32, (units_,), elements=st.floats(-10, 10, width=32)))
    layer = _keras_dense(n_inputs, units_, activation)
    layer.set_weights([kernel, bias])
    np.testing.assert_allclose(neuron.dense(inputs, kernel, bias, activation), to_numpy(layer(inputs)),
                               rtol=1e-4, atol=1e-4)


@functools.cache
def _keras_dense(n_inputs, units_, activation):
    layer = keras.layers.Dense(units_, activation=activation)
    layer.build((None, n_inputs))
    return layer


@FAST
@given(a=finite_arrays(shape=st.just((2, 3))), w=finite_arrays(shape=st.just((3,))), b=any_finite)
def test_weighted_sum_is_finite_or_refused_naming_the_arguments(a, w, b):
    finite_or_named_error(lambda: neuron.weighted_sum(a, w, b), "inputs times weights")
    finite_or_named_error(lambda: neuron.dense(a, w[:, None], [b]), "inputs times kernel")


OPTIMIZER_SETTINGS = {
    "SGD": st.fixed_dictionaries({"learning_rate": st.floats(0, 1), "momentum": st.floats(0, 0.99),
                                  "nesterov": st.booleans()}),
    "RMSprop": st.fixed_dictionaries({"learning_rate": st.floats(0, 1), "rho": st.floats(0.01, 0.99),
                                      "momentum": st.floats(0, 0.9), "epsilon": st.floats(1e-7, 1e-2),
                                      "centered": st.booleans()}),
    # Keras updates the moments as m + (g - m)(1 - beta) in float32, which cancels digits for a beta
    # near 0 (beta_2 = 1e-7 is 0.2 % off after four steps); the betas stay where float32 keeps them.
    "Adam": st.fixed_dictionaries({"learning_rate": st.floats(0, 1),
                                   "beta_1": st.one_of(st.just(0.0), st.floats(0.1, 0.99)),
                                   "beta_2": st.floats(0.1, 0.999), "epsilon": st.floats(1e-7, 1e-2)}),
}


@pytest.mark.parametrize("name", sorted(OPTIMIZER_SETTINGS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data_=st.data())
def test_optimizers_follow_keras_step_for_step(name, data_):
    kwargs = data_.draw(OPTIMIZER_SETTINGS[name], label="kwargs")
    start = data_.draw(arrays(np.float32, (3,), elements=st.floats(-10, 10, width=32)), label="start")
    gradients = data_.draw(arrays(np.float32, (4, 3), elements=st.floats(-10, 10, width=32)), label="gradients")
    ours, params = getattr(optimizers, name)(**kwargs), start.astype(np.float64)
    theirs, variable = getattr(keras.optimizers, name)(**kwargs), tf.Variable(start)
    for gradient in gradients:
        params = ours.step(params, gradient)
        theirs.apply_gradients([(tf.constant(gradient), variable)])
    np.testing.assert_allclose(params, variable.numpy(), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("name", sorted(OPTIMIZER_SETTINGS))
@FAST
@given(data_=st.data())
def test_optimizer_steps_are_finite_or_refused_naming_learning_rate_and_grads(name, data_):
    kwargs = data_.draw(OPTIMIZER_SETTINGS[name], label="kwargs")
    kwargs["learning_rate"] = data_.draw(st.floats(0, 1e308), label="learning_rate")
    opt = getattr(optimizers, name)(**kwargs)
    params = data_.draw(finite_arrays(shape=st.just((2,))), label="params")
    for _ in range(3):
        grads = data_.draw(finite_arrays(shape=st.just((2,))), label="grads")
        params = finite_or_named_error(functools.partial(opt.step, params, grads), "learning_rate", "grads")
        if params is None:
            break


@FAST
@given(labels=st.lists(st.integers(0, MAX_CLASSES - 1), min_size=1, max_size=20), extra=st.integers(1, 50))
def test_one_hot_equals_keras_to_categorical(labels, extra):
    n_classes = min(max(labels) + 1 + extra, MAX_CLASSES)
    np.testing.assert_array_equal(data.one_hot(labels, n_classes), keras.utils.to_categorical(labels, n_classes))


@pytest.mark.parametrize("generate", [data.make_moons, data.make_circles, data.make_xor, data.make_spirals, data.study_hours])
@FAST
@given(n_samples=st.integers(3, 500), noise=st.floats(0, 1_000), seed=st.integers(0, 2**32 - 1))
def test_generators_give_finite_float32_data_of_the_asked_size(generate, n_samples, noise, seed):
    X, y = generate(n_samples=n_samples, noise=noise, seed=seed)
    assert X.dtype == np.float32 and len(X) == len(y) == n_samples
    assert_finite(X)
    assert_finite(y)


@FAST
@given(X=finite_arrays(shape=st.tuples(st.integers(2, 30), st.integers(1, 3))), fraction=st.floats(0.01, 0.99),
       seed=st.integers(0, 2**32 - 1))
def test_split_partitions_the_rows(X, fraction, seed):
    y = np.arange(len(X))
    try:
        X_train, X_val, y_train, y_val = data.train_validation_split(X, y, fraction, seed)
    except ValueError as error:
        assert "validation_fraction" in str(error)
        return
    assert sorted([*y_train, *y_val]) == list(range(len(X)))
    np.testing.assert_array_equal(X_val, X[y_val])


@FAST
@given(X=finite_arrays(shape=st.tuples(st.integers(2, 20), st.integers(1, 3))))
def test_standardize_is_finite_centred_and_scaled_on_all_of_float64(X):
    (scaled,) = data.standardize(X)
    assert_finite(scaled)
    varying = ~np.all(X == X[0], axis=0)
    np.testing.assert_allclose(scaled.mean(axis=0), 0.0, atol=1e-5)
    np.testing.assert_allclose(scaled.std(axis=0)[varying], 1.0, rtol=1e-4)


@FAST
@given(n_inputs=st.integers(1, MAX_FEATURES), n_outputs=st.integers(1, MAX_UNITS))
def test_rule_of_thumb_is_the_exact_ceiling_of_the_geometric_mean(n_inputs, n_outputs):
    units_ = units.hidden_units_rule_of_thumb(n_inputs, n_outputs)
    assert (units_ - 1) ** 2 < n_inputs * n_outputs <= units_**2
    assert min(n_inputs, n_outputs) <= units_ <= max(n_inputs, n_outputs)


@pytest.mark.parametrize("name", sorted(surfaces.SURFACES))
@FAST
@given(learning_rate=st.floats(0, 10), steps=st.integers(0, 100),
       kind=st.sampled_from(["SGD", "RMSprop", "Adam"]))
def test_optimizer_paths_are_finite_or_report_divergence(name, learning_rate, steps, kind):
    path = finite_or_named_error(
        lambda: surfaces.optimizer_path(getattr(optimizers, kind)(learning_rate), name, steps=steps), "learning_rate"
    )
    if path is not None:
        assert path.shape == (steps + 1, 2)


# --- 2. bad input, clear error -----------------------------------------------


def _tiny_model():
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(2), keras.layers.Dense(1)])
    return model


_X2 = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
_Y2 = np.array([0, 1, 1, 0])
def _first_half(grid):  # a classifier for the plots
    return grid[:, 0] / 2


def _surface_call(x, y):
    return surfaces.SURFACES["bowl"](x, y)


def _surface_grad(point):
    return surfaces.SURFACES["bowl"].grad(point)


def _step(name):
    def step(params, grads):
        return getattr(optimizers, name)().step(params, grads)

    step.__name__ = f"{name}.step"
    return step


VALID_CALLS = {
    # name: (callable, keyword arguments of one valid, quick call)
    "activations.relu": (activations.relu, {"x": [1.0, -2.0]}),
    "activations.sigmoid": (activations.sigmoid, {"x": [1.0, -2.0]}),
    "activations.tanh": (activations.tanh, {"x": [1.0, -2.0]}),
    "activations.linear": (activations.linear, {"x": [1.0, -2.0]}),
    "activations.softmax": (activations.softmax, {"z": [[1.0, 2.0]], "axis": -1}),
    "activations.derivative": (activations.derivative, {"name": "tanh", "x": [0.5]}),
    "neuron.weighted_sum": (neuron.weighted_sum, {"inputs": [1.0, 2.0], "weights": [0.5, 0.5], "bias": 0.1}),
    "neuron.dense": (neuron.dense, {"inputs": [[1.0, 2.0]], "kernel": [[1.0], [2.0]], "bias": [0.0],
                                    "activation": "relu"}),
    "losses.binary_crossentropy": (losses.binary_crossentropy, {"y_true": [1.0, 0.0], "y_pred": [0.8, 0.1],
                                                                "from_logits": False}),
    "losses.categorical_crossentropy": (losses.categorical_crossentropy, {"y_true": [[0.0, 1.0]],
                                                                          "y_pred": [[0.3, 0.7]], "from_logits": False}),
    "losses.sparse_categorical_crossentropy": (losses.sparse_categorical_crossentropy,
                                               {"y_true": [1], "y_pred": [[0.3, 0.7]], "from_logits": False}),
    "losses.mean_squared_error": (losses.mean_squared_error, {"y_true": [1.0, 2.0], "y_pred": [1.5, 2.0]}),
    "optimizers.SGD": (optimizers.SGD, {"learning_rate": 0.1, "momentum": 0.5, "nesterov": True}),
    "optimizers.RMSprop": (optimizers.RMSprop, {"learning_rate": 0.1, "rho": 0.9, "momentum": 0.1, "epsilon": 1e-7,
                                                "centered": True}),
    "optimizers.Adam": (optimizers.Adam, {"learning_rate": 0.1, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7}),
    "optimizers.SGD.step": (_step("SGD"), {"params": [1.0, 2.0], "grads": [0.1, 0.2]}),
    "optimizers.RMSprop.step": (_step("RMSprop"), {"params": [1.0, 2.0], "grads": [0.1, 0.2]}),
    "optimizers.Adam.step": (_step("Adam"), {"params": [1.0, 2.0], "grads": [0.1, 0.2]}),
    "surfaces.Surface.__call__": (_surface_call, {"x": [0.5], "y": [1.0]}),
    "surfaces.Surface.grad": (_surface_grad, {"point": [0.5, 1.0]}),
    "surfaces.get_surface": (surfaces.get_surface, {"name": "valley"}),
    "surfaces.optimizer_path": (surfaces.optimizer_path, {"optimizer": optimizers.SGD(0.1), "surface": "bowl",
                                                          "start": [1.0, 1.0], "steps": 5}),
    "units.output_layer": (units.output_layer, {"task": "multiclass", "n_classes": 3, "one_hot": False}),
    "units.output_layer_table": (units.output_layer_table, {"max_classes": 5}),
    "units.input_units": (units.input_units, {"x": [[1.0, 2.0]]}),
    "units.hidden_units_rule_of_thumb": (units.hidden_units_rule_of_thumb, {"n_inputs": 8, "n_outputs": 2}),
    "models.build_model": (models.build_model, {"n_features": 2, "task": "binary", "n_classes": None,
                                                "hidden_units": (2,), "activation": "relu", "optimizer": "sgd",
                                                "learning_rate": 0.1, "one_hot": False}),
    "data.make_moons": (data.make_moons, {"n_samples": 10, "noise": 0.1, "seed": 1}),
    "data.make_circles": (data.make_circles, {"n_samples": 10, "noise": 0.1, "factor": 0.5, "seed": 1}),
    "data.make_xor": (data.make_xor, {"n_samples": 10, "noise": 0.1, "seed": 1}),
    "data.make_spirals": (data.make_spirals, {"n_samples": 10, "n_classes": 3, "noise": 0.1, "seed": 1}),
    "data.study_hours": (data.study_hours, {"n_samples": 10, "noise": 5.0, "seed": 1, "max_hours": 5.0}),
    "data.train_validation_split": (data.train_validation_split, {"X": _X2, "y": _Y2, "validation_fraction": 0.25,
                                                                  "seed": 0}),
    "data.standardize": (data.standardize, {"X_train": _X2}),
    "data.one_hot": (data.one_hot, {"labels": [0, 2], "n_classes": 3}),
    "plotting.plot_history": (plotting.plot_history, {"history": {"loss": [1.0, 0.5], "accuracy": [0.5, 0.8]},
                                                      "metric": "accuracy", "axes": None}),
    "plotting.plot_decision_boundary": (plotting.plot_decision_boundary, {"predict": _first_half, "X": _X2, "y": _Y2,
                                                                          "ax": None, "resolution": 10, "padding": 0.5}),
    "plotting.decision_boundary_grid": (plotting.decision_boundary_grid, {
        "classifiers": {"a": _first_half, "b": _first_half}, "X": _X2, "y": _Y2, "ncols": 2, "title": "t",
        "resolution": 10, "panel_size": (2.0, 2.0)}),
    "plotting.plot_activations": (plotting.plot_activations, {"names": ("relu",), "x": [0.0, 1.0],
                                                              "derivatives": True, "axes": None}),
    "plotting.plot_probability_bars": (plotting.plot_probability_bars, {"probabilities": [0.4, 0.6],
                                                                        "class_names": ["a", "b"], "ax": None,
                                                                        "highlight": 1}),
    "plotting.plot_confusion_matrix": (plotting.plot_confusion_matrix, {"y_true": [0, 1], "y_pred": [1, 1],
                                                                        "class_names": ["a", "b"], "ax": None}),
    "plotting.plot_optimizer_paths": (plotting.plot_optimizer_paths, {"surface": "bowl",
                                                                      "paths": {"SGD": [[1.0, 1.0], [0.5, 0.5]]},
                                                                      "ax": None, "levels": 5}),
    "plotting.plot_network": (plotting.plot_network, {"model": None, "ax": None, "max_neurons": 4}),
    "arrays.list_bytes": (arrays_module.list_bytes, {"values": [1.0, 2.0]}),
    "arrays.array_bytes": (arrays_module.array_bytes, {"array": np.zeros(3)}),
    "arrays.measure": (arrays_module.measure, {"size": 10, "operation": "sum_of_squares", "repeats": 1, "seed": 0}),
    "arrays.compare": (arrays_module.compare, {"sizes": (10,), "operation": "sum_of_squares", "repeats": 1,
                                               "seed": 0}),
    "seeding.seed_everything": (seeding.seed_everything, {"seed": 0}),
    "seeding.fit_batch_order": (seeding.fit_batch_order, {"n_samples": 4, "epochs": 2, "seed": 0}),
}
"""One valid call of every public callable with its arguments spelled out."""

NO_ARGUMENTS = {"data.load_digits", "data.load_breast_cancer", "data.load_diabetes", "plotting.use_style",
                "plotting.style"}
"""Public callables that take no argument: nothing to make hostile."""
RECORDS = {"surfaces.Surface", "units.OutputLayer", "arrays.Measurement"}
"""Plain records (a dataclass and NamedTuples): their methods are in VALID_CALLS, they check nothing themselves."""

HOSTILE = [
    "text", b"bytes", None, object(), {"a": 1}, [1.0, "a"], [[1.0], [1.0, 2.0]], [], float("nan"), float("inf"),
    -float("inf"), -1, 0, 10**12, 10**400, 1e300, -1e300, 2.5, True, np.array([True, False]),
    np.ma.array([1.0, 2.0], mask=[False, True]), 1 + 2j, np.array(["1", "2"]), ["relu"], (lambda: 1),
]
"""Values that a careless or hostile caller might pass for any argument."""


def test_valid_calls_cover_the_whole_public_api():
    public = set()
    for module in PUBLIC_MODULES:
        short = module.__name__.split(".")[-1]
        public |= {f"{short}.{name}" for name in module.__all__ if callable(getattr(module, name))}
    covered = {name.rsplit(".", 1)[0] if name.endswith((".step", ".__call__", ".grad")) else name for name in VALID_CALLS}
    assert public - covered - NO_ARGUMENTS - RECORDS == set()
    assert set(workshop.__all__) == {"seed_everything"}


@pytest.mark.parametrize("name", sorted(VALID_CALLS))
def test_each_valid_call_is_valid(name):
    function, kwargs = VALID_CALLS[name]
    assert_finite(function(**_materialise(name, kwargs)))


def _materialise(name, kwargs):
    kwargs = dict(kwargs)
    if name == "plotting.plot_network":
        kwargs["model"] = _tiny_model() if kwargs["model"] is None else kwargs["model"]
    if name == "surfaces.optimizer_path" and isinstance(kwargs["optimizer"], optimizers.SGD):
        kwargs["optimizer"] = optimizers.SGD(0.1)  # a fresh one each call: it keeps state
    return kwargs


def _argument_names(name, function):
    if name in ("surfaces.Surface.__call__", "surfaces.Surface.grad") or name.endswith(".step"):
        return list(VALID_CALLS[name][1])
    return list(inspect.signature(function).parameters)


CHEAP = sorted(name for name in VALID_CALLS if name not in ("models.build_model", "seeding.seed_everything", "seeding.fit_batch_order",
                                                              "arrays.measure", "arrays.compare"))
EXPENSIVE = sorted(set(VALID_CALLS) - set(CHEAP))


def check_hostile_argument(name, argument, value):
    function, kwargs = VALID_CALLS[name]
    kwargs = _materialise(name, kwargs)
    if argument not in kwargs:  # *others of standardize: nothing to replace
        return
    kwargs[argument] = value
    try:
        result = function(**kwargs)
    except (TypeError, ValueError) as error:
        # A refused call may leave a figure open (decision_boundary_grid draws its grid before a
        # panel refuses X): close it here, as a thousand examples share one test's fixture.
        plt.close("all")
        message = str(error)
        # The error names the argument (an element of it, "y_true and y_pred", "the number of classifiers", ...).
        assert argument in message, f"{name}({argument}={value!r}) raised {error!r}, which does not name {argument!r}"
        return
    assert_finite(result)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data_=st.data())
def test_any_one_hostile_argument_gives_a_finite_result_or_an_error_naming_it(data_):
    name = data_.draw(st.sampled_from(CHEAP), label="function")
    argument = data_.draw(st.sampled_from(_argument_names(name, VALID_CALLS[name][0])), label="argument")
    value = data_.draw(st.sampled_from(HOSTILE), label="value")
    check_hostile_argument(name, argument, value)


@pytest.mark.parametrize("name", EXPENSIVE)
@pytest.mark.parametrize("value", HOSTILE, ids=lambda value: type(value).__name__)
def test_hostile_arguments_of_the_slow_functions_are_refused_naming_them(name, value):
    # Each of these builds a model, seeds TensorFlow or times a loop when it succeeds: every
    # (argument, value) pair once, with no random search, keeps them quick.
    function, kwargs = VALID_CALLS[name]
    for argument in _argument_names(name, function):
        if argument == "sizes" and isinstance(value, int) and value == 0:
            continue
        check_hostile_argument(name, argument, value)


# --- 3. nothing allocates past the limits --------------------------------------


def peak_bytes(call):
    """Run ``call`` under tracemalloc; returns (peak bytes, the exception raised or None)."""
    tracemalloc.start()
    try:
        call()
        error = None
    except (TypeError, ValueError) as raised:
        error = raised
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak, error


OVER_THE_LIMIT = {
    "make_moons": lambda n: data.make_moons(n_samples=MAX_SAMPLES + n),
    "make_spirals classes": lambda n: data.make_spirals(n_samples=MAX_SAMPLES, n_classes=MAX_CLASSES + n),
    "one_hot classes": lambda n: data.one_hot([0], MAX_CLASSES + n),
    "one_hot elements": lambda n: data.one_hot(  # a read-only view: the caller's labels take no memory either
        np.broadcast_to(np.int64(0), (MAX_ELEMENTS // MAX_CLASSES + min(n, 10**15),)), MAX_CLASSES),
    "optimizer_path": lambda n: surfaces.optimizer_path(optimizers.SGD(0.1), "bowl", steps=MAX_STEPS + n),
    "build_model features": lambda n: models.build_model(MAX_FEATURES + n, "binary"),
    "build_model units": lambda n: models.build_model(2, "binary", hidden_units=(MAX_UNITS + n,)),
    "build_model weights": lambda n: models.build_model(MAX_FEATURES, "binary", hidden_units=(100 + n, 100)),
    "rule of thumb": lambda n: units.hidden_units_rule_of_thumb(MAX_FEATURES + n, MAX_UNITS + n),
    "measure": lambda n: arrays_module.measure(MAX_SAMPLES + n),
    "decision boundary": lambda n: plotting.plot_decision_boundary(_first_half, _X2, _Y2, resolution=1_000 + n),
}


@pytest.mark.parametrize("name", sorted(OVER_THE_LIMIT))
@settings(max_examples=10, deadline=None)
@given(excess=st.one_of(st.integers(1, 10), st.integers(10, 10**12), st.just(10**300)))
def test_sizes_past_a_limit_are_refused_before_allocating(name, excess):
    peak, error = peak_bytes(lambda: OVER_THE_LIMIT[name](excess))
    assert isinstance(error, ValueError) and ("must be <=" in str(error) or "weights" in str(error)), error
    assert peak < 1_000_000, f"{name} allocated {peak:,} bytes before refusing"


AT_THE_LIMIT = {
    # name: (call, most bytes it may allocate)
    "make_moons": (lambda: data.make_moons(n_samples=MAX_SAMPLES), 20_000_000),
    "make_spirals": (lambda: data.make_spirals(n_samples=MAX_SAMPLES, n_classes=MAX_CLASSES), 20_000_000),
    "one_hot": (lambda: data.one_hot(np.zeros(MAX_ELEMENTS // MAX_CLASSES, int), MAX_CLASSES), 4 * MAX_ELEMENTS + 1_000_000),
}


@pytest.mark.parametrize("name", sorted(AT_THE_LIMIT))
def test_calls_at_a_limit_stay_within_their_memory_budget(name):
    call, budget = AT_THE_LIMIT[name]
    peak, error = peak_bytes(call)
    assert error is None
    assert peak <= budget, f"{name} peaked at {peak:,} bytes, budget {budget:,}"
