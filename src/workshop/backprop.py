r"""Backpropagation: the gradient of the loss for every weight of a stack of Dense layers.

A forward pass keeps each layer's weighted sums :math:`z_l = a_{l-1} W_l + b_l`
and outputs :math:`a_l = f_l(z_l)`. The backward pass walks the layers in
reverse with the chain rule, carrying :math:`\delta_l = \partial L / \partial z_l`
(the last product is element by element):

.. math::

    \frac{\partial L}{\partial W_l} = a_{l-1}^{T} \delta_l, \qquad
    \frac{\partial L}{\partial b_l} = \textstyle\sum_{\text{batch}} \delta_l, \qquad
    \delta_{l-1} = \bigl(\delta_l W_l^{T}\bigr) \cdot f'_{l-1}(z_{l-1})

The loss is the batch mean of :mod:`workshop.losses`, as ``model.fit``
reports it. For sigmoid with binary crossentropy and softmax with categorical
crossentropy, the output gradient collapses to :math:`\delta_L = (p - y) / N`
(divided by the number of outputs too for the binary case, whose loss is a
mean over them). The functions here are the one source for the concept page
on backpropagation, its gallery example and its widget's cross-check.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from workshop import losses
from workshop._checks import MAX_LAYERS, as_float_array, check_choice, check_count, check_positive_number
from workshop.activations import ACTIVATIONS, derivative, softmax

__all__ = [
    "Layer",
    "ForwardPass",
    "LOSSES",
    "OUTPUT_ACTIVATIONS",
    "forward",
    "loss_value",
    "output_gradient",
    "backward",
    "sgd_step",
    "random_layers",
    "gradient_norms",
]


class Layer(NamedTuple):
    """One Dense layer: ``kernel`` (n_inputs, units), ``bias`` (units,) and its activation's Keras name."""

    kernel: np.ndarray
    bias: np.ndarray
    activation: str


class ForwardPass(NamedTuple):
    """Everything the backward pass needs: ``inputs`` to each layer, its weighted sums and its outputs."""

    inputs: list
    weighted_sums: list
    outputs: list

    @property
    def prediction(self) -> np.ndarray:
        return self.outputs[-1]


LOSSES = {
    "binary_crossentropy": losses.binary_crossentropy,
    "categorical_crossentropy": losses.categorical_crossentropy,
    "sparse_categorical_crossentropy": losses.sparse_categorical_crossentropy,
    "mean_squared_error": losses.mean_squared_error,
}
"""The losses the site teaches, by their Keras names."""

OUTPUT_ACTIVATIONS = (*ACTIVATIONS, "softmax")
"""Activations a layer may have; softmax only on the last layer (its Jacobian mixes the units)."""

# The pairs whose output gradient is p - y: the loss's log undoes the activation's exp.
_P_MINUS_Y = {("sigmoid", "binary_crossentropy"), ("softmax", "categorical_crossentropy"),
              ("softmax", "sparse_categorical_crossentropy")}


def _check_layers(layers) -> list[Layer]:
    layers = list(layers)
    check_count(len(layers), "the number of layers", minimum=1, maximum=MAX_LAYERS + 1)
    checked = []
    for index, layer in enumerate(layers):
        kernel, bias, activation = layer
        name = f"layers[{index}]"
        kernel = as_float_array(kernel, f"{name}.kernel")
        if kernel.ndim != 2:
            raise ValueError(f"{name}.kernel must be 2-D (n_inputs, units), got shape {kernel.shape}")
        bias = as_float_array(bias, f"{name}.bias", min_ndim=1)
        if bias.shape != (kernel.shape[1],):
            raise ValueError(f"{name}.bias must have shape ({kernel.shape[1]},), one per unit, got {bias.shape}")
        check_choice(activation, f"{name}.activation", OUTPUT_ACTIVATIONS)
        if activation == "softmax" and index != len(layers) - 1:
            raise ValueError(f"{name}.activation: softmax is supported on the last layer only, got it on layer {index}")
        if checked and checked[-1].kernel.shape[1] != kernel.shape[0]:
            raise ValueError(
                f"{name}.kernel expects {kernel.shape[0]} inputs but layer {index - 1} has "
                f"{checked[-1].kernel.shape[1]} units"
            )
        checked.append(Layer(kernel, bias, activation))
    return checked


def _activate(name: str, z: np.ndarray) -> np.ndarray:
    return softmax(z) if name == "softmax" else ACTIVATIONS[name](z)


