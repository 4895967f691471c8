// The playground's modules on their own (node --test tests/js/): the engine's
// gradients against finite differences, the data, the CSV reader, the URL
// state and the Keras export. Keras itself is compared in
// tests/test_playground_keras.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture } from "./helpers.mjs";

const at = (file) => new URL(`../../docs/_static/playground/${file}`, import.meta.url).href;
const { Network, gradients, batchLoss, glorotUniform, randomGenerator, trainExactly, Trainer, predictedClass } = await import(at("engine.js"));
const { generate, parseCsv, split, encodeTargets, outputLayerFor, DATASETS, MAX_POINTS, MAX_CLASSES } = await import(at("data.js"));
const { parseHash, toHash, defaults, STATE } = await import(at("state.js"));
const { kerasCode } = await import(at("export.js"));
const { makeOptimizer } = await import(new URL("../../docs/_static/widgets/math.js", import.meta.url).href);

function meanLoss(network, xs, targets, loss) {
  const zs = [], as = [];
  for (const x of xs) { network.forward(x); zs.push(Array.from(network.output.z)); as.push(Array.from(network.output.a)); }
  return batchLoss(network.output.activation, loss, zs, as, targets).reduce((a, b) => a + b, 0) / xs.length;
}

// Every output activation with every loss whose gradient is the true derivative
// (one sigmoid unit under categorical crossentropy is the exception: TensorFlow's
// kernel gives softmax - y there, which the Keras test checks).
const CASES = [
  ["sigmoid", 1, "binary_crossentropy"], ["sigmoid", 1, "mean_squared_error"], ["sigmoid", 2, "binary_crossentropy"],
  ["softmax", 3, "categorical_crossentropy"], ["softmax", 3, "sparse_categorical_crossentropy"],
  ["softmax", 3, "binary_crossentropy"], ["softmax", 3, "mean_squared_error"], ["linear", 1, "mean_squared_error"],
];

for (const [activation, units, loss] of CASES) {
  test(`gradients match finite differences: ${activation} output, ${loss}`, () => {
    const network = Network.create(2, [{ units: 4, activation: "tanh" }, { units: 3, activation: "sigmoid" }, { units, activation }], 5);
    const random = randomGenerator(9);
    const xs = Array.from({ length: 6 }, () => [2 * random() - 1, 2 * random() - 1]);
    const classes = xs.map((_, i) => i % Math.max(units, 2));
    const targets = loss === "sparse_categorical_crossentropy" ? classes
      : units === 1 ? classes.map((c) => [activation === "linear" ? c * 0.7 - 0.2 : c]) : encodeTargets(classes, loss, units);
    const analytic = gradients(network, xs, targets, loss);
    const theta = network.parameters(), h = 1e-6;
    for (let i = 0; i < theta.length; i++) {
      const shifted = (d) => { const t = theta.slice(); t[i] += d; network.setParameters(t); return meanLoss(network, xs, targets, loss); };
      const numeric = (shifted(h) - shifted(-h)) / (2 * h);
      assert.ok(Math.abs(numeric - analytic[i]) < 1e-7 + 1e-5 * Math.abs(numeric), `parameter ${i}: numeric ${numeric}, backprop ${analytic[i]}`);
    }
  });
}

test("glorot uniform stays inside sqrt(6 / (fan_in + fan_out)) and is seeded", () => {
  const w = glorotUniform(16, 8, randomGenerator(1)), limit = Math.sqrt(6 / 24);
  assert.ok(w.every((v) => Math.abs(v) <= limit));
  assert.ok(Math.max(...w) > 0.8 * limit && Math.min(...w) < -0.8 * limit);
  assert.deepEqual(Array.from(glorotUniform(16, 8, randomGenerator(1))), Array.from(w));
  const network = Network.create(2, [{ units: 8, activation: "relu" }, { units: 1, activation: "sigmoid" }], 3);
  assert.ok(network.layers.every((l) => l.bias.every((b) => b === 0)));
});

test("get_weights and set_weights use Keras's layout: kernel (inputs, units), then bias", () => {
  const network = Network.create(2, [{ units: 3, activation: "relu" }, { units: 1, activation: "sigmoid" }], 1);
  const weights = network.getWeights();
  assert.deepEqual(weights.map((w) => [w.length, Array.isArray(w[0]) ? w[0].length : null]), [[2, 3], [3, null], [3, 1], [1, null]]);
  network.forward([0.5, -1]);
  const z0 = 0.5 * weights[0][0][1] - weights[0][1][1];
  assert.ok(Math.abs(network.layers[0].z[1] - z0) < 1e-15);
  assert.throws(() => network.setWeights(weights.slice(1)), /weights must hold 4 arrays/);
});

