"""The tables that readers without JavaScript see in place of a widget or the playground."""

from __future__ import annotations

from docutils import nodes


def fallback_table(header: list[str], rows: list[list[str]], css_class: str, caption: str | None = None) -> nodes.table:
    """A docutils table of text cells: ``header`` over ``rows``, with an optional caption."""
    table = nodes.table(classes=[css_class])
    if caption is not None:
        table += nodes.title(text=caption)
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
