"""The rules table on /check/#rules is generated from the rule data: every rule, nothing hand-written."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from checker.ruleset import load_ruleset

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "overrides" / "hooks"))
from rules_page import MARKER, guide_link, render_rules_markdown


@pytest.mark.site
def test_every_rule_is_listed_on_the_check_page(built_site: Path) -> None:
    html = (built_site / "check" / "index.html").read_text(encoding="utf-8")
    assert MARKER not in html
    for rule in load_ruleset().all_rules():
        assert f"<code>{rule.id}</code>" in html, rule.id


def test_rendered_table_links_each_rule_to_its_guide_section() -> None:
    markdown = render_rules_markdown(load_ruleset())
    for rule in load_ruleset().all_rules():
        assert guide_link(rule.guide) in markdown
    assert guide_link("scams/#loan-fee") == "scams.md#loan-fee"
