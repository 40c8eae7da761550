"""Which contexts hold for one message, each worked out the first time a rule asks about it.

Text contexts are the patterns of text.toml [contexts]. The others are computed from the links and
numbers in the message (their names are ``rules.load.COMPUTED_CONTEXTS``). Most contexts matter only
to a rule that has already matched, so working them out on demand saves most of the work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property

from checker.extract.links import FoundLink
from checker.extract.numbers import FoundNumber, find_numbers
from checker.normalize.text import View
from checker.read.gate import gated_search
from checker.read.hosts import is_official
from checker.read.senders import number_class
from checker.rules.load import RuleSet

# Number types (senders.toml classes) that count as "a number to call" in a message, and as a mobile.
_CALLABLE_TYPES = frozenset({"mobile", "virtual_170", "landline", "hotline_400"})
_MOBILE_TYPES = frozenset({"mobile", "virtual_170"})
# Judgements that make a link "risky" (a shortener or an odd ending alone does not).
_RISKY_ASSESSMENTS = frozenset({"link-ip-literal", "link-punycode", "link-lookalike-brand"})


class Contexts:
    """The contexts of one message; ``name in contexts`` works each one out once, when first asked."""

    def __init__(
        self,
        view: View,
        links: list[FoundLink],
        assessments: list[tuple[str, ...]],
        rules: RuleSet,
    ) -> None:
        self._view = view
        self._links = links
        self._assessments = assessments
        self._rules = rules
        self._known: dict[str, bool] = {}

    def __contains__(self, name: str) -> bool:
        known = self._known.get(name)
        if known is None:
            computed = _COMPUTED.get(name)
            known = self._known[name] = computed(self) if computed else self._in_text(name)
        return known

    def all(self, names: Iterable[str]) -> bool:
        """Every one of ``names`` holds (``map``, not a generator: asked for every rule a message reaches)."""
        return all(map(self.__contains__, names))

    def any(self, names: Iterable[str]) -> bool:
        """At least one of ``names`` holds."""
        return any(map(self.__contains__, names))

    def _in_text(self, name: str) -> bool:
        gate, pattern = self._rules.gate, self._rules.contexts[name]
        found = gate.matchers.get(pattern) or gate.matcher(f"ctx:{name}", pattern)  # no key to build, mostly
        return gated_search(found[0], self._view.text)

    @cached_property
    def _real_link(self) -> bool:
        """A link off the official domains, with its address written out (one can act on it)."""
        return any(not link.hidden and not is_official(link.host, self._rules.links) for link in self._links)

    @cached_property
    def numbers(self) -> list[FoundNumber]:
        """The phone-like numbers in the message (found once, for contexts and for parts)."""
        return find_numbers(self._view)

    @cached_property
    def _number_types(self) -> frozenset[str]:
        rules = self._rules
        return frozenset(
            number_class(n.digits, rules).type for n in self.numbers if n.digits not in rules.official_short_numbers
        )

    def _link(self) -> bool:
        return self._real_link or any(link.hidden for link in self._links) or "link_mention" in self

    def _obfuscated_link(self) -> bool:
        return any(link.obfuscated for link in self._links)

    def _risky_link(self) -> bool:
        return "obfuscated_link" in self or any(not _RISKY_ASSESSMENTS.isdisjoint(a) for a in self._assessments)

    def _phone(self) -> bool:
        return not _CALLABLE_TYPES.isdisjoint(self._number_types)

    def _mobile(self) -> bool:
        return not _MOBILE_TYPES.isdisjoint(self._number_types)

    def _official_links_only(self) -> bool:
        """The message has links, and every one is on a known official domain (a court's gov.cn site)."""
        rules = self._rules
        return bool(self._links) and all(is_official(link.host, rules.links) for link in self._links)

    def _actionable_contact(self) -> bool:
        return self._real_link or "phone" in self or "written_handle" in self


_COMPUTED: dict[str, Callable[[Contexts], bool]] = {
    "link": Contexts._link,
    "obfuscated_link": Contexts._obfuscated_link,
    "risky_link": Contexts._risky_link,
    "phone": Contexts._phone,
    "mobile": Contexts._mobile,
    "actionable_contact": Contexts._actionable_contact,
    "official_links_only": Contexts._official_links_only,
}
