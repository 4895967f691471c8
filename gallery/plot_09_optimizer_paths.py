"""
Optimizers on a loss surface: the treasure hunt, seen from above
================================================================

The notes picture training as a blindfolded treasure hunt: feel which way the
ground slopes, step downhill, repeat. With only two parameters we can draw the
whole landscape as a contour map and watch each optimizer's steps. Here the
Keras optimizers themselves (``SGD``, ``SGD`` with momentum, ``RMSprop`` and
``Adam``) move a two-number ``tf.Variable`` across an elongated valley and
across a saddle. You will see plain SGD zig-zag across the valley, momentum
overshoot and swing back, the adaptive methods take even-sized steps in both
directions, and who gets away from the saddle point; and that the NumPy update
rules of :mod:`workshop.optimizers` trace the same paths, to float32 rounding.
"""

# %%
# One Keras optimizer step, written out
# -------------------------------------
# A training step is always the same three moves: compute the loss at the
# current parameters, ask :class:`tf.GradientTape` for its gradient, and let the
# optimizer turn the gradient into an update with ``apply_gradients``. Here the
# "model" is a single variable holding a point ``(x, y)`` and the loss is the
# surface's formula, written with TensorFlow arithmetic so that the tape can
# differentiate it.
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

import workshop
from workshop import optimizers, surfaces
from workshop.plotting import plot_optimizer_paths, use_style

workshop.seed_everything(0)
use_style()

STEPS = 50


def keras_path(optimizer, surface, steps=STEPS):
    """The points a Keras optimizer visits on ``surface``, starting at ``surface.start``."""
    point = tf.Variable(surface.start, dtype=tf.float64)
    path = [point.numpy()]
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = surface.loss(point[0], point[1])
        gradient = tape.gradient(loss, point)
        optimizer.apply_gradients([(gradient, point)])
        path.append(point.numpy())
    return np.array(path)


# %%
# Four optimizers, each with a learning rate that suits it
# --------------------------------------------------------
# SGD's step is the learning rate times the gradient, so its learning rate must
# be small enough for the steepest direction. Momentum keeps a velocity, a
# running sum of past steps, and needs a smaller learning rate for the same
# reason. RMSprop and Adam divide each coordinate's step by the recent size of
# its gradient, so their learning rate is roughly the length of a step in each
# coordinate, whatever the slope. Every optimizer object is built fresh for each
# surface, since it keeps state (velocity, moving averages) between steps. The
# rates are :data:`workshop.surfaces.SUGGESTED_LEARNING_RATES`, as in the widget.
def settings(surface):
    """Label -> (Keras class, NumPy class, arguments), at the surface's suggested learning rates."""
    rates, mu = surfaces.SUGGESTED_LEARNING_RATES[surface.name], surfaces.SUGGESTED_MOMENTUM
    return {
        f"SGD (lr {rates['sgd']:g})": (keras.optimizers.SGD, optimizers.SGD, {"learning_rate": rates["sgd"]}),
        f"SGD + momentum {mu:g} (lr {rates['momentum']:g})": (keras.optimizers.SGD, optimizers.SGD,
                                                              {"learning_rate": rates["momentum"], "momentum": mu}),
        f"RMSprop (lr {rates['rmsprop']:g})": (keras.optimizers.RMSprop, optimizers.RMSprop, {"learning_rate": rates["rmsprop"]}),
        f"Adam (lr {rates['adam']:g})": (keras.optimizers.Adam, optimizers.Adam, {"learning_rate": rates["adam"]}),
    }


def all_paths(surface):
    keras_paths, numpy_paths = {}, {}
    for label, (keras_class, numpy_class, kwargs) in settings(surface).items():
        keras_paths[label] = keras_path(keras_class(**kwargs), surface)
        numpy_paths[label] = surfaces.optimizer_path(numpy_class(**kwargs), surface, steps=STEPS)
    return keras_paths, numpy_paths


def report(surface, paths):
    for label, path in paths.items():
        loss = float(surface(*path[-1]))
        print(f"{surface.name} {label.split(' (')[0]} final loss: {loss:.4f}")


