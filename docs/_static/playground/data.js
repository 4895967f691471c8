/* The playground's data: seeded generators with the shapes of workshop.data
 * (make_moons, make_circles, make_xor, make_spirals), Gaussian blobs and a
 * noisy 1-D curve for regression; a CSV reader that names the bad line; the
 * train/validation split; and the targets each loss expects. No DOM.
 */
import { randomGenerator, normal, permutation } from "./engine.js";

/** The largest data set the page accepts, generated or loaded. */
export const MAX_POINTS = 2000;
export const MAX_CLASSES = 5;

// Each generator: (n, noise, random, classes) -> { xs: [[x, y]], labels: [c] } (regression: ys).
const GENERATORS = {
  // workshop.data.make_moons: two interleaving half circles.
  moons(n, noise, random) {
    const upper = Math.floor(n / 2);
    return points(n, random, (i) => {
      const angle = Math.PI * random();
      return i < upper ? [Math.cos(angle), Math.sin(angle), 0] : [1 - Math.cos(angle), 0.5 - Math.sin(angle), 1];
    }, noise);
  },
  // workshop.data.make_circles: a circle of radius 0.5 (class 1) inside one of radius 1.
  circles(n, noise, random) {
    const outer = Math.floor(n / 2);
    return points(n, random, (i) => {
      const angle = 2 * Math.PI * random(), radius = i < outer ? 1 : 0.5;
      return [radius * Math.cos(angle), radius * Math.sin(angle), i < outer ? 0 : 1];
    }, noise);
  },
  // workshop.data.make_xor: class 1 where the two coordinates have different signs.
  xor(n, noise, random) {
    return points(n, random, () => {
      const x = 2 * random() - 1, y = 2 * random() - 1;
      return [x, y, (x > 0) !== (y > 0) ? 1 : 0];
    }, noise);
  },
  // workshop.data.make_spirals: K arms, arm k at angle 2 pi k / K + 3 r.
  spirals(n, noise, random, classes) {
    return points(n, random, (i) => {
      const label = i % classes, radius = 0.05 + 0.95 * random(), angle = (2 * Math.PI * label) / classes + 3 * radius;
      return [radius * Math.sin(angle), radius * Math.cos(angle), label];
    }, noise);
  },
  // K round clouds with centres on a circle of radius 1; noise is their spread beyond 0.15.
  blobs(n, noise, random, classes) {
    return points(n, random, (i) => {
      const label = i % classes, angle = (2 * Math.PI * label) / classes + 0.3;
      return [Math.cos(angle) + 0.15 * normal(random), Math.sin(angle) + 0.15 * normal(random), label];
    }, noise);
  },
  // y = sin(3x) / 1.2 + x / 2 on [-1.2, 1.2], plus noise on y.
  curve(n, noise, random) {
    const xs = [], ys = [];
    for (let i = 0; i < n; i++) {
      const x = 2.4 * random() - 1.2;
      xs.push([x]);
      ys.push(Math.sin(3 * x) / 1.2 + x / 2 + noise * normal(random));
    }
    return { xs, ys };
  },
};

export const DATASETS = Object.freeze(Object.keys(GENERATORS));
/** Data sets whose number of classes is a choice (the others have two). */
export const MULTICLASS_DATASETS = Object.freeze(["spirals", "blobs"]);

function points(n, random, draw, noise) {
  const xs = [], labels = [];
  for (let i = 0; i < n; i++) {
    const [x, y, label] = draw(i);
    xs.push([x + noise * normal(random), y + noise * normal(random)]);
    labels.push(label);
  }
  const order = permutation(n, random);
  return { xs: order.map((i) => xs[i]), labels: order.map((i) => labels[i]) };
}

/** A data set by name: { xs, labels } for classification, { xs, ys } for "curve". */
export function generate(name, { points: n, noise, classes = 2, seed }) {
  if (!Object.hasOwn(GENERATORS, name)) throw new RangeError(`data set must be one of ${DATASETS.join(", ")}, got ${name}`);
  const k = MULTICLASS_DATASETS.includes(name) ? classes : 2;
  return GENERATORS[name](n, noise, randomGenerator(seed), k);
}

