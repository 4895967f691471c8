/* Every sentence the playground shows or announces, in one place: the names
 * of the choices, what goes wrong with a loss the table does not pick, and
 * the lines that describe training and the plot. No DOM; the explanations a
 * reader reads before using the page are in docs/playground.md.
 */
import { fmt } from "../shared/dom.js";

const LABELS = {
  moons: "two moons", circles: "circles", xor: "XOR", spirals: "spirals", blobs: "Gaussian blobs",
  curve: "a noisy curve (regression)", own: "your points (classes)", "own-curve": "your points (a curve)",
  sgd: "SGD", rmsprop: "RMSprop", adam: "Adam", auto: "as the table says",
  binary_crossentropy: "binary crossentropy", categorical_crossentropy: "categorical crossentropy",
  sparse_categorical_crossentropy: "sparse categorical crossentropy", mean_squared_error: "mean squared error",
};
/** The name a reader sees for a data set, optimizer or loss. */
export const label = (v) => LABELS[v] ?? v;

// What goes wrong with a loss the table does not pick: "warn" trains, "stop" cannot.
const MISMATCH = {
  "binary|categorical_crossentropy": ["warn", "Categorical crossentropy takes a softmax over the output units; over one unit that softmax is always 1, so the loss is 0 at every point. TensorFlow's gradient, softmax(z) − y = 1 − y, still pushes the logit of every class-0 point down: the boundary drifts, it does not learn. Keras warns about it too."],
  "binary|sparse_categorical_crossentropy": ["stop", "Sparse categorical crossentropy reads each label as the index of an output unit. There is one unit, so label 1 is out of range and Keras stops with an InvalidArgumentError. Use binary crossentropy."],
  "binary|mean_squared_error": ["warn", "Squared error on a sigmoid trains, but its gradient carries the factor σ′(z), which is tiny when a point is confidently on the wrong side: those points are corrected slowly. Crossentropy's gradient, σ(z) − y, has no such factor."],
  "multiclass|binary_crossentropy": ["warn", "Keras computes binary crossentropy from the logits under the softmax, each through its own sigmoid, as if the classes were independent yes/no questions. It still learns, but the loss shown is not the softmax's, and the probabilities you see (softmax) are not the ones the loss judged."],
  "multiclass|mean_squared_error": ["warn", "Squared error between one-hot labels and softmax probabilities trains, but its gradient goes through the softmax's Jacobian and fades when a point is confidently wrong, so learning is slower than with crossentropy."],
  "regression|binary_crossentropy": ["stop", "Crossentropy compares probabilities with class labels; a curve's targets are real numbers and its linear output is not a probability. Keras trains binary crossentropy on them anyway, to a loss that means nothing; categorical crossentropy on one unit has a loss near 0 whatever the weights; only the sparse one stops with an error. This page stops for all three: use mean squared error."],
};
MISMATCH["regression|categorical_crossentropy"] = MISMATCH["regression|sparse_categorical_crossentropy"] = MISMATCH["regression|binary_crossentropy"];

/** { stops, text } for a task and a loss the table does not pick, or null when the pair is the table's (or harmless). */
export function mismatch(task, loss) {
  const found = MISMATCH[`${task}|${loss}`];
  if (!found) return null;
  const stops = found[0] === "stop";
  return { stops, text: `${stops ? "This cannot train" : "Allowed, but"}: ${found[1]}` };
}

/** The short notes beside the controls and under the figures. */
export const HINTS = Object.freeze({
  validation: "held out, drawn as rings",
  seed: "same seed, same data and start",
  addPoint: "or click the plot (the class applies)",
  csv: "lines x, y, label (0-4); or x, y for a curve",
  loss: "Loss per epoch: training (solid), validation (dashed)",
  accuracy: "Accuracy per epoch: training (solid), validation (dashed)",
});

export const badAddress = (problems) => `Some settings in the address were not valid and were replaced by their defaults: ${problems.join("; ")}.`;
export const badSetting = (name, allowed, kept) => `${name} must be ${allowed}; it stays ${kept}.`;
export const badUnits = (max) => `Units must be a whole number from 1 to ${max}.`;
export const BAD_POINT = "A point needs two numbers x and y between -1e6 and 1e6.";
export const pointAdded = (x, y, c) => `Added a point at (${fmt(x, 3)}, ${fmt(y, 3)})${c === null ? "" : `, class ${c}`} to the training points.`;
export const csvLoaded = (count, name, maxShared) => `Loaded ${count} points from ${name}.${count > maxShared ? ` Only the first ${maxShared} travel in a copied link.` : ""}`;
export const csvRefused = (name, error) => `${name} was not loaded, nothing changed: ${error.message}.`;
export const trainingStopped = (epoch, error) => `Training stopped at epoch ${epoch}: ${error.message}. A smaller learning rate usually helps; Reset starts again.`;
export const COPY_REFUSED = "Copying is not allowed here: select the text and copy it.";

/** The line under the network's controls: the output layer the table gives this task, and its loss. */
export function outputLine(task, classes, output) {
  const what = task === "multiclass" ? `${task}, ${classes} classes` : task;
  return `Output layer (${what}, as workshop.units.output_layer decides): Dense(${output.units}, activation="${output.activation}"); its loss: ${label(output.loss)}.`;
}

/** Where training is, in one sentence (read out by screen readers). */
export function summary({ failed, blocked, trainer, sets, task }) {
  if (failed) return failed;
  if (blocked) return "This setup cannot train: see the note under Loss.";
  const last = trainer.history.at(-1);
  const steps = `${trainer.steps} step${trainer.steps === 1 ? "" : "s"}`;
  if (!last) return `Epoch 0 (${steps}): not trained yet. ${sets.train.length} training and ${sets.validation.length} validation points.`;
  const accuracy = task === "regression" ? "" : `, training accuracy ${fmt(last.accuracy, 2)}, validation accuracy ${fmt(last.val_accuracy, 2)}`;
  return `Epoch ${last.epoch} (${steps}): training loss ${fmt(last.loss)}, validation loss ${fmt(last.val_loss)}${accuracy}.`;
}

/** The plot's description: its caption and its accessible name. */
export function plotDescription({ data, task, sets, x }) {
  const what = task === "regression" ? "the fitted curve" : "the decision regions (shading: how sure the network is; line: the boundary)";
  return `${label(data)}: ${what}, ${sets.train.length} training points (filled) and ${sets.validation.length} validation points (rings), x from ${fmt(x[0], 2)} to ${fmt(x[1], 2)}.`;
}
export const PLOT_HINT = "Click to add a point.";

/** A curve's accessible name: what it shows and its last values. */
export function curveDescription(name, train, validation) {
  const last = train.length ? `last: training ${fmt(train.at(-1))}, validation ${fmt(validation.at(-1))}` : "no epochs yet";
  return `${name} per epoch, ${last}`;
}
