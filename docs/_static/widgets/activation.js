/* Widget "activation": an activation function, its derivative and the tangent at x. */

import { ACTIVATIONS, derivative } from "./math.js";
import { el, fmt } from "../shared/dom.js";
import { key, live, widgetFrame } from "./frame.js";
import { numberControl, select } from "./controls.js";
import { plot } from "./plot.js";

/** How each activation is labelled and which part of the y axis shows it. */
export const ACTIVATION_VIEW = {
  relu: { label: "ReLU", y: [-1, 5], ticks: [0, 2, 4] },
  sigmoid: { label: "sigmoid", y: [-0.25, 1.25], ticks: [0, 0.5, 1] },
  tanh: { label: "tanh", y: [-1.25, 1.25], ticks: [-1, 0, 1] },
  linear: { label: "linear", y: [-5, 5], ticks: [-4, 0, 4] },
};
/** [[name, label], ...] for a select of activations. */
export const activationOptions = () => Object.entries(ACTIVATION_VIEW).map(([k, v]) => [k, v.label]);

export default function activationWidget(root) {
  let name = "sigmoid", x = 1;
  const holder = el("div", { class: "ww-plot-holder" });
  const out = live();
  const draw = () => {
    const view = ACTIVATION_VIEW[name], f = ACTIVATIONS[name];
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
  const pick = select("Activation", activationOptions(), name, (v) => { name = v; draw(); });
  const xControl = numberControl({ label: "Weighted sum x", name: "x", min: -6, max: 6, step: 0.1, value: x, onChange: (v) => { x = v; draw(); } });
  widgetFrame(root, "Activation functions: f(x) and its slope f′(x)",
    el("div", { class: "ww-controls" }, pick.root, xControl.root), holder,
    el("p", { class: "ww-legend" }, key("ww-line ww-c1"), " f(x), solid  ",
      key("ww-line ww-c2 ww-dashed"), " f′(x), dashed; the thin line is the tangent at x"), out);
  draw();
}
