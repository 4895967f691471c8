import numpy as np
import pytest

from workshop import seed_everything
from workshop.data import make_moons
from workshop.models import build_model


def train_once():
    seed_everything(3)
    X, y = make_moons(64, seed=1)
    model = build_model(2, "binary", hidden_units=(4,))
    model.fit(X, y, epochs=2, batch_size=16, verbose=0)
    return np.concatenate([w.ravel() for w in model.get_weights()])


def test_two_seeded_runs_train_identical_weights():
    np.testing.assert_array_equal(train_once(), train_once())


def test_numpy_global_generator_is_seeded():
    seed_everything(5)
    first = np.random.rand(3)
    seed_everything(5)
    np.testing.assert_array_equal(first, np.random.rand(3))


@pytest.mark.parametrize(("seed", "error"), [(-1, ValueError), ("0", TypeError), (1.5, TypeError), (2**32, ValueError), (True, TypeError)])
def test_bad_seed_is_refused(seed, error):
    with pytest.raises(error, match="seed must be"):
        seed_everything(seed)
