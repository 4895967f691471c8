"""Chromium for the tests and the benchmarks: which one, launched how, and a watch on what a page does wrong."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

# The one variable that points the tests and the benchmarks at a browser; it is
# also the one Lighthouse's chrome-launcher reads.
CHROMIUM_VARIABLE = "CHROME_PATH"
# What the tests drive: Chromium's headless shell (Debian's chromium-headless-shell), the
# same Blink without the full browser's window layer, and the browser Playwright itself
# launches for headless runs. It does the tests' work for about half the full browser's CPU.
HEADLESS_SHELL_CANDIDATES = ("/usr/bin/chromium-headless-shell", "chromium-headless-shell", "chrome-headless-shell")
# The full browser: Lighthouse runs it in its new headless mode, the mode its scores
# are made for; the tests fall back to it when the headless shell is not installed.
BROWSER_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Offline and quiet: no sandbox (containers), no GPU, nothing fetched in the background,
# and no host but 127.0.0.1: any other name fails to resolve, so no request leaves the machine.
CHROMIUM_ARGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium(*, full_browser: bool = False) -> str | None:
    """``$CHROME_PATH`` if set (None if it names nothing), else the first Chromium found.

    The headless shell comes first unless ``full_browser`` is asked for (Lighthouse).
    """
    if os.environ.get(CHROMIUM_VARIABLE):
        path = os.environ[CHROMIUM_VARIABLE]
        return path if Path(path).exists() or shutil.which(path) else None
    candidates = BROWSER_CANDIDATES if full_browser else HEADLESS_SHELL_CANDIDATES + BROWSER_CANDIDATES
    return next((found for candidate in candidates if (found := shutil.which(candidate))), None)


# What the browser tests launch: a $CHROME_PATH that names nothing is launched
# as it is, so that the error names it, rather than quietly taking another browser.
CHROMIUM = os.environ.get(CHROMIUM_VARIABLE) or find_chromium() or HEADLESS_SHELL_CANDIDATES[0]


# --- Watching a page in the browser -----------------------------------------------


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
    """Record every request that is not for 127.0.0.1 (the browser itself refuses them: CHROMIUM_ARGS); record errors.

    Recorded from the page's request events rather than stopped by a Playwright
    route: a route sends every request through Playwright and back before it
    may go, and switches the browser's HTTP cache off, so that every page of a
    walk fetched and compiled the site's scripts and stylesheets anew.
    """
    watch = PageWatch()

    def record(request):
        url = request.url
        if not (urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:"))):
            watch.offsite_requests.append(url)

    page.on("request", record)
    page.on("console", lambda message: message.type == "error" and watch.console_errors.append(message.text))
    page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    return watch


