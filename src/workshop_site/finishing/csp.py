"""A strict Content-Security-Policy on every page, with the hashes of what the page writes inline.

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

Why on the written files rather than in templates: these come from the
theme's and Sphinx's own templates, which we would otherwise have to copy.
It is the last step of the finishing pass (``passes.py``), which runs at
``build-finished`` over every page, also those an incremental build did not
rewrite; securing a page twice gives the same page.

An inline event handler (``onclick=``) or a ``javascript:`` URL cannot be
allowed without weakening the policy: the build fails and names the page.
Our own scripts (widgets, practice, playground) are files and set styles
through the DOM (``el.style.width = ...``), which a policy does not restrict.
"""

from __future__ import annotations

import base64
import hashlib

from bs4 import BeautifulSoup, Tag
from bs4.element import Stylesheet
from sphinx.errors import ExtensionError

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
# Script types that a browser executes (a JSON data block is not executed, so not governed).
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}
URL_ATTRIBUTES = ("href", "src", "action")
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


def _opening_tag(tag: Tag) -> str:
    """The start tag as written, for an error message."""
    return str(tag).split(">", 1)[0][:120] + ">"


def check_no_inline_handlers(soup: BeautifulSoup, page: str) -> None:
    """Fail on an ``on...=`` attribute or a ``javascript:`` URL: no policy can allow them but 'unsafe-inline'."""
    for tag in soup.find_all(True):
        handler = any(name.lower().startswith("on") for name in tag.attrs)
        script_url = any(str(tag.get(name, "")).strip().lower().startswith("javascript:") for name in URL_ATTRIBUTES)
        if handler or script_url:
            raise UnsafeMarkupError(
                f"{page}: {_opening_tag(tag)!r} runs inline JavaScript, which the site's "
                "Content-Security-Policy blocks; attach the handler from a script file instead"
            )


def move_style_attributes(soup: BeautifulSoup) -> dict[str, str]:
    """Replace every ``style="..."`` by a class; return class -> declarations."""
    rules: dict[str, str] = {}
    for tag in soup.find_all(style=True):
        declarations = str(tag["style"]).strip()
        del tag["style"]
        if not declarations:
            continue
        name = _class_for(declarations)
        rules[name] = declarations
        tag["class"] = [*tag.get("class", []), name]
    return rules


def _inline_text(tag: Tag) -> str:
    return "".join(str(child) for child in tag.children)


def policy_for(soup: BeautifulSoup) -> str:
    """The page's policy: the base one plus the hashes of its inline scripts and styles."""
    policy = {directive: list(sources) for directive, sources in BASE_POLICY.items()}
    for script in soup.find_all("script"):
        if script.has_attr("src"):
            continue
        if str(script.get("type", "")).strip().lower() in EXECUTABLE_TYPES:
            policy["script-src"].append(source_hash(_inline_text(script)))
    for style in soup.find_all("style"):
        policy["style-src"].append(source_hash(_inline_text(style)))
    for sources in policy.values():
        sources[:] = list(dict.fromkeys(sources))  # each hash once, order kept
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())


def _remove_policy(soup: BeautifulSoup) -> None:
    """Take out an earlier pass's policy."""
    for meta in soup.find_all("meta", attrs={"http-equiv": META_NAME}):
        meta.decompose()


def secure(soup: BeautifulSoup, page: str = "<page>") -> None:
    """Give the parsed page its style attributes as classes and its policy in a meta element.

    Idempotent: a page already secured comes out unchanged.
    """
    _remove_policy(soup)
    check_no_inline_handlers(soup, page)
    rules = move_style_attributes(soup)
    if rules:
        if soup.head is None:
            raise UnsafeMarkupError(f"{page}: no <head> to hold the styles of its style attributes")
        block = soup.new_tag("style", id=STYLE_BLOCK_ID)
        css = "\n".join(f".{name} {{ {_important(rules[name])} }}" for name in sorted(rules))
        block.append(Stylesheet(f"\n{css}\n"))
        soup.head.append(block)
    charset = soup.find("meta", charset=True)
    if charset is None:
        raise UnsafeMarkupError(f"{page}: no <meta charset> to put the Content-Security-Policy after")
    meta = soup.new_tag("meta")
    meta["http-equiv"], meta["content"] = META_NAME, policy_for(soup)
    charset.insert_after(meta)


def secure_page(html: str, page: str = "<page>") -> str:
    """``secure`` on the text of a page (the finishing pass's parser and serialisation)."""
    from workshop_site.finishing.passes import parse, serialise

    soup = parse(html)
    secure(soup, page)
    return serialise(soup)
