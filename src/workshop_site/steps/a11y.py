"""Accessible HTML: toctree captions get the ``aria-level`` their ``role="heading"`` requires,
and code blocks can be scrolled from the keyboard.

Sphinx writes a toctree's ``:caption:`` as ``<p class="caption" role="heading">``
(in the page body and, through the theme, in Furo's sidebar). ARIA requires
every ``role="heading"`` to say its level (axe's and Lighthouse's
``aria-required-attr``), and Sphinx has no option for it; so this extension
wraps whichever HTML translator the build would use (Sphinx's own, or one a
theme or extension registered) in a subclass that adds the level.

The level follows the outline: one below the section the toctree sits in
(a toctree under an ``<h2>`` section gets ``aria-level="3"``), and 2 in the
sidebar, which is rendered outside any section and sits under the page's
``<h1>`` in no sense, but must not compete with it.

(That every ``<pre>`` takes keyboard focus is done on the written pages, by
``workshop_site.finishing.passes``.)
"""

from __future__ import annotations

from sphinx import addnodes
from sphinx.application import Sphinx

CAPTION_HEADING = 'role="heading"'


class CaptionLevelMixin:
    """Adds ``aria-level`` to the toctree caption that ``visit_title`` writes."""

    def visit_title(self, node) -> None:
        start = len(self.body)
        super().visit_title(node)
        parent = node.parent
        if not (isinstance(parent, addnodes.compact_paragraph) and parent.get("toctree")):
            return
        level = min(6, max(2, self.section_level + 1))
        for index in range(start, len(self.body)):
            if CAPTION_HEADING in self.body[index] and "aria-level" not in self.body[index]:
                self.body[index] = self.body[index].replace(
                    CAPTION_HEADING, f'{CAPTION_HEADING} aria-level="{level}"', 1
                )
                break


def use_accessible_translator(app: Sphinx) -> None:
    """Register a subclass of the builder's translator class that includes the mixin."""
    builder = app.builder
    if builder.format != "html":
        return
    base = builder.get_translator_class()
    if base is None or issubclass(base, CaptionLevelMixin):
        return
    translator = type(f"Accessible{base.__name__}", (CaptionLevelMixin, base), {})
    app.set_translator(builder.name, translator, override=True)

