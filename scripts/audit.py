"""`make audit`: build the site, serve it gzipped, run Lighthouse (mobile) on every page, print one table.

The same run as the CI gate (tests/audit/test_lighthouse.py). Exit status 1 when a page scores below 100
in accessibility, best practices or SEO.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.audit.lighthouse import GATED, format_table, run_pages, site_pages  # noqa: E402
from tests.browser.static_server import serve  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, help="an existing build to audit instead of building one")
    parser.add_argument("--workers", type=int, default=2, help="Lighthouse runs at a time (default 2)")
    parser.add_argument("pages", nargs="*", help="site-relative pages (default: every built page)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="audit-site-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp)
            subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
                cwd=ROOT,
                check=True,
            )
        pages = args.pages or site_pages(site)
        with serve(site, use_gzip=True) as url:
            results = run_pages(url, pages, workers=args.workers)
    print(format_table(results))
    failed = [r for r in results if r.error or any(r.scores.get(name) != 100 for name in GATED)]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
