"""The public API: verdicts, the two questions, evidence offsets, bad input, the JSON contract."""

from __future__ import annotations

import dataclasses
import json

import pytest

from checker import MAX_TEXT_LENGTH, CheckInputError, Verdict, check
from checker.bridge import check_json


def test_strong_signal_decides_alone() -> None:
    report = check("您好，请把刚收到的验证码告诉客服，我们帮您办理退款。")
    assert report.verdict is Verdict.HIGH_RISK
    assert report.findings[0].rule_id == "verification-code"
    assert report.findings[0].guide == "scams/#verification-code"


def test_genuine_otp_and_warning_are_not_scams() -> None:
    assert check("【某银行】验证码 482913，5分钟内有效，请勿泄露给他人。").verdict is Verdict.NO_KNOWN_SIGNALS
    warning = "【某公安局】公安机关不存在安全账户，凡是要求转账到安全账户的都是诈骗。"
    assert check(warning).verdict is Verdict.NO_KNOWN_SIGNALS


def test_no_known_signals_still_says_verify_in_the_app() -> None:
    report = check("【拍拍贷】您的借款本期应还 520.00 元，请于 8 月 15 日前在 App 内还款。")
    assert report.verdict is Verdict.NO_KNOWN_SIGNALS
    assert "安全" not in report.verdict_title
    assert "官方 App" in report.verdict_summary
    assert any("官方 App" in step for step in report.next_steps)


def test_conduct_is_a_separate_question() -> None:
    report = check("你再不还款，我们明天就联系你的父母和单位领导，安排人上门。")
    assert report.verdict is Verdict.NO_KNOWN_SIGNALS
    conduct = {f.rule_id for f in report.conduct_findings}
    assert {"conduct-contact-relatives", "conduct-home-visit-threat"} <= conduct
    assert all(f.kind.value == "conduct" for f in report.conduct_findings)
    assert all(f.guide.startswith(("collection-conduct/", "home-visit/")) for f in report.conduct_findings)


def test_night_time_needs_a_collection_message() -> None:
    night = check("您的欠款已逾期，请尽快还款。", received_at="23:40")
    assert "conduct-night-contact" in {f.rule_id for f in night.conduct_findings}
    assert night.conduct_findings[0].evidence[0].field == "received_at"
    day = check("您的欠款已逾期，请尽快还款。", received_at="10:00")
    assert not day.conduct_findings
    assert not check("晚安，明天见。", received_at="23:40").conduct_findings


def test_evidence_quotes_the_original_text() -> None:
    text = "请把手机收到的验.证.码发给专员完成注销"
    report = check(text)
    for finding in report.findings:
        for e in finding.evidence:
            assert text[e.start : e.end] == e.text
    quoted = report.findings[0].evidence[0].text
    assert "验.证.码" in quoted


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"text": ""}, "empty"),
        ({"text": "   \n\t"}, "empty"),
        ({"text": "短" * (MAX_TEXT_LENGTH + 1)}, "too_long"),
        ({"text": "你好", "sender": "1" * 41}, "sender_too_long"),
        ({"text": "你好", "received_at": "25:00"}, "bad_time"),
        ({"text": "你好", "received_at": "noon"}, "bad_time"),
    ],
)
def test_bad_input_raises_a_value_error_with_a_chinese_message(kwargs: dict[str, str], code: str) -> None:
    with pytest.raises(CheckInputError) as info:
        check(**kwargs)
    assert isinstance(info.value, ValueError)
    assert info.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.message)


def test_text_at_the_cap_is_accepted() -> None:
    assert check("好" * MAX_TEXT_LENGTH).input_length == MAX_TEXT_LENGTH


def test_report_is_frozen_and_json_ready() -> None:
    report = check("请将资金转入安全账户 http://203.0.113.9/a", sender="+639170000123")
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.score = 0  # type: ignore[misc]
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["verdict"] == "high_risk"
    assert set(data) >= {"verdict", "verdict_title", "findings", "conduct_findings", "links", "sender", "next_steps"}
    assert data["findings"][0]["evidence"][0].keys() == {"text", "start", "end", "field"}


def test_bridge_wraps_reports_and_errors() -> None:
    ok = json.loads(check_json("请回复验证码", "13800138000", "23:00"))
    assert ok["ok"] is True and ok["report"]["verdict"] == "high_risk"
    error = json.loads(check_json(""))
    assert error == {"ok": False, "error": {"code": "empty", "message": error["error"]["message"]}}


def test_the_bridge_writes_what_json_dumps_writes() -> None:
    """The bridge calls the C encoder itself; the bytes are still those of ``json.dumps``."""
    calls = (("请回复验证码", "13800138000", "23:00"), ("点击 http://a.xyz/p 领取补贴，联系 0571-88886666",), ("",))
    for args in calls:
        out = check_json(*args)
        assert out == json.dumps(json.loads(out), ensure_ascii=False)


def test_every_computed_context_is_worked_out_by_contexts() -> None:
    from checker.read.contexts import _COMPUTED
    from checker.rules.load import COMPUTED_CONTEXTS

    assert set(_COMPUTED) == COMPUTED_CONTEXTS


def test_links_say_what_is_known_about_where_they_go() -> None:
    report = check("请登录 http://qwmfk.com/a 查看，或访问 https://www.ppdai.com 和 http://ppdai-vip.xyz/pay")
    status = {link.host: link.status.value for link in report.links}
    assert status == {"qwmfk.com": "unconfirmed", "www.ppdai.com": "official", "ppdai-vip.xyz": "flagged"}
    unknown = next(link for link in report.links if link.host == "qwmfk.com")
    assert "陌生网址" in unknown.note
    assert "未发现" not in unknown.note  # an unknown link is never reassuring
    assert all(link.to_dict()["note"] == link.note for link in report.links)


def test_a_reminder_before_the_due_date_at_night_is_not_night_collection() -> None:
    reminder = check("【某借款】您的借款本期应还 520.00 元，请于 8 月 15 日前在 App 内还款。", received_at="22:30")
    assert not reminder.conduct_findings


def test_result_records_built_by_slot_init_stay_frozen_dataclasses() -> None:
    import inspect

    from checker.models import Evidence, Field, Finding, Link, Part, Report, SenderInfo

    for cls in (Evidence, Part, Finding, Link, SenderInfo, Report):
        parameters = list(inspect.signature(cls).parameters.values())
        assert [p.name for p in parameters] == [f.name for f in dataclasses.fields(cls)]
        assert [p.default for p in parameters] == [
            inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in dataclasses.fields(cls)
        ]
    evidence = Evidence("验证码", 2, 5)
    assert evidence == Evidence(text="验证码", start=2, end=5, field=Field.TEXT)
    assert hash(evidence) == hash(Evidence("验证码", 2, 5))
    assert dataclasses.replace(evidence, start=3) == Evidence("验证码", 3, 5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        evidence.start = 0  # type: ignore[misc]
