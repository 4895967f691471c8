"""The front page's reading path: each page in order, with the time it takes to read.

``start-here`` takes a page whose toctree gives the reading order (or a glob
of page names, listed in name order) and lists those pages, each with its
reading time, computed from the page as it was built: its prose at
``WORDS_PER_MINUTE`` and its code at ``CODE_LINES_PER_MINUTE``, rounded up
to a whole minute. Outputs (printed numbers, figures) are not counted. A page
that grows gets a longer time at the next build; nobody types the minutes::

    ```{start-here} concepts/index
    ```
"""

from __future__ import annotations

import math
import re
from fnmatch import fnmatch

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from workshop_site.store import page_records, record

WORDS_PER_MINUTE = 200  # careful reading of technical prose
CODE_LINES_PER_MINUTE = 10  # reading code closely enough to follow it
WORD = re.compile(r"\w+")
# Per-page records (workshop_site.store): (words, code lines) of every page; the glob of each reading path.
COUNTS, PATHS = "start-here-counts", "start-here-paths"


class start_here_list(nodes.General, nodes.Element):
    """Stands for the list until every page's reading time is known."""


def reading_minutes(words: int, code_lines: int) -> int:
    """Minutes to read ``words`` of prose and ``code_lines`` of code, at least one."""
    if words < 0 or code_lines < 0:
        raise ValueError(f"words and code_lines must be >= 0, got {words} and {code_lines}")
    return max(1, math.ceil(words / WORDS_PER_MINUTE + code_lines / CODE_LINES_PER_MINUTE))


def _is_output(node: nodes.Node) -> bool:
    """A printed result or figure of a notebook cell or an example, which nobody reads as prose."""
    while node is not None:
        classes = set(getattr(node, "get", lambda *_: [])("classes", []))
        if classes & {"cell_output", "sphx-glr-script-out", "output"}:
            return True
        node = node.parent
    return False


def count_page(app: Sphinx, doctree: nodes.document) -> None:
    """Store the words of prose and the lines of code of the page just read."""
    words = code_lines = 0
    for block in doctree.findall(nodes.literal_block):
        if not _is_output(block):
            code_lines += sum(1 for line in block.astext().splitlines() if line.strip())
    for text in doctree.findall(nodes.Text):
        if not any(isinstance(parent, (nodes.literal_block, nodes.math_block, nodes.comment, nodes.raw)) for parent in _ancestors(text)):
            words += len(WORD.findall(text.astext()))
    record(app.env, COUNTS, app.env.docname, (words, code_lines))


def _ancestors(node: nodes.Node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


class StartHere(SphinxDirective):
    required_arguments = 1  # a page with a toctree (concepts/index) or a glob of page names

    def run(self) -> list[nodes.Node]:
        record(self.env, PATHS, self.env.docname, self.arguments[0])
        return [start_here_list(pattern=self.arguments[0])]


def pages_on_path(env, pattern: str) -> list[str]:
    """The pages of a reading path: a page's toctree entries in their order, or the glob's matches by name."""
    if pattern in env.found_docs:
        return list(env.toctree_includes.get(pattern, []))
    return sorted(name for name in env.found_docs if fnmatch(name, pattern))


def fill_lists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    counts = page_records(app.env, COUNTS)
    for placeholder in list(doctree.findall(start_here_list)):
        pages = pages_on_path(app.env, placeholder["pattern"])
        if not pages:
            raise ValueError(f"start-here in {docname}: no page matches {placeholder['pattern']!r}")
        steps = nodes.enumerated_list(classes=["start-here"])
        total = 0
        for page in pages:
            minutes = reading_minutes(*counts.get(page, (0, 0)))
            total += minutes
            link = nodes.reference("", "", internal=True, refuri=app.builder.get_relative_uri(docname, page))
            link += nodes.Text(app.env.titles[page].astext())
            line = nodes.paragraph("", "", link, nodes.inline("", f" · {minutes} min", classes=["reading-time"]))
            steps += nodes.list_item("", line)
        hours, minutes = divmod(total, 60)
        note = nodes.paragraph(
            "",
            f"About {hours} h {minutes} min in all, reading the prose at {WORDS_PER_MINUTE} words and the "
            f"code at {CODE_LINES_PER_MINUTE} lines a minute; playing with the widgets and running the code take longer.",
            classes=["reading-time-note"],
        )
        placeholder.replace_self([steps, note])


def pages_with_lists_are_outdated(app, env, added, changed, removed) -> list[str]:
    """Rebuild a page with a reading path when a page on that path changed."""
    touched = added | changed | removed
    return [
        docname
        for docname, pattern in page_records(env, PATHS).items()
        if docname in env.found_docs
        and (pattern in touched or any(fnmatch(name, pattern) or name in env.toctree_includes.get(pattern, []) for name in touched))
    ]
