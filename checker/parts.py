"""Reads a message for the parts of a scam: who it claims to be, the pretext, the ask, where the ask
leads, and the pressure. Each part quotes its evidence; the combinations (``judge``) decide."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.contexts import Contexts
from checker.extract import FoundLink, find_numbers
from checker.institutions import Claim
from checker.matching import rule_hits
from checker.models import Evidence, Part, Role
from checker.normalize import View
from checker.parts_data import Cue
from checker.ruleset import RuleSet
from checker.senders import number_class

_RISKY_ASSESSMENTS = frozenset({"link-ip-literal", "link-punycode", "link-lookalike-brand", "link-odd-tld"})
_MOBILE_TYPES = frozenset({"mobile", "virtual_170"})
_CALLABLE_TYPES = frozenset({"landline", "hotline_400"})


@dataclass(frozen=True, slots=True)
class FoundPart:
    """A part and the tags combinations ask for."""

    part: Part
    tags: frozenset[str]

    @property
    def role(self) -> Role:
        return self.part.role


@dataclass(frozen=True, slots=True)
class Reading:
    """Everything the message was found to contain, part by part."""

    parts: tuple[FoundPart, ...]
    claims: tuple[Claim, ...]

    @property
    def leads_off_channel(self) -> bool:
        """A real link or chat handle off the official channels is among the destinations.

        Words such as "个人账户" do not count: warnings name them too.
        """
        return any(p.role is Role.DESTINATION and _is_handover(p) for p in self.parts)


def _is_handover(found: FoundPart) -> bool:
    if found.part.cue == "link":
        return "off_channel" in found.tags
    return found.part.cue == "chat-handle" and any(_HANDLE.search(e.text) for e in found.part.evidence)


_HANDLE = re.compile(r"[A-Za-z0-9]{5,}")


def read(
    view: View,
    text: str,
    links: list[FoundLink],
    assessments: list[tuple[str, ...]],
    contexts: Contexts,
    candidates: set[str],
    rules: RuleSet,
) -> Reading:
    """Read the parts of one message (``candidates``: what the gate let through)."""
    claims = tuple(rules.institutions.claims(view, text))
    found: list[FoundPart] = []
    for cue in rules.parts.cues:
        if cue.gate_key in candidates or cue.gate_key in rules.gate.always:
            part = _cue_part(cue, view, text, contexts, rules)
            if part is not None:
                found.append(part)
    found += _claim_parts(claims, text, rules)
    found += _link_parts(links, assessments, text, claims, rules)
    found += _number_parts(view, text, claims, "courier_person" in contexts, rules)
    if claims:
        found = [_not_own(p) if "off_channel" in p.tags and p.role is Role.DESTINATION else p for p in found]
    return Reading(tuple(found), claims)


def _part(role: Role, cue: str, label: str, evidence: tuple[Evidence, ...], rules: RuleSet) -> Part:
    return Part(role, rules.parts.role_labels[role], cue, label, evidence)


def _cue_part(cue: Cue, view: View, text: str, contexts: Contexts, rules: RuleSet) -> FoundPart | None:
    if cue.requires and not contexts.all(cue.requires):
        return None
    if cue.unless and contexts.any(cue.unless):
        return None
    spans = rule_hits(cue, view, rules)
    if len({text[s:e] for s, e in spans}) < cue.min_hits:
        return None
    if not spans:
        return None
    evidence = tuple(Evidence(text[s:e], s, e) for s, e in spans)
    return FoundPart(_part(cue.role, cue.id, cue.label, evidence, rules), cue.tags)


def _claim_parts(claims: tuple[Claim, ...], text: str, rules: RuleSet) -> list[FoundPart]:
    parts = []
    for claim in claims:
        evidence = tuple(Evidence(text[s:e], s, e) for s, e in claim.spans)
        part = _part(Role.CLAIM, f"institution:{claim.institution.id}", claim.institution.name, evidence, rules)
        parts.append(FoundPart(part, frozenset({"named"})))
    return parts


def _link_parts(
    links: list[FoundLink], assessments: list[tuple[str, ...]], text: str, claims: tuple[Claim, ...], rules: RuleSet
) -> list[FoundPart]:
    claimed = {claim.institution.id for claim in claims}
    labels = rules.parts.destination_labels
    parts = []
    for link, found in zip(links, assessments, strict=True):
        owner = rules.institutions.owner_of_host(link.host)
        if link.obfuscated or not _RISKY_ASSESSMENTS.isdisjoint(found):
            tags, label = {"link", "link_risky", "off_channel"}, labels["link_risky"]
        elif owner is not None:
            tags, label = {"link", "official"}, labels["link_official"]
            if claimed:
                tags.add("own" if owner.id in claimed else "not_own")
        elif "link-shortener" in found:
            tags, label = {"link", "link_unconfirmed", "link_shortener"}, labels["link_shortener"]
        else:
            tags, label = {"link", "link_unconfirmed"}, labels["link_unconfirmed"]
            if claimed:
                tags.add("off_channel")
        evidence = (Evidence(text[link.start : link.end], link.start, link.end),)
        parts.append(FoundPart(_part(Role.DESTINATION, "link", label, evidence, rules), frozenset(tags)))
    return parts


def _number_parts(view: View, text: str, claims: tuple[Claim, ...], courier: bool, rules: RuleSet) -> list[FoundPart]:
    """Numbers to call; a courier's own mobile in a delivery message is not the institution's impostor."""
    claimed = {claim.institution.id for claim in claims}
    labels = rules.parts.destination_labels
    parts = []
    for number in find_numbers(view):
        owner = rules.institutions.owner_of_number(number.digits)
        kind = number_class(number.digits, rules).type
        if owner is not None or number.digits in rules.official_short_numbers:
            tags, label = {"number", "official"}, labels["number_official"]
            if claimed and owner is not None:
                tags.add("own" if owner.id in claimed else "not_own")
        elif kind in _MOBILE_TYPES:
            tags, label = {"number", "mobile"}, labels["number_mobile"]
            if claimed and not courier:
                tags.add("not_own")
        elif kind in _CALLABLE_TYPES:
            tags, label = {"number"}, labels["number_unconfirmed"]
        else:
            continue
        evidence = (Evidence(text[number.start : number.end], number.start, number.end),)
        parts.append(FoundPart(_part(Role.DESTINATION, "number", label, evidence, rules), frozenset(tags)))
    return parts


def _not_own(found: FoundPart) -> FoundPart:
    """With an institution named, an off-channel destination is also not that institution's own."""
    return FoundPart(found.part, found.tags | {"not_own"})
