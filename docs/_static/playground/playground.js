/* The playground page: controls, drawing and the training loop.
 *
 * The element made by the `playground` directive (docs/_ext/playground.py)
 * carries the output-layer table that workshop.units.output_layer computed at
 * build time (data-output-layers). Everything is built through the DOM, and
 * styles are classes or CSSOM properties, so a strict Content-Security-Policy
 * holds. Training runs in slices of at most SLICE_MS per animation frame.
 */
import { makeOptimizer } from "../widgets/math.js";
import { Network, Trainer, HIDDEN_ACTIVATIONS, LOSSES, predictedClass, trainExactly } from "./engine.js";
import { generate, parseCsv, split, encodeTargets, MULTICLASS_DATASETS, MAX_CLASSES } from "./data.js";
import { STATE, ALL_DATASETS, OPTIMIZERS, MAX_LAYERS, MAX_UNITS, MAX_SHARED_POINTS, entry, read, allowed, parseHash, toHash, defaults } from "./state.js";
import { kerasCode, OPTIMIZER_ARGUMENTS } from "./export.js";

const SLICE_MS = 12; // training time per frame: drawing fits in the rest of a 50 ms task
const PLOT_MS = 80; // while playing, the decision regions are redrawn at most this often
const SUMMARY_MS = 2000; // a screen reader hears the summary at most this often while training
const GRID = 48; // decision regions: GRID x GRID predictions
const LABELS = {
  moons: "two moons", circles: "circles", xor: "XOR", spirals: "spirals", blobs: "Gaussian blobs",
  curve: "a noisy curve (regression)", own: "your points (classes)", "own-curve": "your points (a curve)",
  sgd: "SGD", rmsprop: "RMSprop", adam: "Adam", auto: "as the table says",
  binary_crossentropy: "binary crossentropy", categorical_crossentropy: "categorical crossentropy",
  sparse_categorical_crossentropy: "sparse categorical crossentropy", mean_squared_error: "mean squared error",
};
const label = (v) => LABELS[v] ?? v;

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

/** h("button", { class: "x", onclick }, "text", child): an element with properties, attributes and children. */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key in el && typeof value !== "string") el[key] = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

let nextId = 0;
const uid = (name) => `pg-${name}-${++nextId}`;
const fmt = (v, digits = 3) => (v === null || v === undefined ? "–" : Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : v.toFixed(digits));

class Playground {
  constructor(root) {
    this.root = root;
    this.table = JSON.parse(root.dataset.outputLayers);
    const { state, problems } = parseHash(location.hash);
    this.state = state;
    this.playing = false;
    this.lastSummary = 0;
    this.lastPlot = 0;
    this.frames = []; // ms of training, drawing and summary in each of the last frames (the benchmark reads them)
    this.problems = problems;
    this.build();
  }

