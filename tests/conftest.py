"""Fixtures shared by the site tests: one full build of the site (and a second one, in the
background, for the reproducibility test), and a local server for it.

``built_site`` and ``site_server`` are shared by every test that reads the site
(the build tests, the widgets' browser tests): the site is built once per test
session, with every example executed, exactly as ``make html`` builds it. The
tools themselves live in tests/site_support.py, which the benchmarks share.
"""

from __future__ import annotations

import pytest
from hypothesis import settings

from site_support import CHROMIUM, CHROMIUM_ARGS, ROOT, SiteBuild, build_site, serve, start_site_build

__all__ = ["ROOT"]  # test modules import the repository's root from here

# Property tests draw the same examples on every run (seeded from each test's
# source), so a run of the same commit passes or fails the same way; a failure
# prints the example and the blob that reproduces it.
settings.register_profile("reproducible", derandomize=True, print_blob=True)
settings.load_profile("reproducible")

# The test that compares two clean builds (tests/test_site_build.py).
REPRODUCIBILITY_TEST = "test_a_second_clean_build_gives_byte_identical_figures"
# The second build runs beside the rest of the session at this lower CPU
# priority: it fills the core that single-threaded tests, page loads and the
# first build's quieter moments leave idle, instead of running alone at the end.
SECOND_BUILD_NICENESS = 10


@pytest.fixture(scope="session")
def _second_build_in_background(request, tmp_path_factory):
    """The reproducibility test's build, started with the first one when the session will run that test."""
    wanted = any(getattr(item, "originalname", item.name) == REPRODUCIBILITY_TEST for item in request.session.items)
    run = start_site_build(tmp_path_factory.mktemp("site-again"), niceness=SECOND_BUILD_NICENESS) if wanted else None
    yield run
    if run is not None:
        run.stop()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, _second_build_in_background) -> SiteBuild:
    """The whole site, built once per session with every example executed."""
    build = build_site(tmp_path_factory.mktemp("site"))
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
def second_built_site(_second_build_in_background, tmp_path_factory) -> SiteBuild:
    """Another clean build of the same sources, to compare with ``built_site``."""
    if _second_build_in_background is None:
        return build_site(tmp_path_factory.mktemp("site-again"))
    return _second_build_in_background.wait()


@pytest.fixture(scope="session")
def browser():
    """The one Chromium of the test session, for every browser test.

    Playwright's sync API allows one instance per thread: a second
    ``sync_playwright()`` while this one runs fails ("Sync API inside the
    asyncio loop"), so no test starts its own.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
