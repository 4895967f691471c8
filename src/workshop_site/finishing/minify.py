"""Sphinx extension ``minify``: the site's JavaScript and CSS are sent without comments and layout.

The files in the repository stay readable; only their copies in the build's
``_static`` folder are minified, right after Sphinx copies them there and
before any page is written, so that each page's ``?v=`` checksum is the one
of the bytes it loads; and once more at the end of the build, for what was
written late (Furo writes its ``pygments.css`` when the build finishes). That covers our own files (widgets, playground,
practice, ``site.css``) and the theme's and extensions' (Sphinx's scripts,
sphinx-gallery's and MyST-NB's stylesheets); what is
minified already (``*.min.js``, Furo's) comes out no larger.

Why these libraries: rJSmin and rCSSmin are small, pure-Python, kept up
(1.3, 2026) and deterministic; they remove comments and whitespace and rename
nothing, so no identifier an ES module exports or imports can change. They
read modern syntax (arrow functions, classes, ``import``/``export``) but not
a template literal nested in another one's ``${...}``. So a minified
script is used only when each of its template literals is one of the
original's, byte for byte, with every ``${`` closed (a nested template would
cut its outer one short), and its licence comments (``/*! ... */``) are kept;
otherwise the file stays as it was. A file that minifying would not make
smaller stays as it was too.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

# A backtick-quoted span of a minified script: a template literal (or, if a string held a
# backtick, code between two of them: then the check below fails and the file stays as it was).
BACKTICKED = re.compile(r"`[^`]*`")
LICENCE = re.compile(r"/\*!.*?\*/", re.DOTALL)


def _closes_its_substitutions(span: str) -> bool:
    """Whether every ``${`` in ``span`` is closed in it: not so when a nested template cut it short."""
    depth = 0
    for index, char in enumerate(span):
        if char == "{" and (depth or span[index - 1] == "$"):
            depth += 1
        elif char == "}" and depth:
            depth -= 1
    return depth == 0


def templates_intact(original: str, small: str) -> bool:
    """Whether each template literal of ``small`` is one of ``original``, whole and byte for byte."""
    return all(span in original and _closes_its_substitutions(span) for span in BACKTICKED.findall(small))


def minify_js(text: str) -> str:
    """``text`` (a script or an ES module) without comments and needless whitespace; or ``text`` itself."""
    import rjsmin

    small = rjsmin.jsmin(text, keep_bang_comments=True)
    if not templates_intact(text, small) or LICENCE.findall(small) != LICENCE.findall(text):
        return text
    return small if len(small) < len(text) else text


def minify_css(text: str) -> str:
    """``text`` (a stylesheet) without comments and needless whitespace, licence comments kept; or ``text`` itself."""
    import rcssmin

    small = rcssmin.cssmin(text, keep_bang_comments=True)
    return small if len(small) < len(text) else text


MINIFIERS = {".js": minify_js, ".css": minify_css}
# A file named by its content's hash (MyST-NB's mystnb.<sha256>.css) keeps that content: its
# extension copies it again at the end of the build and refuses to overwrite other bytes.
CONTENT_ADDRESSED = re.compile(r"\.[0-9a-f]{16,}\.\w+$")


def minify_folder(folder: Path) -> int:
    """Minify every ``.js`` and ``.css`` file below ``folder`` in place; returns the bytes saved."""
    saved = 0
    for path in sorted(folder.rglob("*")):
        minifier = MINIFIERS.get(path.suffix)
        if minifier is None or not path.is_file() or CONTENT_ADDRESSED.search(path.name):
            continue
        text = path.read_text(encoding="utf-8")
        small = minifier(text)
        if small != text:
            path.write_text(small, encoding="utf-8")
            saved += len(text.encode("utf-8")) - len(small.encode("utf-8"))
    return saved


def minify_after_copying(app: Sphinx) -> None:
    """Make the HTML builder minify its ``_static`` folder each time it has copied the static files.

    Sphinx has no event between copying the static files and writing the
    pages, so the builder's ``copy_static_files`` is wrapped.
    """
    builder = app.builder
    if builder.format != "html":
        return
    copy = getattr(builder, "copy_static_files", None)
    if not callable(copy):
        raise ExtensionError(
            "minify: this Sphinx's HTML builder has no copy_static_files(); src/workshop_site/finishing/minify.py needs updating"
        )

    def copy_then_minify() -> None:
        copy()
        minify_folder(Path(builder.outdir) / "_static")

    builder.copy_static_files = copy_then_minify


def minify_late_writes(app: Sphinx, exception) -> None:
    """Once more when the build ends, after Furo rewrote ``pygments.css`` (at ``build-finished``)."""
    if exception is None and app.builder.format == "html":
        minify_folder(Path(app.builder.outdir) / "_static")


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", minify_after_copying)
    app.connect("build-finished", minify_late_writes, priority=900)  # after Furo's handler (500)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
