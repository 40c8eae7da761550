"""Judges a link by where it goes: look-alike brand names, IP literals, punycode, shorteners, odd TLDs."""

from __future__ import annotations

import re
from collections.abc import Iterable

from checker.rules.load import LinkTables

_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_PART_SEPARATORS = re.compile(r"[-_]")


def is_official(host: str, tables: LinkTables) -> bool:
    """The host is, or is under, a domain known to belong to the organisation it names."""
    labels = host.lower().strip(".").split(".")
    return any(".".join(labels[i:]) in tables.official_domains for i in range(len(labels)))


def assess_host(host: str, tables: LinkTables) -> tuple[str, ...]:
    """Ids of the link rules the host triggers, most serious first (empty when none does)."""
    host = host.lower().strip(".")
    if _IPV4.fullmatch(host):
        return ("link-ip-literal",)
    found: list[str] = []
    if "xn--" in host and any(label.startswith("xn--") for label in host.split(".")):
        found.append("link-punycode")
    official = is_official(host, tables)
    if not official and _borrows_brand(host, tables):
        found.append("link-lookalike-brand")
    if host in tables.shorteners or host.removeprefix("www.") in tables.shorteners:
        found.append("link-shortener")
    elif not official and host.rsplit(".", 1)[-1] in tables.odd_tlds:
        found.append("link-odd-tld")
    return tuple(found)


def assess_hosts(hosts: Iterable[str], tables: LinkTables) -> list[tuple[str, ...]]:
    """``assess_host`` of each host, each distinct host judged once (a message can repeat one address,
    or hold hundreds of hidden ones, whose host is "")."""
    judged: dict[str, tuple[str, ...]] = {}
    out = []
    for host in hosts:
        found = judged.get(host)
        if found is None:
            found = judged[host] = assess_host(host, tables)
        out.append(found)
    return out


def _borrows_brand(host: str, tables: LinkTables) -> bool:
    labels = host.split(".")[:-1]  # the TLD cannot borrow a brand
    if any(tables.long_brand_tokens.search(label) for label in labels):
        return True
    return any(not tables.short_brand_tokens.isdisjoint(_PART_SEPARATORS.split(label)) for label in labels)
