// The widgets' math (docs/_static/widgets/math.js) against numbers workshop computed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose, fixture, widgets } from "./helpers.mjs";

const m = await import(widgets("math.js"));
// Both sides compute in float64 with the same operations; exp, log and tanh may differ in the last bit.
const RTOL = 1e-12;

test("clip bounds are Keras's float32 epsilon and 1 - epsilon", () => {
  assert.equal(m.EPSILON, fixture.clip.epsilon);
  assert.equal(m.CLIP_LOW, fixture.clip.low);
  assert.equal(m.CLIP_HIGH, fixture.clip.high);
});

for (const [name, c] of Object.entries(fixture.activations)) {
  test(`${name} and its derivative equal workshop, saturation included`, () => {
    assertClose(c.x.map(m.ACTIVATIONS[name]), c.value, { rtol: RTOL, what: name });
    // 1 - tanh(x)^2 cancels for large x: a last-bit difference in tanh shows as 1e-16 absolute.
    assertClose(c.x.map((x) => m.derivative(name, x)), c.derivative, { rtol: RTOL, atol: 1e-15, what: `${name}'` });
  });
}

test("the activation table has workshop's names", () => {
  assert.deepEqual(Object.keys(m.ACTIVATIONS).sort(), Object.keys(fixture.activations).sort());
  assert.equal(m.activations, m.ACTIVATIONS);
});

test("softmax equals workshop, with a temperature, for huge logits and a single class", () => {
  for (const c of fixture.softmax) {
    const p = m.softmax(c.z, c.temperature);
    assertClose(p, c.value, { rtol: RTOL, atol: 1e-300, what: `softmax(${c.z}, ${c.temperature})` });
    assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  }
});

test("weightedSum equals workshop", () => {
  for (const c of fixture.weighted_sum) assertClose(m.weightedSum(c.inputs, c.weights, c.bias), c.value, { rtol: RTOL, what: "weightedSum" });
});

const LOSSES = {
  binary_crossentropy: m.binaryCrossentropy,
  categorical_crossentropy: m.categoricalCrossentropy,
  sparse_categorical_crossentropy: m.sparseCategoricalCrossentropy,
};
for (const [name, f] of Object.entries(LOSSES)) {
  test(`${name} equals workshop: clipped 0 and 1, zeros, logits, batches`, () => {
    for (const c of fixture.losses[name]) {
      assertClose(f(c.y_true, c.y_pred, c.from_logits), c.value, { rtol: RTOL, what: `${name}(${JSON.stringify(c.y_true)}, ${JSON.stringify(c.y_pred)}, ${c.from_logits})` });
    }
  });
}

test("mean_squared_error equals workshop", () => {
  for (const c of fixture.losses.mean_squared_error) assertClose(m.meanSquaredError(c.y_true, c.y_pred), c.value, { rtol: RTOL, what: "meanSquaredError" });
});

test("a clipped prediction caps the binary loss at -log of the float32 bounds", () => {
  assert.equal(m.binaryCrossentropy([0], [1]), -Math.log(1 - m.CLIP_HIGH));
  assert.equal(m.binaryCrossentropy([1], [0]), -Math.log(m.CLIP_LOW));
  assert.equal(m.binaryCrossentropy([0], [1]).toFixed(2), "15.94");
});

for (const c of fixture.optimizers.cases) {
  test(`optimizer ${c.name} (learning_rate ${c.options.learning_rate}) follows workshop for ${c.params.length} steps`, () => {
    const { learning_rate, ...rest } = c.options;
    const optimizer = m.makeOptimizer(c.optimizer, { ...rest, learning_rate });
    let params = fixture.optimizers.start;
    c.params.forEach((expected, i) => {
      params = optimizer.step(params, fixture.optimizers.grads[i]);
      assertClose(params, expected, { rtol: 1e-10, atol: 1e-13, what: `${c.name} step ${i + 1}` });
    });
    assert.equal(optimizer.iterations, c.params.length);
  });
}

test("optimizer defaults are Keras's (as workshop's)", () => {
  for (const [name, defaults] of Object.entries(fixture.optimizer_defaults)) {
    const optimizer = m.makeOptimizer(name);
    for (const [key, value] of Object.entries(defaults)) assert.equal(optimizer[key], value, `${name}.${key}`);
  }
});

