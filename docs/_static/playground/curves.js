/* The loss and accuracy curves: one canvas each, training solid and
 * validation dashed, the axis ending at the largest value after the first epoch.
 */
import { fmt } from "../shared/dom.js";
import { sizeCanvas } from "./plot.js";
import { curveDescription } from "./messages.js";

const MAX_POINTS_PER_LINE = 400; // a long run is drawn from every n-th epoch, so a frame stays short

/** Draw `train` and `validation` (one value per epoch, null where missing) on `canvas`; `unit`: the axis is [0, 1]. */
export function drawCurves(canvas, { name, train, validation, colors, unit }) {
  const { ctx, w, h } = sizeCanvas(canvas);
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, w, h);
  // The loss axis ends at the largest loss after the first epoch, which would flatten everything after it.
  const later = (series) => series.slice(series.length > 3 ? 1 : 0).filter((v) => v !== null && Number.isFinite(v));
  const lo = 0, hi = unit ? 1 : Math.max(1e-9, ...later(train), ...later(validation));
  const left = 40, bottom = h - 18, top = 8, right = w - 8;
  ctx.strokeStyle = colors.grid;
  ctx.lineWidth = 1;
  ctx.strokeRect(left, top, right - left, bottom - top);
  ctx.fillStyle = colors.text;
  ctx.font = "11px sans-serif";
  ctx.fillText(fmt(hi, 2), 2, top + 8);
  ctx.fillText(fmt(lo), 2, bottom);
  ctx.fillText(`epoch ${train.length}`, right - 60, h - 4);
  const n = Math.max(train.length, 2);
  const line = (series, dashed, color) => {
    ctx.setLineDash(dashed ? [5, 4] : []);
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    const every = Math.ceil(series.length / MAX_POINTS_PER_LINE);
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
  canvas.setAttribute("aria-label", curveDescription(name, train, validation));
}
