"""What the tests and the benchmarks share: building the site, serving it, finding
Chromium, watching a page in it, and reading the URLs a built page loads.

``tests/`` imports it directly (pytest puts this folder on ``sys.path``);
``benchmarks/`` puts this folder on ``sys.path`` first. One copy, so the
tests and the benchmarks cannot drift apart (they did once: the benchmark's
list of fetching link relations lacked ``prefetch``).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[1]
MAKEFILE = ROOT / "Makefile"

# --- Sphinx: the options of `make html`, read from the Makefile ------------------


def concept_pages() -> list[str]:
    """The concept pages in reading order: the toctree of docs/concepts/index.md (the front page lists the same)."""
    text = (ROOT / "docs" / "concepts" / "index.md").read_text(encoding="utf-8")
    toctree = re.search(r"```\{toctree\}\n(.*?)```", text, re.DOTALL)[1]
    return [line.strip() for line in toctree.splitlines() if line.strip() and not line.startswith(":")]


def makefile_variable(name: str, makefile: Path = MAKEFILE) -> str:
    """The value the Makefile gives ``name`` (``NAME ?= value`` or ``NAME := value``)."""
    pattern = re.compile(rf"^{re.escape(name)}\s*[?:]?=\s*(.*)$", re.MULTILINE)
    match = pattern.search(makefile.read_text(encoding="utf-8"))
    if match is None:
        raise LookupError(f"{makefile} no longer sets {name}; tests/site_support.py reads the build's options from it")
    return match.group(1).strip()


# The options of `make html` (warnings are errors, all reported, nitpicky, one
# process per core): the Makefile is the one place they are written.
SPHINX_OPTIONS = ("-b", "html", *shlex.split(makefile_variable("SPHINXOPTS")))
# What the build reads, and what it writes among its inputs: the build's own
# stamp (docs/_ext/build_stamp.py) keeps the one list. The build writes generated
# pages into docs/ (the gallery's auto_examples), so the test build runs on a
# copy: the working tree stays untouched, and no example is skipped because an
# earlier build ran it.
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from build_stamp import GENERATED as GENERATED_NAMES, INPUTS as BUILD_INPUTS, inputs_digest, read_stamp  # noqa: E402

GENERATED = shutil.ignore_patterns(*GENERATED_NAMES)
BUILD_TIMEOUT_SECONDS = 45 * 60
# For Python processes a test starts only to see that a script runs or how Keras trains
# (never to compare printed numbers with the site's): one TensorFlow thread each. They
# run beside other tests, where TensorFlow's idle threads spin for nothing (a fifth
# of an example's CPU time, measured on plot_06 and plot_11).
ONE_TENSORFLOW_THREAD = {"TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1"}


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


class BackgroundRun:
    """A command running in the background, its output to ``files["log"]`` and, once it ends, its exit code to ``files["exit"]``.

    Its output goes to a file (a pipe nobody reads would fill and stall it), and
    the exit code to another, so that any process can wait for it
    (:func:`wait_for_exit`): the test workers share the runs one of them started.
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

    def wait(self, timeout: float = BUILD_TIMEOUT_SECONDS) -> int:
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


