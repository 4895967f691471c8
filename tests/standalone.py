"""Run Python scripts as ``python script.py`` runs them, without paying TensorFlow's import each time.

The gallery's examples are each run on their own (tests/test_gallery.py), as a
reader runs a downloaded script. Most of such a run used to be the same
work done thirteen times: importing TensorFlow, Keras and Matplotlib (about 6
CPU-seconds each here). A :class:`ScriptRunner` imports them once in a server
process, before TensorFlow has run any operation (so before it starts a
thread pool), and forks a child per script. The child is what ``python
script.py`` would be, minus the imports already done: a fresh ``__main__``
(``runpy.run_path``), ``sys.argv`` and ``sys.path[0]`` of the script, its own
working folder, stdout and stderr to files of its own, the exit code of an
uncaught exception or ``sys.exit``. Names the script forgets to import are
still missing: preloaded modules sit in ``sys.modules``, not in its namespace.

The environment is the server's, fixed when it starts (TensorFlow reads its
thread settings when it first runs an operation, in the child).
The reader's test (tests/test_downloads.py) still runs one example with a real
``python plot_05.py`` in a fresh virtual environment.

There is no library for this: ``multiprocessing``'s forkserver runs a function,
not a script with its own file descriptors, exit code and ``__main__``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# What the server imports before forking: what every example imports and what costs.
PRELOADED = ("tensorflow", "keras", "numpy", "matplotlib", "matplotlib.pyplot", "sklearn")

_SERVER = r"""
import json, os, runpy, signal, sys, time, traceback
import matplotlib
matplotlib.use("Agg")
for name in sys.argv[1:]:
    __import__(name)
print(json.dumps({"ready": os.getpid()}), flush=True)


def child(request):
    os.chdir(request["cwd"])
    for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
        file = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(file, fd)
        os.close(file)
    nothing = os.open(os.devnull, os.O_RDONLY)
    os.dup2(nothing, 0)  # not the server's pipe of requests
    os.close(nothing)
    sys.stdin = open(0, closefd=False)
    sys.argv = [request["script"]]
    sys.path[0] = os.path.dirname(os.path.abspath(request["script"]))
    code = 0
    try:
        runpy.run_path(request["script"], run_name="__main__")
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        if not isinstance(stop.code, (int, type(None))):
            print(stop.code, file=sys.stderr)
    except BaseException:
        traceback.print_exc()
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(code)


for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        child(request)
    deadline, timed_out = time.monotonic() + request["timeout"], False
    while True:
        ended, status = os.waitpid(pid, os.WNOHANG)
        if ended:
            break
        if time.monotonic() > deadline and not timed_out:
            os.kill(pid, signal.SIGKILL)
            timed_out = True
        time.sleep(0.05)
    print(json.dumps({"returncode": os.waitstatus_to_exitcode(status), "timed_out": timed_out}), flush=True)
"""


@dataclass(frozen=True)
class ScriptRun:
    """How one script ended, and what it printed."""

    returncode: int
    stdout: str
    stderr: str


class ScriptRunner:
    """A server that has imported :data:`PRELOADED`; :meth:`run` runs one script in a child of it.

    One script at a time; ``close()`` (or leaving a ``with`` block) ends the server.
    """

    def __init__(self, env: dict[str, str], preload=PRELOADED) -> None:
        self._server = subprocess.Popen([sys.executable, "-c", _SERVER, *preload], env=env, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        try:
            self._read()  # {"ready": pid} once the modules are imported
        except RuntimeError as error:
            raise RuntimeError(f"the script runner did not start, importing {', '.join(preload)}: {error}") from None

    def _read(self) -> dict:
        line = self._server.stdout.readline()
        if not line:
            raise RuntimeError(f"the script runner ended (exit code {self._server.wait()})")
        return json.loads(line)

    def run(self, script: Path, cwd: Path, timeout: float) -> ScriptRun:
        """Run ``script`` in ``cwd`` as ``python script`` would; its output is kept beside ``cwd``, never in it."""
        outputs = {name: cwd.parent / f"{cwd.name}-{name}.txt" for name in ("stdout", "stderr")}
        request = {"script": str(script), "cwd": str(cwd), "timeout": timeout,
                   **{name: str(path) for name, path in outputs.items()}}
        self._server.stdin.write(json.dumps(request) + "\n")
        self._server.stdin.flush()
        ended = self._read()  # the server kills a script that outlives its timeout
        if ended["timed_out"]:
            raise TimeoutError(f"{script} did not end within {timeout:g} s")
        text = {name: path.read_text(encoding="utf-8", errors="replace") for name, path in outputs.items()}
        return ScriptRun(ended["returncode"], text["stdout"], text["stderr"])

    def close(self) -> None:
        if self._server.poll() is None:
            self._server.stdin.close()
            try:
                self._server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._server.kill()
                self._server.wait()

    def __enter__(self) -> ScriptRunner:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
