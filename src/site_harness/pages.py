"""Reading built pages: the URLs a page loads (for the page weight and the site's own checks), and a page as a soup."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

# <link rel=...> values that make the browser fetch the linked file.
FETCHING_LINK_RELS = frozenset(
    {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch", "modulepreload", "manifest", "mask-icon"}
)
CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")
CSS_IMPORT = re.compile(r"@import\s+(['\"])([^'\"]+)\1")
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
# Elements whose src (and srcset) is media the page shows.
MEDIA_TAGS = {"img", "iframe", "source", "video", "audio", "track", "embed"}


@dataclass
class PageResources:
    """The URLs one HTML page references, as written in it."""

    base: str | None = None
    own: list[str] = field(default_factory=list)  # scripts, stylesheets, icons
    stylesheets: list[str] = field(default_factory=list)  # a subset of own, to read for url()
    figures: list[str] = field(default_factory=list)  # img src, object data, embed src, video poster
    other: list[str] = field(default_factory=list)  # srcset candidates, other media, url() in style attributes and <style>

    @property
    def fetched(self) -> list[str]:
        """Every URL the browser may load to display the page (not the links a reader may follow)."""
        return self.own + self.figures + self.other


class _ResourceParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = PageResources()
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        found = self.found
        if attributes.get("style"):
            found.other += css_references(attributes["style"])
        if attributes.get("srcset"):
            found.other += [candidate.split()[0] for candidate in attributes["srcset"].split(",") if candidate.strip()]
        src = attributes.get("src")
        if tag == "base" and attributes.get("href") and found.base is None:
            found.base = attributes["href"]
        elif tag == "script" and src:
            found.own.append(src)
        elif tag == "link" and attributes.get("href"):
            rels = set(attributes.get("rel", "").lower().split())
            if rels & FETCHING_LINK_RELS:
                found.own.append(attributes["href"])
                if "stylesheet" in rels:
                    found.stylesheets.append(attributes["href"])
        elif (tag in ("img", "embed") or (tag == "input" and attributes.get("type", "").lower() == "image")) and src:
            found.figures.append(src)
        elif tag == "object" and attributes.get("data"):
            found.figures.append(attributes["data"])
        elif tag == "video" and attributes.get("poster"):
            found.figures.append(attributes["poster"])
            if src:
                found.other.append(src)
        elif tag in MEDIA_TAGS and src:
            found.other.append(src)
        elif tag == "style":
            self._in_style = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found.other += css_references(data)


def parse_page(html: str) -> PageResources:
    """The resources an HTML document references (external ones included)."""
    parser = _ResourceParser()
    parser.feed(html)
    parser.close()
    return parser.found


def css_references(css: str) -> list[str]:
    """The URLs a stylesheet loads: every ``url(...)`` and ``@import "..."``, comments ignored."""
    css = CSS_COMMENT.sub("", css)
    urls = [match.group(2).strip() for match in CSS_URL.finditer(css)]
    urls += [match.group(2).strip() for match in CSS_IMPORT.finditer(css)]
    return [url for url in urls if url]


def is_external(url: str) -> bool:
    """Whether ``url`` names another host (``https://...``, ``//host/...``); data: URLs are not."""
    parts = urlsplit(url)
    return bool(parts.scheme and parts.scheme != "data") or url.startswith("//")


def is_local(url: str) -> bool:
    """Whether ``url`` is a file of the site, rather than another host, inline data or a fragment."""
    parts = urlsplit(url)
    return not (parts.scheme or parts.netloc or url.startswith("#") or not parts.path)


def resolve(url: str, referrer: str, base: str | None = None) -> str | None:
    """The site-root-relative path ``url`` names when found in ``referrer`` (a site path), or None.

    Query strings (Sphinx's ``?v=hash``) and fragments are dropped; a URL that
    climbs above the site's root resolves to None.
    """
    if not is_local(url):
        return None
    page_url = "/" + referrer
    anchor = urljoin(page_url, base) if base else page_url
    path = unquote(urlsplit(urljoin(anchor, url)).path)
    if ".." in PurePosixPath(path).parts:
        return None
    return path.lstrip("/")


@functools.cache
def read_page(path: Path) -> BeautifulSoup:
    """The built page at ``path``, parsed once per process and shared by every test that reads it: copy it before changing it."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"{path} was not built")
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def concept_pages() -> list[str]:
    """The concept pages in reading order: the toctree of docs/concepts/index.md (the front page lists the same)."""
    from site_harness import ROOT

    text = (ROOT / "docs" / "concepts" / "index.md").read_text(encoding="utf-8")
    toctree = re.search(r"```\{toctree\}\n(.*?)```", text, re.DOTALL)[1]
    return [line.strip() for line in toctree.splitlines() if line.strip() and not line.startswith(":")]
