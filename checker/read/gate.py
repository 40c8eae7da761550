"""A cheap gate in front of the rule regexes, and a way to try a regex only where it can match.

When the index is built (at load time; for the browser's wheel, at build time) each pattern is
parsed (``re._parser``) into clauses: sets of strings of up to two
characters, one of which any text containing a match must contain. The first clause lists what a
match can begin with (its prefixes); the others what must follow (``验证码{gap8}发给`` also needs
发给). At check time the message's two-character substrings that could be grams are collected once
(a scan in C; single characters are looked up in the text itself); a rule none of whose patterns has
every clause present cannot match and is skipped. A rule that passes is tried only at the positions
where one of its prefixes starts (``gated_pattern``).

Patterns whose start is too open to enumerate (``[^。]``, ``\\w``) get no gate; ``\\d`` is taken as
0-9, which holds because the gated texts are folded (normalize maps every digit to ASCII).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property, reduce
from itertools import accumulate, repeat
from operator import lshift, or_
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from checker.regexes import compiled

_MAX_CLASS = 40  # a character class larger than this is "too open" to enumerate
_MAX_PREFIXES = 4000
PREFIX_LENGTH = 2
ASCII_DIGITS = "0123456789"


class _TooOpen(Exception):
    pass


def _chars_of_class(items: list[tuple[Any, Any]]) -> set[str]:
    chars: set[str] = set()
    for op, value in items:
        if op is sre.LITERAL:
            chars.add(chr(value))
        elif op is sre.RANGE and value[1] - value[0] < _MAX_CLASS:
            chars.update(chr(c) for c in range(value[0], value[1] + 1))
        elif op is sre.CATEGORY and value is sre.CATEGORY_DIGIT:
            chars.update(ASCII_DIGITS)  # sound on folded text, where every digit is ASCII
        else:
            raise _TooOpen
    if len(chars) > _MAX_CLASS:
        raise _TooOpen
    return chars


def _extend(prefixes: set[str], done: set[str], nxt: set[str]) -> tuple[set[str], set[str]]:
    """Append each possible next character to the unfinished prefixes."""
    grown = {p + c for p in prefixes for c in nxt}
    finished = {p for p in grown if len(p) >= PREFIX_LENGTH}
    return grown - finished, done | finished


def _walk(items: Any, start: set[str]) -> tuple[set[str], set[str]]:
    """Return (unfinished prefixes after ``items``, prefixes that reached PREFIX_LENGTH)."""
    open_: set[str] = set(start)
    done: set[str] = set()
    for op, value in items:
        if not open_:
            break
        try:
            open_, done = _step(op, value, open_, done)
        except _TooOpen:
            if "" in open_:
                raise
            return set(), done | open_  # what is known so far is a shorter, still valid prefix
        if len(open_) + len(done) > _MAX_PREFIXES:
            raise _TooOpen
    return open_, done


def _step(op: Any, value: Any, open_: set[str], done: set[str]) -> tuple[set[str], set[str]]:
    """Advance the prefixes over one parsed element."""
    if op is sre.LITERAL:
        open_, done = _extend(open_, done, {chr(value)})
    elif op is sre.IN:
        open_, done = _extend(open_, done, _chars_of_class(value))
    elif op is sre.SUBPATTERN:
        o, d = _walk(value[-1], open_)
        open_, done = o, done | d
    elif op is sre.BRANCH:
        new_open: set[str] = set()
        for branch in value[1]:
            o, d = _walk(branch, open_)
            new_open |= o
            done |= d
        open_ = new_open
    elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, body = value
        ends = set(open_) if low == 0 else set()
        current = open_
        for count in range(1, min(high, PREFIX_LENGTH) + 1):  # two repetitions reach any 2-prefix
            current, d = _walk(body, current)
            done |= d
            if count >= low or count == PREFIX_LENGTH:
                ends |= current
            if not current:
                break
        open_ = ends
    elif op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
        pass  # zero-width: consumes nothing
    else:
        raise _TooOpen
    return open_, done


def _prefixes_of(items: Any) -> frozenset[str] | None:
    try:
        open_, done = _walk(items, {""})
    except _TooOpen:
        return None
    if "" in open_:
        return None  # can match the empty string
    return frozenset(open_ | done)


def pattern_clauses(pattern: str) -> tuple[frozenset[str], ...] | None:
    """Necessary conditions for a match: a text can only match if it contains a gram of every clause.

    The first clause is the pattern's prefixes; the others are the prefixes of what follows each
    top-level element that is not a plain character (``验证码{gap8}发给`` also needs 发给
    somewhere). None when the prefixes cannot be listed.
    """
    try:
        items = list(sre_parse.parse(pattern))
    except re.error as exc:
        raise re.error(f"{exc} in {pattern!r}") from exc
    first = _prefixes_of(items)
    if first is None:
        return None
    clauses = [first]
    for k in range(1, len(items)):
        if items[k - 1][0] is sre.LITERAL:
            continue  # inside a run of literals: the run's start already says as much
        clause = _prefixes_of(items[k:])
        if clause is not None and not any(known <= clause for known in clauses):
            clauses = [known for known in clauses if not clause <= known or known is first] + [clause]
    return tuple(clauses)


def _starter_source(prefixes: frozenset[str]) -> str:
    following: dict[str, set[str]] = {}
    for prefix in prefixes:
        following.setdefault(prefix[0], set()).add(prefix[1:])
    branches = []
    for first, rest in sorted(following.items()):
        if "" in rest:
            branches.append(re.escape(first))
        else:
            branches.append(f"{re.escape(first)}(?=[{''.join(re.escape(c) for c in sorted(rest))}])")
    return "|".join(branches)


def gated_pattern(prefixes: frozenset[str], alternation: str) -> re.Pattern[str]:
    """One pattern that finds, in C, each position where a prefix starts and ``alternation`` matches.

    It consumes the prefix's first character (every starter branch begins with a literal, so ``re``
    skips ahead to candidate characters), then looks back over it and ahead for the alternation,
    capturing that match as group 1. Trying the alternation only where a prefix starts is exact: a
    match can only begin there. Rule patterns hold no back-references, so the new group 1 changes
    no pattern's meaning.
    """
    return re.compile(f"(?:{_starter_source(prefixes)})(?<=(?=({alternation}))[\\s\\S])")


def gated_spans(pattern: re.Pattern[str], gated: bool, text: str) -> Iterator[tuple[int, int]]:
    """The spans of the non-empty matches ``finditer`` gives for the alternation behind ``pattern``,
    found as they are asked for (a reader that needs only the first few stops the scan).

    ``gated``: ``pattern`` comes from ``gated_pattern`` (it reports a match at each position where
    one begins, overlapping ones too; they are taken left to right, each from where the last ended);
    otherwise it is the plain alternation, tried everywhere.
    """
    group = 1 if gated else 0  # a plain ``finditer``'s matches never overlap: the first check lets all through
    end = 0
    for found in pattern.finditer(text):
        start, stop = found.span(group)
        if start >= end and stop > start:
            end = stop
            yield start, stop


def gated_search(pattern: re.Pattern[str], text: str) -> bool:
    """Whether the alternation behind ``pattern`` (gated or not, see ``gated_spans``) matches anywhere in ``text``."""
    return pattern.search(text) is not None


def _commonness(clause: frozenset[str]) -> int:
    """How often a clause can be expected to occur in any message: lower is more telling.

    Single characters and grams with digits or Latin letters turn up everywhere; two Chinese
    characters rarely do. Only the gate's speed depends on this choice, never its result.
    """
    return sum(1 if len(gram) == PREFIX_LENGTH and not gram.isascii() else 40 for gram in clause)


def _clauses_of_all(patterns: tuple[str, ...]) -> list[tuple[frozenset[str], ...]] | None:
    """Each pattern's clauses (see ``pattern_clauses``); None when there are none or one cannot be gated."""
    gated = [clauses for pattern in patterns if (clauses := pattern_clauses(pattern)) is not None]
    return gated if patterns and len(gated) == len(patterns) else None


