"""Helpers for the widget browser tests: a stand-in site build and server.

Used only when the shared ``built_site`` / ``site_server`` fixtures
(tests/conftest.py, site branch) are not available, so that
``pytest tests/test_widgets_browser.py`` runs on its own. Also the offline
Chromium launcher and the request guard that every browser test uses.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from contextlib import contextmanager
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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 at a free port; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


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
