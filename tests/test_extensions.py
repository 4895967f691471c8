"""The site's own Sphinx extension (src/workshop_site/), on a tiny site built in this process.

No example runs and no kernel starts: a notebook page carries its outputs
already (``nb_execution_mode = "off"``), so the whole module takes seconds and
runs in ``make test-fast``. The full build checks the same things on every
page (tests/test_site_build.py); these say which extension broke.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import nbformat
import numpy as np
import pytest
from bs4 import BeautifulSoup
from PIL import Image
from sphinx.testing.util import SphinxTestApp

from site_harness.pages import read_page
from workshop_site import internals
from workshop_site.finishing import passes
from workshop_site.steps.notebook_prerun import repair_jupyter_cache

CONF = """
extensions = ["myst_nb", "workshop_site"]
nb_execution_mode = "off"
html_theme = "basic"
exclude_patterns = ["_build"]
"""
INDEX = """# Tiny site

```{toctree}
:caption: Pages

prose
code
figure
```
"""


def _figure_png() -> bytes:
    """A plot-like RGB image: flat fills and a few colours, so it becomes a palette PNG."""
    pixels = np.full((60, 80, 3), 255, dtype=np.uint8)
    pixels[10:50, 10:20] = (31, 119, 180)
    pixels[30:50, 40:50] = (255, 127, 14)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG", compress_level=0)
    return buffer.getvalue()


def _notebook_with_a_figure() -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cell = nbformat.v4.new_code_cell("plot()")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "image/png": base64.b64encode(_figure_png()).decode(), "text/plain": "<Figure>"})]
    notebook.cells = [nbformat.v4.new_markdown_cell("# A figure"), cell]
    return notebook


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory):
    """The tiny site, built once: a prose page, a page with code, a notebook with a figure."""
    source = tmp_path_factory.mktemp("tiny-site")
    (source / "conf.py").write_text(CONF, encoding="utf-8")
    (source / "index.md").write_text(INDEX, encoding="utf-8")
    (source / "prose.md").write_text("# Prose\n\nNo code here.\n", encoding="utf-8")
    (source / "code.md").write_text("# Code\n\n```python\nprint('a line much wider than the column')\n```\n",
                                    encoding="utf-8")
    nbformat.write(_notebook_with_a_figure(), source / "figure.ipynb")
    app = SphinxTestApp("html", srcdir=source, builddir=source / "_build", freshenv=True)
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def _page(app, name: str) -> BeautifulSoup:
    return read_page(Path(app.outdir) / f"{name}.html")


def _assets(soup: BeautifulSoup) -> list[str]:
    return [tag["href"] for tag in soup.find_all("link", rel="stylesheet")] + [
        tag["src"] for tag in soup.find_all("script", src=True)]


def test_the_tiny_site_builds_without_warnings(tiny_site):
    assert tiny_site.statuscode == 0
    assert tiny_site.warning.getvalue() == ""


# --- a11y --------------------------------------------------------------------------


def test_a_toctree_caption_gets_the_aria_level_its_heading_role_needs(tiny_site):
    captions = _page(tiny_site, "index").select('[role="heading"]')

    assert captions and all(tag.get("aria-level") == "2" for tag in captions)


def test_every_code_block_takes_keyboard_focus(tiny_site):
    blocks = _page(tiny_site, "code").find_all("pre")

    assert blocks and all(pre.get("tabindex") == "0" for pre in blocks)


# --- page_assets ---------------------------------------------------------------------


def test_a_page_without_code_or_cells_loads_neither_highlighting_nor_notebook_css(tiny_site):
    assets = _assets(_page(tiny_site, "prose"))

    assert not [url for url in assets if "pygments" in url or "mystnb" in url]


def test_a_page_with_code_keeps_the_highlighting_css(tiny_site):
    assert any("pygments.css" in url for url in _assets(_page(tiny_site, "code")))


def test_a_notebook_page_loads_mystnb_core_css_without_the_ansi_colours(tiny_site):
    assets = _assets(_page(tiny_site, "figure"))

    assert any(url.startswith("_static/mystnb-core.css") for url in assets)
    assert not [url for url in assets if "mystnb-ansi" in url or ("mystnb." in url and "core" not in url)]
    assert (Path(tiny_site.outdir) / "_static" / "mystnb-ansi.css").is_file()


def test_the_highlighting_css_does_not_hold_the_first_paint_and_applies_without_javascript_too(tiny_site):
    page = _page(tiny_site, "code")
    late = [tag for tag in page.find_all("link", rel="stylesheet") if "pygments.css" in tag["href"]]
    fallback = page.select("noscript link[rel=stylesheet]")

    assert len(late) == 2 and late[0] in fallback  # the <noscript> copy comes first, in <head>
    assert late[1]["media"] == "print" and late[1]["data-late"] == "all"
    assert [tag for tag in page.find_all("script", src=True) if "late-css.js" in tag["src"] and tag.has_attr("defer")]
    assert not _page(tiny_site, "prose").select("noscript, [data-late]")


def test_images_after_a_page_s_first_load_lazily():
    soup = passes.parse('<p><img src="a.png"/></p><img alt="b" src="b.png"/><img loading="eager" src="c.png"/>')
    passes.lazy_images(soup)
    assert passes.serialise(soup) == (
        '<p><img src="a.png"></p><img alt="b" src="b.png" loading="lazy"><img loading="eager" src="c.png">'
    )


def test_the_built_scripts_and_stylesheets_are_minified_and_still_named_by_their_checksum(tiny_site):
    static = Path(tiny_site.outdir) / "_static"
    doctools = (static / "doctools.js").read_text(encoding="utf-8")
    pygments = (static / "pygments.css").read_text(encoding="utf-8")

    assert "\n\n" not in doctools and "/*" not in pygments and "\n" not in pygments.strip()
    page = (Path(tiny_site.outdir) / "code.html").read_text(encoding="utf-8")
    import zlib

    assert f"doctools.js?v={zlib.crc32(doctools.encode('utf-8')):08x}" in page  # the bytes the page loads


def test_core_scripts_are_deferred(tiny_site):
    scripts = _page(tiny_site, "prose").find_all("script", src=True)
    core = [tag for tag in scripts if any(name in tag["src"] for name in ("doctools.js", "sphinx_highlight.js"))]

    assert core and all(tag.has_attr("defer") for tag in core)


# --- png_optimiser ------------------------------------------------------------------


def test_a_notebook_figure_becomes_a_palette_png_in_mystnb_s_output_folder(tiny_site):
    outputs = Path(internals.mystnb_output_folder(tiny_site.env))
    figures = list(outputs.rglob("*.png"))

    assert outputs.name == "jupyter_execute" and len(figures) == 1
    with Image.open(figures[0]) as image:
        assert image.mode == "P" and "Software" not in image.info
    assert figures[0].stat().st_size < len(_figure_png())
    copied = Path(tiny_site.outdir) / "_images" / figures[0].name
    assert copied.read_bytes() == figures[0].read_bytes()


# --- internals ------------------------------------------------------------------------


def test_a_private_name_that_moved_stops_the_build_naming_the_package_and_version():
    with pytest.raises(internals.MovedInternalError) as error:
        internals.private_name("sphinx-gallery", "sphinx_gallery.scrapers", "_no_such_helper", used_by="a test")

    message = str(error.value)
    assert "sphinx-gallery 0." in message and "sphinx_gallery.scrapers._no_such_helper" in message
    assert "a test" in message and "requirements/constraints.txt" in message


def test_a_moved_comment_in_a_packaged_stylesheet_is_an_error_too():
    with pytest.raises(internals.MovedInternalError, match=r"myst-nb 1\.\S+ no longer has '/\* gone' in static/mystnb.css"):
        internals.private_text("myst-nb", "myst_nb", "static/mystnb.css", "/* gone", used_by="a test")


def test_every_private_name_the_build_uses_is_still_there():
    from workshop_site.finishing.page_assets import MYSTNB_ANSI_START

    internals.check_every_name()
    internals.mystnb_stylesheet(MYSTNB_ANSI_START)


def test_the_notebook_prerun_starts_before_sphinx_gallery_runs_the_examples(tmp_path):
    (tmp_path / "conf.py").write_text(
        'extensions = ["myst_nb", "sphinx_gallery.gen_gallery", "workshop_site"]\n'
        'sphinx_gallery_conf = {"examples_dirs": [], "gallery_dirs": []}\n', encoding="utf-8")
    (tmp_path / "index.md").write_text("# Index\n", encoding="utf-8")

    app = SphinxTestApp("html", srcdir=tmp_path, builddir=tmp_path / "_build")
    try:
        # The order Sphinx calls them in: by priority, then in the order they were connected.
        listeners = sorted(app.events.listeners["builder-inited"], key=lambda listener: listener.priority)
        names = [getattr(listener.handler, "__name__", "") for listener in listeners]
        assert names.index("start_beside_examples") < names.index("generate_gallery_rst")
        assert names.index("start") < names.index("generate_gallery_rst")  # the questions' snippets
    finally:
        app.cleanup()


# --- notebook_prerun: a damaged jupyter-cache ----------------------------------------------


def _cache_with_one_run(folder: Path):
    """A jupyter-cache holding one executed notebook, as MyST-NB leaves it (no kernel needed)."""
    from jupyter_cache import get_cache

    CacheBundleIn, _ = internals.jupyter_cache_execution()

    source = folder / "page.ipynb"
    notebook = _notebook_with_a_figure()
    nbformat.write(notebook, source)
    cache = get_cache(str(folder / "cache"))
    record = cache.add_nb_to_project(str(source))
    cache.cache_notebook_bundle(CacheBundleIn(notebook, record.uri), check_validity=False)
    return cache, notebook


def test_an_intact_cache_is_left_alone(tmp_path):
    cache, notebook = _cache_with_one_run(tmp_path)

    assert repair_jupyter_cache(tmp_path / "cache") == []
    assert cache.match_cache_notebook(notebook) is not None


def test_a_truncated_cached_notebook_is_removed_naming_its_file_and_page(tmp_path):
    cache, notebook = _cache_with_one_run(tmp_path)
    [stored] = (tmp_path / "cache" / "executed").rglob("base.ipynb")
    stored.write_text(stored.read_text(encoding="utf-8")[:200], encoding="utf-8")

    repairs = repair_jupyter_cache(tmp_path / "cache")

    assert len(repairs) == 1 and str(stored) in repairs[0] and "page.ipynb" in repairs[0]
    assert "NotJSONError" in repairs[0] and "runs again" in repairs[0]
    with pytest.raises(KeyError):
        cache.match_cache_notebook(notebook)  # stale now: MyST-NB (or notebook_prerun) executes it again
    assert repair_jupyter_cache(tmp_path / "cache") == []


def test_a_damaged_cache_database_is_removed_with_its_outputs_and_a_new_one_works(tmp_path):
    _cache_with_one_run(tmp_path)
    database = tmp_path / "cache" / "global.db"
    database.write_bytes(b"not a database" * 100)

    repairs = repair_jupyter_cache(tmp_path / "cache")

    assert len(repairs) == 1 and str(database) in repairs[0] and "every notebook page runs again" in repairs[0]
    assert not database.exists() and not (tmp_path / "cache" / "executed").exists()
    (tmp_path / "cache" / "unrelated.txt").write_text("kept", encoding="utf-8")
    _cache_with_one_run(tmp_path)  # jupyter-cache starts afresh in the same folder
    assert repair_jupyter_cache(tmp_path / "cache") == []
