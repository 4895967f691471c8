/* The plot: decision regions (or the fitted curve), boundary and points, in
 * the theme's colours (--pg-* CSS variables, so dark mode follows); and the
 * canvas helpers the curves share.
 */
import { predictedClass } from "./engine.js";
import { MAX_CLASSES } from "./data.js";

const GRID = 48; // decision regions: GRID x GRID predictions

/** The colours of the classes, the text, the background and the grid, as the theme sets them on `root`. */
export function themeColors(root) {
  const style = getComputedStyle(root);
  const get = (name) => style.getPropertyValue(name).trim();
  return {
    classes: Array.from({ length: MAX_CLASSES }, (_, i) => get(`--pg-class-${i}`)),
    text: get("--pg-text"), background: get("--pg-background"), grid: get("--pg-grid"),
  };
}

/** "#1f77b4" or "rgb(31, 119, 180)" -> [31, 119, 180]. */
function parseColor(text) {
  const hex = /^#([0-9a-f]{6})$/i.exec(text);
  if (hex) return [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16));
  const numbers = text.match(/\d+(\.\d+)?/g);
  return numbers ? numbers.slice(0, 3).map(Number) : [128, 128, 128];
}

/** The canvas's 2-D context, its backing store sized for the screen's pixel ratio; w and h in CSS pixels. */
export function sizeCanvas(canvas) {
  const ratio = window.devicePixelRatio || 1, w = canvas.clientWidth || 300, h = canvas.clientHeight || 200;
  if (canvas.width !== Math.round(w * ratio)) canvas.width = Math.round(w * ratio);
  if (canvas.height !== Math.round(h * ratio)) canvas.height = Math.round(h * ratio);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { ctx, w, h };
}

/** The data window: the points' extent, padded, the same scale on both axes for two features. */
export function dataWindow(sets, task) {
  const xs = sets.train.concat(sets.validation);
  const pick = (f) => (xs.length ? xs.map(f) : [-1, 1]);
  const range = (values) => { const lo = Math.min(...values), hi = Math.max(...values), pad = (hi - lo) * 0.08 + 0.1; return [lo - pad, hi + pad]; };
  if (task === "regression") return { x: range(pick((p) => p.x[0])), y: range(pick((p) => p.value)) };
  const x = range(pick((p) => p.x[0])), y = range(pick((p) => p.x[1]));
  const half = Math.max(x[1] - x[0], y[1] - y[0]) / 2, cx = (x[0] + x[1]) / 2, cy = (y[0] + y[1]) / 2;
  return { x: [cx - half, cx + half], y: [cy - half, cy + half] };
}

/** The data coordinates of a point at fractions (u, v) of the plot's width and height. */
export function fromScreen(view, u, v) {
  const { x, y } = view;
  return [x[0] + u * (x[1] - x[0]), y[1] - v * (y[1] - y[0])];
}

/** Draw the network's predictions over `view` and the points of `sets` on `canvas`. */
export function drawPlot(canvas, { network, sets, task, view, colors }) {
  const { ctx, w, h } = sizeCanvas(canvas);
  const { x, y } = view;
  const sx = (v) => ((v - x[0]) / (x[1] - x[0])) * w, sy = (v) => h - ((v - y[0]) / (y[1] - y[0])) * h;
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, w, h);
  if (task === "regression") {
    ctx.strokeStyle = colors.classes[0];
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    for (let i = 0; i <= 200; i++) {
      const u = x[0] + ((x[1] - x[0]) * i) / 200, v = network.forward([u])[0];
      if (i === 0) ctx.moveTo(sx(u), sy(v)); else ctx.lineTo(sx(u), sy(v));
    }
    ctx.stroke();
  } else {
    drawRegions(ctx, w, h, network, view, colors);
  }
  // Points: training filled, validation as rings; every point outlined in the text colour.
  const dot = (p, filled) => {
    const px = sx(p.x[0]), py = sy(task === "regression" ? p.value : p.x[1]);
    const color = task === "regression" ? colors.text : colors.classes[p.value % colors.classes.length];
    ctx.beginPath();
    ctx.arc(px, py, filled ? 3.5 : 4, 0, 2 * Math.PI);
    if (filled) { ctx.fillStyle = color; ctx.fill(); ctx.strokeStyle = colors.text; ctx.lineWidth = 0.8; ctx.stroke(); }
    else { ctx.strokeStyle = color; ctx.lineWidth = 2; ctx.stroke(); }
  };
  sets.train.forEach((p) => dot(p, true));
  sets.validation.forEach((p) => dot(p, false));
}

/** Probability shading (each class's colour weighted by its probability, stronger where the network is sure) and the boundary. */
function drawRegions(ctx, w, h, network, { x, y }, colors) {
  const rgb = colors.classes.map(parseColor), bg = parseColor(colors.background);
  const image = new ImageData(GRID, GRID), classOf = new Int8Array(GRID * GRID);
  for (let j = 0; j < GRID; j++) {
    for (let i = 0; i < GRID; i++) {
      const out = network.forward([x[0] + ((i + 0.5) / GRID) * (x[1] - x[0]), y[1] - ((j + 0.5) / GRID) * (y[1] - y[0])]);
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
  ctx.drawImage(small, 0, 0, w, h);
  // The boundary: where the predicted class changes between neighbouring cells.
  ctx.fillStyle = colors.text;
  const cw = w / GRID, ch = h / GRID;
  for (let j = 0; j < GRID; j++) {
    for (let i = 0; i < GRID; i++) {
      const c = classOf[j * GRID + i];
      if (i + 1 < GRID && classOf[j * GRID + i + 1] !== c) ctx.fillRect((i + 1) * cw - 0.75, j * ch, 1.5, ch);
      if (j + 1 < GRID && classOf[(j + 1) * GRID + i] !== c) ctx.fillRect(i * cw, (j + 1) * ch - 0.75, cw, 1.5);
    }
  }
}
