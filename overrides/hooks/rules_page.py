"""MkDocs hook: renders the rule data into the rules list on /check/rules/ (replacing `<!-- checker-rules -->`).

The list is generated from the same TOML files the engine reads, so the page can never describe
a rule differently from how the checker applies it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repo root, where checker/ lives

from checker.ruleset import Rule, RuleSet, load_ruleset

MARKER = "<!-- checker-rules -->"
PAGE = "check/rules.md"


def guide_link(guide: str) -> str:
    """Turn a rule's site path ("scams/#loan-fee") into a link MkDocs validates from check/rules.md."""
    page, _, anchor = guide.partition("/#")
    return f"../{page}.md#{anchor}" if page else f"../check.md#{anchor}"


def _rule_item(rule: Rule, messages: dict[str, Any]) -> list[str]:
    """One rule as a list item: a list reads better than a wide table on a phone."""
    docs = messages["docs"]
    strength = messages["strength_labels"][rule.strength.value]
    return [
        f"- **{rule.title}**（{docs['strength']}：{strength}）`{rule.id}`",
        "",
        f"    {rule.explanation} [{docs['guide_text']}]({guide_link(rule.guide)})",
        "",
    ]


def render_rules_markdown(ruleset: RuleSet) -> str:
    """The Markdown that replaces the marker: one list per group of rules."""
    messages = ruleset.messages
    groups = messages["docs"]["groups"]
    sections = [
        ("scam", list(ruleset.scam_rules)),
        ("links", list(ruleset.link_rules.values())),
        ("senders", list(ruleset.sender_rules.values())),
        ("conduct", list(ruleset.conduct_rules)),
    ]
    lines = [messages["docs"]["intro"], ""]
    for key, rules in sections:
        lines += [f"**{groups[key]}**", ""]
        for rule in rules:
            lines += _rule_item(rule, messages)
    return "\n".join(lines)


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    """Replace the marker on the check page; fail the build if the marker went missing."""
    if page.file.src_uri != PAGE:
        return markdown
    if MARKER not in markdown:
        raise PluginError(f"{PAGE} must contain the line {MARKER} (the generated rules table goes there)")
    return markdown.replace(MARKER, render_rules_markdown(load_ruleset()))
