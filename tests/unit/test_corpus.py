"""The team-written corpus (tests/data/corpus.jsonl): every row gets its expected verdict and rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from checker import check

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus.jsonl"
ROWS: list[dict[str, Any]] = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]


def test_corpus_covers_every_verdict_and_kind_of_message() -> None:
    verdicts = {row["expected_verdict"] for row in ROWS}
    assert verdicts == {"high_risk", "suspicious", "no_known_signals"}
    prefixes = {row["id"].split("-")[0] for row in ROWS}
    assert {"scam", "genuine", "conduct", "notice", "edge"} <= prefixes


def test_corpus_ids_are_unique() -> None:
    """Tests and the Pyodide parity run key their results by id: a repeated id hides a row."""
    ids = [row["id"] for row in ROWS]
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_corpus_row(row: dict[str, Any]) -> None:
    report = check(row["text"], row.get("sender"), row.get("received_at"))
    fired = {f.rule_id for f in report.findings}
    conduct = {f.rule_id for f in report.conduct_findings}
    assert report.verdict.value == row["expected_verdict"], row["note"]
    assert set(row["expected_rules"]) <= fired
    assert set(row["expected_conduct"]) <= conduct
    for finding in (*report.findings, *report.conduct_findings):
        for e in finding.evidence:
            source = {"text": row["text"], "sender": row.get("sender"), "received_at": row.get("received_at")}[e.field]
            assert source is not None and source[e.start : e.end] == e.text
