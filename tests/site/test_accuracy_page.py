"""/about/#accuracy shows exactly the figures `make eval` wrote into docs/accuracy.json."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[2]
RECORD = json.loads((ROOT / "docs" / "accuracy.json").read_text(encoding="utf-8"))


class _Rows(HTMLParser):
    """The text of each list item, and all text, in the #accuracy section."""

    def __init__(self) -> None:
        super().__init__()
        self.after = False
        self.rows: list[str] = []
        self.text: list[str] = []
        self._item: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h2":
            self.after = dict(attrs).get("id") == "accuracy"
        elif self.after and tag == "li":
            self._item = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self._item is not None:
            self.rows.append("".join(self._item).strip())
            self._item = None

    def handle_data(self, data: str) -> None:
        if self._item is not None:
            self._item.append(data)
        if self.after:
            self.text.append(data)


def _parsed(built_site: Path) -> _Rows:
    parser = _Rows()
    parser.feed((built_site / "about" / "index.html").read_text(encoding="utf-8"))
    return parser


def test_every_group_row_matches_the_summary_file(built_site: Path) -> None:
    figures = [row for row in _parsed(built_site).rows if "%" in row]
    assert len(figures) >= 5, figures
    known = [(g["n"], f"{g['high_risk'] * 100:.1f}%", f"{g['flagged'] * 100:.1f}%") for g in RECORD["groups"]]
    for row in figures:
        count = re.search(r"（(\d+) 条）", row)
        assert count is not None, row
        high, flagged = re.findall(r"\d+\.\d%", row)
        assert (int(count.group(1)), high, flagged) in known, row


def test_the_page_states_the_date_the_size_and_the_blind_half(built_site: Path) -> None:
    text = "".join(_parsed(built_site).text)
    assert RECORD["measured"] in text
    assert str(RECORD["dataset"]["messages"]) in text
    blind = RECORD["halves"]["blind"]
    assert f"{blind['news_scam_recall_flagged'] * 100:.1f}%" in text
    assert str(blind["messages"]) in text


def test_the_summary_holds_figures_only() -> None:
    """No message text may reach the repository: every string in the file is a key, a name or a date."""
    strings: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            strings.extend(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            strings.append(node)

    walk(RECORD)
    assert all(re.fullmatch(r"[\w ./:()-]{1,60}", s, flags=re.ASCII) for s in strings), strings
