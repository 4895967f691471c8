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

function activate(name, z) {
  if (name === "softmax") return Float64Array.from(softmax(z));
  const f = ACTIVATIONS[name];
  return z.map((v) => f(v));
}

/**
 * A stack of Dense layers. Each layer keeps its kernel as Keras does, shape
 * (inputs, units) in row-major order, and its bias; biases start at zero.
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
      const layer = { units, activation, fanIn, kernel: new Float64Array(fanIn * units), bias: new Float64Array(units) };
      fanIn = units;
      return layer;
    });
    this.size = this.layers.reduce((n, l) => n + l.kernel.length + l.bias.length, 0);
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
      layer.kernel = Float64Array.from(flat.slice(offset, offset + layer.kernel.length)); offset += layer.kernel.length;
      layer.bias = Float64Array.from(flat.slice(offset, offset + layer.bias.length)); offset += layer.bias.length;
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

  /** z = W^T a + b, a = f(z), layer by layer; keeps every z and a for backpropagation. */
  forward(x) {
    const zs = [], as = [Float64Array.from(x)];
    for (const { kernel, bias, fanIn, units, activation } of this.layers) {
      const input = as[as.length - 1], z = Float64Array.from(bias);
      for (let i = 0; i < fanIn; i++) {
        const a = input[i], row = i * units;
        for (let j = 0; j < units; j++) z[j] += a * kernel[row + j];
      }
      zs.push(z);
      as.push(activate(activation, z));
    }
    return { zs, as };
  }

  predict(x) {
    const { as } = this.forward(x);
    return as[as.length - 1];
  }
}

/**
 * One sample's loss and its gradient with respect to the output layer's z.
 *
 * Crossentropy after sigmoid or softmax is computed by Keras from the logits z:
 * binary crossentropy as sigmoid crossentropy of each z_i (even under a softmax),
 * categorical as softmax crossentropy, whose TensorFlow gradient is
 * softmax(z) - y (also for one unit, where the loss itself is always 0).
 * Otherwise the gradient dL/da is taken back through the activation.
 * `target` is a class index for the sparse loss, else an array of targets.
 */
export function lossAndGradient(activation, loss, z, a, target) {
  const k = z.length;
  const fromLogits = activation === "sigmoid" || activation === "softmax";
  if (loss === "sparse_categorical_crossentropy" || loss === "categorical_crossentropy") {
    if (!fromLogits) throw new RangeError(`${loss} needs a sigmoid or softmax output, got ${activation}`);
    const sparse = loss === "sparse_categorical_crossentropy";
    const p = softmax(z);
    const dz = Float64Array.from(p, (pi, i) => pi - (sparse ? (i === target ? 1 : 0) : target[i]));
    const value = sparse ? sparseCategoricalCrossentropy(target, Array.from(z), true) : categoricalCrossentropy(Array.from(target), Array.from(z), true);
    return { loss: value, dz };
  }
  if (loss === "binary_crossentropy") {
    if (!fromLogits) throw new RangeError(`binary_crossentropy needs a sigmoid or softmax output, got ${activation}`);
    const dz = Float64Array.from(z, (zi, i) => (sigmoid(zi) - target[i]) / k);
    return { loss: binaryCrossentropy(Array.from(target), Array.from(z), true), dz };
  }
  if (loss !== "mean_squared_error") throw new RangeError(`loss must be one of ${LOSSES.join(", ")}, got ${loss}`);
  const da = Float64Array.from(a, (ai, i) => (2 * (ai - target[i])) / k);
  let dz;
  if (activation === "softmax") {
    // The softmax Jacobian: dz_j = a_j (da_j - sum_i da_i a_i).
    let dot = 0;
    for (let i = 0; i < k; i++) dot += da[i] * a[i];
    dz = Float64Array.from(a, (aj, j) => aj * (da[j] - dot));
  } else {
    dz = Float64Array.from(da, (d, i) => d * derivative(activation, z[i]));
  }
  return { loss: meanSquaredError(Array.from(target), Array.from(a)), dz };
}

