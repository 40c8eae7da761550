"""Result types: frozen dataclasses with an explicit, JSON-ready ``to_dict()``."""

from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from enum import StrEnum
from typing import Any, TypeVar

_T = TypeVar("_T")


def slot_init(cls: type[_T]) -> type[_T]:
    """Give a frozen, slotted dataclass an ``__init__`` that fills each slot through its descriptor.

    The one ``dataclass`` writes calls ``object.__setattr__`` for every field (a frozen class has
    its own ``__setattr__``, which refuses); calling each slot's ``__set__`` does the same in some
    40 % fewer instructions, and every message builds dozens of these objects. Same parameters,
    same defaults; the class stays a frozen dataclass (``__setattr__``, ``__eq__``, ``__hash__``,
    ``__repr__``, ``dataclasses.replace`` are untouched). Written with ``exec``, as ``dataclass``
    writes its own ``__init__``.
    """
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    namespace: dict[str, Any] = {f"_set_{name}": getattr(cls, name).__set__ for name in names}
    parameters = []
    for f in fields(cls):  # type: ignore[arg-type]
        if f.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: slot_init takes no default factories")
        if f.default is MISSING:
            parameters.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            parameters.append(f"{f.name}=_default_{f.name}")
    body = "".join(f"\n    _set_{name}(self, {name})" for name in names)
    exec(f"def __init__(self, {', '.join(parameters)}):{body}", namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


REPORT_SCHEMA_VERSION = 2  # 2: findings carry "parts"; links carry "status" and "note"
# ``to_dict`` reads a member's ``_value_``: ``.value`` is a Python-level property, and every message
# builds a report (a few dozen such reads each).


class Verdict(StrEnum):
    """The overall answer to "is this a scam?". There is deliberately no "safe"."""

    HIGH_RISK = "high_risk"
    SUSPICIOUS = "suspicious"
    NO_KNOWN_SIGNALS = "no_known_signals"


class Kind(StrEnum):
    """Which question a finding answers."""

    SCAM = "scam"  # signs of fraud: goes to 110 / 96110 and the scam guide
    CONDUCT = "conduct"  # signs a (possibly genuine) collector breaks the rules: goes to complaints


class Strength(StrEnum):
    """How much one finding says on its own."""

    STRONG = "strong"  # decides high_risk alone
    MEDIUM = "medium"
    WEAK = "weak"


class Role(StrEnum):
    """The part of a scam a piece of a message plays (a scam needs a pretext, an ask and a channel)."""

    CLAIM = "claim"  # who the message claims to be: an institution named, or an institution's voice
    PRETEXT = "pretext"  # the story: an account problem, a loan on offer, a prize, a case...
    ASK = "ask"  # what it wants you to do: pay, give a code, click, install, contact someone
    DESTINATION = "destination"  # where the ask leads: a link, a number, a chat handle, an account
    PRESSURE = "pressure"  # deadlines and threats


class LinkStatus(StrEnum):
    """What is known about where a link goes. An unknown destination is never called official."""

    OFFICIAL = "official"  # on a domain known to belong to an institution (still: use the app)
    UNCONFIRMED = "unconfirmed"  # nothing known either way: not a confirmed official site
    FLAGGED = "flagged"  # a link rule found something against it


class Field(StrEnum):
    """Which input a piece of evidence quotes."""

    TEXT = "text"
    SENDER = "sender"
    RECEIVED_AT = "received_at"


@slot_init
@dataclass(frozen=True, slots=True)
class Evidence:
    """A quoted piece of one input: ``text == inputs[field][start:end]``."""

    text: str
    start: int
    end: int
    field: Field = Field.TEXT

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "field": self.field._value_}


@slot_init
@dataclass(frozen=True, slots=True)
class Part:
    """One part of the scam's mechanism that a combination finding is built from."""

    role: Role
    role_label: str  # Chinese name of the role ("自称", "借口", "要你", "指向", "施压")
    cue: str  # id of the cue that found it (parts.toml), or of the computed destination/claim
    label: str  # Chinese description of this part ("工商银行", "账户出了问题")
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role._value_,
            "role_label": self.role_label,
            "cue": self.cue,
            "label": self.label,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@slot_init
@dataclass(frozen=True, slots=True)
class Finding:
    """One matched rule, with what it means and where the guide explains it."""

    rule_id: str
    kind: Kind
    category: str
    strength: Strength
    title: str
    explanation: str
    advice: str
    guide: str  # site path with anchor, e.g. "scams/#campus-loan-cancel"
    evidence: tuple[Evidence, ...]
    parts: tuple[Part, ...] = ()  # for combination findings: each part it combines, with its own evidence

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "kind": self.kind._value_,
            "category": self.category,
            "strength": self.strength._value_,
            "title": self.title,
            "explanation": self.explanation,
            "advice": self.advice,
            "guide": self.guide,
            "evidence": [e.to_dict() for e in self.evidence],
            "parts": [p.to_dict() for p in self.parts],
        }


@slot_init
@dataclass(frozen=True, slots=True)
class Link:
    """A link found in the message and what its destination looks like."""

    evidence: Evidence
    host: str
    assessment: str  # rule id of the link finding, or "" when nothing is known against it
    status: LinkStatus
    note: str  # Chinese sentence for the reader (messages.toml [link_notes])

    def to_dict(self) -> dict[str, Any]:
        return {
            "evidence": self.evidence.to_dict(),
            "host": self.host,
            "assessment": self.assessment,
            "status": self.status._value_,
            "note": self.note,
        }


@slot_init
@dataclass(frozen=True, slots=True)
class SenderInfo:
    """What the sender number is (a soft signal, never proof either way)."""

    number: str  # as the reader typed it
    digits: str  # as read: separators, a country prefix and full-width forms taken out
    type: str  # e.g. "gateway_106", "bank_95", "mobile", "virtual_170", "international", "unknown"
    label: str  # Chinese description for the reader
    note: str  # Chinese caveat: what this number type does and does not prove

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "digits": self.digits, "type": self.type, "label": self.label, "note": self.note}


@slot_init
@dataclass(frozen=True, slots=True)
class Report:
    """Everything the checker says about one message."""

    verdict: Verdict
    verdict_title: str
    verdict_summary: str
    score: int
    findings: tuple[Finding, ...]  # kind == SCAM, strongest first
    conduct_findings: tuple[Finding, ...]  # kind == CONDUCT
    links: tuple[Link, ...]
    sender: SenderInfo | None
    next_steps: tuple[str, ...]
    checker_version: str
    input_length: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": REPORT_SCHEMA_VERSION,
            "checker_version": self.checker_version,
            "verdict": self.verdict._value_,
            "verdict_title": self.verdict_title,
            "verdict_summary": self.verdict_summary,
            "score": self.score,
            "findings": [f.to_dict() for f in self.findings],
            "conduct_findings": [f.to_dict() for f in self.conduct_findings],
            "links": [link.to_dict() for link in self.links],
            "sender": self.sender.to_dict() if self.sender else None,
            "next_steps": list(self.next_steps),
            "input_length": self.input_length,
        }
