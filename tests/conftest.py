"""Fixtures shared by the site tests: one full build of the site (and a second one, in the
background, for the reproducibility test), a local server for it, and one Chromium.

``built_site`` and ``site_server`` are shared by every test that reads the site
(the build tests, the browser tests): the site is built once per test session,
with every example executed, exactly as ``make html`` builds it. ``make test``
runs the session on two workers (pytest-xdist): the first worker to start
starts both builds, into a folder every worker sees, and every worker waits
for the same files. The tools themselves live in src/site_harness/, which
the benchmarks share.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import settings

from playground_reference import keras_runs_command
from site_harness import ROOT
from site_harness.background import BackgroundRun, wait_for_exit
from site_harness.browser import CHROMIUM, CHROMIUM_ARGS
from site_harness.build import SiteBuild, inputs_digest, read_stamp, start_site_build, wait_for_build
from site_harness.serve import serve

# Property tests draw the same examples on every run (seeded from each test's
# source), so a run of the same commit passes or fails the same way; a failure
# prints the example and the blob that reproduces it.
settings.register_profile("reproducible", derandomize=True, print_blob=True)
settings.load_profile("reproducible")

# The test that compares two clean builds (tests/test_site_build.py).
REPRODUCIBILITY_TEST = "test_a_second_clean_build_gives_byte_identical_figures"
# The second build runs beside the rest of the session at this lower CPU
# priority: it fills the time that single-threaded tests, page loads and the
# first build's quieter moments leave idle, instead of running alone at the end.
SECOND_BUILD_NICENESS = 10
# Where `make html` builds the site.
MAKE_HTML_OUTPUT = ROOT / "_build" / "html"


def pytest_collection_modifyitems(config, items):
    """The longest tests first, so that the workers end together (the order of the rest is kept).

    First the slow tests that need no site (the examples run standalone, Keras's
    reference runs): they run while the site builds. Then the slow tests of the
    built site, then its other tests. Last the quick unit tests, which fill
    whatever the other workers leave.
    """
    def rank(item) -> int:
        slow, build = item.get_closest_marker("slow"), item.get_closest_marker("build")
        return (0 if slow else 3) if not build else (1 if slow else 2)

    items.sort(key=rank)


@pytest.fixture(scope="session")
def shared_dir(tmp_path_factory) -> Path:
    """A folder every worker of this test session sees, for what they share (builds, references, servers).

    pytest-xdist gives each worker a temporary folder of its own inside the session's.
    """
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _needs(items, test_name: str | None = None, marker: str | None = None) -> bool:
    return any((test_name is None or getattr(item, "originalname", item.name) == test_name)
               and (marker is None or item.get_closest_marker(marker)) for item in items)


def make_html_build_is_reusable() -> bool:
    """Whether ``make html``'s site is, by its stamp, a clean build of the sources as they are now.

    After ``make html`` on a fresh clone, that build is a second clean build to compare
    with: reusing it spares ``make test`` one whole build.
    """
    stamp = read_stamp(MAKE_HTML_OUTPUT)
    return bool(stamp and stamp["clean"] and stamp["examples_run"] and stamp["inputs"] == inputs_digest(ROOT))


@pytest.fixture(scope="session", autouse=True)
def _site_builds(request, shared_dir):
    """Start the builds this session needs as soon as it starts; yields where each one is.

    The first worker to get here starts them and writes down where they build
    (``builds.json``): every worker then waits for the same ones. Whoever started
    a build waits for it before its session ends, as another worker may still need it.
    """
    items = request.session.items
    if not _needs(items, marker="build"):
        yield None
        return
    shared, started = shared_dir, []
    with FileLock(shared / "builds.lock"):
        if not (shared / "builds.json").exists():
            builds = {"site": str(shared / "site" / "html")}
            started.append(start_site_build(shared / "site"))
            if _needs(items, test_name=REPRODUCIBILITY_TEST):
                if make_html_build_is_reusable():
                    builds["second"], builds["second_reused"] = str(MAKE_HTML_OUTPUT), True
                else:
                    builds["second"], builds["second_reused"] = str(shared / "site-again" / "html"), False
                    started.append(start_site_build(shared / "site-again", niceness=SECOND_BUILD_NICENESS))
            (shared / "builds.json").write_text(json.dumps(builds), encoding="utf-8")
        builds = json.loads((shared / "builds.json").read_text(encoding="utf-8"))
    try:
        yield builds
        for run in started:
            run.wait()
    finally:
        for run in started:
            run.stop()


@pytest.fixture(scope="session")
def built_site(_site_builds) -> SiteBuild:
    """The whole site, built once per session with every example executed."""
    build = wait_for_build(Path(_site_builds["site"]))
    if not (build.html_dir / "index.html").exists():
        pytest.fail(f"the site did not build (exit code {build.returncode}); end of the log:\n{build.log[-6000:]}")
    return build


@pytest.fixture(scope="session")
def site_server(built_site):
    """Serve the built site on 127.0.0.1; yields its base URL, without a trailing slash.

    ``f"{site_server}/concepts/index.html"`` is a page's address.
    """
    with serve(built_site.html_dir) as url:
        yield url


@pytest.fixture(scope="session")
def second_built_site(_site_builds) -> SiteBuild:
    """Another clean build of the same sources, to compare with ``built_site``: ``make html``'s, if it is one."""
    if _site_builds["second_reused"]:
        return SiteBuild(html_dir=Path(_site_builds["second"]), returncode=0, log="")
    return wait_for_build(Path(_site_builds["second"]))


