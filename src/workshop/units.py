"""How many units each layer gets: the input, the output by task, the hidden layers.

The input is not a layer of neurons: it is the shape of one sample (in Keras,
``keras.Input(shape=(n_features,))``), and it has no weights. The output layer
is fixed by the task (:func:`output_layer`). Hidden layers are a choice:
:func:`hidden_units_rule_of_thumb` gives the notes' starting point.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from workshop._checks import MAX_CLASSES, MAX_FEATURES, MAX_UNITS, as_float_array, check_choice, check_count, check_flag

__all__ = ["OutputLayer", "TASKS", "output_layer", "output_layer_table", "input_units", "hidden_units_rule_of_thumb"]

TASKS = ("binary", "multiclass", "regression")
"""The tasks :func:`output_layer` knows."""


class OutputLayer(NamedTuple):
    """What the last Dense layer and the loss must be for a task."""

    units: int
    activation: str
    loss: str


def output_layer(task: str, n_classes: int | None = None, *, one_hot: bool = False) -> OutputLayer:
    """The output layer and loss for a task.

    ============ ============ ========== ===================================
    task         units        activation loss
    ============ ============ ========== ===================================
    binary       1            sigmoid    binary_crossentropy
    multiclass   n_classes    softmax    sparse_categorical_crossentropy
                                         (categorical_crossentropy if one-hot)
    regression   1            linear     mean_squared_error
    ============ ============ ========== ===================================

    Parameters
    ----------
    task : {"binary", "multiclass", "regression"}
    n_classes : int, optional
        Number of classes K, from 2 to 1,000 (ImageNet's count); required for
        ``"multiclass"`` only.
    one_hot : bool
        For ``"multiclass"``: labels are one-hot vectors rather than integers.

    Examples
    --------
    >>> output_layer("multiclass", n_classes=5)
    OutputLayer(units=5, activation='softmax', loss='sparse_categorical_crossentropy')
    """
    task = check_choice(task, "task", TASKS)
    one_hot = check_flag(one_hot, "one_hot")
    if n_classes is not None:
        n_classes = check_count(n_classes, "n_classes", minimum=2, maximum=MAX_CLASSES)
    if task == "multiclass":
        if n_classes is None:
            raise ValueError("n_classes is required for task 'multiclass' (the number of classes K)")
        loss = "categorical_crossentropy" if one_hot else "sparse_categorical_crossentropy"
        return OutputLayer(int(n_classes), "softmax", loss)
    if n_classes is not None and not (task == "binary" and n_classes == 2):
        raise ValueError(f"n_classes applies to task 'multiclass' only, got n_classes={n_classes!r} for {task!r}")
    if task == "binary":
        return OutputLayer(1, "sigmoid", "binary_crossentropy")
    return OutputLayer(1, "linear", "mean_squared_error")


def output_layer_table(max_classes: int) -> list[dict]:
    """Every output layer :func:`output_layer` gives, one row per case, for labels as class numbers.

    The rows are binary, regression, then multiclass for each number of
    classes from 3 to ``max_classes`` (two classes are the binary task). Each
    row is a dict with ``task``, ``n_classes`` (None but for multiclass),
    ``units``, ``activation`` and ``loss``: plain data, so that a page can
    show it and hand it to its scripts as JSON instead of keeping a copy.

    Parameters
    ----------
    max_classes : int
        The most classes a multiclass row is given for, from 3 to 1,000.

    Examples
    --------
    >>> [(row["task"], row["n_classes"], row["units"]) for row in output_layer_table(4)]
    [('binary', None, 1), ('regression', None, 1), ('multiclass', 3, 3), ('multiclass', 4, 4)]
    """
    max_classes = check_count(max_classes, "max_classes", minimum=3, maximum=MAX_CLASSES)
    cases = [("binary", None), ("regression", None)] + [("multiclass", k) for k in range(3, max_classes + 1)]
    return [{"task": task, "n_classes": k, **output_layer(task, k)._asdict()} for task, k in cases]


def input_units(x) -> int:
    """The number of features of a data set ``x`` of shape (n_samples, n_features).

    This is the ``shape=(n_features,)`` of ``keras.Input``; the input holds the
    features, it is not a layer of neurons with weights.

    Examples
    --------
    >>> input_units([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    3
    """
    x = as_float_array(x, "x")
    if x.ndim != 2:
        raise ValueError(f"x must be 2-D (n_samples, n_features), got shape {x.shape}")
    return int(x.shape[1])


def hidden_units_rule_of_thumb(n_inputs: int, n_outputs: int) -> int:
    """The notes' rule of thumb: a hidden size between the input and output sizes.

    Returns the geometric mean :math:`\\lceil\\sqrt{n_{in} n_{out}}\\rceil`, which
    always lies between the two. It is a starting point, not an answer: start
    small, measure validation accuracy, and grow only if the model underfits.
    ``n_inputs`` is at most 100,000 and ``n_outputs`` at most 10,000, the
    sizes :func:`workshop.models.build_model` accepts; the root is computed
    exactly in integers.

    Examples
    --------
    >>> hidden_units_rule_of_thumb(64, 10)
    26
    """
    n_inputs = check_count(n_inputs, "n_inputs", maximum=MAX_FEATURES)
    n_outputs = check_count(n_outputs, "n_outputs", maximum=MAX_UNITS)
    return math.isqrt(n_inputs * n_outputs - 1) + 1  # the ceiling of the square root, exactly