def _bits_of(positions: list[int]) -> int:
    """The ``int`` with these bits set."""
    return reduce(or_, map(lshift, repeat(1, len(positions)), positions), 0)


def _positions_of(bits: int) -> list[int]:
    """The positions of the bits set in ``bits``, lowest first."""
    return [n for n in range(bits.bit_length()) if bits >> n & 1]


class GateIndex:
    """Finds, from a message's grams, the patterns, and so the names (rule ids), that might match it.

    Each pattern is indexed by its most telling clause (see ``_commonness``), its key; it passes
    when a gram of its key occurs and one of each of its other clauses too. A name is a candidate
    when one of its patterns passes. Names in ``starters_only`` (contexts, searched only when a rule
    asks) get a starter but are never candidates.

    The answer is one ``int``, a bit per pattern (a name's bits: ``bits``), worked out with a few
    operations on ``int`` in C, whatever the number of patterns. Each gram has one ``int`` that
    says what it supplies: the bit of each pattern it is a key gram of, and, in the slot regions
    above (one per other clause: a pattern's first other clause in slot 0, its second in slot 1...),
    the bit of each pattern whose clause it belongs to. A message's grams are OR-ed together
    (``candidate_bits``); a pattern passes when its key bit is set and its bit in every slot is
    too. Patterns are numbered by how many other clauses they have, most first, so that slot ``j``
    only needs as many bits as there are patterns with more than ``j`` other clauses (beyond that
    width a pattern's slot bit counts as set).

    Working the tables out parses every pattern (``build``); the browser's wheel carries them ready
    made (``to_json`` at build time, ``from_json`` at start-up), which spares its start-up that work.
    """

    def __init__(
        self,
        names: list[str],
        always: frozenset[str],
        slot_widths: list[int],
        prefixes: dict[str, frozenset[str]],
        by_gram: dict[str, int],
    ) -> None:
        self._names = names  # the name of each pattern, by number (an ungated name has one, of no clause)
        self.always = always
        self.bits: dict[str, int] = {}  # each indexed name's patterns: its bits in ``candidate_bits``
        for number, name in enumerate(names):
            self.bits[name] = self.bits.get(name, 0) | 1 << number
        self._always_bits = reduce(or_, map(self.bits.__getitem__, always), 0)
        self._slot_widths = slot_widths
        self._key_mask = (1 << len(names)) - 1
        offsets = list(accumulate(slot_widths, initial=len(names)))[: len(slot_widths)]  # where each slot begins
        # (where a slot begins, the bits beyond its width: a pattern there has no such clause)
        self._slots = [(offset, -1 << width) for offset, width in zip(offsets, slot_widths, strict=True)]
        self._prefixes = prefixes  # of each gated name's patterns together
        self._by_gram = by_gram  # what each gram supplies (key bits, then slot bits), for every gram
        self.matchers: dict[str, tuple[re.Pattern[str], bool]] = {}  # by alternation (see ``matcher``)
        self._pair_grams = frozenset(gram for gram in by_gram if len(gram) == PREFIX_LENGTH)

    @classmethod
    def build(
        cls, patterns_by_name: dict[str, tuple[str, ...]], starters_only: dict[str, tuple[str, ...]] | None = None
    ) -> GateIndex:
        """Work the tables out from the patterns (each one is parsed; a bad one raises ``re.error``)."""
        prefixes: dict[str, frozenset[str]] = {}
        always: list[str] = []
        keyed: list[tuple[str, frozenset[str], list[frozenset[str]]]] = []  # name, key clause, other clauses
        for name, patterns in patterns_by_name.items():
            gated = _clauses_of_all(patterns)
            if gated is None:
                always.append(name)
                continue
            for clauses in gated:
                key_clause = min(clauses, key=_commonness)
                keyed.append((name, key_clause, sorted((c for c in clauses if c is not key_clause), key=_commonness)))
            prefixes[name] = frozenset().union(*(clauses[0] for clauses in gated))
        for name, patterns in (starters_only or {}).items():  # searched on demand, never candidates
            gated = _clauses_of_all(patterns)
            if gated is not None:
                prefixes[name] = frozenset().union(*(clauses[0] for clauses in gated))
        keyed.sort(key=lambda entry: -len(entry[2]))  # most other clauses first (a stable sort)
        names = [name for name, _, _ in keyed] + always
        most = max((len(rest) for _, _, rest in keyed), default=0)
        slot_widths = [sum(len(rest) > slot for _, _, rest in keyed) for slot in range(most)]
        offsets = list(accumulate(slot_widths, initial=len(names)))
        supplies: dict[str, int] = {}
        for number, (_, key_clause, rest) in enumerate(keyed):
            for gram in key_clause:
                supplies[gram] = supplies.get(gram, 0) | 1 << number
            for slot, clause in enumerate(rest):
                for gram in clause:
                    supplies[gram] = supplies.get(gram, 0) | 1 << (offsets[slot] + number)
        return cls(names, frozenset(always), slot_widths, prefixes, supplies)

    def to_json(self) -> dict[str, Any]:
        """The tables in a JSON-ready form, sorted so that the same patterns give the same bytes. Most
        grams supply what others do too: each distinct supply is written once, as its bit positions."""
        entries = sorted(set(self._by_gram.values()))
        number = {entry: n for n, entry in enumerate(entries)}
        return {
            "names": self._names,
            "always": sorted(self.always),
            "slot_widths": self._slot_widths,
            "prefixes": {name: sorted(grams) for name, grams in sorted(self._prefixes.items())},
            "entries": [_positions_of(entry) for entry in entries],
            "by_gram": {gram: number[entry] for gram, entry in sorted(self._by_gram.items())},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GateIndex:
        """The index ``to_json`` wrote."""
        entries = list(map(_bits_of, data["entries"]))
        return cls(
            data["names"],
            frozenset(data["always"]),
            data["slot_widths"],
            {name: frozenset(grams) for name, grams in data["prefixes"].items()},
            {gram: entries[number] for gram, number in data["by_gram"].items()},
        )

    def compile_all(self) -> None:
        """Compile the patterns left for the first message (see ``RuleSet.compile_all``)."""
        _finders = (self._pair_finder, self._single_finder)

    def is_gated(self, name: str) -> bool:
        """Whether ``name``'s patterns are tried only where one of their prefixes starts."""
        return name in self._prefixes

    def matcher(self, name: str, alternation: str) -> tuple[re.Pattern[str], bool]:
        """A name's alternation compiled for ``gated_spans`` and ``gated_search``, with whether it is
        gated: worked out on first use, then looked up by the alternation (whose hash the string
        keeps), not by a name that may have to be built."""
        found = self.matchers.get(alternation)
        if found is None:
            prefixes = self._prefixes.get(name)
            gated = bool(prefixes)
            found = (gated_pattern(prefixes, alternation) if prefixes else compiled(alternation), gated)
            self.matchers[alternation] = found
        return found

    @cached_property
    def _pair_finder(self) -> re.Pattern[str]:
        """Finds every two-character substring whose characters could begin and end a gram of two
        (overlapping ones too): in a long text of rare characters, far fewer than all its pairs.
        Compiled on first use (a few milliseconds: two classes of some 800 characters each)."""
        firsts = "".join(map(re.escape, sorted({gram[0] for gram in self._pair_grams})))
        seconds = "".join(map(re.escape, sorted({gram[1] for gram in self._pair_grams})))
        # The first character is matched, then looked back over: a pattern that begins with a class
        # lets ``re`` skip to the positions where one could begin (one that begins with a lookahead
        # is tried at every position); each match takes one character, so overlapping pairs are found.
        return re.compile(f"[{firsts}](?<=(?=(.[{seconds}])).)" if firsts else "(?!)", re.DOTALL)

    @cached_property
    def _single_finder(self) -> re.Pattern[str]:
        """Finds the single-character grams a text holds in one scan (never matches when there are
        none). Compiled on first use, like ``_pair_finder``."""
        singles = sorted(gram for gram in self._by_gram if len(gram) != PREFIX_LENGTH)
        return re.compile(f"[{''.join(map(re.escape, singles))}]" if singles else "(?!)")

    def candidate_bits(self, text: str) -> int:
        """The bits of the patterns that may match ``text`` (a name's: ``bits``; ungated ones always may)."""
        pairs = self._pair_grams.intersection(self._pair_finder.findall(text))
        grams = [*pairs, *set(self._single_finder.findall(text))]
        supplied: int = reduce(or_, map(self._by_gram.__getitem__, grams), self._always_bits)
        passing = supplied & self._key_mask
        for offset, beyond in self._slots:
            passing &= supplied >> offset | beyond
        return passing

    def candidates(self, text: str) -> set[str]:
        """Names that may match ``text`` (the ungated ones always may)."""
        found = self.candidate_bits(text)
        return {name for name, bit in self.bits.items() if bit & found}
