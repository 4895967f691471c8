"""Data sets: seeded synthetic ones, and real ones that ship inside scikit-learn.

Every generator and loader returns ``(X, y)`` with ``X`` float32 of shape
(n_samples, n_features); ``y`` is int64 class labels for classification and
float32 targets for regression. Nothing downloads at run time.

Limits that keep one call small (checked before anything is allocated):
``n_samples`` at most 100,000 (more than MNIST's 70,000 images; a call then
stays under about 20 MB), ``n_classes`` at most 1,000 (ImageNet's count),
``noise`` at most 1,000 (far past the point where every shape here is pure
noise; the float32 results stay finite), ``seed`` in [0, 2**32 - 1], and a
one-hot matrix of at most 10 million numbers (40 MB).
"""

from __future__ import annotations

import numpy as np

from workshop._checks import (
    MAX_CLASSES,
    MAX_ELEMENTS,
    MAX_SAMPLES,
    as_class_labels,
    as_float_array,
    check_count,
    check_finite_result,
    check_fraction,
    check_positive_number,
    check_seed,
    power_of_two_scale,
)

__all__ = [
    "make_moons",
    "make_circles",
    "make_xor",
    "make_spirals",
    "study_hours",
    "load_digits",
    "load_breast_cancer",
    "load_diabetes",
    "train_validation_split",
    "standardize",
    "one_hot",
]


MAX_NOISE = 1_000.0
"""The largest ``noise`` a generator accepts (see the module's limits)."""
MAX_HOURS = 1_000.0
"""The largest ``max_hours`` of :func:`study_hours`: scores stay far inside float32."""


def _generator_args(n_samples, noise, seed, minimum_samples=2):
    n_samples = check_count(n_samples, "n_samples", minimum=minimum_samples, maximum=MAX_SAMPLES)
    noise = check_positive_number(noise, "noise", allow_zero=True, maximum=MAX_NOISE)
    return n_samples, noise, np.random.default_rng(check_seed(seed))


def _finish(x, y, dtype_y=np.int64):
    return np.asarray(x, dtype=np.float32), np.asarray(y, dtype=dtype_y)


def make_moons(n_samples=400, noise=0.2, seed=0):
    """Two interleaving half circles, classes 0 and 1: a problem no straight line solves.

    Examples
    --------
    >>> X, y = make_moons(10, seed=1)
    >>> X.shape, X.dtype, sorted(set(y.tolist()))
    ((10, 2), dtype('float32'), [0, 1])
    """
    n_samples, noise, rng = _generator_args(n_samples, noise, seed)
    n_upper = n_samples // 2
    angles = np.concatenate([rng.uniform(0, np.pi, n_upper), rng.uniform(0, np.pi, n_samples - n_upper)])
    y = np.concatenate([np.zeros(n_upper), np.ones(n_samples - n_upper)])
    x = np.where(y[:, None] == 0,
                 np.column_stack([np.cos(angles), np.sin(angles)]),
                 np.column_stack([1 - np.cos(angles), 0.5 - np.sin(angles)]))
    x = x + rng.normal(scale=noise, size=x.shape)
    order = rng.permutation(n_samples)
    return _finish(x[order], y[order])


def make_circles(n_samples=400, noise=0.1, factor=0.5, seed=0):
    """A small circle (class 1) inside a large one (class 0)."""
    n_samples, noise, rng = _generator_args(n_samples, noise, seed)
    factor = check_fraction(factor, "factor", inclusive_low=False)
    n_outer = n_samples // 2
    angles = rng.uniform(0, 2 * np.pi, n_samples)
    radius = np.where(np.arange(n_samples) < n_outer, 1.0, factor)
    y = (np.arange(n_samples) >= n_outer).astype(int)
    x = np.column_stack([radius * np.cos(angles), radius * np.sin(angles)])
    x = x + rng.normal(scale=noise, size=x.shape)
    order = rng.permutation(n_samples)
    return _finish(x[order], y[order])


