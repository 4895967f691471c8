"""Fixtures for the site tests: one full build of the site, and a local server for it.

``built_site`` and ``site_server`` are shared by every test that reads the site
(the build tests here, the widgets' browser tests): the site is built once per
test session, with every example executed, exactly as ``make html`` builds it.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# What the build reads. The build writes generated pages into docs/ (the
# gallery's auto_examples), so it runs on a copy: the working tree stays
# untouched, and no example is skipped because an earlier build already ran it.
BUILD_INPUTS = ("conf.py", "docs", "gallery", "src", "pyproject.toml", "README.md")
GENERATED = shutil.ignore_patterns(
    "auto_examples", "jupyter_execute", "sg_execution_times.rst", "__pycache__", ".ipynb_checkpoints"
)
# The options of `make html`: warnings are errors, all reported, nitpicky, one process per core.
SPHINX_OPTIONS = ("-b", "html", "-W", "--keep-going", "-n", "-j", "auto")
BUILD_TIMEOUT_SECONDS = 45 * 60


@dataclass(frozen=True)
class SiteBuild:
    """The outcome of one ``sphinx-build`` run."""

    html_dir: Path
    returncode: int
    log: str  # stdout and stderr, interleaved
    warnings: str  # what Sphinx itself reported as warnings or errors (-w)


def source_date_epoch() -> str:
    """The last commit's time, as the Makefile exports it, so builds stamp the same dates."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return os.environ["SOURCE_DATE_EPOCH"]
    result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
    return result.stdout.strip() or "0"


def build_site(workdir: Path) -> SiteBuild:
    """Copy the build's inputs into ``workdir`` and build the site there, as ``make html`` does."""
    tree = workdir / "tree"
    for name in BUILD_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=GENERATED)
        else:
            tree.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, tree / name)
    html_dir = workdir / "html"
    warnings_file = workdir / "sphinx-warnings.txt"
    # Served from the root by `site_server`, whatever a CI host would set.
    env = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch(), "TF_CPP_MIN_LOG_LEVEL": "2", "SITE_ROOT": "/"}
    command = [sys.executable, "-m", "sphinx", "-c", ".", "docs", str(html_dir), *SPHINX_OPTIONS, "-w", str(warnings_file)]
    result = subprocess.run(
        command,
        cwd=tree,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=BUILD_TIMEOUT_SECONDS,
    )
    warnings = warnings_file.read_text(encoding="utf-8") if warnings_file.exists() else ""
    return SiteBuild(html_dir=html_dir, returncode=result.returncode, log=result.stdout, warnings=warnings)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> SiteBuild:
    """The whole site, built once per session with every example executed."""
    build = build_site(tmp_path_factory.mktemp("site"))
    if not (build.html_dir / "index.html").exists():
        pytest.fail(f"the site did not build (exit code {build.returncode}); end of the log:\n{build.log[-6000:]}")
    return build


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="session")
def site_server(built_site):
    """Serve the built site on 127.0.0.1; yields its base URL, without a trailing slash.

    ``f"{site_server}/concepts/index.html"`` is a page's address.
    """
    handler = functools.partial(_QuietHandler, directory=str(built_site.html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
