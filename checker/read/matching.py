"""Applies text rules to the compact view, setting aside matches that a negation or warning covers."""

from __future__ import annotations

from bisect import bisect_right
from typing import Protocol

from checker.normalize.text import SENTENCE_BREAK, View
from checker.read.gate import gated_search
from checker.regexes import compiled
from checker.rules.load import NEGATION_AFTER_KEY, NEGATION_BEFORE_KEY, WARNING_KEY, RuleSet

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
    clause_starts = view.clause_starts
    last = bisect_right(clause_starts, start) - 1  # the last clause start at or before ``start``
    if last >= 0 and clause_starts[last] > first:
        first = clause_starts[last]
    return view.text[first:start].rsplit(SENTENCE_BREAK, 1)[-1]


def _same_sentence_after(text: str, end: int, window: int) -> str:
    return text[end : end + window].split(SENTENCE_BREAK, 1)[0]


def is_negated(view: View, start: int, end: int, rules: RuleSet) -> bool:
    """True when a negation stands just before or inside the match, or "…是诈骗" just after it."""
    before = _same_clause_before(view, start, rules.window_before)
    matchers, gate = rules.gate.matchers, rules.gate  # looked up by alternation first, as in ``rule_hits``
    negation = matchers.get(rules.negation_before) or gate.matcher(NEGATION_BEFORE_KEY, rules.negation_before)
    if gated_search(negation[0], before + view.text[start:end]):
        return True
    after = _same_sentence_after(view.text, end, rules.window_after)
    negation = matchers.get(rules.negation_after) or gate.matcher(NEGATION_AFTER_KEY, rules.negation_after)
    return gated_search(negation[0], after)


def is_described(view: View, start: int, end: int, rules: RuleSet) -> bool:
    """True when the message describes the match rather than asks for it: a denial just before it
    ("我司不会以…", "不开启…", a bare 不 in a list of don'ts), or just after it a word naming it a scam
    or a pretext ("…诈骗团伙", "以…为由"). Asked of every rule and cue, ``negatable`` or not: the cues
    are narrow (text.toml)."""
    cues = rules.description
    before = _same_clause_before(view, start, cues.window_before)
    if before and compiled(cues.before).search(before):
        return True
    after = _same_sentence_after(view.text, end, cues.window_after)
    if before and compiled(cues.bare_not).search(before):
        return compiled(cues.condition).search(view.text[start:end] + after) is None  # "不开启…", not "不交…的话"
    return bool(after) and compiled(cues.after).match(after) is not None


def rule_hits(rule: Matchable, view: View, rules: RuleSet) -> list[tuple[int, int]]:
    """Spans of the original text where the rule matches, negated matches removed, overlaps merged;
    the first ``MAX_EVIDENCE`` of them.

    Matches come in reading order, and so do their spans in the original text (a later one starts
    no earlier, and a tie can only be a one-character span first), so merging as they come builds
    the same list as sorting them all first. Only the last merged span can still grow: once there
    is one past ``MAX_EVIDENCE``, the rest of the text is not read.

    The matches are ``gated_spans``'s, worked out here in the same way (this runs for every rule and
    cue a message reaches, most of them finding nothing: no generator to make and resume). A plain
    ``finditer``'s matches never overlap, so the check that keeps a gated pattern's overlapping
    reports out lets every one of them through.
    """
    alternation = rule.alternation
    if alternation is None:
        return []
    gate = rules.gate
    pattern, gated = gate.matchers.get(alternation) or gate.matcher(rule.gate_key, alternation)
    group = 1 if gated else 0
    negatable = rule.negatable
    origin = view.origin  # ``view.span`` written out: this loop runs for every match of every rule
    merged: list[tuple[int, int]] = []
    last_end = 0
    for found in pattern.finditer(view.text):
        start, end = found.span(group)
        if start < last_end or end <= start:
            continue
        last_end = end
        if (negatable and is_negated(view, start, end, rules)) or is_described(view, start, end, rules):
            continue
        span_start, span_end = origin[start], origin[end - 1] + 1
        if merged and span_start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(span_end, merged[-1][1]))
        elif len(merged) < MAX_EVIDENCE:
            merged.append((span_start, span_end))
        else:
            break
    return merged


def is_warning(view: View, rules: RuleSet) -> bool:
    """The message reads as an anti-fraud warning (it names the scam rather than running it)."""
    return gated_search(rules.gate.matcher(WARNING_KEY, rules.warning)[0], view.text)
