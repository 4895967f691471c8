/* The optimizer widget's map: contours of a surface, the start ring, each racer's path and head. */

import { contourSegments } from "./surfaces.js";
import { clampTo, el, fmt } from "../shared/dom.js";
import { guarded } from "./frame.js";
import { marker } from "./plot.js";

const W = 360, H = 240, GRID = 64;
// Contour levels at these quantiles of the grid's values.
const QUANTILES = [0.01, 0.03, 0.07, 0.13, 0.2, 0.3, 0.42, 0.56, 0.72, 0.9];

/** The map; onPick([x, y]) is called when the reader clicks or drags on it. */
export function createMap(onPick) {
  let surface = null;
  const svg = el("svg:svg", { viewBox: `0 0 ${W} ${H}`, class: "ww-plot ww-surface", role: "img" });
  const contourLayer = el("svg:g", { class: "ww-contours" });
  const pathLayer = el("svg:g");
  svg.append(contourLayer, pathLayer);
  const sx = (v) => ((v - surface.x_range[0]) / (surface.x_range[1] - surface.x_range[0])) * W;
  const sy = (v) => H - ((v - surface.y_range[0]) / (surface.y_range[1] - surface.y_range[0])) * H;
  const px = (v, s) => clampTo(s(v), -1e4, 1e4).toFixed(1);

  const drawContours = () => {
    const [x0, x1] = surface.x_range, [y0, y1] = surface.y_range;
    const values = new Float64Array(GRID * GRID);
    for (let j = 0; j < GRID; j++) {
      for (let i = 0; i < GRID; i++) values[j * GRID + i] = surface.loss(x0 + ((x1 - x0) * i) / (GRID - 1), y0 + ((y1 - y0) * j) / (GRID - 1));
    }
    const sorted = Array.from(values).sort((p, q) => p - q);
    // Levels between two grid values, so that no contour passes exactly through a grid point.
    const levels = [...new Set(QUANTILES.map((q) => {
      const k = Math.floor(q * (sorted.length - 2));
      return (sorted[k] + sorted[k + 1]) / 2;
    }))];
    const toX = (i) => ((i / (GRID - 1)) * W).toFixed(1), toY = (j) => (H - (j / (GRID - 1)) * H).toFixed(1);
    contourLayer.replaceChildren(...levels.map((level, k) => el("svg:path", {
      class: `ww-contour ww-contour--${k % 2 ? "minor" : "major"}`,
      d: contourSegments(values, GRID, GRID, level).map(([[i0, j0], [i1, j1]]) => `M${toX(i0)} ${toY(j0)}L${toX(i1)} ${toY(j1)}`).join(""),
    })), ...surface.minima.map(([mx, my]) => el("svg:path", { class: "ww-minimum", d: `M${sx(mx) - 6} ${sy(my)}h12M${sx(mx)} ${sy(my) - 6}v12` })));
    svg.setAttribute("aria-label", `Contour map of the ${surface.title.toLowerCase()}, ${surface.text}, for x from ${fmt(x0)} to ${fmt(x1)} and y from ${fmt(y0)} to ${fmt(y1)}; a cross marks each minimum`);
  };

  // Drag (or click) on the map to move the start point, rounded to 0.01 and kept on the map.
  let dragging = false;
  const pick = guarded(svg, (event) => {
    const box = svg.getBoundingClientRect();
    const fx = (event.clientX - box.left) / box.width, fy = (event.clientY - box.top) / box.height;
    if (!Number.isFinite(fx) || !Number.isFinite(fy)) return;
    const [x0, x1] = surface.x_range, [y0, y1] = surface.y_range;
    onPick([Number(clampTo(x0 + fx * (x1 - x0), x0, x1).toFixed(2)), Number(clampTo(y1 - fy * (y1 - y0), y0, y1).toFixed(2))]);
  });
  svg.addEventListener("pointerdown", (e) => { dragging = true; svg.setPointerCapture(e.pointerId); pick(e); });
  svg.addEventListener("pointermove", (e) => { if (dragging) pick(e); });
  svg.addEventListener("pointerup", () => { dragging = false; });
  svg.addEventListener("pointercancel", () => { dragging = false; });

  return {
    svg,
    /** Show a new surface (its contours and minima). */
    setSurface(next) { surface = next; drawContours(); },
    /** Draw the start ring and the path and head of each racer that is on. */
    drawPaths(start, racers) {
      const layer = [el("svg:circle", { class: "ww-start", cx: sx(start[0]), cy: sy(start[1]), r: 7 })];
      for (const r of racers) {
        if (!r.on) continue;
        const last = r.path[r.path.length - 1];
        layer.push(el("svg:polyline", { class: `ww-path ${r.cls}`, points: r.path.map(([x, y]) => `${px(x, sx)},${px(y, sy)}`).join(" ") }),
          marker(r.shape, Number(px(last[0], sx)), Number(px(last[1], sy)), `ww-head ${r.cls}`));
      }
      pathLayer.replaceChildren(...layer);
    },
  };
}
