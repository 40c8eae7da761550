"""Classifies the sender number: a soft signal, never proof either way."""

from __future__ import annotations

import re
import unicodedata

from checker.models import SenderInfo
from checker.rules.load import RuleSet, SenderClass

_SEPARATORS = re.compile(r"[\s\-()（）]")
_BARE_86_MOBILE_LENGTH = 13  # "86" + an 11-digit mobile number


def sender_digits(sender: str) -> str:
    """The number without separators or a +86 / 0086 country prefix (full-width digits read as
    digits; a mobile number written with a bare 86 in front counts as the mobile number)."""
    number = _SEPARATORS.sub("", unicodedata.normalize("NFKC", sender))
    for prefix in ("+86", "0086"):
        if number.startswith(prefix) and len(number) > len(prefix) + 4:
            return number[len(prefix) :]
    if len(number) == _BARE_86_MOBILE_LENGTH and number.startswith("861") and number.isdecimal():
        return number[2:]
    return number


def number_class(digits: str, rules: RuleSet) -> SenderClass:
    """The first class in senders.toml whose pattern matches the digits (the last matches anything)."""
    for cls in rules.sender_classes:
        if cls.pattern.fullmatch(digits):
            return cls
    raise AssertionError("the last sender class matches anything")  # pragma: no cover


def classify_sender(sender: str, rules: RuleSet) -> tuple[SenderInfo, str]:
    """Return what the number is, and the id of the sender rule it triggers ("" for none)."""
    digits = sender_digits(sender)
    cls = number_class(digits, rules)
    return SenderInfo(number=sender, digits=digits, type=cls.type, label=cls.label, note=cls.note), cls.rule
