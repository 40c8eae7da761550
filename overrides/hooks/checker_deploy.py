"""What the built site needs from a static host, and offline use: written after each build.

* ``sw.js``: the service worker (``service-worker.js`` with this build's file list and cache names).
* ``_headers`` (Netlify, Cloudflare Pages) and ``nginx-checker.conf`` (an nginx snippet): the Wasm MIME
  type, the /check/ Content-Security-Policy (the same policy as the page's ``<meta>``, with this build's
  inline-script hashes), long-lived caching for versioned files, and no caching for HTML and ``sw.js``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

SW_TEMPLATE = Path(__file__).with_name("service-worker.js")
SW_NAME = "sw.js"
HEADERS_NAME = "_headers"
NGINX_NAME = "nginx-checker.conf"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# Theme files with a content hash in their name (bundle.a5f9d56c.min.js) never change in place.
HASHED_NAME = re.compile(r"\.[0-9a-f]{8}\.min\.(?:js|css)$")
_SKIP_SUFFIXES = (".map", ".br", ".gz")
_SHELL_FOLDERS = (
    "assets/stylesheets/",
    "assets/images/",
    "assets/javascripts/checker/",
    "assets/javascripts/workers/",
)


SEARCH_INDEX = "search/search_index.json"
LUNR = "assets/javascripts/lunr/"


def search_worker_files(site: Path) -> set[str]:
    """The scripts the theme's search worker imports for the languages of the search index.

    As Material's worker does (its ``importScripts`` at start-up): for each language, ``tinyseg.js``
    for ja, ``wordcut.js`` for hi and th, ``min/lunr.<lang>.min.js`` for any but en; ``lunr.multi``
    for more than one; and, if it needs any of these, ``min/lunr.stemmer.support.min.js`` first.
    The folder holds all 30-odd languages: only these are worth storing for offline search.
    """
    index = site / SEARCH_INDEX
    if not index.is_file():
        return set()
    languages: list[str] = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]
    wanted: set[str] = set()
    for lang in languages:
        if lang == "ja":
            wanted.add("tinyseg.js")
        elif lang in ("hi", "th"):
            wanted.add("wordcut.js")
        if lang != "en":
            wanted.add(f"min/lunr.{lang}.min.js")
    if len(languages) > 1:
        wanted.add("min/lunr.multi.min.js")
    if wanted:
        wanted.add("min/lunr.stemmer.support.min.js")
    return {LUNR + name for name in wanted}


def shell_files(site: Path) -> list[str]:
    """Site paths the service worker stores on install: every page, the theme, the checker's scripts,
    the search index and the scripts the search worker imports for its language.

    The Pyodide runtime and the app folder are not listed: the checker worker stores them in their own
    versioned caches as it downloads them (and the service worker adds what is missing after that).
    """
    search = search_worker_files(site)
    out = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or rel.endswith(_SKIP_SUFFIXES) or rel in (SW_NAME, HEADERS_NAME, NGINX_NAME):
            continue
        top_js = rel.startswith("assets/javascripts/") and rel.count("/") == 2
        if (
            (rel.endswith(".html") and not rel.startswith("assets/"))
            or rel.startswith(_SHELL_FOLDERS)
            or top_js
            or rel == SEARCH_INDEX
            or rel in search
        ):
            out.append(rel)
    return out


def page_url(rel: str) -> str:
    """The URL a reader uses for a built HTML file: ``verify/index.html`` -> ``/verify/``."""
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def write_service_worker(site: Path, caches: dict[str, str], *, build_id: str, keep: list[str]) -> Path:
    """``keep``: further caches of this build that pages fill themselves (the reader's memory snapshot)."""
    shell = shell_files(site)
    manifest = {
        "build": build_id,
        "keep": keep,
        # Paths relative to the site root (where sw.js lives), so the site may live under a sub-path.
        "shell": [page_url(rel)[1:] if rel.endswith(".html") else rel for rel in shell],
        "runtime": caches,
        "runtimeFiles": sorted(
            path.relative_to(site).as_posix()
            for folder in caches
            for path in (site / folder).iterdir()
            if path.is_file() and not path.name.endswith(_SKIP_SUFFIXES)
        ),
    }
    target = site / SW_NAME
    prefix = f"const MANIFEST = {json.dumps(manifest, ensure_ascii=False, sort_keys=True)};\n"
    target.write_text(prefix + SW_TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def _pages(site: Path) -> list[str]:
    return [
        page_url(p.relative_to(site).as_posix())
        for p in sorted(site.rglob("*.html"))
        if not p.relative_to(site).as_posix().startswith("assets/")
    ]


def _hashed_theme_files(site: Path) -> list[str]:
    return ["/" + p.relative_to(site).as_posix() for p in sorted(site.rglob("*")) if HASHED_NAME.search(p.name)]


def _typed_files(site: Path, suffix: str) -> list[str]:
    return ["/" + p.relative_to(site).as_posix() for p in sorted(site.rglob(f"*{suffix}"))]


def headers_file(site: Path, csp: dict[str, str], immutable: Iterable[str]) -> str:
    """``_headers`` for Netlify and Cloudflare Pages (one block per path; no rule overlaps another)."""
    blocks: list[tuple[str, list[str]]] = []
    for folder in immutable:
        blocks.append((f"/{folder}*", [f"Cache-Control: {IMMUTABLE}"]))
    for path in _hashed_theme_files(site):
        if not any(path.startswith(f"/{folder}") for folder in immutable):
            blocks.append((path, [f"Cache-Control: {IMMUTABLE}"]))
    for path in _typed_files(site, ".wasm"):
        blocks.append((path, ["Content-Type: application/wasm"]))
    for path in _typed_files(site, ".mjs"):
        blocks.append((path, ["Content-Type: text/javascript; charset=utf-8"]))
    blocks.append((f"/{SW_NAME}", [f"Cache-Control: {REVALIDATE}"]))
    for url in _pages(site):
        lines = [f"Cache-Control: {REVALIDATE}"]
        if url in csp:
            lines.append(f"Content-Security-Policy: {csp[url]}")
        blocks.append((url, lines))
        if url.endswith("/"):
            blocks.append((url + "index.html", lines))
    head = "# Generated by the site build (overrides/hooks/checker_deploy.py): Netlify / Cloudflare Pages headers.\n"
    return head + "".join(f"{path}\n" + "".join(f"  {line}\n" for line in lines) for path, lines in blocks)


def nginx_file(site: Path, csp: dict[str, str], immutable: Iterable[str]) -> str:
    """An nginx snippet to ``include`` in the ``server { }`` whose ``root`` is the built site."""
    lines = [
        "# Generated by the site build (overrides/hooks/checker_deploy.py). Include it inside the server { }",
        "# block whose root is the built site. brotli_static needs the ngx_brotli module; without it, comment",
        "# that line out and gzip_static serves the .gz siblings the build wrote beside every big file.",
        "brotli_static on;",
        "gzip_static on;",
        "gzip on;",
        "gzip_types text/css text/javascript application/javascript application/json application/wasm image/svg+xml;",
        "",
        f"location ~ ^/({re.escape(HEADERS_NAME)}|{re.escape(NGINX_NAME)})$ {{ return 404; }}",
        "",
    ]
    for folder in immutable:  # versioned folders; the Wasm and .mjs files all live in them
        lines += [
            f"location ^~ /{folder} {{",
            f'    add_header Cache-Control "{IMMUTABLE}";',
            "    location ~ \\.wasm$ {",
            "        types { } default_type application/wasm;",
            f'        add_header Cache-Control "{IMMUTABLE}";',
            "    }",
            "    location ~ \\.mjs$ {",
            "        types { } default_type text/javascript;",
            f'        add_header Cache-Control "{IMMUTABLE}";',
            "    }",
            "}",
        ]
    lines += [f"location = /{SW_NAME} {{", f'    add_header Cache-Control "{REVALIDATE}";', "}"]
    lines += ["location ~ \\.html$ {", f'    add_header Cache-Control "{REVALIDATE}";', "}"]
    lines += ["location ~ /$ {", f'    add_header Cache-Control "{REVALIDATE}";', "}"]
    for url, policy in sorted(csp.items()):
        for exact in (url, url + "index.html") if url.endswith("/") else (url,):
            lines += [
                f"location = {exact} {{",
                f'    add_header Cache-Control "{REVALIDATE}";',
                f'    add_header Content-Security-Policy "{policy}";',
                "}",
            ]
    return "\n".join(lines) + "\n"


def write_header_files(site: Path, csp: dict[str, str], immutable: Iterable[str]) -> list[Path]:
    folders = list(immutable)
    out = []
    for name, text in ((HEADERS_NAME, headers_file(site, csp, folders)), (NGINX_NAME, nginx_file(site, csp, folders))):
        target = site / name
        target.write_text(text, encoding="utf-8")
        out.append(target)
    return out
