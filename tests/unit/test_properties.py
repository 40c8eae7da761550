"""Property tests: check() never crashes on any string, and every span points into its input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import MAX_TEXT_LENGTH, CheckInputError, check

SCAMMY = st.sampled_from(
    [
        "验证码",
        "安全账户",
        "http://a.xyz/",
        "ｗｗｗ．",
        "注销",
        "校园贷",
        "\u200b",
        "。",
        "-",
        "V信",
        "13800138000",
        "一",
        "@",
    ]
)
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(SCAMMY, st.text(max_size=5)), max_size=60).map("".join),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(text=TEXT, sender=st.one_of(st.none(), st.text(max_size=20)))
def test_check_never_crashes_and_spans_point_into_the_input(text: str, sender: str | None) -> None:
    try:
        report = check(text, sender)
    except CheckInputError as exc:
        assert exc.code in {"empty", "too_long", "sender_too_long"}
        assert not text.strip() or len(text) > MAX_TEXT_LENGTH
        return
    inputs = {"text": text, "sender": sender or ""}
    for finding in (*report.findings, *report.conduct_findings):
        assert finding.evidence
        for e in finding.evidence:
            assert 0 <= e.start < e.end <= len(inputs[e.field])
            assert inputs[e.field][e.start : e.end] == e.text
    for link in report.links:
        assert text[link.evidence.start : link.evidence.end] == link.evidence.text


ADVERSARIAL = [
    "验" * MAX_TEXT_LENGTH,
    "h t t p " * (MAX_TEXT_LENGTH // 8),
    ("a." * (MAX_TEXT_LENGTH // 2))[:MAX_TEXT_LENGTH],
    ("注销" + "一" * 20) * (MAX_TEXT_LENGTH // 22),
    ("w-w-w." + "x-" * 30) * (MAX_TEXT_LENGTH // 66),
    "1" * MAX_TEXT_LENGTH,
    "积分" * (MAX_TEXT_LENGTH // 2),
    "，" * MAX_TEXT_LENGTH,
]


def test_adversarial_inputs_at_the_cap_complete() -> None:
    """Inputs built to make regexes backtrack. Their latency is measured by `make bench`; here they must finish."""
    for text in ADVERSARIAL:
        assert check(text[:MAX_TEXT_LENGTH]).input_length <= MAX_TEXT_LENGTH
