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
    """sphinx-gallery's Matplotlib scraper, minus the PNG "Software" stamp.

    The stamp names the Matplotlib version, so dropping it keeps figure bytes
    tied to what is drawn.
    """
    from sphinx_gallery.scrapers import matplotlib_scraper

    return matplotlib_scraper(block, block_vars, gallery_conf, metadata={"Software": None})
