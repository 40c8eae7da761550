"""Judges the parts of a message: each combination in parts.toml whose requirements are all met by
parts becomes a finding that quotes every part it combines."""

from __future__ import annotations

import dataclasses

from checker.judge import scoring
from checker.models import Finding, Kind, Part, Role, Strength
from checker.read.parts import FoundPart, Reading
from checker.rules.load import RuleSet
from checker.rules.parts import Combination

MAX_PARTS = 6
_ROLE_ORDER = {role: n for n, role in enumerate(Role)}


def combination_findings(reading: Reading, rules: RuleSet, score: int) -> list[Finding]:
    """Findings of the combinations that hold, in parts.toml order, each adding something new.

    ``score`` is what the named rules already found. Once the total reaches high risk, only the
    combinations marked ``always`` (the brand–destination mismatch) are still worked out: the
    others could not change the verdict, and the named findings already explain the message.
    """
    scoring_data = rules.messages["scoring"]
    points, high_risk = scoring_data["points"], scoring_data["high_risk"]
    findings: list[Finding] = []
    quoted: set[tuple[str, int, int]] = set()
    could_meet_all = reading.could_meet_all
    for combo in rules.parts.combinations:
        if score >= high_risk and not combo.always:
            continue
        if not could_meet_all(combo.when):
            continue  # decided without reading a single cue (most combinations, on most messages)
        parts = _parts_of(combo, reading)
        if parts is None:
            continue
        chosen, strength = parts
        keys = {(p.cue, e.start, e.end) for p in chosen for e in p.evidence}
        if keys <= quoted:
            continue  # everything it would say, an earlier combination already said
        quoted |= keys
        findings.append(_finding(combo, chosen, strength, reading, rules))
        score += points[strength._value_]
    return findings


def _parts_of(combo: Combination, reading: Reading) -> tuple[list[Part], Strength] | None:
    """The parts a combination quotes and its strength; None when it does not hold (asked only of
    combinations that ``Reading.could_meet_all`` did not rule out).

    The answer depends only on the message (never on what other findings were worked out first):
    giving the checker more, such as the sender number, never shows the reader less.
    """
    chosen: list[FoundPart] = []
    when = combo.when if len(combo.when) == 1 else sorted(combo.when, key=reading.cost)
    for requirement in when:  # the cheapest first: it may end the search
        meeting = reading.meeting(requirement)
        if not meeting:
            return None
        chosen += meeting
    if combo.unless is not None and reading.meeting(combo.unless):
        return None
    strength = combo.strength
    for upgrade in combo.upgrade:
        if not scoring.stronger(upgrade.to, strength):
            continue
        reason = reading.any_meeting(upgrade.when)
        if reason is not None:
            strength = upgrade.to
            chosen.append(reason)
    if combo.also_quote is not None:
        chosen += reading.meeting(combo.also_quote)
    unique = list(dict.fromkeys(p.part for p in chosen))
    unique.sort(key=lambda p: (_ROLE_ORDER[p.role], p.evidence[0].start))
    return _without_repeats(unique)[:MAX_PARTS], strength


def _without_repeats(parts: list[Part]) -> list[Part]:
    """Drop quotes that repeat, or lie inside, another quote of the same role (two cues often match
    the same words); a part left with nothing to quote is dropped."""
    spans: dict[Role, set[tuple[int, int]]] = {}
    for part in parts:
        spans.setdefault(part.role, set()).update((e.start, e.end) for e in part.evidence)
    inside = {role: _inside_another(role_spans) for role, role_spans in spans.items()}
    kept: list[Part] = []
    shown: set[tuple[Role, int, int]] = set()
    for part in parts:
        covered = inside[part.role]
        evidence = tuple(
            e for e in part.evidence if (part.role, e.start, e.end) not in shown and (e.start, e.end) not in covered
        )
        shown.update((part.role, e.start, e.end) for e in evidence)
        if evidence:
            kept.append(part if evidence == part.evidence else dataclasses.replace(part, evidence=evidence))
    return kept


def _inside_another(spans: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The spans that lie inside another, different span (one sorted sweep: by start, longest first,
    a span is inside another exactly when an earlier one reaches at least as far)."""
    inside: set[tuple[int, int]] = set()
    reach = -1
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if reach >= end:
            inside.add((start, end))
        reach = max(reach, end)
    return inside


def _finding(combo: Combination, parts: list[Part], strength: Strength, reading: Reading, rules: RuleSet) -> Finding:
    values = _template_values(parts, reading, rules)
    evidence = sorted({e for p in parts for e in p.evidence}, key=lambda e: (e.start, e.end))
    return Finding(
        rule_id=combo.id,
        kind=Kind.SCAM,
        category=combo.category,
        strength=strength,
        title=combo.title.format(**values),
        explanation=combo.explanation.format(**values),
        advice=combo.advice.format(**values),
        guide=rules.parts.guide_of(combo, parts),
        evidence=tuple(evidence),
        parts=tuple(parts),
    )


def _template_values(parts: list[Part], reading: Reading, rules: RuleSet) -> dict[str, str]:
    labels = rules.parts.destination_labels
    claim = reading.claims[0].institution.name if reading.claims else labels["claim_named"]
    destinations = [p for p in parts if p.role is Role.DESTINATION]
    destination = destinations[0] if destinations else None
    pretexts = [p for p in parts if p.role is Role.PRETEXT]
    asks = [p for p in parts if p.role is Role.ASK]
    kind = _kind(destination)
    values = {
        "claim": claim,
        "destination": destination.evidence[0].text if destination else "",
        "destination_kind": labels[f"kind_{kind}"],
        "pretext": pretexts[0].label if pretexts else "",
        "ask": asks[0].label if asks else "",
    }
    values["destination_phrase"] = labels[f"phrase_{kind}"].format(**values)
    return values


def _kind(part: Part | None) -> str:
    """Which kind of destination a part is: link, number, chat or account."""
    if part is None or part.cue == "link":
        return "link"
    if part.cue == "number":
        return "number"
    if part.cue == "chat-handle":
        return "chat"
    return "account"
