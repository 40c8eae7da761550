"""The mechanism reading: cues and combinations behave as their data says, institutions are
recognised by how a message speaks, and the issue's messages are judged by their parts."""

from __future__ import annotations

import re

import pytest

from checker import Verdict, check
from checker.api import read_parts
from checker.judge.combinations import combination_findings
from checker.models import Role
from checker.rules.load import load_ruleset
from checker.rules.parts import Cue, Institution

RULES = load_ruleset()
CUES = RULES.parts.cues
COMBINATIONS = RULES.parts.combinations


def _cues(text: str) -> set[str]:
    return {p.part.cue for p in read_parts(text).all_parts()}


def _fired(text: str) -> set[str]:
    return {f.rule_id for f in check(text).findings}


def _combined(text: str) -> set[str]:
    """Every combination that holds, as if the named rules had found nothing."""
    return {f.rule_id for f in combination_findings(read_parts(text), RULES, score=0)}


@pytest.mark.parametrize("institution", RULES.institutions.institutions, ids=lambda i: i.id)
def test_every_institution_alias_is_a_pattern_of_its_own(institution: Institution) -> None:
    """Aliases are compiled together, on first use; each must also compile alone (a bad one is named here)."""
    for alias in institution.aliases:
        try:
            re.compile(alias)
        except re.error as exc:
            pytest.fail(f"institutions.toml [{institution.id}]: bad alias pattern {alias!r}: {exc}")


@pytest.mark.parametrize("cue", CUES, ids=lambda c: c.id)
def test_cue_has_examples_both_ways(cue: Cue) -> None:
    assert len(cue.examples_match) >= 2, "a cue needs examples in at least two wordings"
    assert cue.examples_no_match


@pytest.mark.parametrize(("cue", "example"), [(c.id, e) for c in CUES for e in c.examples_match], ids=str)
def test_cue_match_examples(cue: str, example: str) -> None:
    assert cue in _cues(example)


@pytest.mark.parametrize(("cue", "example"), [(c.id, e) for c in CUES for e in c.examples_no_match], ids=str)
def test_cue_no_match_examples(cue: str, example: str) -> None:
    assert cue not in _cues(example)


@pytest.mark.parametrize(("combo", "example"), [(c.id, e) for c in COMBINATIONS for e in c.examples_match], ids=str)
def test_combination_match_examples(combo: str, example: str) -> None:
    assert combo in _combined(example)


@pytest.mark.parametrize(("combo", "example"), [(c.id, e) for c in COMBINATIONS for e in c.examples_no_match], ids=str)
def test_combination_no_match_examples(combo: str, example: str) -> None:
    assert combo not in _combined(example)
    assert combo not in _fired(example)


def test_a_named_bank_with_a_foreign_link_is_high_risk_and_says_why_in_plain_chinese() -> None:
    text = "尊敬的客户您的账户信息需要重新核实，请登录 http://qwmfk.com/a 核实，未核实将于24点冻结【农业银行】"
    report = check(text)
    assert report.verdict is Verdict.HIGH_RISK
    mismatch = next(f for f in report.findings if f.rule_id == "brand-destination-mismatch")
    assert "短信自称农业银行" in mismatch.explanation
    assert "http://qwmfk.com/a" in mismatch.explanation and "不是农业银行的网站" in mismatch.explanation
    assert report.links[0].status.value == "flagged"  # where the scam leads, though its domain is unknown
    roles = {p.role for p in mismatch.parts}
    assert {Role.CLAIM, Role.DESTINATION} <= roles
    for part in mismatch.parts:
        for e in part.evidence:
            assert text[e.start : e.end] == e.text


def test_lender_name_chat_handle_and_deadline_threat_together_are_high_risk_each_quoted() -> None:
    text = (
        "【拍拍贷】您的借款已严重逾期，今日18点前不处理将上门催收并通知您的通讯录联系人，"
        "请立即添加专员微信 ppd-kefu01 协商。"
    )
    report = check(text)
    assert report.verdict is Verdict.HIGH_RISK
    quoted = {e.text for f in report.findings for p in f.parts for e in p.evidence}
    assert "拍拍贷" in quoted
    assert any("ppd-kefu01" in q for q in quoted)
    assert any("今日18点前" in q for q in quoted)


