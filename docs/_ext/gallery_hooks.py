"""sphinx-gallery hooks: a clean, seeded start for every example, and lean figures.

conf.py names these by their dotted path (``"gallery_hooks.reset_example_state"``)
rather than passing the functions, so that Sphinx can pickle its configuration
and does not rebuild every page on every run.
"""

from __future__ import annotations

import gc


def reset_example_state(gallery_conf, fname):
    """Run before each example: fresh Matplotlib and Keras state, fixed seeds.

    Without this, Keras models of earlier examples stay in memory (memory
    climbs over the gallery), layer names keep counting up (``dense_7``), and
    an example's random numbers depend on which examples ran before it.
    """
    import keras
    import matplotlib

    import workshop
    import workshop.plotting

    # The house style (PNG at 100 dpi, fixed metadata) on top of the defaults,
    # whatever rcParams the previous example changed.
    matplotlib.rcdefaults()
    workshop.plotting.use_style()
    keras.backend.clear_session()
    # Progress bars are noise in a captured page; examples pass verbose=0 too.
    keras.utils.disable_interactive_logging()
    gc.collect()
    workshop.seed_everything(0)


def matplotlib_scraper(block, block_vars, gallery_conf):
    """sphinx-gallery's Matplotlib scraper, with smaller, stamp-free PNGs.

    Figures are saved at 100 dpi (the house style) plus a 2x copy for
    high-density screens (conf.py's ``image_srcset``), which phones and retina
    displays fetch. The 1x file is kept lossless, optimised: sphinx-gallery
    scales the gallery thumbnail from it, and scaling a palette image would be
    nearest-neighbour. The 2x file is palette-quantized when that is all but
    lossless (see ``figures.optimise_png``). Without the PNG "Software" stamp (the
    Matplotlib version), the bytes depend only on what is drawn.
    """
    from pathlib import Path

    from figures import optimise_png
    from sphinx_gallery.scrapers import matplotlib_scraper

    iterator = block_vars["image_path_iterator"]
    already = len(iterator.paths)
    rst = matplotlib_scraper(block, block_vars, gallery_conf, metadata={"Software": None})
    for one_x in map(Path, iterator.paths[already:]):
        if one_x.suffix != ".png" or not one_x.is_file():
            continue
        optimise_png(one_x, quantize=False)
        for high_density in sorted(one_x.parent.glob(f"{one_x.stem}_*x.png")):
            optimise_png(high_density, quantize=True)
    return rst
