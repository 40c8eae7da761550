"""The rules list on /check/rules/ is generated from the rule data: every rule, nothing hand-written.

It is its own page (it made /check/ 12,800 px tall), reached from /check/#rules, and it stays out of the
search index (rule ids are not what a reader searches for).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from checker.rules.load import load_ruleset

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "overrides" / "hooks"))
from rules_page import MARKER, guide_link, render_rules_markdown


@pytest.mark.site
def test_every_rule_is_listed_on_the_rules_page(built_site: Path) -> None:
    html = (built_site / "check" / "rules" / "index.html").read_text(encoding="utf-8")
    assert MARKER not in html
    for rule in load_ruleset().all_rules():
        assert f"<code>{rule.id}</code>" in html, rule.id
    check = (built_site / "check" / "index.html").read_text(encoding="utf-8")
    for rule in load_ruleset().all_rules():
        assert f"<code>{rule.id}</code>" not in check, f"{rule.id} is still listed on /check/"
    assert 'href="rules/"' in check, "/check/#rules links to the rules page"


@pytest.mark.site
def test_rules_page_and_rule_ids_stay_out_of_the_search_index(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert not any(loc.startswith("check/rules/") for loc in locations), "the rules page is indexed"
    text = "\n".join(doc.get("title", "") + doc.get("text", "") for doc in index["docs"])
    leaked = [rule.id for rule in load_ruleset().all_rules() if rule.id in text]
    assert not leaked, f"rule ids in the search index: {leaked}"


def test_rendered_table_links_each_rule_to_its_guide_section() -> None:
    markdown = render_rules_markdown(load_ruleset())
    for rule in load_ruleset().all_rules():
        assert guide_link(rule.guide) in markdown
    assert guide_link("scams/#loan-fee") == "../scams.md#loan-fee"


def test_the_rules_page_lists_every_part_combination_and_institution(built_site: Path) -> None:
    html = (built_site / "check" / "rules" / "index.html").read_text(encoding="utf-8")
    parts = load_ruleset().parts
    for cue in parts.cues:
        assert cue.label in html, cue.id
    for combo in parts.combinations:
        assert f"<code>{combo.id}</code>" in html
    for institution in parts.institutions:
        assert institution.name in html
        for domain in institution.domains:
            assert f"<code>{domain}</code>" in html
    for anchor in ("parts", "combinations", "institutions"):
        assert f'id="{anchor}"' in html
