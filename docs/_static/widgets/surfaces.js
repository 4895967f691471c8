/* The loss surfaces of workshop.surfaces: their formulas as code (checked
 * against workshop at sample points by tests/js), and the optimizer paths
 * across them. Ranges, start points, minima and suggested learning rates are
 * not here: the build writes them from workshop into the optimizer's data block. */

import { checkNumbers } from "./math.js";

/** Each surface's loss f(x, y), its gradient and the formula as text, by workshop's names. */
export const SURFACE_FUNCTIONS = Object.freeze({
  bowl: {
    // f(x, y) = x^2 + y^2
    text: "f(x, y) = x² + y²",
    loss: (x, y) => x ** 2 + y ** 2,
    gradient: (x, y) => [2 * x, 2 * y],
  },
  valley: {
    // f(x, y) = 0.1 x^2 + 2 y^2
    text: "f(x, y) = 0.1 x² + 2 y²",
    loss: (x, y) => 0.1 * x ** 2 + 2 * y ** 2,
    gradient: (x, y) => [0.2 * x, 4 * y],
  },
  saddle: {
    // f(x, y) = x^4 / 4 - x^2 / 2 + y^2 / 2
    text: "f(x, y) = ¼x⁴ − ½x² + ½y²",
    loss: (x, y) => 0.25 * x ** 4 - 0.5 * x ** 2 + 0.5 * y ** 2,
    gradient: (x, y) => [x ** 3 - x, y],
  },
  rosenbrock: {
    // f(x, y) = (1 - x)^2 + 10 (y - x^2)^2
    text: "f(x, y) = (1 − x)² + 10 (y − x²)²",
    loss: (x, y) => (1 - x) ** 2 + 10 * (y - x ** 2) ** 2,
    gradient: (x, y) => [-2 * (1 - x) - 40 * x * (y - x ** 2), 20 * (y - x ** 2)],
  },
});

/** Beyond this the path has clearly left every surface's view (workshop.surfaces._DIVERGED). */
export const DIVERGED = 1e6;

/**
 * The surfaces the page can draw: workshop's data for each (name, title,
 * x_range, y_range, start, minima) joined with its functions here. The two
 * must name the same surfaces.
 */
export function joinSurfaces(surfaceData) {
  const names = Object.keys(surfaceData).sort().join(", "), known = Object.keys(SURFACE_FUNCTIONS).sort().join(", ");
  if (names !== known) throw new RangeError(`the build's data names the surfaces ${names}, surfaces.js knows ${known}: rebuild the site`);
  return Object.fromEntries(Object.entries(surfaceData).map(([name, data]) => [name, Object.freeze({ ...data, ...SURFACE_FUNCTIONS[name] })]));
}

/** The gradient at `point`, or null once the point or its gradient has left the finite numbers. */
export function safeGradient(surface, point) {
  if (!point.every((v) => Math.abs(v) < DIVERGED)) return null;
  const g = surface.gradient(point[0], point[1]);
  return g.every(Number.isFinite) ? g : null;
}

/** Points visited from `start` (the start included; the surface's own start if null), as workshop.surfaces.optimizer_path. */
export function optimizerPath(optimizer, surface, start = null, steps = 100) {
  if (!surface || typeof surface.gradient !== "function") throw new TypeError("surface must be one of the surfaces (with a gradient)");
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`steps must be a whole number >= 0, got ${steps}`);
  let point = Array.from(checkNumbers(start ?? surface.start, "start"));
  if (point.length !== 2) throw new RangeError(`start must be (x, y), got ${point.length} numbers`);
  const path = [point];
  for (let step = 1; step <= steps; step++) {
    const g = safeGradient(surface, point);
    if (g === null) throw new RangeError(`diverged on the '${surface.name}' surface at step ${step}: lower learning_rate (got ${optimizer.learning_rate})`);
    point = optimizer.step(point, g);
    path.push(point);
  }
  return path;
}

/** Marching squares: line segments where the grid values cross `level`, in grid coordinates. */
export function contourSegments(values, nx, ny, level) {
  const segments = [];
  const at = (i, j) => values[j * nx + i];
  const cross = (a, b) => (level - a) / (b - a);
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const v0 = at(i, j), v1 = at(i + 1, j), v2 = at(i + 1, j + 1), v3 = at(i, j + 1);
      const edges = [];
      if ((v0 < level) !== (v1 < level)) edges.push([i + cross(v0, v1), j]);
      if ((v1 < level) !== (v2 < level)) edges.push([i + 1, j + cross(v1, v2)]);
      if ((v3 < level) !== (v2 < level)) edges.push([i + cross(v3, v2), j + 1]);
      if ((v0 < level) !== (v3 < level)) edges.push([i, j + cross(v0, v3)]);
      if (edges.length === 2) segments.push(edges);
      else if (edges.length === 4) segments.push([edges[0], edges[1]], [edges[2], edges[3]]);
    }
  }
  return segments;
}
