"""Normalised views of a message, each keeping a map back to offsets in the original text.

Scam texts dodge keyword filters with full-width letters, zero-width characters, symbols between
characters (验-证-码), traditional or look-alike characters (覌, 領) and homophones (V信, 薇信).
Rules match on a normalised view; every match is mapped back so evidence quotes the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SENTENCE_BREAK = "。"
# Sentence-ending punctuation becomes one boundary mark; rule gaps ({gapN}) do not cross it.
_BREAKS = frozenset("。.!?！？;；\n\r\u2028\u2029")
_CLAUSE_MARKS = frozenset(",，")
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")
_KEEP_SYMBOLS = frozenset("¥%")
LINK_MARK = "@"  # stands for a whole link in the compact view, so rules can say "click <link>"
# Filler characters scammers put between the characters of a keyword (奔一跑一兄一弟, 淘丨宝): dropped
# where they alternate with CJK characters at least twice.
_FILLER_RUN = re.compile(r"(?:[\u4e00-\u9fff][一丨丶ㄧ])+[\u4e00-\u9fff]")
_ALWAYS_FILLER = frozenset("丨丶ㄧ")


@dataclass(frozen=True, slots=True)
class View:
    """Normalised text plus, for each of its characters, the index of the source character."""

    text: str
    origin: tuple[int, ...]
    clause_starts: frozenset[int] = frozenset()  # positions right after a comma (negation scope)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a non-empty span of this view back to a span of the original text."""
        return self.origin[start], self.origin[end - 1] + 1


@dataclass(frozen=True, slots=True)
class Normalizer:
    """Builds views with character and phrase tables loaded from rule data."""

    char_map: Mapping[str, str]  # one character -> one character (traditional, look-alikes)
    phrase_map: Mapping[str, str]  # equal-length phrase replacements (v信 -> 微信)
    phrase_patterns: tuple[re.Pattern[str], ...]

    @classmethod
    def from_tables(cls, char_map: Mapping[str, str], phrase_map: Mapping[str, str]) -> Normalizer:
        for src, dst in phrase_map.items():
            if len(src) != len(dst):
                raise ValueError(f"phrase mapping must keep length: {src!r} -> {dst!r}")
        for src, dst in char_map.items():
            if len(src) != 1 or len(dst) != 1:
                raise ValueError(f"character mapping must be one to one: {src!r} -> {dst!r}")
        ascii_only = sorted((p for p in phrase_map if p.isascii()), key=len, reverse=True)
        others = sorted((p for p in phrase_map if not p.isascii()), key=len, reverse=True)
        patterns = []
        if ascii_only:
            # Latin look-alikes only count as words of their own (not inside "svxy" or a URL).
            alternatives = "|".join(re.escape(p) for p in ascii_only)
            patterns.append(re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])"))
        if others:
            patterns.append(re.compile("|".join(re.escape(p) for p in others)))
        return cls(dict(char_map), dict(phrase_map), tuple(patterns))

    def _fold_chars(self, original: str) -> tuple[list[str], list[int]]:
        """NFKC, lower case, character table, zero-width removal; one entry per output char."""
        chars: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(original):
            if char in _ZERO_WIDTH:
                continue
            for out in unicodedata.normalize("NFKC", char).lower():
                chars.append(self.char_map.get(out, out))
                origin.append(index)
        return chars, origin

    def _apply_phrases(self, view: View) -> View:
        text = view.text
        for pattern in self.phrase_patterns:
            text = pattern.sub(lambda m: self.phrase_map[m.group(0)], text)
        return View(text, view.origin, view.clause_starts)

    def fold(self, original: str) -> View:
        """Folded text that keeps punctuation and spacing: for links and numbers."""
        chars, origin = self._fold_chars(original)
        return View("".join(chars), tuple(origin))

    def compact(self, original: str, links: Sequence[tuple[int, int]] = ()) -> View:
        """Folded text without spaces, symbols or in-word punctuation: for keyword rules.

        Sentence ends collapse into one ``SENTENCE_BREAK``; a dot between two digits is kept so
        amounts stay amounts; each span in ``links`` (original offsets) becomes one ``LINK_MARK``.
        """
        chars, origin = self._fold_chars(original)
        link_at = _link_index(len(original), links)
        out: list[str] = []
        out_origin: list[int] = []
        clauses: set[int] = set()
        for i, char in enumerate(chars):
            mark = link_at[origin[i]]
            if mark >= 0:
                if mark == origin[i] and (not out_origin or out_origin[-1] != mark or out[-1] != LINK_MARK):
                    out.append(LINK_MARK)
                    out_origin.append(mark)
                continue
            if char in _ALWAYS_FILLER:
                continue
            if char.isalnum() or char in _KEEP_SYMBOLS or _is_decimal_point(chars, i):
                out.append(char)
                out_origin.append(origin[i])
            elif char in _BREAKS and _is_sentence_end(chars, i):
                if out and out[-1] != SENTENCE_BREAK:
                    out.append(SENTENCE_BREAK)
                    out_origin.append(origin[i])
            elif char in _CLAUSE_MARKS:
                clauses.add(len(out))
        return self._apply_phrases(_drop_fillers(out, out_origin, clauses))


def _link_index(length: int, links: Sequence[tuple[int, int]]) -> list[int]:
    """For each original index: the start of the link covering it, or -1."""
    index = [-1] * length
    for start, end in links:
        for i in range(max(start, 0), min(end, length)):
            index[i] = start
    return index


def _drop_fillers(chars: list[str], origin: list[int], clauses: set[int]) -> View:
    text = "".join(chars)
    if "一" not in text:
        return View(text, tuple(origin), frozenset(clauses))
    keep = [True] * len(chars)
    for m in _FILLER_RUN.finditer(text):
        if m.end() - m.start() >= 5:  # at least two fillers: 奔一跑一兄
            for i in range(m.start() + 1, m.end(), 2):
                keep[i] = False
    shift = [0] * (len(chars) + 1)
    for i, k in enumerate(keep):
        shift[i + 1] = shift[i] + (0 if k else 1)
    return View(
        "".join(c for c, k in zip(chars, keep, strict=True) if k),
        tuple(o for o, k in zip(origin, keep, strict=True) if k),
        frozenset(c - shift[c] for c in clauses),
    )


def _is_decimal_point(chars: list[str], i: int) -> bool:
    return chars[i] == "." and 0 < i < len(chars) - 1 and chars[i - 1].isdigit() and chars[i + 1].isdigit()


def _is_sentence_end(chars: list[str], i: int) -> bool:
    """A break mark ends a sentence unless it is squeezed between single characters (验.证.码)."""
    if chars[i] not in ".。":
        return True
    before = chars[i - 1] if i > 0 else ""
    after = chars[i + 1] if i + 1 < len(chars) else ""
    before2 = chars[i - 2] if i > 1 else ""
    after2 = chars[i + 2] if i + 2 < len(chars) else ""
    squeezed = before.isalnum() and after.isalnum() and (before2 in ".。" or after2 in ".。")
    return not squeezed
