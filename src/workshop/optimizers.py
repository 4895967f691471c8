r"""Optimizers: the update rules of Keras's SGD, RMSprop and Adam in NumPy.

Each class takes Keras's argument names and defaults and keeps its own state
(velocities, moving averages, step count) for **one** parameter array::

    opt = Adam(learning_rate=0.1)
    for _ in range(100):
        params = opt.step(params, gradient_at(params))

Step for step, the parameters follow the same trajectory as
``keras.optimizers.<Same>`` applied to a ``tf.Variable`` with the same
gradients (the tests check this over many steps, and so does the build
:claim:`workshop-optimizers-match-keras`).

Notation: :math:`\theta_t` the parameters after step :math:`t`,
:math:`g_t` the gradient at step :math:`t`, :math:`\eta` the learning rate.
"""

from __future__ import annotations

import numpy as np

from workshop._checks import as_float_array, check_flag, check_fraction, check_positive_number

__all__ = ["SGD", "RMSprop", "Adam"]


class _Optimizer:
    """State handling shared by the three optimizers."""

    _STATE = ()  # names of the arrays each optimizer keeps, all starting at 0

    def __init__(self, learning_rate):
        self.learning_rate = check_positive_number(learning_rate, "learning_rate", allow_zero=True)
        self.iterations = 0
        self._shape = None

    def step(self, params, grads):
        """Apply one update and return the new parameters.

        Parameters
        ----------
        params : array_like
            The current parameters :math:`\\theta_{t-1}`.
        grads : array_like, same shape as ``params``
            The gradient of the loss at ``params``.

        Returns
        -------
        numpy.ndarray
            :math:`\\theta_t`, a new array (``params`` is not modified).

        Raises
        ------
        ValueError
            If the new parameters (or the optimizer's state) would go beyond
            float64's range; the optimizer is then left as it was.
        """
        theta = as_float_array(params, "params")
        g = as_float_array(grads, "grads")
        if g.shape != theta.shape:
            raise ValueError(f"grads must have the shape of params {theta.shape}, got {g.shape}")
        if self._shape is not None and theta.shape != self._shape:
            raise ValueError(
                f"this optimizer holds state for params of shape {self._shape}, got {theta.shape}; "
                "use one optimizer per parameter array, or call reset()"
            )
        state = {name: getattr(self, name) for name in self._STATE} if self._shape is not None else {
            name: np.zeros(theta.shape) for name in self._STATE
        }
        with np.errstate(over="ignore", invalid="ignore"):
            new_theta, new_state = self._update(theta, g, state)
        if not all(np.all(np.isfinite(array)) for array in (new_theta, *new_state.values())):
            raise ValueError(
                f"{type(self).__name__} step overflows float64 (beyond +-1.8e308): learning_rate "
                f"({self.learning_rate:g}) times grads (up to {np.abs(g).max():g}) is too large for params "
                f"(up to {np.abs(theta).max():g})"
            )
        self._shape = theta.shape
        for name, array in new_state.items():
            setattr(self, name, array)
        self.iterations += 1
        return new_theta

    def reset(self):
        """Forget all state, as a freshly built optimizer."""
        self.iterations = 0
        self._shape = None

    def _update(self, theta, g, state):
        """Return the new parameters and the new state (a dict like ``state``); change nothing."""
        raise NotImplementedError


