"""A static server for a built site on 127.0.0.1, plain or gzip-compressed as the site's hosts serve it."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # the base class's signature; nothing logged
        pass


# What static hosts (GitHub Pages, Read the Docs) send gzip-compressed to a browser that
# accepts it: text, never images or fonts (PNG and WOFF2 are compressed already).
COMPRESSED_SUFFIXES = frozenset({".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".map"})
GZIP_LEVEL = 6  # zlib's default, and what nginx-style hosts use by default or below


class _CompressingHandler(_QuietHandler):
    """Serves text files gzip-compressed when the request accepts gzip, as the site's hosts do."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSED_SUFFIXES):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)
        self.send_response(http.HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(directory: Path, *, compress: bool = False) -> Iterator[str]:
    """A static server for ``directory`` on 127.0.0.1; yields its base URL, without a trailing slash.

    ``f"{url}/concepts/index.html"`` is a page's address. ``compress=True`` sends
    text gzip-compressed to a browser that accepts it, as the site's hosts do;
    by default every file goes as it is on disk.
    """
    handler = functools.partial(_CompressingHandler if compress else _QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)

