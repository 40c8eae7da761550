"""The one exception ``check`` raises on bad input, carrying a Chinese message the UI can show."""

from __future__ import annotations

from typing import Any


class CheckInputError(ValueError):
    """Input the checker cannot judge: no text, empty text, text over ``MAX_TEXT_LENGTH`` characters,
    an over-long sender or a malformed time.

    ``code`` is stable ("not_text", "empty", "too_long", "sender_too_long", "bad_time"); ``message``
    is for the reader, in Chinese.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message}
