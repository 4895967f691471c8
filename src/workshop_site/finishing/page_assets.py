"""Each page loads only the stylesheets and scripts it uses, and no script delays its first paint.

Extensions register their CSS and JavaScript for every page of the site:
sphinx-gallery's four stylesheets and its tag filter, MyST-NB's 43 kB
stylesheet (mostly colours for ANSI terminal output), and the theme's code
highlighting colours. Every stylesheet in ``<head>`` blocks the first paint,
so a page that has no gallery markup, no notebook cell and no highlighted
code should not wait for them. Each asset below is kept on a page only when
the page's body holds markup that the asset styles or scripts (so a concept
page linking a gallery thumbnail keeps the gallery's CSS, and an example page
keeps the highlighting).

Sphinx's core scripts and the theme's script sit at the end of ``<body>`` but
are still parser-blocking; they only act after ``DOMContentLoaded``, so they
are marked ``defer``. The search page is left as it is: its template adds
searchtools.js after them without ``defer``, and that script needs them first.

Two stylesheets that a first paint does not need (Pygments' colours, the
questions') are loaded without holding it (see LATE).

MyST-NB's stylesheet is four fifths colours for ANSI escape sequences in
outputs (coloured tracebacks and logs); it is split at build time into its
core rules, which every notebook page loads, and the ANSI colours, which only
a page with such output loads.

The handler is the last of the site's ``html-page-context`` handlers
(``workshop_site.setup``), so that it sees what the others add.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from sphinx.application import Sphinx

from workshop_site.internals import MYSTNB_STYLESHEET, asset_with, mystnb_stylesheet, without_content_hash

# The two parts of MyST-NB's stylesheet (see split_mystnb_css), and where the second begins.
MYSTNB_CORE, MYSTNB_ANSI = "mystnb-core.css", "mystnb-ansi.css"
MYSTNB_ANSI_START = "/* Font colors for translated ANSI escape sequences"
# The start of an HTML class attribute, up to one of its class names (either quote).
CLASS = r"""class=["'][^"']*"""
# Stylesheet or script file name -> the markup in a page's body that it is for.
# A file not listed here is always kept.
NEEDED_WHEN = {
    "sg_gallery.css": re.compile(CLASS + r'\bsphx-glr'),  # not a link's #sphx-glr-... anchor
    "sg_gallery-binder.css": re.compile(CLASS + r'\bbinder-badge'),
    "sg_gallery-dataframe.css": re.compile(CLASS + r'\bdataframe\b'),
    "sg_gallery-rendered-html.css": re.compile(CLASS + r'\brendered_html\b'),
    # The tag filter, only where an example has tags: its script reads ?sg-tags= from the URL and
    # throws on a gallery without tags (sphinx-gallery 0.22), and no example of ours has any.
    "sg-tags.js": re.compile(r"data-sgtags"),
    # MyST-NB's stylesheet: code cells, their outputs, glued values.
    MYSTNB_STYLESHEET: re.compile(CLASS + r'\b(cell|cell_input|cell_output|pasted-text|pasted-inline)\b'),
    MYSTNB_ANSI: re.compile(CLASS + r'-Color'),
    # Pygments' colours (light and dark) for highlighted code.
    "pygments.css": re.compile(CLASS + r'\bhighlight\b'),
}
# Stylesheets a first paint does not need: Pygments' colours (code reads well uncoloured for
# the moment they take; they change no size) and the questions' (at the end of a page). They
# are linked with media="print", which a browser fetches at the lowest priority without
# holding the paint, and LATE_JS applies them once the page is parsed; without JavaScript, a
# copy of the link in <noscript> applies them.
LATE = {"pygments.css", "practice.css"}
LATE_JS = "late-css.js"  # in docs/_static
# Search-term highlighting (``?highlight=``) is switched off: Sphinx's script walks the whole
# body under Furo, reaches the titles inside the theme's SVG sprite and throws (Sphinx 9.0).
# It stays on the search page only, where searchtools.js reads its flag.
SEARCH_ONLY = {"sphinx_highlight.js"}
# Scripts that only act once the document is parsed, safe to run deferred.
DEFERRABLE = {"documentation_options.js", "doctools.js", "sphinx_highlight.js", "furo.js"}
# Pages whose template adds scripts that need the deferrable ones to have run.
KEEP_SCRIPT_ORDER = {"search"}


def asset_key(filename) -> str:
    """The name NEEDED_WHEN and DEFERRABLE know an asset by: its file name, without a content hash."""
    return without_content_hash(PurePosixPath(str(filename)).name)


def is_needed(filename, body: str) -> bool:
    pattern = NEEDED_WHEN.get(asset_key(filename))
    return pattern is None or bool(pattern.search(body))


def deferred(script):
    """``script`` with ``defer`` (a new object: Sphinx's asset objects are immutable)."""
    if not script.filename or asset_key(script.filename) not in DEFERRABLE:
        return script
    if {"defer", "async"} & set(script.attributes) or script.attributes.get("type") == "module":
        return script
    return asset_with(script, defer="defer")


class MystnbSplit:
    """Whether this build split MyST-NB's stylesheet; its methods are the handlers."""

    def __init__(self) -> None:
        self.done = False

    def split(self, app: Sphinx) -> None:
        """``builder-inited``: see ``split_mystnb_css``."""
        self.done = split_mystnb_css(app)

    def trim(self, app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
        """``html-page-context``: see ``trim_page_assets``."""
        trim_page_assets(app, pagename, context, self.done)


def split_mystnb_css(app: Sphinx) -> bool:
    """Write MyST-NB's stylesheet as two files in the output's _static folder.

    Done when the builder starts, so that the files exist (and get their
    ``?v=`` checksum) when pages are written. If a MyST-NB release changes the
    stylesheet so that it no longer splits at the ANSI comment, the build
    stops and says so (src/workshop_site/internals.py). Returns whether it split it.
    """
    if app.builder.format != "html":
        return False
    text = mystnb_stylesheet(MYSTNB_ANSI_START)
    core, marker, ansi = text.partition(MYSTNB_ANSI_START)
    static = Path(app.builder.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    for name, content in ((MYSTNB_CORE, core), (MYSTNB_ANSI, marker + ansi)):
        target = static / name
        if not target.is_file() or target.read_text(encoding="utf-8") != content:
            target.write_text(content, encoding="utf-8")
    return True


def replaced_mystnb(css, body: str, split: bool) -> list:
    """The stylesheets that stand for MyST-NB's on a page that needs it."""
    if not split:
        return [css]
    parts = [MYSTNB_CORE] + ([MYSTNB_ANSI] if is_needed(MYSTNB_ANSI, body) else [])
    folder = PurePosixPath(str(css.filename)).parent  # "_static", as Sphinx registered it
    return [asset_with(css, folder / name) for name in parts]


def late(css):
    """``css`` linked so that it does not hold the first paint (a new object, as in ``deferred``)."""
    return asset_with(css, media="print", **{"data-late": "all"})


def load_late(app: Sphinx, context: dict) -> None:
    """Link the page's LATE stylesheets with ``late``; LATE_JS, and a <noscript> copy, apply them."""
    css_files = context["css_files"]
    found = [index for index, css in enumerate(css_files) if hasattr(css, "filename") and asset_key(css.filename) in LATE]
    if not found or "css_tag" not in context:
        return
    copies = "".join(context["css_tag"](css_files[index]) for index in found)
    context["metatags"] = context.get("metatags", "") + f"\n<noscript>{copies}</noscript>"
    for index in found:
        css_files[index] = late(css_files[index])
    app.add_js_file(LATE_JS, loading_method="defer")  # into this page's script_files, handled below



def trim_page_assets(app: Sphinx, pagename: str, context: dict, mystnb_split: bool) -> None:
    """Keep the page's stylesheets and scripts that its body uses; defer the scripts that can wait."""
    body = context.get("body", "")
    # In place: Sphinx restores the site-wide lists before the next page.
    if isinstance(context.get("css_files"), list):
        kept = []
        for css in context["css_files"]:
            if not hasattr(css, "filename"):
                kept.append(css)
            elif is_needed(css.filename, body):
                is_mystnb = asset_key(css.filename) == MYSTNB_STYLESHEET
                kept += replaced_mystnb(css, body, mystnb_split) if is_mystnb else [css]
        context["css_files"][:] = kept
        if isinstance(context.get("script_files"), list):
            load_late(app, context)
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        scripts[:] = [
            js
            for js in scripts
            if not getattr(js, "filename", None)
            or (is_needed(js.filename, body) and (pagename == "search" or asset_key(js.filename) not in SEARCH_ONLY))
        ]
        # An inline script among them would run before the deferred files it may need.
        if pagename not in KEEP_SCRIPT_ORDER and all(getattr(js, "filename", None) for js in scripts):
            scripts[:] = [deferred(js) for js in scripts]

