/* The widgets' math: a copy of the Python package `workshop`, formula for
 * formula and operation for operation, so both give the same float64 numbers.
 * No DOM: Node's test runner checks every function against numbers that
 * `workshop` computed (tests/js/math.test.mjs, fixture tests/js/fixtures/workshop.json).
 *
 * Names and arguments are those of `workshop` in camelCase; options keep
 * Keras's names (learning_rate, beta_1, ...). Bad input throws a TypeError or
 * RangeError that names the argument and says what was expected: never a NaN.
 */

/* ---------------------------------------------------------------- checks */

/** A finite number, or a TypeError/RangeError naming `name`. */
export function checkNumber(value, name) {
  if (typeof value !== "number") throw new TypeError(`${name} must be a number, got ${describe(value)}`);
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
  return value;
}

/** A non-empty array of finite numbers. */
export function checkNumbers(values, name) {
  if (!Array.isArray(values) && !ArrayBuffer.isView(values)) throw new TypeError(`${name} must be an array of numbers, got ${describe(values)}`);
  if (values.length === 0) throw new RangeError(`${name} must not be empty`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number") throw new TypeError(`${name} must be numbers, got ${describe(v)} at index ${i}`);
    if (!Number.isFinite(v)) throw new RangeError(`${name} must be finite numbers, got ${v} at index ${i}`);
  }
  return values;
}

function checkBoolean(value, name) {
  if (typeof value !== "boolean") throw new TypeError(`${name} must be true or false, got ${describe(value)}`);
  return value;
}

function checkResult(values, what) {
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`${what} overflowed the float64 range; use smaller inputs`);
  return values;
}

function describe(value) {
  if (typeof value === "string") return `text "${value.slice(0, 40)}"`;
  if (Array.isArray(value)) return `an array`;
  return String(value);
}

/* ----------------------------------------------------------- activations */

// workshop.activations. Each takes one number x (the weighted sum).

/** relu(x) = max(0, x) */
export const relu = (x) => Math.max(checkNumber(x, "x"), 0);

/** sigmoid(x) = 1 / (1 + e^{-x}), from e^{-|x|} so that it never overflows. */
export function sigmoid(x) {
  const e = Math.exp(-Math.abs(checkNumber(x, "x")));
  return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}

/** tanh(x) = (e^x - e^{-x}) / (e^x + e^{-x}) */
export const tanh = (x) => Math.tanh(checkNumber(x, "x"));

/** linear(x) = x */
export const linear = (x) => checkNumber(x, "x");

/** The element-wise activations by their Keras names (workshop.activations.ACTIVATIONS). */
export const ACTIVATIONS = Object.freeze({ relu, sigmoid, tanh, linear });
/** The same table under its old name (the browser tests and early widgets use it). */
export const activations = ACTIVATIONS;

function checkActivationName(name) {
  if (typeof name !== "string" || !Object.hasOwn(ACTIVATIONS, name)) {
    throw new RangeError(`name must be one of ${Object.keys(ACTIVATIONS).join(", ")}, got ${describe(name)}`);
  }
  return name;
}

/**
 * f'(x): relu' = 1 if x > 0 else 0 (0 at x = 0, as TensorFlow's gradient);
 * sigmoid' = sigmoid(x)(1 - sigmoid(x)); tanh' = 1 - tanh(x)^2; linear' = 1.
 */
export function derivative(name, x) {
  checkActivationName(name);
  checkNumber(x, "x");
  if (name === "relu") return x > 0 ? 1 : 0;
  if (name === "sigmoid") { const s = sigmoid(x); return s * (1 - s); }
  if (name === "tanh") { const t = Math.tanh(x); return 1 - t * t; }
  return 1;
}