def forward(inputs, layers) -> ForwardPass:
    r"""Run a batch through the layers, keeping what the backward pass needs.

    Parameters
    ----------
    inputs : array_like, shape (n_samples, n_features)
    layers : sequence of :class:`Layer` or (kernel, bias, activation) triples

    Returns
    -------
    ForwardPass
        ``inputs[l]`` is :math:`a_{l-1}`, ``weighted_sums[l]`` is :math:`z_l`,
        ``outputs[l]`` is :math:`a_l`; ``prediction`` is the last output.

    Examples
    --------
    >>> run = forward([[1.0, 2.0]], [([[0.5], [-0.25]], [0.1], "sigmoid")])
    >>> run.weighted_sums[0], run.prediction.round(4)
    (array([[0.1]]), array([[0.525]]))
    """
    layers = _check_layers(layers)
    a = as_float_array(inputs, "inputs", min_ndim=2)
    if a.ndim != 2 or a.shape[1] != layers[0].kernel.shape[0]:
        raise ValueError(
            f"inputs must have shape (n_samples, {layers[0].kernel.shape[0]}) for the first kernel, got {a.shape}"
        )
    run = ForwardPass([], [], [])
    for layer in layers:
        z = a @ layer.kernel + layer.bias
        run.inputs.append(a)
        run.weighted_sums.append(z)
        a = _activate(layer.activation, z)
        run.outputs.append(a)
    return run


def loss_value(y_true, y_pred, loss: str) -> float:
    """The batch mean of the loss called ``loss``: the number ``model.fit`` reports for one batch.

    Examples
    --------
    >>> round(loss_value([[1.0], [0.0]], [[0.8], [0.4]], "binary_crossentropy"), 4)
    0.367
    """
    check_choice(loss, "loss", LOSSES)
    return float(np.mean(LOSSES[loss](y_true, y_pred)))


def _targets(y_true, prediction: np.ndarray, loss: str) -> np.ndarray:
    """``y_true`` in the prediction's shape (class indices become one-hot rows)."""
    if loss == "sparse_categorical_crossentropy":
        labels = as_float_array(y_true, "y_true").reshape(-1)
        n_classes = prediction.shape[1]
        if labels.shape[0] != prediction.shape[0] or np.any(labels != np.round(labels)) \
                or labels.min() < 0 or labels.max() >= n_classes:
            raise ValueError(
                f"y_true must be {prediction.shape[0]} whole-number class indices in [0, {n_classes - 1}], "
                f"got shape {labels.shape} with values from {labels.min():g} to {labels.max():g}"
            )
        return np.eye(n_classes)[labels.astype(np.intp)]
    y = as_float_array(y_true, "y_true")
    if y.shape != prediction.shape:
        raise ValueError(f"y_true must have the prediction's shape {prediction.shape}, got {y.shape}")
    return y


def _loss_gradient(y: np.ndarray, p: np.ndarray, loss: str) -> np.ndarray:
    r""":math:`\partial L / \partial p` for the batch mean of ``loss``."""
    n, k = p.shape
    if loss == "mean_squared_error":
        return 2.0 * (p - y) / (n * k)
    if loss == "binary_crossentropy":
        return (p - y) / (p * (1.0 - p)) / (n * k)
    return -y / p / n  # categorical crossentropy: -sum y log p per sample


def output_gradient(y_true, weighted_sum, activation: str, loss: str) -> np.ndarray:
    r""":math:`\delta_L = \partial L / \partial z_L`, the gradient at the last layer's weighted sums.

    For sigmoid + binary crossentropy it is :math:`(p - y) / (N K)` and for
    softmax + categorical crossentropy :math:`(p - y) / N` (N samples, K
    outputs); otherwise the loss's gradient times the activation's derivative.

    Examples
    --------
    >>> output_gradient([[1.0]], [[0.0]], "sigmoid", "binary_crossentropy")
    array([[-0.5]])
    """
    check_choice(activation, "activation", OUTPUT_ACTIVATIONS)
    check_choice(loss, "loss", LOSSES)
    z = as_float_array(weighted_sum, "weighted_sum", min_ndim=2)
    p = _activate(activation, z)
    y = _targets(y_true, p, loss)
    n, k = p.shape
    if (activation, loss) in _P_MINUS_Y:
        return (p - y) / (n * k if activation == "sigmoid" else n)
    dp = _loss_gradient(y, p, loss)
    if activation == "softmax":
        # The softmax Jacobian: dz_i = p_i (dp_i - sum_j dp_j p_j).
        return p * (dp - np.sum(dp * p, axis=1, keepdims=True))
    return dp * derivative(activation, z)


