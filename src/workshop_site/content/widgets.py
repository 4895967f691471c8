"""Sphinx extension ``widgets``: interactive widgets placed by a directive.

In a MyST page::

    ```{widget} softmax
    ```

(or ``.. widget:: softmax`` in reStructuredText) emits a ``<div
data-widget="softmax">`` that the ES module ``_static/widgets/widgets.js`` turns
into the interactive widget (``softmax.js``; the math is ``math.js``). Inside the div is a static fallback for readers without
JavaScript: a sentence saying what the widget does and a small table of
numbers computed at build time by :mod:`workshop`, the same functions the
widget's JavaScript mirrors. Other builders (LaTeX, text) get the fallback
only.

The widgets' JavaScript and CSS are added only to pages that hold a widget.
What a widget needs to know from Python (the optimizer's loss surfaces, their
ranges, starts and minima, the suggested learning rates) is computed by the
build from :mod:`workshop` (:func:`widget_data`), never copied by hand into the
JavaScript, and travels inside the widget's element as a JSON data block
(:func:`~workshop_site.content.data_block.data_block`, the site's one way of
handing data to its scripts).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from workshop_site.content.data_block import data_block
from workshop_site.content.fallback import fallback_table
from workshop_site.paths import STATIC_DIR

JS_FILE = "widgets/widgets.js"
CSS_FILE = "widgets/widgets.css"

_CLASSES = ("car", "bus", "airplane", "bike", "cycle")


class widget_node(nodes.General, nodes.Element):
    """The placeholder div for one widget; its children are the fallback."""


def _fmt(value: float) -> str:
    return f"{value:.4g}"


def _activation_fallback():
    from workshop.activations import ACTIVATIONS, derivative

    xs = [-2.0, -1.0, 0.0, 1.0, 2.0]
    rows = []
    for name, function in ACTIVATIONS.items():
        values = function(xs)
        slopes = derivative(name, xs)
        rows.append([name] + [f"{_fmt(v)} (slope {_fmt(s)})" for v, s in zip(values, slopes, strict=True)])
    return (
        "Pick an activation (ReLU, sigmoid, tanh, linear) and move x to see f(x) and its "
        "derivative f'(x) on the curve.",
        fallback_table(["f"] + [f"x = {_fmt(x)}" for x in xs], rows, "widget-fallback-table", "f(x) and f'(x) at a few points"),
    )


def _neuron_fallback():
    from workshop.activations import ACTIVATIONS
    from workshop.neuron import weighted_sum

    inputs, weights, bias = [1.0, 2.0, 3.0], [0.5, -1.0, 2.0], 0.5
    x = weighted_sum(inputs, weights, bias)
    rows = [[name, _fmt(float(function(x)))] for name, function in ACTIVATIONS.items()]
    return (
        "Move the inputs a_i, the weights w_i and the bias b of one neuron and watch the "
        f"weighted sum x = sum of w_i a_i + b and the activation f(x) change. For example, "
        f"inputs {inputs}, weights {weights} and bias {bias} give x = {_fmt(x)}.",
        fallback_table(["activation", f"f({_fmt(x)})"], rows, "widget-fallback-table", "The same weighted sum through each activation"),
    )


def _softmax_fallback():
    from workshop.activations import softmax

    logits = [2.0, 1.0, 0.1, 0.5, -1.0]  # as softmax.js starts, and page 05's table
    probabilities = softmax(logits)
    rows = [[c, _fmt(z), _fmt(p)] for c, z, p in zip(_CLASSES, logits, probabilities, strict=True)]
    return (
        "Move the logits z_i of five classes and the temperature T, and see the softmax "
        "probabilities, which always sum to 1.",
        fallback_table(["class", "logit z", "probability"], rows, "widget-fallback-table", "Softmax of five logits (T = 1)"),
    )


def _crossentropy_fallback():
    from workshop.losses import binary_crossentropy

    predictions = [0.0, 0.01, 0.1, 0.5, 0.9, 0.99, 1.0]
    rows = [
        [_fmt(p), _fmt(float(binary_crossentropy([1.0], [p]))), _fmt(float(binary_crossentropy([0.0], [p])))]
        for p in predictions
    ]
    return (
        "Move the predicted probability and see the binary crossentropy for a true label of 1 "
        "and of 0 (predictions are clipped to [1e-7, 1 - 1e-7] as Keras does); for five classes, "
        "compare the loss from an integer label with the loss from its one-hot vector.",
        fallback_table(["predicted ŷ", "loss if y = 1", "loss if y = 0"], rows, "widget-fallback-table", "Binary crossentropy"),
    )


def _optimizer_fallback():
    from workshop.surfaces import SURFACES

    rows = [[s.name, s.title, s.formula, f"({_fmt(s.start[0])}, {_fmt(s.start[1])})"] for s in SURFACES.values()]
    return (
        "Race SGD, momentum, RMSprop and Adam across a two-dimensional loss surface drawn as "
        "contours, from a start point you choose, with your own learning rates.",
        fallback_table(["surface", "title", "loss", "default start"], rows, "widget-fallback-table", "The loss surfaces"),
    )


FALLBACKS = {
    "activation": _activation_fallback,
    "neuron": _neuron_fallback,
    "softmax": _softmax_fallback,
    "crossentropy": _crossentropy_fallback,
    "optimizer": _optimizer_fallback,
}
"""The widgets by name, each with the function that builds its static fallback."""

NEEDS_DATA = {"optimizer"}
"""The widgets whose element carries :func:`widget_data` (the others need nothing from Python)."""


class WidgetDirective(SphinxDirective):
    """``widget NAME``: place the interactive widget called NAME."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        if name not in FALLBACKS:
            raise self.error(
                f"unknown widget {name!r}: expected one of {', '.join(sorted(FALLBACKS))}"
            )
        text, table = FALLBACKS[name]()
        node = widget_node(widget=name, data=widget_data() if name in NEEDS_DATA else None)
        note = nodes.paragraph(classes=["widget-fallback-note"])
        note += nodes.emphasis(text="Interactive widget (needs JavaScript). ")
        note += nodes.Text(text)
        node += note
        node += table
        self.set_source_info(node)
        return [node]


