"""
Sparse or categorical crossentropy: same loss, two label formats
================================================================

Keras has two crossentropy losses for multi-class problems, and the only
difference between them is how the labels are written. With
``sparse_categorical_crossentropy`` the label of a "5" is the integer ``5``;
with ``categorical_crossentropy`` it is the one-hot row
``[0, 0, 0, 0, 0, 1, 0, 0, 0, 0]``. This example computes both on one batch,
then trains the same network twice from the same starting weights, once with
each, and overlays the two loss curves: you will see that they lie on top of
each other, and the printed differences are float32 rounding.
"""

# %%
# Set up
# ------
# Fixed seeds and the house plotting style, as in every example.
import keras
import matplotlib.pyplot as plt
import numpy as np

import workshop
from workshop import data, losses, plotting
from workshop.plotting import PALETTE

workshop.seed_everything(0)
plotting.use_style()

# %%
# One set of images, two ways of writing the labels
# -------------------------------------------------
# The 8x8 handwritten digits again (scaled to [0, 1]). ``y_integer`` holds each
# label as a number from 0 to 9; :func:`workshop.data.one_hot` writes the same
# labels as rows of ten numbers with a single 1.
X, y_integer = data.load_digits()
X = X / 16.0
y_one_hot = data.one_hot(y_integer, n_classes=10)
print(f"label of the first image, sparse:  {y_integer[0]}")
print(f"label of the first image, one-hot: {y_one_hot[0].astype(int).tolist()}")

# %%
# The model, built once
# ---------------------
# The same architecture as the digits example. Building it once and copying
# its initial weights into a clone gives two models that start from exactly
# the same point.
sparse_model = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ]
)
one_hot_model = keras.models.clone_model(sparse_model)
one_hot_model.set_weights(sparse_model.get_weights())

# %%
# Both losses on one batch
# ------------------------
# Before any training, the two models give the same probabilities. The
# categorical loss is :math:`-\sum_k y_k \log p_k`; with a one-hot :math:`y`
# every term but the true class's is 0, so it is :math:`-\log p_{\text{true}}`,
# which is exactly what the sparse loss computes from the integer label.
# (Some notes describe the sparse loss as the tool for a "less detailed"
# model that only names its answer. That is not so: in both cases the model
# outputs the same ten probabilities, and both losses score them the same way.
# Only the way the labels are written differs.)
batch = slice(0, 8)
probabilities = sparse_model.predict(X[batch], verbose=0)
sparse_loss = keras.ops.convert_to_numpy(keras.losses.sparse_categorical_crossentropy(y_integer[batch], probabilities))
categorical_loss = keras.ops.convert_to_numpy(keras.losses.categorical_crossentropy(y_one_hot[batch], probabilities))
print("sparse loss per image:     ", np.round(sparse_loss, 5))
print("categorical loss per image:", np.round(categorical_loss, 5))
print(f"one batch sparse vs categorical max difference: {np.max(np.abs(sparse_loss - categorical_loss)):.2e}")

# %%
# The NumPy versions in :mod:`workshop.losses` agree with both.
numpy_sparse = losses.sparse_categorical_crossentropy(y_integer[batch], probabilities)
numpy_categorical = losses.categorical_crossentropy(y_one_hot[batch], probabilities)
print(f"workshop sparse vs categorical max difference: {np.max(np.abs(numpy_sparse - numpy_categorical)):.2e}")
print(f"workshop vs keras sparse max difference: {np.max(np.abs(numpy_sparse - sparse_loss)):.2e}")

# %%
# Training both
# -------------
# Each model gets its own Adam optimizer with the same settings, and the seeds
# are reset before each ``fit`` so that both see the batches in the same
# shuffled order. Only the loss and the label format differ.
sparse_model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy")
one_hot_model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="categorical_crossentropy")

workshop.seed_everything(0)
sparse_history = sparse_model.fit(X, y_integer, epochs=10, batch_size=128, verbose=0)
workshop.seed_everything(0)
one_hot_history = one_hot_model.fit(X, y_one_hot, epochs=10, batch_size=128, verbose=0)

# %%
# The two loss curves
# -------------------
# The dashed curve (one-hot labels, categorical crossentropy) lies on the
# solid one (integer labels, sparse categorical crossentropy).
sparse_curve = np.array(sparse_history.history["loss"])
one_hot_curve = np.array(one_hot_history.history["loss"])
epochs = np.arange(1, len(sparse_curve) + 1)
fig, ax = plt.subplots()
ax.plot(epochs, sparse_curve, color=PALETTE[0], linewidth=4, alpha=0.6,
        label="integer labels, sparse_categorical_crossentropy")
ax.plot(epochs, one_hot_curve, color=PALETTE[1], linestyle="--", marker="o", markersize=4,
        label="one-hot labels, categorical_crossentropy")
ax.set_xlabel("epoch")
ax.set_ylabel("training loss (mean crossentropy, nats)")
ax.legend()
fig.suptitle("Same model, same start: the two crossentropy losses give the same curve")
plt.show()

# %%
# The first printed number is the largest gap between the two curves over
# all epochs, the second the largest gap between the trained weights: zero,
# or at most float32 rounding. (Inside ``fit``, on the TensorFlow backend,
# Keras notices that the last layer is a softmax and computes either loss
# straight from the scores before the softmax, the logits, which is
# numerically safer :claim:`loss-uses-activation-logits`. The two losses call different TensorFlow kernels for
# that, ``softmax_cross_entropy_with_logits`` and its sparse twin, which
# compute mathematically the same number; so the curves agree to rounding, not
# necessarily bit for bit. On the batch above, computed from the
# probabilities, they can differ in the last bits too.) So choose the loss by
# the format your labels are already in: integers, the sparse loss; one-hot
# rows, the categorical one. The sparse form saves memory when there are many
# classes, because it never builds the one-hot rows.
print(f"sparse vs categorical loss curve max difference: {np.max(np.abs(sparse_curve - one_hot_curve)):.2e}")
weight_gap = max(np.max(np.abs(a - b)) for a, b in zip(sparse_model.get_weights(), one_hot_model.get_weights()))
print(f"sparse vs categorical trained weights max difference: {weight_gap:.2e}")
