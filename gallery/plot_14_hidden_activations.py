"""
Hidden-layer activations: linear, sigmoid, tanh and ReLU
========================================================

The activation of a hidden layer is what lets a network bend its decision
boundary. This example trains the same small network four times on two
concentric circles, changing only the hidden layer's activation. You will see
the four decision boundaries in a 2x2 grid with each one's validation accuracy,
and a numerical check of why the linear one cannot do better than a straight
line: two linear layers in a row are one linear layer.
"""

# %%
# Data and the four networks
# --------------------------
# One hidden layer of 16 units and one sigmoid output; only the hidden
# activation changes. Every network starts from weights drawn with the same
# seed and sees the same batches, so the activation is the only difference.
# The learning rate is brisk (Adam's 0.1) so that ten epochs are enough.
import keras
import matplotlib.pyplot as plt
import numpy as np

import workshop
from workshop import data
from workshop.activations import sigmoid
from workshop.experiments import decision_boundary_grid
from workshop.plotting import use_style

workshop.seed_everything(0)
use_style()

X, y = data.make_circles(n_samples=600, noise=0.1, seed=0)
X_train, X_val, y_train, y_val = data.train_validation_split(X, y, validation_fraction=0.3, seed=0)

ACTIVATIONS = ["linear", "sigmoid", "tanh", "relu"]
networks, val_accuracy = {}, {}
for activation in ACTIVATIONS:
    keras.utils.set_random_seed(0)
    network = keras.Sequential([
        keras.Input(shape=(2,)),
        keras.layers.Dense(16, activation=activation),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    network.compile(optimizer=keras.optimizers.Adam(learning_rate=0.1), loss="binary_crossentropy")
    network.fit(X_train, y_train, epochs=10, batch_size=32, verbose=0)
    networks[activation] = network
    # Calling the model on an array predicts directly: cheaper than evaluate() for a few hundred points.
    val_accuracy[activation] = float(np.mean((network(X_val).numpy()[:, 0] > 0.5) == y_val))
    print(f"hidden activation {activation} validation accuracy: {val_accuracy[activation]:.3f}")

# %%
# Four decision boundaries
# ------------------------
# The background shows each network's predicted probability of the inner
# class, the black line where it crosses one half. The linear network can only
# draw a straight line, which is no use against a circle: its accuracy is
# about what guessing gives. Sigmoid, tanh and ReLU units each contribute a
# bend (a smooth step for sigmoid and tanh, a fold for ReLU), and sixteen bends
# are enough to enclose the inner circle. Guessing here means always answering
# the more common class; the asserts keep both sentences true of this run.
guess = max(np.mean(y_val), 1 - np.mean(y_val))
print(f"always answering the more common class, validation accuracy: {guess:.3f}")
assert abs(val_accuracy["linear"] - guess) <= 0.1, "the linear network should do about as well as guessing"
for activation in ("sigmoid", "tanh", "relu"):
    assert val_accuracy[activation] >= 0.9, f"{activation} should enclose the inner circle"
panels = {f"{a}: validation accuracy {val_accuracy[a]:.2f}": networks[a] for a in ACTIVATIONS}
fig, axes = decision_boundary_grid(panels, X_val, y_val, ncols=2,
                                   title="Same network, four hidden activations (validation points)")

# %%
# Why linear hidden units add nothing
# -----------------------------------
# A linear hidden layer computes :math:`h = x W_1 + b_1`, and the output unit's
# weighted sum is :math:`z = h W_2 + b_2 = x (W_1 W_2) + (b_1 W_2 + b_2)`: again
# just a weight vector and a bias. However many linear layers are stacked, the
# whole stack is one linear map, so the boundary ``z = 0`` is a straight line.
# We multiply the trained kernels out and compare the single layer they make
# with the network's own output weighted sum (the logit, recovered from its
# predicted probability :math:`p` as :math:`\log(p / (1 - p))`).
(W1, b1), (W2, b2) = (layer.get_weights() for layer in networks["linear"].layers)
W = W1 @ W2
b = b1 @ W2 + b2
print(f"16 hidden units collapse to one weight vector {W.ravel().round(3)} and bias {b.round(3)}")

p = networks["linear"](X_val).numpy()[:, 0].astype(np.float64)
network_logit = np.log(p) - np.log1p(-p)
collapsed_logit = (X_val @ W + b)[:, 0]
difference = float(np.max(np.abs(network_logit - collapsed_logit)))
print(f"linear hidden layer collapse max abs logit difference: {difference:.1e}")
print(f"largest probability difference: {np.max(np.abs(p - sigmoid(collapsed_logit))):.1e}")

# %%
# The difference is float32 rounding: the two-layer linear network and the
# one-layer map are the same function. That is why hidden layers need a
# non-linear activation, and why the notes reserve the linear activation for
# the output of a regression network, where a plain number is wanted.

plt.show()
