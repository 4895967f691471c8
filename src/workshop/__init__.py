"""workshop: the code behind the neural-network fundamentals site.

One concept per module, each formula implemented once in NumPy and tested
against TensorFlow/Keras:

- :mod:`workshop.activations` relu, sigmoid, tanh, linear, softmax
- :mod:`workshop.neuron` the weighted sum of a neuron, a Dense layer
- :mod:`workshop.losses` binary / categorical / sparse categorical crossentropy, MSE
- :mod:`workshop.backprop` forward and backward passes of a stack of Dense layers
- :mod:`workshop.initializers` Glorot and He variances, initial kernels
- :mod:`workshop.regularisation` L2/L1 penalties and dropout, as Keras computes them
- :mod:`workshop.optimizers` SGD, RMSprop and Adam update rules
- :mod:`workshop.surfaces` 2-D loss surfaces for optimizer paths
- :mod:`workshop.units` output layer by task, input size, hidden-size rule of thumb
- :mod:`workshop.models` a compiled Keras model for a task
- :mod:`workshop.data` seeded synthetic data and bundled real data sets
- :mod:`workshop.plotting` the house style and shared figures
- :mod:`workshop.arrays` NumPy arrays vs Python lists, measured
"""

from workshop.seeding import seed_everything

__all__ = ["seed_everything"]
__version__ = "0.1.0"
