r"""Render math to MathML at build time, with latex2mathml: no MathJax, no network.

Sphinx's default renderer (``sphinx.ext.mathjax``) ships the LaTeX source to the
browser and loads MathJax from a CDN to typeset it. This renderer converts each
formula once, while the site is built, into MathML Core, which current browsers
display natively: the pages work offline and carry no math JavaScript.

It keeps what the MathJax renderer does for numbering: a numbered equation
(``{math}`` with ``:label:``, ``$$ ... $$ (label)`` from MyST's ``dollarmath``,
an unstarred environment from MyST's ``amsmath``) gets one number for the
whole block and a permalink, so ``{eq}`` references work.

A formula that latex2mathml cannot convert, or converts into something that
would not display (an unknown command passed through as text, a stray ``&``,
a line break outside a table), stops the build with an error that quotes the
formula and says where it is. Nothing broken is emitted silently.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

from docutils import nodes
from docutils.utils import get_source_line
from latex2mathml.converter import convert
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.math import get_node_equation_number

# latex2mathml numbers the rows of these environments itself, restarting at
# (1) in every block; Sphinx numbers the block instead, so use the starred forms.
_NUMBERED_ENVIRONMENT = re.compile(r"\\(begin|end)\{(align|alignat|equation|flalign|gather|multline)\}")
# latex2mathml has no `aligned`: it leaves the `&` as text. `align*` lays out the
# same right/left column pairs.
_ALIGNED = re.compile(r"\\(begin|end)\{aligned\}")
MATHML = "http://www.w3.org/1998/Math/MathML"
ElementTree.register_namespace("", MATHML)
# latex2mathml writes \max, \min, \operatorname{...} as <mo>, which MathML Core
# spaces as an unknown operator ("max (0, x)"); TeX sets them as upright names.
_NAMED_OPERATOR = re.compile(r"[A-Za-z]{2,}")
# ...and \sum_{i=1}^{K} as scripts; as under/over limits, the browser puts them
# below and above the sign in a display formula and beside it inline, as TeX does.
_BIG_OPERATORS = {"\u2211", "\u220f", "\u2210", "\u22c2", "\u22c3"}
_LIMITS = {f"{{{MATHML}}}{scripts}": f"{{{MATHML}}}{limits}" for scripts, limits in [("msub", "munder"), ("msup", "mover"), ("msubsup", "munderover")]}
# An environment that makes its own rows; outside one, `\\` needs a wrapper.
_TABLE_ENVIRONMENT = re.compile(r"\\begin\{")


class MathMLConversionError(ExtensionError):
    """A formula that cannot be shown as MathML."""


def latex_to_mathml(latex: str, *, display: bool, where: str = "") -> str:
    """Return the ``<math>`` element for one formula, or raise naming it.

    Parameters
    ----------
    latex : str
        The formula, without delimiters.
    display : bool
        True for a display (block) formula, False for one inside a sentence.
    where : str
        The source location, quoted in the error message.

    Raises
    ------
    MathMLConversionError
        When the formula does not convert, or converts into markup that would
        not display.
    """
    source = _NUMBERED_ENVIRONMENT.sub(r"\\\1{\2*}", latex)
    source = _ALIGNED.sub(r"\\\1{align*}", source)
    if display and r"\\" in source and not _TABLE_ENVIRONMENT.search(source):
        # As sphinx.ext.mathjax does: several lines without an environment are a split.
        source = r"\begin{split}" + source + r"\end{split}"

    def fail(reason: str) -> MathMLConversionError:
        at = f" in {where}" if where else ""
        return MathMLConversionError(f"cannot render the formula '{latex}'{at} as MathML: {reason}")

    try:
        mathml = convert(source, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many unrelated types
        raise fail(f"latex2mathml failed with {type(exc).__name__}: {exc}") from exc
    # Every character latex2mathml knows comes out as an entity or a letter, so a
    # backslash left in the markup is a command it did not recognise.
    unknown = re.findall(r"\\[A-Za-z]+|\\.", mathml)
    if unknown:
        raise fail(f"unknown command(s) {', '.join(sorted(set(unknown)))}")
    if 'linebreak="newline"' in mathml:
        raise fail(r"a line break '\\' that would not display; put the rows in aligned, cases or a matrix")
    try:
        root = ElementTree.fromstring(mathml)
    except ElementTree.ParseError as exc:
        raise fail(f"the MathML is not well-formed ({exc}); is there an '&' outside an environment?") from exc
    for element in root.iter():
        if element.tag == f"{{{MATHML}}}mo" and _NAMED_OPERATOR.fullmatch(element.text or ""):
            element.tag = f"{{{MATHML}}}mi"
        elif element.tag in _LIMITS and len(element) and (element[0].text or "") in _BIG_OPERATORS:
            element.tag = _LIMITS[element.tag]
    return ElementTree.tostring(root, encoding="unicode")


def _where(node: nodes.Element) -> str:
    source, line = get_source_line(node)  # the nearest ancestor's, for inline math
    return f"{source}:{line}" if line else source or ""


def visit_math(self, node: nodes.math) -> None:
    mathml = latex_to_mathml(node.astext(), display=False, where=_where(node))
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(mathml + "</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node: nodes.math_block) -> None:
    # Mirrors sphinx.ext.mathjax.html_visit_displaymath, so that ids, numbers
    # and permalinks are the same whichever renderer is used.
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    # Paragraphs of a `math` directive are separate equations, one below the other.
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    for part in parts:
        self.body.append(latex_to_mathml(part, display=True, where=_where(node)))
    self.body.append("</div>\n")
    raise nodes.SkipNode


class OneIdPerEquation(SphinxPostTransform):
    """Keep an equation's id (its ``{eq}`` target) on the equation alone.

    Furo wraps every display formula and table in a scrolling container and
    copies the ids onto it, so the page has each id twice: invalid HTML, and
    an accessibility-checker error. The wrapper only scrolls; it needs none.
    """

    formats = ("html",)
    default_priority = 501  # right after Furo's wrapping transform (500)

    def run(self, **kwargs):
        for wrapper in self.document.findall(nodes.container):
            if {"math-wrapper", "table-wrapper"} & set(wrapper["classes"]):
                wrapper["ids"] = []


def setup(app):
    app.add_post_transform(OneIdPerEquation)
    app.add_html_math_renderer(
        "mathml",
        inline_renderers=(visit_math, None),
        block_renderers=(visit_displaymath, None),
    )
    return {"parallel_read_safe": True, "parallel_write_safe": True}
