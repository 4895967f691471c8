"""The gallery's figure scraper (src/workshop_site/steps/gallery_hooks.py), on figures drawn here."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image
from sphinx_gallery.scrapers import ImagePathIterator

from workshop.plotting import use_style
from workshop_site.internals import sphinx_gallery_image_name, sphinx_gallery_srcset_name
from workshop_site.steps.gallery_hooks import matplotlib_scraper

# sphinx-gallery's names for the figures of an example "plot_00_demo" (undocumented: fenced).
FIRST, SECOND = sphinx_gallery_image_name("plot_00_demo", 1), sphinx_gallery_image_name("plot_00_demo", 2)
FIRST_2X, SECOND_2X = (sphinx_gallery_srcset_name(Path(name)).name for name in (FIRST, SECOND))


def _scrape(tmp_path, *titles, srcset=(2.0,)):
    """Draw one figure per title, as an example block would, and scrape them."""
    use_style()
    for title in titles:
        figure, ax = plt.subplots()
        ax.plot(np.sin(np.linspace(0, 6, 200)))
        ax.set_title(title)
    images = tmp_path / "auto_examples" / "images"
    images.mkdir(parents=True)
    iterator = ImagePathIterator(images / sphinx_gallery_image_name("plot_00_demo", "{0:03}"))
    block_vars = {"image_path_iterator": iterator}
    gallery_conf = {"image_srcset": list(srcset), "src_dir": str(tmp_path)}
    return matplotlib_scraper(None, block_vars, gallery_conf), images


@pytest.fixture(autouse=True)
def _no_figures_left_open():
    plt.close("all")
    yield
    plt.close("all")


def test_one_figure_gives_a_lossless_1x_and_a_2x_twice_its_size_with_srcset(tmp_path):
    rst, images = _scrape(tmp_path, "Loss per epoch")

    one_x = images / FIRST
    two_x = images / FIRST_2X
    with Image.open(one_x) as small, Image.open(two_x) as large:
        assert small.mode == "RGB"  # lossless: sphinx-gallery scales the thumbnail from it
        assert large.mode in ("P", "RGB")
        assert (large.width, large.height) == (2 * small.width, 2 * small.height)
        assert small.size == (640, 400)  # the house style: 6.4 x 4.0 in at 100 dpi
        assert "Software" not in small.info and "Software" not in large.info
        assert round(small.info["dpi"][0]) == 100 and round(large.info["dpi"][0]) == 200
    assert f".. image-sg:: /auto_examples/images/{FIRST}" in rst
    assert ":alt: Loss per epoch" in rst
    assert f"/auto_examples/images/{FIRST_2X} 2.00x" in rst
    assert ":class: sphx-glr-single-img" in rst
    assert plt.get_fignums() == []


def test_the_1x_file_is_the_2x_drawing_averaged_down(tmp_path):
    _, images = _scrape(tmp_path, "Accuracy")

    with Image.open(images / FIRST) as small:
        small_pixels = np.asarray(small.convert("RGB"), dtype=float)
    with Image.open(images / FIRST_2X) as large:
        large_pixels = np.asarray(large.convert("RGB"), dtype=float)
    averaged = large_pixels.reshape(small_pixels.shape[0], 2, small_pixels.shape[1], 2, 3).mean(axis=(1, 3))
    # The 2x file may be a palette image (a level or so off per pixel).
    assert np.abs(averaged - small_pixels).mean() < 1.0


def test_several_figures_in_one_block_become_a_horizontal_list(tmp_path):
    rst, images = _scrape(tmp_path, "Training", "Validation")

    assert rst.startswith("\n.. rst-class:: sphx-glr-horizontal")
    assert rst.count(":class: sphx-glr-multi-img") == 2 and "sphx-glr-single-img" not in rst
    assert ":alt: Training" in rst and ":alt: Validation" in rst
    assert sorted(path.name for path in images.iterdir()) == [FIRST, FIRST_2X, SECOND, SECOND_2X]


def test_a_block_without_figures_gives_no_markup(tmp_path):
    rst, images = _scrape(tmp_path)

    assert rst == ""
    assert list(images.iterdir()) == []


def test_another_srcset_is_refused_naming_the_setting(tmp_path):
    with pytest.raises(ValueError, match=r"image_srcset.*\['2x'\].*3\.0"):
        _scrape(tmp_path, "Loss", srcset=(3.0,))
