"""Public entry point: ``check(text, sender=None, received_at=None) -> Report``."""

from __future__ import annotations

import re
from collections.abc import Iterable

from checker.errors import CheckInputError
from checker.extract.links import FoundLink, compile_link_patterns, find_links, find_spelled_out_links
from checker.extract.numbers import compile_number_patterns
from checker.judge import scoring
from checker.judge.combinations import combination_findings
from checker.models import Evidence, Field, Finding, Link, LinkStatus, Part, Report, Role, Strength, Verdict
from checker.normalize.text import View
from checker.read.contexts import Contexts
from checker.read.hosts import assess_hosts, is_official
from checker.read.matching import is_warning, rule_hits
from checker.read.parts import Reading
from checker.read.quotes import quote
from checker.read.senders import classify_sender
from checker.read.speech import commented_quotes, inside
from checker.read.wording import probability_of, strongest_clauses
from checker.rules.load import Rule, RuleSet, load_ruleset, wording_model

__version__ = "0.1.0"

_RULES = load_ruleset()
MAX_TEXT_LENGTH: int = _RULES.messages["limits"]["max_text_length"]
MAX_SENDER_LENGTH: int = _RULES.messages["limits"]["max_sender_length"]
_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
_WORDING_PARTS_QUOTED = 3  # the wording finding quotes at most this many of the message's parts
# Each text rule with its bits in the gate's candidates, in order (one pair per rule, no lookup by id).
_SCAM_RULES = tuple((_RULES.gate.bits[rule.id], rule) for rule in _RULES.scam_rules)
_CONDUCT_RULES = tuple((_RULES.gate.bits[rule.id], rule) for rule in _RULES.conduct_rules)


def check(text: str, sender: str | None = None, received_at: str | None = None) -> Report:
    """Check one message.

    ``sender`` is the number it came from and ``received_at`` the time it arrived ("HH:MM"), both
    optional. Raises ``CheckInputError`` for empty text, text over ``MAX_TEXT_LENGTH`` characters,
    an over-long sender or a malformed time; any other string gets a report.
    """
    return _check(text, sender, received_at, with_wording=True)


def rules_verdict(text: str) -> Verdict:
    """The verdict of the rules and combinations alone, without the wording model (for training it)."""
    return _check(text, None, None, with_wording=False).verdict


