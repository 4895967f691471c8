"""
Backpropagation by hand, checked against GradientTape
=====================================================

``model.fit`` hides two things in every step: the backward pass that gives the
gradient of the loss for every weight, and the optimizer's update. This
example does both by hand in NumPy (:mod:`workshop.backprop`) for a small
network on the two moons, checks each step's gradients against TensorFlow's
``GradientTape``, and trains the same network with ``fit`` beside it: the two
loss curves are the same, step for step.
"""

# %%
# The data and a small network
# ----------------------------
# Two inputs, eight ReLU units, one sigmoid output: a network small enough to
# hold in your head, large enough to bend the boundary around the moons. Its
# starting weights come from Keras, so that both runs start at the same point.
import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

import workshop
from workshop import data
from workshop.backprop import Layer, backward, forward, loss_value, sgd_step
from workshop.plotting import PALETTE, plot_decision_boundary, use_style

workshop.seed_everything(0)
use_style()

X, y = data.make_moons(n_samples=200, noise=0.2, seed=0)
X = data.standardize(X)[0]
y = y.reshape(-1, 1).astype("float64")

model = keras.Sequential([
    keras.Input(shape=(2,), dtype="float64"),
    keras.layers.Dense(8, activation="relu", dtype="float64"),
    keras.layers.Dense(1, activation="sigmoid", dtype="float64"),
])
layers = [Layer(*dense.get_weights(), dense.activation.__name__) for dense in model.layers]
print("layers:", [(layer.kernel.shape, layer.activation) for layer in layers])

# %%
# One step by hand, and the same gradient from the tape
# -----------------------------------------------------
# The forward pass keeps every layer's weighted sums and outputs; the backward
# pass walks the layers in reverse with the chain rule, starting from
# :math:`p - y` at the sigmoid output. ``GradientTape`` records Keras's forward
# pass and differentiates it automatically: the two must agree.
def tape_gradients(model, X, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(keras.losses.binary_crossentropy(y, model(X)))
    return [g.numpy() for g in tape.gradient(loss, model.trainable_weights)]


grads = backward(forward(X, layers), layers, y, "binary_crossentropy")
ours = [g for pair in grads for g in pair]  # kernel, bias for each layer, as Keras lists them
difference = max(float(np.abs(a - b).max()) for a, b in zip(ours, tape_gradients(model, X, y)))
print(f"by hand vs GradientTape max gradient difference: {difference:.2e}")

# %%
# Training: by hand and with ``fit``
# ----------------------------------
# Each epoch is one step on the whole batch of 200 points. By hand: forward,
# backward, :math:`W \leftarrow W - \eta\, \partial L / \partial W`. With Keras:
# ``fit`` with ``keras.optimizers.SGD`` and ``batch_size=200``. Along the way
# the gradients by hand are compared with the tape's at every step.
learning_rate, steps = 0.5, 60
model.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate), loss="binary_crossentropy")
tape_model = keras.models.clone_model(model)  # a copy to ask the tape at the by-hand weights

hand_losses, largest_difference = [], 0.0
for _ in range(steps):
    run = forward(X, layers)
    hand_losses.append(loss_value(y, run.prediction, "binary_crossentropy"))
    grads = backward(run, layers, y, "binary_crossentropy")
    tape_model.set_weights([w for layer in layers for w in (layer.kernel, layer.bias)])
    tape = tape_gradients(tape_model, X, y)
    largest_difference = max(largest_difference, *(float(np.abs(a - b).max())
                                                    for a, b in zip([g for pair in grads for g in pair], tape)))
    layers = sgd_step(layers, grads, learning_rate)

history = model.fit(X, y, epochs=steps, batch_size=len(X), shuffle=False, verbose=0)
fit_losses = history.history["loss"]
weights_difference = max(float(np.abs(a - b).max()) for a, b in
                         zip(model.get_weights(), [w for layer in layers for w in (layer.kernel, layer.bias)]))
print(f"by hand vs GradientTape max gradient difference over training: {largest_difference:.2e}")
print(f"by hand vs fit loss curve max difference: {np.abs(np.subtract(hand_losses, fit_losses)).max():.2e}")
print(f"by hand vs fit trained weights max difference: {weights_difference:.2e}")
print(f"loss after {steps} steps: {hand_losses[-1]:.3f} (from {hand_losses[0]:.3f})")

# %%
# The two runs, side by side
# --------------------------
# The curves lie on top of each other: ``fit`` does nothing more than the loop
# above. On the right, the boundary the hand-trained weights draw.
fig, (ax_loss, ax_boundary) = plt.subplots(1, 2, figsize=(9, 3.6))
ax_loss.plot(np.arange(1, steps + 1), hand_losses, color=PALETTE[0], linewidth=3, label="by hand (NumPy)")
ax_loss.plot(np.arange(1, steps + 1), fit_losses, color=PALETTE[1], linestyle="--", label="model.fit")
ax_loss.set_xlabel("step (one batch of 200 points)")
ax_loss.set_ylabel("loss (binary crossentropy)")
ax_loss.legend()
ax_loss.set_title("The same loss at every step")


def predict_by_hand(points):
    return forward(points, layers).prediction


plot_decision_boundary(predict_by_hand, X, y.ravel().astype(int), ax=ax_boundary, resolution=80)
ax_boundary.set_title("Boundary of the hand-trained weights")
plt.show()
