"""The finishing pass (src/workshop_site/finishing/passes.py) on a fixed folder of pages, tests/fixtures/finished-site.

No Sphinx build: the pass reads and writes finished HTML only, so it is
checked here on three small pages whose every touch is known.
"""

from __future__ import annotations

import shutil
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from workshop_site.finishing import csp, passes

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "finished-site"


@pytest.fixture()
def site(tmp_path) -> Path:
    folder = tmp_path / "site"
    shutil.copytree(FIXTURE, folder)
    return folder


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _policy(soup: BeautifulSoup) -> dict[str, list[str]]:
    content = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    return {part.split()[0]: part.split()[1:] for part in content.split("; ")}


def test_every_code_block_takes_keyboard_focus_and_one_that_says_how_keeps_it(site):
    passes.finish_folder(site)
    blocks = _soup(site / "index.html").find_all("pre")

    assert [pre["tabindex"] for pre in blocks] == ["0", "-1"]


def test_images_after_the_first_and_every_thumbnail_load_lazily(site):
    passes.finish_folder(site)
    loading = {img["src"]: img.get("loading") for img in _soup(site / "index.html").find_all("img")}

    assert loading == {
        "_images/hero.png": None,  # the first figure: on the first screen
        "_images/thumb.png": "lazy",
        "_images/second.png": "lazy",
        "_images/eager.png": "eager",  # an image that says how to load is left alone
    }


def test_the_formulas_characters_are_gathered_from_every_page(site):
    characters = passes.finish_folder(site)

    assert characters == "".join(sorted(set("x\u2032=\u03c3y=2")))


def test_every_page_gets_a_policy_with_the_hashes_of_its_final_inline_code(site):
    passes.finish_folder(site)
    index = _soup(site / "index.html")
    policy = _policy(index)

    assert csp.source_hash('document.body.dataset.theme = "auto";') in policy["script-src"]
    assert csp.source_hash("body { margin: 0; }") in policy["style-src"]
    # The style attributes became classes, ruled in one block that is itself hashed.
    block = index.find("style", id=csp.STYLE_BLOCK_ID)
    assert block is not None and csp.source_hash(block.string) in policy["style-src"]
    assert not index.select("body [style]") and index.svg["class"][0].startswith(csp.CLASS_PREFIX)
    formulas = _soup(site / "concepts" / "formulas.html")
    assert "indextable" in formulas.table["class"] and not formulas.select("[style]")
    assert _policy(formulas)["object-src"] == ["'none'"]


def test_a_second_pass_changes_no_byte_and_writes_no_file(site):
    passes.finish_folder(site)
    pages = sorted(site.rglob("*.html"))
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in pages}

    passes.finish_folder(site)

    assert {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in pages} == before


def test_scripts_are_minified_and_each_page_names_the_bytes_served(site):
    passes.finish_folder(site)
    served = (site / "_static" / "a.js").read_bytes()
    scripts = [script["src"] for script in _soup(site / "index.html").find_all("script", src=True)]

    assert b"//" not in served and len(served) < len((FIXTURE / "_static" / "a.js").read_bytes())
    assert scripts == [f"_static/a.js?v={zlib.crc32(served):08x}", "https://example.org/b.js?v=1"]
    # A root-absolute URL (the 404 page's), under whatever path the site is served from.
    [absolute] = _soup(site / "concepts" / "formulas.html").find_all("script", src=True)
    assert absolute["src"] == f"/site/_static/a.js?v={zlib.crc32(served):08x}"


def test_files_under_static_are_no_pages_and_stay_as_they_are(site):
    passes.finish_folder(site)

    assert (site / "_static" / "not-a-page.html").read_bytes() == (FIXTURE / "_static" / "not-a-page.html").read_bytes()


def test_text_and_data_keep_their_characters(site):
    passes.finish_folder(site)
    html = (site / "index.html").read_text(encoding="utf-8")

    assert '&lt;div style="kept as text"&gt;' in html
    assert '{"a": "<b style=\\"x\\">"}' in html
    assert "\u03c3" in (site / "concepts" / "formulas.html").read_text(encoding="utf-8")  # not an entity


def test_an_inline_handler_fails_naming_the_page(site):
    page = site / "concepts" / "formulas.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<p>", '<p onclick="go()">', 1), encoding="utf-8")

    with pytest.raises(csp.UnsafeMarkupError, match=r"concepts/formulas\.html.*attach the handler from a script file"):
        passes.finish_folder(site)


@pytest.mark.build
def test_every_page_of_the_built_site_names_its_assets_by_the_bytes_served(built_site):
    # Furo writes pygments.css when the build finishes; the pass must come after it. The 404
    # page's URLs start from the site's root.
    html_dir = Path(built_site.html_dir)
    stale = []
    for page in sorted(html_dir.rglob("*.html")):
        if "_static" in page.relative_to(html_dir).parts:
            continue
        soup = _soup(page)
        for url in [link["href"] for link in soup.find_all("link", href=True)] + [s["src"] for s in soup.find_all("script", src=True)]:
            path, _, query = url.partition("?v=")
            served = passes.served_file(path, page.parent, html_dir) if query and "://" not in url else None
            if served is not None and query != passes.checksum(served):
                stale.append(f"{page.relative_to(html_dir)}: {url}")
    assert stale == []


@pytest.mark.build
def test_finishing_the_built_site_again_changes_nothing(built_site, tmp_path):
    copy = tmp_path / "html"
    shutil.copytree(built_site.html_dir, copy)
    passes.finish_folder(copy)
    changed = [str(path.relative_to(copy)) for path in sorted(copy.rglob("*")) if path.is_file()
               and path.read_bytes() != (Path(built_site.html_dir) / path.relative_to(copy)).read_bytes()]
    assert changed == []
