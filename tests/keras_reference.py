"""Shared access to Keras for the reference tests (imported lazily: TensorFlow is slow to import)."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np

FLOAT32_RTOL = 1e-5
FLOAT32_ATOL = 1e-6


def to_numpy(tensor):
    """A Keras/TF tensor as a float64 NumPy array."""
    return np.asarray(keras.ops.convert_to_numpy(tensor), dtype=np.float64)


__all__ = ["keras", "to_numpy", "FLOAT32_RTOL", "FLOAT32_ATOL"]