def _check(text: str, sender: str | None, received_at: str | None, *, with_wording: bool) -> Report:
    minutes = _validate(text, sender, received_at)
    rules = _RULES
    compact, found_links = _views(text, rules)
    candidates = rules.gate.candidate_bits(compact.text)
    assessments = assess_hosts((link.host for link in found_links), rules.links)
    contexts = Contexts(compact, found_links, assessments, rules)

    def text_findings(rule_list: tuple[tuple[int, Rule], ...]) -> list[Finding]:
        return [
            f
            for bits, rule in rule_list
            if bits & candidates and (f := _text_finding(rule, compact, text, contexts, rules))
        ]

    scam = text_findings(_SCAM_RULES)
    scam += _link_findings(found_links, assessments, text, contexts, rules)
    sender_info = None
    if sender:
        sender_info, sender_rule = classify_sender(sender, rules)
        if sender_rule:
            evidence = Evidence(sender, 0, len(sender), Field.SENDER)
            scam.append(_finding(rules.sender_rules[sender_rule], (evidence,), contexts))
    reading = Reading(compact, text, found_links, assessments, contexts, candidates, rules)
    # An anti-fraud warning names scams rather than running them. It keeps its findings only when it
    # also hands over a way to act: for rules any link, number or handle (12381 sends none); for
    # combinations a link or chat off the official channels (police warnings carry an officer's number).
    warning = is_warning(compact, rules)
    if scam and warning and "actionable_contact" not in contexts:
        scam = [f for f in scam if not rules.rule(f.rule_id).negatable]
    if not warning or reading.leads_off_channel:
        named_score = scoring.verdict(scam, rules.messages["scoring"])[1]
        scam += combination_findings(reading, rules, named_score)
    # A message that quotes someone's words and comments on them describes what it quotes: findings
    # that quote nothing but those words go.
    quoted = _described_quotes(text, reading, rules)
    if quoted:
        scam = [f for f in scam if not _quotes_only_quoted_speech(f, quoted)]

    conduct = text_findings(_CONDUCT_RULES)
    if minutes is not None and received_at is not None:
        conduct = _add_night_finding(conduct, minutes, received_at, contexts, rules)

    findings = scoring.ordered(scam)
    verdict, score = scoring.verdict(findings, rules.messages["scoring"])
    # The wording model is asked only about messages nothing else spoke about: a collector's conduct
    # is a question of its own, and what genuine and fake collectors both say is evidence of neither.
    if with_wording and verdict is Verdict.NO_KNOWN_SIGNALS and not warning and not quoted and not conduct:
        wording = _wording_finding(compact, text, reading, contexts, rules)
        if wording is not None:
            findings = scoring.ordered([*scam, wording])
            verdict, score = scoring.verdict(findings, rules.messages["scoring"])
    leads = _destinations_of(findings)
    links = tuple(
        _link(link, found or leads.get(link.start, ()), text, rules)
        for link, found in zip(found_links, assessments, strict=True)
    )
    words = rules.messages["verdicts"][verdict]  # a member is its value (StrEnum): no ``.value`` property to call
    return Report(
        verdict=verdict,
        verdict_title=words["title"],
        verdict_summary=words["summary"],
        score=score,
        findings=findings,
        conduct_findings=scoring.ordered(conduct),
        links=links,
        sender=sender_info,
        next_steps=scoring.next_steps(verdict, bool(conduct), rules.messages["next_steps"]),
        checker_version=__version__,
        input_length=len(text),
    )


def warm_up() -> None:
    """Compile every rule's regexes now rather than on first use (for idle time after start-up)."""
    _RULES.compile_all()
    compile_link_patterns(_RULES.links.bare_tlds)
    compile_number_patterns()


def compact_view(text: str) -> View:
    """The compact view the rules read (links replaced by a mark): for training the wording model."""
    return _views(text, _RULES)[0]


def read_parts(text: str) -> Reading:
    """The parts of a scam found in ``text`` (for tests and for explaining a verdict), no judgement."""
    rules = _RULES
    compact, found_links = _views(text, rules)
    assessments = assess_hosts((link.host for link in found_links), rules.links)
    contexts = Contexts(compact, found_links, assessments, rules)
    return Reading(compact, text, found_links, assessments, contexts, rules.gate.candidate_bits(compact.text), rules)


def _validate(text: object, sender: object, received_at: object) -> int | None:
    errors = _RULES.messages["errors"]
    if not isinstance(text, str):
        raise CheckInputError("not_text", errors["not_text"])
    if not text.strip():
        raise CheckInputError("empty", errors["empty"])
    if len(text) > MAX_TEXT_LENGTH:
        raise CheckInputError("too_long", errors["too_long"].format(max=MAX_TEXT_LENGTH))
    if sender is not None and (not isinstance(sender, str) or len(sender) > MAX_SENDER_LENGTH):
        raise CheckInputError("sender_too_long", errors["sender_too_long"])
    if received_at is None or received_at == "":
        return None
    match = _TIME.fullmatch(received_at) if isinstance(received_at, str) else None
    if match is None:
        raise CheckInputError("bad_time", errors["bad_time"])
    return int(match.group(1)) * 60 + int(match.group(2))


