"""Combines findings into a score and a verdict; the numbers come from messages.toml."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from checker.models import Finding, Strength, Verdict

_RANK = {Strength.WEAK: 0, Strength.MEDIUM: 1, Strength.STRONG: 2}


def stronger(a: Strength, b: Strength) -> bool:
    """True when ``a`` says more than ``b``."""
    return _RANK[a] > _RANK[b]


def ordered(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Strongest first; then message-text evidence in reading order; then sender and time evidence.

    Every finding quotes at least one piece of evidence (the engine never builds one without).
    """

    def key(finding: Finding) -> tuple[int, bool, int]:
        first = finding.evidence[0]
        return -_RANK[finding.strength], first.field != "text", first.start

    return tuple(sorted(findings, key=key))


def verdict(findings: Iterable[Finding], scoring: Mapping[str, Any]) -> tuple[Verdict, int]:
    """Sum the points of the scam findings and compare with the thresholds."""
    points: Mapping[str, int] = scoring["points"]
    score = sum(points[f.strength._value_] for f in findings)
    if score >= scoring["high_risk"]:
        return Verdict.HIGH_RISK, score
    if score >= scoring["suspicious"]:
        return Verdict.SUSPICIOUS, score
    return Verdict.NO_KNOWN_SIGNALS, score


def next_steps(result: Verdict, has_conduct: bool, steps: Mapping[str, list[str]]) -> tuple[str, ...]:
    """The advice list for this verdict: verdict-specific steps first, then the general ones."""
    chosen = list(steps.get(result, []))  # a member is its value (StrEnum)
    chosen += steps["always"]
    if has_conduct:
        chosen += steps["conduct"]
    return tuple(chosen)
