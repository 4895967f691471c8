"""
Regularisation compared: L2, dropout and early stopping
=======================================================

A network with far more weights than training points memorises them: its
training loss keeps falling while its validation loss turns and rises. This
example trains one such setup four ways (plain, with an L2 penalty on the
kernels, with dropout, and with early stopping) and draws the training and
validation curves side by side, so that you can see what each one does to the
gap between them.
"""

# %%
# An overfitting setup
# --------------------
# Sixty noisy moon points to train on, a few hundred to validate on, and two
# hidden layers of 128 ReLU units: far more flexibility than the data needs.
# Every run starts from the same seed, so the four differ only in their
# regularisation.
import keras
import matplotlib.pyplot as plt
import numpy as np

import workshop
from workshop import data
from workshop.losses import binary_crossentropy
from workshop.plotting import PALETTE, use_style

use_style()

X, y = data.make_moons(n_samples=400, noise=0.35, seed=0)
X_train, X_val, y_train, y_val = data.train_validation_split(X, y, validation_fraction=340 / 400, seed=0)
# Labels as a column, the shape of the sigmoid's output (the crossentropy metric insists on it).
y_train, y_val = y_train.reshape(-1, 1).astype("float32"), y_val.reshape(-1, 1).astype("float32")
print(f"{len(X_train)} training and {len(X_val)} validation points")
EPOCHS = 100


def build(kernel_regularizer=None, dropout=0.0):
    """The same network each time; only the regularisation differs."""
    workshop.seed_everything(0)
    hidden = []
    for _ in range(2):
        hidden.append(keras.layers.Dense(128, activation="relu", kernel_regularizer=kernel_regularizer))
        if dropout:
            hidden.append(keras.layers.Dropout(dropout, seed=0))
    model = keras.Sequential([keras.Input(shape=(2,)), *hidden, keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.005), loss="binary_crossentropy")
    return model


X_both, y_both = np.concatenate([X_train, X_val]), np.concatenate([y_train, y_val])


def crossentropies(model):
    """The mean crossentropy on the training and on the validation points, in one prediction.

    The crossentropy alone: the loss Keras reports adds the L2 penalty, which is
    not a prediction error. The model is called directly, as a function: each
    new model's ``predict`` would compile a TensorFlow function of its own.
    """
    per_point = binary_crossentropy(y_both, np.asarray(model(X_both, training=False)))
    return float(per_point[:len(X_train)].mean()), float(per_point[len(X_train):].mean())


# %%
# Three trainings, four results
# -----------------------------
# ``kernel_regularizer=keras.regularizers.L2(0.003)`` adds
# :math:`0.003 \sum w^2` of every hidden kernel to the loss, so each step also
# pulls the weights towards 0. ``Dropout(0.4)`` zeroes 40 % of the hidden
# units at random in every training step (and none when validating).
#
# Each epoch is one step on all 60 training points (``train_on_batch``, which
# is what ``fit`` does per batch) followed by the validation loss: the same
# curves as ``fit(..., validation_data=...)`` at a fraction of its per-epoch
# cost, which keeps this page quick to build. Early stopping is Keras's own
# ``EarlyStopping`` callback, driven by the plain run's validation losses as
# ``fit`` would drive it: it stops once the loss has not improved for 15
# epochs and puts back the best epoch's weights.
runs = {
    "plain": build(),
    "L2 (0.003)": build(kernel_regularizer=keras.regularizers.L2(0.003)),
    "dropout (0.4)": build(dropout=0.4),
}
early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=15, restore_best_weights=True)
early_stopping.set_model(runs["plain"])
early_stopping.on_train_begin()
curves, stopped_at, best_weights = {}, None, None
for name, model in runs.items():
    curves[name] = {"loss": [], "val_loss": []}
    for epoch in range(EPOCHS):
        model.train_on_batch(X_train, y_train)
        for key, value in zip(("loss", "val_loss"), crossentropies(model)):
            curves[name][key].append(value)
        if model is runs["plain"] and stopped_at is None:
            early_stopping.on_epoch_end(epoch, logs={"val_loss": curves[name]["val_loss"][-1]})
            if model.stop_training:
                stopped_at, best_weights = epoch + 1, early_stopping.best_weights
    print(f"{name} final validation loss: {curves[name]['val_loss'][-1]:.3f}")

stopped = build()
stopped.set_weights(best_weights)
curves["early stopping"] = {key: values[:stopped_at] for key, values in curves["plain"].items()}
print(f"early stopping stopped after epoch: {stopped_at}")
print(f"early stopping final validation loss: {crossentropies(stopped)[1]:.3f}")

# %%
# Training and validation curves, side by side
# --------------------------------------------
# Plain: the training loss heads for 0 and the validation loss climbs after its
# best epoch, the signature of overfitting. L2 and dropout both keep the two
# curves closer and the validation loss lower; early stopping does not change
# the curves, it just stops near where the validation loss was best and keeps
# that epoch's weights.
fig, axes = plt.subplots(1, 4, figsize=(12, 3.2), sharey=True)
for ax, (name, history) in zip(axes, curves.items()):
    epochs = np.arange(1, len(history["loss"]) + 1)
    ax.plot(epochs, history["loss"], color=PALETTE[0], label="training")
    ax.plot(epochs, history["val_loss"], color=PALETTE[1], linestyle="--", label="validation")
    ax.set_xlim(0, EPOCHS)
    ax.set_title(name)
    ax.set_xlabel("epoch")
axes[0].set_ylabel("crossentropy (no penalty)")
axes[0].set_ylim(0, 1.2)
axes[0].legend(fontsize="small")
plt.show()

# %%
# What the numbers say
# --------------------
# Each regularisation narrows the gap between the validation and the training
# loss and ends lower on the validation set, checked here so that a changed result fails the build rather than
# contradicting the prose.
gaps = {name: h["val_loss"][-1] - h["loss"][-1] for name, h in curves.items()}
for name, gap in gaps.items():
    print(f"{name} validation minus training loss at the last epoch: {gap:.3f}")
assert gaps["L2 (0.003)"] < gaps["plain"] and gaps["dropout (0.4)"] < gaps["plain"], "regularisation should narrow the gap"
final = {name: h["val_loss"][-1] for name, h in curves.items()}
assert max(final["L2 (0.003)"], final["dropout (0.4)"]) < final["plain"], "regularisation should end lower on validation"
assert curves["plain"]["val_loss"][-1] > min(curves["plain"]["val_loss"]) + 0.1, "the plain run should overfit"
assert stopped_at < EPOCHS, "early stopping should stop before the last epoch"
