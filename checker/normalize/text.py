"""Normalised views of a message, each keeping a map back to offsets in the original text.

Scam texts dodge keyword filters with full-width letters, zero-width characters, symbols between
characters (验-证-码), traditional or look-alike characters (覌, 領) and homophones (V信, 薇信).
Rules match on a normalised view; every match is mapped back so evidence quotes the original.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import compress

from checker.models import slot_init
from checker.regexes import compiled

SENTENCE_BREAK = "。"
# Sentence-ending punctuation becomes one boundary mark; rule gaps ({gapN}) do not cross it.
_BREAKS = frozenset("。.!?！？;；\n\r\u2028\u2029")
_CLAUSE_MARKS = frozenset(",，")
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")
_KEEP_SYMBOLS = frozenset("¥%")
_MEANINGFUL_IN_GAPS = _BREAKS | _CLAUSE_MARKS | _KEEP_SYMBOLS  # "." is in _BREAKS
LINK_MARK = "@"  # stands for a whole link in the compact view, so rules can say "click <link>"
# Filler characters scammers put between the characters of a keyword (奔一跑一兄一弟, 淘丨宝): dropped
# where they alternate with CJK characters at least twice.
_FILLER_RUN = r"(?:[\u4e00-\u9fff][一丨丶ㄧ])+[\u4e00-\u9fff]"  # compiled on first use
_ALWAYS_FILLER = frozenset("丨丶ㄧ")
_FIND_EACH = 8  # irregular characters in one text up to which each is found with str.find
_FIND_IRREGULAR = 64  # irregular characters known up to which each is looked for with ``in``
_OTHER_DIGIT = r"\d(?<![0-9])"  # a decimal digit of another script (str.isdecimal); compiled on first use
_nfkc = partial(unicodedata.normalize, "NFKC")


@slot_init
@dataclass(frozen=True, slots=True)
class View:
    """Normalised text plus, for each of its characters, the index of the source character."""

    text: str
    origin: Sequence[int]
    clause_starts: tuple[int, ...] = ()  # positions right after a comma, in order (negation scope)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a non-empty span of this view back to a span of the original text."""
        return self.origin[start], self.origin[end - 1] + 1


class _FoldTable(dict[int, str]):
    """``str.translate`` table that works out each character's folded form the first time it is seen.

    ``irregular`` holds the characters whose folded form is not exactly one character long
    (zero-width marks, "…" -> "..."): a text containing one needs the slow path with an offset map.
    """

    def __init__(self, char_map: Mapping[str, str]) -> None:
        super().__init__()
        self._char_map = char_map
        self.irregular: set[str] = set()
        self._odd = frozenset(char_map) | _ALWAYS_FILLER  # characters of a form that ``_settle`` changes
        self._known: set[str] = set()  # the characters learned (as keys, their code points)
        self._pending = ""  # the text being translated, until its new characters are learned

    def translate(self, text: str) -> str:
        """``text`` folded; characters not seen before are learned on the way."""
        self._pending = text
        try:
            return text.translate(self)
        finally:
            self._pending = ""

    def __missing__(self, code: int) -> str:
        if self._pending:  # the first new character of this text: learn all of them at once
            pending, self._pending = self._pending, ""
            self._learn_all(pending)
            return self[code]
        return self._learn(chr(code))

    def _learn_all(self, text: str) -> None:
        """Learn every new character of ``text`` with a few calls on all of them.

        Each one's NFKC form in lower case is its folded form unless ``_settle`` treats it apart (a
        zero-width mark; a form holding a filler, a table character or another script's digit):
        those few are then learned one by one.
        """
        new = list(set(text).difference(self._known))
        self._known.update(new)
        lowered = list(map(str.lower, map(_nfkc, new)))
        self.update(zip(map(ord, new), lowered, strict=True))
        longer = list(compress(zip(new, lowered, strict=True), map((1).__ne__, map(len, lowered))))
        self.irregular.update(char for char, _ in longer)
        odd = self._odd  # one character long forms: in ``odd`` or not; longer ones: holding one or not
        redo = dict(compress(zip(new, lowered, strict=True), map(odd.__contains__, lowered)))
        redo.update((char, low) for char, low in longer if not odd.isdisjoint(low))
        redo.update((char, self[ord(char)]) for char in _ZERO_WIDTH.intersection(new))
        other_digit = compiled(_OTHER_DIGIT)
        if other_digit.search("".join(lowered)):  # rare: find whose
            redo.update((char, low) for char, low in zip(new, lowered, strict=True) if other_digit.search(low))
        for char, low in redo.items():
            self.irregular.discard(char)
            self._settle(char, low)

    def _learn(self, char: str) -> str:
        return self._settle(char, _nfkc(char).lower())

    def _settle(self, char: str, lowered: str) -> str:
        """Record the folded form of ``char``, given its NFKC form in lower case."""
        folded = "" if char in _ZERO_WIDTH else lowered
        if folded in _ALWAYS_FILLER:
            folded = " "  # a separator, like the spaces and dashes scammers put between characters
        if len(folded) == 1:  # most characters: no generator for one lookup
            folded = self._char_map.get(folded, folded)
        else:
            folded = "".join(self._char_map.get(c, c) for c in folded)
        if len(folded) == 1 and folded.isdecimal():
            folded = str(unicodedata.decimal(folded))  # every script's digits as ASCII: \d means [0-9]
        self[ord(char)] = folded
        self._known.add(char)
        if len(folded) != 1:
            self.irregular.add(char)
        return folded


