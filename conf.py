"""Sphinx configuration of the workshop site: pages in docs/, examples in gallery/.

Build with ``make html`` (runs ``sphinx-build -c . docs _build/html``); every
path below is relative to this file's folder unless it says otherwise.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent
DOCS = ROOT / "docs"
# This checkout's code, not whichever copy of `workshop` is installed: autodoc
# and the examples import it from here, and so do the concept pages' kernels,
# which are separate processes and only inherit the environment.
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(DOCS / "_ext"))
# sphinx-gallery's worker processes need docs/_ext too (its reset and scraper live there).
os.environ["PYTHONPATH"] = os.pathsep.join(
    filter(None, [str(ROOT / "src"), str(DOCS / "_ext"), os.environ.get("PYTHONPATH")])
)
# TensorFlow's start-up banner would land in the concept pages' outputs.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

project = "Neural networks with TensorFlow"
author = "The workshop authors"
copyright = f"%Y, {author}"  # Sphinx fills %Y from SOURCE_DATE_EPOCH when set

# Where the site and its sources live, when the build is told (a local build
# knows neither, and then names no made-up address). The site's public address
# lets a downloaded notebook install `workshop` from the site's own wheel
# (docs/_ext/downloads.py); the repository's shows on every page.
site_url = os.environ.get("WORKSHOP_SITE_URL") or os.environ.get("READTHEDOCS_CANONICAL_URL", "")
repository_url = os.environ.get("WORKSHOP_REPOSITORY_URL") or os.environ.get("READTHEDOCS_GIT_CLONE_URL", "")
# The URL path the site is served under ("/" locally, "/<repo>/" on GitHub
# Pages, "/en/latest/" on Read the Docs). Only the 404 page needs it: it is
# served at any depth, so its links and stylesheets must not be relative.
site_root = os.environ.get("SITE_ROOT") or urlparse(os.environ.get("READTHEDOCS_CANONICAL_URL", "")).path or "/"

extensions = [
    "myst_nb",
    # Executes the stale concept pages beside the examples, then one kernel per
    # core (docs/_ext/notebook_prerun.py); its setup() refuses to come after sphinx-gallery.
    "notebook_prerun",
    "sphinx.ext.autodoc",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "mathml_math",
    "a11y",  # aria-level on toctree captions (docs/_ext/a11y.py)
    "page_assets",  # each page loads only the CSS/JS it uses (docs/_ext/page_assets.py)
    "png_optimiser",  # smaller notebook PNGs (docs/_ext/png_optimiser.py)
    "gallery_hooks",  # stops the examples' workers once they are done (docs/_ext/gallery_hooks.py)
    "downloads",  # the wheel, requirements.txt and README in every example's zip (docs/_ext/downloads.py)
    "playground",  # the in-page network trainer (docs/_ext/playground.py)
    "csp",  # a strict Content-Security-Policy on every page (docs/_ext/csp.py)
    "widgets",  # the `widget` directive (docs/_ext/widgets.py)
    "practice",  # "Check yourself" questions and progress (docs/_ext/practice.py)
]

# sphinx-gallery writes a notebook next to each generated page; it is a
# download, not a page for MyST-NB to read. jupyter_execute is MyST-NB's output.
exclude_patterns = ["auto_examples/**.ipynb", "jupyter_execute", "**/.ipynb_checkpoints"]
nitpicky = True
# No intersphinx (the build has no network), so references to other projects'
# objects, e.g. ``numpy.ndarray`` or :mod:`keras.losses`, have no target here.
nitpick_ignore_regex = [(r"py:.*", r"(numpy|np|keras|tensorflow|tf|matplotlib|sklearn)(\..*)?")]

# --- Pages ---------------------------------------------------------------
html_theme = "furo"
html_title = project
html_static_path = ["docs/_static"]
html_css_files = ["site.css"]
# Read the Docs' recommended canonical URL; unset elsewhere.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
html_copy_source = False  # the .md sources are on the repository; keep the site small
html_show_sphinx = False
html_last_updated_fmt = None  # a date per page would differ build to build
html_math_renderer = "mathml"  # docs/_ext/mathml_math.py; never MathJax from a CDN

myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3  # `[text](page.md#a-heading)` links resolve

# Concept pages are executed; jupyter-cache re-runs a page only when its code changes.
nb_execution_mode = "cache"
nb_execution_timeout = 300  # seconds per cell: a page may train a small model
nb_execution_raise_on_error = True  # a failing cell fails the build, with its traceback
nb_execution_show_tb = True
nb_output_stderr = "remove"  # TensorFlow's log lines are not lesson content
nb_ipywidgets_js = {}  # no require.js or widget JavaScript from a CDN

# --- API reference -------------------------------------------------------
autodoc_default_options = {"members": True}
autodoc_member_order = "bysource"
autodoc_typehints = "none"  # numpydoc's Parameters section already gives the types
numpydoc_show_class_members = False  # members come from autodoc; no autosummary tables
numpydoc_xref_param_type = False

# --- Example gallery -----------------------------------------------------
import downloads  # noqa: E402 - docs/_ext is on sys.path from the top of this file

downloads_site_url = site_url
# Installs `workshop` and the build's versions: from the site when its address
# is known, else from the files beside the notebook in its zip.
first_notebook_cell = downloads.first_notebook_cell(ROOT, site_url)
# The theme links every page to its source when the build knows the repository.
if repository_url.startswith("https://"):
    html_theme_options = {
        **globals().get("html_theme_options", {}),
        "source_repository": repository_url.removesuffix(".git").rstrip("/") + "/",
        "source_branch": os.environ.get("WORKSHOP_SOURCE_BRANCH") or os.environ.get("READTHEDOCS_GIT_IDENTIFIER", "main"),
        "source_directory": "docs/",
    }

sphinx_gallery_conf = {
    "examples_dirs": "../gallery",  # relative to docs/
    "gallery_dirs": "auto_examples",  # git-ignored, rewritten by every build
    "filename_pattern": r"/plot_",  # execute every plot_*.py
    "within_subsection_order": "FileNameSortKey",  # file names set the learning order
    # Fresh Matplotlib and Keras state and fixed seeds before every example
    # (docs/_ext/gallery_hooks.py); named by path so the config stays picklable.
    "reset_modules": ("matplotlib", "gallery_hooks.reset_example_state"),
    "reset_modules_order": "before",
    "image_scrapers": ("gallery_hooks.matplotlib_scraper",),
    "matplotlib_animations": False,
    "image_srcset": ["2x"],  # sharp on high-density screens, which alone fetch it
    "thumbnail_size": (320, 224),  # shown at 160x112 CSS pixels: 2x for those screens
    # Run every example, then fail the build listing each failing one with its
    # traceback (abort_on_example_error would stop at the first).
    "abort_on_example_error": False,
    "only_warn_on_example_error": False,
    "download_all_examples": True,
    "first_notebook_cell": first_notebook_cell,
    "remove_config_comments": True,
    # Its page loads jQuery and DataTables from CDNs, and its timings differ per run.
    "write_computation_times": False,
    "show_memory": False,
    # As many worker processes as sphinx-build's -j (the Makefile passes -j auto):
    # examples run side by side, each worker paying TensorFlow's import once.
    # Every example is seeded and reset before it runs, so which worker runs
    # it changes no number and no figure.
    "parallel": True,
}


def add_api_modules(app, docname, source):
    """Give the API page one section per public module of `workshop`.

    Found on disk, so a module added to src/workshop is documented without
    anyone editing docs/api.md.
    """
    if docname != "api":
        return
    modules = sorted(path.stem for path in (ROOT / "src" / "workshop").glob("[!_]*.py"))
    sections = "\n".join(
        f"## `workshop.{name}`\n\n```{{eval-rst}}\n.. automodule:: workshop.{name}\n```\n" for name in modules
    )
    source[0] = source[0].replace("<!-- workshop modules -->", sections)


def root_404_links(app, pagename, templatename, context, doctree):
    """Make every relative URL of the 404 page resolve from the site's root."""
    if pagename == "404":
        context["metatags"] = f'<base href="{site_root}">' + context.get("metatags", "")


def setup(app):
    app.connect("source-read", add_api_modules)
    app.connect("html-page-context", root_404_links)
