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

from checker.models import Role
from checker.rules.load import Rule, RuleSet, load_ruleset, wording_model
from checker.rules.parts import Combination, Cue, Institution, PartsData, Requirement

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


def _cue_item(cue: Cue, parts: PartsData) -> list[str]:
    mark = f"（{parts.docs['specific']}）" if "specific" in cue.tags else ""
    return [f"- {cue.label}{mark} [{parts.docs['guide_text']}]({guide_link(cue.guide)})"]


def _requirement_text(requirement: Requirement, parts: PartsData) -> str:
    """ "借口（任意）" / "指向（不属于所称机构的…）或 要你（点链接）": what can meet a requirement."""
    by_role: dict[Role, list[str]] = {}
    for role, tag in requirement.alternatives:
        name = parts.tag_names.get(f"{role.value}.{tag}") or parts.tag_names[tag] if tag else parts.docs["any"]
        by_role.setdefault(role, []).append(name)
    return " 或 ".join(f"{parts.role_labels[role]}（{'、'.join(names)}）" for role, names in by_role.items())


def _combination_item(combo: Combination, parts: PartsData, messages: dict[str, Any]) -> list[str]:
    docs = parts.docs
    title = combo.title.format(**docs["placeholders"])
    strength = messages["strength_labels"][combo.strength.value]
    needs = " ＋ ".join(_requirement_text(r, parts) for r in combo.when)
    lines = [
        f"- **{title}**（{messages['docs']['strength']}：{strength}）`{combo.id}`",
        "",
        f"    {docs['needs']}：{needs}。",
    ]
    for upgrade in combo.upgrade:
        to = messages["strength_labels"][upgrade.to.value]
        lines.append(f"    {docs['upgrade'].format(to=to)}：{_requirement_text(upgrade.when, parts)}。")
    explanation = combo.explanation.format(**docs["placeholders"])
    lines += ["", f"    {explanation} [{docs['guide_text']}]({guide_link(combo.guide)})", ""]
    return lines


def _institution_item(institution: Institution, columns: dict[str, str]) -> str:
    domains = "、".join(f"`{d}`" for d in sorted(institution.domains)) or columns["none"]
    numbers = "、".join(sorted(institution.numbers)) or columns["none"]
    return (
        f"- **{institution.name}**：{columns['domains']} {domains}；{columns['numbers']} {numbers}。"
        f"{columns['source']}：{institution.source}"
    )


def render_parts_markdown(ruleset: RuleSet) -> str:
    """The parts by role, the combinations, and the institutions with their own destinations."""
    parts = ruleset.parts
    docs = parts.docs
    lines = [f"## {docs['parts_heading']} {{ #parts }}", "", docs["parts_intro"], ""]
    for role in (Role(r) for r in docs["role_order"]):
        cues = [cue for cue in parts.cues if cue.role is role]
        if cues:
            lines += [f"**{parts.role_labels[role]}**", ""]
            for cue in cues:
                lines += _cue_item(cue, parts)
            lines.append("")
    lines += [f"## {docs['combinations_heading']} {{ #combinations }}", "", docs["combinations_intro"], ""]
    for combo in parts.combinations:
        lines += _combination_item(combo, parts, ruleset.messages)
    columns = docs["columns"]
    lines += [
        f"## {docs['institutions_heading']} {{ #institutions }}",
        "",
        docs["institutions_intro"],
        "",
    ]
    lines += [_institution_item(institution, columns) for institution in parts.institutions]
    return "\n".join(lines)


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
    model = wording_model()
    lines += [f"**{groups['wording']}**\n{{ #wording }}", "", ruleset.wording_docs.format(**model.trained_on), ""]
    lines += _rule_item(ruleset.wording_rule, messages)
    return "\n".join(lines)


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    """Replace the marker on the check page; fail the build if the marker went missing."""
    if page.file.src_uri != PAGE:
        return markdown
    if MARKER not in markdown:
        raise PluginError(f"{PAGE} must contain the line {MARKER} (the generated rules table goes there)")
    ruleset = load_ruleset()
    rendered = render_rules_markdown(ruleset) + "\n\n" + render_parts_markdown(ruleset)
    return markdown.replace(MARKER, rendered)
