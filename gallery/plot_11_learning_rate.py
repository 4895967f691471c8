"""
The learning rate: too small, about right, too large
====================================================

The learning rate scales the step the optimizer takes downhill: plain SGD
moves each weight by the learning rate times its gradient
:claim:`sgd-step-is-rate-times-gradient`. This
example trains the same network from the same initial weights with plain SGD
at three learning rates that differ by factors of ten or more. You will see
the three loss curves side by side: one that barely moves, one that falls
steadily, and one that lurches up and down and then freezes; then the decision
regions each run ends with, and why the too-large run is stuck.
"""

# %%
# Data and network
# ----------------
# Two interleaving half moons, a problem a straight line cannot solve, and a
# small network with two hidden ReLU layers and one sigmoid output unit for
# the two classes. The initial weights are saved so that every run starts from
# the same point.
import keras
import matplotlib.pyplot as plt
import numpy as np

import workshop
from workshop import data, losses
from workshop.plotting import PALETTE, decision_boundary_grid, use_style

workshop.seed_everything(0)
use_style()

X, y = data.make_moons(n_samples=800, noise=0.2, seed=0)
X_train, X_val, y_train, y_val = data.train_validation_split(X, y, validation_fraction=0.25, seed=0)

model = keras.Sequential([
    keras.Input(shape=(2,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
initial_weights = model.get_weights()
initial_loss = float(np.mean(losses.binary_crossentropy(y_train, model(X_train).numpy()[:, 0])))

# %%
# Three learning rates
# --------------------
# SGD moves every weight by the learning rate times its gradient. We train for
# the same number of epochs at each rate, from the same weights and on the same
# batches, and keep each run's loss per epoch and its final weights.
LEARNING_RATES = {"too small": 0.001, "about right": 0.5, "too large": 5.0}
EPOCHS = 15

histories, final_weights, accuracies = {}, {}, {}
for name, learning_rate in LEARNING_RATES.items():
    model.set_weights(initial_weights)
    keras.utils.set_random_seed(0)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate),
                  loss="binary_crossentropy", metrics=["accuracy"])
    histories[name] = model.fit(X_train, y_train, epochs=EPOCHS, batch_size=32, verbose=0).history
    final_weights[name] = model.get_weights()
    accuracies[name] = model.evaluate(X_val, y_val, verbose=0)[1]
    print(f"learning rate {learning_rate:g} validation accuracy: {accuracies[name]:.3f}")

# %%
# The loss curves
# ---------------
# At the small rate each step is so short that after all these epochs the loss
# has hardly left its starting value: training would get there, but it would
# take orders of magnitude more steps. At the moderate rate the loss falls
# steadily. At the large rate the steps overshoot: the loss lurches down and
# up from one epoch to the next, and then the epoch's loss stops changing, stuck above
# the dotted line of a network that answers 50 % for every point. (Had the weights
# overflowed instead, Keras would report a loss of ``nan``; the check below
# would say so, and the curve would simply end there.) The asserts make sure
# these sentences stay true of the run: if a change of library or data made
# them false, building this page would fail.
curves = {name: np.array([initial_loss] + history["loss"]) for name, history in histories.items()}
fig, ax = plt.subplots()
for color, (name, curve) in zip(PALETTE, curves.items()):
    if not np.all(np.isfinite(curve)):
        print(f"learning rate {name}: loss became nan at epoch {int(np.argmin(np.isfinite(curve)))}")
    ax.plot(np.arange(len(curve)), curve, "-o", markersize=3, color=color,
            label=f"{name}: lr {LEARNING_RATES[name]:g}")
small, right, large = curves["too small"], curves["about right"], curves["too large"]
print(f"too small: loss {small[0]:.3f} -> {small[-1]:.3f} after {EPOCHS} epochs")
assert small[-1] > 0.9 * small[0], "the too-small rate should hardly move the loss"
assert np.all(np.diff(right) < 0), "the moderate rate should lower the loss at every epoch"
assert np.any(np.diff(large) > 0), "the too-large rate should make the loss go up at some epoch"
assert np.ptp(large[-5:]) < 1e-4 and large[-1] > np.log(2), "the too-large run should end frozen above ln 2"
ax.axhline(np.log(2), color="grey", linestyle=":", label="always answering 50 % (ln 2)")
ax.set_xlabel("epoch")
ax.set_ylabel("training loss (binary crossentropy)")
ax.set_title("Plain SGD at three learning rates")
ax.legend(fontsize="small")
plt.show()

# %%
# Where each run ended
# --------------------
# The decision regions of the three trained networks on the validation points,
# with the validation accuracy in each title. The small rate has not yet found
# the moons; the moderate rate has bent its boundary around them; the large
# rate colours the whole plane one way (its prediction is the same for every
# validation point: checked below).
panels = {}
for name, weights in final_weights.items():
    trained = keras.models.clone_model(model)
    trained.set_weights(weights)
    panels[f"lr {LEARNING_RATES[name]:g}: accuracy {accuracies[name]:.2f}"] = trained
fig, axes = decision_boundary_grid(panels, X_val, y_val,
                                   title=f"Decision regions after {EPOCHS} epochs of SGD (validation points)")
axes[0].legend(loc="lower left", fontsize="small")
plt.show()

# %%
# Why the too-large run is stuck
# ------------------------------
# A ReLU unit outputs zero for every negative weighted sum, and then its
# gradient is zero too. One oversized step can push a unit's weights so far
# that its weighted sum is negative for every input: the unit is "dead", it
# passes nothing on, and its own weights get no gradient from these inputs.
# Counting the hidden units that output zero for every training point shows
# what happened. Once the last hidden layer is dead, the output is the same for
# every input: only the output layer's bias still gets a gradient
# :claim:`dead-relu-layer-still-passes-gradient-to-output-bias`, and it can
# move the one prediction up or down but not bend a boundary. (A dead unit
# could come back if the layers before it changed; here they get no gradient
# either, since every gradient to them passes through the dead layer.) The loss
# curve above looks
# frozen for another reason too: the seeded ``fit`` visits the batches in the
# same order every epoch (:doc:`/concepts/08-validation-data`), so the bias
# replays the same moves each epoch. Smaller learning rates leave (almost) all
# units alive.
# At the start (almost) no unit is dead: Keras draws each kernel from its
# default Glorot uniform initializer, small random weights of both signs, and
# sets every bias to zero :claim:`dense-initial-weights`, so a unit's weighted sum is positive for some inputs
# and negative for others.
for name, weights in {"initial": initial_weights, **final_weights}.items():
    model.set_weights(weights)
    activations = X_train
    dead = []
    for layer in model.layers[:-1]:
        activations = layer(activations).numpy()
        dead.append(int(np.sum(np.all(activations == 0, axis=0))))
    label = "initial weights" if name == "initial" else f"lr {LEARNING_RATES[name]:g}"
    print(f"{label}: dead ReLU units per hidden layer {dead} (of 16 each)")
    if name == "too large":
        assert dead[-1] == 16, "the too-large run should have a whole dead layer"
        predictions = model(X_val).numpy()[:, 0] > 0.5
        assert predictions.min() == predictions.max(), "a dead layer should give one class everywhere"
    else:
        assert sum(dead) <= 3, f"lr {LEARNING_RATES[name]:g} should leave (almost) all units alive"

plt.show()
