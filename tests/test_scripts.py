"""site_harness.scripts: a forked run of a script ends, prints and fails as ``python script.py`` does."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from site_harness.scripts import ScriptRunner, shared_runner, start_server


@pytest.fixture(scope="module")
def runner(tmp_path_factory):
    # Nothing preloaded: these tests are about the runner, not about TensorFlow.
    socket_path = tmp_path_factory.mktemp("server") / "s.sock"  # a Unix socket's path has at most 107 bytes
    server = start_server(socket_path, dict(os.environ), os.getpid(), preload=())
    yield ScriptRunner(socket_path)
    server.stop()


def _write(folder, name: str, code: str):
    path = folder / name
    path.write_text(code, encoding="utf-8")
    return path


def _both(runner, script, tmp_path):
    """The runner's run and a real ``python script`` of the same file, each in an empty folder of its own."""
    forked, real = tmp_path / "forked", tmp_path / "real"
    forked.mkdir()
    real.mkdir()
    ran = runner.run(script, cwd=forked, timeout=30)
    done = subprocess.run([sys.executable, str(script)], cwd=real, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    return ran, done


def test_a_script_sees_what_python_script_gives_it(runner, tmp_path):
    script = _write(tmp_path, "show.py", (
        "import os, sys\n"
        "print(__name__, os.path.basename(sys.argv[0]), sys.path[0] == os.path.dirname(os.path.abspath(__file__)))\n"
        "print(os.path.basename(os.getcwd()), sys.stdin.read() == '')\n"
        "print('to stderr', file=sys.stderr)\n"
    ))
    ran, done = _both(runner, script, tmp_path)

    assert ran.returncode == done.returncode == 0
    assert ran.stdout == "__main__ show.py True\nforked True\n"
    assert done.stdout == "__main__ show.py True\nreal True\n"
    assert ran.stderr == done.stderr == "to stderr\n"


@pytest.mark.parametrize(("code", "returncode", "in_stderr"), [
    ("raise ValueError('broken example')\n", 1, "ValueError: broken example"),
    ("import sys\nsys.exit(3)\n", 3, ""),
    ("import sys\nsys.exit('a message')\n", 1, "a message"),
    ("import sys\nsys.exit()\n", 0, ""),
    ("numpy.zeros(3)\n", 1, "NameError: name 'numpy' is not defined"),  # preloaded or not, unimported is unknown
])
def test_a_script_fails_with_python_s_exit_code_and_message(runner, tmp_path, code, returncode, in_stderr):
    ran, done = _both(runner, _write(tmp_path, "fail.py", code), tmp_path)

    assert ran.returncode == done.returncode == returncode
    assert in_stderr in ran.stderr and in_stderr in done.stderr


def test_output_is_kept_beside_the_working_folder_and_a_file_written_shows(runner, tmp_path):
    folder = tmp_path / "run"
    folder.mkdir()
    ran = runner.run(_write(tmp_path, "writes.py", "open('left-behind.txt', 'w').write('x')\nprint('done')\n"), cwd=folder, timeout=30)

    assert ran.returncode == 0 and ran.stdout == "done\n"
    assert [path.name for path in folder.iterdir()] == ["left-behind.txt"]


def test_a_script_that_outlives_its_timeout_is_stopped_and_named_and_the_runner_goes_on(runner, tmp_path):
    folder = tmp_path / "run"
    folder.mkdir()
    with pytest.raises(TimeoutError, match="sleeps.py did not end within 0.5 s"):
        runner.run(_write(tmp_path, "sleeps.py", "import time\ntime.sleep(60)\n"), cwd=folder, timeout=0.5)

    assert runner.run(_write(tmp_path, "quick.py", "print(1)\n"), cwd=folder, timeout=30).stdout == "1\n"


def test_a_server_that_cannot_preload_says_so_to_the_runner(tmp_path_factory, tmp_path):
    socket_path = tmp_path_factory.mktemp("server") / "s.sock"
    start_server(socket_path, dict(os.environ), os.getpid(), preload=("no_such_module_anywhere",)).wait(timeout=60)
    with pytest.raises(RuntimeError, match=r"ended \(exit code 1\) before listening(.|\n)*No module named 'no_such_module_anywhere'"):
        ScriptRunner(socket_path).run(_write(tmp_path, "quick.py", "print(1)\n"), cwd=tmp_path, timeout=30)


def test_two_runs_at_once_each_get_their_own_output(runner, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    scripts = [_write(tmp_path, f"s{n}.py", f"import time\ntime.sleep(0.5)\nprint({n})\n") for n in range(2)]
    folders = [tmp_path / f"run{n}" for n in range(2)]
    for folder in folders:
        folder.mkdir()
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda n: runner.run(scripts[n], cwd=folders[n], timeout=30), range(2)))
    assert [run.stdout for run in runs] == ["0\n", "1\n"]


def test_the_server_ends_once_its_session_has_and_removes_its_socket(tmp_path_factory):
    session = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1)"])
    socket_path = tmp_path_factory.mktemp("server") / "s.sock"
    server = start_server(socket_path, dict(os.environ), session.pid, preload=())
    session.wait()
    try:
        assert server.wait(timeout=30) == 0
    finally:
        server.stop()
    assert not socket_path.exists()


def test_the_first_to_ask_for_a_shared_runner_starts_its_server_and_the_next_uses_it(tmp_path_factory, tmp_path):
    socket_path = tmp_path_factory.mktemp("server") / "s.sock"
    session = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        runs = []
        for n in range(2):
            (tmp_path / f"run{n}").mkdir()
            runner = shared_runner(socket_path, dict(os.environ), session.pid, preload=())
            runs.append(runner.run(_write(tmp_path, "ok.py", "print('ok')\n"), cwd=tmp_path / f"run{n}", timeout=30))
        # The servers' Python processes (not the sh that waits for each): their command lines start with Python.
        pattern = f"^{re.escape(sys.executable)} -m site_harness.script_server {re.escape(str(socket_path))}"
        servers = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout.split()
    finally:
        session.kill()
        session.wait()
    assert [run.stdout for run in runs] == ["ok\n", "ok\n"]
    assert len(servers) == 1  # the second caller found the first one's server