test("an exploding step stops with a message instead of NaN weights", () => {
  const setup = {
    inputs: 1, layers: [{ units: 2, activation: "linear" }, { units: 1, activation: "linear" }],
    weights: [[[1e150, 1e150]], [0, 0], [[1e150], [1e150]], [0]], x: [[1], [2]], y: [[0], [1]],
    loss: "mean_squared_error", optimizer: { name: "sgd", options: { learning_rate: 1 } }, batch_size: 2, epochs: 3,
  };
  assert.throws(() => trainExactly(setup), RangeError);
});

test("the trainer shuffles with its seed and records one history entry per epoch", () => {
  const data = generate("moons", { points: 60, noise: 0.1, seed: 2 });
  const run = () => {
    const network = Network.create(2, [{ units: 6, activation: "tanh" }, { units: 1, activation: "sigmoid" }], 4);
    const pack = { xs: data.xs, targets: encodeTargets(data.labels, "binary_crossentropy", 1), labels: data.labels };
    const trainer = new Trainer({ network, optimizer: makeOptimizer("adam", { learning_rate: 0.05 }), loss: "binary_crossentropy", train: pack, validation: pack, batchSize: 7, seed: 4 });
    while (trainer.epoch < 30) trainer.step();
    return trainer;
  };
  const a = run(), b = run();
  assert.equal(a.steps, 30 * Math.ceil(60 / 7));
  assert.deepEqual(a.history, b.history);
  assert.ok(a.history.at(-1).accuracy > 0.85, `accuracy ${a.history.at(-1).accuracy}`);
  assert.ok(a.history.at(-1).loss < a.history[0].loss);
});

test("predicted class: p > 0.5 for one unit, else the largest output", () => {
  assert.equal(predictedClass([0.5]), 0);
  assert.equal(predictedClass([0.51]), 1);
  assert.equal(predictedClass([0.1, 0.7, 0.2]), 1);
});

test("every data set is seeded, has the asked size and the expected labels", () => {
  for (const name of DATASETS) {
    const options = { points: 50, noise: 0.1, classes: 4, seed: 3 };
    const d = generate(name, options);
    assert.equal(d.xs.length, 50, name);
    assert.deepEqual(generate(name, options), d, `${name} is not seeded`);
    if (name === "curve") { assert.equal(d.xs[0].length, 1); assert.equal(d.ys.length, 50); continue; }
    const classes = new Set(d.labels);
    assert.deepEqual([...classes].sort(), name === "spirals" || name === "blobs" ? [0, 1, 2, 3] : [0, 1], name);
  }
  // workshop.data.make_xor's rule, before the noise: class 1 where the signs differ.
  const xor = generate("xor", { points: 200, noise: 0, seed: 1 });
  assert.ok(xor.xs.every(([x, y], i) => xor.labels[i] === ((x > 0) !== (y > 0) ? 1 : 0)));
  const circles = generate("circles", { points: 100, noise: 0, seed: 1 });
  assert.ok(circles.xs.every(([x, y], i) => Math.abs(Math.hypot(x, y) - (circles.labels[i] ? 0.5 : 1)) < 1e-12));
});

test("a CSV of x, y, label is read, with or without a header", () => {
  const d = parseCsv("x,y,label\n0,0,0\n1, 1, 1\n\n2,0.5,2\r\n-1,3,1\n");
  assert.deepEqual(d.xs, [[0, 0], [1, 1], [2, 0.5], [-1, 3]]);
  assert.deepEqual(d.labels, [0, 1, 2, 1]);
  const curve = parseCsv("0,1\n1,2\n2,3\n3,5");
  assert.deepEqual(curve.ys, [1, 2, 3, 5]);
  assert.deepEqual(curve.xs, [[0], [1], [2], [3]]);
});

test("a bad CSV is refused with the number of the line that is wrong", () => {
  const cases = [
    ["x,y,label\n0,0,0\n1,1\n2,2,1\n3,3,0", /^Error: line 3: expected 3 values/],
    ["0,0,0\n1,abc,1\n2,2,1\n3,3,0", /^Error: line 2: y must be a number, got "abc"/],
    ["0,0,0\n1,1,7\n2,2,1\n3,3,0", /^Error: line 2: label must be a whole number from 0 to 4, got 7/],
    ["0,0,0\n1,1,0.5\n2,2,1\n3,3,0", /^Error: line 2: label must be a whole number/],
    ["0,0,0,0\n", /^Error: line 1: expected "x, y, label"/],
    ["0,0,1\n1,1,1\n2,2,1\n3,3,1", /at least 2 classes/],
    ["0,0,1\n1,1,0", /at least 4 points/],
    ["0,0,1\n1,1e9,0\n2,2,1\n3,3,0", /^Error: line 2: y must be between/],
  ];
  for (const [text, message] of cases) assert.throws(() => parseCsv(text), message, text);
  const tooMany = Array.from({ length: MAX_POINTS + 1 }, (_, i) => `${i},0,${i % 2}`).join("\n");
  assert.throws(() => parseCsv(tooMany), new RegExp(`^Error: line ${MAX_POINTS + 1}: at most ${MAX_POINTS} points`));
});

