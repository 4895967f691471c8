"""Commands run in the background, shared by every worker of a test session.

A :class:`BackgroundRun` writes its output to a file (a pipe nobody reads would fill and
stall it) and, once it has ended, its exit code to another: any process can then wait
for a run another one started (:func:`wait_for_exit`).
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import subprocess
import time
from pathlib import Path

DEFAULT_TIMEOUT_SECONDS = 45 * 60  # a whole site build, every example executed, on a busy machine


class BackgroundRun:
    """A command running in the background, its output to ``files["log"]`` and, once it ends, its exit code to ``files["exit"]``.

    ``files["err"]``, if given, takes its stderr apart. ``niceness`` lowers its CPU
    priority, and that of the processes it starts.
    """

    def __init__(self, command: list[str], files: dict[str, Path], *, cwd: Path,
                 env: dict[str, str] | None = None, niceness: int = 0) -> None:
        files["exit"].parent.mkdir(parents=True, exist_ok=True)
        files["exit"].unlink(missing_ok=True)
        # sh writes the exit code once the command has ended, whatever the code.
        command = ["sh", "-c", '"$@"; echo $? > "$0"', str(files["exit"]), *command]
        with contextlib.ExitStack() as stack:
            log = stack.enter_context(files["log"].open("w", encoding="utf-8"))
            err = stack.enter_context(files["err"].open("w", encoding="utf-8")) if "err" in files else subprocess.STDOUT
            # A session of its own, so that stop() ends what it started too (kernels, workers).
            self.process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=err, start_new_session=True,
                                            preexec_fn=functools.partial(_lower_priority, niceness) if niceness else None)
        self.files = files

    def wait(self, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> int:
        """Its exit code, once it has ended (stopped, and TimeoutError, after ``timeout`` seconds)."""
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise
        return wait_for_exit(self.files, timeout=60)

    def stop(self) -> None:
        """End it if it still runs (a session that ended early)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def wait_for_exit(files: dict[str, Path], timeout: float = DEFAULT_TIMEOUT_SECONDS) -> int:
    """The exit code of a :class:`BackgroundRun` writing ``files`` (started by this process or another), once it has ended."""
    deadline = time.monotonic() + timeout
    while not (files["exit"].exists() and files["exit"].read_text(encoding="utf-8").strip()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{files['log']}'s command did not end within {timeout:.0f} s")
        time.sleep(0.5)
    return int(files["exit"].read_text(encoding="utf-8"))


def _lower_priority(niceness: int) -> None:
    """Run this new session (a build's) at ``niceness``, against the other sessions too.

    With Linux's autogroup scheduling (on by default on desktops and many servers), the
    CPU is shared between sessions first: a niced process in a session of its own
    would still get its session's full share, so the session's autogroup is niced as well.
    """
    os.nice(niceness)
    with contextlib.suppress(OSError):  # no autogroups on this kernel
        Path("/proc/self/autogroup").write_text(str(niceness), encoding="ascii")
