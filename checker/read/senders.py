"""Classifies the sender number: a soft signal, never proof either way."""

from __future__ import annotations

import re

from checker.models import SenderInfo
from checker.rules.load import RuleSet, SenderClass

_SEPARATORS = re.compile(r"[\s\-()（）]")


def sender_digits(sender: str) -> str:
    """The number without separators or a +86 / 0086 country prefix."""
    number = _SEPARATORS.sub("", sender)
    for prefix in ("+86", "0086"):
        if number.startswith(prefix) and len(number) > len(prefix) + 4:
            return number[len(prefix) :]
    return number


def number_class(digits: str, rules: RuleSet) -> SenderClass:
    """The first class in senders.toml whose pattern matches the digits (the last matches anything)."""
    for cls in rules.sender_classes:
        if cls.pattern.fullmatch(digits):
            return cls
    raise AssertionError("the last sender class matches anything")  # pragma: no cover


def classify_sender(sender: str, rules: RuleSet) -> tuple[SenderInfo, str]:
    """Return what the number is, and the id of the sender rule it triggers ("" for none)."""
    cls = number_class(sender_digits(sender), rules)
    return SenderInfo(number=sender, type=cls.type, label=cls.label, note=cls.note), cls.rule
