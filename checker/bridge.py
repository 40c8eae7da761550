"""The browser's entry point: one call in, one JSON string out (no proxies cross the boundary)."""

from __future__ import annotations

import json
from collections.abc import Callable

from checker.api import check
from checker.errors import CheckInputError

# One encoder for every call (json.dumps builds one each time); a report is a tree, so the check for
# circular references only costs (9 % of the encoding's instructions, measured with callgrind).
_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def _fail(value: object) -> object:
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def _c_encoder() -> Callable[[object], str]:
    """``_ENCODER.encode``, with the C encoder ``encode`` builds on every call made once (an eighth of
    the encoding's time); the same bytes (a test compares them). Plain ``encode`` where the C
    accelerator is missing."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return _ENCODER.encode
    items = make(None, _fail, json.encoder.encode_basestring, None, ": ", ", ", False, False, True)
    return lambda value: "".join(items(value, 0))


_to_json = _c_encoder()


def check_json(text: str, sender: str | None = None, received_at: str | None = None) -> str:
    """Check a message; return ``{"ok": true, "report": {...}}`` or ``{"ok": false, "error": {...}}``."""
    try:
        report = check(text, sender=sender or None, received_at=received_at or None)
    except CheckInputError as exc:
        return _to_json({"ok": False, "error": exc.to_dict()})
    return _to_json({"ok": True, "report": report.to_dict()})
