"""
NumPy arrays vs Python lists
============================

Neural networks are arithmetic on long rows of numbers, and TensorFlow takes
those rows as NumPy arrays. This example runs the same operation, ``2x + 1`` on
every element, on a Python list and on a NumPy array of growing size, and
measures the time each takes and the memory each holds. You will see two
log-log plots, time against size and memory against size, and the speed-up
and memory ratio printed for every size.
"""

# %%
# Set up
# ------
# Every example starts the same way: fixed seeds, so the random numbers are the
# same on every run, and the house plotting style.
import matplotlib.pyplot as plt
import numpy as np

import workshop
from workshop import arrays, plotting
from workshop.plotting import PALETTE

workshop.seed_everything(0)
plotting.use_style()

# %%
# The operation, written twice
# ----------------------------
# A list has to be walked element by element by the Python interpreter; an
# array hands the whole job to one compiled loop. The two versions below are
# the ones :mod:`workshop.arrays` times: they compute the same numbers.
list_version, array_version = arrays.OPERATIONS["scale_and_shift"]
print(list_version([0.0, 1.0, 2.5]))
print(array_version(np.array([0.0, 1.0, 2.5])))

# %%
# Measure at growing sizes
# ------------------------
# :func:`workshop.arrays.compare` times each version several times at each size
# and keeps the median, so one hiccup of a busy machine does not decide the
# result. The times are measured on the computer that built this page, so
# they differ a little from run to run; the memory numbers are exact.
sizes = (10, 1_000, 100_000)
measurements = arrays.compare(sizes, operation="scale_and_shift", repeats=3)

print(f"{'size':>8} {'list (s)':>10} {'array (s)':>10} {'speed-up':>9} {'list bytes':>11} {'array bytes':>12} {'memory ratio':>13}")
for m in measurements:
    print(f"{m.size:>8} {m.list_seconds:>10.2e} {m.array_seconds:>10.2e} {m.speedup:>8.1f}x "
          f"{m.list_bytes:>11} {m.array_bytes:>12} {m.memory_ratio:>12.2f}x")

# %%
# Time against size
# -----------------
# On log-log axes a line of slope 1 means "ten times the elements, ten times
# the time", and that is how the list's time grows: the interpreter does the
# same work once per element. The array's time grows far more slowly at
# first, because for small arrays NumPy's fixed cost per call (checking the
# types, allocating the result) outweighs the arithmetic; for a handful of
# elements the list can even win. As the size grows the gap widens, and it is
# the large sizes that neural networks work with.
fig, ax = plt.subplots()
size_axis = [m.size for m in measurements]
ax.loglog(size_axis, [m.list_seconds for m in measurements], "o-", color=PALETTE[1], label="Python list")
ax.loglog(size_axis, [m.array_seconds for m in measurements], "s-", color=PALETTE[0], label="NumPy array")
ax.set_xlabel("number of elements")
ax.set_ylabel("time per operation (s)")
ax.legend()
fig.suptitle("Time to compute 2x + 1: Python list vs NumPy array")
plt.show()

# %%
# Memory against size
# -------------------
# A list stores a pointer (8 bytes) to a separate Python float object (24
# bytes) for every element; an array stores the 8-byte numbers side by side.
# So the list needs about four times the memory once the size is large enough
# for the array's small fixed header not to matter.
fig, ax = plt.subplots()
ax.loglog(size_axis, [m.list_bytes for m in measurements], "o-", color=PALETTE[1], label="Python list")
ax.loglog(size_axis, [m.array_bytes for m in measurements], "s-", color=PALETTE[0], label="NumPy array")
ax.set_xlabel("number of elements")
ax.set_ylabel("memory (bytes)")
ax.legend()
fig.suptitle("Memory held: Python list vs NumPy array")
plt.show()
# sphinx_gallery_thumbnail_number = 2

# %%
# The result
# ----------
# The two lines below are the numbers for the largest size: how many times
# faster the array computed ``2x + 1``, and how many times more memory the
# list took. That is why every example on this site passes NumPy arrays, not
# lists, to Keras.
largest = measurements[-1]
print(f"numpy speed-up at {largest.size} elements: {largest.speedup:.0f}")
print(f"list/array memory ratio at {largest.size} elements: {largest.memory_ratio:.2f}")
