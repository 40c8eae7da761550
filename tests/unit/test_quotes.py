"""A quote never cuts a number or a Latin word in two (checker/read/quotes.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker import check
from checker.models import Field
from checker.read.quotes import _in_token, whole_tokens

DATA = Path(__file__).resolve().parent.parent / "data"

FAKE_COLLECTION = (
    "【拍拍贷】王先生您好，您在拍拍贷的借款已逾期87天，已移交法务部。请于今天17点前将欠款3260元转到专员个人账户："
    "建设银行 6217 0012 3456 7890 123 户名张伟，或添加催收专员微信 ppd_fawu88（QQ 2847193650）办理减免，"
    "否则明天派人上门并起诉。"
)


@pytest.mark.parametrize(
    ("text", "match", "expected"),
    [
        ("微信 ppd_fawu88（QQ 2847193650）", "微信 ppd_fawu88（Q", "微信 ppd_fawu88（QQ"),
        ("QQ 2847193650）", "QQ 284719365", "QQ 2847193650"),
        (
            "账户：建设银行 6217 0012 3456 7890 123 户名",
            "账户：建设银行 6217 0012 3456 7",
            "账户：建设银行 6217 0012 3456 7890 123",
        ),
        ("卡号 6217 0012 3456 7890 123 户名", "0012 3", "6217 0012 3456 7890 123"),
        ("请于今天17点前还款", "今天1", "今天17"),
        ("拍拍贷的借款", "拍拍贷", "拍拍贷"),
        ("ｑｑ１２３４５ 好", "ｑ１２", "ｑｑ１２３４５"),
        ("共 3 笔，2 月", "3", "3"),
    ],
)
def test_whole_tokens(text: str, match: str, expected: str) -> None:
    start = text.index(match)
    widened = whole_tokens(text, start, start + len(match))
    assert text[widened[0] : widened[1]] == expected


def test_a_long_run_of_digits_widens_a_quote_only_so_far() -> None:
    text = "1" * 5000
    start, end = whole_tokens(text, 2000, 2011)
    assert end - start <= 11 + 2 * 32


def test_the_reader_sees_whole_numbers_and_handles() -> None:
    report = check(FAKE_COLLECTION, "13812345678")
    quotes = {e.text for f in report.findings for e in f.evidence if e.field is Field.TEXT}
    assert "微信 ppd_fawu88（QQ 2847193650" in quotes
    assert not any(q.endswith(("（Q", "284719365", "3456 7")) for q in quotes)


def test_a_card_number_is_not_read_as_a_phone_number() -> None:
    report = check(FAKE_COLLECTION, "13812345678")
    assert "institution-personal-number" not in {f.rule_id for f in report.findings}


def test_no_quote_in_the_corpus_cuts_a_token() -> None:
    for line in (DATA / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = row["text"]
        report = check(text, row.get("sender"))
        for finding in (*report.findings, *report.conduct_findings):
            for e in finding.evidence:
                if e.field is not Field.TEXT or e.end - e.start > 60:
                    continue
                cut_after = e.end < len(text) and _in_token(text[e.end - 1]) and _in_token(text[e.end])
                cut_before = e.start > 0 and _in_token(text[e.start]) and _in_token(text[e.start - 1])
                assert not (cut_after or cut_before), (row["id"], finding.rule_id, e.text)
