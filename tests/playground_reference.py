"""The playground's reference: a setup for every optimizer and loss, trained by Keras's ``fit``.

Python exports each setup (the layers, Keras's own initial weights, the data in
batch order, the loss and the optimizer), and Keras trains it with
``fit(..., shuffle=False)`` in a fresh process (``python tests/playground_reference.py``
prints every case as JSON). The playground's engine must end with the same weights,
in Node (tests/test_playground_keras.py) and in the built page
(tests/test_playground_browser.py).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np

from site_harness.scripts import ONE_TENSORFLOW_THREAD
from workshop.data import make_moons, make_spirals, one_hot
from workshop.units import output_layer

N_SAMPLES, BATCH_SIZE, EPOCHS = 36, 8, 10  # 5 batches an epoch (the last one of 4): 50 steps
# Keras computes in float32, the page in float64: what 50 steps of float32 round-off leave.
RTOL, ATOL = 2e-4, 2e-5

OPTIMIZERS = {
    "sgd": ("sgd", {"learning_rate": 0.1}),
    "sgd-momentum": ("sgd", {"learning_rate": 0.05, "momentum": 0.9}),
    "sgd-nesterov": ("sgd", {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True}),
    "rmsprop": ("rmsprop", {"learning_rate": 0.01}),
    "rmsprop-momentum": ("rmsprop", {"learning_rate": 0.005, "momentum": 0.5}),
    "rmsprop-centered": ("rmsprop", {"learning_rate": 0.01, "centered": True, "rho": 0.8}),
    "adam": ("adam", {"learning_rate": 0.01, "beta_1": 0.8, "epsilon": 1e-6}),
}

# task -> the hidden layers (every activation appears) and the data.
HIDDEN = {
    "binary": [(5, "relu"), (4, "sigmoid")],
    "multiclass": [(5, "tanh"), (4, "relu")],
    "regression": [(6, "tanh"), (3, "linear")],
}
# The output layer's task and the loss: the matched pair for each task, then the mismatches the page allows.
LOSS_SETUPS = {
    "binary_crossentropy": ("binary", "binary_crossentropy"),
    "categorical_crossentropy": ("multiclass", "categorical_crossentropy"),
    "sparse_categorical_crossentropy": ("multiclass", "sparse_categorical_crossentropy"),
    "mean_squared_error": ("regression", "mean_squared_error"),
    "sigmoid+mean_squared_error": ("binary", "mean_squared_error"),
    "sigmoid+categorical_crossentropy": ("binary", "categorical_crossentropy"),
    "softmax+binary_crossentropy": ("multiclass", "binary_crossentropy"),
    "softmax+mean_squared_error": ("multiclass", "mean_squared_error"),
}
MATCHED = list(LOSS_SETUPS)[:4]
CASES = [(o, loss) for loss in MATCHED for o in OPTIMIZERS] + [("adam", loss) for loss in LOSS_SETUPS if loss not in MATCHED] + [
    ("sgd-momentum", loss) for loss in LOSS_SETUPS if loss not in MATCHED
]


def task_data(task: str):
    """(x, y_labels, n_classes): a small data set for the task, from workshop.data."""
    if task == "binary":
        x, y = make_moons(N_SAMPLES, noise=0.2, seed=3)
        return x, y, 2
    if task == "multiclass":
        x, y = make_spirals(N_SAMPLES, n_classes=3, noise=0.1, seed=3)
        return x, y, 3
    rng = np.random.default_rng(3)
    x = rng.uniform(-1, 1, size=(N_SAMPLES, 1)).astype(np.float32)
    y = (np.sin(3 * x[:, 0]) + rng.normal(scale=0.1, size=N_SAMPLES)).astype(np.float32)
    return x, y, None


def targets(task: str, loss: str, labels, n_classes):
    """The y that Keras is given: class indices for the sparse loss, one-hot rows for the other losses of a multiclass task."""
    if task == "multiclass":
        return labels.astype(np.int64) if loss == "sparse_categorical_crossentropy" else one_hot(labels, n_classes)
    return labels.astype(np.float32).reshape(-1, 1)


def _sequential(inputs: int, layers: list[dict]):
    import keras

    return keras.Sequential([keras.Input((inputs,))]
                            + [keras.layers.Dense(layer["units"], activation=layer["activation"]) for layer in layers])


def make_setup(case: str, optimizer_key: str) -> dict:
    import keras

    task, loss = LOSS_SETUPS[case]
    x, labels, n_classes = task_data(task)
    out = output_layer(task, n_classes if task == "multiclass" else None)
    layers = [{"units": u, "activation": a} for u, a in HIDDEN[task]] + [{"units": out.units, "activation": out.activation}]
    keras.utils.set_random_seed(11)
    model = _sequential(x.shape[1], layers)
    y = targets(task, loss, labels, n_classes)
    name, options = OPTIMIZERS[optimizer_key]
    return {
        "case": f"{optimizer_key}/{case}",
        "inputs": int(x.shape[1]),
        "layers": layers,
        "weights": [w.tolist() for w in model.get_weights()],
        "x": x.tolist(),
        "y": y.tolist(),
        "loss": loss,
        "optimizer": {"name": name, "options": options},
        "batch_size": BATCH_SIZE,
        "epochs": EPOCHS,
    }


def keras_train(setup: dict) -> list[np.ndarray]:
    import keras

    classes = {"sgd": keras.optimizers.SGD, "rmsprop": keras.optimizers.RMSprop, "adam": keras.optimizers.Adam}
    model = _sequential(setup["inputs"], setup["layers"])
    model.set_weights([np.asarray(w, dtype=np.float32) for w in setup["weights"]])
    optimizer = classes[setup["optimizer"]["name"]](**setup["optimizer"]["options"])
    model.compile(optimizer=optimizer, loss=setup["loss"])
    y = np.asarray(setup["y"], dtype=np.int64 if setup["loss"] == "sparse_categorical_crossentropy" else np.float32)
    model.fit(np.asarray(setup["x"], dtype=np.float32), y, batch_size=setup["batch_size"], epochs=setup["epochs"], shuffle=False, verbose=0)
    assert int(optimizer.iterations.numpy()) >= 50
    return model.get_weights()


def keras_runs_in_this_process() -> str:
    """Every case, set up and trained by Keras here, as JSON: {"setups": [...], "weights": [...]}."""
    setups = [make_setup(case, opt) for opt, case in CASES]
    weights = [[w.tolist() for w in keras_train(setup)] for setup in setups]
    return json.dumps({"setups": setups, "weights": weights})


def keras_runs_command() -> tuple[list[str], dict[str, str]]:
    """The command that trains every case with Keras in a fresh Python process, as a reader's exported code would be.

    A test session's process may have TensorFlow's op determinism switched on
    (``workshop.seeding.seed_everything`` does, for the whole process), and that
    swaps the fused softmax-crossentropy kernel for a composite one whose
    gradient differs for one of the mismatched pairs (one sigmoid unit under
    categorical crossentropy: 1 - y fused, 0 composite). The tests start it with
    the session (``@pytest.mark.reference("playground-keras-runs")``, tests/conftest.py).
    """
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", **ONE_TENSORFLOW_THREAD}
    return [sys.executable, str(Path(__file__))], env


def keras_runs(reference):
    """(setups, Keras's final weights) for every case, trained once per test session, beside the site build."""
    result = reference("playground-keras-runs")
    return result["setups"], [[np.asarray(w, dtype=np.float32) for w in run] for run in result["weights"]]


def assert_same_weights(setups, keras_weights, page_results):
    failures = []
    for setup, expected, got in zip(setups, keras_weights, page_results, strict=True):
        assert got["steps"] >= 50
        for index, (w_keras, w_page) in enumerate(zip(expected, got["weights"], strict=True)):
            w_page = np.asarray(w_page)
            start = np.asarray(setup["weights"][index])
            assert not np.allclose(w_keras, start), f"{setup['case']}: Keras did not move weights[{index}]"
            if not np.allclose(w_page, w_keras, rtol=RTOL, atol=ATOL):
                failures.append(f"{setup['case']} weights[{index}]: largest difference {np.max(np.abs(w_page - w_keras)):.3g}")
    assert failures == []


if __name__ == "__main__":
    print(keras_runs_in_this_process())
