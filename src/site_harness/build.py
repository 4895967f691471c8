"""Building the site the way ``make html`` does, in the background, for the tests and the benchmarks.

A build runs on a copy of the build's inputs (the build writes generated pages
into docs/), so the working tree stays untouched and no example is skipped
because an earlier build ran it. Its output, warnings and exit code go to files
beside the output folder, so that any process of a test session can wait for a
build another one started.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from site_harness import ROOT
from site_harness.background import DEFAULT_TIMEOUT_SECONDS as BUILD_TIMEOUT_SECONDS
from site_harness.background import BackgroundRun, wait_for_exit
from workshop_site.steps.build_stamp import GENERATED as GENERATED_NAMES
from workshop_site.steps.build_stamp import INPUTS as BUILD_INPUTS
from workshop_site.steps.build_stamp import inputs_digest, read_stamp

__all__ = ["inputs_digest", "read_stamp"]  # the build's stamp, read by the test session


def make_html_options(root: Path = ROOT) -> tuple[str, ...]:
    """The options ``make html`` passes to sphinx-build, as ``make`` itself expands them (the Makefile is their home)."""
    done = subprocess.run(["make", "--no-print-directory", "-s", "-C", str(root), "sphinx-options"],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"`make sphinx-options` failed (exit code {done.returncode}): {done.stderr.strip()}")
    return ("-b", "html", *shlex.split(done.stdout))


GENERATED = shutil.ignore_patterns(*GENERATED_NAMES)


def sphinx_environment(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a ``sphinx-build`` process: this one's, with TensorFlow quiet.

    ``workshop_site`` needs no path: the editable install puts ``src/`` on every
    process's path in the virtual environment."""
    return {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", **(env or {})}


@dataclass(frozen=True)
class SiteBuild:
    """The outcome of one ``sphinx-build`` run."""

    html_dir: Path
    returncode: int
    log: str  # stdout and stderr, interleaved
    warnings: str = ""  # what Sphinx itself reported as warnings or errors (-w)


def source_date_epoch() -> str:
    """The last commit's time, as the Makefile exports it, so builds stamp the same dates."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return os.environ["SOURCE_DATE_EPOCH"]
    result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
    return result.stdout.strip() or "0"


def _sphinx_command(src_dir, out_dir, conf_dir, options, warnings_file) -> list[str]:
    # --no-color: tests read the log, and Sphinx colours it whenever $CI or $FORCE_COLOR is set.
    command = [sys.executable, "-m", "sphinx", str(src_dir), str(out_dir), *options, "--no-color",
               "-w", str(warnings_file)]
    if conf_dir is not None:
        command[3:3] = ["-c", str(conf_dir)]
    return command


class SphinxRun(BackgroundRun):
    """A ``sphinx-build`` running in the background; ``wait()`` gives its :class:`SiteBuild`."""

    def __init__(self, out_dir: Path, *, src_dir: Path, conf_dir: Path | None, options, cwd: Path,
                 env: dict[str, str] | None = None, niceness: int = 0) -> None:
        self.out_dir = Path(out_dir)
        files = _build_files(self.out_dir)
        command = _sphinx_command(src_dir, self.out_dir, conf_dir, options, files["warnings"])
        super().__init__(command, {"log": files["log"], "exit": files["exit"]}, cwd=cwd,
                         env=sphinx_environment(env), niceness=niceness)

    def wait(self, timeout: float = BUILD_TIMEOUT_SECONDS) -> SiteBuild:
        super().wait(timeout)
        return wait_for_build(self.out_dir, timeout=60)


def _build_files(out_dir: Path) -> dict[str, Path]:
    """Where a build into ``out_dir`` writes its log, its warnings and, once it has ended, its exit code."""
    return {kind: out_dir.parent / f"{out_dir.name}-{kind}.txt" for kind in ("log", "warnings", "exit")}


def wait_for_build(out_dir: Path, timeout: float = BUILD_TIMEOUT_SECONDS) -> SiteBuild:
    """The :class:`SiteBuild` of a build into ``out_dir`` (started by this process or another), once it has ended."""
    files = _build_files(Path(out_dir))
    returncode = wait_for_exit(files, timeout)
    return SiteBuild(html_dir=Path(out_dir), returncode=returncode, log=_read(files["log"]), warnings=_read(files["warnings"]))


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def sphinx_build(out_dir: Path, *, src_dir: Path = ROOT / "docs", conf_dir: Path | None = ROOT,
                 options=("-b", "html", "-W", "--keep-going", "-n", "-q"), cwd: Path = ROOT,
                 env: dict[str, str] | None = None, timeout: float = BUILD_TIMEOUT_SECONDS) -> SiteBuild:
    """Run ``sphinx-build`` (by default warnings are errors) and return where the HTML went, and its log."""
    return SphinxRun(out_dir, src_dir=src_dir, conf_dir=conf_dir, options=options, cwd=cwd, env=env).wait(timeout)


def start_site_build(workdir: Path, *, niceness: int = 0) -> SphinxRun:
    """Copy the build's inputs into ``workdir`` and start building the site there, exactly as ``make html`` does."""
    tree = workdir / "tree"
    for name in BUILD_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=GENERATED)
        else:
            tree.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, tree / name)
    # Served from the root by `serve`, whatever a CI host would set.
    env = {"SOURCE_DATE_EPOCH": source_date_epoch(), "SITE_ROOT": "/"}
    return SphinxRun(workdir / "html", src_dir=Path("docs"), conf_dir=Path("."), options=make_html_options(),
                     cwd=tree, env=env, niceness=niceness)


