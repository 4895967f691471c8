/* The racers of the optimizer widget: one optimizer and its path each, stepped together. */

import { makeOptimizer } from "./math.js";
import { safeGradient } from "./surfaces.js";
import { el, fmt } from "../shared/dom.js";
import { key } from "./frame.js";

/** Each racer: a makeOptimizer name, its label, and how its line and head are drawn. */
export const RACERS = [
  { key: "sgd", label: "SGD", cls: "ww-c1", shape: "circle" },
  { key: "momentum", label: "Momentum", cls: "ww-c2", shape: "square" },
  { key: "rmsprop", label: "RMSprop", cls: "ww-c3", shape: "triangle" },
  { key: "adam", label: "Adam", cls: "ww-c4", shape: "diamond" },
];
/** A racer stops after this many steps (the page stays responsive). */
export const MAX_STEPS = 1000;

/** The race: racers with their optimizers and paths, all from one start. */
export function createRace(momentum) {
  const racers = RACERS.map((r) => ({ ...r, label: r.key === "momentum" ? `Momentum (μ = ${fmt(momentum)})` : r.label, on: true }));
  const options = (r, rate) => (r.key === "momentum" ? { learning_rate: rate, momentum } : { learning_rate: rate });
  return {
    racers,
    /** Fresh optimizers at `rates` ({key: learning rate}), every path back at `start`. */
    reset(rates, start) {
      for (const r of racers) {
        r.opt = makeOptimizer(r.key, options(r, rates[r.key]));
        r.path = [start.slice()];
        r.diverged = 0;
      }
    },
    /** One step for every racer still running on `surface`; false when none moved. */
    step(surface) {
      let moving = false;
      for (const r of racers) {
        if (!r.on || r.diverged || r.path.length > MAX_STEPS) continue;
        const point = r.path[r.path.length - 1];
        const g = safeGradient(surface, point);
        let next = null;
        if (g !== null) {
          try { next = r.opt.step(point, g); } catch (error) { next = null; } // overflow: the path left the numbers
        }
        if (next === null) { r.diverged = r.path.length; continue; }
        r.path.push(next);
        moving = true;
      }
      return moving;
    },
    /** "Step N: SGD loss 0.1; ..." for the live region. */
    summary(surface) {
      const parts = racers.filter((r) => r.on).map((r) => {
        const [x, y] = r.path[r.path.length - 1];
        return r.diverged ? `${r.label} diverged` : `${r.label} loss ${fmt(surface.loss(x, y))}`;
      });
      const steps = Math.max(...racers.map((r) => r.path.length - 1));
      return `Step ${steps}: ${parts.join("; ") || "no optimizer selected"}.`;
    },
    /** Table rows: optimizer, steps, (x, y), loss or where it diverged. */
    rows(surface) {
      return racers.filter((r) => r.on).map((r) => {
        const [x, y] = r.path[r.path.length - 1];
        return el("tr", {}, el("th", { scope: "row" }, key(`ww-path ${r.cls}`), ` ${r.label}`),
          el("td", { text: String(r.path.length - 1) }),
          el("td", { text: `(${fmt(x)}, ${fmt(y)})` }),
          el("td", { text: r.diverged ? `diverged at step ${r.diverged}: lower the learning rate` : fmt(surface.loss(x, y)) }));
      });
    },
  };
}
