/* Widget "softmax": five logits and a temperature, as bars and a table. */

import { softmax } from "./math.js";
import { el, fmt } from "../shared/dom.js";
import { live, widgetFrame } from "./frame.js";
import { numberControl } from "./controls.js";

/** The notes' five vehicle classes (the crossentropy widget uses them too). */
export const CLASSES = ["car", "bus", "airplane", "bike", "cycle"];

export default function softmaxWidget(root) {
  const z = [2, 1, 0.1, 0.5, -1]; // the logits of page 05's table and example
  let temperature = 1;
  const fills = CLASSES.map(() => el("span", { class: "ww-bar__fill" }));
  const values = CLASSES.map(() => el("span", { class: "ww-bar__value" }));
  const bars = el("div", { class: "ww-bars", "aria-hidden": "true" }, CLASSES.map((c, i) => el("div", { class: "ww-bar" },
    el("span", { class: "ww-bar__label", text: c }), el("span", { class: "ww-bar__track" }, fills[i]), values[i])));
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
    p.forEach((pi, i) => {
      fills[i].style.width = `${(100 * pi).toFixed(2)}%`; // through the DOM, not a style attribute (CSP)
      values[i].textContent = `${fmt(100 * pi, 3)} %`;
    });
    body.replaceChildren(
      ...CLASSES.map((c, i) => el("tr", {}, el("th", { scope: "row", text: c }),
        el("td", { text: fmt(z[i]) }), el("td", { text: fmt(z[i] / temperature) }), el("td", { text: fmt(p[i]) }))),
      el("tr", { class: "ww-total" }, el("th", { scope: "row", text: "sum" }), el("td"), el("td"), el("td", { text: fmt(total) })));
    const best = p.indexOf(Math.max(...p));
    out.textContent = `Most likely: ${CLASSES[best]}, probability ${fmt(p[best])}. The five probabilities sum to ${fmt(total)}.`;
  };
  const controls = CLASSES.map((c, i) => numberControl({ label: `Logit z for ${c}`, name: `logit for ${c}`, min: -10, max: 10, step: 0.1, value: z[i], onChange: (v) => { z[i] = v; update(); } }).root);
  const t = numberControl({ label: "Temperature T", name: "temperature", min: 0.1, max: 10, step: 0.1, value: 1, onChange: (v) => { temperature = v; update(); } });
  widgetFrame(root, "Softmax: σ(z)ᵢ = e^(zᵢ/T) / Σⱼ e^(zⱼ/T)",
    el("div", { class: "ww-controls ww-controls--grid" }, controls, t.root), bars, table, out);
  update();
}
