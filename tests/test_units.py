import numpy as np
import pytest

from workshop.units import OutputLayer, hidden_units_rule_of_thumb, input_units, output_layer, output_layer_table


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("binary",), OutputLayer(1, "sigmoid", "binary_crossentropy")),
        (("multiclass", 5), OutputLayer(5, "softmax", "sparse_categorical_crossentropy")),
        (("multiclass", 10), OutputLayer(10, "softmax", "sparse_categorical_crossentropy")),
        (("regression",), OutputLayer(1, "linear", "mean_squared_error")),
    ],
)
def test_output_layer_table(args, expected):
    assert output_layer(*args) == expected


def test_one_hot_multiclass_labels_use_categorical_crossentropy():
    assert output_layer("multiclass", n_classes=3, one_hot=True).loss == "categorical_crossentropy"


def test_output_layer_table_lists_what_output_layer_gives_for_every_case():
    rows = output_layer_table(5)
    assert [(row["task"], row["n_classes"]) for row in rows] == [
        ("binary", None), ("regression", None), ("multiclass", 3), ("multiclass", 4), ("multiclass", 5),
    ]
    for row in rows:
        assert (row["units"], row["activation"], row["loss"]) == output_layer(row["task"], row["n_classes"])
    assert rows[-1] == {"task": "multiclass", "n_classes": 5, "units": 5, "activation": "softmax",
                        "loss": "sparse_categorical_crossentropy"}


@pytest.mark.parametrize(("max_classes", "error", "message"), [
    (2, ValueError, "max_classes must be >= 3, got 2"),
    (3.0, TypeError, "max_classes must be a whole number"),
])
def test_output_layer_table_refuses_a_bad_class_count(max_classes, error, message):
    with pytest.raises(error, match=message):
        output_layer_table(max_classes)


def test_input_units_is_the_number_of_features():
    assert input_units(np.zeros((7, 30))) == 30


@pytest.mark.parametrize(("n_in", "n_out", "expected"), [(64, 10, 26), (2, 1, 2), (30, 1, 6), (4, 4, 4)])
def test_rule_of_thumb_lies_between_output_and_input_sizes(n_in, n_out, expected):
    units = hidden_units_rule_of_thumb(n_in, n_out)
    assert units == expected
    assert min(n_in, n_out) <= units <= max(n_in, n_out)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: output_layer("clustering"), ValueError, "task must be one of"),
        (lambda: output_layer("multiclass"), ValueError, "n_classes is required for task 'multiclass'"),
        (lambda: output_layer("multiclass", n_classes=1), ValueError, "n_classes must be >= 2, got 1"),
        (lambda: output_layer("multiclass", n_classes=2.5), TypeError, "n_classes must be a whole number"),
        (lambda: output_layer("regression", n_classes=3), ValueError, "n_classes applies to task 'multiclass' only"),
        (lambda: input_units(np.zeros(5)), ValueError, r"x must be 2-D \(n_samples, n_features\)"),
        (lambda: hidden_units_rule_of_thumb(0, 1), ValueError, "n_inputs must be >= 1"),
    ],
)
def test_bad_input_is_refused(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: hidden_units_rule_of_thumb(10**200, 10**200), ValueError, "n_inputs must be <= 100,000"),
        (lambda: hidden_units_rule_of_thumb(4, 10**200), ValueError, "n_outputs must be <= 10,000"),
        (lambda: hidden_units_rule_of_thumb(4.0, 2), TypeError, "n_inputs must be a whole number"),
        (lambda: output_layer(["binary"]), TypeError, r"task must be one of .* \(a string\)"),
        (lambda: output_layer("multiclass", 3, one_hot="no"), TypeError, "one_hot must be True or False"),
        (lambda: output_layer("multiclass", 10**6), ValueError, "n_classes must be <= 1,000"),
    ],
)
def test_hostile_input_is_refused_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_rule_of_thumb_is_the_ceiling_of_the_geometric_mean_up_to_the_limits():
    assert hidden_units_rule_of_thumb(10_000, 10_000) == 10_000  # a perfect square stays itself
    assert hidden_units_rule_of_thumb(10_001, 10_000) == 10_001  # just above it rounds up
    assert hidden_units_rule_of_thumb(100_000, 10_000) == 31_623  # ceil(sqrt(1e9)) = ceil(31,622.78)
