"""Quotes of the message: a match widened so that it never cuts a number or a Latin word in two.

A pattern may end inside a token ("…微信 ppd_fawu88（Q" when it asked for "Q" of "QQ", a phone
number that stops one digit short); the reader is shown the whole token. Digits in groups (a card
number written "6217 0012 3456") count as one token.
"""

from __future__ import annotations

from checker.models import Evidence

_MAX_WIDENING = 32  # characters added on each side at most (a run of digits can fill the whole text)
_GROUP_SEPARATORS = frozenset(" -")


def _in_token(char: str) -> bool:
    if char.isascii():
        return char.isalnum() or char == "_"
    return "\uff10" <= char <= "\uff5a" and char.isalnum()  # full-width digits and letters


def _joins_digit_groups(text: str, index: int) -> bool:
    """``text[index]`` is a space or dash between two digits ("6217 0012")."""
    return (
        0 < index < len(text) - 1
        and text[index] in _GROUP_SEPARATORS
        and text[index - 1].isdecimal()
        and text[index + 1].isdecimal()
    )


def whole_tokens(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``/``end`` moved outwards until neither cuts a token (a word, a number, digit groups)."""
    limit = min(len(text), end + _MAX_WIDENING)
    while end < limit and _in_token(text[end - 1]):
        if _in_token(text[end]):
            end += 1
        elif _joins_digit_groups(text, end):
            end += 2
        else:
            break
    floor = max(0, start - _MAX_WIDENING)
    while start > floor and _in_token(text[start]):
        if _in_token(text[start - 1]):
            start -= 1
        elif _joins_digit_groups(text, start - 1):
            start -= 2
        else:
            break
    return start, end


def quote(text: str, start: int, end: int) -> Evidence:
    """The evidence for a match at ``start``/``end`` of the message, widened to whole tokens."""
    start, end = whole_tokens(text, start, end)
    return Evidence(text[start:end], start, end)
