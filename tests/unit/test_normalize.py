"""Normalised views: what they fold, and that every position maps back to the original."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from checker import check
from checker.api import warm_up
from checker.normalize.text import _FoldTable
from checker.rules.load import load_ruleset

NORMALIZER = load_ruleset().normalizer


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("验-证-码", "验证码"),
        ("安.全.账.户", "安全账户"),
        ("安\u200b全\u200b账\u200b户", "安全账户"),
        ("ＡＢＣ１２３", "abc123"),
        ("加V信 abc123", "加微信abc123"),
        ("薇❤信", "微信"),
        ("扣扣号", "qq号"),
        ("奔一跑一吧一兄一弟", "奔跑吧兄弟"),
        ("一对一服务", "一对一服务"),
        ("淘丨宝丨网", "淘宝网"),
        ("領取獎金", "领取奖金"),
        ("余额1,666.66元", "余额1666.66元"),
        ("余额20.5元", "余额20.5元"),
        ("第一句。第二句！第三句", "第一句。第二句。第三句"),
    ],
)
def test_compact_view_folds_evasions(original: str, expected: str) -> None:
    assert NORMALIZER.compact(original).text == expected


def test_latin_lookalikes_only_replace_whole_words() -> None:
    assert NORMALIZER.compact("svxy").text == "svxy"
    assert NORMALIZER.compact("vx").text == "微信"


@pytest.mark.parametrize("original", ["验-证-码 ＡＢ\u200b😀 请回复", "𠀀𠀁 安.全.账.户", "ｈｔｔｐ：／／ａ．ｃｏｍ"])
def test_every_compact_character_maps_back(original: str) -> None:
    view = NORMALIZER.compact(original)
    assert len(view.origin) == len(view.text)
    for i in range(len(view.text)):
        start, end = view.span(i, i + 1)
        assert 0 <= start < end <= len(original)


def test_span_of_a_match_quotes_the_original() -> None:
    original = "请把验-证-码发给我"
    view = NORMALIZER.compact(original)
    i = view.text.index("验证码")
    start, end = view.span(i, i + 3)
    assert original[start:end] == "验-证-码"


def test_links_collapse_to_one_mark() -> None:
    original = "请登录 http://a.example/x 兑换"
    start = original.index("http")
    view = NORMALIZER.compact(original, [(start, start + len("http://a.example/x"))])
    assert view.text == "请登录@兑换"


def test_learning_new_characters_in_bulk_folds_each_as_alone() -> None:
    """A text's new characters are learned together; every character must come out exactly as it
    does when learned on its own (its NFKC form, case, table entry, digit value), whatever its
    neighbours. Checked once on all of Unicode too (1,112,064 characters)."""
    chars = [chr(c) for c in range(0x30000) if not 0xD800 <= c < 0xE000]
    random.Random(7).shuffle(chars)
    bulk, single = _FoldTable(NORMALIZER.char_map), _FoldTable(NORMALIZER.char_map)
    for first in range(0, len(chars), 5000):
        bulk.translate("".join(chars[first : first + 5000]))
    for char in chars:
        single._learn(char)
    assert dict(bulk) == dict(single)
    assert bulk.irregular == single.irregular


@pytest.mark.parametrize(
    "original",
    [
        "好…的\u200b吗",  # a few irregular characters: found one by one
        "".join(f"字{c}" for c in "…‥㈠㈡㈢㈣㍿ﬁﬂ\u200b\u00ad℡"),  # many distinct ones: one scan
    ],
)
def test_fold_offsets_follow_characters_that_change_length(original: str) -> None:
    view = NORMALIZER.fold(original)
    expected = [i for i, c in enumerate(original) for _ in NORMALIZER.fold(c).text]
    assert list(view.origin) == expected
    assert view.text == "".join(NORMALIZER.fold(c).text for c in original)


def test_after_warm_up_no_check_compiles_a_regex(monkeypatch: pytest.MonkeyPatch) -> None:
    """warm_up (the browser worker calls it before the memory snapshot) leaves nothing for a check to
    compile: no reader waits for a compile, however unusual the message."""
    warm_up()
    corpus = (Path(__file__).parent.parent / "data" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"compiled during a check: {args!r}")

    monkeypatch.setattr(re, "compile", refuse)
    for line in corpus:
        row = json.loads(line)
        check(row["text"], row.get("sender"), row.get("received_at"))
