import numpy as np
import pytest

from workshop.optimizers import SGD, Adam, RMSprop
from workshop.surfaces import SURFACES, get_surface, optimizer_path


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_gradient_matches_finite_differences(name):
    surface = SURFACES[name]
    point, h = np.array([0.3, -0.7]), 1e-6
    numeric = [(surface(*(point + h * e)) - surface(*(point - h * e))) / (2 * h) for e in np.eye(2)]
    np.testing.assert_allclose(surface.grad(point), numeric, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_minima_have_zero_gradient_and_the_start_is_in_view(name):
    surface = SURFACES[name]
    for minimum in surface.minima:
        np.testing.assert_allclose(surface.grad(minimum), 0.0, atol=1e-12)
    assert surface.x_range[0] <= surface.start[0] <= surface.x_range[1]
    assert surface.y_range[0] <= surface.start[1] <= surface.y_range[1]


@pytest.mark.parametrize("optimizer", [SGD(0.1, momentum=0.9), RMSprop(0.02), Adam(0.1)], ids=["momentum", "RMSprop", "Adam"])
def test_optimizers_reach_the_valley_floor(optimizer):
    path = optimizer_path(optimizer, "valley", steps=300)
    assert path.shape == (301, 2)
    assert get_surface("valley")(*path[-1]) < 1e-3


def test_plain_sgd_crawls_along_the_elongated_valley():
    # The valley is 20x steeper across than along: a rate that is stable across crawls along.
    path = optimizer_path(SGD(0.4), "valley", steps=20)
    assert abs(path[-1, 1]) < 1e-3 and abs(path[-1, 0]) > 0.1


def test_divergence_is_reported_not_returned_as_nan():
    with pytest.raises(ValueError, match="SGD diverged on the 'rosenbrock' surface at step .*lower learning_rate"):
        optimizer_path(SGD(0.1), "rosenbrock", steps=100)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: get_surface("egg"), "name must be one of"),
        (lambda: optimizer_path(SGD(), "bowl", start=(1.0, 2.0, 3.0)), r"start must be \(x, y\)"),
        (lambda: SURFACES["bowl"].grad([1.0]), r"point must be \(x, y\)"),
    ],
)
def test_bad_input_is_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: optimizer_path(SGD(0.1), "bowl", steps=10**8), ValueError, "steps must be <= 10,000"),
        (lambda: optimizer_path("adam", "bowl"), TypeError, "optimizer must be a workshop.optimizers"),
        (lambda: optimizer_path(SGD(0.1), ["bowl"]), TypeError, r"surface must be one of .* \(a string\)"),
        (lambda: get_surface(None), TypeError, "name must be one of"),
        (lambda: SURFACES["rosenbrock"](1e100, 0.0), ValueError, "the 'rosenbrock' loss is beyond float64's range"),
        (lambda: SURFACES["bowl"].grad([1e308, 0.0]), ValueError, "the 'bowl' gradient is beyond float64's range"),
        (lambda: SURFACES["bowl"]("1", 0.0), TypeError, "x must be numbers"),
    ],
)
def test_hostile_input_is_refused_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()
