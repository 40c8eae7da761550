"""Train the wording model (checker/rules/wording-model.json) from the team's own messages.

    make train            (scripts/dev.sh train [--check])

Reads every labelled message the team wrote (``tests/data/`` sets and ``training/*.jsonl``; never
the shared development set, which is for measuring only), reads each through the checker's own
compact view, and fits a logistic regression over character bigrams (AdaGrad, L2, classes
weighted equally, fixed seed and order: the same data gives the same file, byte for byte).

The engine holds the model's answer to one of two thresholds (``checker.api.wording_case``): a
lower one when the message has a part of a scam besides a claim, a higher one when it has none (the
wording alone has to say more); it is not asked at all where the rules found something, about a
warning, or where the message talks of a debt. Each threshold is chosen from out-of-fold
probabilities (five folds): the lowest at which the false alarms of its case stay within its budget
(``BUDGETS``, a share of the genuine messages the rules leave alone). ``--check`` retrains and
fails when the committed file differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.api import compact_view, rules_verdict, wording_case  # noqa: E402
from checker.models import Verdict  # noqa: E402
from checker.read.wording import feature_text, grams_of  # noqa: E402

MODEL = ROOT / "checker" / "rules" / "wording-model.json"
TEAM_SETS = ("tuning", "probes", "probes-r4", "probes-r5", "probes-r6", "probes-r7")
SIZES = (2,)
MIN_COUNT = 3  # an n-gram must occur in at least this many training messages
EPOCHS = 12
RATE = 0.2
L2 = 1e-4
SEED = 20261201
FOLDS = 5
# False alarms allowed, out of fold, as a share of the genuine messages the rules leave alone: for
# messages with a part of a scam besides a claim, and for messages with none (the wording alone).
# Doubled in session 14 (from 0.003 / 0.0015): on sets no rule or model had seen, scam lines caught rose
# 1.4-1.8 points (news-style s6, s9; openers s5) for 0.2-0.8 points more genuine lines marked 可疑 (g4-g8),
# the development set's genuine group unchanged; four times the budget put that group at 0.047, over 0.03.
BUDGETS = {"with_part": 0.006, "alone": 0.003}
MIN_WEIGHT = 0.15  # smaller weights are dropped from the shipped file
DIGITS = 3

# Mechanisms whose lines other than the ask are said by genuine senders too (a real collector threatens
# to sue, as a fake one does); of these only the ask (pay a person, off the app) is learned as a scam.
ASK_ONLY = frozenset({"fake_debt_collection", "fake_debt_collector"})


def _labelled(path: Path) -> list[tuple[str, int]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for row in rows:
        if "expected_verdict" in row:  # the corpus: a scam is anything the checker must flag
            out.append((row["text"], 0 if row["expected_verdict"] == Verdict.NO_KNOWN_SIGNALS.value else 1))
        elif row["label"] == "scam" and row.get("mechanism") in ASK_ONLY and row.get("stage") != "ask":
            continue  # a fake collector's threats are a real one's too: only the ask tells them apart
        else:
            out.append((row["text"], 1 if row["label"] == "scam" else 0))
    return out


def training_files() -> list[Path]:
    """Every file the model learns from, in a fixed order."""
    files = [ROOT / "tests" / "data" / f"{name}.jsonl" for name in TEAM_SETS]
    files.append(ROOT / "tests" / "data" / "corpus.jsonl")
    files += sorted((ROOT / "training").glob("*.jsonl"))
    return files


def data_hash(files: Sequence[Path]) -> str:
    """A hash of the training files and settings: the model records it, a test compares."""
    digest = hashlib.sha256(repr((SIZES, MIN_COUNT, EPOCHS, RATE, L2, SEED, FOLDS, BUDGETS)).encode())
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def fit(examples: Sequence[tuple[list[str], int]]) -> tuple[dict[str, float], float]:
    """Logistic regression by AdaGrad over binary n-gram features scaled by 1/sqrt(their number)
    (a long text does not pile up weight just by being long); classes weighted equally.

    Weights below MIN_WEIGHT are dropped (what ships), and every weight is rounded to DIGITS places.
    """
    positives = sum(y for _, y in examples)
    class_weight = {1: len(examples) / (2 * positives), 0: len(examples) / (2 * (len(examples) - positives))}
    weights: dict[str, float] = {}
    squares: dict[str, float] = {}
    bias, bias_square = 0.0, 0.0
    order = list(range(len(examples)))
    shuffle = random.Random(SEED).shuffle
    for _ in range(EPOCHS):
        shuffle(order)
        for i in order:
            grams, label = examples[i]
            scale = 1.0 / math.sqrt(len(grams)) if grams else 1.0
            z = bias + scale * math.fsum(weights.get(g, 0.0) for g in grams)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            gradient = (p - label) * class_weight[label]
            bias_square += gradient * gradient
            bias -= RATE * gradient / math.sqrt(bias_square + 1e-8)
            for g in grams:
                w = weights.get(g, 0.0)
                step = gradient * scale + L2 * w
                squares[g] = squares.get(g, 0.0) + step * step
                weights[g] = w - RATE * step / math.sqrt(squares[g] + 1e-8)
    return {g: round(w, DIGITS) for g, w in sorted(weights.items()) if abs(w) >= MIN_WEIGHT}, round(bias, DIGITS)


def probability(weights: dict[str, float], bias: float, grams: Sequence[str]) -> float:
    scale = 1.0 / math.sqrt(len(grams)) if grams else 1.0
    z = bias + scale * math.fsum(weights.get(g, 0.0) for g in grams)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def featurise(texts: Sequence[tuple[str, int]]) -> list[tuple[list[str], int]]:
    """Each message's sorted distinct n-grams (those seen in at least MIN_COUNT messages)."""
    grams = [grams_of(feature_text(compact_view(text).text), SIZES) for text, _ in texts]
    counts = Counter(g for gs in grams for g in gs)
    return [(sorted(g for g in gs if counts[g] >= MIN_COUNT), y) for gs, (_, y) in zip(grams, texts, strict=True)]


