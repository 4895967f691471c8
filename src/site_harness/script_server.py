"""The script server: ``python -m site_harness.script_server SOCKET SESSION_PID [MODULE ...]``.

It imports MODULEs (TensorFlow, Keras, ...) once, before TensorFlow has run any
operation (so before it starts a thread pool), then listens on the Unix socket
SOCKET. Each request names a script; a child of the server is forked for it and
runs it as ``python script.py`` would: a fresh ``__main__`` (``runpy.run_path``),
``sys.argv`` and ``sys.path[0]`` of the script, its own working folder, stdin
from ``/dev/null``, stdout and stderr to files, the exit code of an uncaught
exception or ``sys.exit``. The server ends once process SESSION_PID has.

The socket appears (renamed from ``SOCKET.part``) only once the imports are done,
so a client that sees it may connect. :mod:`site_harness.scripts` is the client.
"""

from __future__ import annotations

import json
import os
import runpy
import signal
import socketserver
import sys
import time
import traceback


def run_script(request: dict) -> None:
    """In a forked child: become ``python request["script"]``, run it, and exit with its exit code."""
    os.chdir(request["cwd"])
    for fd, path, mode in ((0, os.devnull, os.O_RDONLY),
                           (1, request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
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
        except Exception:  # a script may have closed its own streams; the exit code still goes out
            pass
    os._exit(code)


class Handler(socketserver.StreamRequestHandler):
    """One request: fork the script's child, wait for it (killed after its timeout), reply how it ended.

    Runs in a child of the server (one per request), so that requests run side by side.
    """

    def handle(self) -> None:
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
        reply = {"returncode": os.waitstatus_to_exitcode(status), "timed_out": timed_out}
        self.wfile.write((json.dumps(reply) + "\n").encode())


class Server(socketserver.ForkingMixIn, socketserver.UnixStreamServer):
    timeout = 1.0  # handle_request() returns after a second without a request, to look at the session


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def main(argv: list[str]) -> None:
    socket_path, session, preload = argv[0], int(argv[1]), argv[2:]
    import matplotlib

    matplotlib.use("Agg")  # no display: the scripts' figures are saved, never shown
    for name in preload:
        __import__(name)
    with Server(socket_path + ".part", Handler) as server:
        os.rename(socket_path + ".part", socket_path)
        while alive(session):
            server.handle_request()
    os.unlink(socket_path)


if __name__ == "__main__":
    main(sys.argv[1:])