class SGD(_Optimizer):
    r"""Stochastic gradient descent, optionally with (Nesterov) momentum.

    Plain SGD steps against the gradient:

    .. math:: \theta_t = \theta_{t-1} - \eta\, g_t

    With momentum :math:`\mu > 0` a velocity :math:`v` (starting at 0)
    remembers past steps, so a consistent downhill direction speeds up:

    .. math::

        v_t = \mu\, v_{t-1} - \eta\, g_t, \qquad \theta_t = \theta_{t-1} + v_t

    With ``nesterov=True`` the step looks ahead along the velocity:
    :math:`\theta_t = \theta_{t-1} + \mu\, v_t - \eta\, g_t` (Keras's form).

    Parameters
    ----------
    learning_rate : float, default 0.01
    momentum : float in [0, 1), default 0.0
    nesterov : bool, default False
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False):
        super().__init__(learning_rate)
        self.momentum = check_fraction(momentum, "momentum")
        self.nesterov = check_flag(nesterov, "nesterov")

    _STATE = ("velocity",)

    def _update(self, theta, g, state):
        if self.momentum == 0.0:
            return theta - self.learning_rate * g, state
        velocity = self.momentum * state["velocity"] - self.learning_rate * g
        if self.nesterov:
            return theta + self.momentum * velocity - self.learning_rate * g, {"velocity": velocity}
        return theta + velocity, {"velocity": velocity}


class RMSprop(_Optimizer):
    r"""RMSprop: a per-parameter step scaled by the recent size of the gradients.

    A moving average of squared gradients :math:`s` (starting at 0) tracks how
    large each parameter's gradient has been lately; each step divides by its
    square root, so parameters with large gradients take smaller steps and
    parameters with small gradients larger ones:

    .. math::

        s_t = \rho\, s_{t-1} + (1 - \rho)\, g_t^2, \qquad
        \theta_t = \theta_{t-1} - \frac{\eta\, g_t}{\sqrt{s_t + \epsilon}}

    **There is no bias correction.** Because :math:`s_0 = 0`, the early averages
    are too small and the first steps are larger than :math:`\eta`
    (:math:`\eta / \sqrt{1 - \rho} \approx 3.16\,\eta` on the very first step
    with :math:`\rho = 0.9`). Adam corrects this; RMSprop does not.

    Keras puts :math:`\epsilon` *inside* the square root (Hinton's lecture
    slides do not say; many texts write :math:`\sqrt{s_t} + \epsilon`).

    With ``centered=True`` the variance is used instead of the raw second
    moment: with :math:`m_t = \rho\, m_{t-1} + (1-\rho)\, g_t`, the denominator
    is :math:`\sqrt{s_t - m_t^2 + \epsilon}`. With ``momentum`` :math:`\mu > 0`
    the increments accumulate: :math:`v_t = \mu\, v_{t-1} + \text{increment}`,
    :math:`\theta_t = \theta_{t-1} - v_t`.

    The class keeps :math:`\sqrt{s_t}` rather than :math:`s_t`, updated with
    :func:`numpy.hypot` (which scales before squaring), so a gradient of 1e200
    takes the same step as a gradient of 1 instead of overflowing.

    Parameters
    ----------
    learning_rate : float, default 0.001
    rho : float in (0, 1), default 0.9
    momentum : float in [0, 1), default 0.0
    epsilon : float, default 1e-7
    centered : bool, default False
    """

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False):
        super().__init__(learning_rate)
        self.rho = check_fraction(rho, "rho", inclusive_low=False)
        self.momentum = check_fraction(momentum, "momentum")
        self.epsilon = check_positive_number(epsilon, "epsilon")
        self.centered = check_flag(centered, "centered")

    _STATE = ("root_mean_square", "mean_gradient", "velocity")

    def _update(self, theta, g, state):
        rho = self.rho
        # sqrt(s_t), kept instead of s_t: hypot scales before squaring, so g = 1e200 does not overflow.
        rms = np.hypot(np.sqrt(rho) * state["root_mean_square"], np.sqrt(1.0 - rho) * g)
        mean_gradient = rho * state["mean_gradient"] + (1.0 - rho) * g
        root_eps = np.sqrt(self.epsilon)
        if self.centered:
            # sqrt(s_t - m_t^2 + eps), each term divided by a common scale before squaring.
            scale = np.maximum(rms, root_eps)
            variance = (rms / scale) ** 2 - (mean_gradient / scale) ** 2 + (root_eps / scale) ** 2
            denominator = scale * np.sqrt(np.maximum(variance, 0.0))
        else:
            denominator = np.hypot(rms, root_eps)  # sqrt(s_t + eps)
        increment = self.learning_rate * (g / denominator)
        velocity = self.momentum * state["velocity"] + increment
        new_theta = theta - (increment if self.momentum == 0.0 else velocity)
        return new_theta, {"root_mean_square": rms, "mean_gradient": mean_gradient, "velocity": velocity}


class Adam(_Optimizer):
    r"""Adam: momentum plus RMSprop-style scaling, with bias correction.

    Two moving averages start at 0: of the gradients (the momentum, :math:`m`)
    and of the squared gradients (:math:`v`):

    .. math::

        m_t = \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2

    Because both start at 0 they are biased towards 0 early on; dividing by
    :math:`1 - \beta^t` removes the bias that the zero start causes (the *bias
    correction*). Algorithm 1 of Kingma & Ba (2015) then adds
    :math:`\epsilon` (:math:`10^{-8}` in the paper) to the corrected root:

    .. math::

        \hat m_t = \frac{m_t}{1 - \beta_1^t}, \qquad
        \hat v_t = \frac{v_t}{1 - \beta_2^t}, \qquad
        \theta_t = \theta_{t-1} - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}

    Each parameter's step is therefore about :math:`\eta` times the ratio of its
    average gradient to its root-mean-square gradient, whatever the gradient's
    size: about :math:`\eta` when the gradient keeps its sign and size, smaller
    when it flips. Section 2.1 of the paper gives
    :math:`\eta\,(1 - \beta_1) / \sqrt{1 - \beta_2}` (about :math:`3.16\,\eta`
    with the defaults) for the step's size when sparse gradients turn on. It is
    an approximation, not a cap: gradients that grow after many zeros take the
    step further (:claim:`adam-step-not-capped`, on
    :doc:`/concepts/06-optimizers`).

    Keras (like TensorFlow before it) uses the paper's more efficient form from
    Section 2, which folds the corrections into the learning rate:

    .. math::

        \eta_t = \eta\, \frac{\sqrt{1 - \beta_2^t}}{1 - \beta_1^t}, \qquad
        \theta_t = \theta_{t-1} - \eta_t\, \frac{m_t}{\sqrt{v_t} + \hat\epsilon}

    Its ``epsilon`` is this :math:`\hat\epsilon`, added to the *uncorrected*
    root (Keras's docstring says so), not Algorithm 1's :math:`\epsilon`: the two
    forms agree when :math:`\hat\epsilon = \epsilon \sqrt{1 - \beta_2^t}`. This
    class does as Keras does, with Keras's default :math:`\hat\epsilon = 10^{-7}`.
    It keeps :math:`\sqrt{v_t}` rather than :math:`v_t`, updated with
    :func:`numpy.hypot` (which scales before squaring), so a gradient of 1e200
    takes the same step as a gradient of 1.

    Parameters
    ----------
    learning_rate : float, default 0.001
    beta_1 : float in [0, 1), default 0.9
    beta_2 : float in [0, 1), default 0.999
    epsilon : float, default 1e-7
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        super().__init__(learning_rate)
        self.beta_1 = check_fraction(beta_1, "beta_1")
        self.beta_2 = check_fraction(beta_2, "beta_2")
        self.epsilon = check_positive_number(epsilon, "epsilon")

    _STATE = ("m", "root_v")

    def _update(self, theta, g, state):
        t = self.iterations + 1
        m = self.beta_1 * state["m"] + (1.0 - self.beta_1) * g
        # sqrt(v_t), kept instead of v_t: hypot scales before squaring, so g = 1e200 does not overflow.
        root_v = np.hypot(np.sqrt(self.beta_2) * state["root_v"], np.sqrt(1.0 - self.beta_2) * g)
        step_size = self.learning_rate * np.sqrt(1.0 - self.beta_2**t) / (1.0 - self.beta_1**t)
        return theta - step_size * (m / (root_v + self.epsilon)), {"m": m, "root_v": root_v}
