"""Build a compiled Keras model whose head fits the task."""

from __future__ import annotations

from workshop._checks import (
    MAX_FEATURES,
    MAX_LAYERS,
    MAX_PARAMETERS,
    MAX_UNITS,
    check_choice,
    check_count,
    check_positive_number,
)
from workshop.units import output_layer

__all__ = ["build_model"]

_OPTIMIZERS = ("adam", "sgd", "rmsprop")
_ACTIVATIONS = ("relu", "sigmoid", "tanh", "linear")
_METRICS = {"binary": ["accuracy"], "multiclass": ["accuracy"], "regression": ["mae"]}


def build_model(
    n_features,
    task,
    n_classes=None,
    hidden_units=(16,),
    activation="relu",
    optimizer="adam",
    learning_rate=None,
    one_hot=False,
):
    """A compiled :class:`keras.Sequential`: Input -> Dense hidden layers -> task head.

    The head and the loss come from :func:`workshop.units.output_layer`, so a
    binary model ends in one sigmoid unit with binary crossentropy, a
    multiclass model in ``n_classes`` softmax units with (sparse) categorical
    crossentropy, a regression model in one linear unit with mean squared error.

    Every argument is checked before TensorFlow is imported. Sizes are capped
    for a teaching package: at most 100,000 features (a 32 x 32 colour image
    has 3,072), 100 hidden layers of at most 10,000 units, 1,000 classes and
    10 million weights in all (40 MB of float32), so a typo such as
    ``10**9`` fails at once with a clear message instead of deep in TensorFlow.

    Parameters
    ----------
    n_features : int
        Features per sample (the ``keras.Input`` shape).
    task : {"binary", "multiclass", "regression"}
    n_classes : int, optional
        Required for ``"multiclass"``.
    hidden_units : sequence of int
        Units of each hidden Dense layer, e.g. ``(16,)`` or ``(32, 16)``; ``()`` for none.
        At most 100 layers of 1 to 10,000 units.
    activation : str
        Activation of the hidden layers.
    optimizer : {"adam", "sgd", "rmsprop"} or keras.optimizers.Optimizer
    learning_rate : float, optional
        For a named optimizer; Keras's default when omitted.
    one_hot : bool
        For ``"multiclass"``: labels are one-hot (categorical crossentropy).

    Returns
    -------
    keras.Sequential
        Compiled with the task's loss and metrics (accuracy, or MAE for regression).
    """
    n_features = check_count(n_features, "n_features", maximum=MAX_FEATURES)
    head = output_layer(task, n_classes, one_hot=one_hot)
    hidden_units = _hidden_units(hidden_units)
    activation = check_choice(activation, "activation", _ACTIVATIONS)
    sizes = [n_features, *hidden_units, head.units]
    n_weights = sum((n_in + 1) * n_out for n_in, n_out in zip(sizes, sizes[1:]))
    if n_weights > MAX_PARAMETERS:
        raise ValueError(
            f"the model would have {n_weights:,} weights, more than {MAX_PARAMETERS:,} "
            "(workshop's limit that keeps one call small): lower n_features or hidden_units"
        )
    if not isinstance(optimizer, str) and learning_rate is not None:
        raise ValueError("learning_rate goes with a named optimizer; set it on the optimizer instance instead")
    if isinstance(optimizer, str):
        check_choice(optimizer, "optimizer", _OPTIMIZERS)
    if learning_rate is not None:
        learning_rate = check_positive_number(learning_rate, "learning_rate")

    import keras

    model = keras.Sequential(name=f"{task}_model")
    model.add(keras.Input(shape=(n_features,)))
    for units in hidden_units:
        model.add(keras.layers.Dense(units, activation=activation))
    model.add(keras.layers.Dense(head.units, activation=head.activation))
    model.compile(optimizer=_optimizer(optimizer, learning_rate), loss=head.loss, metrics=_METRICS[task])
    return model


def _hidden_units(hidden_units) -> list[int]:
    if isinstance(hidden_units, (str, bytes, dict)) or not hasattr(hidden_units, "__iter__"):
        raise TypeError(f"hidden_units must be a sequence of whole numbers such as (16,), got {hidden_units!r}")
    units = list(hidden_units)
    if len(units) > MAX_LAYERS:
        raise ValueError(f"hidden_units must list at most {MAX_LAYERS} layers, got {len(units)}")
    return [check_count(n, f"hidden_units[{i}]", maximum=MAX_UNITS) for i, n in enumerate(units)]


def _optimizer(optimizer, learning_rate):
    import keras

    if isinstance(optimizer, keras.optimizers.Optimizer):
        return optimizer
    if not isinstance(optimizer, str):
        raise TypeError(f"optimizer must be one of {list(_OPTIMIZERS)} or a keras optimizer, got {optimizer!r}")
    kwargs = {} if learning_rate is None else {"learning_rate": learning_rate}
    return keras.optimizers.get({"class_name": optimizer, "config": kwargs})
