"""One seeding helper, so that two runs give identical numbers and figures."""

from __future__ import annotations

import os
import random

import numpy as np

from workshop._checks import check_seed

__all__ = ["seed_everything"]


def seed_everything(seed: int = 0) -> None:
    """Seed Python, NumPy and TensorFlow/Keras, and make TensorFlow's ops deterministic.

    Keras draws initial weights and shuffles batches from these generators, so
    after ``seed_everything(0)`` the same script trains the same model to the
    same weights on the same machine. Op determinism makes TensorFlow pick
    reproducible kernels (a little slower; nothing here is large). ``seed`` is
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
