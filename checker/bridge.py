"""The browser's entry point: one call in, one JSON string out (no proxies cross the boundary)."""

from __future__ import annotations

import json

from checker.api import check
from checker.errors import CheckInputError

_to_json = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every call: json.dumps builds one each time


def check_json(text: str, sender: str | None = None, received_at: str | None = None) -> str:
    """Check a message; return ``{"ok": true, "report": {...}}`` or ``{"ok": false, "error": {...}}``."""
    try:
        report = check(text, sender=sender or None, received_at=received_at or None)
    except CheckInputError as exc:
        return _to_json({"ok": False, "error": exc.to_dict()})
    return _to_json({"ok": True, "report": report.to_dict()})
