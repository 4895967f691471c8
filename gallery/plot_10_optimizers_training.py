"""
SGD, RMSprop and Adam training the same network
===============================================

An optimizer is the rule that turns gradients into weight updates. To compare
three of them fairly, this example builds one network once, saves its initial
weights, and trains a copy from exactly those weights with each optimizer, on
the same batches in the same order. You will see the three training-loss
curves on one plot, the validation accuracy each reaches after the same number
of epochs, and the decision regions they end with on a three-armed spiral.
"""

# %%
# The data: three interleaved spirals
# -----------------------------------
# Each arm of the spiral is one class. No straight line separates them, so the
# network needs hidden layers, and the loss surface it trains on is far from a
# simple bowl. A quarter of the points are held out for validation.
import keras
import matplotlib.pyplot as plt
import numpy as np

import workshop
from workshop import data, losses
from workshop.experiments import decision_boundary_grid
from workshop.plotting import PALETTE, use_style

workshop.seed_everything(0)
use_style()

X, y = data.make_spirals(n_samples=1200, n_classes=3, noise=0.05, seed=0)
X_train, X_val, y_train, y_val = data.train_validation_split(X, y, validation_fraction=0.25, seed=0)

# %%
# One network, one starting point
# -------------------------------
# Two hidden ReLU layers and a softmax output with one unit per class. Keras
# draws the initial weights when the model is built; ``get_weights`` copies them
# so that every optimizer can start from the very same point on the loss
# surface. Otherwise a difference between optimizers could be luck of the
# initial draw.
model = keras.Sequential([
    keras.Input(shape=(2,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(3, activation="softmax"),
])
initial_weights = model.get_weights()
initial_loss = float(np.mean(losses.sparse_categorical_crossentropy(y_train, model(X_train).numpy())))
print(f"crossentropy before training: {initial_loss:.3f} (guessing evenly among 3 classes gives ln 3 = {np.log(3):.3f})")

# %%
# Three optimizers
# ----------------
# Each gets a learning rate that is a common starting point for it: SGD's step
# is the learning rate times the gradient, so it is given a larger one; RMSprop
# and Adam scale each weight's step by the recent size of its gradients, and
# 0.01 is already brisk for them. Before each run we restore the initial
# weights, compile with the new optimizer (a fresh optimizer has no memory of
# the previous run) and reset the random seed, so that the batches are shuffled
# identically. ``clone_model`` plus ``set_weights`` keeps a trained copy of
# each result.
OPTIMIZERS = {
    "SGD (lr 0.1)": lambda: keras.optimizers.SGD(learning_rate=0.1),
    "RMSprop (lr 0.01)": lambda: keras.optimizers.RMSprop(learning_rate=0.01),
    "Adam (lr 0.01)": lambda: keras.optimizers.Adam(learning_rate=0.01),
}
EPOCHS = 10

histories, trained, validation_accuracy = {}, {}, {}
for label, make_optimizer in OPTIMIZERS.items():
    model.set_weights(initial_weights)
    keras.utils.set_random_seed(0)
    model.compile(optimizer=make_optimizer(), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    histories[label] = model.fit(X_train, y_train, epochs=EPOCHS, batch_size=32, verbose=0).history
    trained[label] = keras.models.clone_model(model)
    trained[label].set_weights(model.get_weights())
    _, accuracy = model.evaluate(X_val, y_val, verbose=0)
    validation_accuracy[label] = accuracy
    print(f"optimizer comparison {label.split(' (')[0]} validation accuracy: {accuracy:.3f}")

# %%
# The loss curves
# ---------------
# All three start from the same loss at epoch 0, because they start from the
# same weights; each later point is the average loss over that epoch's batches.
# The adaptive optimizers drop faster: their per-weight scaling lets weights
# whose gradients are small still move at a useful speed, where SGD moves each
# weight in proportion to its gradient and crawls through flat stretches. The
# logarithmic loss axis shows the late progress that a linear one would flatten.
# The assert keeps that sentence true of this run: each adaptive optimizer's
# loss is below SGD's at every epoch, or building this page fails.
sgd_loss = np.array(histories["SGD (lr 0.1)"]["loss"])
for label, history in histories.items():
    print(f"optimizer comparison {label.split(' (')[0]} final training loss: {history['loss'][-1]:.4f}")
    if label != "SGD (lr 0.1)":
        assert np.all(np.array(history["loss"]) < sgd_loss), f"{label} should be below SGD at every epoch"
fig, ax = plt.subplots()
for color, (label, history) in zip(PALETTE, histories.items()):
    epochs = range(len(history["loss"]) + 1)
    ax.plot(epochs, [initial_loss] + history["loss"], "-o", markersize=3, color=color, label=label)
ax.set_yscale("log")
ax.set_xlabel("epoch")
ax.set_ylabel("training loss (crossentropy, log scale)")
ax.set_title("Same network, same start, three optimizers")
ax.legend()

# %%
# Where each optimizer ended
# --------------------------
# The validation accuracies printed above, seen as decision regions: the
# background colour is the class each trained network predicts at that point.
# After the same number of epochs, SGD's regions still cut corners of the
# spiral that the adaptive optimizers already follow: its validation accuracy
# is the lowest of the three (checked here).
assert all(validation_accuracy["SGD (lr 0.1)"] < accuracy for label, accuracy in validation_accuracy.items()
           if label != "SGD (lr 0.1)"), f"SGD should trail the adaptive optimizers: {validation_accuracy}"
fig, axes = decision_boundary_grid(trained, X_val, y_val,
                                   title=f"Decision regions after {EPOCHS} epochs (validation points)")
axes[0].legend(loc="lower right", fontsize="small")

plt.show()
