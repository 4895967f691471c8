import numpy as np
import pytest
import tensorflow as tf

from keras_reference import keras
from workshop import optimizers

STEPS = 25

SETTINGS = [
    ("SGD", {}),
    ("SGD", {"learning_rate": 0.1}),
    ("SGD", {"learning_rate": 0.05, "momentum": 0.9}),
    ("SGD", {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True}),
    ("RMSprop", {}),
    ("RMSprop", {"learning_rate": 0.01, "rho": 0.8}),
    ("RMSprop", {"learning_rate": 0.01, "momentum": 0.5}),
    ("RMSprop", {"learning_rate": 0.01, "centered": True}),
    ("RMSprop", {"learning_rate": 0.01, "centered": True, "momentum": 0.3, "epsilon": 1e-4}),
    ("Adam", {}),
    ("Adam", {"learning_rate": 0.05}),
    ("Adam", {"learning_rate": 0.02, "beta_1": 0.5, "beta_2": 0.9, "epsilon": 1e-3}),
]


def keras_trajectory(name, kwargs, start, gradients):
    optimizer = getattr(keras.optimizers, name)(**kwargs)
    variable = tf.Variable(start, dtype=tf.float32)
    path = []
    for gradient in gradients:
        optimizer.apply_gradients([(tf.constant(gradient, tf.float32), variable)])
        path.append(variable.numpy().astype(np.float64))
    return np.array(path)


def workshop_trajectory(name, kwargs, start, gradients):
    optimizer = getattr(optimizers, name)(**kwargs)
    params, path = start.astype(np.float64), []
    for gradient in gradients:
        params = optimizer.step(params, gradient)
        path.append(params)
    return np.array(path)


@pytest.mark.parametrize(("name", "kwargs"), SETTINGS, ids=[f"{n}-{k}" for n, k in SETTINGS])
def test_trajectory_equals_keras_with_the_same_gradients(name, kwargs):
    rng = np.random.default_rng(7)
    start = rng.normal(size=(3, 2)).astype(np.float32)
    gradients = rng.normal(size=(STEPS, 3, 2)).astype(np.float32)
    ours = workshop_trajectory(name, kwargs, start, gradients)
    theirs = keras_trajectory(name, kwargs, start, gradients)
    np.testing.assert_allclose(ours, theirs, rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize(("name", "kwargs"), SETTINGS[::3], ids=[n for n, _ in SETTINGS[::3]])
def test_trajectory_on_a_loss_surface_equals_keras_stepping_a_variable(name, kwargs):
    # Gradients that depend on the position (a real descent), not a fixed sequence.
    def gradient(p):
        return np.array([0.2 * p[0], 4.0 * p[1]])  # the elongated valley 0.1 x^2 + 2 y^2

    ours_opt = getattr(optimizers, name)(**kwargs)
    keras_opt = getattr(keras.optimizers, name)(**kwargs)
    ours = np.array([-3.5, 1.5])
    variable = tf.Variable(ours, dtype=tf.float64)
    for _ in range(STEPS):
        keras_opt.apply_gradients([(tf.constant(gradient(variable.numpy())), variable)])
        ours = ours_opt.step(ours, gradient(ours))
    # Keras keeps learning_rate (and casts momentum) as float32, hence ~1e-7 relative agreement.
    np.testing.assert_allclose(ours, variable.numpy(), rtol=1e-6, atol=1e-6)


def test_defaults_match_keras():
    for name, fields in {
        "SGD": ["learning_rate", "momentum", "nesterov"],
        "RMSprop": ["learning_rate", "rho", "momentum", "epsilon", "centered"],
        "Adam": ["learning_rate", "beta_1", "beta_2", "epsilon"],
    }.items():
        ours, theirs = getattr(optimizers, name)(), getattr(keras.optimizers, name)().get_config()
        for field in fields:
            assert getattr(ours, field) == pytest.approx(theirs[field]), (name, field)


def test_rmsprop_has_no_bias_correction_so_its_first_step_is_larger_than_adams():
    # The notes claim RMSprop bias-corrects. It does not: with s_0 = 0 its first
    # step is eta * g / sqrt((1 - rho) g^2) = eta / sqrt(0.1) ~ 3.16 eta; Adam's is ~ eta.
    eta, g = 0.01, np.array([0.5])
    rmsprop_step = -optimizers.RMSprop(learning_rate=eta).step(np.zeros(1), g)[0]
    adam_step = -optimizers.Adam(learning_rate=eta).step(np.zeros(1), g)[0]
    assert rmsprop_step == pytest.approx(eta / np.sqrt(0.1), rel=1e-5)
    assert adam_step == pytest.approx(eta, rel=1e-5)


def test_step_does_not_modify_the_callers_array():
    params = np.array([1.0, 2.0])
    optimizers.Adam(0.1).step(params, np.array([1.0, 1.0]))
    np.testing.assert_array_equal(params, [1.0, 2.0])


def test_reset_forgets_state():
    opt = optimizers.SGD(0.1, momentum=0.9)
    first = opt.step(np.zeros(2), np.ones(2))
    opt.step(first, np.ones(2))
    opt.reset()
    np.testing.assert_array_equal(opt.step(np.zeros(2), np.ones(2)), first)
    assert opt.iterations == 1


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: optimizers.SGD(learning_rate=-0.1), ValueError, "learning_rate must be a finite number >= 0"),
        (lambda: optimizers.Adam(learning_rate="fast"), TypeError, "learning_rate must be a number"),
        (lambda: optimizers.SGD(momentum=1.0), ValueError, r"momentum must be in \[0, 1\)"),
        (lambda: optimizers.RMSprop(rho=0.0), ValueError, r"rho must be in \(0, 1\)"),
        (lambda: optimizers.Adam(beta_2=1.5), ValueError, r"beta_2 must be in \[0, 1\)"),
        (lambda: optimizers.Adam(epsilon=0.0), ValueError, "epsilon must be a finite number > 0"),
        (lambda: optimizers.SGD().step([1.0, 2.0], [1.0]), ValueError, r"grads must have the shape of params \(2,\)"),
        (lambda: optimizers.SGD().step([1.0], [float("nan")]), ValueError, "grads must be finite"),
    ],
)
def test_bad_settings_and_inputs_are_refused(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_one_optimizer_holds_state_for_one_parameter_shape():
    opt = optimizers.Adam()
    opt.step(np.zeros(2), np.ones(2))
    with pytest.raises(ValueError, match=r"holds state for params of shape \(2,\), got \(3,\)"):
        opt.step(np.zeros(3), np.ones(3))


@pytest.mark.parametrize(
    "make", [lambda: optimizers.Adam(0.1), lambda: optimizers.RMSprop(0.1), lambda: optimizers.RMSprop(0.1, centered=True)],
    ids=["Adam", "RMSprop", "RMSprop-centered"],
)
def test_a_huge_gradient_takes_the_step_of_a_unit_gradient_instead_of_overflowing(make):
    # g^2 overflows float64 for |g| > 1.3e154: squared naively, Adam and RMSprop would stand still (or give NaN).
    huge = make().step([1.0], [1e200])
    unit = make().step([1.0], [1.0])
    assert np.all(np.isfinite(huge))
    np.testing.assert_allclose(huge, unit, rtol=1e-6)


def test_a_step_beyond_float64_is_refused_and_leaves_the_optimizer_unchanged():
    opt = optimizers.SGD(learning_rate=1e308, momentum=0.5)
    with pytest.raises(ValueError, match=r"SGD step overflows float64.*learning_rate \(1e\+308\)"):
        opt.step([1.0], [10.0])
    assert opt.iterations == 0
    fresh = optimizers.SGD(learning_rate=1e308, momentum=0.5)
    np.testing.assert_array_equal(opt.step([1.0], [1e-308]), fresh.step([1.0], [1e-308]))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: optimizers.SGD(nesterov="no"), "nesterov must be True or False, got 'no'"),
        (lambda: optimizers.RMSprop(centered=np.array([True, False])), "centered must be True or False"),
        (lambda: optimizers.RMSprop(centered=1), "centered must be True or False, got 1"),
    ],
)
def test_flags_must_be_booleans(call, message):
    with pytest.raises(TypeError, match=message):
        call()


