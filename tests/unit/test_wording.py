"""The wording model: how it reads a message, when it may speak, and that the shipped file is current."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker import check
from checker.api import rules_verdict, wording_case
from checker.models import Strength, Verdict
from checker.read.wording import feature_origin, feature_text
from checker.rules.load import WORDING_MODEL, load_ruleset, wording_model

ROOT = Path(__file__).resolve().parents[2]
RULE_ID = "wording-scam-script"


def _trainer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("train_wording", ROOT / "scripts" / "train_wording.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_wording"] = module
    spec.loader.exec_module(module)
    return module


def test_shipped_model_is_what_training_gives_now() -> None:
    """Retraining (a few seconds) gives the shipped file byte for byte: a training set, a setting or
    an engine change that moves a threshold fails here until `make train` is run."""
    text, _ = _trainer().train()
    assert text == (ROOT / "checker" / "rules" / WORDING_MODEL).read_text(encoding="utf-8")


def test_training_files_are_the_teams_own() -> None:
    """The shared development set is for measuring only: the model never learns from it."""
    files = _trainer().training_files()
    assert files and all(ROOT in path.parents for path in files)
    assert not any("dev-set" in path.name for path in files)


@given(st.text(alphabet="ab12 微信转账,。xyz", max_size=40))
def test_feature_origin_maps_each_character_back(text: str) -> None:
    compact = text.replace(" ", "").lower()
    features = feature_text(compact)
    origin = feature_origin(compact)
    assert len(origin) == len(features)
    assert origin == sorted(set(origin))
    for char, at in zip(features, origin, strict=True):
        source = compact[at]
        assert char == source or (char == "0" and source.isdigit()) or (char == "a" and source.isalpha())


def test_numbers_and_handles_count_as_their_kind() -> None:
    assert feature_text("加微信abc123领取") == feature_text("加微信xyz987654领取") == "加微信a0领取"


@pytest.mark.parametrize("text", load_ruleset().wording_rule.examples_match)
def test_the_finding_quotes_the_message_and_says_suspicious_at_most(text: str) -> None:
    report = check(text)
    (finding,) = [f for f in report.findings if f.rule_id == RULE_ID]
    assert finding.strength is Strength.MEDIUM
    assert report.verdict is Verdict.SUSPICIOUS
    for evidence in finding.evidence:
        assert evidence.text and text[evidence.start : evidence.end] == evidence.text
    assert rules_verdict(text) is Verdict.NO_KNOWN_SIGNALS


def test_a_message_with_no_part_needs_the_higher_threshold() -> None:
    model = wording_model()
    assert model.threshold < model.threshold_alone < 1
    assert wording_case("姐，你先别挂，我这边帮你把保单退了，钱马上原路返还。") == "alone"
    assert wording_case("在吗？最近手头紧不紧，我这有个来钱快的路子。") == "with_part"
    assert wording_case("你好") is None  # too short to judge on wording alone


def test_it_speaks_only_where_the_rules_found_nothing() -> None:
    text = "您好，您的账户存在风险，请立即点击 http://abc-kefu.top 验证身份，否则冻结。"
    assert rules_verdict(text) is not Verdict.NO_KNOWN_SIGNALS
    assert RULE_ID not in {f.rule_id for f in check(text).findings}


def test_an_anti_fraud_warning_is_left_alone() -> None:
    warning = "【反诈提醒】凡是自称老师带你投资、稳赚不赔、让你下载陌生App充值的，都是诈骗，请勿相信。"
    assert RULE_ID not in {f.rule_id for f in check(warning).findings}


def test_silent_with_names_known_tags() -> None:
    ruleset = load_ruleset()
    tags = {tag for cue in ruleset.parts.cues for tag in cue.tags}
    assert ruleset.wording_silent_with and ruleset.wording_silent_with <= tags
    assert ruleset.wording_silent_context in ruleset.contexts


@pytest.mark.parametrize(
    ("text", "case"),
    [
        ("【某某消费金融】您的借款已逾期3天，请尽快登录App还款，逾期将影响个人征信。", None),
        ("你欠的钱到底什么时候还上？再拖下去别怪我不客气。", None),
        ("您好，您申请的贷款已经审批下来了，额度五万，年利率很低，今天就能放款。", "with_part"),
    ],
)
def test_talk_of_repaying_silences_the_model_and_talk_of_borrowing_does_not(text: str, case: str | None) -> None:
    assert wording_case(text) == case


def test_an_institutions_own_number_is_no_part_that_lowers_the_threshold() -> None:
    notice = "尊敬的客户，您尾号1502的银行卡于12月1日进行了45.00元的网上支付交易。详询95566【中国银行】"
    assert wording_case(notice) == "alone"
    assert wording_case(notice.replace("95566", "021-5566-7788")) == "with_part"


@pytest.mark.parametrize(
    "text",
    [
        "【某某贷】请立即还款，否则后果自负。",
        "你欠的钱今天必须还上，不然明天我们就按流程走。",
        "您好，您在我司的借款已逾期5天，请尽快在App内处理，以免产生更多罚息。",
    ],
)
def test_debt_talk_is_left_to_the_rules(text: str) -> None:
    """Genuine and fake collectors word reminders and threats alike: the model is not asked."""
    assert RULE_ID not in {f.rule_id for f in check(text).findings}


def test_quiet_messages_stay_quiet() -> None:
    for text in load_ruleset().wording_rule.examples_no_match:
        assert check(text).verdict is Verdict.NO_KNOWN_SIGNALS
