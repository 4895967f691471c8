"""Build a compiled Keras model whose head fits the task."""

from __future__ import annotations

from workshop._checks import check_count, check_positive_number
from workshop.units import output_layer

__all__ = ["build_model"]

_OPTIMIZERS = ("adam", "sgd", "rmsprop")
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

    Parameters
    ----------
    n_features : int
        Features per sample (the ``keras.Input`` shape).
    task : {"binary", "multiclass", "regression"}
    n_classes : int, optional
        Required for ``"multiclass"``.
    hidden_units : sequence of int
        Units of each hidden Dense layer, e.g. ``(16,)`` or ``(32, 16)``; ``()`` for none.
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
    import keras

    n_features = check_count(n_features, "n_features")
    head = output_layer(task, n_classes, one_hot=one_hot)
    if isinstance(hidden_units, (int, str)):
        raise TypeError(f"hidden_units must be a sequence of whole numbers such as (16,), got {hidden_units!r}")
    hidden_units = [check_count(units, "hidden_units[i]") for units in hidden_units]
    if activation not in ("relu", "sigmoid", "tanh", "linear"):
        raise ValueError(f"activation must be one of ['linear', 'relu', 'sigmoid', 'tanh'], got {activation!r}")

    model = keras.Sequential(name=f"{task}_model")
    model.add(keras.Input(shape=(n_features,)))
    for units in hidden_units:
        model.add(keras.layers.Dense(units, activation=activation))
    model.add(keras.layers.Dense(head.units, activation=head.activation))
    model.compile(optimizer=_optimizer(optimizer, learning_rate), loss=head.loss, metrics=_METRICS[task])
    return model


def _optimizer(optimizer, learning_rate):
    import keras

    if isinstance(optimizer, keras.optimizers.Optimizer):
        if learning_rate is not None:
            raise ValueError("learning_rate goes with a named optimizer; set it on the optimizer instance instead")
        return optimizer
    if optimizer not in _OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {list(_OPTIMIZERS)} or a keras optimizer, got {optimizer!r}")
    kwargs = {} if learning_rate is None else {"learning_rate": check_positive_number(learning_rate, "learning_rate")}
    return keras.optimizers.get({"class_name": optimizer, "config": kwargs})