def visit_widget_html(translator, node: widget_node) -> None:
    name = node["widget"]
    translator.body.append(
        f'<div class="workshop-widget" data-widget="{name}">'
        '<div class="workshop-widget__fallback">'
    )


def depart_widget_html(translator, node: widget_node) -> None:
    data = "" if node.get("data") is None else data_block("widget", node["data"])
    translator.body.append(f"</div>{data}</div>\n")


def _pass(translator, node) -> None:
    pass


def add_static_path(app: Sphinx, config) -> None:
    """Make sure ``docs/_static`` is copied, whatever conf.py lists."""
    confdir = Path(app.confdir)
    listed = {(confdir / entry).resolve() for entry in config.html_static_path}
    if STATIC_DIR not in listed:
        config.html_static_path.append(str(STATIC_DIR))


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is not None and doctree.next_node(widget_node) is not None:
        app.add_css_file(CSS_FILE)
        app.add_js_file(JS_FILE, type="module")  # modules are deferred; it imports the rest


def widget_data() -> dict:
    """What the optimizer widget reads from its data block, computed from :mod:`workshop`."""
    from workshop.surfaces import SUGGESTED_LEARNING_RATES, SUGGESTED_MOMENTUM, SURFACES

    surfaces = {
        name: {
            "name": s.name,
            "title": s.title,
            "formula": s.formula,
            "x_range": list(s.x_range),
            "y_range": list(s.y_range),
            "start": list(s.start),
            "minima": [list(m) for m in s.minima],
        }
        for name, s in SURFACES.items()
    }
    return {
        "surfaces": surfaces,
        "suggested_learning_rates": SUGGESTED_LEARNING_RATES,
        "suggested_momentum": SUGGESTED_MOMENTUM,
    }


