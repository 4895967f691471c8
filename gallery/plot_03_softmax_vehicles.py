"""
Softmax: from scores to probabilities
=====================================

A classifier with K classes ends in K neurons, one score (a *logit*) per
class, and softmax turns those scores into K probabilities that sum to 1.
This example follows five vehicle classes (car, bus, airplane, bike, cycle)
through the formula step by step in a printed table, checks that
``keras.activations.softmax`` gives the same numbers as
:func:`workshop.activations.softmax`, and shows in a bar chart what dividing
the logits by a temperature :math:`T` does to the probabilities.
"""

# %%
# Set up
# ------
# Fixed seeds and the house plotting style, as in every example.
import keras
import matplotlib.pyplot as plt
import numpy as np

import workshop
from workshop import activations, plotting

workshop.seed_everything(0)
plotting.use_style()

# %%
# The classes and their scores
# ----------------------------
# There are :math:`K = 5` classes, numbered :math:`i = 1, \dots, 5` in the order
# below, as the notes and the formula count. Python counts from 0: the class
# with :math:`i = 1` (car) is ``class_names[0]``, and the integer labels Keras
# expects run from 0 to :math:`K - 1`; the table below prints both numbers.
# Suppose the last layer of a network, looking at one photo, produced these
# logits :math:`z_i` (the same ones as on the activation functions page): any
# real numbers, bigger meaning "more likely". Nothing is trained here; the
# numbers are made up to follow them through the formula.
class_names = ["car", "bus", "airplane", "bike", "cycle"]
logits = np.array([2.0, 1.0, 0.1, 0.5, -1.0], dtype=np.float32)
K = len(class_names)

# %%
# The formula, one column at a time
# ---------------------------------
# Softmax is
#
# .. math:: \sigma(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}}
#
# so each logit is exponentiated (which makes it positive) and divided by the
# sum of all the exponentials (which makes the results add up to 1). The
# table lists :math:`i`, the Python index ``i - 1``, the class, :math:`z_i`,
# :math:`e^{z_i}` and :math:`\sigma(z)_i`.
exponentials = np.exp(logits.astype(np.float64))
probabilities = activations.softmax(logits)
print(f"K = {K}")
print(f"{'i':>2} {'index':>5}  {'class':<9} {'z_i':>6} {'e^z_i':>8} {'sigma(z)_i':>13}")
for i, (name, z, e, p) in enumerate(zip(class_names, logits, exponentials, probabilities), start=1):
    print(f"{i:>2} {i - 1:>5}  {name:<9} {z:>6.2f} {e:>8.4f} {p:>13.4f}")
print(f"{'':>2} {'':>5}  {'sum':<9} {'':>6} {exponentials.sum():>8.4f} {probabilities.sum():>13.4f}")

# %%
# Keras gives the same numbers
# ----------------------------
# ``keras.activations.softmax`` works on a batch, so the five logits go in as
# one row. The printed difference is float32 rounding.
keras_probabilities = keras.ops.convert_to_numpy(keras.activations.softmax(logits[np.newaxis, :]))[0]
print(f"keras vs workshop softmax max difference: {np.max(np.abs(keras_probabilities - probabilities)):.2e}")

# %%
# The probabilities as bars
# -------------------------
# The largest logit gets the largest probability, but not all of it: softmax
# keeps some probability on every class. The highlighted bar is the class the
# network would predict.
fig, ax = plt.subplots()
plotting.plot_probability_bars(probabilities, class_names, ax=ax, highlight=int(np.argmax(probabilities)))
ax.set_xlabel("class")
fig.suptitle(f"Softmax of the logits z = ({', '.join(f'{z:g}' for z in logits)})")
plt.show()

# %%
# Temperature: scaling the logits
# -------------------------------
# Dividing every logit by a temperature :math:`T > 0` before softmax,
# :math:`\sigma(z / T)`, keeps the order of the classes but changes how sure
# the result is. Below 1 it sharpens the distribution towards the top class;
# above 1 it flattens it towards the uniform :math:`1/K = 0.2` (the dotted
# line). The printed lines give the top probability at each temperature.
# (Adding the same number to every logit, by contrast, changes nothing at
# all: the factor it multiplies each :math:`e^{z_i}` by cancels in the
# fraction.)
temperatures = [0.5, 1.0, 2.0, 5.0]
fig, axes = plt.subplots(2, 2, figsize=(6.4, 4.8), sharey=True)
for ax, T in zip(axes.flat, temperatures):
    scaled = activations.softmax(logits / T)
    plotting.plot_probability_bars(scaled, class_names, ax=ax, highlight=int(np.argmax(scaled)))
    ax.axhline(1 / K, color="0.3", linestyle=":", linewidth=1)
    ax.set_title(f"T = {T:g}")
    ax.tick_params(axis="x", labelsize="small")
    if ax in axes[:, 1]:
        ax.set_ylabel("")
    print(f"top probability at temperature {T:g}: {scaled.max():.3f}")
fig.suptitle("Softmax of z / T: low T sharpens, high T flattens")
plt.show()

# %%
# The shift does nothing, as promised: the largest change below is rounding.
shifted = activations.softmax(logits + 100.0)
print(f"softmax(z + 100) vs softmax(z) max difference: {np.max(np.abs(shifted - probabilities)):.2e}")
