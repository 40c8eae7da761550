"""Command line: ``python -m checker "短信内容" [--sender N] [--time HH:MM] [--json]`` and ``--jsonl``.

Exit codes: 0 no known signals (or batch finished), 1 suspicious, 2 high risk, 3 bad input,
4 usage error (argparse). Batch mode (``--jsonl``) reads one JSON object a line from stdin,
``{"text": ..., "sender": ..., "received_at": ...}``, and writes one line for each, in order:
``{"verdict": ..., "report": {...}}`` or ``{"verdict": null, "error": {"code", "message"}}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn, TextIO

from checker.api import check
from checker.errors import CheckInputError
from checker.models import Report, Verdict
from checker.report.text import render_text
from checker.rules.load import load_ruleset

EXIT_CODES = {Verdict.NO_KNOWN_SIGNALS: 0, Verdict.SUSPICIOUS: 1, Verdict.HIGH_RISK: 2}
EXIT_BAD_INPUT = 3
EXIT_USAGE = 4


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on usage errors; 2 means "high risk" here, so use 4."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: 错误：{message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m checker",
        description="检查一条催收短信里的诈骗特征和违规催收迹象（在本机运行，不联网）。",
        epilog="退出码：0 未发现已知诈骗特征，1 可疑，2 高风险，3 输入有误，4 用法错误。",
    )
    parser.add_argument("text", nargs="?", help="短信内容；省略时从标准输入读取")
    parser.add_argument("--sender", help="发件号码（可选）")
    parser.add_argument("--time", dest="received_at", help="收到时间，格式 HH:MM（可选）")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true", help="输出 JSON 报告")
    mode.add_argument("--jsonl", action="store_true", help="批量模式：每行一个 JSON 输入，每行一个结果")
    return parser


def _batch_line(line: str) -> dict[str, Any]:
    errors = load_ruleset().messages["errors"]
    try:
        item = json.loads(line)
    except json.JSONDecodeError:
        item = None
    if not isinstance(item, dict):
        return {"verdict": None, "error": {"code": "bad_json", "message": errors["bad_json"]}}
    try:
        report = check(item.get("text"), item.get("sender") or None, item.get("received_at") or None)  # type: ignore[arg-type]
    except CheckInputError as exc:
        return {"verdict": None, "error": exc.to_dict()}
    return {"verdict": report.verdict.value, "report": report.to_dict()}


def run_batch(stdin: TextIO, stdout: TextIO) -> int:
    """One output line per input line, in order; a bad line gets an error object and the batch goes on."""
    to_json = json.JSONEncoder(ensure_ascii=False).encode
    for line in stdin:
        if not line.strip():
            continue
        stdout.write(to_json(_batch_line(line)) + "\n")
    return 0


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run the command line; returns the exit code."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    args = _parser().parse_args(argv)
    if args.jsonl:
        return run_batch(stdin, stdout)
    text = args.text if args.text is not None else stdin.read()
    try:
        report: Report = check(text, args.sender or None, args.received_at or None)
    except CheckInputError as exc:
        if args.json:
            stdout.write(json.dumps({"error": exc.to_dict()}, ensure_ascii=False) + "\n")
        else:
            sys.stderr.write(f"输入有误：{exc.message}\n")
        return EXIT_BAD_INPUT
    if args.json:
        stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        stdout.write(render_text(report))
    return EXIT_CODES[report.verdict]
