"""Sphinx extension ``copy_code``: a copy button on code blocks, copying neither prompts nor outputs.

Why not sphinx-copybutton, which the site used before: its script (8.5 kB,
with messages in seven languages and options this site does not use) loads
clipboard.js (9 kB) for browsers without a clipboard API; 17.5 kB on every
page with code, more than issue 15 lets a page grow by beyond its math font.
Every browser the site supports has ``navigator.clipboard``; where a page is
opened from a plain ``http://`` address (no clipboard API there) the script
falls back to ``document.execCommand("copy")``. ``_static/copy-code.js`` does
the rest in about 2 kB minified: the same button (sphinx-copybutton's class
names and tooltip, which site.css styles), the same rules (a selector for the
blocks, a prompt pattern, parts left out).

Settings, in conf.py:

- ``copy_code_selector``: the ``<pre>`` elements that get a button (CSS);
- ``copy_code_prompt``: a regular expression (JavaScript's syntax) for the
  prompts; when a block has prompted lines, only those are copied, without
  the prompt;
- ``copy_code_exclude``: the parts of a block never copied (CSS).

The script is added, deferred, only to pages with highlighted code, and
reads the settings from the page's JSON data block for it
(:func:`~workshop_site.content.data_block.data_block`, the one way the site hands data to its scripts).
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx

from workshop_site.content.data_block import data_block

JS_FILE = "copy-code.js"  # in docs/_static
# Highlighted code: Pygments' box, inside any class attribute.
HAS_CODE = re.compile(r"""class=["'][^"']*\bhighlight\b""")


def add_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if not HAS_CODE.search(context.get("body", "")):
        return
    config = app.config
    app.add_js_file(JS_FILE, loading_method="defer")
    context["body"] += data_block("copy-code", settings(config))


def settings(config) -> dict:
    """What copy-code.js reads from its data block."""
    return {"selector": config.copy_code_selector, "prompt": config.copy_code_prompt, "exclude": config.copy_code_exclude}


def check_settings(app: Sphinx, config) -> None:
    for name in ("copy_code_selector", "copy_code_prompt", "copy_code_exclude"):
        if not isinstance(config[name], str):
            raise ValueError(f"{name} must be a string, got {config[name]!r}")
    if not config.copy_code_selector.strip():
        raise ValueError("copy_code_selector must select the <pre> elements that get a copy button, got ''")
    try:
        re.compile(config.copy_code_prompt)
    except re.error as error:
        raise ValueError(f"copy_code_prompt must be a regular expression, got {config.copy_code_prompt!r} ({error})") from None

