"""
Binary classification: sigmoid and binary crossentropy
======================================================

A yes/no question needs one output neuron with a sigmoid, which turns its
weighted sum into the probability of "yes", and the binary crossentropy loss,
which punishes confident wrong answers hardest. This example trains such a
network twice: on two interleaving half moons, a toy problem no straight line
can solve, and on a real data set of breast tumours. You will see the learning
curves of both, the curved decision boundary the network found between the
moons, and the validation accuracy of each.
"""

# %%
# Set up
# ------
# Fixed seeds and the house plotting style, as in every example.
import keras
import matplotlib.pyplot as plt

import workshop
from workshop import data, plotting

workshop.seed_everything(0)
plotting.use_style()

# %%
# Two moons
# ---------
# 400 points in two classes (0 and 1) with some noise. A fifth of them are
# held out as *validation* data: the network never trains on them, so its
# accuracy there tells us how well it does on points it has not seen.
X, y = data.make_moons(n_samples=400, noise=0.2, seed=0)
X_train, X_val, y_train, y_val = data.train_validation_split(X, y, validation_fraction=0.2, seed=0)
print(f"training points: {len(X_train)}, validation points: {len(X_val)}")

# %%
# The model
# ---------
# Two inputs (the coordinates), two hidden layers of 16 ReLU neurons to bend
# the boundary, and one sigmoid neuron whose output is the probability of
# class 1. Binary crossentropy,
# :math:`L = -\bigl(y \log \hat{y} + (1 - y) \log(1 - \hat{y})\bigr)`, is the
# loss that goes with a sigmoid output.
moons_model = keras.Sequential(
    [
        keras.Input(shape=(2,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
moons_model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.02),
    loss="binary_crossentropy",
    metrics=["accuracy"],
)

# %%
# Training
# --------
# ``fit`` goes over the training points 20 times (epochs) in batches of 32,
# and after each epoch measures loss and accuracy on the validation points.
moons_history = moons_model.fit(
    X_train, y_train, validation_data=(X_val, y_val), epochs=20, batch_size=32, verbose=0
)

# %%
# Learning curves
# ---------------
# The loss falls and the accuracy rises on both sets. The two curves staying
# close means the network learned the shape of the moons rather than
# memorising the training points. The asserts keep these sentences true of
# the run (a changed result fails the build); the printed gap is the distance
# between the two accuracy curves at the last epoch.
curves = moons_history.history
for name in ("loss", "val_loss"):
    assert curves[name][-1] < curves[name][0], f"{name} should fall over the run"
for name in ("accuracy", "val_accuracy"):
    assert curves[name][-1] > curves[name][0], f"{name} should rise over the run"
accuracy_gap = abs(curves["accuracy"][-1] - curves["val_accuracy"][-1])
print(f"moons training vs validation accuracy gap: {accuracy_gap:.3f}")
assert accuracy_gap <= 0.05, f"the training and validation accuracies should stay close, gap {accuracy_gap:.3f}"
fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.4))
plotting.plot_history(moons_history, metric="accuracy", axes=axes)
fig.suptitle("Two moons: learning curves, training vs validation")
plt.show()

# %%
# The decision boundary
# ---------------------
# Colouring every point of the plane by the predicted probability shows what
# the network learned: the black line is where the probability is 0.5, the
# curved boundary between the classes.
fig, ax = plt.subplots()
plotting.plot_decision_boundary(moons_model, X, y, ax=ax)
fig.suptitle("Two moons: the learned decision boundary (probability 0.5 in black)")
plt.show()

# %%
# The printed accuracy is the fraction of the validation points that fall on
# the correct side of that line.
_, moons_accuracy = moons_model.evaluate(X_val, y_val, verbose=0)
print(f"moons validation accuracy: {moons_accuracy:.3f}")

# %%
# A real data set: breast tumours
# -------------------------------
# scikit-learn ships 569 measured tumours, 30 features each (sizes, textures,
# shapes of cell nuclei), labelled 1 = benign, 0 = malignant. The features
# have very different scales, so we standardise them (mean 0, standard
# deviation 1) with statistics of the training set only.
X, y = data.load_breast_cancer()
X_train, X_val, y_train, y_val = data.train_validation_split(X, y, validation_fraction=0.2, seed=0)
X_train, X_val = data.standardize(X_train, X_val)
print(f"training tumours: {len(X_train)}, validation tumours: {len(X_val)}, features: {X.shape[1]}")

# %%
# The same recipe
# ---------------
# Only the input size changes: 30 inputs, one hidden layer of 16 neurons, and
# the same sigmoid output and loss.
cancer_model = keras.Sequential(
    [
        keras.Input(shape=(30,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
cancer_model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.01),
    loss="binary_crossentropy",
    metrics=["accuracy"],
)
cancer_history = cancer_model.fit(
    X_train, y_train, validation_data=(X_val, y_val), epochs=15, batch_size=64, verbose=0
)

fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.4))
plotting.plot_history(cancer_history, metric="accuracy", axes=axes)
fig.suptitle("Breast tumours: learning curves, training vs validation")
plt.show()

# %%
# The printed accuracy is the fraction of the held-out tumours classified
# correctly. Accuracy alone hides *which* mistakes are made; for a medical
# question, missing a malignant tumour is worse than a false alarm, which is
# why real work also looks at the confusion matrix (see the digits example).
_, cancer_accuracy = cancer_model.evaluate(X_val, y_val, verbose=0)
print(f"breast cancer validation accuracy: {cancer_accuracy:.3f}")
