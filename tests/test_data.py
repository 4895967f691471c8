import numpy as np
import pytest

from workshop import data

GENERATORS = [data.make_moons, data.make_circles, data.make_xor, data.make_spirals]


@pytest.mark.parametrize("generate", GENERATORS)
def test_generators_return_float32_features_and_int_labels_of_the_asked_size(generate):
    X, y = generate(n_samples=90, seed=4)
    assert X.shape == (90, 2) and X.dtype == np.float32
    assert y.shape == (90,) and y.dtype == np.int64


@pytest.mark.parametrize("generate", GENERATORS + [data.study_hours])
def test_generators_are_deterministic_for_a_seed_and_vary_with_it(generate):
    a, b, c = generate(seed=1), generate(seed=1), generate(seed=2)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


def test_binary_generators_are_balanced():
    for generate in (data.make_moons, data.make_circles):
        _, y = generate(n_samples=100)
        assert np.bincount(y).tolist() == [50, 50]


def test_spirals_have_k_classes():
    _, y = data.make_spirals(n_samples=300, n_classes=5)
    assert np.bincount(y).tolist() == [60] * 5


def test_xor_labels_follow_the_signs_without_noise():
    X, y = data.make_xor(200, noise=0.0)
    np.testing.assert_array_equal(y, (X[:, 0] > 0) != (X[:, 1] > 0))


def test_study_hours_follow_ten_points_per_hour():
    X, y = data.study_hours(n_samples=500, noise=1.0)
    assert X.shape == (500, 1) and y.dtype == np.float32
    slope, intercept = np.polyfit(X[:, 0], y, 1)
    assert slope == pytest.approx(data.STUDY_HOURS_POINTS_PER_HOUR, abs=0.3)
    assert intercept == pytest.approx(data.STUDY_HOURS_BASELINE, abs=1.0)


@pytest.mark.parametrize(
    ("load", "shape", "n_classes"),
    [(data.load_digits, (1797, 64), 10), (data.load_breast_cancer, (569, 30), 2), (data.load_diabetes, (442, 10), None)],
)
def test_bundled_data_sets_load_offline(load, shape, n_classes):
    X, y = load()
    assert X.shape == shape and X.dtype == np.float32 and len(y) == shape[0]
    if n_classes:
        assert sorted(set(y.tolist())) == list(range(n_classes))
    else:
        assert y.dtype == np.float32


def test_split_holds_out_the_fraction_without_overlap():
    X = np.arange(100, dtype=np.float32).reshape(50, 2)
    y = np.arange(50)
    X_train, X_val, y_train, y_val = data.train_validation_split(X, y, 0.2, seed=0)
    assert len(X_val) == 10 and len(X_train) == 40
    assert set(y_train) | set(y_val) == set(range(50)) and not set(y_train) & set(y_val)
    np.testing.assert_array_equal(X_val[:, 0] / 2, y_val)  # rows stay paired with labels


def test_standardize_uses_training_statistics_only():
    train = np.array([[0.0, 5.0], [2.0, 5.0]])
    scaled_train, scaled_other = data.standardize(train, np.array([[4.0, 6.0]]))
    np.testing.assert_allclose(scaled_train, [[-1.0, 0.0], [1.0, 0.0]])
    np.testing.assert_allclose(scaled_other, [[3.0, 1.0]])


def test_one_hot_matches_the_notes_example():
    np.testing.assert_array_equal(data.one_hot([5], 10), [[0, 0, 0, 0, 0, 1, 0, 0, 0, 0]])


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: data.make_moons(n_samples=1), ValueError, "n_samples must be >= 2"),
        (lambda: data.make_moons(noise=-0.1), ValueError, "noise must be a finite number >= 0"),
        (lambda: data.make_circles(factor=1.0), ValueError, r"factor must be in \(0, 1\)"),
        (lambda: data.make_spirals(n_classes=1), ValueError, "n_classes must be >= 2"),
        (lambda: data.study_hours(seed="a"), TypeError, "seed must be a whole number"),
        (lambda: data.train_validation_split(np.zeros((3, 1)), np.zeros(2)), ValueError, "same number of samples"),
        (lambda: data.train_validation_split(np.zeros((3, 1)), np.zeros(3), 0.01), ValueError, "empty train or validation"),
        (lambda: data.standardize(np.zeros((2, 2)), np.zeros((2, 3))), ValueError, "must have 2 features"),
        (lambda: data.one_hot([3], 3), ValueError, r"whole-number class indices in \[0, 2\]"),
    ],
)
def test_bad_input_is_refused(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: data.make_moons(n_samples=10**9), ValueError, "n_samples must be <= 100,000"),
        (lambda: data.make_spirals(n_classes=10**6), ValueError, "n_classes must be <= 1,000"),
        (lambda: data.make_moons(10, noise=1e300), ValueError, "noise must be at most 1000"),
        (lambda: data.study_hours(max_hours=1e39), ValueError, "max_hours must be at most 1000"),
        (lambda: data.make_xor(seed=2**32), ValueError, "seed must be <= 4,294,967,295"),
        (lambda: data.one_hot([0], 30000), ValueError, "n_classes must be <= 1,000"),
        (lambda: data.one_hot(np.zeros(20_000, int), 1000), ValueError, "must be <= 10,000,000 numbers"),
        (lambda: data.one_hot([0.0, float("nan")], 3), ValueError, "labels must be finite"),
        (lambda: data.train_validation_split(np.zeros((5, 1)), np.array([np.nan, "a", None, 1, 2], dtype=object)),
         TypeError, "y must be numbers, got an array of dtype object"),
        (lambda: data.train_validation_split(np.zeros((5, 1)), [np.nan, 0, 1, 1, 0]), ValueError, "y must be finite"),
        (lambda: data.train_validation_split(np.zeros((5, 1)), 5), ValueError, "y must have at least 1 dimension"),
        (lambda: data.train_validation_split(np.ma.zeros((5, 1)), np.zeros(5)), TypeError, "X must be a plain array"),
        (lambda: data.standardize(np.array([[0.0], [1e-300]]), np.array([[1e300]])), ValueError,
         r"standardized others\[0\] is beyond float32's range"),
    ],
)
def test_hostile_input_is_refused_naming_the_argument(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_labels_keep_their_dtype_through_the_split():
    _, _, y_train, y_val = data.train_validation_split(np.zeros((10, 1)), np.arange(10, dtype=np.int64))
    assert y_train.dtype == y_val.dtype == np.int64


def test_one_hot_fills_rows_without_a_k_by_k_identity_matrix():
    import tracemalloc

    tracemalloc.start()
    rows = data.one_hot([999], 1000)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert rows.shape == (1, 1000) and rows[0, 999] == 1.0 and rows.sum() == 1.0
    assert peak < 100_000  # np.eye(1000) alone is 4 MB


def test_one_hot_keeps_the_labels_shape():
    assert data.one_hot([[1], [0]], 2).tolist() == [[[0.0, 1.0]], [[1.0, 0.0]]]


def test_standardize_handles_values_near_the_float64_limit():
    (scaled,) = data.standardize(np.array([[1e308], [-1e308]]))
    np.testing.assert_allclose(scaled, [[1.0], [-1.0]])


def test_standardize_leaves_a_constant_feature_at_zero_even_when_its_mean_rounds():
    # The mean of 17 copies of 5.2983525e14 is not exactly that number in float64; a tiny,
    # nonzero standard deviation would blow the rounding up to -1 and +1.
    (scaled,) = data.standardize(np.full((17, 1), 5.2983525e14))
    np.testing.assert_allclose(scaled, 0.0, atol=1e-6)
