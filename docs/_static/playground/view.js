/* The playground's controls and figures: built once through the DOM, then
 * filled from the state (showState). Controls call the controller `pg`
 * (playground.js). */
import { el, uid } from "../shared/dom.js";
import { HIDDEN_ACTIVATIONS, LOSSES } from "./engine.js";
import { MAX_CLASSES, MULTICLASS_DATASETS } from "./data.js";
import { ALL_DATASETS, OPTIMIZERS, MAX_LAYERS, MAX_UNITS, entry, read, allowed } from "./state.js";
import { OPTIMIZER_ARGUMENTS } from "./export.js";
import { HINTS, badSetting, badUnits, label } from "./messages.js";

// The optimizers' own settings, each shown only for the optimizers that take it.
const OPTIMIZER_OPTIONS = ["momentum", "nesterov", "rho", "centered", "beta_1", "beta_2", "epsilon"];

/** A labelled control; `name` ties it to the state entry it shows. */
function field(name, text, control, hint) {
  const id = uid(name);
  control.id = id;
  control.dataset.setting = name;
  if (hint) control.setAttribute("aria-describedby", `${id}-hint`);
  return el("div", { class: "pg-field" }, el("label", { for: id }, text), control, hint && el("span", { class: "pg-hint", id: `${id}-hint` }, hint));
}

function select(values, onchange) {
  const node = el("select", { onchange: () => onchange(node.value) }, values.map((v) => el("option", { value: v }, label(v))));
  return node;
}

/** A number field for state entry `name`: a value the table does not allow is refused with a message and undone. */
function numberInput(pg, name, step) {
  const spec = entry(name);
  const node = el("input", { type: "number", inputmode: "decimal", min: spec.min, max: spec.max, step: step ?? "any" });
  node.addEventListener("change", () => {
    const value = read(spec, node.value.trim());
    if (value === undefined) { pg.message(badSetting(name, allowed(spec), pg.state[name])); node.value = pg.state[name]; return; }
    pg.set(name, value);
  });
  return node;
}

