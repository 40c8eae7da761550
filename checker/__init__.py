"""Explains the scam signals and collection-conduct problems in a debt-collection SMS."""

from checker.api import MAX_TEXT_LENGTH, __version__, check
from checker.errors import CheckInputError
from checker.models import Evidence, Finding, Kind, Link, Report, SenderInfo, Strength, Verdict

__all__ = [
    "MAX_TEXT_LENGTH",
    "CheckInputError",
    "Evidence",
    "Finding",
    "Kind",
    "Link",
    "Report",
    "SenderInfo",
    "Strength",
    "Verdict",
    "__version__",
    "check",
]
