"""MkDocs hook: rewrite the search index as compact UTF-8 JSON after the search plugin wrote it.

The theme writes ``search/search_index.json`` with every Chinese character and every U+200B word break
(jieba's segmentation) as a six-byte ``\\uXXXX`` escape. The index is the largest file of a page's first
load; written as UTF-8 without spaces it is about 15% smaller compressed (58 -> 49 KB). The data is
unchanged: the theme's worker reads it with ``fetch().json()``, which always decodes UTF-8.
Runs after the plugins (MkDocs loads hooks after them), so the search plugin's file exists.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

INDEX = Path("search") / "search_index.json"


def compact_index(path: Path) -> None:
    """Rewrite one search index file in place as compact UTF-8 JSON."""
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def on_post_build(*, config: Any) -> None:
    path = Path(config["site_dir"]) / INDEX
    if path.is_file():
        compact_index(path)
