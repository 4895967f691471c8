/* The playground's network: Dense layers, Keras's Glorot uniform start, the
 * forward pass, backpropagation and mini-batch training. No DOM.
 *
 * The activations, losses and optimizers are the widgets' (../widgets/math.js);
 * what is new here is how they are put together. The gradient of the loss with
 * respect to the output layer's pre-activations z follows what TensorFlow
 * differentiates inside Keras's fit: a sigmoid or softmax output hands its
 * logits z to the crossentropy losses (Keras keeps them on the output tensor),
 * so for crossentropy the gradient is TensorFlow's kernel formula in z, and
 * for mean squared error it goes through the activation. The Python test
 * tests/test_playground_keras.py trains the same setups with Keras and compares.
 */
import {
  ACTIVATIONS, derivative, softmax, sigmoid, makeOptimizer,
  binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy, meanSquaredError,
} from "../widgets/math.js";

export const HIDDEN_ACTIVATIONS = Object.freeze(Object.keys(ACTIVATIONS));
export const OUTPUT_ACTIVATIONS = Object.freeze(["sigmoid", "softmax", "linear"]);
export const LOSSES = Object.freeze([
  "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy", "mean_squared_error",
]);

/** Seeded uniform numbers in [0, 1) (mulberry32): the same seed gives the same network and data. */
export function randomGenerator(seed) {
  let a = seed >>> 0;
  return function random() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal number from two uniform ones (Box-Muller). */
export function normal(random) {
  const u = 1 - random(), v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** The indices 0 .. n-1 in a seeded random order (Fisher-Yates). */
export function permutation(n, random) {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Glorot uniform: W ~ U(-l, l) with l = sqrt(6 / (fan_in + fan_out)), Keras's default kernel initialiser. */
export function glorotUniform(fanIn, fanOut, random) {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return Float64Array.from({ length: fanIn * fanOut }, () => (2 * random() - 1) * limit);
}

/**
 * A stack of Dense layers. Each layer keeps its kernel as Keras does, shape
 * (inputs, units) in row-major order, and its bias; biases start at zero.
 * forward() writes into buffers the network owns (no allocation per sample):
 * what it returns is valid until the next call.
 */
export class Network {
  constructor(inputs, layers) {
    if (!Number.isInteger(inputs) || inputs < 1) throw new RangeError(`inputs must be a whole number >= 1, got ${inputs}`);
    if (!Array.isArray(layers) || layers.length < 1) throw new RangeError("layers must list at least the output layer");
    let fanIn = inputs;
    this.inputs = inputs;
    this.layers = layers.map(({ units, activation }, index) => {
      if (!Number.isInteger(units) || units < 1) throw new RangeError(`layers[${index}].units must be a whole number >= 1, got ${units}`);
      const allowed = index === layers.length - 1 ? [...HIDDEN_ACTIVATIONS, "softmax"] : HIDDEN_ACTIVATIONS;
      if (!allowed.includes(activation)) throw new RangeError(`layers[${index}].activation must be one of ${allowed.join(", ")}, got ${activation}`);
      const layer = {
        units, activation, fanIn, f: ACTIVATIONS[activation],
        kernel: new Float64Array(fanIn * units), bias: new Float64Array(units),
        z: new Float64Array(units), a: new Float64Array(units), dz: new Float64Array(units),
      };
      fanIn = units;
      return layer;
    });
    this.size = this.layers.reduce((n, l) => n + l.kernel.length + l.bias.length, 0);
    this.input = new Float64Array(inputs);
  }

  /** A network with Glorot uniform kernels and zero biases, drawn from `seed`. */
  static create(inputs, layers, seed) {
    const network = new Network(inputs, layers);
    const random = randomGenerator(seed);
    for (const layer of network.layers) layer.kernel = glorotUniform(layer.fanIn, layer.units, random);
    return network;
  }

  get output() { return this.layers[this.layers.length - 1]; }

  /** All kernels and biases in one array (layer by layer, kernel then bias): what the optimizer steps. */
  parameters() {
    const flat = new Float64Array(this.size);
    let offset = 0;
    for (const { kernel, bias } of this.layers) {
      flat.set(kernel, offset); offset += kernel.length;
      flat.set(bias, offset); offset += bias.length;
    }
    return flat;
  }

  setParameters(flat) {
    let offset = 0;
    for (const layer of this.layers) {
      for (let i = 0; i < layer.kernel.length; i++) layer.kernel[i] = flat[offset++];
      for (let i = 0; i < layer.bias.length; i++) layer.bias[i] = flat[offset++];
    }
  }

  /** The weights as model.get_weights() lists them: [kernel rows, bias, kernel rows, bias, ...]. */
  getWeights() {
    return this.layers.flatMap(({ kernel, bias, fanIn, units }) => [
      Array.from({ length: fanIn }, (_, i) => Array.from(kernel.subarray(i * units, (i + 1) * units))),
      Array.from(bias),
    ]);
  }

  /** model.set_weights(weights): the same list get_weights gives. */
  setWeights(weights) {
    if (!Array.isArray(weights) || weights.length !== 2 * this.layers.length) throw new RangeError(`weights must hold ${2 * this.layers.length} arrays (a kernel and a bias per layer), got ${weights?.length}`);
    this.layers.forEach((layer, l) => {
      const kernel = weights[2 * l].flat(), bias = weights[2 * l + 1];
      if (kernel.length !== layer.kernel.length || bias.length !== layer.bias.length) throw new RangeError(`weights for layer ${l} must be ${layer.fanIn}x${layer.units} and ${layer.units}`);
      layer.kernel = Float64Array.from(kernel);
      layer.bias = Float64Array.from(bias);
    });
  }

  /** z = W^T a + b, a = f(z), layer by layer; each layer keeps its z and a for backpropagation. Returns the output a. */
  forward(x) {
    if (x.length !== this.inputs) throw new RangeError(`a sample must have ${this.inputs} features, got ${x.length}`);
    const layers = this.layers;
    let input = this.input;
    for (let i = 0; i < x.length; i++) input[i] = x[i];
    for (let l = 0; l < layers.length; l++) {
      const { kernel, bias, fanIn, units, activation, f, z, a } = layers[l];
      for (let j = 0; j < units; j++) z[j] = bias[j];
      for (let i = 0; i < fanIn; i++) {
        const value = input[i], row = i * units;
        for (let j = 0; j < units; j++) z[j] += value * kernel[row + j];
      }
      if (activation === "softmax") a.set(softmax(z));
      else for (let j = 0; j < units; j++) a[j] = f(z[j]);
      input = a;
    }
    return input;
  }

  /** The output for one sample, as a new array. */
  predict(x) {
    return Float64Array.from(this.forward(x));
  }
}

/**
 * The gradient of one sample's loss with respect to the output layer's z, into `dz`.
 *
 * Crossentropy after sigmoid or softmax is computed by Keras from the logits z:
 * binary crossentropy as sigmoid crossentropy of each z_i (even under a softmax),
 * categorical as softmax crossentropy, whose TensorFlow gradient is
 * softmax(z) - y (also for one unit, where the loss itself is always 0).
 * Otherwise the gradient dL/da is taken back through the activation.
 * `target` is a class index for the sparse loss, else an array of targets.
 */
export function outputGradient(activation, loss, z, a, target, dz) {
  const k = z.length;
  const fromLogits = activation === "sigmoid" || activation === "softmax";
  if (loss === "sparse_categorical_crossentropy" || loss === "categorical_crossentropy") {
    if (!fromLogits) throw new RangeError(`${loss} needs a sigmoid or softmax output, got ${activation}`);
    const sparse = loss === "sparse_categorical_crossentropy";
    const p = activation === "softmax" ? a : softmax(z);
    for (let i = 0; i < k; i++) dz[i] = p[i] - (sparse ? (i === target ? 1 : 0) : target[i]);
  } else if (loss === "binary_crossentropy") {
    if (!fromLogits) throw new RangeError(`binary_crossentropy needs a sigmoid or softmax output, got ${activation}`);
    for (let i = 0; i < k; i++) dz[i] = (sigmoid(z[i]) - target[i]) / k;
  } else if (loss === "mean_squared_error") {
    for (let i = 0; i < k; i++) dz[i] = (2 * (a[i] - target[i])) / k; // dL/da first
    if (activation === "softmax") {
      // The softmax Jacobian: dz_j = a_j (dL/da_j - sum_i dL/da_i a_i).
      let dot = 0;
      for (let i = 0; i < k; i++) dot += dz[i] * a[i];
      for (let j = 0; j < k; j++) dz[j] = a[j] * (dz[j] - dot);
    } else {
      for (let i = 0; i < k; i++) dz[i] *= derivative(activation, z[i]);
    }
  } else {
    throw new RangeError(`loss must be one of ${LOSSES.join(", ")}, got ${loss}`);
  }
  return dz;
}

/**
 * Each sample's loss as Keras computes it (from the logits z for crossentropy
 * after sigmoid or softmax): zs and as are rows of z and a, one per sample.
 */
export function batchLoss(activation, loss, zs, as, targets) {
  const rows = (values) => values.map((t) => (typeof t === "number" ? t : Array.from(t)));
  if (loss === "mean_squared_error") return meanSquaredError(rows(targets), as);
  if (activation !== "sigmoid" && activation !== "softmax") throw new RangeError(`${loss} needs a sigmoid or softmax output, got ${activation}`);
  if (loss === "sparse_categorical_crossentropy") return sparseCategoricalCrossentropy(rows(targets), zs, true);
  if (loss === "categorical_crossentropy") return categoricalCrossentropy(rows(targets), zs, true);
  if (loss === "binary_crossentropy") return binaryCrossentropy(rows(targets), zs, true);
  throw new RangeError(`loss must be one of ${LOSSES.join(", ")}, got ${loss}`);
}

/** One sample's loss and the gradient with respect to the output layer's z. */
export function lossAndGradient(activation, loss, z, a, target) {
  const dz = outputGradient(activation, loss, z, a, target, new Float64Array(z.length));
  return { loss: batchLoss(activation, loss, [Array.from(z)], [Array.from(a)], [target])[0], dz };
}

/**
 * The gradient of the batch's mean loss with respect to every parameter (flat,
 * as parameters()). With `record`, each sample's output z and a are pushed
 * onto record.zs and record.as (the loss before the step, as fit logs it).
 */
export function gradients(network, xs, targets, loss, record) {
  const grads = new Float64Array(network.size);
  const offsets = [];
  let offset = 0;
  for (const layer of network.layers) { offsets.push(offset); offset += layer.kernel.length + layer.bias.length; }
  const n = xs.length, layers = network.layers, L = layers.length, out = network.output;
  for (let s = 0; s < n; s++) {
    network.forward(xs[s]);
    if (record) { record.zs.push(Array.from(out.z)); record.as.push(Array.from(out.a)); }
    let dz = outputGradient(out.activation, loss, out.z, out.a, targets[s], out.dz);
    for (let l = L - 1; l >= 0; l--) {
      const { kernel, fanIn, units } = layers[l], input = l === 0 ? network.input : layers[l - 1].a, base = offsets[l];
      for (let i = 0; i < fanIn; i++) {
        const a = input[i] / n, row = base + i * units;
        for (let j = 0; j < units; j++) grads[row + j] += a * dz[j];
      }
      const biasBase = base + kernel.length;
      for (let j = 0; j < units; j++) grads[biasBase + j] += dz[j] / n;
      if (l > 0) {
        const below = layers[l - 1];
        for (let i = 0; i < fanIn; i++) {
          let sum = 0;
          const row = i * units;
          for (let j = 0; j < units; j++) sum += kernel[row + j] * dz[j];
          below.dz[i] = sum * derivative(below.activation, below.z[i]);
        }
        dz = below.dz;
      }
    }
  }
  return grads;
}

/** One optimizer step on one batch (Keras's train_on_batch); `record` as for gradients(). */
export function trainOnBatch(network, optimizer, xs, targets, loss, record) {
  network.setParameters(optimizer.step(network.parameters(), gradients(network, xs, targets, loss, record)));
}

/** Mean loss over a whole set, and accuracy for classification (threshold 0.5 for one unit, else argmax). */
export function evaluate(network, xs, targets, labels, loss) {
  const out = network.output, zs = [], as = [];
  let correct = 0;
  for (let s = 0; s < xs.length; s++) {
    network.forward(xs[s]);
    zs.push(Array.from(out.z));
    as.push(Array.from(out.a));
    if (labels) correct += predictedClass(out.a) === labels[s] ? 1 : 0;
  }
  const n = xs.length;
  if (n === 0) return { loss: null, accuracy: null };
  let total = 0;
  for (const value of batchLoss(out.activation, loss, zs, as, targets)) total += value;
  return { loss: total / n, accuracy: labels ? correct / n : null };
}

/** The class a network's output stands for: p > 0.5 for one unit (Keras's binary accuracy), else the largest. */
export function predictedClass(output) {
  if (output.length === 1) return output[0] > 0.5 ? 1 : 0;
  let best = 0;
  for (let i = 1; i < output.length; i++) if (output[i] > output[best]) best = i;
  return best;
}

/**
 * Train a setup exactly as Keras's fit(..., shuffle=False) does: batches in
 * the order given, the last one possibly smaller. The Keras-equivalence test
 * calls this through window.workshopPlayground.trainExactly.
 */
export function trainExactly({ inputs, layers, weights, x, y, loss, optimizer, batch_size: batchSize, epochs }) {
  const network = new Network(inputs, layers);
  network.setWeights(weights);
  const step = makeOptimizer(optimizer.name, optimizer.options ?? {});
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let start = 0; start < x.length; start += batchSize) {
      trainOnBatch(network, step, x.slice(start, start + batchSize), y.slice(start, start + batchSize), loss);
    }
  }
  return { weights: network.getWeights(), steps: step.iterations };
}

/**
 * The page's training loop, one batch at a time: a seeded shuffle of the
 * training set every epoch (as an unseeded fit(shuffle=True); a seeded fit repeats one order); the training loss and
 * accuracy averaged over the epoch's batches, each taken before its step (as
 * fit's history), and the validation loss and accuracy at the end of the epoch.
 */
export class Trainer {
  constructor({ network, optimizer, loss, train, validation, batchSize, seed }) {
    Object.assign(this, { network, optimizer, loss, train, validation, batchSize, seed });
    this.epoch = 0;
    this.steps = 0;
    this.history = [];
    this.startEpoch();
  }

  startEpoch() {
    this.order = permutation(this.train.xs.length, randomGenerator(this.seed * 1009 + this.epoch + 1));
    this.position = 0;
    this.lossSum = 0;
    this.correct = 0;
  }

  /** One batch; returns true when it finished an epoch. */
  step() {
    const { xs, targets, labels } = this.train;
    const batch = this.order.slice(this.position, this.position + this.batchSize);
    const record = { zs: [], as: [] }, batchTargets = batch.map((i) => targets[i]);
    trainOnBatch(this.network, this.optimizer, batch.map((i) => xs[i]), batchTargets, this.loss, record);
    for (const value of batchLoss(this.network.output.activation, this.loss, record.zs, record.as, batchTargets)) this.lossSum += value;
    if (labels) batch.forEach((i, k) => { this.correct += predictedClass(record.as[k]) === labels[i] ? 1 : 0; });
    this.steps += 1;
    this.position += batch.length;
    if (this.position < xs.length) return false;
    this.finishEpoch();
    return true;
  }

  finishEpoch() {
    const n = this.train.xs.length;
    const validation = evaluate(this.network, this.validation.xs, this.validation.targets, this.validation.labels, this.loss);
    this.epoch += 1;
    this.history.push({
      epoch: this.epoch,
      loss: this.lossSum / n,
      accuracy: this.train.labels ? this.correct / n : null,
      val_loss: validation.loss,
      val_accuracy: validation.accuracy,
    });
    this.startEpoch();
  }
}
