"""Page weight: the bytes of every local resource a built HTML page makes the browser load.

A page's *own* weight is the HTML file, its scripts, stylesheets, what the
stylesheets load through ``url()`` / ``@import`` (fonts, icons, background
images) and its icons; *figures* (``<img>``, ``<object>``, ``<embed>``, video
posters) are counted apart. Sizes are bytes on disk, uncompressed, each
resource once per page. ``srcset`` candidates are not counted: a browser
fetches one image per element, and ``src`` is the one an ordinary screen uses
(a high-density phone, as Lighthouse's emulated one, fetches the 2x file).
Every ``url()`` in a stylesheet is counted, including fonts a page may never
use, so the own weight is an upper bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# The one parser of a page's URLs, shared with the site tests.
from site_harness.pages import css_references, parse_page, resolve

# Folders of a Sphinx build that hold no pages of their own.
NOT_PAGES = {"_static", "_sources", "_downloads", "_images", ".doctrees"}


@dataclass
class PageWeight:
    page: str  # path relative to the site's root
    html_bytes: int
    own_bytes: int  # html + scripts + stylesheets + what they load + icons
    figure_bytes: int
    resources: int  # distinct local files counted in own_bytes, the page excluded
    figures: int
    missing: list[str] = field(default_factory=list)  # referenced but not in the build


def _total_size(root: Path, paths: set[str], missing: list[str]) -> int:
    """Bytes of the files at ``paths``; the ones that do not exist are appended to ``missing``."""
    total = 0
    for path in sorted(paths):
        size = _file_size(root, path)
        if size is None:
            missing.append(path)
        else:
            total += size
    return total


def _file_size(root: Path, path: str) -> int | None:
    target = root / path
    return target.stat().st_size if target.is_file() else None


def _stylesheet_closure(root: Path, stylesheets: list[str]) -> set[str]:
    """Every local file the given stylesheets load, following @import, themselves excluded."""
    loaded: set[str] = set()
    pending = list(stylesheets)
    seen = set(stylesheets)
    while pending:
        sheet = pending.pop()
        target = root / sheet
        if not target.is_file():
            continue
        for url in css_references(target.read_text(encoding="utf-8", errors="replace")):
            path = resolve(url, sheet)  # url() is relative to the stylesheet, not the page
            if path is None or path in seen:
                continue
            seen.add(path)
            loaded.add(path)
            if path.endswith(".css"):
                pending.append(path)
    return loaded


def page_weight(root: Path, page: str) -> PageWeight:
    """The weight of ``page`` (a path relative to ``root``, the built site)."""
    html = (root / page).read_text(encoding="utf-8", errors="replace")
    found = parse_page(html)
    own = {path for url in found.own if (path := resolve(url, page, found.base))}
    sheets = sorted(path for url in found.stylesheets if (path := resolve(url, page, found.base)))
    own |= _stylesheet_closure(root, sheets)
    own.discard(page)
    figures = {path for url in found.figures if (path := resolve(url, page, found.base))}
    missing: list[str] = []
    own_bytes = _total_size(root, own, missing)
    figure_bytes = _total_size(root, figures, missing)
    html_bytes = (root / page).stat().st_size
    return PageWeight(
        page=page,
        html_bytes=html_bytes,
        own_bytes=html_bytes + own_bytes,
        figure_bytes=figure_bytes,
        resources=len(own) - sum(1 for path in missing if path in own),
        figures=len(figures),
        missing=missing,
    )


def site_pages(root: Path) -> list[str]:
    """Every HTML page of a built site, as sorted paths relative to ``root``."""
    pages = []
    for path in root.rglob("*.html"):
        relative = path.relative_to(root)
        if not NOT_PAGES & set(relative.parts[:-1]):
            pages.append(relative.as_posix())
    return sorted(pages)


def site_weights(root: Path) -> list[PageWeight]:
    """The weight of every page, heaviest (own resources) first."""
    weights = [page_weight(root, page) for page in site_pages(root)]
    return sorted(weights, key=lambda weight: (-weight.own_bytes, weight.page))