def test_masked_gradients_are_refused_rather_than_their_mask_ignored():
    with pytest.raises(TypeError, match="grads must be a plain array: a masked array's mask would be ignored"):
        optimizers.SGD().step([1.0, 2.0], np.ma.array([1.0, 2.0], mask=[False, True]))


def adam_step_after_zero_gradients(n_zeros):
    opt, params = optimizers.Adam(learning_rate=1.0), np.zeros(1)
    for _ in range(n_zeros):
        params = opt.step(params, [0.0])
    return abs(opt.step(params, [1.0])[0] - params[0])


def test_adams_step_after_zeros_reaches_the_papers_figure_and_growing_gradients_pass_it():
    # Kingma & Ba 2.1 give eta (1 - beta_1) / sqrt(1 - beta_2), about 3.16 eta, for one gradient
    # after many zeros; a steady gradient gives about eta. It is not a cap: gradients growing by
    # 0.999/0.9 per step after the zeros take the step past 7 eta (as Keras's Adam does).
    bound = (1 - 0.9) / np.sqrt(1 - 0.999)
    assert adam_step_after_zero_gradients(200) == pytest.approx(1.35, abs=0.005)
    assert adam_step_after_zero_gradients(0) == pytest.approx(1.0, rel=1e-5)
    after_many = adam_step_after_zero_gradients(10_000)
    assert after_many == pytest.approx(bound, rel=1e-3) and after_many <= bound
    opt, params = optimizers.Adam(learning_rate=1.0), np.zeros(1)
    for _ in range(10_000):
        params = opt.step(params, [0.0])
    largest = 0.0
    for k in range(120):
        new = opt.step(params, [1e-3 * (0.999 / 0.9) ** k])
        largest, params = max(largest, abs(new[0] - params[0])), new
    assert 7.0 < largest < 7.3
