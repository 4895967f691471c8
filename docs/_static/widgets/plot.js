/* SVG drawing helpers: a plot area with axes, curves, markers. */

import { clampTo, el, fmt } from "../shared/dom.js";

/** An SVG plot area: maps data to pixels and draws axes with a few ticks. */
export function plot({ width = 360, height = 220, x, y, label, xTicks, yTicks }) {
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
  const inView = (vy) => clampTo(vy, y[0], y[1]);
  /** The graph of f over the x range, clipped to the view. */
  const curve = (f, cls) => {
    const points = [];
    for (let i = 0; i <= 200; i++) {
      const vx = x[0] + ((x[1] - x[0]) * i) / 200;
      points.push(`${sx(vx).toFixed(1)},${sy(inView(f(vx))).toFixed(1)}`);
    }
    return el("svg:polyline", { points: points.join(" "), class: cls });
  };
  return { svg, sx, sy, curve, inView };
}

/** A marker of a given shape (circle, square, triangle, diamond) centred on (x, y) pixels. */
export function marker(shape, x, y, cls, r = 5) {
  if (shape === "circle") return el("svg:circle", { cx: x, cy: y, r, class: cls });
  if (shape === "square") return el("svg:rect", { x: x - r, y: y - r, width: 2 * r, height: 2 * r, class: cls });
  const pts = shape === "triangle" ? [[0, -r - 1], [r + 1, r], [-r - 1, r]] : [[0, -r - 1], [r + 1, 0], [0, r + 1], [-r - 1, 0]];
  return el("svg:polygon", { points: pts.map(([dx, dy]) => `${x + dx},${y + dy}`).join(" "), class: cls });
}
