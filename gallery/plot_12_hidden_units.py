"""
How many hidden units?
======================

The input layer's size is fixed by the features and the output layer's by the
task; the hidden layer's size is a choice, "more art than science" in the
notes. This example trains the same one-hidden-layer network with 1, 2, 4, 8,
16, 64 and 256 hidden units on two concentric circles. You will see training
and validation accuracy against the number of units, the decision regions of
a few sizes, and how the notes' rule of thumb and their advice to start small
fare on this problem.
"""

# %%
# The data: a circle inside a circle
# ----------------------------------
# Class 1 lies on a small circle inside the ring of class 0. A single straight
# line cannot separate them; the network must build a closed boundary around
# the inner circle out of its hidden units.
import keras
import matplotlib.pyplot as plt
import numpy as np

import workshop
from workshop import data
from workshop.experiments import decision_boundary_grid
from workshop.plotting import PALETTE, use_style
from workshop.units import hidden_units_rule_of_thumb

workshop.seed_everything(0)
use_style()

X, y = data.make_circles(n_samples=400, noise=0.1, seed=0)
X_train, X_val, y_train, y_val = data.train_validation_split(X, y, validation_fraction=0.3, seed=0)

# %%
# The rule of thumb
# -----------------
# The notes suggest a hidden size between the input size (2 features) and the
# output size (1 sigmoid unit for two classes);
# :func:`workshop.units.hidden_units_rule_of_thumb` takes their geometric mean.
rule = hidden_units_rule_of_thumb(n_inputs=2, n_outputs=1)
print(f"rule of thumb for 2 inputs and 1 output: {rule} hidden units")

# %%
# One network per size
# --------------------
# Each candidate is the network you would write for this task: two inputs, one
# hidden ReLU layer of ``units`` units, one sigmoid output.
UNITS = [1, 2, 4, 8, 16, 64, 256]


def one_hidden_layer(units):
    return keras.Sequential([
        keras.Input(shape=(2,)),
        keras.layers.Dense(units, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ], name=f"units_{units}")


networks = {units: one_hidden_layer(units) for units in UNITS}

# %%
# Training all sizes in one pass
# ------------------------------
# Compiling and starting a training run has a fixed cost that, on a problem this
# small, is larger than the training itself. So we put the seven networks side
# by side in one functional model that feeds the same input to each and sums
# their seven losses. They share no weights, and each weight's gradient comes
# from its own network's loss only, so every network trains exactly as it would
# alone (with Adam on the same batches), just in one ``fit`` instead of seven.
inputs = keras.Input(shape=(2,))
side_by_side = keras.Model(inputs, [network(inputs) for network in networks.values()])
side_by_side.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05),
                     loss=["binary_crossentropy"] * len(UNITS))
side_by_side.fit(X_train, [y_train] * len(UNITS), epochs=10, batch_size=32, verbose=0)


def accuracy(network, X, y):
    return float(np.mean((network(X).numpy()[:, 0] > 0.5) == y))


train_accuracy = {units: accuracy(network, X_train, y_train) for units, network in networks.items()}
val_accuracy = {units: accuracy(network, X_val, y_val) for units, network in networks.items()}
for units, network in networks.items():
    print(f"width {units}: {network.count_params()} weights")
    print(f"hidden units {units} validation accuracy: {val_accuracy[units]:.3f}")

# %%
# Accuracy against size
# ---------------------
# With one or two units the boundary is too simple (one or two straight folds)
# to enclose the inner circle: both training and validation accuracy are low,
# the network *underfits*. A few more units close the boundary, and from there
# on extra units buy little: validation accuracy levels off while the number
# of weights keeps growing. The dashed line marks the rule of thumb. (The
# assert keeps "low" honest: more than ten points below the best width, on the
# training and on the validation points, or building this page fails.)
best = max(val_accuracy.values())
for units in (1, 2):
    assert max(train_accuracy[units], val_accuracy[units]) < best - 0.1, f"{units} units should underfit"
fig, ax = plt.subplots()
ax.plot(UNITS, [train_accuracy[u] for u in UNITS], "-o", color=PALETTE[0], label="training")
ax.plot(UNITS, [val_accuracy[u] for u in UNITS], "--s", color=PALETTE[1], label="validation")
ax.axvline(rule, color="grey", linestyle=":", label=f"rule of thumb ({rule} units)")
ax.set_xscale("log", base=2)
ax.set_xticks(UNITS, [str(u) for u in UNITS])
ax.set_xlabel("hidden units (log scale)")
ax.set_ylabel("accuracy (fraction correct)")
ax.set_title("Accuracy of one hidden layer against its width")
ax.legend(loc="lower right")

# %%
# What the boundaries look like
# -----------------------------
# Each ReLU unit contributes one straight fold to the boundary. One unit can
# only cut the plane in two; two units make a region bounded by two folds (a
# band if the folds happen to be parallel, in general a wedge); a handful make
# a polygon around the inner circle; hundreds make a smooth curve
# that is not much better on new points than the polygon.
SHOWN = [1, 2, 4, 256]
panels = {f"{u} unit{'s' if u > 1 else ''}: validation {val_accuracy[u]:.2f}": networks[u] for u in SHOWN}
fig, axes = decision_boundary_grid(panels, X_val, y_val, ncols=2,
                                   title="Decision regions on the validation points")

# %%
# Start small, then grow
# ----------------------
# The rule of thumb is a starting point, not an answer: here it lands in the
# underfitting region (checked above), because closing a boundary around the inner circle
# takes at least three ReLU folds whatever the number of inputs and outputs.
# The notes' other advice is the useful procedure: start small, measure
# validation accuracy, and double the width while it still improves. Stop when
# it levels off; a larger network only costs more to train and has more room
# to memorise noise (the next example shows that happening).
# With this many validation points, one or two points more or less correct is
# noise; the smallest width that comes within two points of the best is where
# the doubling could have stopped.
tolerance = 2 / len(X_val)
enough = min(u for u in UNITS if val_accuracy[u] >= max(val_accuracy.values()) - tolerance)
print(f"smallest width within two validation points of the best: {enough} units")

plt.show()
