"""Sphinx extension ``playground``: the in-page network trainer, placed by a directive.

In a MyST page::

    ```{playground}
    ```

emits a ``<div data-playground>`` that ``_static/playground/playground.js``
(an ES module) turns into the playground. Inside the div, as a JSON data block
(:func:`~workshop_site.content.data_block.data_block`, the site's one way of handing data to scripts),
is :func:`playground_data`: the output layer and loss that
:func:`workshop.units.output_layer_table` gives for each task the page can make
(binary, multiclass with 3 to 5 classes, regression), so the page reads that
table instead of keeping a copy. Also inside the div is the fallback for
readers without JavaScript: what the playground does, and the same table.

The playground's script and stylesheet are added only to a page that holds it.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from workshop_site.content.data_block import data_block
from workshop_site.content.fallback import fallback_table

JS_FILE = "playground/playground.js"
CSS_FILE = "playground/playground.css"
# The most classes a data set in the page can have (MAX_CLASSES in playground/data.js).
MAX_CLASSES = 5


def playground_data() -> dict:
    """What the playground's script reads from its data block: the output-layer table's rows."""
    from workshop.units import output_layer_table

    return {"output_layers": output_layer_table(MAX_CLASSES)}


class playground_node(nodes.General, nodes.Element):
    """The playground's placeholder div; its children are the fallback."""


class PlaygroundDirective(SphinxDirective):
    """``playground``: place the network trainer."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        data = playground_data()
        node = playground_node(data=data)
        note = nodes.paragraph(classes=["playground-fallback-note"])
        note += nodes.emphasis(text="The playground needs JavaScript. ")
        note += nodes.Text(
            "With it, this is where you pick a data set, build a network of Dense layers and train it "
            "with SGD, RMSprop or Adam, watching its decision regions and its loss. The output layer "
            "follows the task:"
        )
        node += note
        node += fallback_table(["task", "output units", "activation", "loss"],
                       [[_task_name(row), str(row["units"]), row["activation"], row["loss"]] for row in data["output_layers"]],
                               "playground-fallback-table")
        self.set_source_info(node)
        return [node]


def _task_name(row: dict) -> str:
    return row["task"] if row["n_classes"] is None else f"{row['task']}, {row['n_classes']} classes"


def visit_playground_html(translator, node: playground_node) -> None:
    translator.body.append(f'<div class="workshop-playground" data-playground>{data_block("playground", node["data"])}')


def depart_playground_html(translator, node: playground_node) -> None:
    translator.body.append("</div>\n")


def _pass(translator, node) -> None:
    pass


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is not None and doctree.next_node(playground_node) is not None:
        app.add_css_file(CSS_FILE)
        app.add_js_file(JS_FILE, type="module")

