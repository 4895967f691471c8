"""Write tests/js/fixtures/workshop.json: numbers computed by :mod:`workshop`
that the widgets' JavaScript must reproduce (``node --test tests/js/*.test.mjs``).

Run ``python tests/make_js_fixture.py`` after changing workshop's math; the
fast test ``tests/test_widgets_js.py`` fails while the committed file is stale.
Cases that workshop refuses are recorded as ``"raises"``: the JavaScript must
refuse them too.
"""

from __future__ import annotations

import json

import numpy as np

from site_harness import ROOT
from workshop import activations, losses
from workshop.neuron import weighted_sum
from workshop.optimizers import SGD, Adam, RMSprop
from workshop.surfaces import SURFACES, optimizer_path

FIXTURE = ROOT / "tests" / "js" / "fixtures" / "workshop.json"

XS = [-1000.0, -30.0, -2.5, -1.0, -1e-9, 0.0, 1e-9, 0.3, 1.0, 7.25, 17.0, 40.0, 1000.0]

# name -> (JavaScript makeOptimizer name and options, the same optimizer in workshop)
OPTIMIZERS = {
    "sgd": (("sgd", {}), lambda lr: SGD(lr)),
    "sgd-momentum": (("sgd", {"momentum": 0.9}), lambda lr: SGD(lr, momentum=0.9)),
    "sgd-nesterov": (("sgd", {"momentum": 0.9, "nesterov": True}), lambda lr: SGD(lr, momentum=0.9, nesterov=True)),
    "momentum": (("momentum", {}), lambda lr: SGD(lr, momentum=0.9)),
    "nesterov": (("nesterov", {}), lambda lr: SGD(lr, momentum=0.9, nesterov=True)),
    "rmsprop": (("rmsprop", {}), lambda lr: RMSprop(lr)),
    "rmsprop-centered": (("rmsprop", {"centered": True}), lambda lr: RMSprop(lr, centered=True)),
    "rmsprop-momentum": (("rmsprop", {"rho": 0.8, "momentum": 0.5}), lambda lr: RMSprop(lr, rho=0.8, momentum=0.5)),
    "rmsprop-centered-momentum": (("rmsprop", {"centered": True, "momentum": 0.9, "epsilon": 1e-3}),
                                  lambda lr: RMSprop(lr, centered=True, momentum=0.9, epsilon=1e-3)),
    "adam": (("adam", {}), lambda lr: Adam(lr)),
    "adam-betas": (("adam", {"beta_1": 0.5, "beta_2": 0.9, "epsilon": 1e-3}), lambda lr: Adam(lr, beta_1=0.5, beta_2=0.9, epsilon=1e-3)),
}
PATH_RATES = {"bowl": 0.1, "valley": 0.2, "saddle": 0.05, "rosenbrock": 0.002}
# On each surface: one optimizer of each kind (all of them run 30 steps of general gradients above).
PATH_OPTIMIZERS = ("sgd", "momentum", "nesterov", "rmsprop-centered", "adam")
PATH_STEPS = 30


def floats(values):
    return [float(v) for v in np.ravel(values)]


def activation_cases():
    return {
        name: {"x": XS, "value": floats(activations.ACTIVATIONS[name](XS)), "derivative": floats(activations.derivative(name, XS))}
        for name in activations.ACTIVATIONS
    }


def softmax_cases():
    cases = []
    for z, temperature in [
        ([2.0, 1.0, 0.1], 1.0), ([2.0, 1.0, 0.1, -1.0, 0.5], 1.0), ([2.0, 1.0, 0.1, -1.0, 0.5], 0.1),
        ([2.0, 1.0, 0.1, -1.0, 0.5], 10.0), ([1000.0, 0.0, -1000.0], 1.0), ([-1e300, 1e300], 1.0),
        ([3.0, 3.0, 3.0, 3.0], 1.0), ([0.0], 1.0), ([1e-300, -1e-300], 0.5),
    ]:
        cases.append({"z": z, "temperature": temperature, "value": floats(activations.softmax(np.array(z) / temperature))})
    return cases


def weighted_sum_cases():
    rng = np.random.default_rng(0)
    cases = [{"inputs": [1.0, 2.0, 3.0], "weights": [0.5, -1.0, 2.0], "bias": 0.5},
             {"inputs": [0.0, 0.0], "weights": [0.0, 0.0], "bias": 0.0},
             {"inputs": [1e100, -2e100], "weights": [3e100, 1e100], "bias": 1.0}]
    for n in (1, 3, 7):
        cases.append({"inputs": floats(rng.uniform(-2, 2, n)), "weights": floats(rng.uniform(-2, 2, n)), "bias": float(rng.uniform(-3, 3))})
    for case in cases:
        case["value"] = weighted_sum(case["inputs"], case["weights"], case["bias"])
    return cases