/**
 * Read a small CSV of points: "x, y, label" per line (label a class 0-4), or
 * "x, y" per line for regression (y is then the target). A first line that is
 * not numbers is a header. Blank lines are skipped. Returns { xs, labels } or
 * { xs, ys }; a bad file throws an Error whose message names the line.
 */
export function parseCsv(text) {
  const rows = [];
  const lines = String(text).split(/\r\n|\r|\n/);
  let columns = null;
  lines.forEach((raw, index) => {
    const line = raw.trim(), number = index + 1;
    if (line === "") return;
    const cells = line.split(",").map((c) => c.trim());
    if (rows.length === 0 && columns === null && cells.some((c) => c !== "" && !Number.isFinite(Number(c)))) {
      columns = "header";
      return;
    }
    if (cells.length !== 2 && cells.length !== 3) throw new Error(`line ${number}: expected "x, y, label" (or "x, y" for regression), got ${cells.length} value${cells.length === 1 ? "" : "s"}`);
    if (rows.length && cells.length !== rows[0].length) throw new Error(`line ${number}: expected ${rows[0].length} values like the lines before, got ${cells.length}`);
    const values = cells.map((c, i) => {
      const v = c === "" ? NaN : Number(c);
      if (!Number.isFinite(v)) throw new Error(`line ${number}: ${["x", "y", "label"][i]} must be a number, got "${c.slice(0, 20)}"`);
      if (Math.abs(v) > 1e6) throw new Error(`line ${number}: ${["x", "y", "label"][i]} must be between -1e6 and 1e6, got ${c}`);
      return v;
    });
    if (values.length === 3 && !(Number.isInteger(values[2]) && values[2] >= 0 && values[2] < MAX_CLASSES)) {
      throw new Error(`line ${number}: label must be a whole number from 0 to ${MAX_CLASSES - 1}, got ${cells[2]}`);
    }
    if (rows.length >= MAX_POINTS) throw new Error(`line ${number}: at most ${MAX_POINTS} points, this file has more`);
    rows.push(values);
  });
  if (rows.length < 4) throw new Error(`the file needs at least 4 points, got ${rows.length}`);
  if (rows[0].length === 2) return { xs: rows.map(([x]) => [x]), ys: rows.map(([, y]) => y) };
  const labels = rows.map((r) => r[2]);
  if (new Set(labels).size < 2) throw new Error(`the labels must name at least 2 classes, got only class ${labels[0]}`);
  return { xs: rows.map(([x, y]) => [x, y]), labels };
}

/** Hold out round(n * fraction) points, chosen with the seed; returns the two index lists. */
export function split(n, fraction, seed) {
  const order = permutation(n, randomGenerator(seed + 7919));
  const nValidation = Math.min(Math.round(n * fraction), n - 1);
  return { train: order.slice(nValidation), validation: order.slice(0, nValidation) };
}

/**
 * The target of each sample for a loss: a class index for sparse categorical
 * crossentropy; one-hot rows for the other losses of a softmax output; [label]
 * for one output unit (0/1 classes, or the regression target).
 */
export function encodeTargets(values, loss, units) {
  if (loss === "sparse_categorical_crossentropy") return values.slice();
  if (units === 1) return values.map((v) => [v]);
  return values.map((c) => Array.from({ length: units }, (_, i) => (i === c ? 1 : 0)));
}

/**
 * The output layer for a task, { units, activation, loss }, from the build's
 * table (workshop.units.output_layer_table: rows of task, n_classes, units,
 * activation, loss); `classes` matters for "multiclass" only.
 */
export function outputLayerFor(table, task, classes) {
  const row = table.find((r) => r.task === task && (task !== "multiclass" || r.n_classes === classes));
  if (!row) throw new RangeError(`the build's output-layer table has no row for ${task}${task === "multiclass" ? ` with ${classes} classes` : ""}: rebuild the site`);
  return { units: row.units, activation: row.activation, loss: row.loss };
}
