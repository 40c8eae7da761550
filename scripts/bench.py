"""CPython benchmark: batch throughput on one core (start-up excluded) and worst-case latency at the cap.

Run with `make bench`. A report, not a test: it prints figures and exits 0. Throughput is measured on
the repo's corpus and, on a development machine that has it, on `../shared/data/dev-set.jsonl` too.
The checker is standard library only, so any Python >= 3.11 can run this file directly
(`python3 scripts/bench.py`); figures depend on how that interpreter was built (PGO or not).
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker import MAX_TEXT_LENGTH, check  # noqa: E402
from checker.api import warm_up  # noqa: E402
from checker.bridge import check_json  # noqa: E402

THROUGHPUT_TARGET = 20_000


DEV_SET = ROOT.parent / "shared" / "data" / "dev-set.jsonl"
EVAL_TOOLS = ROOT.parent / "shared" / "tools"


def corpus() -> list[dict[str, str]]:
    lines = (ROOT / "tests" / "data" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


def dev_set_texts() -> list[str]:
    """The development set's messages as the eval tool feeds them (empty when the set is not here)."""
    if not DEV_SET.exists():
        return []
    sys.path.insert(0, str(EVAL_TOOLS))
    from eval_checker import reconstruct  # type: ignore[import-not-found]

    rows = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line]
    texts = (reconstruct(row, index)[:MAX_TEXT_LENGTH] for index, row in enumerate(rows))
    return [text for text in texts if text.strip()]


def throughput(texts: list[str], senders: list[str | None], received: list[str | None]) -> float:
    """Messages per second through check_json, over about 20,000 messages."""
    repeat = max(1, 20_000 // len(texts))
    start = time.perf_counter()
    for _ in range(repeat):
        for text, sender, received_at in zip(texts, senders, received, strict=True):
            check_json(text, sender, received_at)
    return repeat * len(texts) / (time.perf_counter() - start)


def adversarial() -> dict[str, str]:
    cap = MAX_TEXT_LENGTH
    cases = {
        "one repeated keyword character": "验" * cap,
        "spaced-out h t t p": "h t t p " * (cap // 8),
        "dotted labels a.a.a.": "a." * (cap // 2),
        "keyword and filler runs": ("注销" + "一" * 20) * (cap // 22),
        "broken www runs": ("w-w-w." + "x-" * 30) * (cap // 66),
        "one long number": "1" * cap,
        "masked addresses **.**. and ****": "**." * (cap // 3) + "*" * cap,
        "hidden links and numbers to call": ("点击" + "*" * 10 + " 联系0571" + "*" * 5 + "，") * (cap // 22),
        "repeated rule keyword": "积分" * (cap // 2),
        "commas only": "，" * cap,
        "scam words without end": ("安全账户验证码转账" * cap)[:cap],
        "mixed corpus text": "".join(row["text"] for row in corpus())[:cap],
    }
    return {name: text[:cap] for name, text in cases.items()}


def unseen_characters() -> str:
    """Characters the fold table has not learned yet (it learns each one on first sight), starting with
    every one whose normalised form is longer than one character (ligatures, ㈠, squared words)."""
    irregular = [chr(c) for c in range(0xA0, 0x30000) if len(unicodedata.normalize("NFKC", chr(c))) > 1]
    plain = [chr(c) for c in range(0x4E00, 0x9FFF)]
    return "".join((irregular + plain)[:MAX_TEXT_LENGTH])


def main() -> int:
    rows = corpus()
    print(f"interpreter: {platform.python_implementation()} {platform.python_version()} ({sys.executable})")
    warm_up()  # compiles what loading leaves for first use, as the browser worker does after start-up
    check("预热")
    rate = throughput([r["text"] for r in rows], [r.get("sender") for r in rows], [r.get("received_at") for r in rows])
    print(
        f"throughput: {rate:,.0f} messages/s on one core (the corpus via check_json, {len(rows)} messages, "
        f"mean length {statistics.mean(len(r['text']) for r in rows):.0f} chars; target ≥ {THROUGHPUT_TARGET:,})"
    )
    dev = dev_set_texts()
    if dev:
        rate = throughput(dev, [None] * len(dev), [None] * len(dev))
        print(f"            {rate:,.0f} messages/s on the development set ({len(dev)} real messages, not in this repo)")

    print(f"worst case at the cap ({MAX_TEXT_LENGTH} characters), best of 3 runs:")
    worst = 0.0
    for name, text in adversarial().items():
        best = min(_timed(text) for _ in range(3))
        worst = max(worst, best)
        print(f"  {best * 1000:7.1f} ms  {name}")
    first_sight = _timed(unseen_characters())
    print(f"  {first_sight * 1000:7.1f} ms  characters never seen before, many with multi-character folds (first run)")
    worst = max(worst, first_sight)
    print(f"worst-case latency: {worst * 1000:.1f} ms")
    return 0


def _timed(text: str) -> float:
    start = time.perf_counter()
    check(text)
    return time.perf_counter() - start


if __name__ == "__main__":
    raise SystemExit(main())