test("an optimizer steps an array of any length and leaves it untouched", () => {
  const params = Array.from({ length: 1000 }, (_, i) => i / 1000), copy = params.slice();
  const next = new m.Adam({ learning_rate: 0.1 }).step(params, params.map(() => 1));
  assert.equal(next.length, 1000);
  assert.deepEqual(params, copy);
  assert.ok(next.every((v, i) => Math.abs(copy[i] - v - 0.1) < 1e-6));
});

test("optimizer state belongs to one array size; reset() forgets it", () => {
  const optimizer = m.makeOptimizer("rmsprop");
  optimizer.step([1, 2], [0.1, 0.2]);
  assert.throws(() => optimizer.step([1, 2, 3], [1, 1, 1]), /holds state for 2 params, got 3/);
  optimizer.reset();
  assert.equal(optimizer.step([1, 2, 3], [1, 1, 1]).length, 3);
});

test("every call workshop refuses is refused with an error naming the argument", () => {
  for (const c of fixture.refused) {
    assert.throws(() => m[c.function](...c.args), (error) => error instanceof RangeError || error instanceof TypeError, `${c.function}(${JSON.stringify(c.args)})`);
  }
});

test("bad input gives a clear error, never NaN", () => {
  const cases = [
    [() => m.sigmoid("1"), TypeError, /x must be a number, got text "1"/],
    [() => m.relu(NaN), RangeError, /x must be a finite number/],
    [() => m.derivative(["relu"], 1), RangeError, /name must be one of relu, sigmoid, tanh, linear/],
    [() => m.softmax([1, 2], 0), RangeError, /temperature must be > 0/],
    [() => m.softmax([1, 2], 1e-320), RangeError, /z \/ temperature overflowed/],
    [() => m.softmax([1, Infinity]), RangeError, /z must be finite numbers, got Infinity at index 1/],
    [() => m.weightedSum([1e200], [1e200], 0), RangeError, /weighted sum overflowed/],
    [() => m.meanSquaredError([1e200], [-1e200]), RangeError, /mean squared error overflowed/],
    [() => m.binaryCrossentropy([1], [0.5], "no"), TypeError, /fromLogits must be true or false/],
    [() => m.binaryCrossentropy([1], [0.5], 1), TypeError, /fromLogits must be true or false/],
    [() => m.makeOptimizer("adagrad"), RangeError, /optimizer must be one of sgd, momentum, nesterov, rmsprop, adam/],
    [() => m.makeOptimizer("sgd", { lr: 0.1 }), RangeError, /SGD has no option lr/],
    [() => m.makeOptimizer("sgd", { nesterov: "yes" }), TypeError, /nesterov must be true or false/],
    [() => m.makeOptimizer("adam", { learning_rate: "0.1" }), TypeError, /learning_rate must be a number/],
    [() => m.makeOptimizer("sgd").step([1, 2], [1]), RangeError, /grads must have the shape of params/],
    [() => m.makeOptimizer("sgd").step([], []), RangeError, /params must not be empty/],
  ];
  for (const [call, type, message] of cases) assert.throws(call, (e) => e instanceof type && message.test(e.message), String(call));
});

test("gradients too large for float64 are refused, not turned into a silent stop or NaN", () => {
  for (const [name, options] of [["adam", {}], ["rmsprop", {}], ["rmsprop", { centered: true }]]) {
    const optimizer = m.makeOptimizer(name, { learning_rate: 0.1, ...options });
    assert.throws(() => optimizer.step([1], [1e200]), /gradient is too large/, name);
    assert.equal(optimizer.iterations, 0, "the state is untouched after a refused step");
    assertClose(optimizer.step([1], [1]), [name === "adam" ? 0.9 : 1 - 0.1 / Math.sqrt(0.1 + 1e-7 - (options.centered ? 0.01 : 0))], { rtol: 1e-6 });
  }
  assert.throws(() => m.makeOptimizer("sgd", { learning_rate: 1e308 }).step([1], [10]), /learning_rate 1e\+308 or the gradient is too large/);
});
