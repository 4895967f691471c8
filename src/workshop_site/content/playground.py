"""Sphinx extension ``playground``: the in-page network trainer, placed by a directive.

In a MyST page::

    ```{playground}
    ```

emits a ``<div data-playground>`` that ``_static/playground/playground.js``
(an ES module) turns into the playground. The div carries, as JSON in
``data-output-layers``, the output layer and loss that
:func:`workshop.units.output_layer` gives for each task the page can make
(binary, multiclass with 3 to 5 classes, regression): the page reads that
table instead of keeping a copy. Inside the div is the fallback for readers
without JavaScript: what the playground does, and the same table.

The playground's script and stylesheet are added only to a page that holds it.
"""

from __future__ import annotations

import json
from html import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

JS_FILE = "playground/playground.js"
CSS_FILE = "playground/playground.css"
# The most classes a data set in the page can have (MAX_CLASSES in playground/data.js).
MAX_CLASSES = 5


def output_layer_table() -> dict:
    """{"binary": {...}, "regression": {...}, "multiclass": {"3": {...}, ...}}: units, activation, loss per task."""
    from workshop.units import output_layer

    def row(task, n_classes=None):
        return output_layer(task, n_classes)._asdict()

    return {
        "binary": row("binary"),
        "regression": row("regression"),
        "multiclass": {str(k): row("multiclass", k) for k in range(3, MAX_CLASSES + 1)},
    }


class playground_node(nodes.General, nodes.Element):
    """The playground's placeholder div; its children are the fallback."""


class PlaygroundDirective(SphinxDirective):
    """``playground``: place the network trainer."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        table = output_layer_table()
        node = playground_node(table=table)
        note = nodes.paragraph(classes=["playground-fallback-note"])
        note += nodes.emphasis(text="The playground needs JavaScript. ")
        note += nodes.Text(
            "With it, this is where you pick a data set, build a network of Dense layers and train it "
            "with SGD, RMSprop or Adam, watching its decision regions and its loss. The output layer "
            "follows the task:"
        )
        node += note
        rows = [("binary", table["binary"]), ("regression", table["regression"])]
        rows += [(f"multiclass, {k} classes", spec) for k, spec in table["multiclass"].items()]
        node += _table(["task", "output units", "activation", "loss"],
                       [[task, str(s["units"]), s["activation"], s["loss"]] for task, s in rows])
        self.set_source_info(node)
        return [node]


def _table(header: list[str], rows: list[list[str]]) -> nodes.table:
    table = nodes.table(classes=["playground-fallback-table"])
    group = nodes.tgroup(cols=len(header))
    table += group
    group += [nodes.colspec(colwidth=1) for _ in header]
    head, body = nodes.thead(), nodes.tbody()
    group += [head, body]
    for target, lines in ((head, [header]), (body, rows)):
        for line in lines:
            row = nodes.row()
            for cell in line:
                entry = nodes.entry()
                entry += nodes.paragraph(text=cell)
                row += entry
            target += row
    return table


def visit_playground_html(translator, node: playground_node) -> None:
    table = escape(json.dumps(node["table"], separators=(",", ":")), quote=True)
    translator.body.append(f'<div class="workshop-playground" data-playground data-output-layers="{table}">')


def depart_playground_html(translator, node: playground_node) -> None:
    translator.body.append("</div>\n")


def _pass(translator, node) -> None:
    pass


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is not None and doctree.next_node(playground_node) is not None:
        app.add_css_file(CSS_FILE)
        app.add_js_file(JS_FILE, type="module")

