"""What the tests and the benchmarks share, one copy for both: building the site
(``build``, ``background``), serving it (``serve``), Chromium (``browser``), Node
(``node``), reading built pages (``pages``), and scripts run as ``python script.py``
with TensorFlow imported once (``scripts``, ``script_server``).

Importable wherever the project is installed (``make install``: ``src/`` is on the
path), but no part of the ``workshop`` wheel the site ships.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository: src/site_harness/ is two folders down
