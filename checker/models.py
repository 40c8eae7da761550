"""Result types: frozen dataclasses with an explicit, JSON-ready ``to_dict()``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

REPORT_SCHEMA_VERSION = 1


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


class Field(StrEnum):
    """Which input a piece of evidence quotes."""

    TEXT = "text"
    SENDER = "sender"
    RECEIVED_AT = "received_at"


@dataclass(frozen=True, slots=True)
class Evidence:
    """A quoted piece of one input: ``text == inputs[field][start:end]``."""

    text: str
    start: int
    end: int
    field: Field = Field.TEXT

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "field": self.field.value}


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "kind": self.kind.value,
            "category": self.category,
            "strength": self.strength.value,
            "title": self.title,
            "explanation": self.explanation,
            "advice": self.advice,
            "guide": self.guide,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Link:
    """A link found in the message and what its destination looks like."""

    evidence: Evidence
    host: str
    assessment: str  # rule id of the link finding, or "" when nothing is known against it

    def to_dict(self) -> dict[str, Any]:
        return {"evidence": self.evidence.to_dict(), "host": self.host, "assessment": self.assessment}


@dataclass(frozen=True, slots=True)
class SenderInfo:
    """What the sender number is (a soft signal, never proof either way)."""

    number: str
    type: str  # e.g. "gateway_106", "bank_95", "mobile", "virtual_170", "international", "unknown"
    label: str  # Chinese description for the reader
    note: str  # Chinese caveat: what this number type does and does not prove

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "type": self.type, "label": self.label, "note": self.note}


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
            "verdict": self.verdict.value,
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
