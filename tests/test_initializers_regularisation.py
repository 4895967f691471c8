import numpy as np
import pytest

from keras_reference import keras, to_numpy
from workshop import initializers, regularisation

SHAPE = (200, 300)  # large enough that a sample variance is within a few percent of the true one


@pytest.mark.parametrize(
    ("name", "keras_name", "variance"),
    [
        ("glorot_uniform", "GlorotUniform", initializers.glorot_variance(*SHAPE)),
        ("glorot_normal", "GlorotNormal", initializers.glorot_variance(*SHAPE)),
        ("he_uniform", "HeUniform", initializers.he_variance(SHAPE[0])),
        ("he_normal", "HeNormal", initializers.he_variance(SHAPE[0])),
    ],
)
def test_initial_kernels_have_the_variance_of_keras_initializers(name, keras_name, variance):
    theirs = to_numpy(getattr(keras.initializers, keras_name)(seed=0)(SHAPE))
    ours = initializers.initial_kernel(name, *SHAPE, rng=0)
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(theirs.var(), variance, rtol=0.03)
    np.testing.assert_allclose(ours.var(), variance, rtol=0.03)
    # Both bound their draws the same way: the uniform limit, or two (widened) standard deviations.
    bound = np.sqrt(3 * variance) if name.endswith("uniform") else 2 * np.sqrt(variance) / 0.87962566103423978
    assert np.abs(theirs).max() <= bound + 1e-6 and np.abs(ours).max() <= bound
    assert np.abs(theirs).max() > 0.9 * bound and np.abs(ours).max() > 0.9 * bound


def test_glorot_uniform_limit_is_keras_bound():
    limit = initializers.glorot_uniform_limit(2, 3)
    assert limit == pytest.approx(np.sqrt(6 / 5))
    draws = to_numpy(keras.initializers.GlorotUniform(seed=1)((2000, 3)))
    # fan_in 2000 here: the bound is sqrt(6 / 2003), the largest draw just under it.
    assert np.abs(draws).max() <= initializers.glorot_uniform_limit(2000, 3) + 1e-7
    assert np.abs(draws).max() > 0.99 * initializers.glorot_uniform_limit(2000, 3)


def test_keras_dense_starts_with_glorot_uniform_kernel_and_zero_bias():
    layer = keras.layers.Dense(3)
    layer.build((None, 2))
    assert type(layer.kernel_initializer).__name__ == "GlorotUniform"
    assert type(layer.bias_initializer).__name__ == "Zeros"
    kernel, bias = layer.get_weights()
    assert np.all(bias == 0)
    assert np.abs(kernel).max() <= initializers.glorot_uniform_limit(2, 3)


def test_bad_initializer_names_and_fans_get_clear_errors():
    with pytest.raises(ValueError, match="name must be one of"):
        initializers.initial_kernel("lecun", 2, 3)
    with pytest.raises(ValueError, match="fan_in must be >= 1"):
        initializers.he_variance(0)


@pytest.mark.parametrize(("ours", "keras_name"), [(regularisation.l2_penalty, "L2"), (regularisation.l1_penalty, "L1")])
def test_penalties_equal_keras_regularizers(ours, keras_name):
    kernel = np.random.default_rng(0).normal(size=(4, 3)).astype(np.float32)
    theirs = float(to_numpy(getattr(keras.regularizers, keras_name)(0.03)(kernel)))
    assert ours(kernel, factor=0.03) == pytest.approx(theirs, rel=1e-5)
    assert ours([kernel, kernel], factor=0.03) == pytest.approx(2 * theirs, rel=1e-5)


def test_l2_gradient_equals_gradient_tape():
    import tensorflow as tf

    kernel = tf.Variable(np.random.default_rng(1).normal(size=(3, 2)))
    with tf.GradientTape() as tape:
        penalty = keras.regularizers.L2(0.05)(kernel)
    ours = regularisation.l2_gradient(kernel.numpy(), 0.05)
    np.testing.assert_allclose(ours, to_numpy(tape.gradient(penalty, kernel)))


def test_dropout_replays_keras_training_and_does_nothing_in_inference():
    x = np.arange(1.0, 41.0, dtype=np.float32).reshape(4, 10)
    layer = keras.layers.Dropout(0.25, seed=0)
    trained = to_numpy(layer(x, training=True))
    kept = trained != 0
    assert 0 < kept.sum() < x.size  # some units dropped, some kept
    np.testing.assert_allclose(regularisation.dropout(x, 0.25, kept), trained, rtol=1e-6)
    np.testing.assert_allclose(to_numpy(layer(x, training=False)), x)
    assert regularisation.dropout_scale(0.25) == pytest.approx(4 / 3)


def test_dropout_arguments_are_checked():
    with pytest.raises(ValueError, match=r"rate must be in \[0, 1\)"):
        regularisation.dropout_scale(1.0)
    with pytest.raises(ValueError, match="keep_mask must be booleans"):
        regularisation.dropout([1.0, 2.0], 0.5, [1, 0])
