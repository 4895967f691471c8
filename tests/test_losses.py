import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keras_reference import FLOAT32_ATOL, FLOAT32_RTOL, keras, to_numpy
from workshop import losses
from workshop.activations import softmax

RTOL = 1e-5


def keras_loss(name, *args, **kwargs):
    return to_numpy(getattr(keras.losses, name)(*args, **kwargs))


def random_probabilities(rng, n, k):
    return softmax(rng.normal(scale=2.0, size=(n, k))).astype(np.float32)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 8), d=st.integers(1, 4))
def test_binary_crossentropy_equals_keras_on_random_inputs(seed, n, d):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=(n, d)).astype(np.float32)
    p = rng.uniform(0, 1, size=(n, d)).astype(np.float32)
    ours = losses.binary_crossentropy(y, p)
    assert ours.shape == (n,)
    np.testing.assert_allclose(ours, keras_loss("binary_crossentropy", y, p), rtol=RTOL, atol=FLOAT32_ATOL)


@pytest.mark.parametrize("from_logits", [False, True])
def test_binary_crossentropy_shapes_match_keras_for_a_flat_batch(from_logits):
    y = np.array([0.0, 1.0, 1.0, 0.0], np.float32)
    p = np.array([0.2, 0.7, 0.99, 0.4], np.float32) if not from_logits else np.array([-3.0, 0.5, 8.0, 1.0], np.float32)
    ours = losses.binary_crossentropy(y, p, from_logits=from_logits)
    theirs = keras_loss("binary_crossentropy", y, p, from_logits=from_logits)
    assert ours.shape == theirs.shape == ()
    np.testing.assert_allclose(ours, theirs, rtol=RTOL)


def test_binary_crossentropy_of_exact_zero_and_one_is_clipped_like_keras():
    y = np.array([[1.0], [0.0], [1.0], [0.0]], np.float32)
    p = np.array([[0.0], [1.0], [1.0], [0.0]], np.float32)
    ours = losses.binary_crossentropy(y, p)
    assert np.all(np.isfinite(ours))
    np.testing.assert_allclose(ours, keras_loss("binary_crossentropy", y, p), rtol=RTOL, atol=FLOAT32_ATOL)
    # The wrong, certain predictions cost about -log(1e-7) ~ 16; the right ones about 0.
    assert ours[0] > 15 and ours[1] > 15 and ours[2] < 1e-6 and ours[3] < 1e-6


def test_binary_crossentropy_penalises_confident_mistakes_most():
    values = losses.binary_crossentropy(np.ones((3, 1)), [[0.9], [0.5], [0.1]])
    assert values[0] < values[1] < values[2]


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 6), k=st.integers(2, 10))
def test_categorical_and_sparse_equal_keras_and_each_other(seed, n, k):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, k, size=n)
    y_one_hot = np.eye(k, dtype=np.float32)[labels]
    p = random_probabilities(rng, n, k)
    categorical = losses.categorical_crossentropy(y_one_hot, p)
    sparse = losses.sparse_categorical_crossentropy(labels, p)
    np.testing.assert_allclose(categorical, keras_loss("categorical_crossentropy", y_one_hot, p), rtol=RTOL, atol=FLOAT32_ATOL)
    np.testing.assert_allclose(sparse, keras_loss("sparse_categorical_crossentropy", labels, p), rtol=RTOL, atol=FLOAT32_ATOL)
    np.testing.assert_allclose(categorical, sparse, rtol=1e-6)


def test_sparse_label_five_equals_its_one_hot_vector():
    # The notes' example: [5] versus [0,0,0,0,0,1,0,0,0,0].
    p = random_probabilities(np.random.default_rng(0), 1, 10)
    one_hot = np.array([[0, 0, 0, 0, 0, 1, 0, 0, 0, 0]], np.float32)
    np.testing.assert_allclose(losses.sparse_categorical_crossentropy([5], p),
                               losses.categorical_crossentropy(one_hot, p), rtol=1e-6)
    np.testing.assert_allclose(losses.sparse_categorical_crossentropy([5], p), -np.log(p[0, 5] / p[0].sum()), rtol=1e-6)


def test_sparse_accepts_labels_with_a_trailing_axis_like_keras():
    p = random_probabilities(np.random.default_rng(3), 4, 3)
    labels = np.array([[0], [2], [1], [1]])
    np.testing.assert_allclose(losses.sparse_categorical_crossentropy(labels, p),
                               keras_loss("sparse_categorical_crossentropy", labels, p), rtol=RTOL)


@pytest.mark.parametrize("name", ["categorical_crossentropy", "sparse_categorical_crossentropy"])
def test_multiclass_losses_with_zero_and_one_probabilities_are_finite_like_keras(name):
    p = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.5, 0.5, 0.0]], np.float32)
    labels = np.array([0, 2, 2])
    y = labels if name.startswith("sparse") else np.eye(3, dtype=np.float32)[labels]
    ours = getattr(losses, name)(y, p)
    assert np.all(np.isfinite(ours))
    np.testing.assert_allclose(ours, keras_loss(name, y, p), rtol=RTOL, atol=FLOAT32_ATOL)


@pytest.mark.parametrize("name", ["categorical_crossentropy", "sparse_categorical_crossentropy"])
def test_multiclass_losses_from_logits_equal_keras(name):
    rng = np.random.default_rng(4)
    logits = rng.normal(scale=3.0, size=(5, 4)).astype(np.float32)
    labels = rng.integers(0, 4, size=5)
    y = labels if name.startswith("sparse") else np.eye(4, dtype=np.float32)[labels]
    ours = getattr(losses, name)(y, logits, from_logits=True)
    np.testing.assert_allclose(ours, keras_loss(name, y, logits, from_logits=True), rtol=RTOL, atol=FLOAT32_ATOL)
    np.testing.assert_allclose(ours, getattr(losses, name)(y, softmax(logits)), rtol=1e-5)


