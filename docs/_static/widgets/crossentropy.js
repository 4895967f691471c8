/* Widget "crossentropy": binary crossentropy against ŷ (with Keras's clip),
 * and the same five-class loss from an integer label and from its one-hot vector. */

import { CLIP_HIGH, CLIP_LOW, binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy } from "./math.js";
import { el, fmt } from "../shared/dom.js";
import { key, live, widgetFrame } from "./frame.js";
import { numberControl, select } from "./controls.js";
import { plot } from "./plot.js";
import { CLASSES } from "./softmax.js";

const TOP = 8; // the chart's top; larger losses sit on its edge

/**
 * What Keras's clip did to ŷ, or "" if nothing was clipped: a prediction below
 * CLIP_LOW (or above CLIP_HIGH) is moved to it, which caps the loss of a true 1
 * at -log CLIP_LOW (of a true 0 at -log(1 - CLIP_HIGH)), both float32 numbers.
 */
export function clipNote(yHat) {
  if (yHat < CLIP_LOW) {
    return `ŷ = ${fmt(yHat)} is clipped to ${fmt(CLIP_LOW)} (1e−7 in float32), which caps the loss for a true 1 at −log ${fmt(CLIP_LOW)} = ${fmt(-Math.log(CLIP_LOW))}.`;
  }
  if (yHat > CLIP_HIGH) {
    return `ŷ = ${fmt(yHat)} is clipped to 1 − ${fmt(1 - CLIP_HIGH)} (1 − 1e−7 in float32), which caps the loss for a true 0 at −log ${fmt(1 - CLIP_HIGH)} = ${fmt(-Math.log(1 - CLIP_HIGH))}.`;
  }
  return "";
}

function binaryPart() {
  let yHat = 0.8;
  const holder = el("div", { class: "ww-plot-holder" });
  const out = live();
  const note = el("p", { class: "ww-note ww-clip-note", hidden: true });
  const draw = () => {
    const p = plot({ x: [0, 1], y: [0, TOP], xTicks: [0, 0.5, 1], yTicks: [0, 4, 8],
      label: "Binary crossentropy against the predicted probability: solid for y = 1, dashed for y = 0" });
    const l1 = binaryCrossentropy([1], [yHat]), l0 = binaryCrossentropy([0], [yHat]);
    p.svg.append(
      p.curve((v) => binaryCrossentropy([1], [v]), "ww-line ww-c1"),
      p.curve((v) => binaryCrossentropy([0], [v]), "ww-line ww-c2 ww-dashed"),
      el("svg:circle", { class: "ww-dot ww-c1", cx: p.sx(yHat), cy: p.sy(p.inView(l1)), r: 5 }),
      el("svg:rect", { class: "ww-dot ww-c2", x: p.sx(yHat) - 4, y: p.sy(p.inView(l0)) - 4, width: 8, height: 8 }));
    holder.replaceChildren(p.svg);
    out.textContent = `ŷ = ${fmt(yHat)}: loss ${fmt(l1)} if y = 1, loss ${fmt(l0)} if y = 0` +
      (l1 > TOP || l0 > TOP ? " (off the chart)" : "");
    note.textContent = clipNote(yHat);
    note.hidden = note.textContent === "";
  };
  const control = numberControl({ label: "Predicted probability ŷ", name: "predicted probability", min: 0, max: 1, step: 0.01, value: yHat, onChange: (v) => { yHat = v; draw(); } });
  draw();
  return [el("div", { class: "ww-controls" }, control.root), holder,
    el("p", { class: "ww-legend" }, key("ww-line ww-c1"), " y = 1: −log ŷ  ",
      key("ww-line ww-c2 ww-dashed"), " y = 0: −log(1 − ŷ)"), out, note];
}

function multiclassPart() {
  const scores = [0.1, 0.1, 0.6, 0.1, 0.1];
  let label = 2;
  const out = live();
  const oneHot = el("p", { class: "ww-formula" });
  const update = () => {
    let total = 0;
    for (const v of scores) total += v;
    const hot = CLASSES.map((_, i) => (i === label ? 1 : 0));
    if (!(total > 0)) {
      oneHot.textContent = "";
      out.textContent = "Give at least one class a probability above 0.";
      return;
    }
    oneHot.replaceChildren(
      el("span", {}, `integer label: ${label} (${CLASSES[label]})`), el("br"),
      el("span", {}, `one-hot vector: [${hot.join(", ")}]`), el("br"),
      el("span", {}, `ŷ divided by its sum ${fmt(total)}: [${scores.map((s) => fmt(s / total, 3)).join(", ")}]`));
    const sparse = sparseCategoricalCrossentropy(label, scores), categorical = categoricalCrossentropy(hot, scores);
    out.textContent = `sparse categorical crossentropy from the label: ${fmt(sparse, 6)}; ` +
      `categorical crossentropy from the one-hot vector: ${fmt(categorical, 6)}`;
  };
  const scoreControls = CLASSES.map((c, i) => numberControl({ label: `ŷ for ${c}`, name: `predicted probability for ${c}`, min: 0, max: 1, step: 0.01, value: scores[i], onChange: (v) => { scores[i] = v; update(); } }).root);
  const pick = select("True class", CLASSES.map((c, i) => [String(i), `${i}: ${c}`]), String(label), (v) => { label = Number(v); update(); });
  update();
  return [el("p", { class: "ww-subtitle", text: "Five classes: the same loss from an integer label and from its one-hot vector" }),
    el("div", { class: "ww-controls ww-controls--grid" }, pick.root, scoreControls), oneHot, out];
}

export default function crossentropyWidget(root) {
  widgetFrame(root, "Crossentropy: L = −(y log ŷ + (1 − y) log(1 − ŷ))", ...binaryPart(), ...multiclassPart());
}