# Expensive references that tests compare with, by name (the tests' ``reference`` marker):
# the function that gives the command printing each one as JSON. The first worker starts
# every one the session needs as the session starts, beside the site build, so that no
# test waits for one at the end.
REFERENCES = {"playground-keras-runs": keras_runs_command}


def _reference_files(shared: Path, name: str) -> dict[str, Path]:
    return {kind: shared / f"reference-{name}-{kind}.txt" for kind in ("log", "err", "exit")}


@pytest.fixture(scope="session", autouse=True)
def _references(request, shared_dir):
    """Start the references this session's tests name (``@pytest.mark.reference(name)``), once for all workers."""
    names = sorted({marker.args[0] for item in request.session.items for marker in item.iter_markers("reference")})
    unknown = [name for name in names if name not in REFERENCES]
    if unknown:
        pytest.fail(f"no command computes the reference(s) {unknown}; conftest.REFERENCES knows {sorted(REFERENCES)}")
    shared, started = shared_dir, []
    with FileLock(shared / "references.lock"):
        for name in names:
            files = _reference_files(shared, name)
            if not files["log"].exists():
                command, env = REFERENCES[name]()
                started.append(BackgroundRun(command, files, cwd=ROOT, env=env))
    try:
        yield
        for run in started:
            run.wait()
    finally:
        for run in started:
            run.stop()


@pytest.fixture(scope="session")
def reference(shared_dir) -> Callable[[str], object]:
    """``reference(name)``: what the reference's command printed (the last line of its output, JSON), once it has ended.

    The test that calls it needs ``@pytest.mark.reference(name)``, which starts it with the session.
    """
    shared = shared_dir

    def get(name: str) -> object:
        files = _reference_files(shared, name)
        if not files["log"].exists():
            pytest.fail(f"the reference {name!r} was not started: mark the test @pytest.mark.reference({name!r})")
        returncode = wait_for_exit(files)
        assert returncode == 0, f"the reference {name!r} failed:\n{files['err'].read_text(encoding='utf-8')[-4000:]}"
        return json.loads(files["log"].read_text(encoding="utf-8").strip().splitlines()[-1])

    return get


@pytest.fixture(scope="session")
def browser():
    """The one Chromium of the test session (of each worker), for every browser test.

    Playwright's sync API allows one instance per thread: a second
    ``sync_playwright()`` while this one runs fails ("Sync API inside the
    asyncio loop"), so no test starts its own.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
