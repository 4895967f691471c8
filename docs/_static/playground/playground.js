/* The playground page's entry and controller: state, data, network, and what
 * each part shows. Its element holds the build's data block, the output-layer
 * table (workshop.units.output_layer_table). Controls: view.js; training
 * loop: loop.js; drawing: plot.js, curves.js, neuron.js; sentences: messages.js.
 */
import { buildData } from "../shared/dom.js";
import { makeOptimizer } from "../widgets/math.js";
import { Network, Trainer, trainExactly } from "./engine.js";
import { generate, parseCsv, split, encodeTargets, outputLayerFor } from "./data.js";
import { STATE, MAX_SHARED_POINTS, parseHash, toHash, defaults } from "./state.js";
import { kerasCode, OPTIMIZER_ARGUMENTS } from "./export.js";
import { buildView, showState } from "./view.js";
import { TrainingLoop } from "./loop.js";
import { dataWindow, drawPlot, fromScreen, themeColors } from "./plot.js";
import { drawCurves } from "./curves.js";
import { neuronChoices, showNeuron } from "./neuron.js";
import * as say from "./messages.js";

const PLOT_MS = 80; // while playing, the decision regions are redrawn at most this often
const SUMMARY_MS = 2000; // a screen reader hears the summary at most this often while training

class Playground {
  constructor(root, table) {
    this.root = root;
    this.table = table;
    const { state, problems } = parseHash(location.hash);
    this.state = state;
    this.problems = problems;
    this.lastSummary = 0;
    this.lastPlot = 0;
    this.loop = new TrainingLoop({
      trainer: () => (this.blocked ? null : this.trainer),
      afterSlice: (start) => { this.redraw(start - this.lastPlot < PLOT_MS); this.summarize(false); },
      show: () => { this.redraw(); this.summarize(true); },
      playing: (playing) => {
        this.view.play.textContent = playing ? "Pause" : "Play";
        this.view.play.classList.toggle("pg-playing", playing);
      },
      failed: (error) => {
        this.failed = say.trainingStopped(this.trainer.epoch, error);
        this.blocked = true;
      },
    });
    this.view = buildView(this, root);
  }