def loss_cases():
    rng = np.random.default_rng(1)
    binary = [([1.0], [0.0]), ([1.0], [1.0]), ([0.0], [0.0]), ([0.0], [1.0]), ([1.0], [0.9]), ([0.0], [0.9]),
              ([0.0], [0.9997]), ([1.0], [1e-9]), ([0.3], [0.7]), ([1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.25, 0.999999999]),
              (floats(rng.integers(0, 2, 6)), floats(rng.uniform(0, 1, 6)))]
    binary_logits = [([1.0], [0.0]), ([1.0], [-1000.0]), ([0.0], [1000.0]), ([1.0, 0.0], [80.0, -80.0]), ([0.3, 0.7], [2.5, -0.5])]
    onehot = [([0.0, 0.0, 1.0, 0.0, 0.0], [0.1, 0.1, 0.6, 0.1, 0.1]), ([1.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.2, 0.8, 0.0, 0.0]),
              ([0.0, 0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 0.0, 1.0]), ([0.0, 1.0, 0.0, 0.0, 0.0], [0.5, 0.0, 0.5, 0.0, 0.0]),
              ([0.0, 0.0, 0.0, 1.0, 0.0], [0.3, 0.9, 1.0, 0.05, 0.0]), ([0.0, 0.0, 1.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0, 1.0]),
              ([0.2, 0.3, 0.5], [0.2, 0.2, 0.6])]
    logits = [([0.0, 1.0, 0.0], [1000.0, -1000.0, 0.0]), ([1.0, 0.0, 0.0], [2.0, 1.0, 0.1]), ([0.0, 0.0, 1.0], [-50.0, 50.0, 0.0])]
    batch = ([[0.0, 1.0], [1.0, 0.0], [1.0, 0.0]], [[0.2, 0.8], [0.5, 0.5], [0.0, 1.0]])
    mse = [([3.0, 5.0], [2.0, 5.0]), ([0.0], [0.0]), ([1.5, -2.0, 3.0], [1.0, 1.0, 1.0]), ([1e150], [-1e150])]
    def case(loss, y_true, y_pred, from_logits=False, value=float):
        return {"y_true": y_true, "y_pred": y_pred, "from_logits": from_logits,
                "value": value(loss(y_true, y_pred, from_logits=from_logits))}

    binary_ce, categorical_ce, sparse_ce = (
        losses.binary_crossentropy, losses.categorical_crossentropy, losses.sparse_categorical_crossentropy)

    def index(one_hot):
        return int(np.argmax(one_hot))

    return {
        "binary_crossentropy": [case(binary_ce, y, p) for y, p in binary]
        + [case(binary_ce, y, p, from_logits=True) for y, p in binary_logits],
        "categorical_crossentropy": [case(categorical_ce, y, p) for y, p in onehot]
        + [case(categorical_ce, y, p, from_logits=True) for y, p in logits]
        + [case(categorical_ce, *batch, value=floats)],
        "sparse_categorical_crossentropy": [case(sparse_ce, index(y), p) for y, p in onehot]
        + [case(sparse_ce, index(y), p, from_logits=True) for y, p in logits]
        + [case(sparse_ce, [1, 0, 0], batch[1], value=floats)],
        "mean_squared_error": [{"y_true": y, "y_pred": p, "value": float(losses.mean_squared_error(y, p))} for y, p in mse],
    }


def optimizer_cases():
    """Each optimizer over 30 steps of seeded gradients on a 6-element array (with a zero gradient and sign flips)."""
    rng = np.random.default_rng(2)
    start = floats(rng.uniform(-2, 2, 6))
    grads = [floats(rng.normal(0, 1, 6) * rng.choice([0.01, 1.0, 30.0])) for _ in range(30)]
    grads[3] = [0.0] * 6
    cases = []
    for name, ((js_name, options), make) in OPTIMIZERS.items():
        for rate in (0.001, 0.1):
            optimizer, params, params_seen = make(rate), np.array(start), []
            for g in grads:
                params = optimizer.step(params, g)
                params_seen.append(floats(params))
            cases.append({"name": name, "optimizer": js_name, "options": {**options, "learning_rate": rate}, "params": params_seen})
    return {"start": start, "grads": grads, "cases": cases}


def surface_cases():
    out = {}
    for name, surface in SURFACES.items():
        points = [[float(x), float(y)] for x in np.linspace(*surface.x_range, 7) for y in np.linspace(*surface.y_range, 5)]
        paths = {}
        for opt_name in PATH_OPTIMIZERS:
            (js_name, options), make = OPTIMIZERS[opt_name]
            paths[opt_name] = {"optimizer": js_name, "options": {**options, "learning_rate": PATH_RATES[name]},
                               "path": [floats(p) for p in optimizer_path(make(PATH_RATES[name]), surface, steps=PATH_STEPS)]}
        out[name] = {"points": points, "loss": [float(surface(x, y)) for x, y in points],
                     "gradient": [floats(surface.grad([x, y])) for x, y in points], "paths": paths}
    try:
        optimizer_path(SGD(2.0), "bowl", steps=100)
        raise AssertionError("SGD(2.0) on the bowl was expected to diverge")
    except ValueError as error:
        step = int(str(error).split("at step ")[1].split()[0])
    return {"surfaces": out, "diverges": {"surface": "bowl", "optimizer": "sgd", "learning_rate": 2.0, "steps": 100, "at_step": step}}


