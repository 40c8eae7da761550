"""Published deep links keep working.

FAQs, support staff and the checker's findings link to ``page/#anchor`` URLs on this site. The list of
links that are out in the wild is ``tests/data/published_links.txt``; each must resolve in the built
site: the page exists and carries an element with that id. Removing or renaming a heading id fails here.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sitehtml import ParsedPage

ROOT = Path(__file__).resolve().parents[2]
LINKS_FILE = ROOT / "tests" / "data" / "published_links.txt"
RULES_DIR = ROOT / "checker" / "rules"
GUIDE_PATH = re.compile(r"/?[a-z0-9-]+/")
LINK_SHAPE = re.compile(r"(?:[a-z0-9-]+/)*(?:#[a-z0-9]+(?:-[a-z0-9]+)*)?")


def read_published_links() -> list[str]:
    """Links from the file, normalised to site-relative form ("" is the home page).

    A line whose first non-blank character is ``#`` is a comment; text after the link, separated by
    whitespace, is ignored too (a link never contains whitespace).
    """
    links = []
    for raw in LINKS_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        links.append(line.split()[0].lstrip("/"))
    return links


PUBLISHED = read_published_links()


def test_published_links_file_is_well_formed() -> None:
    assert PUBLISHED, f"{LINKS_FILE} lists no links"
    duplicates = sorted({link for link in PUBLISHED if PUBLISHED.count(link) > 1})
    assert not duplicates, f"listed more than once: {duplicates}"
    malformed = [link for link in PUBLISHED if not LINK_SHAPE.fullmatch(link)]
    assert not malformed, f"links must look like 'page/' or 'page/#ascii-id': {malformed}"


@pytest.mark.site
@pytest.mark.parametrize("link", PUBLISHED, ids=lambda link: link or "/")
def test_published_link_resolves(link: str, site_pages: dict[str, ParsedPage]) -> None:
    path, _, anchor = link.partition("#")
    page = site_pages.get(path)
    assert page is not None, f"/{link}: the page /{path} is not in the built site"
    if anchor:
        assert anchor in page.ids, f"/{link}: /{path} has no element with id={anchor!r}"


@pytest.mark.site
def test_every_page_is_published(site_pages: dict[str, ParsedPage]) -> None:
    """Each page of the site is listed bare, so deleting or moving a page is caught here too."""
    bare = {link for link in PUBLISHED if "#" not in link}
    missing = sorted(set(site_pages) - bare)
    assert not missing, f"pages missing from {LINKS_FILE.name}: {missing}"


@pytest.mark.site
def test_every_faq_question_is_published(site_pages: dict[str, ParsedPage]) -> None:
    """Each FAQ question (an h2) has its anchor in the published list: FAQs are linked one by one."""
    questions = [h.id for h in site_pages["faq/"].headings if h.tag == "h2" and h.id != "sources"]
    assert 10 <= len(questions) <= 15, f"the FAQ should have 10–15 questions, has {len(questions)}"
    unpublished = [q for q in questions if f"faq/#{q}" not in PUBLISHED]
    assert not unpublished, f"FAQ anchors missing from {LINKS_FILE.name}: {unpublished}"


def _guide_links(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "guide" and isinstance(value, str):
                if GUIDE_PATH.match(value):  # a page link, not a label such as guide = "详见"
                    yield value
            else:
                yield from _guide_links(value)
    elif isinstance(node, list):
        for item in node:
            yield from _guide_links(item)


def rule_guide_links() -> dict[str, str]:
    """``guide = "page/#anchor"`` values in the checker's rule data, with the file that names them."""
    links = {}
    for path in sorted(RULES_DIR.glob("*.toml")):
        for link in _guide_links(tomllib.loads(path.read_text(encoding="utf-8"))):
            links.setdefault(link.lstrip("/"), path.name)
    return links


def test_checker_guide_links_are_published() -> None:
    """The checker's findings link into the guide: each target must be a published (tested) link."""
    unpublished = {link: name for link, name in rule_guide_links().items() if link not in PUBLISHED}
    assert not unpublished, f"guide links in checker/rules/ missing from {LINKS_FILE.name}: {unpublished}"
