"""Every heading on every page has a stable, readable ASCII id.

Without an explicit ``{ #id }``, MkDocs slugifies a Chinese heading to an empty string and numbers it
(``_1``, ``_2``): the id then changes whenever a heading is added above it, and deep links break.
Headings are read from the page's main content (``article.md-content__inner``), including anything a
template or hook injects there (the checker widget, the generated rules table). ``404.html`` is the
theme's own page and is not part of the guide, so it is not checked.
"""

from __future__ import annotations

import re

import pytest
from sitehtml import ParsedPage

ASCII_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@pytest.mark.site
def test_headings_have_explicit_ascii_ids(site_pages: dict[str, ParsedPage]) -> None:
    bad = []
    for url, page in site_pages.items():
        assert page.headings, f"/{url}: no headings found in the main content"
        for heading in page.headings:
            if heading.id is None or not ASCII_ID.fullmatch(heading.id):
                bad.append(f"/{url} <{heading.tag} id={heading.id!r}> {heading.text}")
    assert not bad, "headings without an explicit lower-case ASCII id ({ #like-this }):\n" + "\n".join(bad)


@pytest.mark.site
def test_heading_ids_are_unique_per_page(site_pages: dict[str, ParsedPage]) -> None:
    for url, page in site_pages.items():
        ids = [h.id for h in page.headings if h.id]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        assert not duplicates, f"/{url}: heading ids used twice: {duplicates}"


@pytest.mark.site
def test_every_page_has_one_h1(site_pages: dict[str, ParsedPage]) -> None:
    for url, page in site_pages.items():
        h1 = [h for h in page.headings if h.tag == "h1"]
        assert len(h1) == 1, f"/{url}: expected one <h1>, found {[h.text for h in h1]}"