def backward(run: ForwardPass, layers, y_true, loss: str) -> list[tuple[np.ndarray, np.ndarray]]:
    r"""The gradient of the batch-mean loss for each layer's kernel and bias.

    Parameters
    ----------
    run : ForwardPass
        From :func:`forward` on the same ``layers``.
    layers : sequence of :class:`Layer`
    y_true : array_like
        Labels in the prediction's shape (class indices for sparse categorical crossentropy).
    loss : str
        One of :data:`LOSSES`.

    Returns
    -------
    list of (kernel_gradient, bias_gradient), one pair per layer, first layer first.

    Examples
    --------
    >>> layers = [([[0.5], [-0.25]], [0.1], "sigmoid")]
    >>> run = forward([[1.0, 2.0]], layers)
    >>> [(dW.round(4), db.round(4)) for dW, db in backward(run, layers, [[1.0]], "binary_crossentropy")]
    [(array([[-0.475],
           [-0.95 ]]), array([-0.475]))]
    """
    layers = _check_layers(layers)
    if len(run.weighted_sums) != len(layers):
        raise ValueError(f"run has {len(run.weighted_sums)} layers but layers has {len(layers)}")
    delta = output_gradient(y_true, run.weighted_sums[-1], layers[-1].activation, loss)
    gradients = []
    for index in range(len(layers) - 1, -1, -1):
        gradients.append((run.inputs[index].T @ delta, delta.sum(axis=0)))
        if index > 0:
            below = layers[index - 1].activation
            delta = (delta @ layers[index].kernel.T) * derivative(below, run.weighted_sums[index - 1])
    return gradients[::-1]


def sgd_step(layers, gradients, learning_rate) -> list[Layer]:
    r"""Plain gradient descent, :math:`W \leftarrow W - \eta\, \partial L / \partial W`, as ``keras.optimizers.SGD()``.

    Examples
    --------
    >>> sgd_step([([[1.0]], [0.0], "linear")], [([[2.0]], [1.0])], 0.1)[0].kernel
    array([[0.8]])
    """
    layers = _check_layers(layers)
    learning_rate = check_positive_number(learning_rate, "learning_rate")
    gradients = list(gradients)
    if len(gradients) != len(layers):
        raise ValueError(f"gradients must hold one (kernel, bias) pair per layer: {len(layers)}, got {len(gradients)}")
    return [
        Layer(layer.kernel - learning_rate * np.asarray(dW), layer.bias - learning_rate * np.asarray(db),
              layer.activation)
        for layer, (dW, db) in zip(layers, gradients)
    ]


def random_layers(sizes, activation: str, output_activation: str = "linear", *, initializer="glorot_uniform", seed=0):
    """Layers of the given ``sizes`` (inputs first) with kernels drawn by ``initializer`` and zero biases.

    ``initializer`` is a name from :data:`workshop.initializers.INITIALIZERS`;
    the hidden layers get ``activation``, the last ``output_activation``.

    Examples
    --------
    >>> [layer.kernel.shape for layer in random_layers([2, 3, 1], "relu", "sigmoid")]
    [(2, 3), (3, 1)]
    """
    from workshop.initializers import initial_kernel

    sizes = [check_count(size, "each size", maximum=10_000) for size in sizes]
    if len(sizes) < 2:
        raise ValueError(f"sizes must name the inputs and at least one layer, got {sizes}")
    check_choice(activation, "activation", ACTIVATIONS)
    rng = np.random.default_rng(seed)
    names = [activation] * (len(sizes) - 2) + [output_activation]
    return [
        Layer(initial_kernel(initializer, n_in, n_out, rng), np.zeros(n_out), name)
        for n_in, n_out, name in zip(sizes[:-1], sizes[1:], names)
    ]


def gradient_norms(inputs, layers, y_true, loss: str) -> np.ndarray:
    """The Euclidean norm of each layer's kernel gradient, first layer first.

    A norm that shrinks towards the first layer is a vanishing gradient; one
    that grows is an exploding gradient.

    Examples
    --------
    >>> layers = [([[1.0]], [0.0], "linear"), ([[2.0]], [0.0], "linear")]
    >>> gradient_norms([[1.0]], layers, [[0.0]], "mean_squared_error")
    array([8., 4.])
    """
    run = forward(inputs, layers)
    return np.array([np.linalg.norm(dW) for dW, _ in backward(run, layers, y_true, loss)])