/** Build the playground inside `root` (replacing the fallback); returns the elements the controller updates. */
export function buildView(pg, root) {
  const v = { root };
  const button = (text, onclick, attrs = {}) => el("button", { type: "button", onclick, ...attrs }, text);
  const settingSelect = (name, values) => select(values, (value) => pg.set(name, value));
  v.notice = el("p", { class: "pg-notice", role: "status", hidden: true });
  v.message = el("p", { class: "pg-message", role: "status" });
  v.summary = el("p", { class: "pg-summary", "aria-live": "polite" });
  v.mismatch = el("p", { class: "pg-mismatch", role: "status" });
  v.output = el("p", { class: "pg-output" });

  // Its name says what it will do (Play or Pause), so it carries no aria-pressed as well.
  v.play = button("Play", () => pg.toggle(), { class: "pg-play" });
  const buttons = el("div", { class: "pg-buttons", role: "group", "aria-label": "Training" },
    v.play, button("One step", () => pg.run("step")), button("One epoch", () => pg.run("epoch")),
    button("Reset", () => { pg.pause(); pg.reset(); }));

  v.csv = el("input", { type: "file", accept: ".csv,text/csv,text/plain", onchange: () => pg.loadCsv(v.csv.files[0]) });
  v.clickClass = el("select", {}, Array.from({ length: MAX_CLASSES }, (_, c) => el("option", { value: c }, `class ${c}`)));
  const addX = el("input", { type: "number", step: "any", class: "pg-short", value: "0" });
  const addY = el("input", { type: "number", step: "any", class: "pg-short", value: "0" });
  const data = el("fieldset", {}, el("legend", {}, "Data"),
    field("data", "Data set", select(ALL_DATASETS, (value) => pg.setData(value))),
    v.classesField = field("classes", "Classes", numberInput(pg, "classes", 1)),
    v.pointsField = field("points", "Points", numberInput(pg, "points", 10)),
    v.noiseField = field("noise", "Noise", numberInput(pg, "noise", 0.01)),
    field("validation", "Validation share", numberInput(pg, "validation", 0.05), HINTS.validation),
    field("seed", "Seed", numberInput(pg, "seed", 1), HINTS.seed),
    el("div", { class: "pg-field" }, el("span", { class: "pg-label" }, "Add a point"),
      el("span", { class: "pg-add" },
        el("label", {}, "x ", addX), el("label", {}, "y ", addY), el("label", {}, "label ", v.clickClass),
        button("Add", () => pg.addPoint(Number(addX.value), Number(addY.value)))),
      el("span", { class: "pg-hint" }, HINTS.addPoint)),
    field("csv", "Load a CSV", v.csv, HINTS.csv),
    button("Remove added points", () => pg.set("added", [])),
  );

  v.layers = el("div", { class: "pg-layers" });
  v.layerCount = el("select", { onchange: () => pg.setLayerCount(Number(v.layerCount.value)) },
    Array.from({ length: MAX_LAYERS }, (_, i) => el("option", { value: i + 1 }, String(i + 1))));
  const network = el("fieldset", {}, el("legend", {}, "Network"),
    field("layers", "Hidden layers", v.layerCount), v.layers, v.output,
    field("loss", "Loss", settingSelect("loss", ["auto", ...LOSSES])), v.mismatch);

  v.optionFields = Object.fromEntries(OPTIMIZER_OPTIONS.map((name) => {
    const control = entry(name).kind === "bool"
      ? el("input", { type: "checkbox", onchange: (event) => pg.set(name, event.target.checked) })
      : numberInput(pg, name, name === "epsilon" ? "any" : 0.01);
    return [name, field(name, name, control)];
  }));
  const training = el("fieldset", {}, el("legend", {}, "Training"),
    field("optimizer", "Optimizer", settingSelect("optimizer", OPTIMIZERS)),
    field("learning_rate", "Learning rate", numberInput(pg, "learning_rate", "any")),
    field("batch_size", "Batch size", numberInput(pg, "batch_size", 1)),
    Object.values(v.optionFields));

  v.plot = el("canvas", { class: "pg-plot", role: "img", onclick: (event) => pg.clickPlot(event) });
  v.caption = el("span");
  v.lossChart = el("canvas", { class: "pg-chart", role: "img", "aria-label": "Loss per epoch" });
  v.accuracyChart = el("canvas", { class: "pg-chart", role: "img", "aria-label": "Accuracy per epoch" });
  v.neuronSelect = el("select", { onchange: () => pg.showNeuron() });
  v.neuron = el("table", { class: "pg-neuron" });
  v.code = el("code", { class: "language-python" });
  v.copyStatus = el("span", { class: "pg-copied", role: "status" });
  v.accuracyFigure = el("figure", {}, el("figcaption", {}, HINTS.accuracy), v.accuracyChart);
  const figures = el("div", { class: "pg-figures" },
    el("figure", {}, v.plot, el("figcaption", { class: "pg-caption" }, v.caption)),
    el("div", { class: "pg-curves" },
      el("figure", {}, el("figcaption", {}, HINTS.loss), v.lossChart),
      v.accuracyFigure),
    el("div", { class: "pg-neuron-box" }, field("neuron", "Weights of neuron", v.neuronSelect), v.neuron));

  v.export = el("details", { class: "pg-export", ontoggle: () => pg.showCode() },
    el("summary", {}, "Keras code for this setup"),
    el("div", { class: "pg-buttons" },
      button("Copy code", () => pg.copy(pg.code(), "Code copied.")),
      button("Copy link to this setup", () => pg.copy(location.href, "Link copied.")),
      v.copyStatus),
    el("pre", { tabindex: "0" }, v.code));

  root.replaceChildren(v.notice, buttons, v.summary, v.message, figures, el("div", { class: "pg-controls" }, data, network, training), v.export);
  root.classList.add("pg-ready");
  return v;
}

/** Put the state into every control of the view; `task` disables the class choice for a curve. */
export function showState(pg, v, state, task) {
  for (const node of v.root.querySelectorAll("[data-setting]")) {
    const name = node.dataset.setting;
    if (!(name in state)) continue;
    if (node.type === "checkbox") node.checked = state[name];
    else node.value = state[name];
  }
  v.layerCount.value = state.units.length;
  v.layers.replaceChildren(...state.units.map((units, i) => {
    const id = uid("layer");
    const size = el("input", { type: "number", min: 1, max: MAX_UNITS, step: 1, value: units, class: "pg-short", id, onchange: () => {
      const value = read(entry("units"), size.value.trim());
      if (value === undefined) { pg.message(badUnits(MAX_UNITS)); size.value = units; return; }
      pg.set("units", state.units.map((u, j) => (j === i ? value[0] : u)));
    } });
    const act = el("select", { onchange: () => pg.set("activations", state.activations.map((a, j) => (j === i ? act.value : a))) },
      HIDDEN_ACTIVATIONS.map((a) => el("option", { value: a }, a)));
    act.value = state.activations[i];
    return el("div", { class: "pg-layer" }, el("label", { for: id }, `Layer ${i + 1}: units`), size, el("label", {}, "activation ", act));
  }));
  const generated = !state.data.startsWith("own");
  v.classesField.hidden = !MULTICLASS_DATASETS.includes(state.data);
  v.pointsField.hidden = v.noiseField.hidden = !generated;
  for (const [name, node] of Object.entries(v.optionFields)) node.hidden = !OPTIMIZER_ARGUMENTS[state.optimizer].includes(name);
  v.clickClass.disabled = task === "regression";
}
