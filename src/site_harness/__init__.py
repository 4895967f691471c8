"""The tools the tests and the benchmarks share: building the site, serving it, Chromium, Node,
reading built pages, and running scripts as ``python script.py`` would.

One copy, imported by ``tests/`` and ``benchmarks/`` alike, so that the two cannot
drift apart. It lives beside the site's code under ``src/`` (importable wherever
the project is installed, ``make install``) but is no part of the ``workshop``
wheel the site ships.

- :mod:`site_harness.build`: ``sphinx-build`` as ``make html`` runs it, in the background.
- :mod:`site_harness.serve`: a static server, plain or gzip-compressed as the hosts serve.
- :mod:`site_harness.browser`: which Chromium, launched how; a watch on a page's errors.
- :mod:`site_harness.node`: the pinned Node that ``make install`` brings.
- :mod:`site_harness.pages`: the URLs a built page loads; a page as a soup.
- :mod:`site_harness.scripts`: scripts run as ``python script.py``, TensorFlow imported once
  (the server itself is :mod:`site_harness.script_server`, started with ``python -m``).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository: src/site_harness/ is two folders down
