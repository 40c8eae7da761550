"""The prefix gate only skips work: gated matching finds exactly what a full regex scan finds."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.api import _RULES as RULES
from checker.normalize.text import View
from checker.read.gate import (
    GateIndex,
    gated_pattern,
    gated_search,
    gated_spans,
    pattern_clauses,
)
from checker.regexes import compiled
from checker.rules import load
from checker.rules.load import write_gate_index

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus.jsonl"


def _gated_patterns() -> list[tuple[str, re.Pattern[str]]]:
    named = [(rule.id, rule.combined) for rule in RULES.all_rules() if rule.combined is not None]
    named += [(f"ctx:{name}", compiled(pattern)) for name, pattern in RULES.contexts.items()]
    named += [(key, compiled(pattern)) for key, pattern in RULES.text_patterns().items()]  # warning, negations
    return [(name, pattern) for name, pattern in named if RULES.gate.is_gated(name)]


PATTERNS = _gated_patterns()


def _compact(text: str) -> View:
    return RULES.normalizer.compact(text)


def _texts() -> list[str]:
    examples = [e for rule in RULES.all_rules() for e in (*rule.examples_match, *rule.examples_no_match)]
    corpus = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    return [_compact(text).text for text in (*examples, *corpus)]


TEXTS = _texts()


def _assert_same(name: str, pattern: re.Pattern[str], text: str) -> None:
    full = [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
    gated, is_gated = RULES.gate.matcher(name, pattern.pattern)
    assert is_gated
    assert list(gated_spans(gated, is_gated, text)) == full
    assert gated_search(gated, text) == bool(full)
    if full and not name.startswith(("ctx:", "text:")):  # searched on demand, never gated out
        assert name in RULES.gate.candidates(text), f"the gate would skip {name}"


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS])
def test_gated_matching_equals_a_full_scan_on_examples_and_corpus(name: str, pattern: re.Pattern[str]) -> None:
    for text in TEXTS:
        _assert_same(name, pattern, text)


# Characters the rules care about, so random texts actually hit prefixes and partial matches.
ALPHABET = sorted({c for text in TEXTS for c in text} | set("0123456789。@.%¥"))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(text=st.text(alphabet=st.sampled_from(ALPHABET), max_size=80))
def test_gated_matching_equals_a_full_scan_on_random_text(text: str) -> None:
    for name, pattern in PATTERNS:
        _assert_same(name, pattern, text)


def test_every_rule_and_context_is_gated() -> None:
    # An ungated pattern is tried at every position of every message; start it with something listable.
    assert not RULES.gate.always, sorted(RULES.gate.always)


def test_digits_are_gated_as_ascii_because_folding_makes_every_digit_ascii() -> None:
    clauses = pattern_clauses(r"\d小时")
    assert clauses is not None and clauses[0] == frozenset(f"{d}小" for d in "0123456789")
    assert _compact("٣小时内处理").text == "3小时内处理"  # Arabic-Indic three
    assert _compact("３小时").text == "3小时"


def test_a_gated_pattern_reports_each_position_where_a_prefix_begins_and_the_pattern_matches() -> None:
    gated = gated_pattern(frozenset({"注销", "验证", "码"}), "注销|验证码?|码")
    assert [m.span(1) for m in gated.finditer("验证码注销注册")] == [(0, 3), (2, 3), (3, 5)]
    assert list(gated_spans(gated, True, "验证码注销注册")) == [(0, 3), (3, 5)]


def test_patterns_that_can_match_nothing_are_not_gated() -> None:
    assert pattern_clauses(r"a?") is None
    assert pattern_clauses(r"[^。]+") is None


def test_clauses_require_what_follows_the_prefix_too() -> None:
    clauses = pattern_clauses(r"验证码[^。]{0,8}(?:发给|告诉)")
    assert clauses is not None
    assert clauses[0] == frozenset({"验证"})
    assert frozenset({"发给", "告诉"}) in clauses
    gate_text = RULES.normalizer.compact("验证码123456，5分钟内有效").text
    assert "verification-code" not in RULES.gate.candidates(gate_text)


def test_a_pattern_passes_only_with_a_gram_of_each_of_its_clauses() -> None:
    gate = GateIndex.build(
        {
            "none": ("注销",),
            "one": ("验证码[^。]{0,8}告诉",),
            "two": ("安全[^。]{0,4}账户[^。]{0,4}转账",),
            "either": ("贷款[^。]{0,4}到账", "征信"),
        }
    )
    assert gate.candidates("注销") == {"none"}
    assert gate.candidates("验证码") == set()
    assert gate.candidates("验证码请告诉我") == {"one"}
    assert gate.candidates("安全账户") == set()
    assert gate.candidates("转账到安全账户") == {"two"}
    assert gate.candidates("到账贷款") == {"either"}
    assert gate.candidates("征信") == {"either"}
    both = gate.candidate_bits("注销征信")
    assert both & gate.bits["none"] and both & gate.bits["either"] and not both & gate.bits["one"]
    assert GateIndex.from_json(json.loads(json.dumps(gate.to_json()))).to_json() == gate.to_json()


def test_the_wheels_gate_index_is_the_one_loading_works_out(tmp_path: Path) -> None:
    """The wheel carries the gate's tables (written at build time); read back, they are the tables
    loading works out itself, and they give the same candidates on every test text."""
    path = tmp_path / "gate-index.json"
    write_gate_index(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data["key"]) == 64
    read_back = GateIndex.from_json(data)
    assert read_back.to_json() == RULES.gate.to_json()
    for text in TEXTS:
        assert read_back.candidates(text) == RULES.gate.candidates(text)


def test_loading_uses_the_carried_index_only_when_it_was_made_from_the_same_patterns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_gate_index(tmp_path / "gate-index.json")
    monkeypatch.setattr(resources, "files", lambda package: tmp_path)
    patterns, on_demand = load._gated_patterns(
        (*RULES.scam_rules, *RULES.conduct_rules, *RULES.parts.cues), RULES.contexts, RULES.text_patterns()
    )
    built: list[int] = []
    build = GateIndex.build

    def counted_build(*args: Any, **kwargs: Any) -> GateIndex:
        built.append(1)
        return build(*args, **kwargs)

    monkeypatch.setattr(GateIndex, "build", counted_build)
    assert load._gate_index(patterns, on_demand).to_json() == RULES.gate.to_json()
    assert not built  # read from the file, nothing parsed
    changed = {**patterns, "verification-code": (r"验证码[^。]{0,8}告诉",)}
    assert "verification-code" in load._gate_index(changed, on_demand).candidates("验证码请告诉我")
    assert built  # a stale file is never used


def _has_group_reference(items: object) -> bool:
    if isinstance(items, (list, tuple)):
        return any(_has_group_reference(item) for item in items)
    if isinstance(items, sre_parse.SubPattern):
        return any(op in (sre.GROUPREF, sre.GROUPREF_EXISTS) or _has_group_reference(av) for op, av in items)
    return False


def test_no_gated_pattern_refers_to_a_group_by_number() -> None:
    """``gated_pattern`` wraps the alternation in a capturing group of its own, which would shift a
    numbered back-reference; names (``(?P=name)``) would still be right, but none is used either."""
    for name, pattern in PATTERNS:
        assert not _has_group_reference(sre_parse.parse(pattern.pattern)), name
