"""Regexes compiled the first time they are needed, once per process.

Start-up (in the browser above all, where compiling a regex costs several times what it does in
CPython) compiles nothing a message does not need yet: rule, cue and context patterns, and the
engine's own larger patterns, are compiled by the first message that reaches them, or all at once by
``api.warm_up`` when there is idle time. Rule patterns are still parsed when the gate is built, so
a bad pattern fails at load time (for the browser's wheel, when the wheel is built).
"""

from __future__ import annotations

import re
from functools import cache


@cache
def compiled(source: str) -> re.Pattern[str]:
    """``re.compile(source)``, the first time only (looked up by the source string, whose hash it keeps)."""
    return re.compile(source)
