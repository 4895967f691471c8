/* Interactive widgets for the workshop site. Plain JavaScript, no dependencies.
 *
 * Every element with data-widget="NAME" (emitted by the `widget` Sphinx
 * directive, docs/_ext/widgets.py) becomes widget NAME. The math below mirrors
 * the Python package `workshop` formula for formula and operation for
 * operation, so both give the same float64 numbers; the browser tests
 * (tests/test_widgets_browser.py) check that through window.workshopWidgets.math.
 */
(function () {
  "use strict";

  /* ------------------------------------------------------------------ math */

  // workshop.activations
  const relu = (x) => Math.max(x, 0);
  const sigmoid = (x) => {
    const e = Math.exp(-Math.abs(x)); // e^{-|x|} never overflows
    return x >= 0 ? 1 / (1 + e) : e / (1 + e);
  };
  const tanh = (x) => Math.tanh(x);
  const linear = (x) => x;
  const activations = { relu, sigmoid, tanh, linear };

  function derivative(name, x) {
    if (!(name in activations)) throw new RangeError(`name must be one of relu, sigmoid, tanh, linear, got ${name}`);
    if (name === "relu") return x > 0 ? 1 : 0;
    if (name === "sigmoid") { const s = sigmoid(x); return s * (1 - s); }
    if (name === "tanh") { const t = Math.tanh(x); return 1 - t * t; }
    return 1;
  }

  function checkFinite(values, name) {
    for (const v of values) {
      if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`${name} must be finite numbers, got ${v}`);
    }
  }

  /** softmax(z)_i = e^{z_i / T} / sum_j e^{z_j / T}; the max is subtracted first. */
  function softmax(z, temperature = 1) {
    checkFinite(z, "z");
    if (!(temperature > 0) || !Number.isFinite(temperature)) throw new RangeError(`temperature must be > 0, got ${temperature}`);
    const scaled = temperature === 1 ? z.slice() : z.map((v) => v / temperature);
    const max = Math.max(...scaled);
    const exp = scaled.map((v) => Math.exp(v - max));
    let sum = 0;
    for (const e of exp) sum += e;
    return exp.map((e) => e / sum);
  }

  // workshop.neuron.weighted_sum
  function weightedSum(inputs, weights, bias = 0) {
    if (inputs.length !== weights.length) throw new RangeError(`inputs and weights must have the same length, got ${inputs.length} and ${weights.length}`);
    checkFinite(inputs, "inputs"); checkFinite(weights, "weights"); checkFinite([bias], "bias");
    let x = 0;
    for (let i = 0; i < inputs.length; i++) x += inputs[i] * weights[i];
    return x + bias;
  }

  // workshop.losses: Keras clips to the float32 numbers nearest 1e-7 and 1 - 1e-7.
  const EPSILON = 1e-7;
  const CLIP_LOW = Math.fround(EPSILON);
  const CLIP_HIGH = Math.fround(1 - Math.fround(EPSILON));
  const clip = (p) => Math.min(Math.max(p, CLIP_LOW), CLIP_HIGH);

  function checkUnit(values, name) {
    checkFinite(values, name);
    for (const v of values) if (v < 0 || v > 1) throw new RangeError(`${name} must be in [0, 1], got ${v}`);
  }
  const rows = (a) => (Array.isArray(a) ? (Array.isArray(a[0]) ? a : [a]) : [[a]]);
  const perRow = (yTrue, yPred, f) => {
    const t = rows(yTrue), p = rows(yPred);
    if (t.length !== p.length) throw new RangeError("y_true and y_pred must have the same number of rows");
    const out = t.map((row, i) => f(row, p[i]));
    return Array.isArray(yPred) && Array.isArray(yPred[0]) ? out : out[0];
  };

  /** Mean over the last axis of -(y log p + (1 - y) log(1 - p)), p clipped. */
  function binaryCrossentropy(yTrue, yPred) {
    return perRow(yTrue, yPred, (y, p) => {
      if (y.length !== p.length) throw new RangeError("y_true and y_pred must have the same shape");
      checkUnit(y, "y_true"); checkUnit(p, "y_pred");
      let sum = 0;
      for (let i = 0; i < y.length; i++) {
        const q = clip(p[i]);
        sum += -(y[i] * Math.log(q) + (1 - y[i]) * Math.log(1 - q));
      }
      return sum / y.length;
    });
  }

  /** -sum_i y_i log p_i with each row divided by its sum, then clipped (as Keras). */
  function categoricalCrossentropy(yTrue, yPred) {
    return perRow(yTrue, yPred, (y, p) => {
      if (y.length !== p.length) throw new RangeError("y_true and y_pred must have the same shape");
      checkUnit(y, "y_true"); checkUnit(p, "y_pred");
      let total = 0;
      for (const v of p) total += v;
      if (!(total > 0)) throw new RangeError("every row of y_pred must have a positive sum, got a row of zeros");
      let sum = 0;
      for (let i = 0; i < p.length; i++) sum += y[i] * Math.log(clip(p[i] / total));
      return -sum;
    });
  }

  /** -log p_c with p clipped first, then divided by its row sum (as Keras). */
  function sparseCategoricalCrossentropy(label, yPred) {
    const labels = Array.isArray(label) ? label : [label];
    return perRow(labels.map((c) => [c]), yPred, ([c], p) => {
      checkUnit(p, "y_pred");
      if (!Number.isInteger(c) || c < 0 || c >= p.length) throw new RangeError(`y_true class indices must be whole numbers in [0, ${p.length - 1}], got ${c}`);
      const q = p.map(clip);
      let total = 0;
      for (const v of q) total += v;
      return -Math.log(q[c] / total);
    });
  }

  // workshop.optimizers: Keras's update rules, one state per parameter vector.
  function checkRate(v) {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new RangeError(`learning_rate must be a finite number >= 0, got ${v}`);
    return v;
  }
  function checkFraction(v, name, inclusiveLow = true) {
    if (typeof v !== "number" || !(inclusiveLow ? v >= 0 : v > 0) || !(v < 1)) throw new RangeError(`${name} must be in ${inclusiveLow ? "[0, 1)" : "(0, 1)"}, got ${v}`);
    return v;
  }
  function checkPositive(v, name) {
    if (typeof v !== "number" || !Number.isFinite(v) || !(v > 0)) throw new RangeError(`${name} must be a finite number > 0, got ${v}`);
    return v;
  }
  const zeros = (n) => new Array(n).fill(0);

  class Optimizer {
    constructor(learningRate) { this.learning_rate = checkRate(learningRate); this.reset(); }
    reset() { this.iterations = 0; this.size = null; }
    step(params, grads) {
      checkFinite(params, "params"); checkFinite(grads, "grads");
      if (params.length !== grads.length) throw new RangeError(`grads must have the shape of params (${params.length}), got ${grads.length}`);
      if (this.size === null) { this.size = params.length; this.init(this.size); }
      else if (params.length !== this.size) throw new RangeError(`this optimizer holds state for ${this.size} params, got ${params.length}`);
      const out = this.update(params, grads);
      this.iterations += 1;
      return out;
    }
  }

  class SGD extends Optimizer {
    constructor({ learning_rate = 0.01, momentum = 0, nesterov = false } = {}) {
      super(learning_rate);
      this.momentum = checkFraction(momentum, "momentum");
      this.nesterov = Boolean(nesterov);
    }
    init(n) { this.velocity = zeros(n); }
    update(theta, g) {
      const lr = this.learning_rate, mu = this.momentum, v = this.velocity;
      if (mu === 0) return theta.map((t, i) => t - lr * g[i]);
      return theta.map((t, i) => {
        v[i] = mu * v[i] - lr * g[i];
        return this.nesterov ? t + mu * v[i] - lr * g[i] : t + v[i];
      });
    }
  }

  class RMSprop extends Optimizer {
    constructor({ learning_rate = 0.001, rho = 0.9, momentum = 0, epsilon = 1e-7, centered = false } = {}) {
      super(learning_rate);
      this.rho = checkFraction(rho, "rho", false);
      this.momentum = checkFraction(momentum, "momentum");
      this.epsilon = checkPositive(epsilon, "epsilon");
      this.centered = Boolean(centered);
    }
    init(n) { this.meanSquare = zeros(n); this.meanGradient = zeros(n); this.velocity = zeros(n); }
    update(theta, g) {
      const rho = this.rho;
      return theta.map((t, i) => {
        this.meanSquare[i] = rho * this.meanSquare[i] + (1 - rho) * (g[i] * g[i]);
        let denominator = this.meanSquare[i] + this.epsilon; // epsilon inside the sqrt, as Keras
        if (this.centered) {
          this.meanGradient[i] = rho * this.meanGradient[i] + (1 - rho) * g[i];
          denominator = denominator - this.meanGradient[i] * this.meanGradient[i];
        }
        const increment = (this.learning_rate * g[i]) / Math.sqrt(denominator);
        if (this.momentum === 0) return t - increment;
        this.velocity[i] = this.momentum * this.velocity[i] + increment;
        return t - this.velocity[i];
      });
    }
  }

  class Adam extends Optimizer {
    constructor({ learning_rate = 0.001, beta_1 = 0.9, beta_2 = 0.999, epsilon = 1e-7 } = {}) {
      super(learning_rate);
      this.beta_1 = checkFraction(beta_1, "beta_1");
      this.beta_2 = checkFraction(beta_2, "beta_2");
      this.epsilon = checkPositive(epsilon, "epsilon");
    }
    init(n) { this.m = zeros(n); this.v = zeros(n); }
    update(theta, g) {
      const t = this.iterations + 1, b1 = this.beta_1, b2 = this.beta_2;
      // Bias correction folded into the step size; epsilon outside sqrt(v), as Keras.
      const stepSize = (this.learning_rate * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
      return theta.map((p, i) => {
        this.m[i] = b1 * this.m[i] + (1 - b1) * g[i];
        this.v[i] = b2 * this.v[i] + (1 - b2) * (g[i] * g[i]);
        return p - (stepSize * this.m[i]) / (Math.sqrt(this.v[i]) + this.epsilon);
      });
    }
  }

  /** "sgd", "momentum" (SGD, momentum 0.9), "nesterov", "rmsprop" or "adam", with Keras argument names. */
  function makeOptimizer(name, opts = {}) {
    const key = String(name).toLowerCase();
    if (key === "sgd") return new SGD(opts);
    if (key === "momentum") return new SGD({ momentum: 0.9, ...opts });
    if (key === "nesterov") return new SGD({ momentum: 0.9, nesterov: true, ...opts });
    if (key === "rmsprop") return new RMSprop(opts);
    if (key === "adam") return new Adam(opts);
    throw new RangeError(`optimizer must be one of sgd, momentum, nesterov, rmsprop, adam, got ${name}`);
  }

  // workshop.surfaces.SURFACES
  const surfaces = {
    bowl: {
      title: "Round bowl", formula: "f(x, y) = x² + y²",
      loss: (x, y) => x ** 2 + y ** 2,
      gradient: (x, y) => [2 * x, 2 * y],
      x_range: [-2, 2], y_range: [-2, 2], start: [-1.5, 1.6], minima: [[0, 0]],
    },
    valley: {
      title: "Elongated valley", formula: "f(x, y) = 0.1 x² + 2 y²",
      loss: (x, y) => 0.1 * x ** 2 + 2 * y ** 2,
      gradient: (x, y) => [0.2 * x, 4 * y],
      x_range: [-4, 4], y_range: [-2, 2], start: [-3.5, 1.5], minima: [[0, 0]],
    },
    saddle: {
      title: "Saddle between two valleys", formula: "f(x, y) = ¼x⁴ − ½x² + ½y²",
      loss: (x, y) => 0.25 * x ** 4 - 0.5 * x ** 2 + 0.5 * y ** 2,
      gradient: (x, y) => [x ** 3 - x, y],
      x_range: [-2, 2], y_range: [-2, 2], start: [0.01, 1.8], minima: [[-1, 0], [1, 0]],
    },
    rosenbrock: {
      title: "Rosenbrock's banana", formula: "f(x, y) = (1 − x)² + 10 (y − x²)²",
      loss: (x, y) => (1 - x) ** 2 + 10 * (y - x ** 2) ** 2,
      gradient: (x, y) => [-2 * (1 - x) - 40 * x * (y - x ** 2), 20 * (y - x ** 2)],
      x_range: [-2, 2], y_range: [-1, 3], start: [-1.5, 2.5], minima: [[1, 1]],
    },
  };
  const DIVERGED = 1e6;

  /** The gradient at `point`, or null once the point or its gradient has left the finite numbers. */
  function safeGradient(surface, point) {
    if (!point.every((v) => Math.abs(v) < DIVERGED)) return null;
    const g = surface.gradient(point[0], point[1]);
    return g.every(Number.isFinite) ? g : null;
  }

  /** Points visited from `start` (the start included), as workshop.surfaces.optimizer_path. */
  function optimizerPath(optimizer, surfaceName, start = null, steps = 100) {
    const surface = surfaces[surfaceName];
    if (!surface) throw new RangeError(`surface must be one of ${Object.keys(surfaces).join(", ")}, got ${surfaceName}`);
    let point = (start || surface.start).slice();
    const path = [point];
    for (let step = 1; step <= steps; step++) {
      const g = safeGradient(surface, point);
      if (g === null) throw new RangeError(`diverged on the '${surfaceName}' surface at step ${step}: lower learning_rate (got ${optimizer.learning_rate})`);
      point = optimizer.step(point, g);
      path.push(point);
    }
    return path;
  }

  /** Marching squares: line segments where the grid values cross `level`, in grid coordinates. */
  function contourSegments(values, nx, ny, level) {
    const segments = [];
    const at = (i, j) => values[j * nx + i];
    const cross = (a, b) => (level - a) / (b - a);
    for (let j = 0; j < ny - 1; j++) {
      for (let i = 0; i < nx - 1; i++) {
        const v0 = at(i, j), v1 = at(i + 1, j), v2 = at(i + 1, j + 1), v3 = at(i, j + 1);
        const edges = [];
        if ((v0 < level) !== (v1 < level)) edges.push([i + cross(v0, v1), j]);
        if ((v1 < level) !== (v2 < level)) edges.push([i + 1, j + cross(v1, v2)]);
        if ((v3 < level) !== (v2 < level)) edges.push([i + cross(v3, v2), j + 1]);
        if ((v0 < level) !== (v3 < level)) edges.push([i, j + cross(v0, v3)]);
        if (edges.length === 2) segments.push(edges);
        else if (edges.length === 4) segments.push([edges[0], edges[1]], [edges[2], edges[3]]);
      }
    }
    return segments;
  }

  const math = {
    relu, sigmoid, tanh, linear, activations, derivative, softmax, weightedSum,
    EPSILON, CLIP_LOW, CLIP_HIGH, binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy,
    SGD, RMSprop, Adam, makeOptimizer, surfaces, optimizerPath, contourSegments,
  };

  /* -------------------------------------------------------------- helpers */

  const SVG = "http://www.w3.org/2000/svg";
  let counter = 0;
  const uid = (prefix) => `ww-${prefix}-${++counter}`;

  function el(tag, attrs = {}, ...children) {
    const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  /** A number for reading: 4 significant digits, a real minus sign, never NaN. */
  function fmt(v, digits = 4) {
    if (typeof v !== "number" || !Number.isFinite(v)) return "—";
    if (v === 0) return "0";
    const a = Math.abs(v);
    const text = a >= 1e5 || a < 1e-4
      ? v.toExponential(digits - 1).replace(/\.?0+e/, "e").replace("e+", "e")
      : String(Number(v.toPrecision(digits)));
    return text.replace("-", "−");
  }

  const clampTo = (v, lo, hi) => Math.min(Math.max(v, lo), hi);

  /**
   * A labelled slider with a number field beside it. Typing letters, nothing,
   * or a number out of range shows a short message next to the field; the
   * widget keeps using the last good (or clamped) value.
   * `values`: optional list of slider stops (e.g. learning rates on a log scale).
   */
  function numberControl({ label, name, min, max, step = 0.1, value, values = null, onChange }) {
    const ids = { range: uid("range"), num: uid("num"), error: uid("error") };
    let current = value;
    const stopIndex = (v) => {
      let best = 0;
      values.forEach((s, i) => { if (Math.abs(Math.log(s / v)) < Math.abs(Math.log(values[best] / v))) best = i; });
      return best;
    };
    const range = el("input", values
      ? { type: "range", id: ids.range, min: 0, max: values.length - 1, step: 1, value: stopIndex(value) }
      : { type: "range", id: ids.range, min, max, step, value });
    const num = el("input", {
      type: "number", id: ids.num, min, max, step: "any", value: String(value), inputmode: "decimal",
      "aria-label": `${name}, exact value`, "aria-describedby": ids.error,
    });
    const error = el("span", { class: "ww-error", id: ids.error, "aria-live": "polite" });
    const wrap = el("div", { class: "ww-control" },
      el("label", { for: ids.range }, label), el("div", { class: "ww-control__inputs" }, range, num), error);

    const syncRange = () => {
      range.value = values ? stopIndex(current) : current;
      range.setAttribute("aria-valuetext", fmt(current));
    };
    const message = (text) => {
      error.textContent = text;
      if (text) num.setAttribute("aria-invalid", "true"); else num.removeAttribute("aria-invalid");
    };
    const apply = (v) => { current = v; syncRange(); onChange(v); };

    range.addEventListener("input", () => {
      const v = values ? values[Number(range.value)] : Number(range.value);
      num.value = String(v);
      message("");
      apply(v);
    });
    const fromText = (commit) => {
      const text = num.value.trim();
      if (num.validity.badInput) return message(`Not a number: type digits, e.g. ${fmt(current)}`);
      if (text === "") {
        if (!commit) return message("Enter a number");
        num.value = String(current);
        return message(`Empty: kept ${fmt(current)}`);
      }
      let v = Number(text);
      if (Number.isNaN(v)) return message(`Not a number: type digits, e.g. ${fmt(current)}`);
      if (v < min || v > max) { // includes ±Infinity (1e309)
        v = clampTo(v, min, max);
        message(`Allowed ${fmt(min)} to ${fmt(max)}: using ${fmt(v)}`);
        if (commit) num.value = String(v);
        return apply(v);
      }
      message("");
      apply(v);
    };
    num.addEventListener("input", () => fromText(false));
    num.addEventListener("change", () => fromText(true));
    syncRange();
    return {
      root: wrap, range, num,
      get: () => current,
      set(v) { current = v; num.value = String(v); message(""); syncRange(); },
    };
  }

  function select(label, options, value, onChange) {
    const id = uid("select");
    const node = el("select", { id }, options.map(([v, text]) => el("option", { value: v, selected: v === value, text })));
    node.addEventListener("change", () => onChange(node.value));
    return { root: el("div", { class: "ww-control ww-control--select" }, el("label", { for: id }, label), node), node };
  }

  const button = (text, onClick, attrs = {}) => {
    const b = el("button", { type: "button", class: "ww-button", ...attrs, text });
    b.addEventListener("click", onClick);
    return b;
  };

  /** A short sample of a plotted line (same colour, dash and width) for legends. */
  const key = (lineClass) => el("svg:svg", { class: "ww-key", viewBox: "0 0 28 8", "aria-hidden": "true" },
    el("svg:line", { x1: 1, x2: 27, y1: 4, y2: 4, class: lineClass }));

  const live = (cls = "ww-result") => el("p", { class: cls, "aria-live": "polite" });

  /** An SVG plot area: maps data to pixels and draws axes with a few ticks. */
  function plot({ width = 360, height = 220, x, y, label, xTicks, yTicks }) {
    const pad = { left: 34, right: 10, top: 10, bottom: 24 };
    const svg = el("svg:svg", { viewBox: `0 0 ${width} ${height}`, class: "ww-plot", role: "img", "aria-label": label });
    const sx = (v) => pad.left + ((v - x[0]) / (x[1] - x[0])) * (width - pad.left - pad.right);
    const sy = (v) => height - pad.bottom - ((v - y[0]) / (y[1] - y[0])) * (height - pad.top - pad.bottom);
    const axes = el("svg:g", { class: "ww-axes" });
    const x0 = clampTo(0, x[0], x[1]), y0 = clampTo(0, y[0], y[1]);
    axes.append(
      el("svg:line", { x1: sx(x[0]), x2: sx(x[1]), y1: sy(y0), y2: sy(y0) }),
      el("svg:line", { x1: sx(x0), x2: sx(x0), y1: sy(y[0]), y2: sy(y[1]) }),
    );
    for (const t of xTicks) axes.append(el("svg:text", { x: sx(t), y: height - 8, "text-anchor": "middle", text: fmt(t) }));
    for (const t of yTicks) axes.append(el("svg:text", { x: pad.left - 4, y: sy(t) + 4, "text-anchor": "end", text: fmt(t) }));
    svg.append(axes);
    const curve = (f, cls) => {
      const points = [];
      for (let i = 0; i <= 200; i++) {
        const vx = x[0] + ((x[1] - x[0]) * i) / 200;
        points.push(`${sx(vx).toFixed(1)},${sy(clampTo(f(vx), y[0], y[1])).toFixed(1)}`);
      }
      return el("svg:polyline", { points: points.join(" "), class: cls });
    };
    return { svg, sx, sy, curve, inView: (vy) => clampTo(vy, y[0], y[1]) };
  }

  const widget = (root, title, ...children) => {
    const id = uid("title");
    root.replaceChildren(el("div", { class: "ww", role: "group", "aria-labelledby": id },
      el("p", { class: "ww-title", id }, title), ...children));
  };

  /* -------------------------------------------------------------- widgets */

  const ACTIVATION_VIEW = {
    relu: { label: "ReLU", y: [-1, 5], ticks: [0, 2, 4] },
    sigmoid: { label: "sigmoid", y: [-0.25, 1.25], ticks: [0, 0.5, 1] },
    tanh: { label: "tanh", y: [-1.25, 1.25], ticks: [-1, 0, 1] },
    linear: { label: "linear", y: [-5, 5], ticks: [-4, 0, 4] },
  };

  function activationWidget(root) {
    let name = "sigmoid", x = 1;
    const holder = el("div", { class: "ww-plot-holder" });
    const out = live();
    const draw = () => {
      const view = ACTIVATION_VIEW[name], f = activations[name];
      const p = plot({ x: [-6, 6], y: view.y, xTicks: [-6, -3, 0, 3, 6], yTicks: view.ticks,
        label: `Graph of ${view.label} (solid) and its derivative (dashed) for x from −6 to 6` });
      const fx = f(x), slope = derivative(name, x), half = 1.2;
      p.svg.append(
        p.curve(f, "ww-line ww-c1"), p.curve((v) => derivative(name, v), "ww-line ww-c2 ww-dashed"),
        el("svg:line", { class: "ww-tangent", x1: p.sx(x - half), x2: p.sx(x + half),
          y1: p.sy(p.inView(fx - half * slope)), y2: p.sy(p.inView(fx + half * slope)) }),
        el("svg:circle", { class: "ww-dot ww-c1", cx: p.sx(x), cy: p.sy(p.inView(fx)), r: 5 }),
        el("svg:rect", { class: "ww-dot ww-c2", x: p.sx(x) - 4, y: p.sy(p.inView(slope)) - 4, width: 8, height: 8 }),
      );
      holder.replaceChildren(p.svg);
      out.textContent = `${view.label}(${fmt(x)}) = ${fmt(fx)}; slope ${view.label}′(${fmt(x)}) = ${fmt(slope)}`;
    };
    const pick = select("Activation", Object.entries(ACTIVATION_VIEW).map(([k, v]) => [k, v.label]), name, (v) => { name = v; draw(); });
    const xControl = numberControl({ label: "Weighted sum x", name: "x", min: -6, max: 6, step: 0.1, value: x, onChange: (v) => { x = v; draw(); } });
    widget(root, "Activation functions: f(x) and its slope f′(x)",
      el("div", { class: "ww-controls" }, pick.root, xControl.root), holder,
      el("p", { class: "ww-legend" }, key("ww-line ww-c1"), " f(x), solid  ",
        key("ww-line ww-c2 ww-dashed"), " f′(x), dashed; the thin line is the tangent at x"), out);
    draw();
  }

  function neuronWidget(root) {
    const a = [1, 0.5, -1], w = [0.8, -0.4, 0.3];
    let b = 0.1, name = "relu";
    const formula = el("p", { class: "ww-formula" });
    const out = live();
    const update = () => {
      const x = weightedSum(a, w, b), y = activations[name](x);
      const term = (text) => el("span", { class: "ww-term" }, text);
      formula.replaceChildren(
        term("x = w₁a₁ + w₂a₂ + w₃a₃ + b"), el("br"),
        term(`= (${fmt(w[0])})(${fmt(a[0])})`), " ", ...a.slice(1).flatMap((ai, i) => [term(`+ (${fmt(w[i + 1])})(${fmt(ai)})`), " "]),
        term(`+ (${fmt(b)})`), el("br"),
        term(`= ${fmt(x)}`));
      out.textContent = `Weighted sum x = ${fmt(x)}; output ${name}(x) = ${fmt(y)}`;
    };
    const sub = ["₁", "₂", "₃"];
    const controls = [];
    a.forEach((v, i) => controls.push(numberControl({ label: `Input a${sub[i]}`, name: `input a${i + 1}`, min: -2, max: 2, value: v, onChange: (n) => { a[i] = n; update(); } }).root));
    w.forEach((v, i) => controls.push(numberControl({ label: `Weight w${sub[i]}`, name: `weight w${i + 1}`, min: -2, max: 2, value: v, onChange: (n) => { w[i] = n; update(); } }).root));
    controls.push(numberControl({ label: "Bias b", name: "bias b", min: -3, max: 3, value: b, onChange: (n) => { b = n; update(); } }).root);
    const pick = select("Activation f", Object.entries(ACTIVATION_VIEW).map(([k, v]) => [k, v.label]), name, (v) => { name = v; update(); });
    widget(root, "One neuron: x = Σ wᵢaᵢ + b, output f(x)",
      el("div", { class: "ww-controls ww-controls--grid" }, controls, pick.root), formula, out);
    update();
  }

  const CLASSES = ["car", "bus", "airplane", "bike", "cycle"];

  function softmaxWidget(root) {
    const z = [2, 1, 0.1, -1, 0.5];
    let temperature = 1;
    const bars = el("div", { class: "ww-bars", "aria-hidden": "true" });
    const body = el("tbody");
    const table = el("table", { class: "ww-table" },
      el("caption", { text: "Softmax of the logits" }),
      el("thead", {}, el("tr", {}, ["class", "logit z", "z / T", "probability"].map((h) => el("th", { scope: "col", text: h })))),
      body);
    const out = live();
    const update = () => {
      const p = softmax(z, temperature);
      let total = 0;
      for (const v of p) total += v;
      bars.replaceChildren(...CLASSES.map((c, i) => el("div", { class: "ww-bar" },
        el("span", { class: "ww-bar__label", text: c }),
        el("span", { class: "ww-bar__track" }, el("span", { class: "ww-bar__fill", style: `width: ${(100 * p[i]).toFixed(2)}%` })),
        el("span", { class: "ww-bar__value", text: `${fmt(100 * p[i], 3)} %` }))));
      body.replaceChildren(
        ...CLASSES.map((c, i) => el("tr", {}, el("th", { scope: "row", text: c }),
          el("td", { text: fmt(z[i]) }), el("td", { text: fmt(z[i] / temperature) }), el("td", { text: fmt(p[i]) }))),
        el("tr", { class: "ww-total" }, el("th", { scope: "row", text: "sum" }), el("td"), el("td"), el("td", { text: fmt(total) })));
      const best = p.indexOf(Math.max(...p));
      out.textContent = `Most likely: ${CLASSES[best]}, probability ${fmt(p[best])}. The five probabilities sum to ${fmt(total)}.`;
    };
    const controls = CLASSES.map((c, i) => numberControl({ label: `Logit z for ${c}`, name: `logit for ${c}`, min: -10, max: 10, step: 0.1, value: z[i], onChange: (v) => { z[i] = v; update(); } }).root);
    const t = numberControl({ label: "Temperature T", name: "temperature", min: 0.1, max: 10, step: 0.1, value: 1, onChange: (v) => { temperature = v; update(); } });
    widget(root, "Softmax: σ(z)ᵢ = e^(zᵢ/T) / Σⱼ e^(zⱼ/T)",
      el("div", { class: "ww-controls ww-controls--grid" }, controls, t.root), bars, table, out);
    update();
  }

  function crossentropyWidget(root) {
    let yHat = 0.8;
    const holder = el("div", { class: "ww-plot-holder" });
    const binaryOut = live();
    const top = 8;
    const drawBinary = () => {
      const p = plot({ x: [0, 1], y: [0, top], xTicks: [0, 0.5, 1], yTicks: [0, 4, 8],
        label: "Binary crossentropy against the predicted probability: solid for y = 1, dashed for y = 0" });
      const l1 = binaryCrossentropy([1], [yHat]), l0 = binaryCrossentropy([0], [yHat]);
      p.svg.append(
        p.curve((v) => binaryCrossentropy([1], [v]), "ww-line ww-c1"),
        p.curve((v) => binaryCrossentropy([0], [v]), "ww-line ww-c2 ww-dashed"),
        el("svg:circle", { class: "ww-dot ww-c1", cx: p.sx(yHat), cy: p.sy(p.inView(l1)), r: 5 }),
        el("svg:rect", { class: "ww-dot ww-c2", x: p.sx(yHat) - 4, y: p.sy(p.inView(l0)) - 4, width: 8, height: 8 }));
      holder.replaceChildren(p.svg);
      binaryOut.textContent = `ŷ = ${fmt(yHat)}: loss ${fmt(l1)} if y = 1, loss ${fmt(l0)} if y = 0` +
        (l1 > top || l0 > top ? " (off the chart; the clip at 1e−7 caps it at 16.12)" : "");
    };
    const yControl = numberControl({ label: "Predicted probability ŷ", name: "predicted probability", min: 0, max: 1, step: 0.01, value: yHat, onChange: (v) => { yHat = v; drawBinary(); } });

    const scores = [0.1, 0.1, 0.6, 0.1, 0.1];
    let label = 2;
    const multiOut = live();
    const oneHot = el("p", { class: "ww-formula" });
    const updateMulti = () => {
      let total = 0;
      for (const v of scores) total += v;
      const hot = CLASSES.map((_, i) => (i === label ? 1 : 0));
      if (!(total > 0)) {
        oneHot.textContent = "";
        multiOut.textContent = "Give at least one class a probability above 0.";
        return;
      }
      oneHot.replaceChildren(
        el("span", {}, `integer label: ${label} (${CLASSES[label]})`), el("br"),
        el("span", {}, `one-hot vector: [${hot.join(", ")}]`), el("br"),
        el("span", {}, `ŷ divided by its sum ${fmt(total)}: [${scores.map((s) => fmt(s / total, 3)).join(", ")}]`));
      const sparse = sparseCategoricalCrossentropy(label, scores), categorical = categoricalCrossentropy(hot, scores);
      multiOut.textContent = `sparse categorical crossentropy from the label: ${fmt(sparse, 6)}; ` +
        `categorical crossentropy from the one-hot vector: ${fmt(categorical, 6)}`;
    };
    const scoreControls = CLASSES.map((c, i) => numberControl({ label: `ŷ for ${c}`, name: `predicted probability for ${c}`, min: 0, max: 1, step: 0.01, value: scores[i], onChange: (v) => { scores[i] = v; updateMulti(); } }).root);
    const pick = select("True class", CLASSES.map((c, i) => [String(i), `${i}: ${c}`]), String(label), (v) => { label = Number(v); updateMulti(); });
    widget(root, "Crossentropy: L = −(y log ŷ + (1 − y) log(1 − ŷ))",
      el("div", { class: "ww-controls" }, yControl.root), holder,
      el("p", { class: "ww-legend" }, key("ww-line ww-c1"), " y = 1: −log ŷ  ",
        key("ww-line ww-c2 ww-dashed"), " y = 0: −log(1 − ŷ)"), binaryOut,
      el("p", { class: "ww-subtitle", text: "Five classes: the same loss from an integer label and from its one-hot vector" }),
      el("div", { class: "ww-controls ww-controls--grid" }, pick.root, scoreControls), oneHot, multiOut);
    drawBinary();
    updateMulti();
  }

  const RATES = [1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.45, 0.7, 1, 2];
  const RACERS = [
    { key: "sgd", label: "SGD", cls: "ww-c1", shape: "circle" },
    { key: "momentum", label: "Momentum (μ = 0.9)", cls: "ww-c2", shape: "square" },
    { key: "rmsprop", label: "RMSprop", cls: "ww-c3", shape: "triangle" },
    { key: "adam", label: "Adam", cls: "ww-c4", shape: "diamond" },
  ];
  const SUGGESTED_RATES = {
    bowl: { sgd: 0.1, momentum: 0.02, rmsprop: 0.05, adam: 0.1 },
    valley: { sgd: 0.45, momentum: 0.05, rmsprop: 0.05, adam: 0.1 },
    saddle: { sgd: 0.1, momentum: 0.02, rmsprop: 0.05, adam: 0.1 },
    rosenbrock: { sgd: 0.005, momentum: 0.001, rmsprop: 0.02, adam: 0.05 },
  };
  const MAX_STEPS = 1000;

  function marker(shape, x, y, cls) {
    const r = 5;
    if (shape === "circle") return el("svg:circle", { cx: x, cy: y, r, class: cls });
    if (shape === "square") return el("svg:rect", { x: x - r, y: y - r, width: 2 * r, height: 2 * r, class: cls });
    const pts = shape === "triangle" ? [[0, -r - 1], [r + 1, r], [-r - 1, r]] : [[0, -r - 1], [r + 1, 0], [0, r + 1], [-r - 1, 0]];
    return el("svg:polygon", { points: pts.map(([dx, dy]) => `${x + dx},${y + dy}`).join(" "), class: cls });
  }

  function optimizerWidget(root) {
    let surfaceName = "valley", surface = surfaces[surfaceName];
    let start = surface.start.slice(), timer = null;
    const rates = { ...SUGGESTED_RATES[surfaceName] };
    const racers = RACERS.map((r) => ({ ...r, on: true }));
    const W = 360, H = 240;
    const svg = el("svg:svg", { viewBox: `0 0 ${W} ${H}`, class: "ww-plot ww-surface", role: "img" });
    const contourLayer = el("svg:g", { class: "ww-contours" });
    const pathLayer = el("svg:g");
    svg.append(contourLayer, pathLayer);
    const sx = (v) => ((v - surface.x_range[0]) / (surface.x_range[1] - surface.x_range[0])) * W;
    const sy = (v) => H - ((v - surface.y_range[0]) / (surface.y_range[1] - surface.y_range[0])) * H;
    const body = el("tbody");
    const status = live();

    const drawContours = () => {
      const n = 64, values = new Float64Array(n * n);
      const gx = (i) => surface.x_range[0] + ((surface.x_range[1] - surface.x_range[0]) * i) / (n - 1);
      const gy = (j) => surface.y_range[0] + ((surface.y_range[1] - surface.y_range[0]) * j) / (n - 1);
      for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) values[j * n + i] = surface.loss(gx(i), gy(j));
      const sorted = Array.from(values).sort((p, q) => p - q);
      // Levels between two grid values, so that no contour passes exactly through a grid point.
      const levels = [...new Set([0.01, 0.03, 0.07, 0.13, 0.2, 0.3, 0.42, 0.56, 0.72, 0.9].map((q) => {
        const k = Math.floor(q * (sorted.length - 2));
        return (sorted[k] + sorted[k + 1]) / 2;
      }))];
      const toX = (i) => ((i / (n - 1)) * W).toFixed(1), toY = (j) => (H - (j / (n - 1)) * H).toFixed(1);
      contourLayer.replaceChildren(...levels.map((level, k) => el("svg:path", {
        class: `ww-contour ww-contour--${k % 2 ? "minor" : "major"}`,
        d: contourSegments(values, n, n, level).map(([[i0, j0], [i1, j1]]) => `M${toX(i0)} ${toY(j0)}L${toX(i1)} ${toY(j1)}`).join(""),
      })), ...surface.minima.map(([mx, my]) => el("svg:path", { class: "ww-minimum", d: `M${sx(mx) - 6} ${sy(my)}h12M${sx(mx)} ${sy(my) - 6}v12` })));
      formula.textContent = surface.formula;
      svg.setAttribute("aria-label", `Contour map of the ${surface.title.toLowerCase()}, ${surface.formula}, for x from ${fmt(surface.x_range[0])} to ${fmt(surface.x_range[1])} and y from ${fmt(surface.y_range[0])} to ${fmt(surface.y_range[1])}; a cross marks each minimum`);
    };

    const resetRacers = () => {
      for (const r of racers) {
        r.opt = makeOptimizer(r.key, { learning_rate: rates[r.key] });
        r.path = [start.slice()];
        r.diverged = 0;
      }
    };
    const px = (v, s) => clampTo(s(v), -1e4, 1e4).toFixed(1);
    const drawPaths = () => {
      const layer = [el("svg:circle", { class: "ww-start", cx: sx(start[0]), cy: sy(start[1]), r: 7 })];
      for (const r of racers) {
        if (!r.on) continue;
        const last = r.path[r.path.length - 1];
        layer.push(el("svg:polyline", { class: `ww-path ${r.cls}`, points: r.path.map(([x, y]) => `${px(x, sx)},${px(y, sy)}`).join(" ") }),
          marker(r.shape, Number(px(last[0], sx)), Number(px(last[1], sy)), `ww-head ${r.cls}`));
      }
      pathLayer.replaceChildren(...layer);
      body.replaceChildren(...racers.filter((r) => r.on).map((r) => {
        const [x, y] = r.path[r.path.length - 1];
        return el("tr", {}, el("th", { scope: "row" }, key(`ww-path ${r.cls}`), ` ${r.label}`),
          el("td", { text: String(r.path.length - 1) }),
          el("td", { text: `(${fmt(x)}, ${fmt(y)})` }),
          el("td", { text: r.diverged ? `diverged at step ${r.diverged}: lower the learning rate` : fmt(surface.loss(x, y)) }));
      }));
    };
    const announce = () => {
      const parts = racers.filter((r) => r.on).map((r) => {
        const [x, y] = r.path[r.path.length - 1];
        return r.diverged ? `${r.label} diverged` : `${r.label} loss ${fmt(surface.loss(x, y))}`;
      });
      const steps = Math.max(...racers.map((r) => r.path.length - 1));
      status.textContent = `Step ${steps}: ${parts.join("; ") || "no optimizer selected"}.`;
    };
    const stepAll = () => {
      let moving = false;
      for (const r of racers) {
        if (!r.on || r.diverged || r.path.length > MAX_STEPS) continue;
        const point = r.path[r.path.length - 1];
        const g = safeGradient(surface, point);
        if (g === null) { r.diverged = r.path.length; continue; }
        r.path.push(r.opt.step(point, g));
        moving = true;
      }
      drawPaths();
      return moving;
    };
    const playButton = button("Play", () => (timer ? pause() : play()), { "aria-pressed": "false" });
    const play = () => {
      timer = setInterval(() => { if (!stepAll()) pause(); }, 60);
      playButton.textContent = "Pause";
      playButton.setAttribute("aria-pressed", "true");
    };
    const pause = () => {
      clearInterval(timer);
      timer = null;
      playButton.textContent = "Play";
      playButton.setAttribute("aria-pressed", "false");
      announce();
    };
    const restart = () => { if (timer) pause(); resetRacers(); drawPaths(); announce(); };

    const xStart = numberControl({ label: "Start x", name: "start x", min: surface.x_range[0], max: surface.x_range[1], step: 0.05, value: start[0], onChange: (v) => { start[0] = v; restart(); } });
    const yStart = numberControl({ label: "Start y", name: "start y", min: surface.y_range[0], max: surface.y_range[1], step: 0.05, value: start[1], onChange: (v) => { start[1] = v; restart(); } });
    const rateControls = {};
    const racerControls = racers.map((r) => {
      const id = uid("check");
      const box = el("input", { type: "checkbox", id, checked: true });
      box.addEventListener("change", () => { r.on = box.checked; restart(); });
      rateControls[r.key] = numberControl({ label: `${r.label} learning rate`, name: `${r.label} learning rate`, min: 1e-4, max: 2, value: rates[r.key], values: RATES, onChange: (v) => { rates[r.key] = v; restart(); } });
      return el("div", { class: "ww-racer" }, el("div", { class: "ww-check" }, box, el("label", { for: id }, key(`ww-path ${r.cls}`), ` race ${r.label}`)), rateControls[r.key].root);
    });
    const formula = el("p", { class: "ww-formula" });
    const pick = select("Loss surface", Object.entries(surfaces).map(([k, s]) => [k, s.title]), surfaceName, (v) => {
      surfaceName = v; surface = surfaces[v]; start = surface.start.slice();
      Object.assign(rates, SUGGESTED_RATES[v]);
      for (const r of racers) rateControls[r.key].set(rates[r.key]);
      for (const [c, k, range] of [[xStart, 0, surface.x_range], [yStart, 1, surface.y_range]]) {
        for (const input of [c.range, c.num]) { input.min = range[0]; input.max = range[1]; }
        c.set(start[k]);
      }
      drawContours(); restart();
    });

    // Drag (or click) on the map to move the start point.
    let dragging = false;
    const moveStart = (event) => {
      const box = svg.getBoundingClientRect();
      const fx = (event.clientX - box.left) / box.width, fy = (event.clientY - box.top) / box.height;
      start = [
        Number(clampTo(surface.x_range[0] + fx * (surface.x_range[1] - surface.x_range[0]), ...surface.x_range).toFixed(2)),
        Number(clampTo(surface.y_range[1] - fy * (surface.y_range[1] - surface.y_range[0]), ...surface.y_range).toFixed(2)),
      ];
      xStart.set(start[0]); yStart.set(start[1]);
      restart();
    };
    svg.addEventListener("pointerdown", (e) => { dragging = true; svg.setPointerCapture(e.pointerId); moveStart(e); });
    svg.addEventListener("pointermove", (e) => { if (dragging) moveStart(e); });
    svg.addEventListener("pointerup", () => { dragging = false; });
    svg.addEventListener("pointercancel", () => { dragging = false; });

    const table = el("table", { class: "ww-table" }, el("caption", { text: "Where each optimizer is now" }),
      el("thead", {}, el("tr", {}, ["optimizer", "steps", "(x, y)", "loss"].map((h) => el("th", { scope: "col", text: h })))), body);
    widget(root, "Optimizers racing on a loss surface",
      el("div", { class: "ww-controls ww-controls--grid" }, pick.root, xStart.root, yStart.root),
      formula, el("div", { class: "ww-plot-holder" }, svg),
      el("p", { class: "ww-legend", text: "Drag or click on the map to move the start (the ring); a cross marks each minimum." }),
      el("div", { class: "ww-buttons" },
        button("Step", () => { if (timer) pause(); stepAll(); announce(); }), playButton,
        button("Reset", restart)),
      status, table, el("div", { class: "ww-controls ww-controls--grid" }, racerControls));
    drawContours();
    resetRacers();
    drawPaths();
    announce();
  }

  const WIDGETS = {
    activation: activationWidget, neuron: neuronWidget, softmax: softmaxWidget,
    crossentropy: crossentropyWidget, optimizer: optimizerWidget,
  };

  function mount(root) {
    const name = root.getAttribute("data-widget");
    const make = WIDGETS[name];
    if (!make || root.classList.contains("ww-mounted")) return;
    make(root);
    root.classList.add("ww-mounted");
  }

  window.workshopWidgets = { math, mount, names: Object.keys(WIDGETS), format: fmt };
  // Build each widget when it comes near the viewport, so a page with several
  // widgets (and the optimizer's contour map) does not hold up its first paint.
  const roots = document.querySelectorAll("[data-widget]");
  if ("IntersectionObserver" in window) {
    const observer = new IntersectionObserver((entries) => {
      entries.filter((entry) => entry.isIntersecting).forEach((entry) => {
        observer.unobserve(entry.target);
        mount(entry.target);
      });
    }, { rootMargin: "400px 0px" });
    roots.forEach((root) => observer.observe(root));
  } else {
    roots.forEach(mount);
  }
})();
