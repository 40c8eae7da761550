"""Finds phone-like numbers in a message, with their digits and spans in the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.normalize.text import View
from checker.regexes import compiled


@dataclass(frozen=True, slots=True)
class FoundNumber:
    """A phone-like number in the text, with its digits and span in the original text."""

    start: int
    end: int
    digits: str  # the number as written when it is hidden
    hidden: bool = False


# A number followed by a unit of money (or a percent) is an amount ("借款10,000元": separators are gone).
_NUMBER = r"(?<![\d.])(?:\+?86)?(?:1[3-9]\d{9}|0\d{2,3}\d{7,8}|[48]00\d{7}|\d{5,6})(?![\d.]|元|块|万|千|亿|%)"
# Each position where a number begins, as group 1: a number begins with "+" or a digit, and a pattern
# whose first step is a character class lets ``re`` skip to those in C (one that begins with a
# lookbehind, as the number does, is tried at every position).
_NUMBER_AT = re.compile(rf"[+\d](?<=(?=({_NUMBER}))[+\d])")


def find_numbers(view: View) -> list[FoundNumber]:
    """Phone-like numbers in the compact view (separators inside numbers are already gone), as
    ``finditer`` finds them: left to right, each after the last one's end."""
    found: list[FoundNumber] = []
    text = view.text
    last_end = 0
    for m in _NUMBER_AT.finditer(text):
        number_start, number_end = m.span(1)
        if number_start < last_end:
            continue
        last_end = number_end
        start, end = view.span(number_start, number_end)
        digits = m.group(1)
        if digits.startswith("+"):
            digits = digits[1:]
        if digits.startswith("86") and len(digits) == 13:
            digits = digits[2:]
        found.append(FoundNumber(start, end, digits))
    return found


# A number to call whose digits were hidden ("请致电0086××××", "联系0777581****", "联系xx电话"), as news
# reports and forwarded warnings print them: still a number that is not a confirmed official one.
_HIDDEN_NUMBER = (  # compiled on first use (``compiled``), like the link patterns
    r"(?:联系|致电|拨打|回电|电话|热线|客服)(?:客服|电话|热线|号码)?[^\S\n]{0,2}[:：]?[^\S\n]{0,2}"
    r"((?:\+?86|00)?[\d\-－]{2,}[*＊×xX]{3,}[\d*＊×xX\-]*|[*＊×xX]{3,}[\d\-]{3,}[\d*＊×xX]*|[*＊×xX]{2,}(?:电话|号码))"
)


def find_hidden_numbers(original: str) -> list[FoundNumber]:
    """Numbers to call whose digits are masked, in the original text."""
    if not any(mask in original for mask in "*＊×xX"):  # most messages: no scan at all
        return []
    return [
        FoundNumber(m.start(1), m.end(1), m.group(1), hidden=True) for m in compiled(_HIDDEN_NUMBER).finditer(original)
    ]


def compile_number_patterns() -> None:
    """Compile the hidden-number pattern now rather than for the first message (see ``api.warm_up``)."""
    compiled(_HIDDEN_NUMBER)
