// The loss surfaces' formulas (docs/_static/widgets/surfaces.js) against workshop at sample points and along paths.
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose, fixture, widgets } from "./helpers.mjs";

const m = await import(widgets("math.js"));
const s = await import(widgets("surfaces.js"));
const surfaces = s.joinSurfaces(fixture.widget_data.surfaces);

test("surfaces.js knows exactly workshop's surfaces, joined with the build's data", () => {
  assert.deepEqual(Object.keys(s.SURFACE_FUNCTIONS).sort(), Object.keys(fixture.surfaces).sort());
  assert.deepEqual(surfaces.valley.x_range, [-4, 4]);
  assert.throws(() => s.joinSurfaces({ bowl: fixture.widget_data.surfaces.bowl }), /rebuild the site/);
});

for (const [name, c] of Object.entries(fixture.surfaces)) {
  test(`${name}: loss and gradient equal workshop at ${c.points.length} points`, () => {
    const surface = surfaces[name];
    assertClose(c.points.map(([x, y]) => surface.loss(x, y)), c.loss, { rtol: 1e-12, atol: 1e-12, what: `${name} loss` });
    assertClose(c.points.map(([x, y]) => surface.gradient(x, y)), c.gradient, { rtol: 1e-12, atol: 1e-12, what: `${name} gradient` });
  });
  for (const [optName, p] of Object.entries(c.paths)) {
    test(`${name}: the ${optName} path equals workshop.surfaces.optimizer_path`, () => {
      const path = s.optimizerPath(m.makeOptimizer(p.optimizer, p.options), surfaces[name], null, p.path.length - 1);
      assertClose(path, p.path, { rtol: 1e-10, atol: 1e-12, what: `${name} ${optName}` });
    });
  }
}

test("a diverging path stops at the same step as in workshop, naming the learning rate", () => {
  const d = fixture.diverges;
  assert.throws(() => s.optimizerPath(m.makeOptimizer(d.optimizer, { learning_rate: d.learning_rate }), surfaces[d.surface], null, d.steps),
    new RegExp(`at step ${d.at_step}: lower learning_rate \\(got ${d.learning_rate}\\)`));
});

test("optimizerPath refuses a bad start and bad step counts", () => {
  const opt = () => m.makeOptimizer("sgd");
  assert.throws(() => s.optimizerPath(opt(), surfaces.bowl, [1, 2, 3], 5), /start must be \(x, y\)/);
  assert.throws(() => s.optimizerPath(opt(), surfaces.bowl, [1, NaN], 5), /start must be finite/);
  assert.throws(() => s.optimizerPath(opt(), surfaces.bowl, null, -1), /steps must be a whole number/);
  assert.throws(() => s.optimizerPath(opt(), "bowl", null, 1), /surface must be one of the surfaces/);
});

test("contourSegments finds the circle x^2 + y^2 = 1 on a grid", () => {
  const n = 21, values = [];
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) values.push(((i - 10) / 5) ** 2 + ((j - 10) / 5) ** 2);
  const segments = s.contourSegments(values, n, n, 1);
  assert.ok(segments.length > 20);
  for (const [[i0, j0]] of segments) assert.ok(Math.abs(Math.hypot((i0 - 10) / 5, (j0 - 10) / 5) - 1) < 0.05);
});
