r"""Optimizers: the update rules of Keras's SGD, RMSprop and Adam in NumPy.

Each class takes Keras's argument names and defaults and keeps its own state
(velocities, moving averages, step count) for **one** parameter array::

    opt = Adam(learning_rate=0.1)
    for _ in range(100):
        params = opt.step(params, gradient_at(params))

Step for step, the parameters follow the same trajectory as
``keras.optimizers.<Same>`` applied to a ``tf.Variable`` with the same
gradients (the tests check this over many steps).

Notation: :math:`\theta_t` the parameters after step :math:`t`,
:math:`g_t` the gradient at step :math:`t`, :math:`\eta` the learning rate.
"""

from __future__ import annotations

import numpy as np

from workshop._checks import as_float_array, check_fraction, check_positive_number

__all__ = ["SGD", "RMSprop", "Adam"]


class _Optimizer:
    """State handling shared by the three optimizers."""

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
        """
        theta = as_float_array(params, "params")
        g = as_float_array(grads, "grads")
        if g.shape != theta.shape:
            raise ValueError(f"grads must have the shape of params {theta.shape}, got {g.shape}")
        if self._shape is None:
            self._shape = theta.shape
            self._init_state(theta.shape)
        elif theta.shape != self._shape:
            raise ValueError(
                f"this optimizer holds state for params of shape {self._shape}, got {theta.shape}; "
                "use one optimizer per parameter array, or call reset()"
            )
        new_theta = self._update(theta, g)
        self.iterations += 1
        return new_theta

    def reset(self):
        """Forget all state, as a freshly built optimizer."""
        self.iterations = 0
        self._shape = None

    def _init_state(self, shape):
        raise NotImplementedError

    def _update(self, theta, g):
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
        self.nesterov = bool(nesterov)

    def _init_state(self, shape):
        self.velocity = np.zeros(shape)

    def _update(self, theta, g):
        if self.momentum == 0.0:
            return theta - self.learning_rate * g
        self.velocity = self.momentum * self.velocity - self.learning_rate * g
        if self.nesterov:
            return theta + self.momentum * self.velocity - self.learning_rate * g
        return theta + self.velocity


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
        self.centered = bool(centered)

    def _init_state(self, shape):
        self.mean_square = np.zeros(shape)
        self.mean_gradient = np.zeros(shape)
        self.velocity = np.zeros(shape)

    def _update(self, theta, g):
        rho = self.rho
        self.mean_square = rho * self.mean_square + (1.0 - rho) * g**2
        denominator = self.mean_square + self.epsilon
        if self.centered:
            self.mean_gradient = rho * self.mean_gradient + (1.0 - rho) * g
            denominator = denominator - self.mean_gradient**2
        increment = self.learning_rate * g / np.sqrt(denominator)
        if self.momentum == 0.0:
            return theta - increment
        self.velocity = self.momentum * self.velocity + increment
        return theta - self.velocity


class Adam(_Optimizer):
    r"""Adam: momentum plus RMSprop-style scaling, with bias correction.

    Two moving averages start at 0: of the gradients (the momentum, :math:`m`)
    and of the squared gradients (:math:`v`):

    .. math::

        m_t = \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2

    Because both start at 0 they are biased towards 0 early on; dividing by
    :math:`1 - \beta^t` corrects that (the *bias correction*):

    .. math::

        \hat m_t = \frac{m_t}{1 - \beta_1^t}, \qquad
        \hat v_t = \frac{v_t}{1 - \beta_2^t}, \qquad
        \theta_t = \theta_{t-1} - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \hat\epsilon}

    Each parameter's step is therefore about :math:`\eta` times the ratio of its
    average gradient to its root-mean-square gradient: at most about
    :math:`\eta` when the gradient keeps its sign, smaller when it flips.

    Keras (like TensorFlow before it and the "efficient version" in Section 2
    of Kingma & Ba) folds the corrections into the learning rate,
    :math:`\eta_t = \eta \sqrt{1 - \beta_2^t} / (1 - \beta_1^t)` and
    :math:`\theta_t = \theta_{t-1} - \eta_t\, m_t / (\sqrt{v_t} + \hat\epsilon)`,
    so its :math:`\hat\epsilon` sits outside the *uncorrected*
    :math:`\sqrt{v_t}`; this class does the same.

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

    def _init_state(self, shape):
        self.m = np.zeros(shape)
        self.v = np.zeros(shape)

    def _update(self, theta, g):
        t = self.iterations + 1
        self.m = self.beta_1 * self.m + (1.0 - self.beta_1) * g
        self.v = self.beta_2 * self.v + (1.0 - self.beta_2) * g**2
        step_size = self.learning_rate * np.sqrt(1.0 - self.beta_2**t) / (1.0 - self.beta_1**t)
        return theta - step_size * self.m / (np.sqrt(self.v) + self.epsilon)
