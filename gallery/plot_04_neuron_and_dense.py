"""
A neuron, a Dense layer, a network
==================================

A neuron multiplies each input by a weight, adds them up with a bias, and
passes the sum through an activation. This example does that sum by hand and
with a one-neuron ``keras.layers.Dense(1)`` given the same weights, then does
the same for a layer of three neurons, and finally draws a small
``keras.Sequential`` network (3 inputs, 4 hidden neurons, 2 outputs) and
counts its parameters: you will see that the printed numbers agree and where
every parameter of ``model.count_params()`` comes from.
"""

# %%
# Set up
# ------
# Fixed seeds and the house plotting style, as in every example.
import keras
import matplotlib.pyplot as plt
import numpy as np

import workshop
from workshop import neuron, plotting

workshop.seed_everything(0)
plotting.use_style()

# %%
# One neuron by hand
# ------------------
# Three inputs :math:`a_i`, three weights :math:`w_i` and a bias :math:`b`
# give the weighted sum
#
# .. math:: x = \sum_i w_i a_i + b = 0.5 \cdot 1 + (-1) \cdot 2 + 2 \cdot 3 + 0.5 = 5
#
# :func:`workshop.neuron.weighted_sum` is that formula in NumPy.
inputs = np.array([1.0, 2.0, 3.0], dtype=np.float32)
weights = np.array([0.5, -1.0, 2.0], dtype=np.float32)
bias = 0.5
by_hand = neuron.weighted_sum(inputs, weights, bias)
print(f"weighted sum by hand: {by_hand}")

# %%
# The same neuron in Keras
# ------------------------
# ``keras.layers.Dense(1)`` is one neuron. Its weights live in a *kernel* of
# shape (inputs, units) = (3, 1) and a bias of shape (1,); ``set_weights``
# replaces the random initial values with ours. With the default (linear)
# activation :claim:`dense-defaults` its output is the weighted sum itself.
single_neuron = keras.layers.Dense(1)
single_neuron.build(input_shape=(None, 3))
single_neuron.set_weights([weights.reshape(3, 1), np.array([bias], dtype=np.float32)])
by_keras = float(keras.ops.convert_to_numpy(single_neuron(inputs[np.newaxis, :]))[0, 0])
print(f"weighted sum by keras.layers.Dense(1): {by_keras}")

# %%
# A layer of three neurons
# ------------------------
# A Dense layer is several neurons reading the same inputs: column :math:`j`
# of the kernel holds neuron :math:`j`'s weights, so a batch of samples (one
# per row) goes through the whole layer as one matrix product,
# :math:`f(AW + b)`, here with a sigmoid as :math:`f`. This time Keras draws
# its own random kernel; we read it back with ``get_weights`` and compare the
# layer's output on four random samples with :func:`workshop.neuron.dense`.
# The printed difference is float32 rounding.
layer = keras.layers.Dense(3, activation="sigmoid")
batch = np.random.default_rng(0).normal(size=(4, 3)).astype(np.float32)
keras_outputs = keras.ops.convert_to_numpy(layer(batch))  # calling the layer builds it
kernel, biases = layer.get_weights()
numpy_outputs = neuron.dense(batch, kernel, biases, activation="sigmoid")
print(f"kernel shape {kernel.shape}, bias shape {biases.shape}")
print(np.round(keras_outputs, 4))
print(f"dense layer keras vs workshop max difference: {np.max(np.abs(keras_outputs - numpy_outputs)):.2e}")

# %%
# A network
# ---------
# ``keras.Sequential`` stacks layers: each layer's outputs are the next
# layer's inputs. This one reads 3 features, has a hidden layer of 4 ReLU
# neurons and an output layer of 2 softmax neurons (two classes).
model = keras.Sequential(
    [
        keras.Input(shape=(3,)),
        keras.layers.Dense(4, activation="relu", name="hidden"),
        keras.layers.Dense(2, activation="softmax", name="output"),
    ]
)

# %%
# Counting its parameters
# -----------------------
# Every line between two neurons in the drawing below is one weight, and every
# neuron after the input has one bias. A Dense layer with :math:`n` inputs and
# :math:`m` neurons therefore has :math:`n \times m` weights plus :math:`m`
# biases. The sum over the layers is what ``model.count_params()`` reports.
n_inputs = 3
total = 0
for dense_layer in model.layers:
    n_weights, n_biases = n_inputs * dense_layer.units, dense_layer.units
    total += n_weights + n_biases
    print(f"{dense_layer.name} layer: {n_inputs} x {dense_layer.units} weights + {n_biases} biases = {n_weights + n_biases}")
    n_inputs = dense_layer.units
print(f"counted by hand: {total}")
print(f"model.count_params(): {model.count_params()}")

# %%
# The drawing
# -----------
# :func:`workshop.plotting.plot_network` reads the layer sizes from the model
# itself: inputs on the left, output on the right, one line per weight.
fig, ax = plt.subplots()
plotting.plot_network(model, ax=ax)
fig.suptitle(f"A Sequential network: 3 inputs, 4 hidden, 2 outputs ({model.count_params()} parameters)")
plt.show()
