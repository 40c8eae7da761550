"""Page weight: what a reader downloads on a first visit, compressed, must stay within budget.

Measured in Chromium against the built site served gzipped, with an empty cache: the page, its CSS,
JS, images, and the search index the theme's worker fetches at start-up. The checker's runtime
(Pyodide and the wheel under /assets/checker/) is not part of a page's first load: it downloads when
the reader is about to check a message, and `make bench-browser` measures it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.audit.lighthouse import RUNTIME_PREFIX
from tests.browser.static_server import serve

pytestmark = pytest.mark.audit

KB = 1024
SEARCH_INDEX = "/search/search_index.json"
BUDGET = {"check/": 170 * KB}  # the checker page: guide page plus the widget's scripts and styles (runtime excluded)
BUDGET_DEFAULT = 150 * KB  # every guide page (issue 13: about 140 KB before the rules left the index)


@pytest.fixture(scope="module")
def recording_site(built_site: Path) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    sent: list[tuple[str, int]] = []
    with serve(built_site, use_gzip=True, sent=sent) as url:
        yield url, sent


def first_load_bytes(browser: Any, url: str, sent: list[tuple[str, int]]) -> dict[str, int]:
    """Compressed bytes per path for one cold load (fresh context, no cache), runtime excluded."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.route(re.compile(r".*" + re.escape(RUNTIME_PREFIX) + r".*"), lambda route: route.abort())
    page = context.new_page()
    sent.clear()
    page.goto(url, wait_until="load")
    # The theme's search worker fetches the index after start-up: wait for it, then for quiet.
    for _ in range(100):
        if any(path.startswith(SEARCH_INDEX) for path, _ in sent):
            break
        page.wait_for_timeout(100)
    page.wait_for_load_state("networkidle")
    context.close()
    out: dict[str, int] = {}
    for path, size in sent:
        out[path] = out.get(path, 0) + size
    return out


def test_every_page_is_within_budget(
    browser: Any, recording_site: tuple[str, list[tuple[str, int]]], audit_pages: list[str]
) -> None:
    base, sent = recording_site
    over = {}
    for page in audit_pages:
        sizes = first_load_bytes(browser, base + page, sent)
        total = sum(sizes.values())
        assert any(p.startswith(SEARCH_INDEX) for p in sizes), f"/{page}: search index not loaded"
        budget = BUDGET.get(page, BUDGET_DEFAULT)
        if total > budget:
            biggest = sorted(sizes.items(), key=lambda item: -item[1])[:5]
            over[f"/{page}"] = f"{total / KB:.1f} KB > {budget / KB:.0f} KB; largest: {biggest}"
    assert not over, over


def test_search_index_is_small(built_site: Path) -> None:
    """The index is the biggest single file of a first load; the rules list left it (issue 13)."""
    import gzip

    size = len(gzip.compress((built_site / "search" / "search_index.json").read_bytes(), compresslevel=6))
    assert size < 60 * KB, f"search index {size / KB:.1f} KB compressed"
