"""The command line: text or stdin, readable or JSON output, batch mode, exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from checker.cli import main


def run(argv: list[str], stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = main(argv, stdin=io.StringIO(stdin), stdout=out)
    return code, out.getvalue()


def test_readable_report_and_exit_code_for_high_risk() -> None:
    code, out = run(["请将资金转入安全账户配合调查"])
    assert code == 2
    assert "高风险" in out and "安全账户" in out and "scams/#safe-account" in out


def test_text_from_stdin_and_json_output() -> None:
    code, out = run(["--json", "--sender", "10690123450001"], stdin="【拍拍贷】您本期应还 300 元，请在 App 内还款。")
    assert code == 0
    data = json.loads(out)
    assert data["verdict"] == "no_known_signals" and data["sender"]["type"] == "gateway_106"


def test_bad_input_exit_code() -> None:
    code, out = run(["--json", "   "])
    assert code == 3
    assert json.loads(out)["error"]["code"] == "empty"


def test_batch_mode_keeps_order_and_survives_bad_lines() -> None:
    lines = [
        json.dumps({"text": "请把验证码发给我"}, ensure_ascii=False),
        "not json",
        json.dumps({"text": ""}),
        json.dumps({"text": "您的借款已逾期，请尽快还款。", "sender": "13800138000", "received_at": "23:30"}),
        json.dumps(["a list"]),
    ]
    code, out = run(["--jsonl"], stdin="\n".join(lines) + "\n")
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [r["verdict"] for r in results] == ["high_risk", None, None, "suspicious", None]
    assert results[1]["error"]["code"] == "bad_json"
    assert results[2]["error"]["code"] == "empty"
    assert results[3]["report"]["conduct_findings"][0]["rule_id"] == "conduct-night-contact"


def test_module_entry_point_and_usage_error() -> None:
    proc = subprocess.run([sys.executable, "-m", "checker", "--nope"], capture_output=True, text=True, check=False)
    assert proc.returncode == 4
    proc = subprocess.run([sys.executable, "-m", "checker", "你好"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and "没有发现已知的诈骗特征" in proc.stdout
