"""Finds links in a message: with a scheme, starting with www, bare domains, and links spelled out in
letters; each with its span in the original text."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from checker.normalize.text import View
from checker.regexes import compiled

_SEP = r"[\s\-_*·•]{0,2}"  # what scammers put between the letters of "http" or "www"
_DOT = r"\s{0,2}[.。]\s{0,2}"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_PATH = r"(?:[/?#][\x21-\x7e]*)?"

_SCHEME = rf"h{_SEP}t{_SEP}t{_SEP}p{_SEP}s?{_SEP}:{_SEP}/{_SEP}/"
# Lookbehinds come after the first character, so that `re` can skip ahead to that character in C.
_WWW = rf"w(?<![a-z0-9]w){_SEP}w{_SEP}w{_DOT}"
_HOST_LOOSE = rf"{_LABEL}(?:{_DOT}{_LABEL})*"
_IPV4 = r"\d{1,3}(?:\.\d{1,3}){3}"

# Compiled on first use (``compiled``), like the rules' patterns: start-up does not wait for them.
_SCHEME_LINK = rf"{_SCHEME}\s{{0,2}}(?P<host>{_IPV4}|{_HOST_LOOSE})(?::\d{{1,5}})?{_PATH}"
_WWW_LINK = rf"{_WWW}(?P<host>{_HOST_LOOSE}){_PATH}"
# A link whose address was hidden (news reports and forwarded warnings write "http://***.***.cn",
# "***.***.cc", "xx网址", "点击********"): still a link to somewhere unknown. A mask run is tried once,
# from its start (its lookbehind comes after its first character).
_OPEN_VERBS = ("打开", "点击", "登录", "登陆", "登入", "访问", "进入")  # verbs of opening a link
_OPEN = f"(?:{'|'.join(_OPEN_VERBS)})"
_MASK_CHARS = (r"\*", "×")
_AFTER_OPEN = rf"(?:(?<={_OPEN}.)|(?<={_OPEN}[:：].))"  # the mask comes right after a verb of opening
_HOST_REST = r"(?:\.(?:[*×]+|[a-z0-9-]{1,63}))*\.[a-z]{2,6}(?![a-z0-9])"
_CALLED_A_LINK = "(?:网址|链接|网站)"
# Each branch begins with a single character: then `re` can skip to the places one begins (a branch
# beginning with a character class [...] makes it try every position).
_HIDDEN_LINK = "|".join(
    (
        rf"{_SCHEME}\s{{0,2}}[*×x]{{2,}}[a-z0-9*×./-]*",
        *(rf"{c}(?<![*×.a-z0-9-]{c})[*×]+{_HOST_REST}" for c in _MASK_CHARS),
        rf"x(?<![*×.a-z0-9-]x)x+{_HOST_REST}",
        *(rf"{c}(?<![*×]{c})[*×]+{_CALLED_A_LINK}" for c in _MASK_CHARS),
        rf"x(?<![a-z]x)x+{_CALLED_A_LINK}",
        rf"某{_CALLED_A_LINK}",
        *(rf"{c}(?<![*×]{c}){_AFTER_OPEN}[*×]{{3,}}" for c in _MASK_CHARS),
        rf"x(?<![a-z]x){_AFTER_OPEN}x{{3,}}",
    )
)
# A link named only in words ("请点击链接认证", "登录网址办理") in a message that carries none: the
# address was left out, as news reports do.
# One flat alternation of verbs (nested in a group, they would stop ``re`` skipping to them in C).
_WORDS_FOR_A_LINK = (
    f"(?:{'|'.join(('点开', *_OPEN_VERBS))})(?P<words>(?:以下|下方|下面|如下|短信|此|该)?(?:网址|链接|网站|网页))"
)
_SPACE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class FoundLink:
    """A link candidate: its span in the original text, its host, and whether it was disguised."""

    start: int
    end: int
    host: str  # "" when the address is hidden
    obfuscated: bool
    hidden: bool = False


def find_links(view: View, original: str, tlds: frozenset[str]) -> list[FoundLink]:
    """Links with a scheme, links starting with www, bare domains ending in a known TLD, and links
    whose address is hidden."""
    found: list[FoundLink] = []
    # Spans taken so far, sorted by start; they never overlap, so they are sorted by end too and a new
    # span can only overlap its two neighbours (a text full of hidden links stays linear, not quadratic).
    starts: list[int] = []
    ends: list[int] = []

    def add(start: int, end: int, host: str | None) -> None:
        at = bisect_right(starts, start)
        if (at and ends[at - 1] > start) or (at < len(starts) and starts[at] < end):
            return
        starts.insert(at, start)
        ends.insert(at, end)
        o_start, o_end = view.span(start, end)
        if host is None:
            found.append(FoundLink(o_start, o_end, "", obfuscated=False, hidden=True))
            return
        raw = original[o_start:o_end]
        found.append(FoundLink(o_start, o_end, _clean_host(host), _looks_obfuscated(raw)))

    text = view.text
    for m in compiled(_SCHEME_LINK).finditer(text):
        add(m.start(), _trim_end(text, m.start(), m.end()), m.group("host"))
    for m in compiled(_WWW_LINK).finditer(text):
        add(m.start(), _trim_end(text, m.start(), m.end()), "www." + _clean_host(m.group("host")))
    for m in _bare_domain(tlds).finditer(text):
        add(m.start(), _trim_end(text, m.start(), m.end()), m.group("host"))
    if "*" in text or "×" in text or "xx" in text or "某" in text:  # each hidden link holds one of these
        for m in compiled(_HIDDEN_LINK).finditer(text):
            add(m.start(), _trim_end(text, m.start(), m.end()), None)
    if not found:
        for m in compiled(_WORDS_FOR_A_LINK).finditer(text):
            add(*m.span("words"), None)
    found.sort(key=lambda link: link.start)
    return found


def compile_link_patterns(tlds: frozenset[str]) -> None:
    """Compile the link patterns now rather than for the first message (see ``api.warm_up``)."""
    compiled(_SCHEME_LINK)
    compiled(_WWW_LINK)
    compiled(_HIDDEN_LINK)
    compiled(_WORDS_FOR_A_LINK)
    _bare_domain(tlds)


@cache
def _bare_domain(tlds: frozenset[str]) -> re.Pattern[str]:
    endings = "|".join(sorted(tlds, key=len, reverse=True))
    first_label = r"[a-z0-9](?<![a-z0-9@.\-].)(?:[a-z0-9-]{0,61}[a-z0-9])?"  # _LABEL, not right after one
    return re.compile(rf"(?P<host>{first_label}{_DOT}(?:{_LABEL}{_DOT})*(?:{endings}))(?![a-z0-9-]){_PATH}")


def _trim_end(text: str, start: int, end: int) -> int:
    """Drop trailing punctuation that belongs to the sentence, not the link."""
    while end > start and text[end - 1] in ".,;:!?)]}>'\"":
        end -= 1
    return end


def _clean_host(host: str) -> str:
    return _SPACE.sub("", host.replace("。", ".")).strip(".")


# Whitespace, 。 or anything outside printable ASCII (str.isspace() or "。" or >= U+007F), written as
# the complement: compiling the class over all of Unicode took 5-7 ms of every start-up.
_ODD_LINK_CHAR = re.compile(r"[^\x00-\x08\x0e-\x1b\x21-\x7e]")
_BROKEN_PREFIX = re.compile(r"h\W+t|ht\W+t|htt\W+p|w\W+w|ww\W+w", re.IGNORECASE)


def _looks_obfuscated(raw: str) -> bool:
    """Spaces, symbols or non-ASCII characters inside a link: nobody legitimate writes links so."""
    return bool(_ODD_LINK_CHAR.search(raw) or _BROKEN_PREFIX.match(raw))


_SPELLED_OUT = re.compile(r"(?:https?|www|wap)[a-z0-9]{3,}")


def find_spelled_out_links(compact: View, original: str) -> list[FoundLink]:
    """Links whose punctuation was stripped so filters miss them ("httpccbrepcom", "wwwibxbk")."""
    found = []
    for m in _SPELLED_OUT.finditer(compact.text):
        start, end = compact.span(m.start(), m.end())
        found.append(FoundLink(start, end, m.group(0), obfuscated=True))
    return found