def _views(text: str, rules: RuleSet) -> tuple[View, list[FoundLink]]:
    """The compact view (links replaced by a mark) and the links, including spelled-out ones."""
    folded = rules.normalizer.fold(text)
    links = find_links(folded, text, rules.links.bare_tlds)
    compact = rules.normalizer.compact(text, [(link.start, link.end) for link in links], folded)
    spelled_out = find_spelled_out_links(compact, text)
    if spelled_out:
        links = sorted([*links, *spelled_out], key=lambda link: link.start)
        compact = rules.normalizer.compact(text, [(link.start, link.end) for link in links], folded)
    return compact, links


def _destinations_of(findings: Iterable[Finding]) -> dict[int, tuple[str, ...]]:
    """Links a combination finding quotes as where its scam leads (by start), with that finding's id:
    such a link is flagged even when nothing is known against its domain."""
    return {
        e.start: (finding.rule_id,)
        for finding in findings
        for part in finding.parts
        if part.role is Role.DESTINATION and part.cue == "link"
        for e in part.evidence
    }


def _link(link: FoundLink, found: tuple[str, ...], text: str, rules: RuleSet) -> Link:
    if found:
        status = LinkStatus.FLAGGED
    elif is_official(link.host, rules.links):
        status = LinkStatus.OFFICIAL
    else:
        status = LinkStatus.UNCONFIRMED
    evidence = Evidence(text[link.start : link.end], link.start, link.end)
    return Link(evidence, link.host, found[0] if found else "", status, rules.messages["link_notes"][status])


def _strength(rule: Rule, contexts: Contexts) -> Strength:
    strength = rule.strength
    for upgrade in rule.upgrade:
        if scoring.stronger(upgrade.to, strength) and contexts.all(upgrade.when):
            strength = upgrade.to
    return strength


def _finding(rule: Rule, evidence: Iterable[Evidence], contexts: Contexts) -> Finding:
    return Finding(
        rule_id=rule.id,
        kind=rule.kind,
        category=rule.category,
        strength=_strength(rule, contexts),
        title=rule.title,
        explanation=rule.explanation,
        advice=rule.advice,
        guide=rule.guide,
        evidence=tuple(evidence),
    )


def _text_finding(rule: Rule, compact: View, text: str, contexts: Contexts, rules: RuleSet) -> Finding | None:
    if rule.requires and not contexts.all(rule.requires):
        return None
    if rule.unless and contexts.any(rule.unless):
        return None
    hits = rule_hits(rule, compact, rules)
    if not hits:
        return None
    return _finding(rule, (quote(text, s, e) for s, e in hits), contexts)


def _wording_finding(compact: View, text: str, reading: Reading, contexts: Contexts, rules: RuleSet) -> Finding | None:
    """The wording model's finding, or None.

    The model stands in for the parts the rules did not find. With a part besides a claim (a
    pretext, an ask, a destination or pressure) it speaks above its threshold; with none, only
    above a higher one (``threshold_alone``). The finding quotes those parts and the clauses that
    moved the model most.
    """
    model = wording_model()
    probability = probability_of(compact, model)
    if probability < min(model.threshold, model.threshold_alone):
        return None
    parts = _scam_parts(reading, rules)
    if parts is None or probability < (model.threshold if parts else model.threshold_alone):
        return None
    if not parts and len(compact.text) < rules.wording_min_chars_alone:
        return None
    spans = {compact.span(s, e) for s, e in strongest_clauses(compact, model)}
    for part in parts[:_WORDING_PARTS_QUOTED]:  # each part's first piece of evidence in the text
        spans.update((e.start, e.end) for e in part.evidence[:1] if e.field is Field.TEXT and e.end > e.start)
    return _finding(rules.wording_rule, (quote(text, s, e) for s, e in _outermost(spans)), contexts)


def _described_quotes(text: str, reading: Reading, rules: RuleSet) -> list[tuple[int, int]]:
    """The quoted words the message comments on, unless it also gives a link, number or handle to act
    on (asked only of messages with such quotes: most have none)."""
    quoted = commented_quotes(text, rules.quoted_speech)
    return [] if not quoted or reading.speaks_of("actionable_contact") else quoted


