"""CPython benchmark: batch throughput on one core (start-up excluded) and worst-case latency at the cap.

Run with `make bench`. A report, not a test: it prints figures and exits 0.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker import MAX_TEXT_LENGTH, check  # noqa: E402
from checker.bridge import check_json  # noqa: E402

THROUGHPUT_TARGET = 20_000


def corpus() -> list[dict[str, str]]:
    lines = (ROOT / "tests" / "data" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


def adversarial() -> dict[str, str]:
    cap = MAX_TEXT_LENGTH
    cases = {
        "one repeated keyword character": "验" * cap,
        "spaced-out h t t p": "h t t p " * (cap // 8),
        "dotted labels a.a.a.": "a." * (cap // 2),
        "keyword and filler runs": ("注销" + "一" * 20) * (cap // 22),
        "broken www runs": ("w-w-w." + "x-" * 30) * (cap // 66),
        "one long number": "1" * cap,
        "repeated rule keyword": "积分" * (cap // 2),
        "commas only": "，" * cap,
        "scam words without end": ("安全账户验证码转账" * cap)[:cap],
        "mixed corpus text": "".join(row["text"] for row in corpus())[:cap],
    }
    return {name: text[:cap] for name, text in cases.items()}


def main() -> int:
    rows = corpus()
    check("预热")  # rule data is loaded at import; this warms the regex caches
    batch = rows * max(1, 20_000 // len(rows))
    start = time.perf_counter()
    for row in batch:
        check_json(row["text"], row.get("sender"), row.get("received_at"))
    elapsed = time.perf_counter() - start
    rate = len(batch) / elapsed
    print(
        f"throughput: {rate:,.0f} messages/s on one core ({len(batch)} corpus messages via check_json, "
        f"mean length {statistics.mean(len(r['text']) for r in rows):.0f} chars; target ≥ {THROUGHPUT_TARGET:,})"
    )

    print(f"worst case at the cap ({MAX_TEXT_LENGTH} characters), best of 3 runs:")
    worst = 0.0
    for name, text in adversarial().items():
        best = min(_timed(text) for _ in range(3))
        worst = max(worst, best)
        print(f"  {best * 1000:7.1f} ms  {name}")
    print(f"worst-case latency: {worst * 1000:.1f} ms")
    return 0


def _timed(text: str) -> float:
    start = time.perf_counter()
    check(text)
    return time.perf_counter() - start


if __name__ == "__main__":
    raise SystemExit(main())
