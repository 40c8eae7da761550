"""Quoted speech: a message that quotes someone's words and then says something about them.

"收到“您的ETC认证已失效，请点击链接更新”的短信请直接删除" quotes a scam in order to warn of it; so do a
son's message to his mother and a bank's notice. What lies inside such quotes is described, not asked
for. A news narration that ends with the scammer's words ("对方说：“……”") comments on nothing after
them, and a scam's own quotes are short ("点击“立即领取”"): neither counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.regexes import compiled


@dataclass(frozen=True, slots=True)
class QuotedSpeechRules:
    """text.toml [quoted_speech]."""

    quote: str  # a quote long enough to be someone's words
    ignored: str  # what does not count as saying something outside the quotes (signatures, punctuation)
    min_outside: int  # characters outside every quote (and signature) the message needs
    min_after: int  # characters after the last quote: a comment on it, not a narration ending with it


def commented_quotes(text: str, rules: QuotedSpeechRules) -> list[tuple[int, int]]:
    """The spans of the quotes in ``text`` when the message comments on them; otherwise none."""
    if "“" not in text and '"' not in text and "「" not in text and "『" not in text:
        return []  # most messages: no scan at all
    quote = compiled(rules.quote)
    quotes = [m.span() for m in quote.finditer(text)]
    if not quotes:
        return []
    ignored = compiled(rules.ignored)
    if len(ignored.sub("", text[quotes[-1][1] :])) < rules.min_after:
        return []
    if len(ignored.sub("", quote.sub("", text))) < rules.min_outside:
        return []
    return quotes


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start:end`` lies within one of ``spans``."""
    return any(s <= start and end <= e for s, e in spans)