def refused_cases():
    """Calls that workshop refuses (checked here); the JavaScript must throw for each."""
    cases = [
        ("softmax", [[]], lambda: activations.softmax([])),
        ("derivative", ["relu6", 1.0], lambda: activations.derivative("relu6", 1.0)),
        ("weightedSum", [[1.0, 2.0], [1.0], 0.0], lambda: weighted_sum([1.0, 2.0], [1.0], 0.0)),
        ("binaryCrossentropy", [[1.0], [1.5]], lambda: losses.binary_crossentropy([1.0], [1.5])),
        ("binaryCrossentropy", [[2.0], [0.5]], lambda: losses.binary_crossentropy([2.0], [0.5])),
        ("binaryCrossentropy", [[1.0, 0.0], [0.5]], lambda: losses.binary_crossentropy([1.0, 0.0], [0.5])),
        ("categoricalCrossentropy", [[1.0, 0.0], [0.0, 0.0]], lambda: losses.categorical_crossentropy([1.0, 0.0], [0.0, 0.0])),
        ("sparseCategoricalCrossentropy", [5, [0.5, 0.5]], lambda: losses.sparse_categorical_crossentropy(5, [0.5, 0.5])),
        ("sparseCategoricalCrossentropy", [0.5, [0.5, 0.5]], lambda: losses.sparse_categorical_crossentropy(0.5, [0.5, 0.5])),
        ("sparseCategoricalCrossentropy", [-1, [0.5, 0.5]], lambda: losses.sparse_categorical_crossentropy(-1, [0.5, 0.5])),
    ]
    optimizers = [
        ("sgd", {"learning_rate": -1.0}, lambda: SGD(-1.0)),
        ("sgd", {"momentum": 1.0}, lambda: SGD(momentum=1.0)),
        ("rmsprop", {"rho": 0.0}, lambda: RMSprop(rho=0.0)),
        ("rmsprop", {"epsilon": 0.0}, lambda: RMSprop(epsilon=0.0)),
        ("adam", {"beta_1": 1.0}, lambda: Adam(beta_1=1.0)),
        ("adam", {"epsilon": -1e-7}, lambda: Adam(epsilon=-1e-7)),
    ]
    out = []
    for function, args, call in cases:
        try:
            call()
        except (ValueError, TypeError):
            out.append({"function": function, "args": args})
        else:
            raise AssertionError(f"workshop accepted {function}{tuple(args)}")
    for name, options, call in optimizers:
        try:
            call()
        except (ValueError, TypeError):
            out.append({"function": "makeOptimizer", "args": [name, options]})
        else:
            raise AssertionError(f"workshop accepted {name}({options})")
    return out


def build_fixture() -> dict:
    from workshop_site.content.playground import playground_data
    from workshop_site.content.widgets import widget_data

    return {
        "about": "Computed by workshop (tests/make_js_fixture.py); do not edit by hand.",
        "clip": {"epsilon": losses.EPSILON, "low": float(np.float32(losses.EPSILON)),
                 "high": float(np.float32(1.0) - np.float32(losses.EPSILON))},
        "activations": activation_cases(),
        "softmax": softmax_cases(),
        "weighted_sum": weighted_sum_cases(),
        "losses": loss_cases(),
        "optimizers": optimizer_cases(),
        "optimizer_defaults": {
            "sgd": {"learning_rate": SGD().learning_rate, "momentum": SGD().momentum, "nesterov": SGD().nesterov},
            "rmsprop": {k: getattr(RMSprop(), k) for k in ("learning_rate", "rho", "momentum", "epsilon", "centered")},
            "adam": {k: getattr(Adam(), k) for k in ("learning_rate", "beta_1", "beta_2", "epsilon")},
        },
        **surface_cases(),
        "refused": refused_cases(),
        "widget_data": widget_data(),
        "playground_data": playground_data(),
    }


def render(fixture: dict) -> str:
    """Compact JSON, one top-level entry per line (floats written so they read back exactly)."""
    entries = (f"{json.dumps(k)}:{json.dumps(v, sort_keys=True, separators=(',', ':'))}" for k, v in sorted(fixture.items()))
    return "{\n" + ",\n".join(entries) + "\n}\n"


def main() -> None:
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(render(build_fixture()), encoding="utf-8")
    print(f"wrote {FIXTURE.relative_to(ROOT)} ({FIXTURE.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