def make_xor(n_samples=400, noise=0.1, seed=0):
    """Points in [-1, 1]^2 labelled 1 where x and y have different signs (exclusive or)."""
    n_samples, noise, rng = _generator_args(n_samples, noise, seed)
    x = rng.uniform(-1, 1, size=(n_samples, 2))
    y = ((x[:, 0] > 0) != (x[:, 1] > 0)).astype(int)
    x = x + rng.normal(scale=noise, size=x.shape)
    return _finish(x, y)


def make_spirals(n_samples=600, n_classes=3, noise=0.1, seed=0):
    """K interleaved spiral arms, one class each (labels 0 .. K-1)."""
    n_samples, noise, rng = _generator_args(n_samples, noise, seed)
    n_classes = check_count(n_classes, "n_classes", minimum=2, maximum=MAX_CLASSES)
    if n_samples < n_classes:
        raise ValueError(f"n_samples must be >= n_classes ({n_classes}), got {n_samples}")
    y = np.arange(n_samples) % n_classes
    radius = rng.uniform(0.05, 1.0, n_samples)
    angle = 2 * np.pi * y / n_classes + 3.0 * radius
    x = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
    x = x + rng.normal(scale=noise, size=x.shape)
    order = rng.permutation(n_samples)
    return _finish(x[order], y[order])


STUDY_HOURS_BASELINE = 40.0
"""Sam's expected score with no practice at all."""
STUDY_HOURS_POINTS_PER_HOUR = 10.0
"""The notes' example: each hour of practice is worth about 10 points."""


def study_hours(n_samples=60, noise=5.0, seed=0, max_hours=5.0):
    """Sam's practice hours (feature) and math score (target), for regression.

    The notes' story made into data: the score is about
    ``40 + 10 * hours`` points plus Gaussian noise of ``noise`` points, for
    practice times drawn uniformly between 0 and ``max_hours``.

    Returns
    -------
    X : ndarray of float32, shape (n_samples, 1)
        Hours of practice.
    y : ndarray of float32, shape (n_samples,)
        Scores.
    """
    n_samples, noise, rng = _generator_args(n_samples, noise, seed)
    max_hours = check_positive_number(max_hours, "max_hours", maximum=MAX_HOURS)
    hours = rng.uniform(0.0, max_hours, n_samples)
    score = STUDY_HOURS_BASELINE + STUDY_HOURS_POINTS_PER_HOUR * hours + rng.normal(scale=noise, size=n_samples)
    return _finish(hours[:, None], score, dtype_y=np.float32)


def load_digits():
    """scikit-learn's 1,797 handwritten digits: 8x8 images flattened to 64 features in [0, 16]."""
    from sklearn import datasets

    bunch = datasets.load_digits()
    return _finish(bunch.data, bunch.target)


def load_breast_cancer():
    """scikit-learn's breast-cancer data: 569 tumours, 30 features, 1 = benign, 0 = malignant."""
    from sklearn import datasets

    bunch = datasets.load_breast_cancer()
    return _finish(bunch.data, bunch.target)


def load_diabetes():
    """scikit-learn's diabetes data: 442 patients, 10 (already scaled) features, disease progression."""
    from sklearn import datasets

    bunch = datasets.load_diabetes()
    return _finish(bunch.data, bunch.target, dtype_y=np.float32)


def train_validation_split(X, y, validation_fraction=0.2, seed=0):
    """Shuffle once with ``seed`` and hold out ``validation_fraction`` of the samples.

    ``X`` and ``y`` must be finite numbers (labels such as ``None``, ``NaN`` or
    text are refused) with one row per sample; each keeps its own dtype.

    Returns
    -------
    X_train, X_val, y_train, y_val

    Examples
    --------
    >>> X_train, X_val, y_train, y_val = train_validation_split(np.zeros((10, 2)), np.arange(10), 0.2)
    >>> X_train.shape, X_val.shape, y_val.dtype
    ((8, 2), (2, 2), dtype('int64'))
    """
    as_float_array(X, "X", min_ndim=1)
    as_float_array(y, "y", min_ndim=1)
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same number of samples, got {len(X)} and {len(y)}")
    validation_fraction = check_fraction(validation_fraction, "validation_fraction", inclusive_low=False)
    seed = check_seed(seed)
    n_val = int(round(len(X) * validation_fraction))
    if n_val < 1 or n_val >= len(X):
        raise ValueError(
            f"validation_fraction={validation_fraction} of {len(X)} samples leaves an empty train or validation set"
        )
    order = np.random.default_rng(seed).permutation(len(X))
    val, train = order[:n_val], order[n_val:]
    return X[train], X[val], y[train], y[val]