  /** The first data, network and drawing: a task of its own after the controls are built. */
  start() {
    if (this.problems.length) this.notice(`Some settings in the address were not valid and were replaced by their defaults: ${this.problems.join("; ")}.`);
    this.reset();
    window.addEventListener("hashchange", () => this.fromHash());
    new MutationObserver(() => this.redraw()).observe(document.body, { attributes: true, attributeFilter: ["data-theme"] });
    matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => this.redraw());
    new ResizeObserver(() => { if (this.plot.clientWidth !== this.drawnWidth) this.redraw(); }).observe(this.plot);
  }

  /* ------------------------------------------------------------- controls */

  field(name, text, control, hint) {
    const id = uid(name);
    control.id = id;
    control.dataset.setting = name;
    if (hint) control.setAttribute("aria-describedby", `${id}-hint`);
    return h("div", { class: "pg-field" }, h("label", { for: id }, text), control, hint && h("span", { class: "pg-hint", id: `${id}-hint` }, hint));
  }

  select(name, values, onchange = (v) => this.set(name, v)) {
    const el = h("select", { onchange: () => onchange(el.value) }, values.map((v) => h("option", { value: v }, label(v))));
    return el;
  }

  numberInput(name, step) {
    const spec = entry(name);
    const el = h("input", { type: "number", inputmode: "decimal", min: spec.min, max: spec.max, step: step ?? "any" });
    el.addEventListener("change", () => {
      const value = read(spec, el.value.trim());
      if (value === undefined) { this.message(`${name} must be ${allowed(spec)}; it stays ${this.state[name]}.`); el.value = this.state[name]; return; }
      this.set(name, value);
    });
    return el;
  }

  checkbox(name) {
    const el = h("input", { type: "checkbox", onchange: () => this.set(name, el.checked) });
    return el;
  }

  build() {
    const r = this.root;
    r.replaceChildren();
    r.classList.add("pg-ready");
    this.noticeEl = h("p", { class: "pg-notice", role: "status", hidden: true });
    this.messageEl = h("p", { class: "pg-message", role: "status" });
    this.summaryEl = h("p", { class: "pg-summary", "aria-live": "polite" });
    this.mismatchEl = h("p", { class: "pg-mismatch", role: "status" });
    this.outputEl = h("p", { class: "pg-output" });

    // Its name says what it will do (Play or Pause), so it carries no aria-pressed as well.
    this.playButton = h("button", { type: "button", class: "pg-play", onclick: () => this.toggle() }, "Play");
    const buttons = h("div", { class: "pg-buttons", role: "group", "aria-label": "Training" },
      this.playButton,
      h("button", { type: "button", onclick: () => this.run("step") }, "One step"),
      h("button", { type: "button", onclick: () => this.run("epoch") }, "One epoch"),
      h("button", { type: "button", onclick: () => { this.pause(); this.reset(); } }, "Reset"));

    this.csvInput = h("input", { type: "file", accept: ".csv,text/csv,text/plain", onchange: () => this.loadCsv() });
    this.clickClass = h("select", {}, Array.from({ length: MAX_CLASSES }, (_, c) => h("option", { value: c }, `class ${c}`)));
    this.addX = h("input", { type: "number", step: "any", class: "pg-short", value: "0" });
    this.addY = h("input", { type: "number", step: "any", class: "pg-short", value: "0" });
    const data = h("fieldset", {}, h("legend", {}, "Data"),
      this.field("data", "Data set", this.select("data", ALL_DATASETS, (v) => this.setData(v))),
      this.classesField = this.field("classes", "Classes", this.numberInput("classes", 1)),
      this.field("points", "Points", this.numberInput("points", 10)),
      this.field("noise", "Noise", this.numberInput("noise", 0.01)),
      this.field("validation", "Validation share", this.numberInput("validation", 0.05), "held out, drawn as rings"),
      this.field("seed", "Seed", this.numberInput("seed", 1), "same seed, same data and start"),
      h("div", { class: "pg-field" }, h("span", { class: "pg-label" }, "Add a point"),
        h("span", { class: "pg-add" },
          h("label", {}, "x ", this.addX), h("label", {}, "y ", this.addY),
          h("label", {}, "label ", this.clickClass),
          h("button", { type: "button", onclick: () => this.addPoint(Number(this.addX.value), Number(this.addY.value)) }, "Add")),
        h("span", { class: "pg-hint" }, "or click the plot (the class applies)")),
      this.field("csv", "Load a CSV", this.csvInput, "lines x, y, label (0-4); or x, y for a curve"),
      h("button", { type: "button", onclick: () => this.set("added", []) }, "Remove added points"),
    );

    this.layersEl = h("div", { class: "pg-layers" });
    this.layerCount = h("select", { onchange: () => this.setLayerCount(Number(this.layerCount.value)) },
      Array.from({ length: MAX_LAYERS }, (_, i) => h("option", { value: i + 1 }, String(i + 1))));
    const network = h("fieldset", {}, h("legend", {}, "Network"),
      this.field("layers", "Hidden layers", this.layerCount),
      this.layersEl, this.outputEl,
      this.field("loss", "Loss", this.select("loss", ["auto", ...LOSSES])),
      this.mismatchEl);

    const options = ["momentum", "nesterov", "rho", "centered", "beta_1", "beta_2", "epsilon"];
    this.optionFields = Object.fromEntries(options.map((name) => {
      const spec = entry(name);
      return [name, this.field(name, name, spec.kind === "bool" ? this.checkbox(name) : this.numberInput(name, name === "epsilon" ? "any" : 0.01))];
    }));
    const training = h("fieldset", {}, h("legend", {}, "Training"),
      this.field("optimizer", "Optimizer", this.select("optimizer", OPTIMIZERS)),
      this.field("learning_rate", "Learning rate", this.numberInput("learning_rate", "any")),
      this.field("batch_size", "Batch size", this.numberInput("batch_size", 1)),
      Object.values(this.optionFields));

    this.plot = h("canvas", { class: "pg-plot", role: "img", onclick: (e) => this.clickPlot(e) });
    this.lossChart = h("canvas", { class: "pg-chart", role: "img", "aria-label": "Loss per epoch" });
    this.accuracyChart = h("canvas", { class: "pg-chart", role: "img", "aria-label": "Accuracy per epoch" });
    this.neuronSelect = h("select", { onchange: () => this.showNeuron() });
    this.neuronEl = h("table", { class: "pg-neuron" });
    this.codeEl = h("code", { class: "language-python" });
    this.copyStatus = h("span", { class: "pg-copied", role: "status" });

    const figures = h("div", { class: "pg-figures" },
      h("figure", {}, this.plot, h("figcaption", { class: "pg-caption" }, this.captionEl = h("span"))),
      h("div", { class: "pg-curves" },
        h("figure", {}, h("figcaption", {}, "Loss per epoch: training (solid), validation (dashed)"), this.lossChart),
        this.accuracyFigure = h("figure", {}, h("figcaption", {}, "Accuracy per epoch: training (solid), validation (dashed)"), this.accuracyChart)),
      h("div", { class: "pg-neuron-box" }, this.field("neuron", "Weights of neuron", this.neuronSelect), this.neuronEl));

    r.append(this.noticeEl, buttons, this.summaryEl, this.messageEl, figures,
      h("div", { class: "pg-controls" }, data, network, training),
      this.exportEl = h("details", { class: "pg-export", ontoggle: () => this.showCode() },
        h("summary", {}, "Keras code for this setup"),
        h("div", { class: "pg-buttons" },
          h("button", { type: "button", onclick: () => this.copy(this.code(), "Code copied.") }, "Copy code"),
          h("button", { type: "button", onclick: () => this.copy(location.href, "Link copied.") }, "Copy link to this setup"),
          this.copyStatus),
        h("pre", { tabindex: "0" }, this.codeEl)));
  }

  /** Put the state into every control. */
  showState() {
    const s = this.state;
    for (const el of this.root.querySelectorAll("[data-setting]")) {
      const name = el.dataset.setting;
      if (!(name in s)) continue;
      if (el.type === "checkbox") el.checked = s[name];
      else el.value = s[name];
    }
    this.layerCount.value = s.units.length;
    this.layersEl.replaceChildren(...s.units.map((units, i) => {
      const size = h("input", { type: "number", min: 1, max: MAX_UNITS, step: 1, value: units, class: "pg-short", onchange: () => {
        const v = read(entry("units"), size.value.trim());
        if (v === undefined) { this.message(`Units must be a whole number from 1 to ${MAX_UNITS}.`); size.value = units; return; }
        this.set("units", s.units.map((u, j) => (j === i ? v[0] : u)));
      } });
      const act = h("select", { onchange: () => this.set("activations", s.activations.map((a, j) => (j === i ? act.value : a))) },
        HIDDEN_ACTIVATIONS.map((a) => h("option", { value: a }, a)));
      act.value = s.activations[i];
      const id = uid("layer");
      size.id = id;
      return h("div", { class: "pg-layer" }, h("label", { for: id }, `Layer ${i + 1}: units`), size, h("label", {}, "activation ", act));
    }));
    const generated = !s.data.startsWith("own");
    this.classesField.hidden = !MULTICLASS_DATASETS.includes(s.data);
    for (const name of ["points", "noise"]) this.root.querySelector(`[data-setting="${name}"]`).parentElement.hidden = !generated;
    for (const [name, field] of Object.entries(this.optionFields)) field.hidden = !OPTIMIZER_ARGUMENTS[s.optimizer].includes(name);
    this.clickClass.disabled = this.task === "regression";
  }

  set(name, value) {
    this.state[name] = value;
    this.reset();
  }

  setData(name) {
    if (name.startsWith("own") !== this.state.data.startsWith("own") || name.endsWith("curve") !== this.state.data.endsWith("curve")) this.state.added = [];
    this.state.data = name;
    this.state.loss = "auto";
    this.reset();
  }

  setLayerCount(n) {
    const s = this.state;
    s.units = Array.from({ length: n }, (_, i) => s.units[i] ?? s.units[s.units.length - 1]);
    s.activations = Array.from({ length: n }, (_, i) => s.activations[i] ?? s.activations[s.activations.length - 1]);
    this.reset();
  }

  fromHash() {
    if (location.hash.slice(1) === toHash(this.state)) return;
    const { state, problems } = parseHash(location.hash);
    this.state = state;
    this.notice(problems.length ? `Some settings in the address were not valid and were replaced by their defaults: ${problems.join("; ")}.` : "");
    this.reset();
  }

  notice(text) { this.noticeEl.textContent = text; this.noticeEl.hidden = !text; }
  message(text) { this.messageEl.textContent = text; }

  /* ----------------------------------------------------------------- data */

  /** The points of the current state: [{ x: [..], value, added }], the task and the number of classes. */
  points() {
    const s = this.state;
    const regression = s.data === "curve" || s.data === "own-curve";
    let base = [];
    if (!s.data.startsWith("own")) {
      const d = generate(s.data, { points: s.points, noise: s.noise, classes: s.classes, seed: s.seed });
      base = d.xs.map((x, i) => ({ x, value: regression ? d.ys[i] : d.labels[i] }));
    }
    const added = s.added.map(([x, y, c]) => ({ x: regression ? [x] : [x, y], value: regression ? y : c, added: true }));
    const all = base.concat(added);
    const classes = regression ? 0 : Math.max(2, ...all.map((p) => p.value + 1));
    const task = regression ? "regression" : classes === 2 ? "binary" : "multiclass";
    return { all, task, classes };
  }

  outputLayer(task, classes) {
    return task === "multiclass" ? this.table.multiclass[String(classes)] : this.table[task];
  }

  addPoint(x, y) {
    if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 1e6 || Math.abs(y) > 1e6) { this.message("A point needs two numbers x and y between -1e6 and 1e6."); return; }
    const c = this.task === "regression" ? 0 : Number(this.clickClass.value);
    this.state.added = [...this.state.added, [+x.toFixed(3), +y.toFixed(3), c]];
    this.message(`Added a point at (${x.toFixed(2)}, ${y.toFixed(2)})${this.task === "regression" ? "" : `, class ${c}`} to the training points.`);
    this.reset();
  }

  clickPlot(event) {
    const rect = this.plot.getBoundingClientRect();
    const [x, y] = this.fromScreen((event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height);
    this.addPoint(x, y);
  }

  async loadCsv() {
    const file = this.csvInput.files[0];
    if (!file) return;
    try {
      if (file.size > 200_000) throw new Error(`the file has ${file.size} bytes; at most 200000`);
      const d = parseCsv(await file.text());
      const curve = !d.labels;
      this.state.data = curve ? "own-curve" : "own";
      this.state.added = d.xs.map((x, i) => (curve ? [x[0], d.ys[i], 0] : [x[0], x[1], d.labels[i]]));
      this.state.loss = "auto";
      const shared = d.xs.length > MAX_SHARED_POINTS ? ` Only the first ${MAX_SHARED_POINTS} travel in a copied link.` : "";
      this.message(`Loaded ${d.xs.length} points from ${file.name}.${shared}`);
      this.reset();
    } catch (error) {
      this.message(`${file.name} was not loaded, nothing changed: ${error.message}.`);
    }
    this.csvInput.value = "";
  }

  /* ------------------------------------------------------------- training */

  reset() {
    const s = this.state;
    const { all, task, classes } = this.points();
    this.task = task;
    this.classes = classes;
    this.output = this.outputLayer(task, classes);
    this.loss = s.loss === "auto" ? this.output.loss : s.loss;
    const generated = all.filter((p) => !p.added);
    const { train, validation } = split(generated.length, s.validation, s.seed);
    const trainPoints = train.map((i) => generated[i]).concat(all.filter((p) => p.added));
    const validationPoints = validation.map((i) => generated[i]);
    this.sets = { train: trainPoints, validation: validationPoints };
    const pack = (pts) => ({
      xs: pts.map((p) => p.x),
      values: pts.map((p) => p.value),
      targets: encodeTargets(pts.map((p) => p.value), this.loss, this.output.units),
      labels: task === "regression" ? null : pts.map((p) => p.value),
    });
    const layers = s.units.map((units, i) => ({ units, activation: s.activations[i] })).concat([{ units: this.output.units, activation: this.output.activation }]);
    this.network = Network.create(task === "regression" ? 1 : 2, layers, s.seed);
    this.startWeights = this.network.getWeights();
    const mismatch = MISMATCH[`${task}|${this.loss}`];
    this.blocked = mismatch?.[0] === "stop" || trainPoints.length === 0;
    this.mismatchEl.textContent = mismatch ? `${mismatch[0] === "stop" ? "This cannot train" : "Allowed, but"}: ${mismatch[1]}` : "";
    this.mismatchEl.classList.toggle("pg-stop", mismatch?.[0] === "stop");
    const options = Object.fromEntries(OPTIMIZER_ARGUMENTS[s.optimizer].map((k) => [k, s[k]]));
    try {
      this.trainer = new Trainer({
        network: this.network, optimizer: makeOptimizer(s.optimizer, options), loss: this.loss,
        train: pack(trainPoints), validation: pack(validationPoints), batchSize: s.batch_size, seed: s.seed,
      });
      this.failed = "";
    } catch (error) {
      this.failed = error.message;
      this.blocked = true;
    }
    if (this.blocked) this.pause();
    this.outputEl.textContent = `Output layer (${task}${task === "multiclass" ? `, ${classes} classes` : ""}, as workshop.units.output_layer decides): Dense(${this.output.units}, activation="${this.output.activation}"); its loss: ${label(this.output.loss)}.`;
    this.showState();
    this.updateNeuronChoices();
    const hash = toHash(s);
    if (location.hash.slice(1) !== hash) history.replaceState(null, "", hash ? `#${hash}` : location.pathname + location.search);
    this.redraw();
    this.summarize(true);
  }

  toggle() { if (this.playing) this.pause(); else this.play(); }

  play() {
    if (this.blocked) { this.summarize(true); return; }
    this.playing = true;
    this.playButton.textContent = "Pause";
    this.playButton.classList.add("pg-playing");
    const frame = () => {
      if (!this.playing) return;
      const start = performance.now();
      this.guard(() => { while (performance.now() - start < SLICE_MS) this.trainer.step(); });
      this.redraw(start - this.lastPlot < PLOT_MS);
      this.summarize(false);
      this.frames.push(performance.now() - start);
      if (this.frames.length > 1000) this.frames.shift();
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  pause() {
    const wasPlaying = this.playing;
    this.playing = false;
    this.playButton.textContent = "Play";
    this.playButton.classList.remove("pg-playing");
    if (wasPlaying) { this.redraw(); this.summarize(true); }
  }

  run(what) {
    if (this.blocked) { this.summarize(true); return; }
    this.guard(() => {
      if (what === "step") this.trainer.step();
      else { const epoch = this.trainer.epoch; while (this.trainer.epoch === epoch) this.trainer.step(); }
    });
    this.redraw();
    this.summarize(true);
  }

  /** Run a training slice; a step that overflows (math.js refuses non-finite numbers) stops training with the reason. */
  guard(work) {
    try { work(); } catch (error) {
      this.pause();
      this.failed = `Training stopped at epoch ${this.trainer.epoch}: ${error.message}. A smaller learning rate usually helps; Reset starts again.`;
      this.blocked = true;
    }
  }

  summarize(force) {
    const now = performance.now();
    if (!force && now - this.lastSummary < SUMMARY_MS) return;
    this.lastSummary = now;
    let text;
    if (this.failed) text = this.failed;
    else if (this.blocked) text = "This setup cannot train: see the note under Loss.";
    else {
      const last = this.trainer.history.at(-1);
      const steps = `${this.trainer.steps} step${this.trainer.steps === 1 ? "" : "s"}`;
      if (!last) text = `Epoch 0 (${steps}): not trained yet. ${this.sets.train.length} training and ${this.sets.validation.length} validation points.`;
      else {
        const accuracy = this.task === "regression" ? "" : `, training accuracy ${fmt(last.accuracy, 2)}, validation accuracy ${fmt(last.val_accuracy, 2)}`;
        text = `Epoch ${last.epoch} (${steps}): training loss ${fmt(last.loss)}, validation loss ${fmt(last.val_loss)}${accuracy}.`;
      }
    }
    this.summaryEl.textContent = text;
    this.showCode();
    this.showNeuron();
  }

  /** The Keras code, written only while its section is open. */
  showCode() {
    if (this.exportEl.open) this.codeEl.textContent = this.code();
  }

  code() {
    const pack = (pts) => ({ xs: pts.map((p) => p.x), values: pts.map((p) => p.value) });
    return kerasCode({
      state: this.state, task: this.task, classes: this.classes, output: this.output, loss: this.loss,
      train: pack(this.sets.train), validation: pack(this.sets.validation), weights: this.startWeights,
      epochs: this.trainer?.epoch || 100,
    });
  }

  async copy(text, done) {
    try {
      await navigator.clipboard.writeText(text);
      this.copyStatus.textContent = done;
    } catch {
      this.copyStatus.textContent = "Copying is not allowed here: select the text and copy it.";
    }
  }

  /* -------------------------------------------------------------- drawing */

  colors() {
    const style = getComputedStyle(this.root);
    const get = (name) => style.getPropertyValue(name).trim();
    return {
      classes: Array.from({ length: MAX_CLASSES }, (_, i) => get(`--pg-class-${i}`)),
      text: get("--pg-text"), background: get("--pg-background"), grid: get("--pg-grid"),
    };
  }

  /** The data window: the points' extent, padded, the same scale on both axes for two features. */
  extent() {
    const xs = this.sets.train.concat(this.sets.validation);
    const pick = (f) => (xs.length ? xs.map(f) : [-1, 1]);
    const range = (values) => { const lo = Math.min(...values), hi = Math.max(...values), pad = (hi - lo) * 0.08 + 0.1; return [lo - pad, hi + pad]; };
    if (this.task === "regression") return { x: range(pick((p) => p.x[0])), y: range(pick((p) => p.value)) };
    const x = range(pick((p) => p.x[0])), y = range(pick((p) => p.x[1]));
    const half = Math.max(x[1] - x[0], y[1] - y[0]) / 2, cx = (x[0] + x[1]) / 2, cy = (y[0] + y[1]) / 2;
    return { x: [cx - half, cx + half], y: [cy - half, cy + half] };
  }

  fromScreen(u, v) {
    const { x, y } = this.view;
    return [x[0] + u * (x[1] - x[0]), y[1] - v * (y[1] - y[0])];
  }

  sizeCanvas(canvas) {
    const ratio = window.devicePixelRatio || 1, w = canvas.clientWidth || 300, hgt = canvas.clientHeight || 200;
    if (canvas.width !== Math.round(w * ratio)) canvas.width = Math.round(w * ratio);
    if (canvas.height !== Math.round(hgt * ratio)) canvas.height = Math.round(hgt * ratio);
    const ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    return { ctx, w, h: hgt };
  }

  /** Draw the plot and the curves; the curves only when `curvesOnly` (the plot is the costly part). */
  redraw(curvesOnly = false) {
    if (!this.trainer && !this.blocked) return;
    const colors = this.colors();
    if (!curvesOnly) {
      this.view = this.extent();
      this.drawPlot(colors);
      this.lastPlot = performance.now();
      this.drawnWidth = this.plot.clientWidth;
    }
    const history = this.trainer?.history ?? [];
    this.drawChart(this.lossChart, history.map((e) => e.loss), history.map((e) => e.val_loss), colors, false);
    this.accuracyFigure.hidden = this.task === "regression";
    if (this.task !== "regression") this.drawChart(this.accuracyChart, history.map((e) => e.accuracy), history.map((e) => e.val_accuracy), colors, true);
  }

  drawPlot(colors) {
    const { ctx, w, h: hgt } = this.sizeCanvas(this.plot);
    const { x, y } = this.view;
    const sx = (v) => ((v - x[0]) / (x[1] - x[0])) * w, sy = (v) => hgt - ((v - y[0]) / (y[1] - y[0])) * hgt;
    ctx.fillStyle = colors.background;
    ctx.fillRect(0, 0, w, hgt);
    const rgb = colors.classes.map(parseColor);
    if (this.task === "regression") {
      ctx.strokeStyle = colors.classes[0];
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      for (let i = 0; i <= 200; i++) {
        const u = x[0] + ((x[1] - x[0]) * i) / 200, v = this.network.forward([u])[0];
        if (i === 0) ctx.moveTo(sx(u), sy(v)); else ctx.lineTo(sx(u), sy(v));
      }
      ctx.stroke();
    } else {
      // Probability shading: each class's colour weighted by its probability, stronger where the network is sure.
      const image = new ImageData(GRID, GRID), classOf = new Int8Array(GRID * GRID), bg = parseColor(colors.background);
      for (let j = 0; j < GRID; j++) {
        for (let i = 0; i < GRID; i++) {
          const out = this.network.forward([x[0] + ((i + 0.5) / GRID) * (x[1] - x[0]), y[1] - ((j + 0.5) / GRID) * (y[1] - y[0])]);
          const p = out.length === 1 ? [1 - out[0], out[0]] : out;
          const sure = (Math.max(...p) - 1 / p.length) / (1 - 1 / p.length), mix = 0.15 + 0.45 * sure, k = (j * GRID + i) * 4;
          for (let ch = 0; ch < 3; ch++) {
            let c = 0;
            for (let n = 0; n < p.length; n++) c += p[n] * rgb[n % rgb.length][ch];
            image.data[k + ch] = bg[ch] * (1 - mix) + c * mix;
          }
          image.data[k + 3] = 255;
          classOf[j * GRID + i] = predictedClass(out);
        }
      }
      const small = new OffscreenCanvas(GRID, GRID);
      small.getContext("2d").putImageData(image, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(small, 0, 0, w, hgt);
      // The boundary: where the predicted class changes between neighbouring cells.
      ctx.fillStyle = colors.text;
      const cw = w / GRID, ch = hgt / GRID;
      for (let j = 0; j < GRID; j++) {
        for (let i = 0; i < GRID; i++) {
          const c = classOf[j * GRID + i];
          if (i + 1 < GRID && classOf[j * GRID + i + 1] !== c) ctx.fillRect((i + 1) * cw - 0.75, j * ch, 1.5, ch);
          if (j + 1 < GRID && classOf[(j + 1) * GRID + i] !== c) ctx.fillRect(i * cw, (j + 1) * ch - 0.75, cw, 1.5);
        }
      }
    }
    // Points: training filled, validation as rings; every point outlined in the text colour.
    const dot = (p, filled) => {
      const px = sx(p.x[0]), py = sy(this.task === "regression" ? p.value : p.x[1]);
      const color = this.task === "regression" ? colors.text : colors.classes[p.value % colors.classes.length];
      ctx.beginPath();
      ctx.arc(px, py, filled ? 3.5 : 4, 0, 2 * Math.PI);
      if (filled) { ctx.fillStyle = color; ctx.fill(); ctx.strokeStyle = colors.text; ctx.lineWidth = 0.8; ctx.stroke(); }
      else { ctx.strokeStyle = color; ctx.lineWidth = 2; ctx.stroke(); }
    };
    this.sets.train.forEach((p) => dot(p, true));
    this.sets.validation.forEach((p) => dot(p, false));
    const what = this.task === "regression" ? "the fitted curve" : "the decision regions (shading: how sure the network is; line: the boundary)";
    const description = `${label(this.state.data)}: ${what}, ${this.sets.train.length} training points (filled) and ${this.sets.validation.length} validation points (rings), x from ${fmt(x[0], 1)} to ${fmt(x[1], 1)}.`;
    this.captionEl.textContent = `${description} Click to add a point.`;
    this.plot.setAttribute("aria-label", description);
  }

  drawChart(canvas, train, validation, colors, unit) {
    const { ctx, w, h: hgt } = this.sizeCanvas(canvas);
    ctx.fillStyle = colors.background;
    ctx.fillRect(0, 0, w, hgt);
    // The loss axis ends at the largest loss after the first epoch, which would flatten everything after it.
    const later = (series) => series.slice(series.length > 3 ? 1 : 0).filter((v) => v !== null && Number.isFinite(v));
    const lo = 0, hi = unit ? 1 : Math.max(1e-9, ...later(train), ...later(validation));
    const left = 40, bottom = hgt - 18, top = 8, right = w - 8;
    ctx.strokeStyle = colors.grid;
    ctx.lineWidth = 1;
    ctx.strokeRect(left, top, right - left, bottom - top);
    ctx.fillStyle = colors.text;
    ctx.font = "11px sans-serif";
    ctx.fillText(fmt(hi, 2), 2, top + 8);
    ctx.fillText(fmt(lo, 0), 2, bottom);
    ctx.fillText(`epoch ${train.length}`, right - 60, hgt - 4);
    const n = Math.max(train.length, 2);
    const line = (series, dashed, color) => {
      ctx.setLineDash(dashed ? [5, 4] : []);
      ctx.strokeStyle = color;
      ctx.lineWidth = 2;
      ctx.beginPath();
      const every = Math.ceil(series.length / 400); // at most about 400 points a line
      series.forEach((v, i) => {
        if (v === null || (i % every && i !== series.length - 1)) return;
        const px = left + (i / (n - 1)) * (right - left), py = bottom - ((Math.min(v, hi) - lo) / (hi - lo)) * (bottom - top);
        if (i === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
      });
      ctx.stroke();
      ctx.setLineDash([]);
    };
    line(train, false, colors.classes[0]);
    line(validation, true, colors.classes[1]);
    const last = train.length ? `last: training ${fmt(train.at(-1))}, validation ${fmt(validation.at(-1))}` : "no epochs yet";
    canvas.setAttribute("aria-label", `${canvas === this.lossChart ? "Loss" : "Accuracy"} per epoch, ${last}`);
  }

  updateNeuronChoices() {
    const previous = this.neuronSelect.value;
    const options = [];
    this.network.layers.forEach((layer, l) => {
      const name = l === this.network.layers.length - 1 ? "output" : `layer ${l + 1}`;
      for (let j = 0; j < layer.units; j++) options.push(h("option", { value: `${l}:${j}` }, `${name}, neuron ${j + 1}`));
    });
    this.neuronSelect.replaceChildren(...options);
    if ([...this.neuronSelect.options].some((o) => o.value === previous)) this.neuronSelect.value = previous;
  }

  showNeuron() {
    const [l, j] = this.neuronSelect.value.split(":").map(Number);
    const layer = this.network.layers[l];
    if (!layer) return;
    const inputs = l === 0 ? (this.task === "regression" ? ["x"] : ["x", "y"]) : Array.from({ length: layer.fanIn }, (_, i) => `neuron ${i + 1} below`);
    const weights = inputs.map((name, i) => [`weight from ${name}`, layer.kernel[i * layer.units + j]]).concat([["bias", layer.bias[j]]]);
    const largest = Math.max(1e-9, ...weights.map(([, v]) => Math.abs(v)));
    this.neuronEl.replaceChildren(
      h("caption", {}, `Incoming weights and bias, activation ${layer.activation}`),
      ...weights.map(([name, v]) => {
        const bar = h("span", { class: `pg-bar ${v < 0 ? "pg-negative" : ""}` });
        bar.style.width = `${(Math.abs(v) / largest) * 100}%`;
        return h("tr", {}, h("th", { scope: "row" }, name), h("td", {}, fmt(v)), h("td", { class: "pg-bar-cell", "aria-hidden": "true" }, bar));
      }));
  }

  /* ---------------------------------------------------- for tests and bench */

  status() {
    const frames = this.frames.slice().sort((a, b) => a - b), at = (q) => frames[Math.floor(q * (frames.length - 1))] ?? null;
    return { frames: { count: frames.length, median: at(0.5), p95: at(0.95), longest: at(1) }, epoch: this.trainer?.epoch ?? 0, steps: this.trainer?.steps ?? 0, playing: this.playing, blocked: this.blocked, history: this.trainer?.history ?? [], task: this.task, loss: this.loss, output: this.output, state: structuredClone(this.state) };
  }
}

/** "#1f77b4" or "rgb(31, 119, 180)" -> [31, 119, 180]. */
function parseColor(text) {
  const hex = /^#([0-9a-f]{6})$/i.exec(text);
  if (hex) return [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16));
  const numbers = text.match(/\d+(\.\d+)?/g);
  return numbers ? numbers.slice(0, 3).map(Number) : [128, 128, 128];
}

const root = document.querySelector("[data-playground]");
if (root) {
  const playground = new Playground(root);
  setTimeout(() => {
    playground.start();
    window.workshopPlayground = {
      trainExactly,
      status: () => playground.status(),
      play: () => playground.play(),
      pause: () => playground.pause(),
      defaults,
      stateTable: STATE,
    };
  });
}
