r"""Render math to MathML at build time, with latex2mathml: no MathJax, no network.

Sphinx's default renderer (``sphinx.ext.mathjax``) ships the LaTeX source to the
browser and loads MathJax from a CDN to typeset it. This renderer converts each
formula once, while the site is built, into MathML Core, which current browsers
display natively: the pages work offline and carry no math JavaScript.

It keeps what the MathJax renderer does for numbering: a numbered equation
(``{math}`` with ``:label:``, ``$$ ... $$ (label)`` from MyST's ``dollarmath``,
an unstarred environment from MyST's ``amsmath``) gets one number for the
whole block and a permalink, so ``{eq}`` references work.

The markup is then set as TeX sets it (``_typeset_like_tex``): a prime follows
its letter instead of being raised twice, ``\log``, ``\max`` and
``\operatorname`` names get TeX's thin spaces and the invisible function
application, a minus after ``=`` or ``(`` is a sign, ``\hat`` does not stretch,
``\max_j`` takes its limit below in a display, scripts are set tight. The
browser draws it with the site's math font (``math_font.py``), which the page
asks for only when it has a formula; a display formula breaks at ``\qquad`` and
before chained ``=`` on a narrow screen (``split_display``).

A formula that latex2mathml cannot convert, uses a character the math font
lacks, or converts into something that would not display (an unknown command
passed through as text, a stray ``&``, a line break outside a table), stops the
build with an error that quotes the formula and says where it is. Nothing broken is emitted silently.
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

from workshop_site.steps.math_font import FONT_FILE, missing_characters

# Under html_static_path (docs/_static).
FONT_PATH = FONT_FILE.relative_to(FONT_FILE.parents[1]).as_posix()  # fonts/workshop-math.woff2

# latex2mathml numbers the rows of these environments itself, restarting at
# (1) in every block; Sphinx numbers the block instead, so use the starred forms.
_NUMBERED_ENVIRONMENT = re.compile(r"\\(begin|end)\{(align|alignat|equation|flalign|gather|multline)\}")
# latex2mathml has no `aligned`: it leaves the `&` as text. `align*` lays out the
# same right/left column pairs.
_ALIGNED = re.compile(r"\\(begin|end)\{aligned\}")
MATHML = "http://www.w3.org/1998/Math/MathML"
ElementTree.register_namespace("", MATHML)
# An environment that makes its own rows; outside one, `\\` needs a wrapper.
_TABLE_ENVIRONMENT = re.compile(r"\\begin\{")


def _tag(name: str) -> str:
    return f"{{{MATHML}}}{name}"


# latex2mathml writes \max, \min, \operatorname{...} as <mo>, which MathML Core
# spaces as an unknown operator ("max (0, x)"); TeX sets them as upright names.
_NAMED_OPERATOR = re.compile(r"[A-Za-z]{2,}")
# ...and \sum_{i=1}^{K} as scripts; as under/over limits, the browser puts them
# below and above the sign in a display formula and beside it inline, as TeX does.
_BIG_OPERATORS = {"\u2211", "\u220f", "\u2210", "\u22c2", "\u22c3"}
_LIMITS = {_tag(scripts): _tag(limits) for scripts, limits in [("msub", "munder"), ("msup", "mover"), ("msubsup", "munderover")]}
# Elements whose children sit side by side in one row.
_ROWS = {_tag(name) for name in ("math", "mrow", "msqrt", "mtd", "mstyle", "mpadded", "mphantom", "menclose", "merror")}
# MathML Core dropped the named widths latex2mathml writes for \! and friends (in 18ths of an em).
_NAMED_SPACES = {
    f"{sign}{name}mathspace": f"{'-' if sign else ''}{eighteenths / 18:.4f}em"
    for sign in ("", "negative")
    for name, eighteenths in (("veryverythin", 1), ("verythin", 2), ("thin", 3), ("medium", 4),
                              ("thick", 5), ("verythick", 6), ("veryverythick", 7))
}
_PRIMES = set("\u2032\u2033\u2034\u2057'")
# Operators that end a term: a + or - after one of them subtracts ("(a) - b"); after
# any other operator, or first in a row, it is a sign ("= -(", "(-x", "a, -b").
_ENDS_A_TERM = set(")]}|\u2016\u2309\u230b\u27e9!\u2032\u2033\u2034\u2026")
_SIGNS = {"\u2212", "+", "\u00b1", "\u2213"}
# latex2mathml's \hat is the ASCII circumflex, which the browser stretches over the letter.
_ACCENTS = {"^": "\u02c6", "~": "\u02dc"}
_SCRIPTED = {_tag(name) for name in ("msub", "msup", "msubsup", "munder", "mover", "munderover")}
_ELLIPSES = {"\u2026", "\u22ef", "\u22ee", "\u22f1"}
THIN_SPACE = "0.1667em"
FUNCTION_APPLICATION = "\u2061"


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
    _typeset_like_tex(root, display=display)
    missing = missing_characters("".join(root.itertext()))
    if missing:
        listed = ", ".join(f"'{char}' (U+{ord(char):04X})" for char in missing)
        raise fail(f"the site's math font has no glyph for {listed}; "
                   "add it to CHARACTERS in src/workshop_site/steps/math_font.py and cut the font again")
    return ElementTree.tostring(root, encoding="unicode")


def _typeset_like_tex(root: ElementTree.Element, *, display: bool) -> None:
    """Rewrite latex2mathml's markup where MathML Core would set it otherwise than TeX does."""
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in list(root.iter()):
        if element.tag == _tag("mspace") and element.get("width") in _NAMED_SPACES:
            element.set("width", _NAMED_SPACES[element.get("width")])
        elif element.tag == _tag("mo") and _NAMED_OPERATOR.fullmatch(element.text or ""):
            element.tag = _tag("mi")
        elif element.tag in _LIMITS and len(element) and (element[0].text or "") in _BIG_OPERATORS:
            element.tag = _LIMITS[element.tag]
        elif element.tag == _tag("mover") and element.get("accent") == "true" and len(element) == 2:
            # A fixed-size accent, as TeX's \hat and \bar, rather than one stretched over its base.
            mark = element[1]
            mark.text = _ACCENTS.get(mark.text or "", mark.text)
            mark.set("stretchy", "false")
    for element in list(root.iter()):
        if element.tag == _tag("msup") and len(element) == 2 and _is_prime(element[1]):
            _unwrap_prime(element, parents[element])
    if display:
        for element in list(root.iter()):
            # \max_j under its name in a display formula, as TeX puts it, unless inside a
            # fraction or a script (TeX's text style there keeps it a subscript).
            if element.tag == _tag("msub") and _is_named_operator(element[0]) and _on_the_main_row(element, parents):
                element.tag = _tag("munder")
    for row in list(root.iter()):
        if row.tag in _ROWS:
            _space_row(row)
    for scripted in list(root.iter()):
        # TeX sets no space around =, + or - in a sub- or superscript ("j=1", "t-1").
        if scripted.tag in _SCRIPTED:
            for script in list(scripted)[1:]:
                for operator in script.iter(_tag("mo")):
                    operator.attrib.setdefault("lspace", "0")
                    operator.attrib.setdefault("rspace", "0")
    for dots in root.iter(_tag("mo")):
        if dots.text in _ELLIPSES:  # "1, \dots, K": an ordinary symbol to TeX, not an operator
            dots.attrib.setdefault("lspace", "0")
            dots.attrib.setdefault("rspace", "0")


