"""site_harness, which the tests and the benchmarks share: page URLs, Chromium, the server, Node."""

from __future__ import annotations

import gzip
import urllib.request
from pathlib import Path

import pytest

from site_harness import browser
from site_harness.browser import find_chromium
from site_harness.pages import is_external, parse_page
from site_harness.serve import serve

PAGE = """<html><head>
<link rel="prefetch" href="https://cdn.example.org/next.js">
<link rel="canonical" href="https://example.org/page.html">
<style>@import "//fonts.example.org/f.css"; .x { background: url(https://img.example.org/bg.png) }</style>
</head><body>
<img src="_images/a.png" srcset="_images/a-2x.png 2x, https://img.example.org/a-3x.png 3x" alt="">
<div style="background: url('//img.example.org/d.png')"></div>
<video src="clip.mp4" poster="poster.png"></video>
<a href="https://example.org/read-more">a link a reader may follow</a>
</body></html>"""


def test_fetched_urls_include_prefetch_srcset_media_and_css_in_styles_but_not_links():
    found = parse_page(PAGE)

    assert [url for url in found.fetched if is_external(url)] == [
        "https://cdn.example.org/next.js",
        "https://img.example.org/bg.png",
        "//fonts.example.org/f.css",
        "https://img.example.org/a-3x.png",
        "//img.example.org/d.png",
    ]
    assert found.figures == ["_images/a.png", "poster.png"]  # what the page weight counts apart
    assert not is_external("data:image/png;base64,AA") and not is_external("../_static/x.css")


def test_chromium_comes_from_chrome_path_when_set(monkeypatch, tmp_path):
    browser = tmp_path / "my-chromium"
    browser.write_text("", encoding="utf-8")
    monkeypatch.setenv("CHROME_PATH", str(browser))
    assert find_chromium() == str(browser)

    monkeypatch.setenv("CHROME_PATH", str(tmp_path / "missing"))
    assert find_chromium() is None  # a wrong setting is not silently replaced by another browser
    assert find_chromium(full_browser=True) is None


def _fake_browsers(folder: Path, names: list[str]) -> None:
    folder.mkdir()
    for name in names:
        (folder / name).write_text("#!/bin/sh\n", encoding="utf-8")
        (folder / name).chmod(0o755)


def test_the_tests_take_the_headless_shell_and_lighthouse_the_full_browser(monkeypatch, tmp_path):
    monkeypatch.delenv("CHROME_PATH", raising=False)
    monkeypatch.setattr(browser, "HEADLESS_SHELL_CANDIDATES", ("chromium-headless-shell",))
    monkeypatch.setattr(browser, "BROWSER_CANDIDATES", ("chromium",))
    _fake_browsers(tmp_path / "both", ["chromium", "chromium-headless-shell"])
    monkeypatch.setenv("PATH", str(tmp_path / "both"))
    assert find_chromium() == str(tmp_path / "both" / "chromium-headless-shell")
    assert find_chromium(full_browser=True) == str(tmp_path / "both" / "chromium")

    _fake_browsers(tmp_path / "full-only", ["chromium"])
    monkeypatch.setenv("PATH", str(tmp_path / "full-only"))
    assert find_chromium() == str(tmp_path / "full-only" / "chromium")  # slower, still Chromium

    _fake_browsers(tmp_path / "shell-only", ["chromium-headless-shell"])
    monkeypatch.setenv("PATH", str(tmp_path / "shell-only"))
    assert find_chromium(full_browser=True) is None  # Lighthouse's scores are made for the full browser


def test_serve_gives_a_folder_on_localhost_and_stops(tmp_path):
    (tmp_path / "index.html").write_text("<p>hello</p>", encoding="utf-8")

    with serve(tmp_path) as url:
        assert url.startswith("http://127.0.0.1:") and not url.endswith("/")
        with urllib.request.urlopen(f"{url}/index.html", timeout=10) as response:
            assert response.read() == b"<p>hello</p>"
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{url}/index.html", timeout=2)


def _get(url: str, *, accept_gzip: bool) -> tuple[str | None, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if accept_gzip else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get("Content-Encoding"), response.read()


def test_serve_compresses_text_as_the_hosts_do_only_when_asked_and_accepted(tmp_path):
    page, picture = "<p>hello</p>" * 100, bytes(range(256)) * 4
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "figure.png").write_bytes(picture)

    with serve(tmp_path, compress=True) as url:
        encoding, body = _get(f"{url}/index.html", accept_gzip=True)
        assert encoding == "gzip" and len(body) < len(page) and gzip.decompress(body) == page.encode()
        assert _get(f"{url}/index.html", accept_gzip=False) == (None, page.encode())
        assert _get(f"{url}/figure.png", accept_gzip=True) == (None, picture)  # already compressed
        with pytest.raises(urllib.error.HTTPError, match="404"):
            _get(f"{url}/missing.html", accept_gzip=True)
    with serve(tmp_path) as url:
        assert _get(f"{url}/index.html", accept_gzip=True) == (None, page.encode())


@pytest.mark.browser
def test_the_shared_chromium_opens_a_served_page_and_the_guard_blocks_other_hosts(tmp_path, browser):
    from site_harness.browser import guard

    (tmp_path / "index.html").write_text(
        "<title>t</title><p id='p'>hello</p><img src='https://cdn.example.org/x.png' alt=''>", encoding="utf-8")
    with serve(tmp_path) as url:
        context = browser.new_context()
        try:
            page = context.new_page()
            watch = guard(page)
            page.goto(f"{url}/index.html")
            page.wait_for_load_state("load")
            assert page.locator("#p").inner_text() == "hello"
        finally:
            context.close()
    assert watch.offsite_requests == ["https://cdn.example.org/x.png"]
