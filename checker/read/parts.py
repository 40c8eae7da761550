"""Reads a message for the parts of a scam: who it claims to be, the pretext, the ask, where the ask
leads, and the pressure. Each part quotes its evidence; the combinations (``judge``) decide.

Parts are read on demand: a combination asks for parts of a role (and tag), and only the cues that
can give such a part, and that the gate let through, are tried. Most combinations fail on their
first requirement, so most cues are never tried on most messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from itertools import repeat
from operator import and_

from checker.extract.links import FoundLink
from checker.extract.numbers import FoundNumber, find_hidden_numbers
from checker.models import Evidence, Part, Role, slot_init
from checker.normalize.text import View
from checker.read.contexts import Contexts
from checker.read.institutions import Claim
from checker.read.matching import rule_hits
from checker.read.quotes import quote
from checker.read.senders import number_class
from checker.rules.load import RuleSet
from checker.rules.parts import Cue, Institution, Requirement

_RISKY_ASSESSMENTS = frozenset({"link-ip-literal", "link-punycode", "link-lookalike-brand", "link-odd-tld"})
_MOBILE_TYPES = frozenset({"mobile", "virtual_170"})
_CALLABLE_TYPES = frozenset({"landline", "hotline_400"})
_HANDLE = re.compile(r"[A-Za-z0-9]{5,}")


@slot_init
@dataclass(frozen=True, slots=True)
class FoundPart:
    """A part and the tags combinations ask for."""

    part: Part
    tags: frozenset[str]

    @property
    def role(self) -> Role:
        return self.part.role


class Reading:
    """The parts of one message, each source (a cue, the claims, the links, the numbers) read once,
    when a combination first asks for a part it could give."""

    def __init__(
        self,
        view: View,
        text: str,
        links: list[FoundLink],
        assessments: list[tuple[str, ...]],
        contexts: Contexts,
        candidates: int,
        rules: RuleSet,
    ) -> None:
        self._view = view
        self._text = text
        self._links = links
        self._assessments = assessments
        self._contexts = contexts
        # The gate's bits (``GateIndex.candidate_bits``): a cue's bit there is its bit in requirements' masks.
        self._candidates = candidates
        self._rules = rules
        self._cue_parts: dict[str, FoundPart | None] = {}
        self._met: dict[int, list[FoundPart]] = {}  # by id() of a requirement (they live as long as the rules)
        self._by_role_tag: dict[tuple[Role, str], list[FoundPart]] = {}

    def meeting(self, requirement: Requirement) -> list[FoundPart]:
        """Every part that meets the requirement (reading the sources it needs, once each)."""
        met = self._met.get(id(requirement))
        if met is None:
            met = self._met[id(requirement)] = self._meeting(requirement)
        return met

    def any_meeting(self, requirement: Requirement) -> FoundPart | None:
        """One part that meets the requirement, reading sources only until one is found."""
        met = self._met.get(id(requirement))
        if met is not None:
            return met[0] if met else None
        index = self._rules.parts.sources
        for role, tag in requirement.alternatives:
            for cue_id, bit in index.cue_bits(role, tag):
                found = self._cue(cue_id) if bit & self._candidates else None
                if found is not None and requirement.met_by(role, (found := self._placed(found)).tags):
                    return found
        for role, tag in requirement.alternatives:
            if index.claims_give(role, tag) or index.destinations_give(role, tag):
                parts = self._parts_of(role, tag)
                if parts:
                    return parts[0]
        return None

    def cost(self, requirement: Requirement) -> int:
        """How many cues reading the requirement would try (computed sources count as one)."""
        candidate_cues = sum(map(bool, map(and_, requirement.cue_masks, repeat(self._candidates))))
        return candidate_cues + requirement.claims + requirement.destinations

    def could_meet_all(self, requirements: tuple[Requirement, ...]) -> bool:
        """False when some requirement has no source that could give a part for it (checked without
        reading any): the judge asks this of every combination. The claims (a scan of the text for
        institutions' names) are looked at last, only for requirements nothing else could meet."""
        mask = self._candidates
        needs_claims = False
        for requirement in requirements:
            if not (requirement.cue_mask & mask or (requirement.destinations and (self._links or self._numbers))):
                if not requirement.claims:
                    return False
                needs_claims = True
        return not needs_claims or bool(self.claims)

    def all_parts(self) -> list[FoundPart]:
        """Every part of every role (reads every source): for tests and explanations."""
        return [part for role in Role for part in self._parts_of(role, "")]

    @cached_property
    def claims(self) -> tuple[Claim, ...]:
        """Institutions the message speaks as."""
        return tuple(self._rules.institutions.claims(self._view, self._text))

    def speaks_of(self, context: str) -> bool:
        """Whether a context (text.toml) holds on the message."""
        return context in self._contexts

    @property
    def leads_off_channel(self) -> bool:
        """A real link or chat handle off the official channels is among the destinations.

        Words such as "个人账户" do not count: warnings name them too.
        """
        if any("off_channel" in p.tags and "hidden" not in p.tags for p in self._link_parts):
            return True
        handles = self._cue("chat-handle") if self._rules.gate.bits["cue:chat-handle"] & self._candidates else None
        return handles is not None and any(_HANDLE.search(e.text) for e in handles.part.evidence)

    # --- sources -----------------------------------------------------------------------------

    def _meeting(self, requirement: Requirement) -> list[FoundPart]:
        found: list[FoundPart] = []
        for role, tag in requirement.alternatives:
            for part in self._parts_of(role, tag):
                if part not in found:
                    found.append(part)
        return found

    def _parts_of(self, role: Role, tag: str) -> list[FoundPart]:
        key = (role, tag)
        known = self._by_role_tag.get(key)
        if known is not None:
            return known
        index = self._rules.parts.sources
        mask = self._candidates
        parts = [p for cue_id, bit in index.cue_bits(role, tag) if bit & mask and (p := self._cue(cue_id)) is not None]
        if index.claims_give(role, tag):
            parts += self._claim_parts
        if role is Role.DESTINATION:  # only destinations are placed
            if index.destinations_give(role, tag):
                parts += self._link_parts + self._number_parts
            parts = [self._placed(p) for p in parts]
        found = self._by_role_tag[key] = [p for p in parts if p.role is role and (not tag or tag in p.tags)]
        return found

    def _placed(self, part: FoundPart) -> FoundPart:
        """With an institution named, an off-channel destination is also not that institution's own."""
        if part.role is Role.DESTINATION and "off_channel" in part.tags and "not_own" not in part.tags and self.claims:
            return FoundPart(part.part, part.tags | {"not_own"})
        return part

    def _cue(self, cue_id: str) -> FoundPart | None:
        """The part a candidate cue gives, read once."""
        if cue_id not in self._cue_parts:
            self._cue_parts[cue_id] = self._read_cue(self._rules.parts.cue(cue_id))
        return self._cue_parts[cue_id]

    def _read_cue(self, cue: Cue) -> FoundPart | None:
        contexts = self._contexts
        if cue.requires and not contexts.all(cue.requires):
            return None
        if cue.unless and contexts.any(cue.unless):
            return None
        spans = rule_hits(cue, self._view, self._rules)
        if not spans or len({self._text[s:e] for s, e in spans}) < cue.min_hits:
            return None
        evidence = tuple(quote(self._text, s, e) for s, e in spans)
        return FoundPart(self._part(cue.role, cue.id, cue.label, evidence), cue.tags)

    def _part(self, role: Role, cue: str, label: str, evidence: tuple[Evidence, ...]) -> Part:
        return Part(role, self._rules.parts.role_labels[role], cue, label, evidence)

    @cached_property
    def _claimed(self) -> frozenset[str]:
        return frozenset(claim.institution.id for claim in self.claims)

    @cached_property
    def _claim_parts(self) -> list[FoundPart]:
        parts = []
        for claim in self.claims:
            evidence = tuple(Evidence(self._text[s:e], s, e) for s, e in claim.spans)
            part = self._part(Role.CLAIM, f"institution:{claim.institution.id}", claim.institution.name, evidence)
            parts.append(FoundPart(part, frozenset({"named"})))
        return parts

    @cached_property
    def _link_parts(self) -> list[FoundPart]:
        claimed, labels = self._claimed, self._rules.parts.destination_labels
        parts = []
        for link, found in zip(self._links, self._assessments, strict=True):
            owners = self._rules.institutions.owners_of_host(link.host)
            if link.obfuscated or not _RISKY_ASSESSMENTS.isdisjoint(found):
                tags, label = {"link", "link_risky", "off_channel"}, labels["link_risky"]
            elif owners:
                tags, label = {"link", "official"}, labels["link_official"]
                if claimed:
                    tags.add(_ownership(owners, claimed))
            elif "link-shortener" in found:
                tags, label = {"link", "link_unconfirmed", "link_shortener"}, labels["link_shortener"]
            else:
                tags, label = {"link", "link_unconfirmed"}, labels["link_unconfirmed"]
                if claimed:
                    tags.add("off_channel")
            if link.hidden:
                tags.add("hidden")  # its address was left out: nothing a warning could hand over
            evidence = (Evidence(self._text[link.start : link.end], link.start, link.end),)
            parts.append(FoundPart(self._part(Role.DESTINATION, "link", label, evidence), frozenset(tags)))
        return parts

    @cached_property
    def _numbers(self) -> list[FoundNumber]:
        """The numbers the contexts found, and those with masked digits (asked by every combination)."""
        return self._contexts.numbers + find_hidden_numbers(self._text)

    @cached_property
    def _number_parts(self) -> list[FoundPart]:
        """Numbers to call; a courier's own mobile in a delivery message is not an impostor's."""
        parts = []
        for number in self._numbers:
            kind = self._number_kind(number)
            if kind is None:
                continue
            tags, label = kind
            evidence = (Evidence(self._text[number.start : number.end], number.start, number.end),)
            parts.append(FoundPart(self._part(Role.DESTINATION, "number", label, evidence), frozenset(tags)))
        return parts

    def _number_kind(self, number: FoundNumber) -> tuple[set[str], str] | None:
        """The tags and label of a number as a destination; None for numbers nobody is asked to call."""
        rules, claimed, labels = self._rules, self._claimed, self._rules.parts.destination_labels
        if number.hidden:
            return {"number", "number_unconfirmed"}, labels["number_unconfirmed"]
        owners = rules.institutions.owners_of_number(number.digits)
        if owners or number.digits in rules.official_short_numbers:
            tags = {"number", "official"}
            if claimed and owners:
                tags.add(_ownership(owners, claimed))
            return tags, labels["number_official"]
        kind = number_class(number.digits, rules).type
        if kind in _MOBILE_TYPES:
            tags = {"number", "mobile"}
            if claimed and "courier_person" not in self._contexts:
                tags.add("not_own")
            return tags, labels["number_mobile"]
        if kind in _CALLABLE_TYPES:
            return {"number", "number_unconfirmed"}, labels["number_unconfirmed"]
        return None


def _ownership(owners: tuple[Institution, ...], claimed: frozenset[str]) -> str:
    """ "own" when an institution the message speaks as owns the link or number, or when it is a public
    service any sender may point to (110, 96110, gov.cn); otherwise "not_own"."""
    return "own" if any(owner.public or owner.id in claimed for owner in owners) else "not_own"