  /** The first data, network and drawing: a task of its own after the controls are built. */
  start() {
    if (this.problems.length) this.notice(say.badAddress(this.problems));
    this.reset();
    window.addEventListener("hashchange", () => this.fromHash());
    new MutationObserver(() => this.redraw()).observe(document.body, { attributes: true, attributeFilter: ["data-theme"] });
    matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => this.redraw());
    new ResizeObserver(() => { if (this.view.plot.clientWidth !== this.drawnWidth) this.redraw(); }).observe(this.view.plot);
  }

  /* --------------------------------------------------- what the controls call */

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
    this.notice(problems.length ? say.badAddress(problems) : "");
    this.reset();
  }

  notice(text) { this.view.notice.textContent = text; this.view.notice.hidden = !text; }
  message(text) { this.view.message.textContent = text; }
  toggle() { this.loop.toggle(); }
  pause() { this.loop.pause(); }
  run(what) { this.loop.run(what); }

  addPoint(x, y) {
    if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 1e6 || Math.abs(y) > 1e6) { this.message(say.BAD_POINT); return; }
    const c = this.task === "regression" ? 0 : Number(this.view.clickClass.value);
    this.state.added = [...this.state.added, [+x.toFixed(3), +y.toFixed(3), c]];
    this.message(say.pointAdded(x, y, this.task === "regression" ? null : c));
    this.reset();
  }

  clickPlot(event) {
    const rect = this.view.plot.getBoundingClientRect();
    const [x, y] = fromScreen(this.window, (event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height);
    this.addPoint(x, y);
  }

  async loadCsv(file) {
    if (!file) return;
    try {
      if (file.size > 200_000) throw new Error(`the file has ${file.size} bytes; at most 200000`);
      const d = parseCsv(await file.text());
      const curve = !d.labels;
      this.state.data = curve ? "own-curve" : "own";
      this.state.added = d.xs.map((x, i) => (curve ? [x[0], d.ys[i], 0] : [x[0], x[1], d.labels[i]]));
      this.state.loss = "auto";
      this.message(say.csvLoaded(d.xs.length, file.name, MAX_SHARED_POINTS));
      this.reset();
    } catch (error) {
      this.message(say.csvRefused(file.name, error));
    }
    this.view.csv.value = "";
  }

  /* ------------------------------------------------------ data and network */

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

  /** A new network, data split and trainer for the state; every change of a setting comes here. */
  reset() {
    const s = this.state;
    const { all, task, classes } = this.points();
    this.task = task;
    this.classes = classes;
    this.output = outputLayerFor(this.table, task, classes);
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
    const mismatch = say.mismatch(task, this.loss);
    this.blocked = Boolean(mismatch?.stops) || trainPoints.length === 0;
    this.view.mismatch.textContent = mismatch ? mismatch.text : "";
    this.view.mismatch.classList.toggle("pg-stop", Boolean(mismatch?.stops));
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
    if (this.blocked) this.loop.pause();
    this.view.output.textContent = say.outputLine(task, classes, this.output);
    showState(this, this.view, s, task);
    neuronChoices(this.view.neuronSelect, this.network);
    const hash = toHash(s);
    if (location.hash.slice(1) !== hash) history.replaceState(null, "", hash ? `#${hash}` : location.pathname + location.search);
    this.redraw();
    this.summarize(true);
  }

  /* ------------------------------------------------------ what the page shows */

  summarize(force) {
    const now = performance.now();
    if (!force && now - this.lastSummary < SUMMARY_MS) return;
    this.lastSummary = now;
    this.view.summary.textContent = say.summary(this);
    this.showCode();
    this.showNeuron();
  }

  /** Draw the plot and the curves; the curves only when `curvesOnly` (the plot is the costly part). */
  redraw(curvesOnly = false) {
    if (!this.trainer && !this.blocked) return;
    const colors = themeColors(this.root), v = this.view;
    if (!curvesOnly) {
      this.window = dataWindow(this.sets, this.task); // where a click on the plot lands, too
      drawPlot(v.plot, { network: this.network, sets: this.sets, task: this.task, view: this.window, colors });
      const description = say.plotDescription({ data: this.state.data, task: this.task, sets: this.sets, x: this.window.x });
      v.caption.textContent = `${description} ${say.PLOT_HINT}`;
      v.plot.setAttribute("aria-label", description);
      this.lastPlot = performance.now();
      this.drawnWidth = v.plot.clientWidth;
    }
    const history = this.trainer?.history ?? [];
    drawCurves(v.lossChart, { name: "Loss", train: history.map((e) => e.loss), validation: history.map((e) => e.val_loss), colors, unit: false });
    v.accuracyFigure.hidden = this.task === "regression";
    if (this.task !== "regression") {
      drawCurves(v.accuracyChart, { name: "Accuracy", train: history.map((e) => e.accuracy), validation: history.map((e) => e.val_accuracy), colors, unit: true });
    }
  }

  showNeuron() {
    showNeuron(this.view.neuron, this.view.neuronSelect, this.network, this.task === "regression" ? ["x"] : ["x", "y"]);
  }

  /** The Keras code, written only while its section is open. */
  showCode() {
    if (this.view.export.open) this.view.code.textContent = this.code();
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
      this.view.copyStatus.textContent = done;
    } catch {
      this.view.copyStatus.textContent = say.COPY_REFUSED;
    }
  }

  /** For the tests and the benchmark. */
  status() {
    return {
      frames: this.loop.frameStats(), epoch: this.trainer?.epoch ?? 0, steps: this.trainer?.steps ?? 0,
      playing: this.loop.playing, blocked: this.blocked, history: this.trainer?.history ?? [],
      task: this.task, loss: this.loss, output: this.output, state: structuredClone(this.state),
    };
  }
}

const root = document.querySelector("[data-playground]");
if (root) {
  const data = buildData(root, "playground"); // before the view replaces the fallback
  const playground = new Playground(root, data.output_layers);
  setTimeout(() => {
    playground.start();
    window.workshopPlayground = {
      trainExactly,
      status: () => playground.status(),
      play: () => playground.loop.play(),
      pause: () => playground.loop.pause(),
      defaults,
      stateTable: STATE,
    };
  });
}
