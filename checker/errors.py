"""The one exception ``check`` raises on bad input, carrying a Chinese message the UI can show."""

from __future__ import annotations

from typing import Any


class CheckInputError(ValueError):
    """Input the checker cannot judge: empty text, or text over ``MAX_TEXT_LENGTH`` characters.

    ``code`` is stable ("empty" or "too_long"); ``message`` is for the reader, in Chinese.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message}
