"""The built wheel under Pyodide (Node, no browser) answers exactly like CPython, over the whole corpus
and the probe set, on the site's own trimmed, precompiled standard library."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import ROOT, parity_cases, parity_mismatches

pytestmark = pytest.mark.pyodide

RUNNER = Path(__file__).with_name("run_corpus.mjs")
PYODIDE = ROOT / "node_modules" / "pyodide"


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
    cases = parity_cases(corpus)
    results = run_in_pyodide(site_dir, cases)
    assert len(results) == len(cases)
    mismatches = parity_mismatches(cases, results)
    assert not mismatches, f"{len(mismatches)} of {len(cases)} differ; first: {mismatches[:3]}"
