"""
Validation data, overfitting and early stopping
===============================================

Validation data is data the model does not train on, checked after every
epoch to see how it does on points it has not memorised. This example gives a
network far more capacity than a small, noisy data set needs, so that it starts
to memorise the noise. You will see the training loss keep falling while the
validation loss turns and rises, ``keras.callbacks.EarlyStopping`` stop the
run and rewind to the best epoch, and a final check on a separate test set,
which is still needed because the validation set has now been used to make a
decision.
"""

# %%
# Three separate sets
# -------------------
# One pool of noisy moons, whose classes overlap, is split three ways: a
# deliberately small **training** set the weights are fitted to, a
# **validation** set checked after every epoch, and a **test** set put aside
# until the very end. With few points and overlapping classes, a flexible
# boundary can wrap around individual noisy points: that is memorising, not
# learning.
import keras
import matplotlib.pyplot as plt
import numpy as np

import workshop
from workshop import data
from workshop.plotting import PALETTE, plot_decision_boundary, use_style

workshop.seed_everything(0)
use_style()

X, y = data.make_moons(n_samples=600, noise=0.35, seed=0)
X_rest, X_test, y_rest, y_test = data.train_validation_split(X, y, validation_fraction=0.5, seed=0)
X_train, X_val, y_train, y_val = data.train_validation_split(X_rest, y_rest, validation_fraction=250 / 300, seed=1)
print(f"{len(X_train)} training, {len(X_val)} validation and {len(X_test)} test points")

# %%
# A network too big for the data
# ------------------------------
# Two hidden layers of 256 ReLU units: over a thousand weights for every
# training point, far more flexibility than two overlapping half moons need.
model = keras.Sequential([
    keras.Input(shape=(2,)),
    keras.layers.Dense(256, activation="relu"),
    keras.layers.Dense(256, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001),
              loss="binary_crossentropy", metrics=["accuracy"])
print(f"{model.count_params()} weights for {len(X_train)} training points")
assert model.count_params() > 1000 * len(X_train), "the prose promises over a thousand weights per training point"

# %%
# Training with early stopping
# ----------------------------
# ``EarlyStopping`` watches the validation loss after every epoch
# :claim:`early-stopping-defaults`. When it has
# not improved for ``patience`` epochs in a row, training stops, and
# ``restore_best_weights=True`` puts back the weights of the best epoch, not the
# last one. The patience is generous so that the plot shows what happens after
# the best epoch: the model keeps getting better on the training set and worse
# on the validation set.
early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=15, restore_best_weights=True)
history = model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=100, batch_size=8,
                    callbacks=[early_stopping], verbose=0)
curves = history.history
best_epoch = int(np.argmin(curves["val_loss"])) + 1
print(f"stopped after {len(curves['loss'])} epochs; best epoch by validation loss: {best_epoch}")
print(f"early stopping best epoch: {best_epoch}")
print(f"early stopping validation loss at best epoch: {curves['val_loss'][best_epoch - 1]:.3f}")
print(f"early stopping validation loss at last epoch: {curves['val_loss'][-1]:.3f}")
# The story told next, checked on this run (a changed result fails the build).
best = best_epoch - 1
assert curves["loss"][best] < curves["loss"][0] and curves["val_loss"][best] < curves["val_loss"][0], \
    "both losses should fall up to the best epoch"
assert curves["loss"][-1] < curves["loss"][best], "the training loss should keep falling after the best epoch"
assert curves["val_loss"][-1] > curves["val_loss"][best], "the validation loss should rise after the best epoch"

# %%
# Training and validation curves part ways
# ----------------------------------------
# Up to the best epoch both losses fall: the network learns the moons. After
# it the training loss keeps falling while the validation loss rises: the
# network is fitting the noise of the training points, which does not carry
# over to new points. That widening gap is **overfitting**.
fig, ax = plt.subplots()
epochs = np.arange(1, len(curves["loss"]) + 1)
ax.plot(epochs, curves["loss"], color=PALETTE[0], label="training loss")
ax.plot(epochs, curves["val_loss"], color=PALETTE[1], linestyle="--", label="validation loss")
ax.axvline(best_epoch, color="black", linestyle=":", label=f"best epoch ({best_epoch}), weights restored")
ax.plot(best_epoch, curves["val_loss"][best_epoch - 1], "o", color=PALETTE[1])
ax.axvspan(best_epoch, epochs[-1], color="grey", alpha=0.15, label="patience: no improvement")
ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
ax.set_xlabel("epoch")
ax.set_ylabel("loss (binary crossentropy)")
ax.set_title("Training loss falls, validation loss turns: overfitting")
ax.legend(fontsize="small")
plt.show()

# %%
# The test set: the honest final score
# ------------------------------------
# The validation set chose the epoch to keep, so the best validation loss is a
# little optimistic: of all the epochs, we kept the one that happened to suit
# those particular points best. The test set took no part in any decision, so
# its score is an unbiased estimate of how the model does on new data. Read it
# once, at the end; if you tune anything on it, it becomes a second validation
# set and you need a fresh test set.
_, val_accuracy = model.evaluate(X_val, y_val, verbose=0)
_, test_accuracy = model.evaluate(X_test, y_test, verbose=0)
print(f"early stopping validation accuracy: {val_accuracy:.3f}")
print(f"early stopping test accuracy: {test_accuracy:.3f}")


fig, ax = plt.subplots()
plot_decision_boundary(model, X_test, y_test, ax=ax, resolution=100)
ax.set_title(f"Best-epoch model on the test points: accuracy {test_accuracy:.2f}")
ax.set_xlabel("feature $x_1$")
ax.set_ylabel("feature $x_2$")

plt.show()
