"""Per-page metadata: description for search engines and chat link previews, sitemap, sources."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from sitehtml import ParsedPage

ROOT = Path(__file__).resolve().parents[2]
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


class _IgnoreTagsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving ``!!python/name:`` or ``!relative`` tags."""


_IgnoreTagsLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_IgnoreTagsLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def mkdocs_config() -> dict[str, object]:
    """The top-level keys of mkdocs.yml (tags left unresolved)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTagsLoader)
    assert isinstance(config, dict)
    return config


@pytest.mark.site
def test_every_page_has_its_own_description(site_pages: dict[str, ParsedPage]) -> None:
    default = str(mkdocs_config()["site_description"]).strip()
    for url, page in site_pages.items():
        description = page.meta.get("description", "").strip()
        assert description, f"/{url}: no <meta name=description>; add description: to the front matter"
        assert description != default, f"/{url}: description is the site default; write one for this page"
        assert "待写" not in description, f"/{url}: placeholder description"
        assert 20 <= len(description) <= 160, f"/{url}: description: 1–2 sentences ({len(description)})"


@pytest.mark.site
def test_descriptions_are_distinct(site_pages: dict[str, ParsedPage]) -> None:
    seen: dict[str, str] = {}
    for url, page in site_pages.items():
        description = page.meta.get("description", "")
        assert description not in seen, f"/{url} and /{seen.get(description)} share a description"
        seen[description] = url


@pytest.mark.site
def test_sitemap_lists_every_page(built_site: Path, site_pages: dict[str, ParsedPage]) -> None:
    site_url = str(mkdocs_config()["site_url"])
    assert site_url.endswith("/")
    tree = ET.parse(built_site / "sitemap.xml")
    locs = {loc.text for loc in tree.getroot().iterfind("sm:url/sm:loc", SITEMAP_NS)}
    expected = {site_url + url for url in site_pages}
    assert expected - locs == set(), f"pages missing from sitemap.xml: {sorted(expected - locs)}"
    assert locs - expected == set(), f"sitemap.xml lists unknown pages: {sorted(locs - expected)}"


@pytest.mark.site
def test_every_page_names_its_sources_and_review_date(site_pages: dict[str, ParsedPage]) -> None:
    """Facts carry their sources: each page ends with a 来源 section and the last-reviewed date."""
    for url, page in site_pages.items():
        assert "sources" in page.ids, f"/{url}: no '## 来源 {{ #sources }}' section"
        assert "最后核对：" in page.text, f"/{url}: no '最后核对：YYYY-MM-DD' line"


@pytest.mark.site
def test_pages_declare_chinese(site_pages: dict[str, ParsedPage]) -> None:
    for url, page in site_pages.items():
        html = page.path.read_text(encoding="utf-8")
        assert '<html lang="zh"' in html, f"/{url}: <html lang> is not zh"


def test_check_page_keeps_widget_template_and_rules_marker() -> None:
    """check.md is rendered by overrides/checker.html; the rules list lives on check/rules.md.

    The build hook replaces the marker line with the generated list; the rules are never written by
    hand in the page, so the marker must stay on a line of its own inside the #rules section. /check/
    keeps a short #rules section that links to the rules page, so old links still lead there.
    """
    text = (ROOT / "docs" / "check.md").read_text(encoding="utf-8")
    front_matter = text.split("---", 2)[1]
    assert re.search(r"(?m)^template: checker\.html$", front_matter)
    check_rules = text.split("{ #rules }", 1)[1].split("\n## ", 1)[0]
    assert "(check/rules.md)" in check_rules, "/check/#rules must link to the rules page"
    assert "<!-- checker-rules -->" not in text
    rules = (ROOT / "docs" / "check" / "rules.md").read_text(encoding="utf-8")
    rules_section = rules.split("{ #rules }", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"(?m)^<!-- checker-rules -->$", rules_section), "the marker must stand on its own line"
