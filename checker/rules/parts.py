"""Loads the data behind the mechanism reading: cues and combinations (parts.toml), institutions.

Validation happens at load time, like the rest of the rule data: a bad edit fails every test.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from checker.models import Part, Role, Strength
from checker.regexes import compiled

# Tags that the engine puts on parts it computes (claims of a named institution, links, numbers).
COMPUTED_TAGS: dict[Role, frozenset[str]] = {
    Role.CLAIM: frozenset({"named"}),
    Role.DESTINATION: frozenset(
        {
            "link",
            "link_unconfirmed",
            "link_shortener",
            "link_risky",
            "number",
            "number_unconfirmed",
            "mobile",
            "official",
            "own",
            "not_own",
            "off_channel",
        }
    ),
}


class PartDataError(ValueError):
    """parts.toml or institutions.toml is malformed."""


@dataclass(frozen=True, slots=True)
class Cue:
    """One way a part of a scam shows in the text (matched like a rule, on the compact view)."""

    id: str  # also its key in the gate: "cue:<id>"
    role: Role
    tags: frozenset[str]
    label: str
    guide: str
    patterns: tuple[str, ...]  # expanded sources (the gate reads them)
    alternation: str  # all patterns as one regex source, compiled on first use
    requires: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    negatable: bool = True
    min_hits: int = 1  # distinct matched texts needed (for cues that count only when stacked)
    examples_match: tuple[str, ...] = ()
    examples_no_match: tuple[str, ...] = ()

    @property
    def gate_key(self) -> str:
        return f"cue:{self.id}"

    @property
    def combined(self) -> re.Pattern[str]:
        return compiled(self.alternation)


@dataclass(frozen=True, slots=True)
class Requirement:
    """Alternatives ("role" or "role.tag"); a part satisfying any one of them meets the requirement.

    ``cue_ids``, ``claims`` and ``destinations`` say which sources can give such a part (filled in
    by ``SourceIndex.resolve`` at load time), so a message can rule a requirement out cheaply.
    """

    alternatives: tuple[tuple[Role, str], ...]  # (role, tag); tag "" means any part of that role
    cue_mask: int = 0  # the gate's bits of the cues that can give such a part (``SourceIndex.bits``)
    cue_masks: tuple[int, ...] = ()  # the same, cue by cue
    claims: bool = False
    destinations: bool = False

    def met_by(self, role: Role, tags: frozenset[str]) -> bool:
        """A part of this role with these tags meets the requirement."""
        return any(role is r and (not tag or tag in tags) for r, tag in self.alternatives)


@dataclass(frozen=True, slots=True)
class PartUpgrade:
    when: Requirement
    to: Strength


@dataclass(frozen=True, slots=True)
class Combination:
    """A finding built from parts: it fires when every requirement is met by some part."""

    id: str
    category: str
    strength: Strength
    guide: str
    title: str  # templates: {claim}, {destination}, {destination_kind}, {pretext}
    explanation: str
    advice: str
    when: tuple[Requirement, ...]
    unless: Requirement | None
    upgrade: tuple[PartUpgrade, ...]
    always: bool = False  # worked out even when the message is already high risk
    also_quote: Requirement | None = None  # parts quoted when present, without changing the strength
    guide_from: Role | None = None  # link the guide section of the first quoted part of this role instead
    examples_match: tuple[str, ...] = ()
    examples_no_match: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Institution:
    """An institution a message may claim to be, with the destinations that are its own."""

    id: str
    name: str
    aliases: tuple[str, ...]
    domains: frozenset[str]
    numbers: frozenset[str]
    host_tokens: tuple[str, ...]
    source: str
    public: bool = False  # a public service any sender may point to (110, 96110, 12321): nobody's "not own"


@dataclass(frozen=True, slots=True)
class SourceIndex:
    """Which sources can give a part of a role and tag: cues (by id), the claims, the destinations."""

    by_role_tag: dict[tuple[Role, str], tuple[str, ...]]
    bits: dict[str, int]  # gate key of each cue -> its bits in the gate's candidates (``GateIndex.bits``)
    bits_by_role_tag: dict[tuple[Role, str], tuple[tuple[str, int], ...]]

    @classmethod
    def of(cls, cues: tuple[Cue, ...], gate_bits: dict[str, int]) -> SourceIndex:
        """The index of ``cues``, each cue known by its bits in the gate's candidates (one per
        pattern): a cue whose bits a message's candidates share is one it may give."""
        index: dict[tuple[Role, str], list[str]] = {}
        for cue in cues:
            tags = set(cue.tags)
            if cue.role is Role.DESTINATION and "off_channel" in tags:
                tags.add("not_own")  # given to off-channel destinations whenever an institution is named
            for tag in ("", *tags):
                index.setdefault((cue.role, tag), []).append(cue.id)
        bits = {cue.gate_key: gate_bits[cue.gate_key] for cue in cues}
        with_bits = {key: tuple((i, bits[f"cue:{i}"]) for i in ids) for key, ids in index.items()}
        return cls({key: tuple(ids) for key, ids in index.items()}, bits, with_bits)

    def mask(self, names: set[str]) -> int:
        """The bits of the cues among ``names`` (gate keys)."""
        return reduce(or_, map(self.bits.__getitem__, self.bits.keys() & names), 0)

    def cues(self, role: Role, tag: str) -> tuple[str, ...]:
        return self.by_role_tag.get((role, tag), ())

    def cue_bits(self, role: Role, tag: str) -> tuple[tuple[str, int], ...]:
        """The cues that can give a part of this role and tag, each with its bits."""
        return self.bits_by_role_tag.get((role, tag), ())

    def resolve(self, requirement: Requirement) -> Requirement:
        """The requirement with the sources that can meet it filled in."""
        alternatives = requirement.alternatives
        cues = {f"cue:{c}" for role, tag in alternatives for c in self.cues(role, tag)}
        return Requirement(
            alternatives,
            self.mask(cues),
            tuple(self.bits[cue] for cue in sorted(cues)),
            any(self.claims_give(role, tag) for role, tag in alternatives),
            any(self.destinations_give(role, tag) for role, tag in alternatives),
        )

    @staticmethod
    def claims_give(role: Role, tag: str) -> bool:
        return role is Role.CLAIM and tag in ("", "named")

    @staticmethod
    def destinations_give(role: Role, tag: str) -> bool:
        return role is Role.DESTINATION and (not tag or tag in COMPUTED_TAGS[Role.DESTINATION])


