"""A small threaded static server for the built site, behaving like a typical static host.

* MIME types Pyodide needs (``.mjs`` as JavaScript, ``.wasm`` as ``application/wasm``).
* Compression as a static host serves it (``use_gzip=True``): the build's precompressed ``.br`` or
  ``.gz`` sibling when the client accepts that encoding (nginx ``brotli_static``/``gzip_static``), and
  gzip on the fly for other text and Wasm (nginx ``gzip on``).
* Cache headers: content-addressed checker assets are ``immutable``, everything else must revalidate.
* For tests of slow networks: ``throttle`` sends the bodies of matching paths in small chunks with a
  pause between them (bytes keep arriving, slowly); ``stall`` sends part of a body and then nothing.
"""

from __future__ import annotations

import gzip
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache, partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".txt", ".xml", ".map", ".zip"}
IMMUTABLE_PREFIX = "/assets/checker/"  # pyodide-<version>/ and app-<hash>/ never change in place
PRECOMPRESSED = ((".br", "br"), (".gz", "gzip"))  # preferred order, as nginx with both modules


@dataclass(frozen=True)
class Slow:
    """Paths matching ``pattern`` are sent ``chunk`` bytes at a time, ``pause`` seconds apart; with
    ``stop_after`` set, the body stops after that many bytes (the connection stays open, silent).
    ``times`` limits the rule to the first so many matching requests (a network that recovers)."""

    pattern: str
    chunk: int = 16_384
    pause: float = 0.2
    stop_after: int | None = None
    times: int | None = None
    used: list[int] = field(default_factory=lambda: [0])  # matching requests so far (shared, mutable)


@lru_cache(maxsize=64)
def _gzipped(path: str, mtime: float) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


def _accepted(header: str) -> set[str]:
    """Encodings named in an Accept-Encoding header (browsers send a plain list: gzip, deflate, br, zstd)."""
    return {part.split(";")[0].strip().lower() for part in header.split(",") if part.strip()}


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
    slow: tuple[Slow, ...] = ()

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

    def copyfile(self, source: BinaryIO, outputfile: BinaryIO) -> None:  # type: ignore[override]
        rule = next((s for s in self.slow if re.search(s.pattern, self.path)), None)
        if rule is not None:
            rule.used[0] += 1
            if rule.times is not None and rule.used[0] > rule.times:
                rule = None
        if rule is None:
            super().copyfile(source, outputfile)
            return
        sent = 0
        while chunk := source.read(rule.chunk):
            if rule.stop_after is not None and sent >= rule.stop_after:
                time.sleep(120)  # silent until the client gives up (a daemon thread; bounded)
                return
            outputfile.write(chunk)
            outputfile.flush()
            sent += len(chunk)
            time.sleep(rule.pause)

    def _not_modified(self, path: Path) -> bool:
        if_modified = self.headers.get("If-Modified-Since")
        return bool(if_modified) and if_modified == self.date_time_string(int(path.stat().st_mtime))

    def _send_body(self, path: Path, body: bytes, encoding: str) -> BytesIO | None:
        if self._not_modified(path):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.end_headers()
            return None
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
        self.end_headers()
        return BytesIO(body)

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # let the stdlib redirect to the trailing slash
            path = path / "index.html"
        if not (self.use_gzip and path.is_file()):
            return super().send_head()
        accepted = _accepted(self.headers.get("Accept-Encoding", ""))
        for suffix, encoding in PRECOMPRESSED:
            sibling = path.with_name(path.name + suffix)
            if encoding in accepted and sibling.is_file():
                return self._send_body(path, sibling.read_bytes(), encoding)
        if "gzip" in accepted and path.suffix in COMPRESSIBLE:
            return self._send_body(path, _gzipped(str(path), path.stat().st_mtime), "gzip")
        return super().send_head()


@contextmanager
def serve(
    root: Path,
    *,
    use_gzip: bool = False,
    sent: list[tuple[str, int]] | None = None,
    slow: tuple[Slow, ...] = (),
) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 at a free port; yields the base URL (with trailing slash).

    ``sent``, when given, collects ``(path, body bytes)`` for every GET response (the bytes on the wire,
    compressed where that applies; 304 revalidations carry no body and are not counted).
    """
    handler = type("Handler", (SiteHandler,), {"use_gzip": use_gzip, "sent": sent, "slow": slow})
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
