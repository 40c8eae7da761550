"""Fixtures for the built-site tests: every built page parsed once with the stdlib HTML parser."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitehtml import ParsedPage, parse_page


@pytest.fixture(scope="session")
def site_pages(built_site: Path) -> dict[str, ParsedPage]:
    """Every guide page (``**/index.html`` outside ``assets/``), keyed by URL: ``""``, ``"verify/"``."""
    pages = {}
    for path in sorted(built_site.rglob("index.html")):
        if path.relative_to(built_site).parts[0] == "assets":
            continue
        page = parse_page(built_site, path)
        pages[page.url] = page
    assert pages, "the build produced no pages"
    return pages


@pytest.fixture(scope="session")
def all_html(built_site: Path) -> list[ParsedPage]:
    """Every built ``.html`` file, including ``404.html`` and anything under ``assets/``."""
    return [parse_page(built_site, path) for path in sorted(built_site.rglob("*.html"))]