@pytest.mark.parametrize(
    "text",
    [
        "【拍拍贷】您的借款本期应还 520.00 元，请于 8 月 15 日前在 App 内还款。",
        "【某消费金融】您的借款已逾期 3 天，应还 1062.12 元，请尽快登录 App 还款，逾期将影响您的征信记录。",
        "【某银行】您的信用卡已逾期，如仍未还款，我行将依法提起诉讼，请尽快通过手机银行还款。",
        "【某借款】您的借款已逾期 30 天，我司已委托律师处理，请于本月 20 日前在官方 App 内结清，否则将依法起诉。",
    ],
)
def test_genuine_lender_reminders_stay_clean(text: str) -> None:
    report = check(text)
    assert report.verdict is Verdict.NO_KNOWN_SIGNALS, [f.rule_id for f in report.findings]


def test_claims_need_the_message_to_speak_as_the_institution() -> None:
    assert {c.institution.id for c in read_parts("【工商银行】您尾号 1234 的卡支出 50 元。").claims} == {"icbc"}
    mention = read_parts("本店支持工商银行信用卡分期，欢迎选购，详见 http://shop-example.com")
    assert not mention.claims
    assert not read_parts("施工行业协会年会通知").claims  # 工行 inside 施工行业 is not the bank


def test_an_official_destination_of_the_named_institution_is_its_own() -> None:
    reading = read_parts("【工商银行】您尾号 1234 的卡支出 50 元，详询 95588，或登录 https://www.icbc.com.cn")
    destinations = [p for p in reading.all_parts() if p.role is Role.DESTINATION]
    assert destinations and all("own" in p.tags and "not_own" not in p.tags for p in destinations)


def test_a_courier_mobile_in_a_delivery_message_is_not_an_impostor() -> None:
    text = "【顺丰速运】快递员李师傅（13800138000）正在派送您的快件，预计今天 15:00 前送达。"
    assert "brand-destination-mismatch" not in _fired(text)


def test_an_anti_fraud_warning_that_names_scam_parts_is_not_a_scam() -> None:
    text = "【某市公安局】提醒：骗子会说您涉嫌洗钱，要求把钱转入安全账户，公安机关从不这样办案。"
    assert check(text).verdict is Verdict.NO_KNOWN_SIGNALS


def test_combination_findings_serialise_their_parts() -> None:
    report = check("【拍拍贷】你的借款已逾期，马上加专员微信 hk5566xx 处理，不然派人上门。")
    combos = [f for f in report.findings if f.parts]
    assert combos
    data = combos[0].to_dict()
    assert data["parts"] and {"role", "role_label", "cue", "label", "evidence"} <= set(data["parts"][0])


def test_combinations_only_add_to_messages_not_already_high_risk_except_the_mismatch() -> None:
    text = "您好，请把刚收到的验证码告诉客服，我们帮您办理退款。"  # the named rule decides
    assert check(text).verdict is Verdict.HIGH_RISK
    assert not [f for f in check(text).findings if f.parts]
    assert _combined(text)  # the combinations would have held


def test_a_sender_number_never_takes_quoted_parts_away() -> None:
    text = (
        "【拍拍贷】您的借款已严重逾期，今日18点前不处理将上门催收并通知您的通讯录联系人，"
        "请立即添加专员微信 ppd-kefu01 协商。"
    )

    def quoted(sender: str | None) -> set[str]:
        report = check(text, sender)
        return {e.text for f in report.findings if f.rule_id == "brand-destination-mismatch" for e in f.evidence}

    assert quoted(None) <= quoted("17012345678")


def test_every_tag_a_combination_names_has_a_name_for_the_rules_page() -> None:
    names = RULES.parts.tag_names
    for combo in COMBINATIONS:
        requirements = [*combo.when, *(u.when for u in combo.upgrade)]
        for requirement in requirements:
            for role, tag in requirement.alternatives:
                assert not tag or f"{role.value}.{tag}" in names or tag in names, (combo.id, tag)


def test_a_single_scam_part_links_the_guide_section_of_that_part() -> None:
    """scam-only-pretext and scam-only-ask (``guide_from``) link what the quoted part is about, not the
    general page on how scams are put together."""
    findings = {f.rule_id: f for f in check("阿姨，这款营养液专治糖尿病，吃三个疗程就能停药。").findings}
    assert findings["scam-only-pretext"].guide == "scams/#elderly-products"
    findings = {f.rule_id: f for f in check("装的时候要是提示未知来源，你点允许就行。").findings}
    assert findings["scam-only-ask"].guide == "scams/#screen-share"
