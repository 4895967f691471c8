"""Sphinx configuration of the workshop site: pages in docs/, examples in gallery/.

Build with ``make html`` (runs ``sphinx-build -c . docs _build/html``); every
path below is relative to this file's folder unless it says otherwise.
"""

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

from docutils import nodes

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
# The same repository as a page a browser can open (the theme's footer links it):
# "https://github.com/o/r.git" -> "https://github.com/o/r"; none for an SSH clone URL.
repository_page = repository_url.removesuffix(".git") if repository_url.startswith("https://") else ""
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
    "claims",  # each sentence about a library's behaviour, checked by running it (docs/_ext/claims.py)
    "copy_code",  # a copy button on code, without prompts or outputs (docs/_ext/copy_code.py)
    "notfound.extension",  # docs/404.md, served at any depth, its links made absolute
    "start_here",  # the front page's reading path, with each page's reading time (docs/_ext/start_here.py)
    "build_stamp",  # what the site was built from, for the tests' reproducibility check (docs/_ext/build_stamp.py)
    "minify",  # the built _static folder's JavaScript and CSS without comments and layout (docs/_ext/minify.py)
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
# A rising curve on a disc: without an icon, browsers ask every site root for /favicon.ico (a 404).
html_favicon = "docs/_static/favicon.svg"
# Read the Docs' recommended canonical URL; unset elsewhere.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
html_copy_source = False  # the .md sources are on the repository; keep the site small
html_show_sphinx = False
html_last_updated_fmt = None  # a date per page would differ build to build
html_math_renderer = "mathml"  # docs/_ext/mathml_math.py; never MathJax from a CDN
html_theme_options = {}
if repository_page:
    html_theme_options["footer_icons"] = [
        {
            "name": "Repository",
            "url": repository_page,
            # Octicons' "repo" (MIT), inline: the footer loads nothing for it.
            "html": '<svg viewBox="0 0 16 16" aria-hidden="true"><path fill-rule="evenodd" d="M2 2.5A2.5 2.5 0 0 1 4.5 0h8.75a.75.75 0 0 1 .75.75v12.5a.75.75 0 0 1-.75.75h-2.5a.75.75 0 0 1 0-1.5h1.75v-2h-8a1 1 0 0 0-.714 1.7.75.75 0 1 1-1.072 1.05A2.495 2.495 0 0 1 2 11.5Zm10.5-1h-8a1 1 0 0 0-1 1v6.708A2.486 2.486 0 0 1 4.5 9h8ZM5 12.25a.25.25 0 0 1 .25-.25h3.5a.25.25 0 0 1 .25.25v3.25a.25.25 0 0 1-.4.2l-1.45-1.087a.249.249 0 0 0-.3 0L5.4 15.7a.25.25 0 0 1-.4-.2Z"></path></svg>',
            "class": "",
        }
    ]

# A copy button on code, copying neither the prompts (">>> ", "$ ") nor the
# output: in a console session only the prompted lines are copied, and the
# outputs of notebook cells and examples get no button at all.
copy_code_selector = ":not(.output, .sphx-glr-script-out) > div.highlight > pre"
copy_code_prompt = r">>> |\.\.\. |\$ "
copy_code_exclude = ".linenos, .gp, .go"

# The 404 page (docs/404.md) is served for a missing page at any depth: its
# links, stylesheets and scripts start from the site's root.
notfound_urls_prefix = site_root

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
if repository_page:
    html_theme_options |= {
        "source_repository": repository_page.rstrip("/") + "/",
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
    # Which example uses which `workshop` function: the API page lists them
    # under each function (add_examples_to_api below).
    "doc_module": ("workshop",),
    "backreferences_dir": "gen_modules/backreferences",  # relative to docs/, git-ignored
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


# Every example calls it: its list would be the whole gallery.
NOT_LISTED_UNDER_API = {"workshop.plotting.use_style"}


def add_examples_to_api(app, what, name, obj, options, lines):
    """End each function's and class's entry with the examples that use it, if any.

    A rubric, not minigallery's own heading: a heading would repeat one id
    ("examples-using-this") under every function of the page.
    """
    if what not in ("function", "class") or name in NOT_LISTED_UNDER_API:
        return
    # Written by sphinx-gallery before any page is read.
    index = DOCS / sphinx_gallery_conf["backreferences_dir"] / "backreferences_all.json"
    used_in = json.loads(index.read_text(encoding="utf-8")).get(name) if index.is_file() else None
    if used_in:
        lines += ["", ".. rubric:: Examples using this", "", f".. minigallery:: {name}", ""]


def root_404_body_links(app, doctree, docname):
    """The 404 page's own links start from the site's root, as the theme's do.

    sphinx-notfound-page rewrites the template's links and the page's images,
    not the links written in docs/404.md.
    """
    if docname != app.config.notfound_pagename:
        return
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        if reference.get("internal") and uri and not uri.startswith(("/", "#")) and "://" not in uri:
            reference["refuri"] = site_root.rstrip("/") + "/" + uri


def setup(app):
    app.connect("source-read", add_api_modules)
    app.connect("doctree-resolved", root_404_body_links)
    app.connect("autodoc-process-docstring", add_examples_to_api)
