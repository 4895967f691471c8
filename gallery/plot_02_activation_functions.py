"""
Activation functions and their derivatives
==========================================

A neuron adds up its weighted inputs and then passes that sum :math:`x`
through an activation function :math:`f(x)`. Training needs the derivative
:math:`f'(x)` too, because gradient descent moves every weight along it. This
example computes ReLU, sigmoid, tanh and linear, and their derivatives, with
``keras.activations`` and ``tf.GradientTape``, draws them on top of the NumPy
versions in :mod:`workshop.activations`, and prints the largest difference
between the two.
"""

# %%
# Set up
# ------
# Fixed seeds and the house plotting style, as in every example.
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

import workshop
from workshop import activations, plotting
from workshop.plotting import PALETTE

workshop.seed_everything(0)
plotting.use_style()

# %%
# The activations in Keras
# ------------------------
# The input :math:`x` is the weighted sum of a neuron, here 401 values from -4
# to 4. Keras computes in float32, so we give it float32 numbers.
x = np.linspace(-4.0, 4.0, 401, dtype=np.float32)
names = ["relu", "sigmoid", "tanh", "linear"]
keras_functions = {
    "relu": keras.activations.relu,
    "sigmoid": keras.activations.sigmoid,
    "tanh": keras.activations.tanh,
    "linear": keras.activations.linear,
}
keras_values = {name: keras.ops.convert_to_numpy(keras_functions[name](x)) for name in names}

# %%
# Their derivatives, by automatic differentiation
# -----------------------------------------------
# ``tf.GradientTape`` records the computation and then differentiates it: the
# same machinery that computes every gradient while a model trains. Each
# output depends only on its own input, so the gradient of the sum is the
# derivative at each point. (ReLU has no derivative at exactly 0; TensorFlow
# uses 0 there, and so does :func:`workshop.activations.derivative`.)
keras_derivatives = {}
for name in names:
    inputs = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        outputs = keras_functions[name](inputs)
    keras_derivatives[name] = tape.gradient(outputs, inputs).numpy()

# %%
# Compare with the NumPy formulas
# -------------------------------
# :mod:`workshop.activations` writes each formula out in NumPy, e.g.
# :math:`\sigma(x) = 1 / (1 + e^{-x})` and :math:`\sigma'(x) = \sigma(x)(1 -
# \sigma(x))`. The table gives, for each function, the largest gap between the
# Keras and the NumPy value over all 401 points.
print(f"{'activation':<10} {'max |f| difference':>20} {'max |f prime| difference':>26}")
value_gaps, derivative_gaps = [], []
for name in names:
    value_gap = np.max(np.abs(keras_values[name] - activations.ACTIVATIONS[name](x)))
    derivative_gap = np.max(np.abs(keras_derivatives[name] - activations.derivative(name, x)))
    value_gaps.append(value_gap)
    derivative_gaps.append(derivative_gap)
    print(f"{name:<10} {value_gap:>20.2e} {derivative_gap:>26.2e}")

# %%
# The two agree to float32 precision (about :math:`10^{-7}`): the printed
# maxima below are rounding, not a different formula.
print(f"keras vs workshop activations max difference: {max(value_gaps):.2e}")
print(f"keras vs workshop derivatives max difference: {max(derivative_gaps):.2e}")

# %%
# The picture
# -----------
# Lines are the NumPy functions (left) and derivatives (right); the dots on
# top are the Keras values at every 25th point. Note the derivatives: the
# sigmoid's is never above 0.25 and tanh's never above 1, and both fall
# towards 0 for large :math:`|x|`, so a saturated neuron learns slowly. ReLU's
# is 0 for negative inputs and exactly 1 for positive ones, where it lies
# under the linear function's constant 1.
fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.6))
plotting.plot_activations(names, x, derivatives=True, axes=axes)
every = slice(0, None, 25)
for color, name in zip(PALETTE, names):
    axes[0].plot(x[every], keras_values[name][every], "o", markersize=3.5, color=color)
    axes[1].plot(x[every], keras_derivatives[name][every], "o", markersize=3.5, color=color)
axes[0].set_title("Activation f(x)")
axes[1].set_title("Derivative f'(x)")
axes[0].set_ylabel("output")
axes[1].set_ylabel("slope")
fig.suptitle("Keras (dots) on top of the NumPy formulas (lines)")
plt.show()
