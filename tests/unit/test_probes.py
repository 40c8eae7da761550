"""Probe messages written by helper sessions from the facts file (tests/data/probes.jsonl, see PROBES.md).

Every scam probe is flagged and every genuine probe comes out with no known signals, except the few
rows whose ``known_gap`` says why the checker answers otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from checker import check

PROBES = Path(__file__).resolve().parent.parent / "data" / "probes.jsonl"
ROWS: list[dict[str, Any]] = [json.loads(line) for line in PROBES.read_text(encoding="utf-8").splitlines() if line]
CHECKED = [row for row in ROWS if "known_gap" not in row]


def test_probe_ids_are_unique_and_labels_known() -> None:
    assert len({row["id"] for row in ROWS}) == len(ROWS)
    assert {row["label"] for row in ROWS} == {"scam", "genuine"}


@pytest.mark.parametrize("row", CHECKED, ids=[row["id"] for row in CHECKED])
def test_probe(row: dict[str, Any]) -> None:
    verdict = check(row["text"], row.get("sender")).verdict.value
    if row["label"] == "scam":
        assert verdict != "no_known_signals", row["note"]
    else:
        assert verdict == "no_known_signals", row["note"]
