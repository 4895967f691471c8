"""The site's JavaScript and CSS are sent without comments and layout.

The files in the repository stay readable; only their copies in the built
``_static`` folder are minified, by the finishing pass (``passes.py``) once
the build has written everything (Furo writes its ``pygments.css`` at
``build-finished`` too, before the pass). The pass then names each page's
scripts and stylesheets by the checksum of the bytes served (``?v=``). That
covers our own files (widgets, playground, practice, ``site.css``) and the
theme's and extensions' (Sphinx's scripts, sphinx-gallery's and MyST-NB's
stylesheets); what is minified already (``*.min.js``, Furo's) comes out no
larger. Measured on the built site (gzip, level 6, as hosts send it): a
concept page's scripts and stylesheets are 33.5 kB unminified and 27.2 kB
minified, 12.6 % of the page's HTML, CSS and JavaScript together (the front
page 11.4 %, an example page 12.2 %, the playground 5.0 %).

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

from workshop_site.internals import without_content_hash

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


def minify_folder(folder: Path) -> int:
    """Minify every ``.js`` and ``.css`` file below ``folder`` in place; returns the bytes saved."""
    saved = 0
    for path in sorted(folder.rglob("*")):
        minifier = MINIFIERS.get(path.suffix)
        # A file named by its content's hash (MyST-NB's stylesheet) keeps that content: its
        # extension copies it again at the end of the build and refuses to overwrite other bytes.
        if minifier is None or not path.is_file() or without_content_hash(path.name) != path.name:
            continue
        text = path.read_text(encoding="utf-8")
        small = minifier(text)
        if small != text:
            path.write_text(small, encoding="utf-8")
            saved += len(text.encode("utf-8")) - len(small.encode("utf-8"))
    return saved

