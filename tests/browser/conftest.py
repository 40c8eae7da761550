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
