"""Fixtures for the browser tier: the corpus, CPython reference answers, a local server, Chromium."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.static_server import serve

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "corpus.jsonl"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def load_corpus() -> list[dict[str, Any]]:
    if not CORPUS.is_file():
        pytest.fail(f"fixture corpus missing: {CORPUS}")
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def reference_json(text: str, sender: str | None = None, received_at: str | None = None) -> str:
    """CPython's answer, called exactly as the worker calls the bridge (received_at only when given)."""
    from checker.bridge import check_json

    if received_at:
        return check_json(text, sender or None, received_at=received_at)
    return check_json(text, sender or None)


# In a /check/ page: resolves to true once the worker has stored this build's memory snapshot (or at once
# for a build without one), false after 30 s.
SNAPSHOT_STORED = """
async () => {
  const config = JSON.parse(document.getElementById("__checker").textContent);
  if (!config.snapshotCache) return true;
  for (let i = 0; i < 300; i++) {
    const cache = await caches.open(config.snapshotCache);
    const stored = await cache.match(new URL(config.lockFileURL.replace(/[^/]*$/, "memory-snapshot"), location.href));
    if (stored && stored.headers.get("x-snapshot-sha256")) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
"""

PROBES = ROOT / "tests" / "data" / "probes.jsonl"
EDGE_CASES = [
    {"id": "edge-empty", "text": ""},
    {"id": "edge-blank", "text": " \n\t "},
    {"id": "edge-too-long", "text": "逾" * 5001},
    {"id": "edge-emoji", "text": "😀【拍拍贷】😀点击 http://ppd-help.top 处理逾期 𠀀"},
]


def parity_cases(corpus: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The corpus, the probe set and the input edge cases, as {"id", "text", "sender"?, "received_at"?}."""
    probes = [json.loads(line) for line in PROBES.read_text(encoding="utf-8").splitlines() if line.strip()]
    fields = ("id", "text", "sender", "received_at")
    return [{k: c[k] for k in fields if c.get(k) is not None} for c in corpus + probes] + EDGE_CASES


def parity_mismatches(cases: list[dict[str, Any]], answers: dict[str, dict[str, str]]) -> list[tuple[str, str, str]]:
    """Cases whose answer ({"json": str} or {"exception": str}, by id) differs from CPython's."""
    mismatches = []
    for case in cases:
        got = answers[case["id"]]
        expected = reference_json(case["text"], case.get("sender"), case.get("received_at"))
        if "exception" in got or json.loads(got["json"]) != json.loads(expected):
            mismatches.append((case["id"], got.get("exception") or got["json"][:300], expected[:300]))
    return mismatches


@pytest.fixture(scope="session")
def corpus() -> list[dict[str, Any]]:
    return load_corpus()


@pytest.fixture(scope="session")
def site_dir(request: pytest.FixtureRequest) -> Path:
    """The shared ``built_site`` build; ``CHECKER_SITE_DIR=/path`` reuses an existing build instead."""
    prebuilt = os.environ.get("CHECKER_SITE_DIR")
    if prebuilt:
        return Path(prebuilt)
    site: Path = request.getfixturevalue("built_site")
    return site


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """The built site on 127.0.0.1 at a free port."""
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium per test module (Pyodide cold starts cost seconds)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM} (scripts/dev.sh setup installs it)")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
