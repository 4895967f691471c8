import time

import pytest

from keras_reference import keras
from workshop import seed_everything
from workshop.data import make_moons, train_validation_split
from workshop.models import build_model


@pytest.mark.parametrize(
    ("task", "n_classes", "units", "activation", "loss"),
    [
        ("binary", None, 1, "sigmoid", "binary_crossentropy"),
        ("multiclass", 4, 4, "softmax", "sparse_categorical_crossentropy"),
        ("regression", None, 1, "linear", "mean_squared_error"),
    ],
)
def test_build_model_head_and_loss_follow_the_task(task, n_classes, units, activation, loss):
    model = build_model(3, task, n_classes=n_classes, hidden_units=(8, 4))
    head = model.layers[-1]
    assert head.units == units
    assert head.activation.__name__ == activation
    assert model.loss == loss
    assert [layer.units for layer in model.layers] == [8, 4, units]
    assert model.input_shape == (None, 3)
    # Parameters: (3*8 + 8) + (8*4 + 4) + (4*units + units)
    assert model.count_params() == 32 + 36 + 5 * units


def test_build_model_uses_the_named_optimizer_and_learning_rate():
    model = build_model(2, "binary", optimizer="sgd", learning_rate=0.5)
    assert isinstance(model.optimizer, keras.optimizers.SGD)
    assert float(model.optimizer.learning_rate) == pytest.approx(0.5)


def test_build_model_with_no_hidden_layer_is_logistic_regression():
    model = build_model(5, "binary", hidden_units=())
    assert len(model.layers) == 1 and model.count_params() == 6


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_features": 0, "task": "binary"}, ValueError, "n_features must be >= 1"),
        ({"n_features": 2, "task": "ranking"}, ValueError, "task must be one of"),
        ({"n_features": 2, "task": "multiclass"}, ValueError, "n_classes is required"),
        ({"n_features": 2, "task": "binary", "hidden_units": 16}, TypeError, "hidden_units must be a sequence"),
        ({"n_features": 2, "task": "binary", "activation": "swish"}, ValueError, "activation must be one of"),
        ({"n_features": 2, "task": "binary", "optimizer": "adagrad"}, ValueError, "optimizer must be one of"),
        ({"n_features": 2, "task": "binary", "learning_rate": -1.0}, ValueError, "learning_rate must be a finite number > 0"),
    ],
)
def test_bad_arguments_are_refused(kwargs, error, message):
    with pytest.raises(error, match=message):
        build_model(**kwargs)


@pytest.mark.slow
def test_small_network_reaches_95_percent_validation_accuracy_on_two_moons(capsys):
    seed_everything(0)
    X_train, X_val, y_train, y_val = train_validation_split(*make_moons(400, noise=0.2, seed=0), seed=0)
    model = build_model(2, "binary", hidden_units=(16, 16), learning_rate=0.03)
    start = time.perf_counter()
    model.fit(X_train, y_train, epochs=60, batch_size=64, verbose=0)
    seconds = time.perf_counter() - start
    _, accuracy = model.evaluate(X_val, y_val, verbose=0)
    with capsys.disabled():
        print(f"\nmoons: validation accuracy {accuracy:.3f} after {seconds:.1f} s of training")
    assert accuracy >= 0.95


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_features": 10**9, "task": "binary"}, ValueError, "n_features must be <= 100,000"),
        ({"n_features": 2, "task": "binary", "hidden_units": None}, TypeError, "hidden_units must be a sequence"),
        ({"n_features": 2, "task": "binary", "hidden_units": "16"}, TypeError, "hidden_units must be a sequence"),
        ({"n_features": 2, "task": "binary", "hidden_units": (16, 10**6)}, ValueError, r"hidden_units\[1\] must be <= 10,000"),
        ({"n_features": 2, "task": "binary", "hidden_units": (16.0,)}, TypeError, r"hidden_units\[0\] must be a whole number"),
        ({"n_features": 2, "task": "binary", "hidden_units": [1] * 101}, ValueError, "at most 100 layers"),
        ({"n_features": 100_000, "task": "binary", "hidden_units": (1000,)}, ValueError, "would have 100,002,001 weights"),
        ({"n_features": 2, "task": "binary", "activation": ["relu"]}, TypeError, r"activation must be one of .* \(a string\)"),
        ({"n_features": 2, "task": "multiclass", "n_classes": 10**6}, ValueError, "n_classes must be <= 1,000"),
        ({"n_features": 2, "task": "multiclass", "n_classes": 3, "one_hot": "yes"}, TypeError, "one_hot must be True or False"),
        ({"n_features": 2, "task": "binary", "optimizer": 3}, TypeError, "optimizer must be one of"),
    ],
)
def test_absurd_sizes_and_bad_types_are_refused_before_tensorflow_builds_anything(kwargs, error, message):
    start = time.perf_counter()
    with pytest.raises(error, match=message):
        build_model(**kwargs)
    assert time.perf_counter() - start < 1.0
