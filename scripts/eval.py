"""Measure the checker on the development set and write the figures the site publishes.

    scripts/dev.sh eval [--show-misses N] [--no-write]

Runs ``../shared/tools/eval_checker.py`` (the owners' measuring tool) on ``../shared/data/dev-set.jsonl``
and prints its table, every group separately. It then measures the two fixed halves of the set
again (``split-v1``: by a hash of each message's text), because rules are written while looking at
the "tune" half only and the "blind" half shows how well they carry over to wording nobody tuned
them to. Finally it writes ``docs/accuracy.json`` (figures only, never a message), which the build
renders into /about/#accuracy.

The development set is not in this repository; without it the script says so and writes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEV_SET = ROOT.parent / "shared" / "data" / "dev-set.jsonl"
EVAL_TOOL = ROOT.parent / "shared" / "tools" / "eval_checker.py"
SUMMARY = ROOT / "docs" / "accuracy.json"
SPLIT = "split-v1"


def half_of(text: str) -> str:
    """The fixed half a message belongs to: "tune" (may be read while writing rules) or "blind"."""
    return "tune" if hashlib.sha256(f"{SPLIT}:{text}".encode()).digest()[0] % 2 == 0 else "blind"


def run_tool(dataset: Path, extra: list[str]) -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
    """The tool's printed output, its closing JSON summary, and its table rows."""
    proc = subprocess.run(
        [sys.executable, str(EVAL_TOOL), str(dataset), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = proc.stdout.splitlines()
    summary = json.loads(lines[-1])
    groups = []
    for line in lines:
        parts = line.split()
        if len(parts) >= 5 and parts[0] in ("scam", "legit", "spam"):  # label, group..., n, high_risk, flagged
            label, group = parts[0], " ".join(parts[1:-3])
            groups.append(
                {
                    "label": label,
                    "group": group,
                    "n": int(parts[-3]),
                    "high_risk": float(parts[-2]),
                    "flagged": float(parts[-1]),
                }
            )
    return proc.stdout, summary, groups


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show-misses", type=int, default=0, help="print up to N misses of the tune half only")
    parser.add_argument("--no-write", action="store_true", help=f"do not rewrite {SUMMARY.relative_to(ROOT)}")
    args = parser.parse_args()
    if not DEV_SET.exists() or not EVAL_TOOL.exists():
        print(f"跳过：没有找到 {DEV_SET}（评估集只在开发机上提供）。")
        return 0

    output, summary, groups = run_tool(DEV_SET, [])
    print(output, end="")
    rows = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    halves: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for half in ("tune", "blind"):
            path = Path(tmp) / f"{half}.jsonl"
            chosen = [row for row in rows if half_of(row["text"]) == half]
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen), encoding="utf-8")
            misses = ["--show-misses", str(args.show_misses)] if half == "tune" and args.show_misses else []
            half_output, half_summary, _ = run_tool(path, misses)
            halves[half] = {"messages": len(chosen), **half_summary}
            print(f"\n{half} half ({len(chosen)} messages):")
            print("\n".join(line for line in half_output.splitlines()[1:] if not line.startswith("{")))
    if args.no_write:
        return 0
    sys.path.insert(0, str(ROOT))
    from checker import __version__

    record = {
        "measured": dt.date.today().isoformat(),
        "checker_version": __version__,
        "dataset": {"name": "dev-set.jsonl", "messages": len(rows)},
        "groups": groups,
        "summary": summary,
        "halves": halves,
    }
    SUMMARY.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\n写入 {SUMMARY.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