def test_binary_crossentropy_from_huge_logits_is_finite_and_equals_keras():
    y = np.array([[1.0, 0.0, 1.0]], np.float32)
    logits = np.array([[-500.0, 500.0, 500.0]], np.float32)
    ours = losses.binary_crossentropy(y, logits, from_logits=True)
    np.testing.assert_allclose(ours, keras_loss("binary_crossentropy", y, logits, from_logits=True), rtol=RTOL)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), shape=st.sampled_from([(5,), (4, 3), (2, 3, 2)]))
def test_mean_squared_error_equals_keras(seed, shape):
    rng = np.random.default_rng(seed)
    y, p = rng.normal(size=shape).astype(np.float32), rng.normal(size=shape).astype(np.float32)
    ours = losses.mean_squared_error(y, p)
    theirs = keras_loss("mean_squared_error", y, p)
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=FLOAT32_RTOL, atol=FLOAT32_ATOL)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: losses.binary_crossentropy([2.0], [0.5]), r"y_true must be labels in \[0, 1\]"),
        (lambda: losses.binary_crossentropy([1.0], [1.5]), r"y_pred must be probabilities in \[0, 1\]"),
        (lambda: losses.binary_crossentropy([1.0, 0.0], [0.5]), "same shape"),
        (lambda: losses.binary_crossentropy([], []), "must not be empty"),
        (lambda: losses.categorical_crossentropy([[0.0, 1.0]], [[0.2, 0.3, 0.5]]), "same shape"),
        (lambda: losses.categorical_crossentropy([[0.0, 1.0]], [[0.0, 0.0]]), "positive sum"),
        (lambda: losses.categorical_crossentropy([[0.0, 1.0]], [[-0.1, 1.1]]), "probabilities in"),
        (lambda: losses.sparse_categorical_crossentropy([3], [[0.2, 0.3, 0.5]]), r"in \[0, 2\] for 3 classes"),
        (lambda: losses.sparse_categorical_crossentropy([-1], [[0.5, 0.5]]), r"in \[0, 1\] for 2 classes"),
        (lambda: losses.sparse_categorical_crossentropy([0.5], [[0.5, 0.5]]), "whole-number"),
        (lambda: losses.sparse_categorical_crossentropy([0, 1], [[0.5, 0.5]]), "one class index per row"),
        (lambda: losses.mean_squared_error([1.0, 2.0], [1.0]), "same shape"),
        (lambda: losses.mean_squared_error([1.0], [float("inf")]), "finite"),
    ],
)
def test_bad_input_raises_value_error_naming_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_text_where_numbers_are_expected_is_a_type_error():
    with pytest.raises(TypeError, match="y_pred must be numbers"):
        losses.mean_squared_error([1.0], ["one"])


@pytest.mark.parametrize("flag", ["no", "False", 0, 1, None, np.array([True, False]), [True]])
@pytest.mark.parametrize("name", ["binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy"])
def test_from_logits_must_be_true_or_false(name, flag):
    y = [0] if name.startswith("sparse") else [[1.0, 0.0]]
    with pytest.raises(TypeError, match="from_logits must be True or False"):
        getattr(losses, name)(y, [[0.6, 0.4]], from_logits=flag)


def test_a_numpy_bool_is_a_flag():
    assert losses.binary_crossentropy([1.0], [2.0], from_logits=np.bool_(True)) == losses.binary_crossentropy(
        [1.0], [2.0], from_logits=True
    )


def test_masked_arrays_are_refused_rather_than_their_mask_ignored():
    masked = np.ma.array([1.0, 0.0], mask=[False, True])
    with pytest.raises(TypeError, match="y_true must be a plain array"):
        losses.binary_crossentropy(masked, [0.5, 0.5])


def test_mean_squared_error_scales_before_squaring():
    # (2e154)^2 overflows float64, but its mean over four values, 1e308, does not.
    assert losses.mean_squared_error([2e154, 0.0, 0.0, 0.0], [0.0] * 4) == pytest.approx(1e308, rel=1e-12)
    # and tiny misses keep their size: (3e-150)^2 is still a float64.
    assert losses.mean_squared_error([3e-150], [0.0]) == pytest.approx(9e-300, rel=1e-12)


def test_mean_squared_error_beyond_float64_is_refused_naming_the_arguments():
    with pytest.raises(ValueError, match="y_true and y_pred are too far apart"):
        losses.mean_squared_error([1e300], [-1e300])


def test_binary_crossentropy_of_the_largest_logits_is_their_finite_mean():
    assert losses.binary_crossentropy([0.0, 0.0], [1.7e308, 1.7e308], from_logits=True) == pytest.approx(1.7e308)


def test_categorical_from_logits_further_apart_than_float64_holds():
    # The true class holds the huge logit: probability 1, loss 0, no NaN from 0 * log 0.
    assert losses.categorical_crossentropy([[0.0, 1.0]], [[-1e308, 1e308]], from_logits=True)[0] == 0.0
    assert losses.sparse_categorical_crossentropy([1], [[-1e308, 1e308]], from_logits=True)[0] == 0.0
    # The true class holds the tiny one: the loss, 2e308, is beyond float64.
    with pytest.raises(ValueError, match="the loss is beyond float64's range"):
        losses.categorical_crossentropy([[1.0, 0.0]], [[-1e308, 1e308]], from_logits=True)
