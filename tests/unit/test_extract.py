"""Link and number finders, including disguised links."""

from __future__ import annotations

import sys

import pytest

from checker import check
from checker.extract.links import _ODD_LINK_CHAR, find_links
from checker.extract.numbers import find_hidden_numbers, find_numbers
from checker.models import LinkStatus, Verdict
from checker.rules.load import load_ruleset

RULES = load_ruleset()


def links(text: str) -> list[tuple[str, str, bool]]:
    found = find_links(RULES.normalizer.fold(text), text, RULES.links.bare_tlds)
    return [(text[f.start : f.end], f.host, f.obfuscated) for f in found]


@pytest.mark.parametrize(
    ("text", "quoted", "host", "obfuscated"),
    [
        ("请登录 http://ppdai-vip.xyz/pay 还款。", "http://ppdai-vip.xyz/pay", "ppdai-vip.xyz", False),
        ("详见 https://www.ppdai.com/m/1，谢谢", "https://www.ppdai.com/m/1", "www.ppdai.com", False),
        ("点 n.95508.com/x 即可", "n.95508.com/x", "n.95508.com", False),
        ("访问 ｗｗｗ．ｅｔｃ－ｘ．ｃｏｍ 认证", "ｗｗｗ．ｅｔｃ－ｘ．ｃｏｍ", "www.etc-x.com", True),
        ("进 WWW. AFDBE. WS 检查", "WWW. AFDBE. WS", "www.afdbe.ws", True),
        ("入口：www。ppdai-kf。cc 请登录", "www。ppdai-kf。cc", "www.ppdai-kf.cc", True),
        ("前往 h t t p : / / abc.example 领取", "h t t p : / / abc.example", "abc.example", True),
        ("打开 http://203.0.113.7:8080/a 查看", "http://203.0.113.7:8080/a", "203.0.113.7", False),
    ],
)
def test_links_are_found_and_quoted(text: str, quoted: str, host: str, obfuscated: bool) -> None:
    assert links(text) == [(quoted, host, obfuscated)]


@pytest.mark.parametrize("text", ["余额1.50元", "版本 1.2.3", "邮箱 a@xinye.com", "今天天气很好"])
def test_no_false_links(text: str) -> None:
    assert links(text) == []


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("请立即前往:http://***.***.cn重新办理", "http://***.***.cn"),
        ("务必及时点击 ***.***.cc 避免停用", "***.***.cc"),
        ("请及时点击:**网址完成认证!", "**网址"),
        ("请登录XX网址进行认证。", "XX网址"),
        ("您的医保卡已停，请打开********，进行信息完善", "********"),
        ("点击xxx链接领取", "xxx链接"),
        ("请1月27号前至某网站报备", "某网站"),
        ("请于x月x号前打开xxxxxxx(网址)在线办理", "xxxxxxx"),
        ("避免出行受阻请登录网址认证绑定!", "网址"),
    ],
)
def test_a_link_whose_address_is_hidden_is_still_a_link_to_somewhere_unknown(text: str, quoted: str) -> None:
    found = find_links(RULES.normalizer.fold(text), text, RULES.links.bare_tlds)
    assert [(text[f.start : f.end], f.host, f.hidden, f.obfuscated) for f in found] == [(quoted, "", True, False)]


@pytest.mark.parametrize(
    "text", ["您尾号****1234的卡入账500元", "xxx先生您好", "尊敬的138****5678用户", "6222 **** **** 1234"]
)
def test_masked_account_numbers_and_names_are_not_hidden_links(text: str) -> None:
    assert links(text) == []


def test_a_link_named_only_in_words_counts_only_when_the_message_has_no_real_link() -> None:
    text = "请点击链接 http://abc-verify.cn 认证"
    found = find_links(RULES.normalizer.fold(text), text, RULES.links.bare_tlds)
    assert [(f.host, f.hidden) for f in found] == [("abc-verify.cn", False)]


def test_a_hidden_link_is_reported_as_an_unconfirmed_address_never_as_reassuring() -> None:
    text = "【某某出行】您的ETC认证已失效，请及时点击 ***.***.cn 重新认证，超时停用。"
    report = check(text)
    assert report.verdict is Verdict.HIGH_RISK
    assert [(link.evidence.text, link.host) for link in report.links] == [("***.***.cn", "")]
    assert report.links[0].status in (LinkStatus.FLAGGED, LinkStatus.UNCONFIRMED)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("如需恢复正常使用请致电0086××××", "0086××××"),
        ("请您及时联系0777581****，一切后果自负", "0777581****"),
        ("请立即联系客服:008-61XXXXXXX办理解冻", "008-61XXXXXXX"),
        ("请及时联系xx电话", "xx电话"),
    ],
)
def test_a_number_to_call_with_hidden_digits_is_found(text: str, quoted: str) -> None:
    assert [(text[n.start : n.end], n.hidden) for n in find_hidden_numbers(text)] == [(quoted, True)]


@pytest.mark.parametrize(
    "text", ["您尾号****1234的卡入账500元", "尊敬的138****5678用户，您的话费余额不足", "请致电95588"]
)
def test_masked_numbers_nobody_is_asked_to_call_are_not_destinations(text: str) -> None:
    assert find_hidden_numbers(text) == []


def test_numbers_in_compact_view() -> None:
    text = "请致电 138-0013-8000 或 021 1234 5678，详询95588"
    view = RULES.normalizer.compact(text)
    digits = [n.digits for n in find_numbers(view)]
    assert digits == ["13800138000", "02112345678", "95588"]
    for n in find_numbers(view):
        assert text[n.start : n.end].replace("-", "").replace(" ", "") == n.digits


def test_a_link_character_is_odd_exactly_when_it_is_whitespace_a_full_stop_or_not_printable_ascii() -> None:
    """``_ODD_LINK_CHAR`` is written as a complement (cheap to compile); it means what it says, for
    every code point."""
    odd = [c for c in map(chr, range(sys.maxunicode + 1)) if _ODD_LINK_CHAR.match(c)]
    meant = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() or c == "。" or ord(c) >= 0x7F]
    assert odd == meant