@dataclass(frozen=True, slots=True)
class Normalizer:
    """Builds views with character and phrase tables loaded from rule data."""

    char_map: Mapping[str, str]  # one character -> one character (traditional, look-alikes)
    phrase_map: Mapping[str, str]  # equal-length phrase replacements (v信 -> 微信)
    phrase_patterns: tuple[re.Pattern[str], ...]
    _table: _FoldTable = field(init=False, repr=False, compare=False)  # learns as texts are folded

    def __post_init__(self) -> None:
        object.__setattr__(self, "_table", _FoldTable(self.char_map))

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
            # Latin look-alikes only count as words of their own (not inside "svxy" or a URL). The
            # check on the character before comes after each phrase's first character, so that
            # ``re`` can skip ahead to first characters in C.
            alternatives = "|".join(f"{re.escape(p[0])}(?<![a-z0-9].){re.escape(p[1:])}" for p in ascii_only)
            patterns.append(re.compile(rf"(?:{alternatives})(?![a-z0-9])"))
        if others:
            patterns.append(re.compile("|".join(re.escape(p) for p in others)))
        return cls(dict(char_map), dict(phrase_map), tuple(patterns))

    def compile_all(self) -> None:
        """Compile the patterns left for first use (see ``RuleSet.compile_all``)."""
        compiled(_FILLER_RUN)
        compiled(_OTHER_DIGIT)

    def _fold_chars(self, original: str) -> tuple[str, Sequence[int]]:
        """NFKC, lower case, character table, zero-width removal, with the source index of each char."""
        table = self._table
        folded = table.translate(original)
        irregular = table.irregular
        if len(irregular) <= _FIND_IRREGULAR:  # a few: a search each, no string made per character
            present = {char for char in irregular if char in original}
        else:
            present = irregular.intersection(original)
        if not present:  # the common case: offsets are the identity
            return folded, range(len(original))
        # Regular characters fold to one character each: only the irregular ones shift the offsets.
        origin: list[int] = []
        position = 0
        for index in _positions(original, present):
            origin.extend(range(position, index))
            origin.extend([index] * len(table[ord(original[index])]))
            position = index + 1
        origin.extend(range(position, len(original)))
        return folded, origin

    def _apply_phrases(self, view: View) -> View:
        text = view.text
        for pattern in self.phrase_patterns:
            text = pattern.sub(lambda m: self.phrase_map[m.group(0)], text)
        if text is view.text:  # ``sub`` returns the very text it was given when it replaced nothing
            return view
        return View(text, view.origin, view.clause_starts)

    def fold(self, original: str) -> View:
        """Folded text that keeps punctuation and spacing: for links and numbers."""
        return View(*self._fold_chars(original))

    def compact(self, original: str, links: Sequence[tuple[int, int]] = (), folded: View | None = None) -> View:
        """Folded text without spaces, symbols or in-word punctuation: for keyword rules.

        Sentence ends collapse into one ``SENTENCE_BREAK``; a dot between two digits is kept so
        amounts stay amounts; each span in ``links`` (original offsets) becomes one ``LINK_MARK``.
        Works gap by gap (a gap: what lies between runs of letters and digits), not character by character.
        """
        text, origin = self._fold_chars(original) if folded is None else (folded.text, folded.origin)
        builder = _CompactBuilder(text, origin)
        position = 0
        for link_start, link_end in _folded_spans(origin, links):
            builder.add_segment(position, link_start)
            builder.add_link(origin[link_start])
            position = link_end
        builder.add_segment(position, len(text))
        return self._apply_phrases(_drop_fillers("".join(builder.out), builder.out_origin, builder.clauses))