def _is_prime(element: ElementTree.Element) -> bool:
    return element.tag in (_tag("mi"), _tag("mo")) and bool(element.text) and set(element.text) <= _PRIMES


def _unwrap_prime(msup: ElementTree.Element, parent: ElementTree.Element) -> None:
    """``f'`` as f followed by a prime operator: the font's prime is drawn raised already.

    As a superscript (latex2mathml's ``<msup>``) it is raised a second time and shrunk
    to a speck above the letter.
    """
    base, prime = list(msup)
    mark = ElementTree.Element(_tag("mo"), {"lspace": "0", "rspace": "0"})
    mark.text = prime.text.replace("'", "\u2032")
    group = ElementTree.Element(_tag("mrow"))
    group.extend([base, mark])
    parent[list(parent).index(msup)] = group


def _is_named_operator(element: ElementTree.Element) -> bool:
    r"""\log, \max, \tanh, \operatorname{ReLU}: an upright name (after the rewrite above), or one with limits."""
    if element.tag in (_tag("munder"), _tag("msub"), _tag("mover"), _tag("msup"), _tag("msubsup"), _tag("munderover")):
        return len(element) > 0 and _is_named_operator(element[0])
    if element.tag == _tag("mrow") and len(element) == 2 and element[1].tag == _tag("mo") and element[1].text == "\u2032":
        return _is_named_operator(element[0])  # ReLU', with its prime unwrapped
    return element.tag == _tag("mi") and bool(_NAMED_OPERATOR.fullmatch(element.text or ""))


def _on_the_main_row(element: ElementTree.Element, parents: dict) -> bool:
    parent = parents.get(element)
    while parent is not None:
        if parent.tag not in (_tag("mrow"), _tag("math")):
            return False
        parent = parents.get(parent)
    return True


