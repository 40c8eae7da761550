"""Quoted speech: words in quotes that the message comments on are described, not asked for."""

from __future__ import annotations

import pytest

from checker import check
from checker.api import _RULES
from checker.read.speech import commented_quotes


@pytest.mark.parametrize(
    "text",
    [
        "【某某银行】收到“您的账户存在风险，请将资金转入安全账户”的电话，请立即挂断，我行从不这样要求。",
        "妈，电话里要是有人说“你儿子出车祸了，赶紧转五万到医院账户”，先挂了给我打电话，别慌。",
        "同事们注意：对方说“系统升级需要你共享屏幕配合操作”的，直接挂掉，告诉IT部门。",
    ],
)
def test_a_warning_that_quotes_a_scam_is_not_flagged_for_the_quote(text: str) -> None:
    assert commented_quotes(text, _RULES.quoted_speech)
    assert check(text).verdict.value == "no_known_signals"


@pytest.mark.parametrize(
    "text",
    [
        # a narration that ends with the scammer's words comments on nothing
        "自称平台客服的男子说：“交贷款金额百分之二十的解冻金，用来验证你的还款能力。”",
        # a scam's own quotes are short: emphasis, not someone's words
        "您的“百万保障”已到期，不取消每月自动扣费800元，请尽快处理，逾期无法退还。",
    ],
)
def test_narrations_and_short_quotes_are_no_comment(text: str) -> None:
    assert not commented_quotes(text, _RULES.quoted_speech)
    assert check(text).verdict.value != "no_known_signals"


def test_a_quote_with_a_contact_to_act_on_keeps_its_findings() -> None:
    text = "收到“您的快递丢失，我们给您双倍赔偿”的消息？别担心，加理赔专员微信 lp-kefu88 处理。"
    assert commented_quotes(text, _RULES.quoted_speech)
    assert check(text).verdict.value != "no_known_signals"