def wait_for_exit(files: dict[str, Path], timeout: float = BUILD_TIMEOUT_SECONDS) -> int:
    """The exit code of a :class:`BackgroundRun` writing ``files`` (started by this process or another), once it has ended."""
    deadline = time.monotonic() + timeout
    while not (files["exit"].exists() and files["exit"].read_text(encoding="utf-8").strip()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{files['log']}'s command did not end within {timeout:.0f} s")
        time.sleep(0.5)
    return int(files["exit"].read_text(encoding="utf-8"))


class SphinxRun(BackgroundRun):
    """A ``sphinx-build`` running in the background; ``wait()`` gives its :class:`SiteBuild`."""

    def __init__(self, out_dir: Path, *, src_dir: Path, conf_dir: Path | None, options, cwd: Path,
                 env: dict[str, str] | None = None, niceness: int = 0) -> None:
        self.out_dir = Path(out_dir)
        files = _build_files(self.out_dir)
        command = _sphinx_command(src_dir, self.out_dir, conf_dir, options, files["warnings"])
        super().__init__(command, {"log": files["log"], "exit": files["exit"]}, cwd=cwd,
                         env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", **(env or {})}, niceness=niceness)

    def wait(self, timeout: float = BUILD_TIMEOUT_SECONDS) -> SiteBuild:
        super().wait(timeout)
        return wait_for_build(self.out_dir, timeout=60)


def _lower_priority(niceness: int) -> None:
    """Run this new session (a build's) at ``niceness``, against the other sessions too.

    With Linux's autogroup scheduling (on by default on desktops and many servers), the
    CPU is shared between sessions first: a niced process in a session of its own
    would still get its session's full share, so the session's autogroup is niced as well.
    """
    os.nice(niceness)
    with contextlib.suppress(OSError):  # no autogroups on this kernel
        Path("/proc/self/autogroup").write_text(str(niceness), encoding="ascii")


def _build_files(out_dir: Path) -> dict[str, Path]:
    """Where a build into ``out_dir`` writes its log, its warnings and, once it has ended, its exit code."""
    return {kind: out_dir.parent / f"{out_dir.name}-{kind}.txt" for kind in ("log", "warnings", "exit")}


def wait_for_build(out_dir: Path, timeout: float = BUILD_TIMEOUT_SECONDS) -> SiteBuild:
    """The :class:`SiteBuild` of a build into ``out_dir`` (started by this process or another), once it has ended."""
    files = _build_files(Path(out_dir))
    returncode = wait_for_exit(files, timeout)
    read = lambda path: path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""  # noqa: E731
    return SiteBuild(html_dir=Path(out_dir), returncode=returncode, log=read(files["log"]), warnings=read(files["warnings"]))


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
    return SphinxRun(workdir / "html", src_dir=Path("docs"), conf_dir=Path("."), options=SPHINX_OPTIONS,
                     cwd=tree, env=env, niceness=niceness)


def build_site(workdir: Path) -> SiteBuild:
    """The site built in ``workdir`` from a copy of its inputs, exactly as ``make html`` builds it."""
    return start_site_build(workdir).wait()


# --- Serving a built site ---------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


# What static hosts (GitHub Pages, Read the Docs) send gzip-compressed to a browser that
# accepts it: text, never images or fonts (PNG and WOFF2 are compressed already).
COMPRESSED_SUFFIXES = frozenset({".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".map"})
GZIP_LEVEL = 6  # zlib's default, and what nginx-style hosts use by default or below


class _CompressingHandler(_QuietHandler):
    """Serves text files gzip-compressed when the request accepts gzip, as the site's hosts do."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSED_SUFFIXES):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)
        self.send_response(http.HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(directory: Path, *, compress: bool = False) -> Iterator[str]:
    """A static server for ``directory`` on 127.0.0.1; yields its base URL, without a trailing slash.

    ``f"{url}/concepts/index.html"`` is a page's address. ``compress=True`` sends
    text gzip-compressed to a browser that accepts it, as the site's hosts do;
    by default every file goes as it is on disk.
    """
    handler = functools.partial(_CompressingHandler if compress else _QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --- Chromium ---------------------------------------------------------------------

# The one variable that points the tests and the benchmarks at a browser; it is
# also the one Lighthouse's chrome-launcher reads.
CHROMIUM_VARIABLE = "CHROME_PATH"
# What the tests drive: Chromium's headless shell (Debian's chromium-headless-shell), the
# same Blink without the full browser's window layer, and the browser Playwright itself
# launches for headless runs. Measured on make test (2 cores): Chromium's processes took
# 108 CPU-s with it against 214 with the full browser, and the suite 4 min 6 s against 5 min 9 s.
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


# --- The URLs a built page loads --------------------------------------------------

# <link rel=...> values that make the browser fetch the linked file.
FETCHING_LINK_RELS = frozenset(
    {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch", "modulepreload", "manifest", "mask-icon"}
)
CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")
CSS_IMPORT = re.compile(r"@import\s+(['\"])([^'\"]+)\1")
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
# Elements whose src (and srcset) is media the page shows.
MEDIA_TAGS = {"img", "iframe", "source", "video", "audio", "track", "embed"}


@dataclass
class PageResources:
    """The URLs one HTML page references, as written in it."""

    base: str | None = None
    own: list[str] = field(default_factory=list)  # scripts, stylesheets, icons
    stylesheets: list[str] = field(default_factory=list)  # a subset of own, to read for url()
    figures: list[str] = field(default_factory=list)  # img src, object data, embed src, video poster
    other: list[str] = field(default_factory=list)  # srcset candidates, other media, url() in style attributes and <style>

    @property
    def fetched(self) -> list[str]:
        """Every URL the browser may load to display the page (not the links a reader may follow)."""
        return self.own + self.figures + self.other


class _ResourceParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = PageResources()
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        found = self.found
        if attributes.get("style"):
            found.other += css_references(attributes["style"])
        if attributes.get("srcset"):
            found.other += [candidate.split()[0] for candidate in attributes["srcset"].split(",") if candidate.strip()]
        src = attributes.get("src")
        if tag == "base" and attributes.get("href") and found.base is None:
            found.base = attributes["href"]
        elif tag == "script" and src:
            found.own.append(src)
        elif tag == "link" and attributes.get("href"):
            rels = set(attributes.get("rel", "").lower().split())
            if rels & FETCHING_LINK_RELS:
                found.own.append(attributes["href"])
                if "stylesheet" in rels:
                    found.stylesheets.append(attributes["href"])
        elif (tag in ("img", "embed") or (tag == "input" and attributes.get("type", "").lower() == "image")) and src:
            found.figures.append(src)
        elif tag == "object" and attributes.get("data"):
            found.figures.append(attributes["data"])
        elif tag == "video" and attributes.get("poster"):
            found.figures.append(attributes["poster"])
            if src:
                found.other.append(src)
        elif tag in MEDIA_TAGS and src:
            found.other.append(src)
        elif tag == "style":
            self._in_style = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found.other += css_references(data)


def parse_page(html: str) -> PageResources:
    """The resources an HTML document references (external ones included)."""
    parser = _ResourceParser()
    parser.feed(html)
    parser.close()
    return parser.found


def css_references(css: str) -> list[str]:
    """The URLs a stylesheet loads: every ``url(...)`` and ``@import "..."``, comments ignored."""
    css = CSS_COMMENT.sub("", css)
    urls = [match.group(2).strip() for match in CSS_URL.finditer(css)]
    urls += [match.group(2).strip() for match in CSS_IMPORT.finditer(css)]
    return [url for url in urls if url]


def is_external(url: str) -> bool:
    """Whether ``url`` names another host (``https://...``, ``//host/...``); data: URLs are not."""
    parts = urlsplit(url)
    return bool(parts.scheme and parts.scheme != "data") or url.startswith("//")


def is_local(url: str) -> bool:
    """Whether ``url`` is a file of the site, rather than another host, inline data or a fragment."""
    parts = urlsplit(url)
    return not (parts.scheme or parts.netloc or url.startswith("#") or not parts.path)


def resolve(url: str, referrer: str, base: str | None = None) -> str | None:
    """The site-root-relative path ``url`` names when found in ``referrer`` (a site path), or None.

    Query strings (Sphinx's ``?v=hash``) and fragments are dropped; a URL that
    climbs above the site's root resolves to None.
    """
    if not is_local(url):
        return None
    page_url = "/" + referrer
    anchor = urljoin(page_url, base) if base else page_url
    path = unquote(urlsplit(urljoin(anchor, url)).path)
    if ".." in PurePosixPath(path).parts:
        return None
    return path.lstrip("/")
