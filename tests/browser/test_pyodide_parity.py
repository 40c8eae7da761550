"""The built wheel under Pyodide (Node, no browser) answers exactly like CPython, over the whole corpus
and the probe set, on the site's own trimmed, precompiled standard library."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import ROOT, reference_json

pytestmark = pytest.mark.pyodide

RUNNER = Path(__file__).with_name("run_corpus.mjs")
PYODIDE = ROOT / "node_modules" / "pyodide"
PROBES = ROOT / "tests" / "data" / "probes.jsonl"


def run_in_pyodide(site: Path, cases: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """One Node process for all cases; returns id -> {"json": str} | {"exception": str}."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node not found (Node 20+ is needed for the Pyodide tier)")
    stdin = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases)
    proc = subprocess.run(
        [node, str(RUNNER), str(site), str(PYODIDE)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return {row["id"]: row for row in rows}


def test_corpus_and_probe_parity_with_cpython(site_dir: Path, corpus: list[dict[str, Any]]) -> None:
    extra = [
        {"id": "edge-empty", "text": ""},
        {"id": "edge-blank", "text": " \n\t "},
        {"id": "edge-too-long", "text": "逾" * 5001},
        {"id": "edge-emoji", "text": "😀【拍拍贷】😀点击 http://ppd-help.top 处理逾期 𠀀"},
    ]
    probes = [json.loads(line) for line in PROBES.read_text(encoding="utf-8").splitlines() if line.strip()]
    cases = [
        {k: c[k] for k in ("id", "text", "sender", "received_at") if c.get(k) is not None} for c in corpus + probes
    ] + extra
    results = run_in_pyodide(site_dir, cases)
    assert len(results) == len(cases)
    mismatches = []
    for case in cases:
        got = results[case["id"]]
        expected = reference_json(case["text"], case.get("sender"), case.get("received_at"))
        if "exception" in got or json.loads(got["json"]) != json.loads(expected):
            mismatches.append((case["id"], got.get("exception") or got["json"][:300], expected[:300]))
    assert not mismatches, f"{len(mismatches)} of {len(cases)} differ; first: {mismatches[:3]}"
