/* Widget "neuron": x = sum_i w_i a_i + b written out live, and f(x). */

import { ACTIVATIONS, weightedSum } from "./math.js";
import { el, fmt } from "../shared/dom.js";
import { live, widgetFrame } from "./frame.js";
import { numberControl, select } from "./controls.js";
import { activationOptions } from "./activation.js";

const SUBSCRIPTS = ["₁", "₂", "₃"];

export default function neuronWidget(root) {
  const a = [1, 0.5, -1], w = [0.8, -0.4, 0.3];
  let b = 0.1, name = "relu";
  const formula = el("p", { class: "ww-formula" });
  const out = live();
  const update = () => {
    const x = weightedSum(a, w, b), y = ACTIVATIONS[name](x);
    const term = (text) => el("span", { class: "ww-term" }, text);
    formula.replaceChildren(
      term("x = w₁a₁ + w₂a₂ + w₃a₃ + b"), el("br"),
      term(`= (${fmt(w[0])})(${fmt(a[0])})`), " ", ...a.slice(1).flatMap((ai, i) => [term(`+ (${fmt(w[i + 1])})(${fmt(ai)})`), " "]),
      term(`+ (${fmt(b)})`), el("br"),
      term(`= ${fmt(x)}`));
    out.textContent = `Weighted sum x = ${fmt(x)}; output ${name}(x) = ${fmt(y)}`;
  };
  const controls = [
    ...a.map((v, i) => numberControl({ label: `Input a${SUBSCRIPTS[i]}`, name: `input a${i + 1}`, min: -2, max: 2, value: v, onChange: (n) => { a[i] = n; update(); } }).root),
    ...w.map((v, i) => numberControl({ label: `Weight w${SUBSCRIPTS[i]}`, name: `weight w${i + 1}`, min: -2, max: 2, value: v, onChange: (n) => { w[i] = n; update(); } }).root),
    numberControl({ label: "Bias b", name: "bias b", min: -3, max: 3, value: b, onChange: (n) => { b = n; update(); } }).root,
  ];
  const pick = select("Activation f", activationOptions(), name, (v) => { name = v; update(); });
  widgetFrame(root, "One neuron: x = Σ wᵢaᵢ + b, output f(x)",
    el("div", { class: "ww-controls ww-controls--grid" }, controls, pick.root), formula, out);
  update();
}
