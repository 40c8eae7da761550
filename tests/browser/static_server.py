"""A small threaded static server for the built site, behaving like a typical static host.

Correct MIME types for Pyodide (``.mjs`` as JavaScript, ``.wasm`` as ``application/wasm``), optional
gzip for text and Wasm (``Content-Encoding: gzip`` when the client accepts it), and cache headers:
content-addressed checker assets are ``immutable``, everything else must revalidate.
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache, partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".txt", ".xml", ".map"}
IMMUTABLE_PREFIX = "/assets/checker/"  # pyodide-<version>/ and app-<source hash>/ never change in place


@lru_cache(maxsize=64)
def _gzipped(path: str, mtime: float) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class SiteHandler(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - class attribute of the stdlib handler
        **SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".whl": "application/octet-stream",
        ".zip": "application/zip",
    }
    use_gzip = False
    sent: list[tuple[str, int]] | None = None  # (path, body bytes) per response, when recording

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "content-length" and self.sent is not None and self.command == "GET":
            self.sent.append((self.path, int(value)))
        super().send_header(keyword, value)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def end_headers(self) -> None:
        if self.path.startswith(IMMUTABLE_PREFIX):
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        else:
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.use_gzip and accepts_gzip and path.suffix in COMPRESSIBLE and path.is_file()):
            return super().send_head()
        if not self.path.split("?")[0].endswith("/") and Path(self.translate_path(self.path)).is_dir():
            return super().send_head()  # let the stdlib redirect to the trailing slash
        if_modified = self.headers.get("If-Modified-Since")
        if if_modified and if_modified == self.date_time_string(int(path.stat().st_mtime)):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.end_headers()
            return None
        body = _gzipped(str(path), path.stat().st_mtime)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
        self.end_headers()
        return BytesIO(body)


@contextmanager
def serve(root: Path, *, use_gzip: bool = False, sent: list[tuple[str, int]] | None = None) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 at a free port; yields the base URL (with trailing slash).

    ``sent``, when given, collects ``(path, body bytes)`` for every GET response (the bytes on the wire,
    compressed when gzip was used; 304 revalidations carry no body and are not counted).
    """
    handler = type("Handler", (SiteHandler,), {"use_gzip": use_gzip, "sent": sent})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
