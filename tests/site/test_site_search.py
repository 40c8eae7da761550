"""Chinese search works: the index holds segmented words, and the theme's query finds the right pages.

Lunr (the search engine material ships) splits text only at its separator, and Chinese has no spaces:
without segmentation a whole sentence is one token and searching for a word finds nothing. At build
time material's search plugin runs every run of Han characters through jieba and joins the words with
U+200B, which the configured separator (``[\\s\\u200b\\-]``) then splits on
(material/plugins/search/plugin.py, ``_segment_chinese``).

In the browser, material's search worker segments the *query* greedily against the words already in
the index and appends a wildcard to every term (``segment()`` in
``integrations/search/query/segment`` and ``transform()`` in ``integrations/search/query/transform``).
``material_query_terms`` below ports those two functions, so the test checks what a reader typing
"验证码" or "上门" actually gets. Ranking (lunr's BM25) is not reproduced: the test checks that the
page is among the matches and that the word is indexed as a word of its own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
TAG = re.compile(r"<[^>]*>")


@pytest.fixture(scope="module")
def search_index(built_site: Path) -> dict[str, Any]:
    data = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def tokens_by_location(search_index: dict[str, Any]) -> dict[str, set[str]]:
    """Tokens of each indexed section, split the way material's tokenizer does (markup skipped)."""
    separator = re.compile(search_index["config"]["separator"])
    result: dict[str, set[str]] = {}
    for doc in search_index["docs"]:
        tokens: set[str] = set()
        for field in ("title", "text"):
            text = TAG.sub(" ", doc.get(field, ""))
            tokens.update(t.lower() for t in separator.split(text) if t)
        result.setdefault(doc["location"], set()).update(tokens)
    return result


def material_segment(query: str, index: set[str]) -> list[str]:
    """Port of material's ``segment(query, invertedIndex)`` (greedy segmentation by indexed words)."""
    n = len(query)
    wordcuts = [0] * n
    for i in range(n):
        for j in range(i + 1, n):  # sic: the theme never tests the full remaining string
            if query[i:j] in index:
                wordcuts[i] = j - i
    segments: dict[str, None] = {}  # ordered set
    stack = [0]
    while stack:
        p = stack.pop()
        for q in range(1, wordcuts[p]):
            if wordcuts[p + q] > wordcuts[p] - q:
                segments[query[p : p + q]] = None
                stack.append(p + q)
        q = p + wordcuts[p]
        if q < n and wordcuts[q] and q < n - 1:
            stack.append(q)
        segments[query[p:q]] = None
    if "" in segments:
        return [query]
    return list(segments)


def material_query_terms(query: str, index: set[str]) -> list[str]:
    """The prefix terms material's worker sends to lunr for a query (every term gets a ``*``)."""
    query = HAN.sub(lambda m: "* ".join(material_segment(m.group(0), index)), query)
    return [term.rstrip("*").lower() for term in query.split() if term.rstrip("*")]


def search(query: str, tokens_by_location: dict[str, set[str]]) -> list[str]:
    """Locations (``page/#section``) matching any query term as a prefix, as lunr does with ``term*``."""
    index = set().union(*tokens_by_location.values())
    terms = material_query_terms(query, index)
    assert terms, f"query {query!r} produced no terms"
    return [
        location
        for location, tokens in tokens_by_location.items()
        if any(token.startswith(term) for term in terms for token in tokens)
    ]


def test_segment_port_matches_the_theme_on_known_cases() -> None:
    """Sanity checks of the port against the theme's algorithm, worked through by hand."""
    index = {"上", "上门", "催", "催收", "验证码"}
    assert material_segment("验证码", index) == ["验证码"]  # nothing shorter indexed: whole query
    assert material_segment("上门", index) == ["上"]  # the last character is never tested alone
    assert set(material_segment("上门催收", index)) == {"上门", "催"}


@pytest.mark.site
def test_search_is_configured_for_chinese(search_index: dict[str, Any]) -> None:
    config = search_index["config"]
    assert config["lang"] == ["zh"]
    assert re.compile(config["separator"]).search("\u200b"), "the separator must split on U+200B"


@pytest.mark.site
@pytest.mark.parametrize(
    ("word", "page", "section"),
    [
        ("验证码", "scams/", "scams/#verification-code"),
        ("上门", "home-visit/", "home-visit/"),
    ],
)
def test_word_is_indexed_as_its_own_token_and_found(
    word: str, page: str, section: str, tokens_by_location: dict[str, set[str]]
) -> None:
    on_page = {loc: toks for loc, toks in tokens_by_location.items() if loc.split("#")[0] == page}
    assert on_page, f"{page} is not in the search index"
    assert any(word in toks for toks in on_page.values()), (
        f"{word!r} is not a separate token on {page}: Chinese text was not segmented (is jieba installed?)"
    )
    assert word in tokens_by_location.get(section, set()), f"{word!r} is not indexed in {section}"
    found = search(word, tokens_by_location)
    assert section in found, f"searching {word!r} does not find {section}"


@pytest.mark.site
def test_user_dictionary_keeps_brand_names_whole(tokens_by_location: dict[str, set[str]]) -> None:
    """jieba_dict_user (jieba_userdict.txt) is loaded: 拍拍贷 stays one word instead of 拍拍 + 贷."""
    tokens = set().union(*tokens_by_location.values())
    assert "拍拍贷" in tokens
    assert "校园贷" in tokens


@pytest.mark.site
def test_no_one_character_words_in_the_index(tokens_by_location: dict[str, set[str]]) -> None:
    """The separator swallows a Han character standing alone, so no query is cut down to one character.

    The theme segments a query by the longest indexed word *shorter* than the query, so with 上 in the
    index 上门 became 上* (every word starting with 上 matched, and every 上 on the page, 马上
    included, was highlighted).
    """
    tokens = set().union(*tokens_by_location.values())
    single = sorted(t for t in tokens if HAN.fullmatch(t) and len(t) == 1)
    assert not single, f"one-character Han words in the search index: {single[:20]}"


@pytest.mark.site
@pytest.mark.parametrize("query", ["转账", "被骗", "上门", "还不上", "验证码", "失信", "起诉"])
def test_queries_are_searched_and_highlighted_as_words(query: str, tokens_by_location: dict[str, set[str]]) -> None:
    index = set().union(*tokens_by_location.values())
    terms = material_query_terms(query, index)
    assert all(len(term) >= 2 for term in terms), f"{query!r} is searched as {terms}"
    if len(query) == 2 or query == "还不上":
        assert terms == [query], f"{query!r} is searched as {terms}, not as the whole word"
    assert search(query, tokens_by_location), f"{query!r} finds nothing"


@pytest.mark.site
def test_index_is_compact_and_leaves_out_the_sources(built_site: Path, search_index: dict[str, Any]) -> None:
    """overrides/hooks/search_index.py: UTF-8 without escapes or spaces, no 来源 sections (page weight)."""
    raw = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "验证码" in raw and "\\u9a8c" not in raw and '", "' not in raw
    locations = [doc["location"] for doc in search_index["docs"]]
    assert not [loc for loc in locations if loc.endswith("#sources")]
    assert "scams/#verification-code" in locations


@pytest.mark.site
def test_precompressed_index_matches_the_index(built_site: Path) -> None:
    """The .gz sibling a static host serves is made from the final (rewritten) index."""
    import gzip

    path = built_site / "search" / "search_index.json"
    sibling = path.with_name(path.name + ".gz")
    if sibling.is_file():
        assert gzip.decompress(sibling.read_bytes()) == path.read_bytes()
