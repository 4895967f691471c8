"""
Handwritten digits: softmax and sparse categorical crossentropy
===============================================================

Recognising a digit is a question with ten answers, so the network ends in
ten neurons with a softmax, which turns their scores into ten probabilities,
and is trained with the sparse categorical crossentropy loss. This example
trains such a network on scikit-learn's 1,797 small (8x8 pixel) handwritten
digits. You will see its learning curves, a few test images with the
probabilities the network gives them, a confusion matrix of its mistakes,
and its accuracy on digits it never saw during training.
"""

# %%
# Set up
# ------
# Fixed seeds and the house plotting style, as in every example.
import keras
import matplotlib.pyplot as plt
import numpy as np

import workshop
from workshop import data, plotting

workshop.seed_everything(0)
plotting.use_style()

# %%
# The data
# --------
# Each image is 8x8 grey levels from 0 to 16, flattened into 64 numbers;
# dividing by 16 puts them between 0 and 1, a range the network trains well
# on. A fifth of the images are set aside as a *test set*, used once at the
# very end; a fifth of the rest is *validation* data, watched during training.
X, y = data.load_digits()
X = X / 16.0
X_rest, X_test, y_rest, y_test = data.train_validation_split(X, y, validation_fraction=0.2, seed=0)
X_train, X_val, y_train, y_val = data.train_validation_split(X_rest, y_rest, validation_fraction=0.2, seed=1)
print(f"training images: {len(X_train)}, validation images: {len(X_val)}, test images: {len(X_test)}")

# %%
# The model
# ---------
# 64 inputs (one per pixel), one hidden layer of 32 ReLU neurons, and 10
# softmax outputs, one per digit. The labels are the integers 0 to 9, which is
# what ``sparse_categorical_crossentropy`` expects: the loss of one image is
# :math:`-\log p_{y}`, minus the log of the probability given to its true
# digit :math:`y`.
model = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ]
)
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.01),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
history = model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=15, batch_size=64, verbose=0)

# %%
# Learning curves
# ---------------
# Loss down, accuracy up, on the training and the validation images alike
# (the asserts check that sentence on this run, so a changed result fails the
# build).
for name in ("loss", "val_loss"):
    assert history.history[name][-1] < history.history[name][0], f"{name} should go down"
for name in ("accuracy", "val_accuracy"):
    assert history.history[name][-1] > history.history[name][0], f"{name} should go up"
fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.4))
plotting.plot_history(history, metric="accuracy", axes=axes)
fig.suptitle("Digits: learning curves, training vs validation")
plt.show()

# %%
# What the network says about a few test images
# ---------------------------------------------
# ``predict`` returns ten probabilities per image (they sum to 1); the
# predicted digit is the most probable one. The top row shows test images the
# network reads correctly, the bottom row (red labels) some it gets wrong,
# each with the true digit, the prediction and the probability :math:`p` the
# network gives its prediction. Compare the probabilities of the two rows: a
# high probability is no guarantee of a right answer.
probabilities = model.predict(X_test, verbose=0)
predicted = probabilities.argmax(axis=1)
mistakes = np.flatnonzero(predicted != y_test)[:5]
correct = np.flatnonzero(predicted == y_test)[: 10 - len(mistakes)]
fig, axes = plt.subplots(2, 5, figsize=(6.4, 3.4))
for ax, index in zip(axes.flat, [*correct, *mistakes]):
    ax.imshow(X_test[index].reshape(8, 8), cmap="gray_r")
    ax.set_axis_off()
    wrong = predicted[index] != y_test[index]
    ax.text(0.5, -0.05, f"true {y_test[index]}, says {predicted[index]}\np = {probabilities[index].max():.2f}",
            transform=ax.transAxes, ha="center", va="top", fontsize="small",
            color=plotting.PALETTE[3] if wrong else "black")
fig.suptitle("Test digits read correctly (top) and misread (bottom)")
plt.show()

# %%
# The most confident mistake on the whole test set:
most_confident_mistake = float(probabilities[predicted != y_test].max())
print(f"highest probability given to a misread test digit: {most_confident_mistake:.3f}")
assert most_confident_mistake >= 0.9, "the prose promises a confident mistake"

# %%
# The confusion matrix
# --------------------
# Row = true digit, column = predicted digit. The diagonal counts the correct
# answers; every number off the diagonal is one kind of mistake: the count in
# row 8, column 1, for instance, is the number of 8s read as 1s.
fig, ax = plt.subplots(figsize=(4.8, 4.2))
plotting.plot_confusion_matrix(y_test, predicted, ax=ax)
fig.suptitle("Digits: confusion matrix on the test set")
plt.show()

# %%
# The printed accuracy is the fraction of the test images, which played no
# part in training or in choosing the settings, that the network reads
# correctly: the diagonal of the matrix divided by its total.
test_accuracy = float(np.mean(predicted == y_test))
print(f"digits test accuracy: {test_accuracy:.3f}")
