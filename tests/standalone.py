"""Run Python scripts as ``python script.py`` runs them, without paying TensorFlow's import each time.

The gallery's examples are each run on their own (tests/test_gallery.py), as a
reader runs a downloaded script. Most of such a run used to be the same
work done thirteen times: importing TensorFlow, Keras and Matplotlib (about 6
CPU-seconds each here). A script server imports them once, before TensorFlow
has run any operation (so before it starts a thread pool), and forks a child
per script. The child is what ``python script.py`` would be, minus the
imports already done: a fresh ``__main__`` (``runpy.run_path``), ``sys.argv``
and ``sys.path[0]`` of the script, its own working folder, stdin from
``/dev/null``, stdout and stderr to files of its own, the exit code of an
uncaught exception or ``sys.exit``. Names the script forgets to import are
still missing: preloaded modules sit in ``sys.modules``, not in its namespace.

One server serves every worker of a test session (:func:`shared_runner` starts
it for the first worker and gives each a :class:`ScriptRunner` that talks to it
over its Unix socket), so TensorFlow is imported once per session, and it ends
when the session's main process has gone. Its environment is the one it was started with (TensorFlow reads its
thread settings when it first runs an operation, in the child).

The reader's test (tests/test_downloads.py) still runs one example with a real
``python plot_05.py`` in a fresh virtual environment.

There is no library for this: ``multiprocessing``'s forkserver runs a function,
not a script with its own file descriptors, exit code and ``__main__``.
"""

from __future__ import annotations

import json
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from site_support import BackgroundRun, wait_for_exit

# What the server imports before forking: what every example imports and what costs.
PRELOADED = ("tensorflow", "keras", "numpy", "matplotlib", "matplotlib.pyplot", "sklearn")
START_TIMEOUT_SECONDS = 300  # TensorFlow's import, on a machine busy with the rest of the session

# argv: the socket's path, the pid whose end ends the server, then the modules to preload.
_SERVER = r"""
import json, os, runpy, signal, socketserver, sys, time, traceback
import matplotlib
matplotlib.use("Agg")
socket_path, session = sys.argv[1], int(sys.argv[2])
for name in sys.argv[3:]:
    __import__(name)


def run_script(request):
    os.chdir(request["cwd"])
    for fd, path, mode in ((0, os.devnull, os.O_RDONLY), (1, request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                           (2, request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
        file = os.open(path, mode, 0o644)
        os.dup2(file, fd)
        os.close(file)
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


class Handler(socketserver.StreamRequestHandler):
    # Runs in a child of the server, one per request; the script runs in a child of that.
    def handle(self):
        request = json.loads(self.rfile.readline())
        pid = os.fork()
        if pid == 0:
            self.connection.close()
            run_script(request)
        deadline, timed_out = time.monotonic() + request["timeout"], False
        while True:
            ended, status = os.waitpid(pid, os.WNOHANG)
            if ended:
                break
            if time.monotonic() > deadline and not timed_out:
                os.kill(pid, signal.SIGKILL)
                timed_out = True
            time.sleep(0.05)
        self.wfile.write((json.dumps({"returncode": os.waitstatus_to_exitcode(status), "timed_out": timed_out}) + "\n").encode())


class Server(socketserver.ForkingMixIn, socketserver.UnixStreamServer):
    timeout = 1.0  # handle_request() returns after a second without a request


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


with Server(socket_path + ".part", Handler) as server:
    os.rename(socket_path + ".part", socket_path)  # clients connect once the imports are done
    while alive(session):
        server.handle_request()
os.unlink(socket_path)
"""


def _files(socket_path: Path) -> dict[str, Path]:
    return {kind: socket_path.with_name(f"{socket_path.name}-{kind}.txt") for kind in ("log", "exit")}


def start_server(socket_path: Path, env: dict[str, str], session_pid: int, preload=PRELOADED) -> BackgroundRun:
    """Start a script server listening on ``socket_path``, which ends once process ``session_pid`` has."""
    command = [sys.executable, "-c", _SERVER, str(socket_path), str(session_pid), *preload]
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
