"""
Regression: Sam's practice hours and math score
===============================================

Sam noticed that the more hours they practise math problems, the better their
scores get. Here a single linear neuron (one ``Dense(1)`` unit, no activation,
mean squared error) learns that relationship from 60 sessions of practice. You
will see the fitted line over the data, the residuals it leaves, the learned
weight (points per hour) and bias (score with no practice) next to the values
the data was made with, predictions for new practice times, and the
:math:`R^2` score on sessions the model never trained on.
"""

# %%
# The data
# --------
# :func:`workshop.data.study_hours` draws practice times between 0 and 5 hours
# and scores of about ``40 + 10 * hours`` points plus random noise, the notes'
# "one hour more, ten points more". We keep a quarter of the sessions aside
# as a validation set, to judge the line on points it did not see.
import keras
import matplotlib.pyplot as plt
import numpy as np

import workshop
from workshop import data
from workshop.plotting import PALETTE, use_style

workshop.seed_everything(0)
use_style()

X, y = data.study_hours(n_samples=60, noise=4.0, seed=0)
X_train, X_val, y_train, y_val = data.train_validation_split(X, y, validation_fraction=0.25, seed=0)
print(f"{len(X_train)} training sessions, {len(X_val)} validation sessions, "
      f"practice from {X.min():.1f} to {X.max():.1f} hours")

# %%
# One neuron, no activation
# -------------------------
# Regression predicts a number, so the output is one unit with a linear
# activation: the prediction is ``weight * hours + bias``, a straight line.
# Mean squared error punishes a miss of 10 points four times as hard as a miss
# of 5. Adam's step is about ``learning_rate`` per update whatever the
# gradient's size, and the bias must travel from 0 to about 40 points, so a
# learning rate of 1.0 (large by the usual standards) gets there in a few
# hundred updates.
model = keras.Sequential([
    keras.Input(shape=(1,)),
    keras.layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1.0), loss="mean_squared_error")
history = model.fit(X_train, y_train, epochs=60, batch_size=8, verbose=0)
print(f"training MSE after {len(history.history['loss'])} epochs: {history.history['loss'][-1]:.1f} points^2")

# %%
# What the neuron learned
# -----------------------
# The layer's kernel is the weight (points per hour of practice) and its bias
# the predicted score with no practice at all. The data was generated with
# ``workshop.data.STUDY_HOURS_POINTS_PER_HOUR`` and
# ``workshop.data.STUDY_HOURS_BASELINE``; with noisy scores the learned
# values land close to them, not on them.
kernel, bias = model.layers[0].get_weights()
weight, baseline = float(kernel[0, 0]), float(bias[0])
print(f"sam regression weight (points per hour): {weight:.2f}")
print(f"true weight (points per hour): {data.STUDY_HOURS_POINTS_PER_HOUR:g}")
print(f"sam regression bias (points): {baseline:.2f}")
print(f"true bias (points): {data.STUDY_HOURS_BASELINE:g}")

hours = np.linspace(0, 6.5, 100, dtype=np.float32)[:, None]
fig, ax = plt.subplots()
ax.scatter(X_train[:, 0], y_train, s=18, color=PALETTE[0], label="training sessions")
ax.scatter(X_val[:, 0], y_val, s=22, color=PALETTE[1], marker="s", label="validation sessions")
ax.plot(hours[:, 0], model(hours).numpy()[:, 0], color=PALETTE[2], linewidth=2,
        label=f"learned: {weight:.1f} × hours + {baseline:.1f}")
ax.plot(hours[:, 0], data.STUDY_HOURS_BASELINE + data.STUDY_HOURS_POINTS_PER_HOUR * hours[:, 0],
        color="black", linestyle=":", label=f"true: {data.STUDY_HOURS_POINTS_PER_HOUR:g} × hours + {data.STUDY_HOURS_BASELINE:g}")
ax.axvspan(X.max(), hours.max(), color="grey", alpha=0.15, label="beyond the data")
ax.set_xlabel("practice (hours)")
ax.set_ylabel("math score (points)")
ax.set_title("Sam's score against practice time, with the learned line")
ax.legend(loc="upper left", fontsize="small")
plt.show()

# %%
# Residuals
# ---------
# A residual is the true score minus the predicted one. If a straight line is
# the right shape, the residuals scatter evenly around zero at every practice
# time, with no curve or funnel left in them: what remains is noise the model
# cannot (and should not) explain. Calling the model directly, as for the
# fitted line, computes the predictions in one go (``model.predict`` is meant
# for large inputs it splits into batches).
residual_train = y_train - model(X_train).numpy()[:, 0]
residual_val = y_val - model(X_val).numpy()[:, 0]
fig, ax = plt.subplots()
ax.axhline(0, color="black", linewidth=1)
ax.scatter(X_train[:, 0], residual_train, s=18, color=PALETTE[0], label="training sessions")
ax.scatter(X_val[:, 0], residual_val, s=22, color=PALETTE[1], marker="s", label="validation sessions")
ax.set_xlabel("practice (hours)")
ax.set_ylabel("residual: true - predicted score (points)")
ax.set_title("Residuals scatter around zero with no pattern")
ax.legend(fontsize="small")
plt.show()

# %%
# How good is the line?
# ---------------------
# :math:`R^2 = 1 - \sum (y - \hat y)^2 / \sum (y - \bar y)^2` compares the
# model's squared errors with those of always guessing the average score:
# 1 is perfect, 0 is no better than the average. Measured on the validation
# sessions it says how much of the spread in scores *unseen* sessions the line
# explains; the rest is the noise in the data.
r_squared = 1.0 - np.sum(residual_val**2) / np.sum((y_val - y_val.mean()) ** 2)
print(f"sam regression R^2: {r_squared:.3f}")

# %%
# Predictions, and a warning about extrapolation
# ----------------------------------------------
# For 2.5 hours, inside the range of practice times the model saw, the
# prediction is an interpolation and can be trusted about as far as the
# residuals above. For 6 hours the line is extended past every session in the
# data: the model has no evidence that the trend goes on (nothing in a straight
# line knows that scores stop at 100, or that the tenth hour helps less than the
# first). Treat predictions outside the data's range with suspicion.
new_hours = np.array([[2.5], [6.0]], dtype=np.float32)
for (h,), score in zip(new_hours, model.predict(new_hours, verbose=0)[:, 0]):
    where = "inside" if X.min() <= h <= X.max() else "OUTSIDE"
    print(f"{h:.1f} hours of practice -> predicted score {score:.1f} points ({where} the data's range)")

plt.show()
