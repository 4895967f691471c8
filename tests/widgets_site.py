"""Helpers for the widget browser tests: the offline Chromium launcher, the
request guard that every browser test uses, and a small sphinx-build runner
for building throwaway sites (the real site comes from tests/conftest.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("WIDGETS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class BuildResult:
    html_dir: Path
    returncode: int
    log: str


def build_site(out_dir: Path, src_dir: Path = ROOT / "docs", conf_dir: Path = ROOT) -> BuildResult:
    """Run sphinx-build (warnings are errors) and return where the HTML went."""
    command = [sys.executable, "-m", "sphinx", "-c", str(conf_dir), str(src_dir), str(out_dir),
               "-b", "html", "-W", "--keep-going", "-n", "-q"]
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, timeout=900)
    return BuildResult(out_dir, done.returncode, done.stdout + done.stderr)


@dataclass
class PageWatch:
    """What went wrong while a page was open: console errors, script errors, off-site requests."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    offsite_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"request leaving the site: {u}" for u in self.offsite_requests]
        )


def guard(page) -> PageWatch:
    """Abort (and record) every request that is not for 127.0.0.1; record errors."""
    watch = PageWatch()

    def route(route_):
        url = route_.request.url
        if urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route_.continue_()
        else:
            watch.offsite_requests.append(url)
            route_.abort()

    page.route("**/*", route)
    page.on("console", lambda message: message.type == "error" and watch.console_errors.append(message.text))
    page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    return watch
