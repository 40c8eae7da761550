"""Which institution a message claims to be, and whether a destination is that institution's own."""

from __future__ import annotations

from dataclasses import dataclass

from checker.normalize.text import SENTENCE_BREAK, View
from checker.regexes import compiled
from checker.rules.parts import Institution

_SIGNATURE_OPEN = "【[〔［"
_SIGNATURE_CLOSE = "】]〕］"


@dataclass(frozen=True, slots=True)
class Claim:
    """An institution the message speaks as, with the spans (original text) that name it."""

    institution: Institution
    spans: tuple[tuple[int, int], ...]


class InstitutionIndex:
    """Looks institutions up by name (in text), by host and by number."""

    def __init__(self, institutions: tuple[Institution, ...], before: str, after: str, edge: int) -> None:
        self.institutions = institutions
        # The patterns are compiled the first time a message is read (``compiled``), not at start-up.
        # One plain alternation finds names (named groups would make every scan three times slower);
        # each institution's own pattern then says whose name a match is.
        self._names = "|".join(f"(?:{alias})" for inst in institutions for alias in inst.aliases)
        # Whose name a match is: the first institution whose aliases match it whole. One named group
        # per institution, in order, so one ``fullmatch`` picks the same one as trying them in turn
        # would; its name (``i<number>``) is the institution's position.
        self._owner = "|".join(
            f"(?P<i{n}>{'|'.join(f'(?:{a})' for a in inst.aliases)})" for n, inst in enumerate(institutions)
        )
        self._before = before
        self._after = after
        self._edge = edge
        self._by_domain: dict[str, tuple[Institution, ...]] = {}
        self._by_number: dict[str, tuple[Institution, ...]] = {}
        for inst in institutions:
            for domain in inst.domains:
                self._by_domain[domain] = (*self._by_domain.get(domain, ()), inst)
            for number in inst.numbers:
                self._by_number[number] = (*self._by_number.get(number, ()), inst)

    def compile_all(self) -> None:
        """Compile the patterns now rather than for the first message (see ``RuleSet.compile_all``)."""
        for pattern in (self._names, self._owner, self._before, self._after):
            compiled(pattern)

    @property
    def domains(self) -> frozenset[str]:
        """Every domain known to belong to an institution."""
        return frozenset(self._by_domain)

    @property
    def host_tokens(self) -> frozenset[str]:
        """Every name scammers borrow in look-alike hosts."""
        return frozenset(token for inst in self.institutions for token in inst.host_tokens)

    def owners_of_host(self, host: str) -> tuple[Institution, ...]:
        """The institutions whose domain the host is, or is under (gov.cn belongs to several)."""
        labels = host.lower().strip(".").split(".")
        for i in range(len(labels)):
            owners = self._by_domain.get(".".join(labels[i:]))
            if owners:
                return owners
        return ()

    def owners_of_number(self, digits: str) -> tuple[Institution, ...]:
        """The institutions whose published service number this is."""
        return self._by_number.get(digits, ())

    def claims(self, view: View, original: str) -> list[Claim]:
        """Institutions the message speaks as: named as its signature, at its start or end, or as its voice."""
        spans: dict[int, list[tuple[int, int]]] = {}
        text = view.text
        body_end = len(text.rstrip(SENTENCE_BREAK))
        before, after, owner_of = compiled(self._before), compiled(self._after), compiled(self._owner)
        for m in compiled(self._names).finditer(text):
            start, end = m.span()
            o_start, o_end = view.span(start, end)
            if (
                start <= self._edge
                or body_end - end <= self._edge
                or _in_signature(original, o_start, o_end)
                or before.search(text, max(0, start - 6), start)
                or after.match(text, end)
            ):
                owner = owner_of.fullmatch(text, start, end)
                assert owner is not None and owner.lastgroup is not None  # the same aliases found it
                spans.setdefault(int(owner.lastgroup[1:]), []).append((o_start, o_end))
        return [Claim(self.institutions[n], tuple(s)) for n, s in sorted(spans.items())]


def _in_signature(original: str, start: int, end: int) -> bool:
    """The name stands inside brackets such as 【农业银行】 (at most a few characters around it)."""
    before = original[max(0, start - 8) : start]
    after = original[end : end + 8]
    opened = max(before.rfind(c) for c in _SIGNATURE_OPEN)
    closed_before = max(before.rfind(c) for c in _SIGNATURE_CLOSE)
    return opened > closed_before and any(c in after for c in _SIGNATURE_CLOSE)
