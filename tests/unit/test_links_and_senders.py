"""Link destinations and sender numbers: judged by what they are, and never as proof."""

from __future__ import annotations

import pytest

from checker import check
from checker.read.hosts import assess_host
from checker.read.senders import classify_sender
from checker.rules.load import load_ruleset

RULES = load_ruleset()


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("www.ppdai.com", ()),
        ("loan.ppdai.com", ()),
        ("ppdai-vip.xyz", ("link-lookalike-brand", "link-odd-tld")),
        ("icbc-renzheng.com", ("link-lookalike-brand",)),
        ("ppdai.com.evil.example", ("link-lookalike-brand",)),
        ("203.0.113.7", ("link-ip-literal",)),
        ("xn--ppdi-73d.com", ("link-punycode",)),
        ("t.cn", ("link-shortener",)),
        ("random-shop.top", ("link-odd-tld",)),
        ("example.com", ()),
        ("fetch.com", ()),  # "etc" inside a word is not the ETC brand
    ],
)
def test_assess_host(host: str, expected: tuple[str, ...]) -> None:
    assert assess_host(host, RULES.links) == expected


def test_a_link_alone_is_not_a_scam_signal() -> None:
    report = check("【某商城】您的订单已发货，物流详情 https://shop.example.com/track/123")
    assert report.verdict.value == "no_known_signals"
    assert [link.host for link in report.links] == ["shop.example.com"]


@pytest.mark.parametrize(
    ("sender", "kind", "rule"),
    [
        ("106908407250316", "gateway_106", ""),
        ("10690123450001", "gateway_106", ""),
        ("95588", "bank_95", ""),
        ("95016", "service_95", ""),
        ("+86 138 0013 8000", "mobile", "sender-personal-mobile"),
        ("17012345678", "virtual_170", "sender-virtual"),
        ("+639170000123", "international", "sender-international"),
        ("0085200005678", "international", "sender-international"),
        ("4001234567", "hotline_400", ""),
        ("12381", "public_service", ""),
        ("建设银行", "unknown", ""),
        ("１３８１２３４５６７８", "mobile", "sender-personal-mobile"),
        ("＋８６ １３８ ００１３ ８０００", "mobile", "sender-personal-mobile"),
        ("8613800138000", "mobile", "sender-personal-mobile"),
        ("(+86)138-0013-8000", "mobile", "sender-personal-mobile"),
    ],
)
def test_sender_classes(sender: str, kind: str, rule: str) -> None:
    info, rule_id = classify_sender(sender, RULES)
    assert (info.type, rule_id) == (kind, rule)
    assert info.number == sender and info.label and info.note


def test_the_sender_is_read_as_bare_digits_and_kept_as_typed() -> None:
    info, _ = classify_sender("+86 138 0013 8000", RULES)
    assert (info.number, info.digits) == ("+86 138 0013 8000", "13800138000")
    assert classify_sender("86 10 1234 5678", RULES)[0].digits == "861012345678"  # not a mobile: kept


def test_106_number_and_signature_prove_nothing() -> None:
    report = check("【拍拍贷】您的借款已逾期，请回复验证码完成身份核验。", sender="10690123450001")
    assert report.verdict.value == "high_risk"
    assert report.sender is not None and "不能证明" in report.sender.note


def test_sender_evidence_quotes_the_sender_field() -> None:
    report = check("【拍拍贷】您的借款已逾期，请尽快处理。", sender="13800138000")
    finding = next(f for f in report.findings if f.rule_id == "sender-personal-mobile")
    assert finding.evidence[0].field == "sender"
    assert finding.evidence[0].text == "13800138000"


@pytest.mark.parametrize(
    ("text", "strength"),
    [
        ("【某银行】尊敬的客户，您的信用卡已临时冻结，请尽快处理。", "medium"),  # speaks as the bank
        ("小王，下个月房租还是转到之前那张工行卡就行。", "weak"),  # only mentions a bank
        ("你的快递我帮你拿回来了，放门口鞋柜上了。", "weak"),
    ],
)
def test_a_personal_mobile_counts_more_when_the_text_speaks_as_an_institution(text: str, strength: str) -> None:
    report = check(text, sender="13800138000")
    found = {f.rule_id: f.strength.value for f in report.findings}
    assert found["sender-personal-mobile"] == strength
