"""Public entry point (temporary stub while the engine is built)."""

from __future__ import annotations

from checker.errors import CheckInputError
from checker.models import Report, Verdict

MAX_TEXT_LENGTH = 5000
__version__ = "0.1.0"


def check(text: str, sender: str | None = None) -> Report:
    """Check one message (stub)."""
    if not text.strip():
        raise CheckInputError("empty", "请粘贴短信内容。")
    if len(text) > MAX_TEXT_LENGTH:
        raise CheckInputError("too_long", f"短信内容超过 {MAX_TEXT_LENGTH} 字，请只粘贴一条短信。")
    return Report(
        verdict=Verdict.NO_KNOWN_SIGNALS,
        verdict_title="未发现已知诈骗特征",
        verdict_summary="这不代表短信一定是真的，请在官方 App 内核实。",
        score=0,
        findings=(),
        conduct_findings=(),
        links=(),
        sender=None,
        next_steps=(),
        checker_version=__version__,
        input_length=len(text),
    )
