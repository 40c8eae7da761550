"""Lighthouse (npm, pinned 12.2.3) on built pages: scores, failing audits and first-load bytes.

Runs the CLI from ``node_modules`` against Debian Chromium (``CHROME_PATH``), mobile preset (the CLI
default: simulated slow 4G and a 4x CPU slowdown), a few pages at a time. Used by the CI gate
(tests/audit/test_lighthouse.py) and by ``make audit`` (scripts/audit.py), which print the same table.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GATED = ("accessibility", "best-practices", "seo")  # must be 100 on every page
# Performance is reported against a target, not gated: it depends on the machine's load.
PERFORMANCE_TARGET = {"check/": 90}
PERFORMANCE_TARGET_DEFAULT = 95
# The checker's runtime (Pyodide and the wheel) loads after the page, when the reader is about to
# check a message; it is measured by `make bench-browser`, not counted as the page's first load.
RUNTIME_PREFIX = "/assets/checker/"
CHROME_FLAGS = " ".join(["--headless=new", *CHROMIUM_ARGS])
PAGE_TIMEOUT_S = 180


@dataclass
class PageAudit:
    """One page's Lighthouse result."""

    page: str  # site-relative URL: "" for the home page, "check/", "404.html"
    scores: dict[str, int] = field(default_factory=dict)  # category -> 0..100
    failures: dict[str, list[str]] = field(default_factory=dict)  # category -> failing audit ids
    page_bytes: int = 0  # transfer bytes of the first load, checker runtime excluded
    runtime_bytes: int = 0  # transfer bytes of the checker runtime, when the page loaded it
    error: str = ""

    @property
    def label(self) -> str:
        return "/" + self.page

    @property
    def performance_target(self) -> int:
        return PERFORMANCE_TARGET.get(self.page, PERFORMANCE_TARGET_DEFAULT)


def parse_report(page: str, report: dict[str, Any]) -> PageAudit:
    """Scores (0-100), the weighted audits that did not pass, and bytes from a Lighthouse JSON report."""
    result = PageAudit(page)
    if report.get("runtimeError"):
        result.error = str(report["runtimeError"].get("message", report["runtimeError"]))
    audits = report["audits"]
    for name in CATEGORIES:
        category = report["categories"][name]
        score = category["score"]
        result.scores[name] = -1 if score is None else round(score * 100)
        result.failures[name] = [
            ref["id"]
            for ref in category["auditRefs"]
            if ref["weight"] > 0 and audits[ref["id"]].get("score") is not None and audits[ref["id"]]["score"] < 1
        ]
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    for item in requests:
        size = int(item.get("transferSize") or 0)
        path = "/" + item["url"].split("://", 1)[-1].split("/", 1)[-1]
        if path.startswith(RUNTIME_PREFIX):
            result.runtime_bytes += size
        else:
            result.page_bytes += size
    return result


def run_page(base_url: str, page: str) -> PageAudit:
    """Run Lighthouse on one page (its own Chromium) and parse the JSON report."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        out = Path(tmp) / "report.json"
        command = [
            "node",
            str(LIGHTHOUSE),
            base_url + page,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            "--only-categories=" + ",".join(CATEGORIES),
            f"--chrome-flags={CHROME_FLAGS}",
        ]
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        try:
            proc = subprocess.run(
                command, env=env, capture_output=True, text=True, timeout=PAGE_TIMEOUT_S, check=False, cwd=tmp
            )
        except subprocess.TimeoutExpired:
            return PageAudit(page, error=f"Lighthouse timed out after {PAGE_TIMEOUT_S} s")
        if proc.returncode != 0 or not out.is_file():
            return PageAudit(page, error=f"Lighthouse exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
        return parse_report(page, json.loads(out.read_text(encoding="utf-8")))


def run_pages(base_url: str, pages: Iterable[str], workers: int = 2) -> list[PageAudit]:
    """Lighthouse on each page, ``workers`` at a time; results in the order of ``pages``."""
    pages = list(pages)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda page: run_page(base_url, page), pages))


def site_pages(site: Path) -> list[str]:
    """Every built page: each ``index.html`` outside ``assets/`` (as ``""``, ``"verify/"``), and ``404.html``."""
    pages = []
    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site)
        if rel.parts[0] in {"assets", "search"}:
            continue
        pages.append("" if rel.parent == Path() else rel.parent.as_posix() + "/")
    if (site / "404.html").is_file():
        pages.append("404.html")
    return pages


def format_table(results: list[PageAudit]) -> str:
    """One table: page, the four scores, first-load bytes; then what missed a gate or a target."""
    header = ("page", "perf", "a11y", "best-pr.", "seo", "bytes")
    rows = [
        (
            r.label,
            *(str(r.scores.get(name, "-")) for name in CATEGORIES),
            f"{r.page_bytes / 1024:.1f} KB",
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    line = lambda row: "  ".join(  # noqa: E731 - a local formatter
        cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)
    )
    out = [line(header), line(tuple("-" * w for w in widths)), *(line(row) for row in rows)]
    notes = []
    for r in results:
        if r.error:
            notes.append(f"{r.label}: {r.error}")
        for name in GATED:
            if r.scores.get(name, 0) < 100:
                failing = ", ".join(r.failures.get(name, []))
                notes.append(f"{r.label}: {name} {r.scores.get(name)} (gate 100): {failing}")
        if r.scores.get("performance", 0) < r.performance_target:
            failing = ", ".join(r.failures.get("performance", []))
            score = r.scores.get("performance")
            notes.append(f"{r.label}: performance {score} below target {r.performance_target} ({failing})")
        if r.runtime_bytes:
            notes.append(f"{r.label}: plus {r.runtime_bytes / 1024:.0f} KB checker runtime loaded after the page")
    out += ["", "bytes: compressed transfer of the first load (HTML, CSS, JS, search index, images)."]
    out += notes
    return "\n".join(out)
