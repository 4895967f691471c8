"""Smaller figures: PNGs re-encoded losslessly, or as 256-colour palettes when that is all but lossless.

``write_lean_png`` serves the gallery's scraper (src/workshop_site/steps/gallery_hooks.py), and
``optimise_png``, as a Sphinx extension, the concept pages: MyST-NB writes each notebook figure
once into its output folder (``jupyter_execute`` beside the HTML, read from
MyST-NB's configuration; each file named by the hash of the kernel's PNG, and
never rewritten), and this extension shrinks it there when the page is read,
before Sphinx copies it into ``_images``.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from workshop_site.internals import mystnb_output_folder

# A figure becomes a palette image (256 colours, median cut, no dithering)
# only when that is all but lossless: the mean error stays under half a level
# of 255, and 99 % of the pixels are off by at most 12 levels in any channel.
# Plots (lines, markers, flat fills, anti-aliased edges) pass and shrink 2-3x;
# smooth colour gradients fail and stay lossless.
QUANTIZE_MAX_MEAN_ERROR = 0.5
QUANTIZE_MAX_P99_ERROR = 12


def optimise_png(path, *, quantize: bool) -> None:
    """Rewrite the PNG at ``path`` with ``write_lean_png``, keeping its resolution (pHYs).

    A palette image is left as it is (it has been through here already).
    """
    from PIL import Image

    with Image.open(path) as original:
        original.load()
    if original.mode == "P":
        return
    write_lean_png(original, path, quantize=quantize, dpi=original.info.get("dpi"))


def write_lean_png(image, path, *, quantize: bool, dpi: tuple[float, float] | None = None) -> None:
    """Save the Pillow ``image`` at ``path`` as a small, byte-deterministic PNG.

    An opaque RGBA image loses its alpha channel; with ``quantize`` it becomes
    a palette image when that passes the error bounds above. The file is
    saved with Pillow's ``optimize`` (zlib level 9: about 6 % smaller than
    level 6 on these figures) and has no text chunks: no "Software" stamp, no
    dates. ``dpi``, when given, is written as the resolution (pHYs).
    """
    import numpy as np
    from PIL import Image

    if image.mode == "RGBA" and image.getextrema()[3][0] == 255:
        image = image.convert("RGB")
    if quantize and image.mode == "RGB":
        palette = image.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        error = np.abs(np.asarray(palette.convert("RGB"), dtype=np.int16) - np.asarray(image, dtype=np.int16))
        if error.mean() <= QUANTIZE_MAX_MEAN_ERROR and np.percentile(error.max(axis=2), 99) <= QUANTIZE_MAX_P99_ERROR:
            image = palette
    options = {"optimize": True}
    if dpi is not None:
        options["dpi"] = dpi
    image.save(path, "PNG", **options)


def optimise_notebook_figures(app: Sphinx, doctree) -> None:
    """Shrink the PNG outputs of a notebook page (MyST-NB's files) in place."""
    outputs = Path(mystnb_output_folder(app.env)).resolve()
    for image in doctree.findall(nodes.image):
        # Sphinx's image collector (also on doctree-read) rewrites the URI
        # relative to the source folder and lists it under "candidates".
        candidate = image.get("candidates", {}).get("*")
        uri = image.get("uri", "")
        if candidate:
            path = (Path(app.srcdir) / candidate).resolve()
        elif uri and "://" not in uri and not uri.startswith("data:"):
            path = Path(app.env.relfn2path(uri, app.env.docname)[1]).resolve()
        else:
            continue
        if path.suffix.lower() == ".png" and path.parent == outputs and path.is_file():
            optimise_png(path, quantize=True)

