"""Run Python scripts as ``python script.py`` runs them, without paying TensorFlow's import each time.

The gallery's examples are each run on their own (tests/test_gallery.py), as a reader
runs a downloaded script; most of each run would be importing TensorFlow, Keras and
Matplotlib (about 6 CPU-seconds). One script server per test session
(:mod:`site_harness.script_server`) imports them once and forks a child per script:
:func:`shared_runner` starts it for the first worker and gives each a
:class:`ScriptRunner` that talks to it over its Unix socket. Names a script forgets to
import are still missing (preloaded modules sit in ``sys.modules``, not in its
namespace), and the reader's test (tests/test_downloads.py) still runs one example with
a real ``python`` in a fresh virtual environment. ``multiprocessing``'s forkserver runs
a function, not a script with its own file descriptors, exit code and ``__main__``.
"""

from __future__ import annotations

import json
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from site_harness.background import BackgroundRun, wait_for_exit

# What the server imports before forking: what every example imports and what costs.
PRELOADED = ("tensorflow", "keras", "numpy", "matplotlib", "matplotlib.pyplot", "sklearn")
START_TIMEOUT_SECONDS = 300  # TensorFlow's import, on a machine busy with the rest of the session
# For Python processes a test starts only to see that a script runs or how Keras trains
# (never to compare printed numbers with the site's): one TensorFlow thread each. They
# run beside other tests, where TensorFlow's idle threads would spin for nothing.
ONE_TENSORFLOW_THREAD = {"TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1"}

def _files(socket_path: Path) -> dict[str, Path]:
    return {kind: socket_path.with_name(f"{socket_path.name}-{kind}.txt") for kind in ("log", "exit")}


def start_server(socket_path: Path, env: dict[str, str], session_pid: int, preload=PRELOADED) -> BackgroundRun:
    """Start a script server listening on ``socket_path``, which ends once process ``session_pid`` has."""
    command = [sys.executable, "-m", "site_harness.script_server", str(socket_path), str(session_pid), *preload]
    return BackgroundRun(command, _files(socket_path), cwd=socket_path.parent, env=env)


@dataclass(frozen=True)
class ScriptRun:
    """How one script ended, and what it printed."""

    returncode: int
    stdout: str
    stderr: str


class ScriptRunner:
    """Talks to the script server on ``socket_path`` (started by this process or another)."""

    def __init__(self, socket_path: Path) -> None:
        self.socket_path = Path(socket_path)

    def _wait_until_listening(self) -> None:
        files, deadline = _files(self.socket_path), time.monotonic() + START_TIMEOUT_SECONDS
        while not self.socket_path.exists():
            if files["exit"].exists() and files["exit"].read_text(encoding="utf-8").strip():
                raise RuntimeError(f"the script server ended (exit code {wait_for_exit(files)}) before listening; "
                                   f"its output:\n{files['log'].read_text(encoding='utf-8')[-4000:]}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the script server did not listen on {self.socket_path} within {START_TIMEOUT_SECONDS} s")
            time.sleep(0.2)

    def run(self, script: Path, cwd: Path, timeout: float) -> ScriptRun:
        """Run ``script`` in ``cwd`` as ``python script`` would; its output is kept beside ``cwd``, never in it."""
        self._wait_until_listening()
        outputs = {name: cwd.parent / f"{cwd.name}-{name}.txt" for name in ("stdout", "stderr")}
        request = {"script": str(script), "cwd": str(cwd), "timeout": timeout,
                   **{name: str(path) for name, path in outputs.items()}}
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.connect(str(self.socket_path))
            with connection.makefile("rwb") as stream:
                stream.write((json.dumps(request) + "\n").encode())
                stream.flush()
                reply = stream.readline()  # once the script has ended; the server kills one that outlives its timeout
        if not reply:
            raise RuntimeError(f"the script server at {self.socket_path} closed the connection running {script}")
        ended = json.loads(reply)
        if ended["timed_out"]:
            raise TimeoutError(f"{script} did not end within {timeout:g} s")
        text = {name: path.read_text(encoding="utf-8", errors="replace") for name, path in outputs.items()}
        return ScriptRun(ended["returncode"], text["stdout"], text["stderr"])


_STARTED_HERE: list[BackgroundRun] = []  # kept, never waited for: a server ends when its session does


def shared_runner(socket_path: Path, env: dict[str, str], session_pid: int, preload=PRELOADED) -> ScriptRunner:
    """A runner for the one server on ``socket_path``: the first process to ask starts it, the others use it."""
    with FileLock(socket_path.with_name(f"{socket_path.name}.lock")):
        if not _files(socket_path)["log"].exists():
            _STARTED_HERE.append(start_server(socket_path, env, session_pid, preload))
    return ScriptRunner(socket_path)
