"""Applies text rules to the compact view, setting aside matches that a negation or warning covers."""

from __future__ import annotations

from typing import Protocol

from checker.normalize.text import SENTENCE_BREAK, View
from checker.read.gate import gated_matches, gated_search
from checker.regexes import compiled
from checker.rules.load import WARNING_KEY, RuleSet

MAX_EVIDENCE = 6


class Matchable(Protocol):
    """A rule or a cue: patterns as one alternation, found through the gate."""

    @property
    def alternation(self) -> str | None: ...

    @property
    def negatable(self) -> bool: ...

    @property
    def gate_key(self) -> str: ...


def _same_clause_before(view: View, start: int, window: int) -> str:
    """Up to ``window`` characters before ``start``, not reaching back past a comma or sentence end."""
    first = max(0, start - window)
    for i in range(start, first, -1):
        if i in view.clause_starts:
            first = i
            break
    return view.text[first:start].rsplit(SENTENCE_BREAK, 1)[-1]


def _same_sentence_after(text: str, end: int, window: int) -> str:
    return text[end : end + window].split(SENTENCE_BREAK, 1)[0]


def is_negated(view: View, start: int, end: int, rules: RuleSet) -> bool:
    """True when a negation stands just before or inside the match, or "…是诈骗" just after it."""
    before = _same_clause_before(view, start, rules.window_before)
    if compiled(rules.negation_before).search(before + view.text[start:end]):
        return True
    return bool(compiled(rules.negation_after).search(_same_sentence_after(view.text, end, rules.window_after)))


def rule_hits(rule: Matchable, view: View, rules: RuleSet) -> list[tuple[int, int]]:
    """Spans of the original text where the rule matches, negated matches removed, overlaps merged."""
    if rule.alternation is None:
        return []
    matches = gated_matches(*rules.gate.matcher(rule.gate_key, rule.alternation), view.text)
    if not matches:
        return []
    negatable = rule.negatable
    spans = []
    for m in matches:
        start, end = m.span()
        if not (negatable and is_negated(view, start, end, rules)):
            spans.append(view.span(start, end))
    return merge_spans(spans)[:MAX_EVIDENCE]


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort and merge overlapping spans."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def is_warning(view: View, rules: RuleSet) -> bool:
    """The message reads as an anti-fraud warning (it names the scam rather than running it)."""
    return gated_search(compiled(rules.warning), rules.gate.starter(WARNING_KEY), view.text)
