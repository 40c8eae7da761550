"""Shared fixtures: the built site (one strict build per test session)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def mkdocs_build(root: Path, site_dir: Path) -> None:
    """``mkdocs build --strict`` of the repository at ``root`` into ``site_dir``; fails the test on error."""
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr[-3000:]}")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the site once with ``mkdocs build --strict`` and return the output folder."""
    out = tmp_path_factory.mktemp("site")
    mkdocs_build(ROOT, out)
    return out
