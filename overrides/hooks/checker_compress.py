"""Precompressed siblings (``.br``, ``.gz``) beside the big files of the built site.

Static hosts that serve precompressed files (nginx ``brotli_static``/``gzip_static``, Netlify,
Cloudflare Pages, most CDNs) then send brotli at its best setting instead of compressing on the fly
with a fast, weaker one: for the 9.6 MB Wasm binary that is 2.74 MB instead of 3.56 MB (gzip -6).
Results are cached by content in ``.cache/compressed/`` (quality 11 takes ~30 s for the Wasm binary;
the Pyodide files never change, so that happens once per machine).
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli  # type: ignore[import-untyped]

# Text and Wasm compress well; our trimmed stdlib zip and the browser's wheel are stored uncompressed on
# purpose (brotli then compresses across their files). Images and source maps (only developer tools
# read them) are left alone.
COMPRESSIBLE = frozenset({".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".xml", ".txt", ".zip", ".whl"})
MIN_SIZE = 1024
MAX_RATIO = 0.9  # keep a sibling only when it saves at least 10 %
ENCODINGS = {".br": "br", ".gz": "gzip"}


def wants_siblings(path: Path) -> bool:
    return path.suffix in COMPRESSIBLE and path.is_file() and path.stat().st_size >= MIN_SIZE


def _encode(data: bytes, suffix: str) -> bytes:
    if suffix == ".br":
        return bytes(brotli.compress(data, quality=11))
    return gzip.compress(data, compresslevel=9, mtime=0)


def compressed(data: bytes, suffix: str, cache_dir: Path) -> bytes:
    """``data`` encoded for ``suffix`` (``.br`` or ``.gz``), from the cache when it was done before."""
    cached = cache_dir / f"{hashlib.sha256(data).hexdigest()}{suffix}"
    if cached.is_file():
        return cached.read_bytes()
    out = _encode(data, suffix)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
    tmp.write_bytes(out)
    tmp.replace(cached)
    return out


def brotli_size(path: Path, cache_dir: Path) -> int:
    """Bytes a reader downloads for ``path`` from a host that serves our ``.br`` sibling."""
    return len(compressed(path.read_bytes(), ".br", cache_dir))


def write_siblings(path: Path, cache_dir: Path) -> list[Path]:
    """Write ``path.br`` and ``path.gz`` when they are worth it; returns the files written."""
    data = path.read_bytes()
    written = []
    for suffix in ENCODINGS:
        out = compressed(data, suffix, cache_dir)
        if len(out) <= MAX_RATIO * len(data):
            sibling = path.with_name(path.name + suffix)
            sibling.write_bytes(out)
            written.append(sibling)
    return written


def compress_site(site_dir: Path, cache_dir: Path, exclude: Iterable[str] = ()) -> list[Path]:
    """Siblings for every compressible file of the site (two threads: brotli releases the GIL)."""
    skip = set(exclude)
    paths = sorted(
        p for p in site_dir.rglob("*") if wants_siblings(p) and p.relative_to(site_dir).as_posix() not in skip
    )
    # Biggest first, so the slow Wasm binary does not start last.
    paths.sort(key=lambda p: -p.stat().st_size)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda p: write_siblings(p, cache_dir), paths))
    return [sibling for written in results for sibling in written]
