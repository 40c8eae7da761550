"""Every rule in the data: valid, and its own examples behave as the data says."""

from __future__ import annotations

import re

import pytest

from checker import check
from checker.models import Kind
from checker.rules.load import Rule, RuleDataError, _rule, load_ruleset

RULES = load_ruleset()
ALL = RULES.all_rules()
TEXT_RULES = [*RULES.scam_rules, *RULES.conduct_rules, *RULES.link_rules.values()]


def _fired(text: str) -> set[str]:
    report = check(text)
    return {f.rule_id for f in (*report.findings, *report.conduct_findings)}


def test_ids_are_unique_and_ascii() -> None:
    ids = [r.id for r in ALL]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)


@pytest.mark.parametrize("rule", TEXT_RULES, ids=lambda r: r.id)
def test_rule_has_examples_both_ways(rule: Rule) -> None:
    assert rule.examples_match, f"{rule.id} needs examples that must match"
    assert rule.examples_no_match, f"{rule.id} needs examples that must not match"


@pytest.mark.parametrize(
    ("rule_id", "example"), [(r.id, e) for r in ALL for e in r.examples_match], ids=lambda v: str(v)[:30]
)
def test_match_examples_fire(rule_id: str, example: str) -> None:
    assert rule_id in _fired(example)


@pytest.mark.parametrize(
    ("rule_id", "example"), [(r.id, e) for r in ALL for e in r.examples_no_match], ids=lambda v: str(v)[:30]
)
def test_no_match_examples_do_not_fire(rule_id: str, example: str) -> None:
    assert rule_id not in _fired(example)


@pytest.mark.parametrize("rule", ALL, ids=lambda r: r.id)
def test_reader_text_is_chinese_and_never_says_safe(rule: Rule) -> None:
    for text in (rule.title, rule.explanation, rule.advice):
        assert re.search(r"[\u4e00-\u9fff]", text)
        assert "安全的" not in text and "是安全" not in text


def test_verdict_wording_never_calls_a_message_safe() -> None:
    verdicts = RULES.messages["verdicts"]
    for verdict in verdicts.values():
        assert "安全" not in verdict["title"]
    assert "官方 App" in verdicts["no_known_signals"]["summary"]


def test_every_sender_rule_is_reachable_from_a_class() -> None:
    reachable = {c.rule for c in RULES.sender_classes if c.rule}
    assert reachable == set(RULES.sender_rules)


@pytest.mark.parametrize("field", ["requires", "unless"])
def test_a_rule_naming_an_unknown_context_is_refused(field: str) -> None:
    data = {
        "id": "demo",
        "category": "演示",
        "strength": "weak",
        "guide": "scams/#demo",
        "title": "演示",
        "explanation": "演示",
        "advice": "演示",
        "patterns": ["演示"],
        field: ["no_such_context"],
    }
    with pytest.raises(RuleDataError, match="unknown context 'no_such_context'"):
        _rule(data, Kind.SCAM, "demo.toml", RULES.contexts)


def test_every_rule_and_cue_compiles() -> None:
    """Regexes compile on first use; here all of them do, so a pattern that only fails combined fails."""
    for rule in ALL:
        if rule.alternation is not None:
            assert rule.combined is not None
    for cue in RULES.parts.cues:
        assert cue.combined.pattern == cue.alternation
