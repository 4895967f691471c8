"""One seeding helper, so that two runs give identical numbers and figures."""

from __future__ import annotations

import os
import random

import numpy as np

from workshop._checks import check_count, check_seed

__all__ = ["fit_batch_order", "seed_everything"]


def seed_everything(seed: int = 0) -> None:
    """Seed Python, NumPy and TensorFlow/Keras, and make TensorFlow's ops deterministic.

    Keras draws initial weights and shuffles batches from these generators
    :claim:`set-random-seed-seeds-all-three`, so after ``seed_everything(0)``
    the same script trains the same model to the same weights on the same
    machine with the same versions :claim:`op-determinism-repeats-training`
    (TensorFlow promises no more than that). ``fit`` then visits the rows in
    one fixed permutation, the same in every epoch
    :claim:`seeded-fit-repeats-its-order` (:func:`fit_batch_order` shows it).
    Op determinism makes TensorFlow pick deterministic kernels (a little
    slower; nothing here is large). ``seed`` is
    a whole number from 0 to 2**32 - 1, the range NumPy's global generator takes.
    """
    seed = check_seed(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)
    random.seed(seed)
    np.random.seed(seed)
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)  # Python, NumPy and TF together
    tf.config.experimental.enable_op_determinism()


def fit_batch_order(n_samples: int = 12, epochs: int = 3, seed: int | None = 0) -> list[list[int]]:
    """The order in which ``Model.fit(..., shuffle=True)`` visits the rows, epoch by epoch.

    Trains a one-weight model on the rows ``0, 1, ..., n_samples - 1`` in one
    batch per epoch, and records the row numbers each training step receives.
    With ``seed`` (passed to :func:`keras.utils.set_random_seed` first) the
    order is reproducible; ``seed=None`` seeds nothing. ``n_samples`` is 2 to
    10,000 and ``epochs`` 1 to 100.
    """
    # A record of every row of every epoch: kept small enough to print.
    n_samples = check_count(n_samples, "n_samples", minimum=2, maximum=10_000)
    epochs = check_count(epochs, "epochs", minimum=1, maximum=100)
    import keras

    if seed is not None:
        keras.utils.set_random_seed(check_seed(seed))
    visited: list[list[int]] = []

    class Recorder(keras.Sequential):
        def train_step(self, data):
            # Eager (run_eagerly below), so the batch is a concrete tensor.
            visited.append(np.asarray(data[0])[:, 0].astype(int).tolist())
            return super().train_step(data)

    model = Recorder([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", run_eagerly=True)
    rows = np.arange(n_samples, dtype="float32")[:, None]
    model.fit(rows, np.zeros(n_samples), batch_size=n_samples, epochs=epochs, shuffle=True, verbose=0)
    return visited
