// The DOM-free parts of the widgets: number formatting and the crossentropy clip note.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, shared, widgets } from "./helpers.mjs";

const { fmt } = await import(shared("dom.js"));
const { clipNote } = await import(widgets("crossentropy.js"));

test("fmt shows 4 significant digits and a real minus sign, and never NaN", () => {
  assert.equal(fmt(-0.5), "−0.5");
  assert.equal(fmt(1 / 3), "0.3333");
  assert.equal(fmt(123456), "1.235e5");
  assert.equal(fmt(1.1920928955078125e-7), "1.192e−7");
  for (const bad of [NaN, Infinity, -Infinity, undefined, "1"]) assert.equal(fmt(bad), "—");
});

test("the clip note shows only when Keras's clip changed the prediction, with the float32 caps", () => {
  for (const yHat of [1e-7 * 1.5, 0.5, 0.9997, 1 - 2e-7]) assert.equal(clipNote(yHat), "", `ŷ = ${yHat}`);
  const top = clipNote(1);
  assert.match(top, /caps the loss for a true 0 at .* = 15\.94\./);
  const highCap = -Math.log(1 - fixture.clip.high), lowCap = -Math.log(fixture.clip.low);
  assert.ok(top.includes(fmt(highCap)));
  assert.ok(clipNote(0).includes(`for a true 1 at −log ${fmt(fixture.clip.low)} = ${fmt(lowCap)}`));
  assert.equal(fmt(lowCap), "16.12");
});

test("the build's data has the output-layer table and a learning rate for each racer on each surface", () => {
  const table = fixture.playground_data.output_layers;
  assert.deepEqual([...new Set(table.map((row) => row.task))].sort(), ["binary", "multiclass", "regression"]);
  for (const row of table.filter((r) => r.task === "multiclass")) assert.equal(row.units, row.n_classes);
  const data = fixture.widget_data;
  for (const name of Object.keys(data.surfaces)) {
    assert.deepEqual(Object.keys(data.suggested_learning_rates[name]).sort(), ["adam", "momentum", "rmsprop", "sgd"]);
  }
});
