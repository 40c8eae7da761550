"""Finds phone-like numbers in a message, with their digits and spans in the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.normalize.text import View


@dataclass(frozen=True, slots=True)
class FoundNumber:
    """A phone-like number in the text, with its digits and span in the original text."""

    start: int
    end: int
    digits: str


_NUMBER = re.compile(r"(?<![\d.])(?:\+?86)?(?:1[3-9]\d{9}|0\d{2,3}\d{7,8}|[48]00\d{7}|\d{5,6})(?![\d.])")


def find_numbers(view: View) -> list[FoundNumber]:
    """Phone-like numbers in the compact view (separators inside numbers are already gone)."""
    found: list[FoundNumber] = []
    for m in _NUMBER.finditer(view.text):
        start, end = view.span(m.start(), m.end())
        digits = m.group(0)
        if digits.startswith("+"):
            digits = digits[1:]
        if digits.startswith("86") and len(digits) == 13:
            digits = digits[2:]
        found.append(FoundNumber(start, end, digits))
    return found