def choose_thresholds(
    texts: Sequence[tuple[str, int]], examples: Sequence[tuple[list[str], int]]
) -> tuple[dict[str, float], str]:
    """For each case the engine tells apart (``checker.api.wording_case``: the message has a part
    besides a claim, or none), the lowest threshold at which out-of-fold false alarms on the genuine
    messages the rules leave alone stay within that case's budget."""
    folds = [i % FOLDS for i in range(len(examples))]
    random.Random(SEED).shuffle(folds)
    out_of_fold = [0.0] * len(examples)
    for k in range(FOLDS):
        weights, bias = fit([e for e, f in zip(examples, folds, strict=True) if f != k])
        for i, f in enumerate(folds):
            if f == k:
                out_of_fold[i] = probability(weights, bias, examples[i][0])
    clean = [rules_verdict(text) is Verdict.NO_KNOWN_SIGNALS for text, _ in texts]
    cases = [wording_case(text) if c else None for c, (text, _) in zip(clean, texts, strict=True)]
    left_alone = sum(c and y == 0 for c, (_, y) in zip(clean, texts, strict=True))
    missed = sum(c and y == 1 for c, (_, y) in zip(clean, texts, strict=True))
    thresholds: dict[str, float] = {}
    lines = []
    for case, budget in BUDGETS.items():
        scored = [(p, y) for p, c, (_, y) in zip(out_of_fold, cases, texts, strict=True) if c == case]
        genuine = sorted(p for p, y in scored if y == 0)
        allowed = math.floor(budget * left_alone)
        threshold = round(genuine[-allowed - 1] + 10**-DIGITS, DIGITS) if len(genuine) > allowed else 0.5
        thresholds[case] = threshold
        caught = sum(p >= threshold for p, y in scored if y == 1)
        flagged = sum(p >= threshold for p, y in scored if y == 0)
        lines.append(f"{case}: threshold {threshold}, {caught} scams caught, {flagged} genuine flagged")
    summary = f"out of fold, of {missed} scams and {left_alone} genuine messages the rules leave alone: " + "; ".join(
        lines
    )
    return thresholds, summary


def train() -> tuple[str, str]:
    """The model file's text and a one-line summary."""
    files = training_files()
    texts = [t for path in files for t in _labelled(path)]
    examples = featurise(texts)
    thresholds, summary = choose_thresholds(texts, examples)
    kept, bias = fit(examples)
    labels = Counter("scam" if y else "legit" for _, y in texts)
    model = {
        "sizes": list(SIZES),
        "bias": bias,
        "threshold": thresholds["with_part"],
        "threshold_alone": thresholds["alone"],
        "trained_on": dict(sorted(labels.items())),
        "data_hash": data_hash(files),
        "weights": kept,
    }
    text = json.dumps(model, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"
    return text, f"{summary}; {len(kept)} weights; {labels['scam']} scam, {labels['legit']} legit"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="fail if the committed model differs from a retrain")
    args = parser.parse_args()
    text, summary = train()
    print(summary)
    if args.check:
        same = MODEL.exists() and MODEL.read_text(encoding="utf-8") == text
        print("model up to date" if same else f"{MODEL.relative_to(ROOT)} differs from a retrain")
        return 0 if same else 1
    MODEL.write_text(text, encoding="utf-8")
    print(f"wrote {MODEL.relative_to(ROOT)} ({len(text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
