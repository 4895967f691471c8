/* The Keras code for the playground's setup: the data, keras.Sequential,
 * compile and fit, with the page's starting weights. No DOM.
 */

const OPTIMIZER_CLASSES = { sgd: "SGD", rmsprop: "RMSprop", adam: "Adam" };
/** The keyword arguments each Keras optimizer gets from the state, in Keras's order. */
export const OPTIMIZER_ARGUMENTS = Object.freeze({
  sgd: ["learning_rate", "momentum", "nesterov"],
  rmsprop: ["learning_rate", "rho", "momentum", "epsilon", "centered"],
  adam: ["learning_rate", "beta_1", "beta_2", "epsilon"],
});

const py = (v) => (typeof v === "boolean" ? (v ? "True" : "False") : typeof v === "string" ? JSON.stringify(v) : String(v));
const rounded = (v, digits) => +v.toPrecision(digits);
function rows(values, digits, indent) {
  const lines = [];
  for (let i = 0; i < values.length; i += 6) {
    lines.push(indent + values.slice(i, i + 6).map((v) => JSON.stringify(Array.isArray(v) ? v.map((u) => rounded(u, digits)) : rounded(v, digits))).join(", ") + ",");
  }
  return lines.join("\n");
}
const array = (name, values, dtype, digits = 6) => `${name} = np.array([\n${rows(values, digits, "    ")}\n], dtype="${dtype}")`;

/**
 * Python source that builds, compiles and fits this setup in Keras.
 * setup: { state, task, classes, output, loss, train: {xs, values}, validation: {xs, values}, weights, epochs }.
 */
export function kerasCode({ state, task, classes, output, loss, train, validation, weights, epochs }) {
  const regression = task === "regression";
  const labelType = regression ? "float32" : "int64";
  const oneHot = task === "multiclass" && loss !== "sparse_categorical_crossentropy";
  const lines = [
    "import numpy as np",
    "import keras",
    "",
    `# The page's ${train.xs.length} training and ${validation.xs.length} validation points (data "${state.data}", seed ${state.seed}).`,
    array("x_train", train.xs, "float32"),
    array("y_train", train.values, labelType),
    array("x_val", validation.xs, "float32"),
    array("y_val", validation.values, labelType),
  ];
  if (oneHot) lines.push(`y_train = keras.utils.to_categorical(y_train, ${classes})`, `y_val = keras.utils.to_categorical(y_val, ${classes})`);
  lines.push(
    "",
    "model = keras.Sequential([",
    `    keras.Input(shape=(${train.xs[0]?.length ?? 2},)),`,
    ...state.units.map((units, i) => `    keras.layers.Dense(${units}, activation="${state.activations[i]}"),`),
    `    keras.layers.Dense(${output.units}, activation="${output.activation}"),`,
    "])",
    "model.compile(",
    `    optimizer=keras.optimizers.${OPTIMIZER_CLASSES[state.optimizer]}(${OPTIMIZER_ARGUMENTS[state.optimizer].map((k) => `${k}=${py(state[k])}`).join(", ")}),`,
    `    loss="${loss}",`,
    ...(regression ? [] : ['    metrics=["accuracy"],']),
    ")",
    "# The page's starting weights (Glorot uniform kernels, zero biases). Leave this",
    "# line out and Keras draws its own; fit also shuffles in its own order.",
    "model.set_weights([np.array(w, dtype=\"float32\") for w in [",
    ...weights.map((w) => `    ${JSON.stringify(Array.isArray(w[0]) ? w.map((r) => r.map((v) => rounded(v, 8))) : w.map((v) => rounded(v, 8)))},`),
    "]])",
    `history = model.fit(x_train, y_train, batch_size=${state.batch_size}, epochs=${Math.max(epochs, 1)}, validation_data=(x_val, y_val))`,
  );
  return lines.join("\n") + "\n";
}
