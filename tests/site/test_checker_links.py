"""Links the checker's page builds from mkdocs.yml extra.checker point at pages and ids that exist.

MkDocs validates links in Markdown, not in the theme's `extra` data that widget.js and render.js turn
into links (next steps, clean-result links, 12321 guide, fallback, the rules page).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sitehtml import ParsedPage
from test_site_meta import mkdocs_config

LINK_KEYS = ("report_link", "conduct_link", "report12321_guide_link", "rules_page")


def checker_links() -> Iterator[str]:
    extra = mkdocs_config()["extra"]
    assert isinstance(extra, dict)
    strings = extra["checker"]
    for key in LINK_KEYS:
        yield strings[key]
    for item in strings["fallback_links"] + strings["clean_links"]:
        yield item["href"]


@pytest.mark.site
def test_checker_links_resolve(site_pages: dict[str, ParsedPage]) -> None:
    links = list(checker_links())
    assert "report/#spam-sms" in links and "faq/#clean-result" in links
    broken = []
    for link in links:
        page, _, anchor = link.partition("#")
        target = site_pages.get(page)
        if target is None or (anchor and anchor not in target.ids):
            broken.append(link)
    assert not broken, f"mkdocs.yml extra.checker links to missing pages or ids: {broken}"