# %%
# The elongated valley
# --------------------
# :math:`f(x, y) = 0.1\,x^2 + 2\,y^2` is twenty times steeper across the valley
# (:math:`y`) than along it (:math:`x`), like a loss whose parameters have very
# different scales. SGD's learning rate is capped by the steep direction: it
# bounces from wall to wall, and only once the bouncing dies down does it walk
# along the floor. Momentum gathers speed along the floor, overshoots the
# minimum and swings back. RMSprop and Adam divide each coordinate's step by the
# size of its own gradients, so their first steps are as long in :math:`x` as in
# :math:`y`: they head diagonally for the floor. RMSprop reaches it without
# bouncing; Adam's built-in momentum carries it across the floor and past the
# minimum, and it spirals in. The asserts below check these sentences on the
# paths just computed, so a change that made them false would fail the build.
valley = surfaces.get_surface("valley")
valley_paths, valley_numpy_paths = all_paths(valley)
fig, ax = plt.subplots(figsize=(6.4, 4.4))
plot_optimizer_paths(valley, valley_paths, ax=ax)
ax.set_title(f"Elongated valley: {STEPS} steps of each Keras optimizer")
report(valley, valley_paths)


def first_sign_change(values):
    """The first step at which ``values`` changes sign (len(values) if never)."""
    changes = np.flatnonzero(np.diff(np.sign(values)) != 0)
    return int(changes[0]) + 1 if len(changes) else len(values)


by_name = {label.split(" (")[0]: path for label, path in valley_paths.items()}
assert first_sign_change(by_name["SGD"][:, 1]) == 1, "SGD should bounce across the valley at once"
assert first_sign_change(by_name["RMSprop"][:, 1]) > STEPS // 2, "RMSprop should reach the floor without bouncing"
for name in ("SGD + momentum 0.9", "Adam"):
    assert by_name[name][:, 0].max() > 0, f"{name} should overshoot the minimum along x"
for name in ("RMSprop", "Adam"):
    first_step = np.abs(by_name[name][1] - by_name[name][0])
    assert np.isclose(first_step[0], first_step[1], rtol=1e-3), f"{name}'s first step should be as long in x as in y"

# %%
# The saddle
# ----------
# :math:`f(x, y) = \tfrac14 x^4 - \tfrac12 x^2 + \tfrac12 y^2` has two valleys
# (the yellow stars) and a saddle point between them at the origin, where the
# gradient is zero although the point is no minimum. Starting almost exactly
# above the saddle, the gradient along :math:`x` is tiny. SGD's steps are
# proportional to the gradient, so it slides down to the saddle and its dots
# bunch up there for several steps until the sideways slope has grown enough to
# carry it off. RMSprop and Adam divide that tiny gradient by its own tiny size
# and step sideways at full length from the very first step. On a real network,
# with thousands of directions, flat regions like this are where plain SGD
# loses its time.
saddle = surfaces.get_surface("saddle")
saddle_paths, saddle_numpy_paths = all_paths(saddle)
fig, ax = plt.subplots(figsize=(6.4, 4.4))
plot_optimizer_paths(saddle, saddle_paths, ax=ax)
ax.set_title(f"Saddle: {STEPS} steps of each Keras optimizer")
ax.legend(fontsize="small", loc="lower left")  # the paths end in the right-hand valley
report(saddle, saddle_paths)
sgd_on_saddle = next(path for label, path in saddle_paths.items() if label.split(" (")[0] == "SGD")
near_saddle = int(np.sum(np.linalg.norm(sgd_on_saddle, axis=1) < 0.2))
print(f"SGD points within 0.2 of the saddle point: {near_saddle}")
assert near_saddle >= 3, "SGD's dots should bunch up at the saddle for several steps"

# %%
# The same rules in NumPy
# -----------------------
# :mod:`workshop.optimizers` writes each update rule in a few lines of NumPy
# (their docstrings give the formulas), and
# :func:`workshop.surfaces.optimizer_path` steps them with the surface's
# closed-form gradient. If those few lines are the whole story, the NumPy path
# and the Keras path are the same points. They are: the largest difference
# anywhere is at the level of float32 rounding: the point here is a float64
# variable, and Keras keeps each optimizer's moving averages and velocities in
# the variable's own dtype, but its learning rate is a float32 variable
# :claim:`optimizer-state-in-variable-dtype`, so
# 0.1 becomes 0.100000001490116... before it is cast to float64.
difference = max(
    float(np.max(np.abs(keras_paths[label] - numpy_paths[label])))
    for keras_paths, numpy_paths in ((valley_paths, valley_numpy_paths), (saddle_paths, saddle_numpy_paths))
    for label in keras_paths
)
print(f"keras vs numpy optimizer path max abs difference: {difference:.1e}")

plt.show()
