"""MkDocs hook: renders docs/accuracy.json (written by `make eval`) into /about/#accuracy.

The figures on the page come only from that file; the words around them (group names, the item
template) come from mkdocs.yml `extra.accuracy`. A test checks that page and file agree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

MARKER = "<!-- checker-accuracy -->"
PAGE = "about.md"
SUMMARY = Path(__file__).resolve().parents[2] / "docs" / "accuracy.json"


def percent(value: float) -> str:
    """0.9761 -> "97.6%"."""
    return f"{value * 100:.1f}%"


def render(record: dict[str, Any], words: dict[str, Any]) -> str:
    """The accuracy section: one list item per group (a list reads better than a wide table on a
    phone), in the order mkdocs.yml names the groups, then the sentence about the blind half."""
    lines = [words["intro"].format(date=record["measured"], messages=record["dataset"]["messages"]), ""]
    rows = {f"{row['label']}/{row['group']}": row for row in record["groups"]}
    for key, label in words["groups"].items():
        row = rows.get(key)
        if row is not None:
            values = {"group": label, "n": row["n"], "high_risk": percent(row["high_risk"])}
            lines.append("- " + words["item"].format(**values, flagged=percent(row["flagged"])))
    blind, tune = record["halves"]["blind"], record["halves"]["tune"]
    lines += [
        "",
        words["halves"].format(
            blind=blind["messages"],
            blind_news=percent(blind["news_scam_recall_flagged"]),
            tune_news=percent(tune["news_scam_recall_flagged"]),
            blind_sms=percent(blind["sms_scam_recall_flagged"]),
            tune_sms=percent(tune["sms_scam_recall_flagged"]),
        ),
    ]
    return "\n".join(lines)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri != PAGE:
        return markdown
    if MARKER not in markdown:
        raise PluginError(f"{PAGE} lost its {MARKER} marker: the accuracy figures have nowhere to go.")
    try:
        record = json.loads(SUMMARY.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PluginError(f"cannot read {SUMMARY}: run `make eval` on a machine with the development set") from exc
    return markdown.replace(MARKER, render(record, config.extra["accuracy"]))
