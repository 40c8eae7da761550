"""Fixtures for the audits: the built site served gzipped (as a static host would), Lighthouse once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.audit.lighthouse import LIGHTHOUSE, PageAudit, format_table, run_pages, site_pages
from tests.browser.conftest import browser  # noqa: F401 - re-exported fixture: one Chromium per module
from tests.browser.static_server import serve

_results: list[PageAudit] = []


@pytest.fixture(scope="session")
def audit_site_url(built_site: Path) -> Iterator[str]:
    """The built site with gzip on, as deployed: compressed bytes are what a reader downloads."""
    with serve(built_site, use_gzip=True) as url:
        yield url


@pytest.fixture(scope="session")
def audit_pages(built_site: Path) -> list[str]:
    return site_pages(built_site)


@pytest.fixture(scope="session")
def lighthouse_results(audit_site_url: str, audit_pages: list[str]) -> dict[str, PageAudit]:
    """Lighthouse on every built page, two at a time (the machine has two cores)."""
    if not LIGHTHOUSE.is_file():
        pytest.fail(f"Lighthouse is not installed ({LIGHTHOUSE}); scripts/dev.sh setup runs npm ci")
    results = run_pages(audit_site_url, audit_pages, workers=2)
    _results[:] = results
    return {r.page: r for r in results}


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the audit table at the end of the run (when Lighthouse ran)."""
    if _results:
        terminalreporter.section("Lighthouse (mobile)")
        terminalreporter.write_line(format_table(_results))