def _quotes_only_quoted_speech(finding: Finding, quoted: list[tuple[int, int]]) -> bool:
    """Every piece of evidence the finding quotes (but who the message claims to be) lies inside
    someone's quoted words in the text."""
    evidence = [e for p in finding.parts if p.role is not Role.CLAIM for e in p.evidence] or list(finding.evidence)
    return all(e.field is Field.TEXT and inside(quoted, e.start, e.end) for e in evidence)


def _outermost(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans not inside another one, in order."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if not kept or end > kept[-1][1]:
            kept.append((start, end))
    return kept


def _scam_parts(reading: Reading, rules: RuleSet) -> list[Part] | None:
    """The parts the wording model may stand beside: every part but claims (who the message says it
    is), destinations on an institution's official list (a bank's 95566 is no part of a scam) and,
    when those are the only destinations, the ask to contact them ("详询95566").

    None when one carries a tag the model stays silent with and the message speaks of repaying (talk
    of a debt to repay: genuine and fake collectors word it alike, and the rules tell them apart by
    where money goes; talk of borrowing is left to the model)."""
    found = reading.all_parts()
    if any(part.tags & rules.wording_silent_with for part in found) and reading.speaks_of(rules.wording_silent_context):
        return None
    leads = [part for part in found if part.role is Role.DESTINATION]
    only_official = bool(leads) and all("official" in part.tags for part in leads)
    return [
        part.part
        for part in found
        if part.role is not Role.CLAIM
        and "official" not in part.tags
        and not (only_official and "contact" in part.tags)  # "详询95566": asked to call the official number
    ]


def wording_case(text: str) -> str | None:
    """Which threshold the engine would hold the wording model's answer on ``text`` to (for training
    it): "with_part", "alone", or None when the model is not asked (the rules found something, a
    conduct finding included; an anti-fraud warning or a comment on quoted words; talk of a debt to
    repay; no part and too short)."""
    report = _check(text, None, None, with_wording=False)
    if report.verdict is not Verdict.NO_KNOWN_SIGNALS or report.conduct_findings:
        return None
    if is_warning(compact_view(text), _RULES):
        return None
    reading = read_parts(text)
    if _described_quotes(text, reading, _RULES):
        return None
    parts = _scam_parts(reading, _RULES)
    if parts is None:
        return None
    if parts:
        return "with_part"
    return "alone" if len(compact_view(text).text) >= _RULES.wording_min_chars_alone else None


def _link_findings(
    links: list[FoundLink], assessments: list[tuple[str, ...]], text: str, contexts: Contexts, rules: RuleSet
) -> list[Finding]:
    by_rule: dict[str, list[Evidence]] = {}
    for link, found in zip(links, assessments, strict=True):
        evidence = Evidence(text[link.start : link.end], link.start, link.end)
        for rule_id in found:
            by_rule.setdefault(rule_id, []).append(evidence)
        if link.obfuscated:
            by_rule.setdefault("link-obfuscated", []).append(evidence)
    return [_finding(rules.link_rules[rule_id], ev, contexts) for rule_id, ev in by_rule.items()]


def _add_night_finding(
    conduct: list[Finding], minutes: int, received_at: str, contexts: Contexts, rules: RuleSet
) -> list[Finding]:
    start, end = rules.night_window
    at_night = minutes >= start or minutes < end if start > end else start <= minutes < end
    if not at_night or not contexts.all(rules.night_requires):
        return conduct
    rule = rules.rule("conduct-night-contact")
    evidence = Evidence(received_at, 0, len(received_at), Field.RECEIVED_AT)
    existing = [f for f in conduct if f.rule_id == rule.id]
    others = [f for f in conduct if f.rule_id != rule.id]
    quoted = (evidence, *(e for f in existing for e in f.evidence))
    return [*others, _finding(rule, quoted, contexts)]