def _space_row(row: ElementTree.Element) -> None:
    """Signs after an operator, and the thin spaces TeX puts around a function name."""
    children = list(row)
    for index, child in enumerate(children):
        before = children[index - 1] if index else None
        if child.tag == _tag("mo") and child.text in _SIGNS:
            # "= -(y ...)", "(-x": a sign, set tight to what follows (TeX's unary minus).
            if before is None or (before.tag == _tag("mo") and (before.text or "") not in _ENDS_A_TERM):
                child.set("form", "prefix")
    for child in children:
        if not _is_named_operator(child):
            continue
        position = list(row).index(child)
        after = row[position + 1] if position + 1 < len(row) else None
        before = row[position - 1] if position else None
        # The invisible "function application" tells a screen reader "log of y".
        application = ElementTree.Element(_tag("mo"))
        application.text = FUNCTION_APPLICATION
        if after is not None and not _is_prime(after):  # ReLU' is one name: the space goes after the prime
            row.insert(position + 1, application)
            if after.tag != _tag("mo"):  # "log y": TeX's thin space between an operator and a letter
                row.insert(position + 2, ElementTree.Element(_tag("mspace"), {"width": THIN_SPACE}))
        if before is not None and (before.tag != _tag("mo") or (before.text or "") in _ENDS_A_TERM):
            row.insert(position, ElementTree.Element(_tag("mspace"), {"width": THIN_SPACE}))  # "y log"


def _where(node: nodes.Element) -> str:
    source, line = get_source_line(node)  # the nearest ancestor's, for inline math
    return f"{source}:{line}" if line else source or ""


def _in_html(mathml: str) -> str:
    """``mathml`` without what HTML implies: the HTML parser puts ``<math>`` in MathML's namespace, and inline is its default."""
    return mathml.replace(f' xmlns="{MATHML}"', "", 1).replace(' display="inline"', "", 1)


def visit_math(self, node: nodes.math) -> None:
    mathml = _in_html(latex_to_mathml(node.astext(), display=False, where=_where(node)))
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
        chains = split_display(part)
        if len(chains) == 1 and len(chains[0]) == 1:
            self.body.append(_in_html(latex_to_mathml(part, display=True, where=_where(node))))
            continue
        self.body.append('<div class="math-parts">')
        for chain in chains:
            self.body.append('<div class="math-chain">')
            self.body.extend(_in_html(latex_to_mathml(piece, display=True, where=_where(node))) for piece in chain)
            self.body.append("</div>")
        self.body.append("</div>")
    self.body.append("</div>\n")
    raise nodes.SkipNode


def split_display(latex: str) -> list[list[str]]:
    """Where a display formula may break on a narrow screen: its parts, each a chain of pieces.

    MathML has no line breaking, so each piece becomes its own ``<math>`` and the
    page's CSS sets them in one line where they fit. Parts are what ``\\qquad``
    separates at the top level (``m_t = ..., \\qquad v_t = ...``); a part with
    more than one top-level ``=`` breaks before each ``=`` after the first, as
    TeX's displays break, so ``x = a + b = 5`` is ``x = a + b`` then ``= 5``.
    Nothing inside braces, ``\\left ... \\right`` or an environment is split.
    """
    parts, chain, depth, start, equals = [], [], 0, 0, 0
    token_pattern = r"\\(begin|end)\{[^}]*\}|\\(left|right|qquad)(?![A-Za-z])|\\[{}]|[{}=]"
    for match in re.finditer(token_pattern, latex):
        token = match.group()
        if token == "{" or token.startswith(("\\begin", "\\left")):
            depth += 1
        elif token == "}" or token.startswith(("\\end", "\\right")):
            depth -= 1
        elif depth:
            continue
        elif token == "\\qquad":
            parts.append([*chain, latex[start : match.start()]])
            chain, start, equals = [], match.end(), 0
        elif token == "=":
            equals += 1
            if equals > 1:
                chain.append(latex[start : match.start()])
                start = match.start()
    parts.append([*chain, latex[start:]])
    parts = [[piece.strip() for piece in part if piece.strip()] for part in parts]
    return [part for part in parts if part] or [[latex]]


def add_math_assets(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Ask early for the math font on a page with a formula (its @font-face is in site.css).

    The browser finds the font only once the stylesheets are parsed and a formula
    laid out; asking for it with the stylesheets saves that round trip, and the
    formulas do not shift when it arrives. Pages without a formula never fetch it.
    """
    if "<math" not in context.get("body", ""):
        return
    font = context["pathto"](f"_static/{FONT_PATH}", 1)
    context["metatags"] = context.get("metatags", "") + f'\n<link rel="preload" href="{font}" as="font" type="font/woff2" crossorigin>'



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