/** softmax(z)_i = e^{z_i / T} / sum_j e^{z_j / T}; the largest z_i / T is subtracted first. */
export function softmax(z, temperature = 1) {
  checkNumbers(z, "z");
  checkNumber(temperature, "temperature");
  if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${temperature}`);
  const scaled = temperature === 1 ? Array.from(z) : Array.from(z, (v) => v / temperature);
  checkResult(scaled, "z / temperature");
  let max = -Infinity;
  for (const v of scaled) if (v > max) max = v;
  const exp = scaled.map((v) => Math.exp(v - max));
  let sum = 0;
  for (const e of exp) sum += e;
  return exp.map((e) => e / sum);
}

/* ---------------------------------------------------------------- neuron */

/** x = sum_i w_i a_i + b (workshop.neuron.weighted_sum, one sample). */
export function weightedSum(inputs, weights, bias = 0) {
  checkNumbers(inputs, "inputs");
  checkNumbers(weights, "weights");
  checkNumber(bias, "bias");
  if (inputs.length !== weights.length) throw new RangeError(`inputs and weights must have the same length, got ${inputs.length} inputs and ${weights.length} weights`);
  let x = 0;
  for (let i = 0; i < inputs.length; i++) x += inputs[i] * weights[i];
  return checkResult([x + bias], "the weighted sum")[0];
}

/* ---------------------------------------------------------------- losses */

/** Keras's fuzz factor, keras.config.epsilon(). */
export const EPSILON = 1e-7;
/** Probabilities are clipped to [CLIP_LOW, CLIP_HIGH]: the float32 numbers nearest 1e-7 and 1 - 1e-7. */
export const CLIP_LOW = Math.fround(EPSILON);
export const CLIP_HIGH = Math.fround(1 - Math.fround(EPSILON));
/** clip(p) = min(max(p, CLIP_LOW), CLIP_HIGH) */
export const clipProbability = (p) => Math.min(Math.max(p, CLIP_LOW), CLIP_HIGH);

function checkUnit(values, name, what = "probabilities") {
  checkNumbers(values, name);
  for (const v of values) if (v < 0 || v > 1) throw new RangeError(`${name} must be ${what} in [0, 1], got ${v}`);
}

// One sample is a flat array, a batch an array of rows; a loss per row.
const isBatch = (a) => Array.isArray(a) && a.length > 0 && Array.isArray(a[0]);
function perRow(yTrue, yPred, f) {
  const batch = isBatch(yPred);
  const t = batch ? yTrue : [yTrue], p = batch ? yPred : [yPred];
  if (!Array.isArray(t) || t.length !== p.length) throw new RangeError(`y_true and y_pred must have the same number of rows, got ${Array.isArray(t) ? t.length : describe(t)} and ${p.length}`);
  const out = t.map((row, i) => f(row, p[i]));
  return batch ? out : out[0];
}
function checkPair(y, p) {
  checkNumbers(y, "y_true");
  checkNumbers(p, "y_pred");
  if (y.length !== p.length) throw new RangeError(`y_true and y_pred must have the same shape, got ${y.length} and ${p.length} values`);
}
/** log softmax(z)_i = (z_i - max z) - log sum_j e^{z_j - max z} */
function logSoftmax(z) {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (const v of z) sum += Math.exp(v - max);
  const logSum = Math.log(sum);
  return Array.from(z, (v) => v - max - logSum);
}

/**
 * L(y, ŷ) = -(y log ŷ + (1 - y) log(1 - ŷ)), mean over the row, ŷ clipped.
 * With fromLogits, ŷ = sigmoid(z) inside: max(z, 0) - z y + log(1 + e^{-|z|}).
 */
export function binaryCrossentropy(yTrue, yPred, fromLogits = false) {
  checkBoolean(fromLogits, "fromLogits");
  return perRow(yTrue, yPred, (y, p) => {
    checkPair(y, p);
    checkUnit(y, "y_true", "labels");
    if (!fromLogits) checkUnit(p, "y_pred");
    let sum = 0;
    for (let i = 0; i < y.length; i++) {
      if (fromLogits) {
        sum += Math.max(p[i], 0) - p[i] * y[i] + Math.log1p(Math.exp(-Math.abs(p[i])));
      } else {
        const q = clipProbability(p[i]);
        sum += -(y[i] * Math.log(q) + (1 - y[i]) * Math.log(1 - q));
      }
    }
    return sum / y.length;
  });
}

/** L(y, ŷ) = -sum_i y_i log ŷ_i, each row of ŷ divided by its sum, then clipped (as Keras). */
export function categoricalCrossentropy(yTrue, yPred, fromLogits = false) {
  checkBoolean(fromLogits, "fromLogits");
  return perRow(yTrue, yPred, (y, p) => {
    checkPair(y, p);
    checkUnit(y, "y_true", "one-hot labels");
    let sum = 0;
    if (fromLogits) {
      const logP = logSoftmax(p);
      for (let i = 0; i < p.length; i++) sum += y[i] * logP[i];
      return -sum;
    }
    checkUnit(p, "y_pred");
    let total = 0;
    for (const v of p) total += v;
    if (!(total > 0)) throw new RangeError("every row of y_pred must have a positive sum, got a row of zeros");
    for (let i = 0; i < p.length; i++) sum += y[i] * Math.log(clipProbability(p[i] / total));
    return -sum;
  });
}

/** L(c, ŷ) = -log ŷ_c, ŷ clipped first, then divided by its row sum (as Keras). */
export function sparseCategoricalCrossentropy(yTrue, yPred, fromLogits = false) {
  checkBoolean(fromLogits, "fromLogits");
  const batch = isBatch(yPred);
  if (batch && !Array.isArray(yTrue)) throw new TypeError("y_true must hold one class index per row of y_pred");
  const labels = batch ? yTrue.map((c) => [c]) : [[yTrue]];
  const out = perRow(labels, batch ? yPred : [yPred], ([c], p) => {
    checkNumbers(p, "y_pred");
    if (typeof c !== "number" || !Number.isInteger(c) || c < 0 || c >= p.length) {
      throw new RangeError(`y_true class indices must be whole numbers in [0, ${p.length - 1}], got ${describe(c)}`);
    }
    if (fromLogits) return -logSoftmax(p)[c];
    checkUnit(p, "y_pred");
    const q = Array.from(p, clipProbability);
    let total = 0;
    for (const v of q) total += v;
    return -Math.log(q[c] / total);
  });
  return batch ? out : out[0];
}

/** L(y, ŷ) = (1/n) sum_i (y_i - ŷ_i)^2 */
export function meanSquaredError(yTrue, yPred) {
  return perRow(yTrue, yPred, (y, p) => {
    checkPair(y, p);
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += (y[i] - p[i]) ** 2;
    return checkResult([sum / y.length], "the mean squared error")[0];
  });
}

/* ------------------------------------------------------------ optimizers */

// workshop.optimizers: Keras's update rules, one state per parameter array.
// step(params, grads) takes plain arrays of any length (a whole network's
// weights flattened into one array is fine) and returns a new array.

function checkOption(options, allowed, name) {
  if (options === null || typeof options !== "object" || Array.isArray(options)) throw new TypeError(`${name} options must be an object, got ${describe(options)}`);
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new RangeError(`${name} has no option ${key}: expected one of ${allowed.join(", ")}`);
  }
  return options;
}
function checkRate(v) {
  checkNumber(v, "learning_rate");
  if (v < 0) throw new RangeError(`learning_rate must be a finite number >= 0, got ${v}`);
  return v;
}
function checkFraction(v, name, inclusiveLow = true) {
  checkNumber(v, name);
  if (!(inclusiveLow ? v >= 0 : v > 0) || !(v < 1)) throw new RangeError(`${name} must be in ${inclusiveLow ? "[0, 1)" : "(0, 1)"}, got ${v}`);
  return v;
}
function checkPositive(v, name) {
  checkNumber(v, name);
  if (!(v > 0)) throw new RangeError(`${name} must be a finite number > 0, got ${v}`);
  return v;
}
const zeros = (n) => new Array(n).fill(0);

/** State handling shared by the three optimizers: update() returns the new params and state, committed only if all finite. */
export class Optimizer {
  constructor(learningRate) { this.learning_rate = checkRate(learningRate); this.reset(); }
  /** Forget all state, as a freshly built optimizer. */
  reset() { this.iterations = 0; this.size = null; this.state = null; }
  step(params, grads) {
    checkNumbers(params, "params");
    checkNumbers(grads, "grads");
    if (params.length !== grads.length) throw new RangeError(`grads must have the shape of params (${params.length}), got ${grads.length}`);
    if (this.size === null) {
      this.size = params.length;
      this.state = this.initialState(this.size);
    } else if (params.length !== this.size) {
      throw new RangeError(`this optimizer holds state for ${this.size} params, got ${params.length}; use one optimizer per parameter array, or call reset()`);
    }
    const { theta, state } = this.update(Array.from(params), Array.from(grads), this.iterations + 1);
    for (const values of Object.values(state)) checkResult(values, `${this.constructor.name}'s moving averages (the gradient is too large)`);
    checkResult(theta, `${this.constructor.name}'s step (learning_rate ${this.learning_rate} or the gradient is too large)`);
    this.state = state;
    this.iterations += 1;
    return theta;
  }
}

