"""MkDocs hook: rewrite the search index, smaller, after the search plugin wrote it.

The index is the largest file of every page's first load (the theme's worker fetches it at start-up),
and the guide pages have a budget of 150 KB compressed (tests/audit/test_page_weight.py). Two changes:

- The citations under each page's 来源 heading (``#sources``: titles, URLs, dates) leave the index:
  they stay on the pages, but a reader searches for what to do, not for a source's URL; they were a
  fifth of the compressed index.
- The theme writes ``search/search_index.json`` with every Chinese character and every U+200B word
  break (jieba's segmentation) as a six-byte ``\\uXXXX`` escape; written as UTF-8 without spaces it
  is about 15% smaller compressed. The theme's worker reads it with ``fetch().json()``, which always
  decodes UTF-8.
Runs after the plugins (MkDocs loads hooks after them), so the search plugin's file exists, and is the
first hook in mkdocs.yml, so checker_assets.py precompresses (.br/.gz) and hashes the final file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

INDEX = Path("search") / "search_index.json"
SOURCES_ID = "sources"  # every page's 来源 section: ## 来源 { #sources }


def compact_index(path: Path) -> None:
    """Rewrite one search index file in place: no 来源 sections, compact UTF-8 JSON."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["docs"] = [doc for doc in data["docs"] if doc["location"].rpartition("#")[2] != SOURCES_ID]
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def on_post_build(*, config: Any) -> None:
    path = Path(config["site_dir"]) / INDEX
    if path.is_file():
        compact_index(path)