test("the split holds out round(n * fraction) points, seeded, disjoint", () => {
  const { train, validation } = split(50, 0.2, 1);
  assert.equal(validation.length, 10);
  assert.equal(new Set([...train, ...validation]).size, 50);
  assert.deepEqual(split(50, 0.2, 1), { train, validation });
  assert.equal(split(3, 0.5, 1).train.length >= 1, true);
});

test("targets: class indices for the sparse loss, one-hot rows for softmax, [y] for one unit", () => {
  assert.deepEqual(encodeTargets([2, 0], "sparse_categorical_crossentropy", 3), [2, 0]);
  assert.deepEqual(encodeTargets([2, 0], "categorical_crossentropy", 3), [[0, 0, 1], [1, 0, 0]]);
  assert.deepEqual(encodeTargets([1, 0], "binary_crossentropy", 1), [[1], [0]]);
});

test("the URL state: defaults when empty, every table value round-trips", () => {
  assert.deepEqual(parseHash(""), { state: defaults(), problems: [] });
  const state = { ...defaults(), data: "blobs", classes: 5, units: [3, 16, 1], activations: ["tanh", "linear", "sigmoid"], optimizer: "sgd", momentum: 0.9, nesterov: true, added: [[0.5, -1.25, 4]] };
  const hash = toHash(state);
  assert.deepEqual(parseHash(`#${hash}`), { state, problems: [] });
  assert.equal(toHash(defaults()), "");
  assert.equal(STATE.length, new Set(STATE.map((e) => e.name)).size);
});

test("a malformed URL gives the defaults for what is wrong and says what it replaced", () => {
  const { state, problems } = parseHash("#noise=abc&units=8,99&optimizer=lbfgs&momentum=1&bogus=1&rho=0&%E0%A4%A=1&added=1:2");
  const d = defaults();
  assert.equal(state.noise, d.noise);
  assert.deepEqual(state.units, d.units);
  assert.equal(state.optimizer, d.optimizer);
  assert.equal(state.momentum, d.momentum);
  assert.equal(state.rho, d.rho);
  assert.deepEqual(state.added, []);
  for (const name of ["noise=abc", "units=8,99", "optimizer=lbfgs", "momentum=1", "unknown setting \"bogus\"", "rho=0", "added=1:2"]) {
    assert.ok(problems.some((p) => p.includes(name)), `no problem reported for ${name}: ${problems}`);
  }
  const mismatch = parseHash("#units=4,4,4&activations=tanh");
  assert.deepEqual(mismatch.state.activations, ["tanh", "tanh", "tanh"]);
  assert.equal(mismatch.problems.length, 1);
  for (const hash of ["#%", "#=&=", "#units=", "#added=", "#data=__proto__", "#constructor=1"]) assert.doesNotThrow(() => parseHash(hash), hash);
});

test("the Keras code builds, compiles and fits this setup", () => {
  const state = { ...defaults(), optimizer: "rmsprop", centered: true, momentum: 0.5 };
  const code = kerasCode({
    state, task: "multiclass", classes: 3, output: { units: 3, activation: "softmax" }, loss: "categorical_crossentropy",
    train: { xs: [[0.1, 0.2], [0.3, -0.4]], values: [0, 2] }, validation: { xs: [[1, 1]], values: [1] },
    weights: Network.create(2, [{ units: 8, activation: "relu" }, { units: 8, activation: "relu" }, { units: 3, activation: "softmax" }], 1).getWeights(),
    epochs: 12,
  });
  for (const line of [
    "keras.Input(shape=(2,)),", 'keras.layers.Dense(8, activation="relu"),', 'keras.layers.Dense(3, activation="softmax"),',
    "optimizer=keras.optimizers.RMSprop(learning_rate=0.01, rho=0.9, momentum=0.5, epsilon=1e-7, centered=True),",
    'loss="categorical_crossentropy",', "y_train = keras.utils.to_categorical(y_train, 3)",
    "history = model.fit(x_train, y_train, batch_size=16, epochs=12, validation_data=(x_val, y_val))",
  ]) assert.ok(code.includes(line), `missing: ${line}\n${code}`);
});

test("the output layer comes from the build's table (workshop.units.output_layer_table) for every task the page makes", () => {
  const table = fixture.playground_data.output_layers;
  assert.deepEqual(outputLayerFor(table, "binary", 2), { units: 1, activation: "sigmoid", loss: "binary_crossentropy" });
  assert.deepEqual(outputLayerFor(table, "regression", 0), { units: 1, activation: "linear", loss: "mean_squared_error" });
  for (let k = 3; k <= MAX_CLASSES; k++) {
    assert.deepEqual(outputLayerFor(table, "multiclass", k), { units: k, activation: "softmax", loss: "sparse_categorical_crossentropy" });
  }
  assert.throws(() => outputLayerFor(table, "multiclass", MAX_CLASSES + 1), /no row for multiclass with 6 classes: rebuild the site/);
});