/** Mean loss over a batch and the gradient of that mean with respect to every parameter (flat, as parameters()). */
export function lossAndGradients(network, xs, targets, loss) {
  const grads = new Float64Array(network.size);
  const offsets = [];
  let offset = 0;
  for (const layer of network.layers) { offsets.push(offset); offset += layer.kernel.length + layer.bias.length; }
  const n = xs.length, L = network.layers.length;
  let total = 0;
  for (let s = 0; s < n; s++) {
    const { zs, as } = network.forward(xs[s]);
    const out = network.output;
    const result = lossAndGradient(out.activation, loss, zs[L - 1], as[L], targets[s]);
    total += result.loss;
    let dz = result.dz;
    for (let l = L - 1; l >= 0; l--) {
      const { kernel, fanIn, units } = network.layers[l], input = as[l], base = offsets[l];
      for (let i = 0; i < fanIn; i++) {
        const a = input[i], row = i * units;
        for (let j = 0; j < units; j++) grads[base + row + j] += (a * dz[j]) / n;
      }
      for (let j = 0; j < units; j++) grads[base + kernel.length + j] += dz[j] / n;
      if (l > 0) {
        const below = network.layers[l - 1], zBelow = zs[l - 1], next = new Float64Array(fanIn);
        for (let i = 0; i < fanIn; i++) {
          let sum = 0;
          const row = i * units;
          for (let j = 0; j < units; j++) sum += kernel[row + j] * dz[j];
          next[i] = sum * derivative(below.activation, zBelow[i]);
        }
        dz = next;
      }
    }
  }
  return { loss: total / n, grads };
}

/** One optimizer step on one batch (Keras's train_on_batch); returns the batch's mean loss. */
export function trainOnBatch(network, optimizer, xs, targets, loss) {
  const { loss: value, grads } = lossAndGradients(network, xs, targets, loss);
  network.setParameters(optimizer.step(network.parameters(), grads));
  return value;
}

/** Mean loss over a whole set, and accuracy for classification (threshold 0.5 for one unit, else argmax). */
export function evaluate(network, xs, targets, labels, loss) {
  let total = 0, correct = 0;
  const L = network.layers.length;
  for (let s = 0; s < xs.length; s++) {
    const { zs, as } = network.forward(xs[s]);
    const a = as[L];
    total += lossAndGradient(network.output.activation, loss, zs[L - 1], a, targets[s]).loss;
    if (labels) correct += predictedClass(a) === labels[s] ? 1 : 0;
  }
  const n = Math.max(xs.length, 1);
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
  const losses = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let start = 0; start < x.length; start += batchSize) {
      losses.push(trainOnBatch(network, step, x.slice(start, start + batchSize), y.slice(start, start + batchSize), loss));
    }
  }
  return { weights: network.getWeights(), losses, steps: step.iterations };
}

/**
 * The page's training loop, one batch at a time: a seeded shuffle of the
 * training set every epoch (as fit's shuffle=True); at the end of each
 * epoch the loss and accuracy on the training and the validation points,
 * both with the same weights (fit's history averages the training loss over
 * the epoch's batches instead, while the weights move).
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
  }

  /** One batch; returns true when it finished an epoch. */
  step() {
    const { xs, targets } = this.train;
    const batch = this.order.slice(this.position, this.position + this.batchSize);
    trainOnBatch(this.network, this.optimizer, batch.map((i) => xs[i]), batch.map((i) => targets[i]), this.loss);
    this.steps += 1;
    this.position += batch.length;
    if (this.position < xs.length) return false;
    this.finishEpoch();
    return true;
  }

  finishEpoch() {
    const train = evaluate(this.network, this.train.xs, this.train.targets, this.train.labels, this.loss);
    const validation = this.validation.xs.length
      ? evaluate(this.network, this.validation.xs, this.validation.targets, this.validation.labels, this.loss)
      : { loss: null, accuracy: null };
    this.epoch += 1;
    this.history.push({
      epoch: this.epoch,
      loss: train.loss,
      accuracy: train.accuracy,
      val_loss: validation.loss,
      val_accuracy: validation.accuracy,
    });
    this.startEpoch();
  }
}