/**
 * Plain: theta_t = theta_{t-1} - eta g_t.
 * Momentum mu: v_t = mu v_{t-1} - eta g_t, theta_t = theta_{t-1} + v_t;
 * nesterov: theta_t = theta_{t-1} + mu v_t - eta g_t (Keras's form).
 */
export class SGD extends Optimizer {
  constructor(options = {}) {
    const { learning_rate = 0.01, momentum = 0, nesterov = false } = checkOption(options, ["learning_rate", "momentum", "nesterov"], "SGD");
    super(learning_rate);
    this.momentum = checkFraction(momentum, "momentum");
    this.nesterov = checkBoolean(nesterov, "nesterov");
  }
  initialState(n) { return { velocity: zeros(n) }; }
  update(theta, g) {
    const lr = this.learning_rate, mu = this.momentum;
    if (mu === 0) return { theta: theta.map((t, i) => t - lr * g[i]), state: this.state };
    const velocity = this.state.velocity.map((v, i) => mu * v - lr * g[i]);
    const next = theta.map((t, i) => (this.nesterov ? t + mu * velocity[i] - lr * g[i] : t + velocity[i]));
    return { theta: next, state: { velocity } };
  }
}

/**
 * s_t = rho s_{t-1} + (1 - rho) g_t^2, theta_t = theta_{t-1} - eta g_t / sqrt(s_t + epsilon)
 * (epsilon inside the root, as Keras; no bias correction).
 * centered: m_t = rho m_{t-1} + (1 - rho) g_t, denominator sqrt(s_t - m_t^2 + epsilon).
 * momentum mu: v_t = mu v_{t-1} + increment, theta_t = theta_{t-1} - v_t.
 */
