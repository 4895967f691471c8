"""Sphinx extension ``csp``: a strict Content-Security-Policy on every page.

Every HTML page of the build gets a ``<meta http-equiv="Content-Security-Policy">``
that allows scripts, styles, images, fonts and requests from the site itself
only: nothing from another host, no ``eval``, no inline event handlers. What
the theme and Sphinx still write inline is allowed by its hash, page by page:

- Furo's one inline script (it restores the reader's light/dark choice before
  the first paint: as a file it would cost a render-blocking request);
- the inline ``<style>`` with Pygments' code colours;
- ``style="..."`` attributes (Furo's hidden SVG sprite and icon opacity,
  Sphinx's index tables). A policy can allow those only with
  ``'unsafe-hashes'``, so each page's attributes become classes instead, with
  their rules in one hashed ``<style>`` block in that page's head.

Why a pass over the written files rather than templates: these come from the
theme's and Sphinx's own templates, which we would otherwise have to copy.
The pass runs at ``build-finished`` over every page, also those an
incremental build did not rewrite, and gives the same bytes when run twice.

An inline event handler (``onclick=``) or a ``javascript:`` URL cannot be
allowed without weakening the policy: the build fails and names the page.
Our own scripts (widgets, practice, playground) are files and set styles
through the DOM (``el.style.width = ...``), which a policy does not restrict.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

# The policy before the per-page hashes. `data:` images are the theme's icons
# (SVG data URLs in furo.css). `file:` lets the site work when opened from disk:
# Chromium's 'self' does not match file: URLs, and an http(s) page cannot load
# file: URLs anyway, so it allows nothing more on a served site.
BASE_POLICY = {
    "default-src": ["'self'", "file:"],
    "script-src": ["'self'", "file:"],
    "style-src": ["'self'", "file:"],
    "img-src": ["'self'", "file:", "data:"],
    "font-src": ["'self'", "file:"],
    "connect-src": ["'self'", "file:"],
    "worker-src": ["'self'", "file:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
META_NAME = "Content-Security-Policy"
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?')
# Where the meta goes: right after <meta charset>, before anything it governs.
CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)
# Script types that a browser executes (a JSON data block is not executed, so not governed).
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}
SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b(?P<attrs>[^>]*)>(?P<body>.*?)</style>", re.DOTALL | re.IGNORECASE)
# A start tag, with attribute values that may hold ">" inside quotes.
START_TAG = re.compile(r"""<[a-zA-Z][\w:-]*(?:\s+[^\s=>/"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*\s*/?>""")
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""", re.IGNORECASE)
CLASS_ATTRIBUTE = re.compile(r"""(?P<lead>\sclass\s*=\s*)(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"""\son[a-z]+\s*=""", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""\s(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
ATTRIBUTE_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
# The block that holds a page's former style attributes, and its classes.
STYLE_BLOCK_ID = "csp-attribute-styles"
CLASS_PREFIX = "csp-style-"


class UnsafeMarkupError(ExtensionError):
    """A page holds markup that no policy can allow without 'unsafe-inline'."""


def source_hash(text: str) -> str:
    """The CSP hash source of an inline script's or style's text, as browsers compute it."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _class_for(declarations: str) -> str:
    return CLASS_PREFIX + hashlib.sha256(declarations.encode("utf-8")).hexdigest()[:10]


def _important(declarations: str) -> str:
    """The declarations with ``!important``: an attribute beat every stylesheet rule, and so must its class."""
    parts = [part.strip() for part in declarations.split(";") if part.strip()]
    return "; ".join(part if part.endswith("!important") else f"{part} !important" for part in parts)


def _protected_spans(html: str) -> list[tuple[int, int]]:
    """Where scripts and style elements are: their text is code, not markup to rewrite."""
    return sorted([m.span() for m in SCRIPT.finditer(html)] + [m.span() for m in STYLE_ELEMENT.finditer(html)])


def _move_style_attributes(html: str, protected: list[tuple[int, int]]) -> tuple[str, dict[str, str]]:
    """Replace every ``style="..."`` outside ``protected`` spans by a class; return the page and class -> declarations."""
    rules: dict[str, str] = {}

    def inside_code(position: int) -> bool:
        return any(start <= position < end for start, end in protected)

    def rewrite(tag_match: re.Match) -> str:
        tag = tag_match.group(0)
        style = STYLE_ATTRIBUTE.search(tag)
        if style is None or inside_code(tag_match.start()):
            return tag
        declarations = (style["dq"] if style["dq"] is not None else style["sq"]).strip()
        tag = tag[: style.start()] + tag[style.end():]
        if not declarations:
            return tag
        name = _class_for(declarations)
        rules[name] = declarations
        existing = CLASS_ATTRIBUTE.search(tag)
        if existing is None:
            end = -2 if tag.endswith("/>") else -1
            return f'{tag[:end]} class="{name}"{tag[end:]}'
        classes = existing["dq"] if existing["dq"] is not None else existing["sq"]
        return f'{tag[: existing.start()]}{existing["lead"]}"{classes} {name}"{tag[existing.end():]}'

    return START_TAG.sub(rewrite, html), rules


def _check_no_inline_handlers(html: str, page: str, protected: list[tuple[int, int]]) -> None:
    for tag in START_TAG.finditer(html):
        if any(start <= tag.start() < end for start, end in protected):
            continue
        if EVENT_HANDLER.search(tag.group(0)) or JAVASCRIPT_URL.search(tag.group(0)):
            raise UnsafeMarkupError(
                f"{page}: {tag.group(0)[:120]!r} runs inline JavaScript, which the site's "
                "Content-Security-Policy blocks; attach the handler from a script file instead"
            )


def policy_for(html: str) -> str:
    """The page's policy: the base one plus the hashes of its inline scripts and styles."""
    policy = {directive: list(sources) for directive, sources in BASE_POLICY.items()}
    for match in SCRIPT.finditer(html):
        if re.search(r"\bsrc\s*=", match["attrs"], re.IGNORECASE):
            continue
        kind = ATTRIBUTE_TYPE.search(match["attrs"])
        if (kind[1].lower() if kind else "") in EXECUTABLE_TYPES:
            policy["script-src"].append(source_hash(match["body"]))
    for match in STYLE_ELEMENT.finditer(html):
        policy["style-src"].append(source_hash(match["body"]))
    for sources in policy.values():
        sources[:] = list(dict.fromkeys(sources))  # each hash once, order kept
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())


def secure_page(html: str, page: str = "<page>") -> str:
    """The page with its style attributes as classes and its policy in a meta element.

    Idempotent: a page already secured comes back unchanged.
    """
    html = META.sub("", html)
    protected = _protected_spans(html)  # where scripts and styles are, found once for both passes
    _check_no_inline_handlers(html, page, protected)
    html, rules = _move_style_attributes(html, protected)
    if rules:
        css = "\n".join(f".{name} {{ {_important(rules[name])} }}" for name in sorted(rules))
        block = f'<style id="{STYLE_BLOCK_ID}">\n{css}\n</style>'
        if "</head>" not in html:
            raise UnsafeMarkupError(f"{page}: no </head> to hold the styles of its style attributes")
        html = html.replace("</head>", block + "</head>", 1)
    charset = CHARSET.search(html)
    if charset is None:
        raise UnsafeMarkupError(f"{page}: no <meta charset> to put the Content-Security-Policy after")
    meta = f'<meta http-equiv="{META_NAME}" content="{policy_for(html)}">\n'
    return html[: charset.end()] + meta + html[charset.end():]


def secure_build(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.builder.outdir)
    pages = sorted(path for path in outdir.rglob("*.html") if "_static" not in path.parts)
    for path in pages:
        html = path.read_text(encoding="utf-8")
        secured = secure_page(html, str(path.relative_to(outdir)))
        if secured != html:
            path.write_text(secured, encoding="utf-8")
    logger.info("csp: a Content-Security-Policy on %d pages", len(pages))


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", secure_build, priority=900)  # after anything else that writes pages
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