@dataclass(frozen=True, slots=True)
class PartsData:
    """Everything parts.toml and institutions.toml hold, validated."""

    cues: tuple[Cue, ...]
    combinations: tuple[Combination, ...]
    institutions: tuple[Institution, ...]
    role_labels: dict[Role, str]
    destination_labels: dict[str, str]
    sources: SourceIndex
    cues_by_id: dict[str, Cue]
    docs: dict[str, Any]  # how the rules page names parts and combinations
    tag_names: dict[str, str]

    def cue(self, cue_id: str) -> Cue:
        return self.cues_by_id[cue_id]

    def guide_of(self, combo: Combination, parts: Sequence[Part]) -> str:
        """The guide section a combination's finding links to: its own, or (``guide_from``) that of
        the first quoted part of that role which a cue gave ("说你中奖" links the prize section)."""
        if combo.guide_from is not None:
            for part in parts:
                cue = self.cues_by_id.get(part.cue)
                if part.role is combo.guide_from and cue is not None:
                    return cue.guide
        return combo.guide


def _requirement(alternatives: Any, where: str, known: dict[Role, set[str]]) -> Requirement:
    if not isinstance(alternatives, list) or not alternatives or not all(isinstance(a, str) for a in alternatives):
        raise PartDataError(f"{where}: a requirement is a non-empty list of 'role' or 'role.tag' strings")
    parsed: list[tuple[Role, str]] = []
    for alternative in alternatives:
        role_name, _, tag = alternative.partition(".")
        try:
            role = Role(role_name)
        except ValueError as exc:
            raise PartDataError(f"{where}: unknown role in {alternative!r}") from exc
        if tag and tag not in known[role]:
            raise PartDataError(f"{where}: no cue of role {role_name!r} has the tag {tag!r}")
        parsed.append((role, tag))
    return Requirement(tuple(parsed))


def parse_combination(data: dict[str, Any], known: dict[Role, set[str]], text: dict[str, str]) -> Combination:
    """One [[combination]] table; ``known`` lists the tags each role's parts can carry."""
    combo_id = text["id"]
    where = f"parts.toml [{combo_id}]"
    when = data.get("when")
    if not isinstance(when, list) or not when:
        raise PartDataError(f"{where}: 'when' must be a non-empty list of requirements")
    try:
        strength = Strength(data["strength"])
        upgrades = tuple(
            PartUpgrade(_requirement(u["when"], where, known), Strength(u["to"])) for u in data.get("upgrade", [])
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise PartDataError(f"{where}: bad strength or upgrade: {exc}") from exc
    try:
        guide_from = Role(data["guide_from"]) if "guide_from" in data else None
    except ValueError as exc:
        raise PartDataError(f"{where}: 'guide_from' must be a role name: {exc}") from exc
    unless = data.get("unless")
    return Combination(
        id=combo_id,
        category=text["category"],
        strength=strength,
        guide=text["guide"],
        title=text["title"],
        explanation=text["explanation"],
        advice=text["advice"],
        when=tuple(_requirement(r, where, known) for r in when),
        unless=_requirement(unless, where, known) if unless else None,
        upgrade=upgrades,
        always=bool(data.get("always", False)),
        also_quote=_requirement(data["also_quote"], where, known) if data.get("also_quote") else None,
        guide_from=guide_from,
        examples_match=tuple(data.get("match", [])),
        examples_no_match=tuple(data.get("no_match", [])),
    )


def parse_institution(data: dict[str, Any]) -> Institution:
    """One [[institution]] table of institutions.toml."""
    where = f"institutions.toml [{data.get('id')}]"
    try:
        institution = Institution(
            id=str(data["id"]),
            name=str(data["name"]),
            aliases=tuple(data["aliases"]),
            domains=frozenset(d.lower() for d in data["domains"]),
            numbers=frozenset(data["numbers"]),
            host_tokens=tuple(t.lower() for t in data["host_tokens"]),
            source=str(data["source"]),
            public=bool(data.get("public", False)),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise PartDataError(f"{where}: missing or malformed field: {exc}") from exc
    for alias in institution.aliases:  # each one compiles (a test says so; start-up does not compile them)
        if alias.startswith("(?"):
            raise PartDataError(f"{where}: alias {alias!r} must start with a character (the scan skips ahead on it)")
    if not institution.aliases:
        raise PartDataError(f"{where}: an institution needs at least one alias")
    return institution
