"""sphinx-gallery hooks: a clean, seeded start for every example, and lean figures.

conf.py names these by their dotted path (``"gallery_hooks.reset_example_state"``)
rather than passing the functions, so that Sphinx can pickle its configuration
and does not rebuild every page on every run.
"""

from __future__ import annotations

from workshop_site.internals import loky_executor, sphinx_gallery_scraper_parts, sphinx_gallery_srcset_name


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
    # No garbage collection here (free_memory=False): sphinx-gallery runs
    # gc.collect() itself right after this hook, before the example starts,
    # and that frees the previous example's models. A second one would cost
    # about 0.15 s an example, TensorFlow having many objects to walk.
    keras.backend.clear_session(free_memory=False)
    # Progress bars are noise in a captured page; examples pass verbose=0 too.
    keras.utils.disable_interactive_logging()
    workshop.seed_everything(0)


def matplotlib_scraper(block, block_vars, gallery_conf):
    """Save each open Matplotlib figure: drawn once at 2x, lean PNGs at 1x and 2x.

    sphinx-gallery's own scraper draws every figure twice (at 1x, then at 2x
    for conf.py's ``image_srcset``) and has Matplotlib compress both PNGs,
    which we then decoded and compressed again, smaller. Here each figure is
    drawn once, at twice the house dpi; the 1x file is that drawing averaged
    2x2 down, which reads the same as a 1x drawing (lines and text are
    anti-aliased either way). That saves about a third of a second a figure,
    a quarter of the scraper's time.

    The 1x file stays lossless, since sphinx-gallery scales the gallery
    thumbnail from it and scaling a palette image would be nearest-neighbour;
    the 2x file (which phones and retina displays fetch) becomes a palette
    image when that is all but lossless (see ``png_optimiser.write_lean_png``). No
    PNG has a "Software" stamp (the Matplotlib version), so the bytes depend
    only on what is drawn.
    """
    import io
    import re
    from pathlib import Path
    from textwrap import indent

    import matplotlib
    import matplotlib.pyplot as plt
    from PIL import Image
    from sphinx_gallery.scrapers import figure_rst

    from workshop_site.steps.png_optimiser import write_lean_png

    fig_titles, hlist_header, hlist_image = sphinx_gallery_scraper_parts()

    if list(gallery_conf["image_srcset"]) != [2.0]:
        raise ValueError(
            "gallery_hooks.matplotlib_scraper draws every figure at 2x for the srcset: set "
            f"sphinx_gallery_conf['image_srcset'] to ['2x'] (got {gallery_conf['image_srcset']!r})"
        )
    rsts = []
    for number, path in zip(plt.get_fignums(), block_vars["image_path_iterator"], strict=False):
        figure = plt.figure(number)
        one_x = Path(path)
        two_x = sphinx_gallery_srcset_name(one_x)
        dpi = matplotlib.rcParams["savefig.dpi"]
        dpi = figure.dpi if dpi == "figure" else dpi
        drawing = io.BytesIO()
        # Uncompressed: this PNG only hands the pixels over to Pillow.
        figure.savefig(drawing, format="png", dpi=2 * dpi, pil_kwargs={"compress_level": 0})
        with Image.open(drawing) as image:
            image.load()
        write_lean_png(image, two_x, quantize=True, dpi=(2 * dpi, 2 * dpi))
        write_lean_png(image.reduce(2), one_x, quantize=False, dpi=(dpi, dpi))
        srcset = [{0: one_x, 2.0: two_x}]
        rsts.append(figure_rst([one_x], gallery_conf["src_dir"], fig_titles(figure), srcsetpaths=srcset))
    plt.close("all")
    if len(rsts) < 2:
        return "".join(rsts)
    # Several figures from one block: a horizontal list, as sphinx-gallery lays them out.
    rsts = [re.sub(r":class: sphx-glr-single-img", ":class: sphx-glr-multi-img", rst) for rst in rsts]
    return hlist_header + "".join(hlist_image + indent(rst, " " * 6) for rst in rsts)


def stop_example_workers(app, env, docnames):
    """``env-before-read-docs``: the examples have run; stop their worker processes.

    sphinx-gallery's ``parallel`` runs the examples in joblib's loky workers,
    and joblib keeps those alive for reuse until the build exits: each still
    holds TensorFlow and its last example, ~0.8 GB, while the concept pages'
    kernels run and Sphinx forks its readers and writers, and the build's exit
    then waits for them. Nothing else in the build uses them.
    loky offers no public "stop the reusable executor if there is one"
    (``get_reusable_executor`` would start one), hence a private global, fenced:
    if a joblib release renames it, the build stops and says so.
    """
    executor = loky_executor()
    if executor is not None:
        executor.shutdown(wait=True, kill_workers=True)