def _positions(text: str, chars: set[str]) -> list[int]:
    """Where the characters ``chars`` occur in ``text``, in order."""
    if len(chars) > _FIND_EACH:
        return [index for index, char in enumerate(text) if char in chars]
    found = []
    for char in chars:  # a few distinct characters: let str.find skip to each
        index = text.find(char)
        while index >= 0:
            found.append(index)
            index = text.find(char, index + 1)
    return sorted(found)


_GAP = re.compile(r"[\W_]+")  # what lies between runs of letters and digits


class _CompactBuilder:
    """Appends the compact form of stretches of folded text, keeping the offset map."""

    def __init__(self, text: str, origin: Sequence[int]) -> None:
        self.text = text
        self.origin = origin
        self.out: list[str] = []  # pieces of the compact text
        self.out_origin: list[int] = []
        self.clauses: list[int] = []  # in order, each once

    def _append(self, piece: str, index: int) -> None:
        self.out.append(piece)
        self.out_origin.append(self.origin[index])

    def add_link(self, original_start: int) -> None:
        self.out.append(LINK_MARK)
        self.out_origin.append(original_start)

    def add_segment(self, start: int, end: int) -> None:
        """Runs are copied; a gap is dropped unless it holds a character that means something."""
        text, origin, out, out_origin = self.text, self.origin, self.out, self.out_origin
        previous_end = start
        clauses = self.clauses
        for gap in _GAP.finditer(text, start, end):
            gap_start, gap_end = gap.span()
            if gap_start > previous_end:
                out.append(text[previous_end:gap_start])
                out_origin.extend(origin[previous_end:gap_start])
            gap_text = gap.group()
            if gap_text == ",":  # the commonest gap (folding makes "，" a ","): as ``_gap`` would
                if not clauses or clauses[-1] != len(out_origin):
                    clauses.append(len(out_origin))
            elif not _MEANINGFUL_IN_GAPS.isdisjoint(gap_text):
                self._gap(gap_start, gap_end, gap_start > start, gap_end < end)
            previous_end = gap_end
        if previous_end < end:
            out.append(text[previous_end:end])
            out_origin.extend(origin[previous_end:end])

    def _gap(self, gap_start: int, gap_end: int, has_left: bool, has_right: bool) -> None:
        text, out = self.text, self.out
        gap = text[gap_start:gap_end]
        if gap == "." and has_left and has_right and text[gap_start - 1].isdigit() and text[gap_end].isdigit():
            self._append(".", gap_start)
            return
        if gap in (".", "。") and has_left and has_right and _squeezed(text, gap_start):
            return  # 验.证.码: a dot between single characters
        for offset, char in enumerate(gap):
            if char in _KEEP_SYMBOLS:
                self._append(char, gap_start + offset)
            elif char in _BREAKS:
                if out and out[-1][-1] != SENTENCE_BREAK:
                    self._append(SENTENCE_BREAK, gap_start + offset)
            elif char in _CLAUSE_MARKS and (not self.clauses or self.clauses[-1] != len(self.out_origin)):
                self.clauses.append(len(self.out_origin))


def _squeezed(text: str, dot: int) -> bool:
    """The dot at ``dot`` separates single characters, as in 安.全.账.户."""
    before2 = text[dot - 2] if dot >= 2 else ""
    after2 = text[dot + 2] if dot + 2 < len(text) else ""
    return before2 in (".", "。") or after2 in (".", "。")


def _folded_spans(origin: Sequence[int], links: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Link spans (original offsets) as non-empty spans of the folded text, in order."""
    spans = []
    for start, end in sorted(links):
        folded_start, folded_end = bisect_left(origin, start), bisect_left(origin, end)
        if folded_start < folded_end:
            spans.append((folded_start, folded_end))
    return spans


def _drop_fillers(text: str, origin: list[int], clauses: list[int]) -> View:
    runs = (
        [m.span() for m in compiled(_FILLER_RUN).finditer(text) if m.end() - m.start() >= 5] if "一" in text else None
    )
    if not runs:  # a filler run needs at least two fillers: 奔一跑一兄
        return View(text, origin, tuple(clauses))
    dropped = [i for start, end in runs for i in range(start + 1, end, 2)]  # in order: runs do not overlap
    pieces: list[str] = []
    kept_origin: list[int] = []
    previous = 0
    for i in dropped:
        pieces.append(text[previous:i])
        kept_origin.extend(origin[previous:i])
        previous = i + 1
    pieces.append(text[previous:])
    kept_origin.extend(origin[previous:])
    # A clause start moves left by the number of characters dropped before it.
    return View("".join(pieces), kept_origin, tuple(dict.fromkeys(c - bisect_left(dropped, c) for c in clauses)))
