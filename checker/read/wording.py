"""How much a message's wording resembles scam scripts: a small logistic model over character n-grams.

The named rules and the parts judge how a scam works; many scammers' lines (an impersonated boss's
opener, an investment "teacher's" pitch) carry one part or none and slip past them. This reading
catches some of those from their wording alone. It is trained by ``scripts/train_wording.py`` on
the team's own messages (``tests/data/``, ``training/``), never on the development set, and its
model ships as ``checker/rules/wording-model.json``: a bias and one weight per character n-gram.

Features are the distinct n-grams of the compact view with every run of digits written "0" and
every run of Latin letters "a" (so a number or handle counts as "a number", not as itself), each
worth 1/sqrt(their number), so that a long text does not pile up weight just by being long.
What the model says is shown as evidence: the clauses of the message whose n-grams pushed the
score up most, never a bare number.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from checker.models import slot_init
from checker.normalize.text import SENTENCE_BREAK, View

_RUNS = re.compile(r"[0-9]+|[a-z]+")
MAX_QUOTE = 24  # characters of the compact view a quoted clause is narrowed to


def _run_mark(match: re.Match[str]) -> str:
    return "0" if match.group().isdigit() else "a"


def feature_text(compact: str) -> str:
    """The compact view as the model reads it: digit runs become "0", Latin letter runs "a"."""
    return _RUNS.sub(_run_mark, compact)


def feature_origin(compact: str) -> list[int]:
    """For each character of ``feature_text(compact)``, its index in ``compact``."""
    origin: list[int] = []
    at = 0
    for match in _RUNS.finditer(compact):
        origin.extend(range(at, match.start()))
        origin.append(match.start())
        at = match.end()
    origin.extend(range(at, len(compact)))
    return origin


def grams_of(text: str, sizes: tuple[int, ...]) -> set[str]:
    """The distinct n-grams of ``text`` for each size in ``sizes``."""
    return {text[i : i + n] for n in sizes for i in range(len(text) - n + 1)}


@slot_init
@dataclass(frozen=True, slots=True)
class WordingModel:
    """A trained model: the bias, one weight per n-gram, and the probability that counts as a signal."""

    sizes: tuple[int, ...]
    bias: float
    threshold: float  # with a part of a scam besides a claim (a pretext, an ask, a destination, pressure)
    threshold_alone: float  # with none: the wording alone has to say more
    weights: Mapping[str, float]
    trained_on: Mapping[str, int]  # messages per label it was trained on (shown on /check/rules/)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> WordingModel:
        return cls(
            sizes=tuple(int(n) for n in data["sizes"]),
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            threshold_alone=float(data["threshold_alone"]),
            weights={str(g): float(w) for g, w in data["weights"].items()},
            trained_on={str(k): int(v) for k, v in data["trained_on"].items()},
        )

    def probability(self, text: str) -> float:
        """How likely the model thinks a feature text is a scam script (0–1).

        ``math.fsum`` is exact, so the result does not depend on the order a set yields its n-grams
        (which differs between processes): CPython and the browser give the same answer.
        """
        grams = grams_of(text, self.sizes)
        if not grams:
            return 1.0 / (1.0 + math.exp(-self.bias))
        get = self.weights.get
        z = self.bias + math.fsum(get(g, 0.0) for g in grams) / math.sqrt(len(grams))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def probability_of(compact: View, model: WordingModel) -> float:
    """How likely the model thinks the message (its compact view) is a scam script."""
    return model.probability(feature_text(compact.text))


def strongest_clauses(compact: View, model: WordingModel, max_spans: int = 2) -> tuple[tuple[int, int], ...]:
    """The clauses (between commas and sentence ends) that pushed the score up most, as compact-view
    spans, in reading order; a long clause is narrowed to its strongest stretch of MAX_QUOTE."""
    text = feature_text(compact.text)
    origin = feature_origin(compact.text)
    push_at = [0.0] * (len(compact.text) + 1)
    for value, at in zip(_push(text, model), origin, strict=True):
        push_at[at] += value
    cuts = sorted({0, len(compact.text), *compact.clause_starts, *_breaks(compact.text)})
    clauses = []
    for start, end in pairwise(cuts):
        while start < end and compact.text[start] == SENTENCE_BREAK:
            start += 1
        while end > start and compact.text[end - 1] == SENTENCE_BREAK:
            end -= 1
        if start < end:
            clauses.append(_narrowed(push_at, start, end))
    best = sorted(clauses, key=lambda c: -c[0])[:max_spans]
    return tuple(sorted((s, e) for score, s, e in best if score > 0))


def _push(text: str, model: WordingModel) -> list[float]:
    """How much each character of the feature text pushed the score up: every distinct n-gram with a
    positive weight spreads it over the characters of its first occurrence (the model counts it once)."""
    push = [0.0] * len(text)
    seen: set[str] = set()
    for n in model.sizes:
        for i in range(len(text) - n + 1):
            gram = text[i : i + n]
            weight = model.weights.get(gram, 0.0)
            if weight > 0 and gram not in seen:
                seen.add(gram)
                for j in range(i, i + n):
                    push[j] += weight / n
    return push


def _breaks(text: str) -> list[int]:
    return [i + 1 for i, char in enumerate(text) if char == SENTENCE_BREAK]


def _narrowed(push_at: list[float], start: int, end: int) -> tuple[float, int, int]:
    """(push, start, end) of the clause, or of its strongest MAX_QUOTE-character window if longer."""
    if end - start <= MAX_QUOTE:
        return sum(push_at[start:end]), start, end
    window = sum(push_at[start : start + MAX_QUOTE])
    best_score, best_at = window, start
    for i in range(start + 1, end - MAX_QUOTE + 1):
        window += push_at[i + MAX_QUOTE - 1] - push_at[i - 1]
        if window > best_score:
            best_score, best_at = window, i
    return best_score, best_at, best_at + MAX_QUOTE
