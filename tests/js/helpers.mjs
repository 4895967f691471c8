// Shared by the Node tests: the fixture workshop computed, and a float comparison.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

export const fixture = JSON.parse(readFileSync(new URL("./fixtures/workshop.json", import.meta.url), "utf-8"));
export const widgets = (file) => new URL(`../../docs/_static/widgets/${file}`, import.meta.url).href;
export const shared = (file) => new URL(`../../docs/_static/shared/${file}`, import.meta.url).href;

/** |actual - expected| <= atol + rtol |expected|, element by element (numbers or nested arrays). */
export function assertClose(actual, expected, { rtol = 1e-12, atol = 0, what = "value" } = {}) {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) || ArrayBuffer.isView(actual), `${what}: expected an array, got ${actual}`);
    assert.equal(actual.length, expected.length, `${what}: length`);
    expected.forEach((e, i) => assertClose(actual[i], e, { rtol, atol, what: `${what}[${i}]` }));
    return;
  }
  assert.equal(typeof actual, "number", `${what}: expected a number, got ${actual}`);
  assert.ok(Number.isFinite(actual), `${what}: got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= atol + rtol * Math.abs(expected), `${what}: got ${actual}, workshop ${expected}`);
}
