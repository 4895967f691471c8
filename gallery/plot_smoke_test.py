"""
Smoke test of the gallery
=========================

A stand-in that keeps the gallery machinery exercised (execution, figure
capture, thumbnails, downloads) until the real examples replace it.
"""

# %%
# Draw the ReLU activation and a few seeded, noisy samples around it.
import matplotlib.pyplot as plt
import numpy as np

from workshop.activations import relu

rng = np.random.default_rng(0)
x = np.linspace(-3.0, 3.0, 61)
noisy = relu(x) + rng.normal(0.0, 0.2, size=x.size)

fig, ax = plt.subplots(figsize=(5.0, 3.2))
ax.plot(x, relu(x), label="ReLU")
ax.scatter(x, noisy, s=8, alpha=0.6, label="noisy samples")
ax.set(title="ReLU with noisy samples around it", xlabel="weighted sum x", ylabel="output")
ax.legend()
plt.show()