export class RMSprop extends Optimizer {
  constructor(options = {}) {
    const { learning_rate = 0.001, rho = 0.9, momentum = 0, epsilon = 1e-7, centered = false } =
      checkOption(options, ["learning_rate", "rho", "momentum", "epsilon", "centered"], "RMSprop");
    super(learning_rate);
    this.rho = checkFraction(rho, "rho", false);
    this.momentum = checkFraction(momentum, "momentum");
    this.epsilon = checkPositive(epsilon, "epsilon");
    this.centered = checkBoolean(centered, "centered");
  }
  initialState(n) { return { meanSquare: zeros(n), meanGradient: zeros(n), velocity: zeros(n) }; }
  update(theta, g) {
    const rho = this.rho, old = this.state;
    const meanSquare = old.meanSquare.map((s, i) => rho * s + (1 - rho) * (g[i] * g[i]));
    const meanGradient = this.centered ? old.meanGradient.map((m, i) => rho * m + (1 - rho) * g[i]) : old.meanGradient;
    const increment = g.map((gi, i) => {
      let denominator = meanSquare[i] + this.epsilon;
      if (this.centered) denominator = denominator - meanGradient[i] * meanGradient[i];
      return (this.learning_rate * gi) / Math.sqrt(denominator);
    });
    if (this.momentum === 0) return { theta: theta.map((t, i) => t - increment[i]), state: { meanSquare, meanGradient, velocity: old.velocity } };
    const velocity = old.velocity.map((v, i) => this.momentum * v + increment[i]);
    return { theta: theta.map((t, i) => t - velocity[i]), state: { meanSquare, meanGradient, velocity } };
  }
}

/**
 * m_t = beta_1 m_{t-1} + (1 - beta_1) g_t, v_t = beta_2 v_{t-1} + (1 - beta_2) g_t^2,
 * eta_t = eta sqrt(1 - beta_2^t) / (1 - beta_1^t),
 * theta_t = theta_{t-1} - eta_t m_t / (sqrt(v_t) + epsilon)
 * (the bias correction folded into the step size, epsilon outside sqrt(v_t), as Keras).
 */
export class Adam extends Optimizer {
  constructor(options = {}) {
    const { learning_rate = 0.001, beta_1 = 0.9, beta_2 = 0.999, epsilon = 1e-7 } =
      checkOption(options, ["learning_rate", "beta_1", "beta_2", "epsilon"], "Adam");
    super(learning_rate);
    this.beta_1 = checkFraction(beta_1, "beta_1");
    this.beta_2 = checkFraction(beta_2, "beta_2");
    this.epsilon = checkPositive(epsilon, "epsilon");
  }
  initialState(n) { return { m: zeros(n), v: zeros(n) }; }
  update(theta, g, t) {
    const b1 = this.beta_1, b2 = this.beta_2;
    const m = this.state.m.map((mi, i) => b1 * mi + (1 - b1) * g[i]);
    const v = this.state.v.map((vi, i) => b2 * vi + (1 - b2) * (g[i] * g[i]));
    const stepSize = (this.learning_rate * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    return { theta: theta.map((p, i) => p - (stepSize * m[i]) / (Math.sqrt(v[i]) + this.epsilon)), state: { m, v } };
  }
}

/** The names makeOptimizer knows: "momentum" and "nesterov" are SGD with momentum 0.9. */
export const OPTIMIZER_NAMES = Object.freeze(["sgd", "momentum", "nesterov", "rmsprop", "adam"]);

/** An optimizer by name, with Keras's argument names: makeOptimizer("adam", { learning_rate: 0.1 }). */
export function makeOptimizer(name, options = {}) {
  const key = typeof name === "string" ? name.toLowerCase() : name;
  if (key === "sgd") return new SGD(options);
  if (key === "momentum") return new SGD({ momentum: 0.9, ...options });
  if (key === "nesterov") return new SGD({ momentum: 0.9, nesterov: true, ...options });
  if (key === "rmsprop") return new RMSprop(options);
  if (key === "adam") return new Adam(options);
  throw new RangeError(`optimizer must be one of ${OPTIMIZER_NAMES.join(", ")}, got ${describe(name)}`);
}