def standardize(X_train, *others):
    """Scale features to mean 0 and standard deviation 1 using the training set's statistics only.

    Statistics come from ``X_train`` alone, so nothing about the validation or
    test data leaks into training. Constant features are left centred. Each
    feature is first divided by a power of two near its largest training value
    (exact, and the standardized values do not depend on it), so values up to
    float64's limit do not overflow while squaring.

    Returns
    -------
    tuple of ndarray
        ``X_train`` scaled, then each of ``others`` scaled the same way (float32).

    Raises
    ------
    ValueError
        If one of ``others`` lies so far outside the training range that its
        standardized values leave float32's range.

    Examples
    --------
    >>> standardize(np.array([[0.0], [2.0]]), np.array([[4.0]]))
    (array([[-1.],
           [ 1.]], dtype=float32), array([[3.]], dtype=float32))
    """
    train = as_float_array(X_train, "X_train", min_ndim=2)
    others = [as_float_array(other, f"others[{index}]", min_ndim=2) for index, other in enumerate(others)]
    for index, other in enumerate(others):
        if other.shape[1:] != train.shape[1:]:
            raise ValueError(f"others[{index}] must have {train.shape[1]} features like X_train, got {other.shape}")
    scale = power_of_two_scale(train, axis=0)[0]
    mean = (train / scale).mean(axis=0)
    std = (train / scale).std(axis=0)
    constant = np.all(train == train[0], axis=0)  # exactly: a rounded mean would give a tiny, nonzero std
    std[constant] = 1.0
    scaled = []
    for name, array in [("X_train", train)] + [(f"others[{i}]", other) for i, other in enumerate(others)]:
        with np.errstate(over="ignore", invalid="ignore"):
            # A constant feature is only centred, on its exact value rather than a rounded mean.
            result = np.where(constant, array - train[0], (array / scale - mean) / std).astype(np.float32)
        check_finite_result(result, f"standardized {name}", f"{name} lies too far outside X_train's range")
        scaled.append(result)
    return tuple(scaled)


def one_hot(labels, n_classes):
    """Integer class labels to one-hot rows: ``5`` of 10 -> ``[0, 0, 0, 0, 0, 1, 0, 0, 0, 0]``.

    ``n_classes`` is at most 1,000 and the result at most 10 million numbers
    (40 MB); the rows are filled in place, with no K-by-K identity matrix.

    Examples
    --------
    >>> one_hot([2, 0], 3)
    array([[0., 0., 1.],
           [1., 0., 0.]], dtype=float32)
    """
    n_classes = check_count(n_classes, "n_classes", minimum=2, maximum=MAX_CLASSES)
    if isinstance(labels, np.ndarray):  # checked before the labels are copied, too
        _check_one_hot_size(labels.size, n_classes)
    labels = as_class_labels(labels, "labels", n_classes=n_classes)
    _check_one_hot_size(labels.size, n_classes)
    rows = np.zeros((labels.size, n_classes), dtype=np.float32)
    rows[np.arange(labels.size), labels.ravel()] = 1.0
    return rows.reshape(*labels.shape, n_classes)


def _check_one_hot_size(n_labels, n_classes):
    if n_labels * n_classes > MAX_ELEMENTS:
        raise ValueError(
            f"labels ({n_labels:,}) times n_classes ({n_classes}) must be <= {MAX_ELEMENTS:,} numbers "
            f"(workshop's limit that keeps one call small), got {n_labels * n_classes:,}"
        )
