"""The team's own larger message sets, measured as a whole (see tests/data/SETS.md).

`tuning.jsonl` is what the rules in parts.toml were tuned on; `probes-r4.jsonl`, `probes-r5.jsonl`
and `probes-r6.jsonl` were written blind (their authors saw neither the engine nor the other sets)
and measured before any change for them.
Rows are not expected one by one (some are bare openers with no mechanism): these tests hold the
floors the sets reached, so that a change that gives them up fails.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from checker import check

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line]


def _rates(rows: list[dict[str, Any]]) -> tuple[float, float]:
    """(share of scams flagged, share of genuine messages flagged)."""
    verdicts = [(row["label"], check(row["text"], row.get("sender")).verdict.value) for row in rows]
    scams = [v for label, v in verdicts if label == "scam"]
    genuine = [v for label, v in verdicts if label == "legit"]
    return (
        sum(v != "no_known_signals" for v in scams) / len(scams),
        sum(v != "no_known_signals" for v in genuine) / len(genuine),
    )


@pytest.mark.parametrize(
    ("name", "subset", "scam_floor", "genuine_ceiling"),
    [
        ("tuning.jsonl", "sms", 0.92, 0.03),
        ("tuning.jsonl", "news-style", 0.82, 0.01),
        ("probes-r4.jsonl", "sms", 0.93, 0.02),
        ("probes-r4.jsonl", "news-style", 0.90, 0.04),
        ("probes-r5.jsonl", "sms", 0.97, 0.01),
        ("probes-r5.jsonl", "news-style", 0.73, 0.04),
        ("probes-r6.jsonl", "news-style", 0.83, 0.02),
    ],
)
def test_set_keeps_its_floors(name: str, subset: str, scam_floor: float, genuine_ceiling: float) -> None:
    flagged, false_alarms = _rates([row for row in _rows(name) if row["set"] == subset])
    assert flagged >= scam_floor
    assert false_alarms <= genuine_ceiling


def test_sets_have_unique_ids_and_known_labels() -> None:
    for name in ("tuning.jsonl", "probes-r4.jsonl", "probes-r5.jsonl", "probes-r6.jsonl", "probes-r7.jsonl"):
        rows = _rows(name)
        assert len({row["id"] for row in rows}) == len(rows)
        assert {row["label"] for row in rows} <= {"scam", "legit"}


def test_genuine_set_r7_stays_quiet() -> None:
    """probes-r7 holds only genuine messages that use scammers' words (fees on a bill, a failed payout,
    margin calls, auto-renewals, claims paid): at most one in a hundred may be flagged, none high risk."""
    verdicts = [check(row["text"], row.get("sender")).verdict.value for row in _rows("probes-r7.jsonl")]
    assert all(v != "high_risk" for v in verdicts)
    assert sum(v != "no_known_signals" for v in verdicts) / len(verdicts) <= 0.01
