"""The one way the build hands data to the pages' scripts: a JSON data block.

``<script type="application/json" data-for=NAME>`` inside the element it is
for, read by ``buildData(root, name)`` in ``_static/shared/dom.js``. A data
block is never executed, so the Content-Security-Policy needs no hash and no
``connect-src`` for it; the data travels with the page (offline, no second
request), and only the pages that use it carry it.
"""

from __future__ import annotations

import json


def data_block(name: str, data) -> str:
    """``data`` as a JSON data block for the script that reads ``buildData(root, name)``.

    ``<`` is escaped (as ``\\u003c``, the same character to JSON) so that no text
    in the data can close the block or open a comment.
    """
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False).replace("<", "\\u003c")
    return f'<script type="application/json" data-for="{name}">{text}</script>'
