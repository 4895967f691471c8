"""Running a command and measuring it: wall time, peak memory, the machine it ran on."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

# How often the process tree's memory is sampled. A spike shorter than this
# can be missed; the build's memory grows over seconds (TensorFlow, kernels).
POLL_SECONDS = 0.2
MEMORY_METHOD = (
    f"peak of the summed RSS of the whole process tree, sampled every {POLL_SECONDS} s with psutil "
    "(the notebook kernels are separate processes); getrusage(RUSAGE_CHILDREN).ru_maxrss gives "
    "the biggest single descendant so far"
)


@dataclass
class Machine:
    """What the numbers were measured on."""

    cpu_model: str
    logical_cores: int
    physical_cores: int | None
    memory_bytes: int
    system: str
    python: str
    load_average_at_start: tuple[float, float, float]
    commit: str


@dataclass
class CommandRun:
    """One run of a command: how long it took, how it ended, how much memory it held."""

    command: list[str]
    seconds: float
    returncode: int
    peak_rss_sum_bytes: int  # summed over the process tree (psutil sampling)
    max_rss_single_bytes: int  # biggest descendant so far (getrusage)
    log: str  # where stdout and stderr went

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def median(values: list[float]) -> float:
    """The median of ``values``; raises ValueError for an empty list."""
    if not values:
        raise ValueError("median of an empty list: no run was measured")
    return statistics.median(values)


def cpu_model(cpuinfo: str) -> str:
    """The CPU's model name from the text of /proc/cpuinfo ("unknown" if it has none)."""
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in {"model name", "Model", "Hardware"} and value.strip():
            return value.strip()
    return "unknown"


def describe_machine(root: Path) -> Machine:
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        cpuinfo = ""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True)
    return Machine(
        cpu_model=cpu_model(cpuinfo) if cpuinfo else platform.processor() or "unknown",
        logical_cores=psutil.cpu_count(logical=True) or os.cpu_count() or 0,
        physical_cores=psutil.cpu_count(logical=False),
        memory_bytes=psutil.virtual_memory().total,
        system=platform.platform(),
        python=sys.version.split()[0],
        load_average_at_start=tuple(round(x, 2) for x in os.getloadavg()),
        commit=(commit.stdout.strip() or "unknown") + (" (with uncommitted changes)" if dirty.stdout.strip() else ""),
    )


def _tree_rss(process: psutil.Process) -> int:
    """Resident memory of ``process`` and all its descendants, in bytes."""
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def run_command(command: list[str], *, cwd: Path, log: Path, env: dict[str, str] | None = None,
                timeout: float | None = None) -> CommandRun:
    """Run ``command``, its output into ``log``, sampling the memory of its process tree."""
    log.parent.mkdir(parents=True, exist_ok=True)
    peak = 0
    with log.open("w", encoding="utf-8") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT)
        watched = psutil.Process(process.pid)
        deadline = None if timeout is None else start + timeout
        while process.poll() is None:
            peak = max(peak, _tree_rss(watched))
            if deadline is not None and time.perf_counter() > deadline:
                process.kill()
                break
            time.sleep(POLL_SECONDS)
        returncode = process.wait()
        seconds = time.perf_counter() - start
    max_single = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # KiB on Linux
    return CommandRun(
        command=command,
        seconds=seconds,
        returncode=returncode,
        peak_rss_sum_bytes=peak,
        max_rss_single_bytes=max_single,
        log=str(log),
    )


def log_tail(run: CommandRun, lines: int = 15) -> str:
    """The last lines of a run's output, to say why it failed."""
    try:
        text = Path(run.log).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.rstrip().splitlines()[-lines:])
