"""The finishing pass: every written page, parsed once, touched in a stated order, written once.

It runs at ``build-finished``, when every page is on disk, over all of them
(also those an incremental build did not write again), with an HTML parser
(BeautifulSoup on Python's ``html.parser``), never with regular expressions
over a page. First the site's scripts and stylesheets under ``_static`` are
minified (``minify.py``); then, for each page, in this order:

1. ``focusable_code_blocks``: every ``<pre>`` takes keyboard focus, so that a
   keyboard user can scroll a code block or an output wider than the column
   (axe's ``scrollable-region-focusable``). Done here rather than in the
   translator: sphinx-gallery writes its linked code blocks through visitors
   of its own.
2. ``lazy_images``: every image after a page's first, and every gallery
   thumbnail, is fetched only when it scrolls near (``loading="lazy"``). A
   phone's first screen shows the first figure at most; the others would
   otherwise compete with it, and with the text, for the connection. An
   image that already says how to load is left as it is.
3. ``formula_text``: the characters of the page's formulas are gathered, for
   the math font cut once every page has been read (``serve_math_font``).
4. ``served_checksums``: each local script's and stylesheet's ``?v=`` names
   the bytes served (minified), so that a browser's cache never keeps an old copy.
5. ``csp.secure``: style attributes become classes, and the page gets its
   Content-Security-Policy with the hashes of its inline scripts and styles.
   Last, because the hashes must be those of the final markup.

A page is written again only when it changed; the pass is idempotent (a
second run changes nothing), which ``tests/test_finishing.py`` checks on a
fixed folder of pages.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from bs4 import BeautifulSoup
from bs4.dammit import EntitySubstitution
from bs4.formatter import HTMLFormatter
from sphinx.util import logging

from workshop_site.finishing import csp
from workshop_site.finishing.minify import minify_folder

logger = logging.getLogger(__name__)

class _AsWritten(HTMLFormatter):
    """HTML as Sphinx wrote it: attributes in their order (BeautifulSoup sorts them by default),
    void elements without "/>", and only &, < and > escaped in text (the pages are UTF-8, so a
    formula's characters stay characters)."""

    def attributes(self, tag):
        return list(tag.attrs.items())


HTML = _AsWritten(entity_substitution=EntitySubstitution.substitute_xml, void_element_close_prefix=None)
# sphinx-gallery's thumbnail box: the front page, the gallery and the API page show many, most below the fold.
THUMBNAIL = "sphx-glr-thumbcontainer"


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def serialise(soup: BeautifulSoup) -> str:
    return soup.decode(formatter=HTML)


def focusable_code_blocks(soup: BeautifulSoup) -> None:
    for pre in soup.find_all("pre"):
        if not pre.has_attr("tabindex"):
            pre["tabindex"] = "0"


def lazy_images(soup: BeautifulSoup) -> None:
    for index, image in enumerate(soup.find_all("img")):
        if image.has_attr("loading"):
            continue
        if index > 0 or image.find_parent(class_=THUMBNAIL) is not None:
            image["loading"] = "lazy"


def formula_text(page: BeautifulSoup | str) -> str:
    """The characters of every formula in a page (the text of its ``<math>`` elements)."""
    soup = parse(page) if isinstance(page, str) else page
    return "".join(math.get_text() for math in soup.find_all("math"))


def checksum(path: Path) -> str:
    """What Sphinx puts after ``?v=``: the CRC-32 of the file without carriage returns ('' when missing or empty)."""
    try:
        content = path.read_bytes().translate(None, b"\r")
    except FileNotFoundError:
        return ""
    return f"{zlib.crc32(content):08x}" if content else ""


def served_file(url_path: str, folder: Path, outdir: Path) -> Path | None:
    """The file a local URL of a page in ``folder`` loads; None when it is not in the output.

    A root-absolute URL (the 404 page's, which is served at any depth) starts
    with the path the site is served under ("/" or "/<repository>/"): its
    file is the longest tail of the path found under ``outdir``.
    """
    path = unquote(url_path)
    if not path.startswith("/"):
        return folder / path
    parts = [part for part in path.split("/") if part]
    for start in range(len(parts)):
        candidate = outdir.joinpath(*parts[start:])
        if candidate.is_file():
            return candidate
    return None


def served_checksums(soup: BeautifulSoup, folder: Path, outdir: Path) -> None:
    """Point every local ``?v=`` asset URL of the page (in ``folder``) at the checksum of the file as served."""
    for tag, attribute in [*((link, "href") for link in soup.find_all("link", href=True)),
                           *((script, "src") for script in soup.find_all("script", src=True))]:
        url = urlsplit(tag[attribute])
        query = parse_qsl(url.query, keep_blank_values=True)
        if url.scheme or url.netloc or "v" not in dict(query):
            continue
        file = served_file(url.path, folder, outdir)
        served = checksum(file) if file is not None else ""
        if served:
            tag[attribute] = urlunsplit(url._replace(query=urlencode([(k, served if k == "v" else v) for k, v in query])))


def finish_page(html: str, page: str = "<page>", folder: Path | None = None, outdir: Path | None = None) -> tuple[str, str]:
    """One page (in ``folder`` of the site at ``outdir``) through every step, in order: (the finished page, its formulas' characters)."""
    soup = parse(html)
    focusable_code_blocks(soup)
    lazy_images(soup)
    formulas = formula_text(soup)
    if folder is not None:
        served_checksums(soup, folder, outdir if outdir is not None else folder)
    csp.secure(soup, page)
    return serialise(soup), formulas


def finish_folder(outdir: Path) -> str:
    """Finish every page under ``outdir`` in place; return every formula's characters (sorted, each once)."""
    outdir = Path(outdir)
    minify_folder(outdir / "_static")
    characters: set[str] = set()
    pages = sorted(path for path in outdir.rglob("*.html") if "_static" not in path.relative_to(outdir).parts)
    for path in pages:
        html = path.read_text(encoding="utf-8")
        finished, formulas = finish_page(html, path.relative_to(outdir).as_posix(), path.parent, outdir)
        characters.update(formulas)
        if finished != html:
            path.write_text(finished, encoding="utf-8")
    logger.info("finishing: %d pages, each with a Content-Security-Policy", len(pages))
    return "".join(sorted(characters))


def finish_site(app, exception) -> None:
    """``build-finished``: the finishing pass over the written site, then the math font cut to its formulas."""
    if exception is not None or app.builder.format != "html":
        return
    from workshop_site.steps.math_font import serve_math_font

    characters = finish_folder(Path(app.outdir))
    serve_math_font(characters, Path(app.outdir), Path(app.doctreedir))
